// hub_sync.cpp — the sync thread (hub_sync.h).
#include "hub_sync.h"

#include <algorithm>
#include <cerrno>
#include <chrono>

#ifdef __linux__
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "workshop/store.h"

namespace workshop::kiosk {

namespace {
constexpr double kPollSeconds = 1.0;    // at least one sync a second (NOTIFY wakes it sooner)
constexpr double kRetrySeconds = 3.0;   // after a failed connection
constexpr double kStatusSeconds = 2.0;  // how often the kiosks' overview is read
}  // namespace

// The screen comes first: when the sync thread and the UI thread both want the core (2 cores
// shared with a PostgreSQL and a second kiosk in a small room), the frame must not wait behind a
// pull. A batch thread never preempts another when it wakes, and nice 10 gives it a tenth of the
// UI thread's share; it still gets any core nobody else wants, so a sync is not starved. Named,
// so `top -H` and the tests can find it.
void run_below_screen(const char* name) {
#ifdef __linux__
    sched_param none{};
    none.sched_priority = 0;
    pthread_setschedparam(pthread_self(), SCHED_BATCH, &none);
    // Ten steps below the screen's own niceness (a kiosk started under `nice` stays ordered).
    const id_t self = static_cast<id_t>(gettid());
    errno = 0;
    const int own = getpriority(PRIO_PROCESS, self);  // -1 is also a valid niceness: errno tells
    setpriority(PRIO_PROCESS, self, std::min(19, (errno ? 0 : own) + kSyncThreadNice));  // this thread only (Linux)
    pthread_setname_np(pthread_self(), name);  // last: once found by its name, it already runs below
#endif
}

SessionOptions session_options(const KioskConfig& config) {
    SessionOptions options;
    options.kiosk_id = config.kiosk_name;
    options.hub = !config.hub.empty();
    return options;
}

HubSync::HubSync(std::string url, std::string password, std::string kiosk)
    : m_url(std::move(url)), m_password(std::move(password)), m_kiosk(std::move(kiosk)), m_thread([this] { run(); }) {}

HubSync::~HubSync() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void HubSync::follow(const std::string& db, std::int64_t session) {
    {
        std::lock_guard lock(m_mutex);
        if (!m_db.empty() && (m_db != db || m_session != session)) m_left.emplace_back(m_db, m_session);
        m_state.room_move.reset();
        m_db = db;
        m_session = session;
        m_poked = true;
        ++m_pokes;
    }
    m_wake.notify_all();
}

void HubSync::poke() {
    {
        std::lock_guard lock(m_mutex);
        m_poked = true;
        ++m_pokes;
    }
    m_wake.notify_all();
}

std::optional<RoomMove> HubSync::room_move() const {
    std::lock_guard lock(m_mutex);
    return m_state.room_move;
}

HubState HubSync::state() const {
    std::lock_guard lock(m_mutex);
    return m_state;
}

// Sleeps up to `seconds`: woken by a poke after the `seen`th, a NOTIFY from the hub, or the end.
// Only a new poke wakes it: a write the last attempt already tried to push must not make a dead
// hub's retries a busy loop (it took a core from the screen).
void HubSync::wait(std::unique_ptr<HubConnection>& hub, double seconds, std::uint64_t seen) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
        {
            std::unique_lock lock(m_mutex);
            if (m_stop || m_pokes != seen) return;
            if (!hub) {
                m_wake.wait_until(lock, until, [&] { return m_stop || m_pokes != seen; });
                return;
            }
        }
        if (hub->wait_for_rows(100)) return;  // a NOTIFY: another kiosk pushed
    }
}

void HubSync::sync_once(std::unique_ptr<HubConnection>& hub, std::unique_ptr<Store>& store, std::string& store_path) {
    std::string db;
    std::int64_t session = 0;
    std::string known_move;
    {
        std::lock_guard lock(m_mutex);
        db = m_db;
        session = m_session;
        m_poked = false;
        if (m_state.room_move) known_move = m_state.room_move->scenario_sha256;
    }
    if (db.empty()) return;
    if (!store || store_path != db) {
        auto opened = Store::open(db, Store::OpenMode::existing);
        if (!opened) {
            std::lock_guard lock(m_mutex);
            m_state.problem = opened.message();
            return;
        }
        store = std::move(*opened);
        store_path = db;
    }
    auto report = hub->sync(*store, session, m_kiosk);
    // The rows still waiting: counted by the sync itself at its end (each count reads the whole
    // session, 40 ms at 100k ballots: not twice per sync, which runs at each NOTIFY).
    auto waiting = report ? Outcome<std::int64_t>(static_cast<std::int64_t>(report->waiting)) : hub_rows_waiting(*store, session);
    // A move already found is not fetched again each second (its text can be long), even when
    // this kiosk cannot follow it.
    auto move = report ? hub->room_move(*store, session, known_move) : Outcome<std::optional<RoomMove>>(std::optional<RoomMove>{});
    std::lock_guard lock(m_mutex);
    m_state.connected = hub->alive();
    if (waiting) m_state.waiting = *waiting;
    if (!report) {
        m_state.problem = report.message();
        m_state.other_scenario = report.message().find(hub_other_scenario) != std::string::npos;
        return;
    }
    m_state.problem.clear();
    m_state.other_scenario = false;
    m_state.hub_session = report->hub_session;
    m_state.last_sync = Store::now();
    if (move && *move && db == m_db && session == m_session) m_state.room_move = **move;  // not if it moved meanwhile
}

// The sessions this kiosk left (another scenario loaded): their last rows, the switch itself
// above all, still go to the hub. Each is dropped once nothing of it waits.
void HubSync::push_left(HubConnection& hub) {
    std::vector<std::pair<std::string, std::int64_t>> left;
    {
        std::lock_guard lock(m_mutex);
        left = m_left;
    }
    for (const auto& [db, session] : left) {
        auto store = Store::open(db, Store::OpenMode::existing);
        if (!store) continue;
        auto report = hub.sync(**store, session, m_kiosk);
        if (!report || report->waiting > 0) continue;
        std::lock_guard lock(m_mutex);
        m_left.erase(std::remove(m_left.begin(), m_left.end(), std::make_pair(db, session)), m_left.end());
    }
}

void HubSync::connect(std::unique_ptr<HubConnection>& hub) {
    hub.reset();
    auto connected = HubConnection::connect(m_url, m_password);
    if (connected && (*connected)->listen()) hub = std::move(*connected);
    std::lock_guard lock(m_mutex);
    m_state.connected = hub != nullptr;
    if (!hub) m_state.problem = connected ? "the hub does not answer" : connected.message();
}

void HubSync::run() {
    run_below_screen(kSyncThreadName);
    std::unique_ptr<HubConnection> hub;
    std::unique_ptr<Store> store;
    std::string store_path;
    auto last_status = std::chrono::steady_clock::time_point{};
    for (;;) {
        bool stopping = false, poked = false;
        std::uint64_t pokes = 0;  // the pokes this round answers
        {
            std::lock_guard lock(m_mutex);
            stopping = m_stop;
            poked = m_poked;
            pokes = m_pokes;
        }
        if (stopping) {
            // The last visit leaves with the kiosk when it can: one more sync, bounded by the
            // hub's connect and statement timeouts, so a kiosk closed right after a voter does
            // not keep that visit to itself until its next start.
            if (poked && (!hub || !hub->alive())) connect(hub);
            if (poked && hub) {
                sync_once(hub, store, store_path);
                push_left(*hub);
            }
            return;
        }
        if (!hub || !hub->alive()) connect(hub);
        if (!hub) {
            wait(hub, kRetrySeconds, pokes);
            continue;
        }
        sync_once(hub, store, store_path);
        push_left(*hub);
        const auto now = std::chrono::steady_clock::now();
        if (now - last_status > std::chrono::duration<double>(kStatusSeconds)) {
            last_status = now;
            auto overview = hub->status();
            std::lock_guard lock(m_mutex);
            if (overview)
                for (const HubSessionStatus& s : *overview)
                    if (s.id == m_state.hub_session) m_state.kiosks = s.kiosks;
        }
        wait(hub, kPollSeconds, pokes);
    }
}

}  // namespace workshop::kiosk
