// hub_sync_test.cpp — the kiosk's sync thread (kiosk/hub_sync.h) toward a hub that is not there:
// it runs below the UI thread, and a dead hub is retried every few seconds, never in a busy loop
// (a spinning sync thread took a core from the screen). No PostgreSQL: a Unix socket that hangs
// up on every connection stands for a hub that does not answer, and counts the attempts.
#include <poll.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <sqlite3.h>

#include "hub_sync.h"
#include "session_reader.h"
#include "support/kiosk_harness.h"
#include "support/scenarios.h"
#include "support/temp_dir.h"

namespace {

using Clock = std::chrono::steady_clock;

// Listens where libpq looks for a server (host=DIR port=PORT: DIR/.s.PGSQL.PORT), accepts each
// connection and closes it at once: every attempt of the kiosk fails, and is counted.
class HangingUpHub {
public:
    explicit HangingUpHub(const std::string& dir) : m_url("host=" + dir + " port=5 dbname=none user=none") {
        m_fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
        REQUIRE(m_fd >= 0);
        sockaddr_un address{};
        address.sun_family = AF_UNIX;
        const std::string path = dir + "/.s.PGSQL.5";
        REQUIRE(path.size() < sizeof address.sun_path);
        path.copy(address.sun_path, path.size());
        REQUIRE(::bind(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(m_fd, 16) == 0);
        m_thread = std::thread([this] {
            while (!m_stop) {
                pollfd p{m_fd, POLLIN, 0};
                if (::poll(&p, 1, 20) <= 0) continue;
                const int client = ::accept(m_fd, nullptr, nullptr);
                if (client < 0) continue;
                ++m_attempts;
                ::close(client);
            }
        });
    }
    ~HangingUpHub() {
        m_stop = true;
        m_thread.join();
        ::close(m_fd);
    }
    const std::string& url() const { return m_url; }
    int attempts() const { return m_attempts; }
    // Waits up to `seconds` for more than `n` attempts.
    bool more_than(int n, double seconds) const {
        const auto until = Clock::now() + std::chrono::duration<double>(seconds);
        while (m_attempts <= n && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        return m_attempts > n;
    }

private:
    std::string m_url;
    int m_fd = -1;
    std::atomic<int> m_attempts{0};
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
};

// The thread id of this process's thread called `name`, or 0 (after up to 5 s).
pid_t thread_named(const std::string& name) {
    const auto until = Clock::now() + std::chrono::seconds(5);
    while (Clock::now() < until) {
        for (const auto& task : std::filesystem::directory_iterator("/proc/self/task")) {
            std::string comm;
            std::getline(std::ifstream(task.path() / "comm"), comm);
            if (comm == name) return static_cast<pid_t>(std::stol(task.path().filename().string()));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return 0;
}

}  // namespace

TEST_CASE("the sync thread runs below the UI thread: a batch thread at nice 10", "[hub]") {
    test::TempDir dir;
    const int ui_nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));  // 0, or more under `nice`
    workshop::kiosk::HubSync link("host=" + dir.path() + " port=1 dbname=none user=none", "", "kiosk-a");  // a stopped hub
    const pid_t tid = thread_named(workshop::kiosk::kSyncThreadName);
    REQUIRE(tid != 0);
    CHECK(tid != ::gettid());
    CHECK(::sched_getscheduler(tid) == SCHED_BATCH);
    CHECK(::getpriority(PRIO_PROCESS, static_cast<id_t>(tid)) == std::min(19, ui_nice + 10));
    // Only that thread: the UI thread (this one) keeps the normal policy and priority.
    CHECK(::sched_getscheduler(0) == SCHED_OTHER);
    CHECK(::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid())) == ui_nice);
}

TEST_CASE("a hub that hangs up is retried every few seconds, and at once after a new write, never in a loop", "[hub]") {
    test::TempDir dir;
    HangingUpHub hub(dir.path());
    workshop::kiosk::HubSync link(hub.url(), "", "kiosk-a");
    link.follow(dir / "kiosk.db", 1);  // as the App does at start: a write to push
    REQUIRE(hub.more_than(0, 5));      // the first attempt
    std::this_thread::sleep_for(std::chrono::milliseconds(1500));
    // The follow's write was tried once: no new attempt before the retry after 3 s (the old
    // thread tried again at once, forever: hundreds of attempts a second).
    CHECK(hub.attempts() <= 2);
    CHECK_FALSE(link.state().connected);
    CHECK_FALSE(link.state().problem.empty());

    // A voter's cast (a poke) tries again at once, once.
    const int before = hub.attempts();
    link.poke();
    CHECK(hub.more_than(before, 1.2));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    CHECK(hub.attempts() <= before + 2);
}

// --- the session reader (kiosk/session_reader.h) ------------------------------------------------

TEST_CASE("the session reader runs below the UI thread, as the sync thread does", "[hub]") {
    kiosk_test::TempDir dir;
    auto session = workshop::Session::open(dir / "reader.db", test::scenario());
    REQUIRE(session.ok());
    auto reader = (*session)->open_reader();
    REQUIRE(reader.ok());
    const int ui_nice = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
    workshop::kiosk::SessionReader thread(std::move(*reader));
    const pid_t tid = thread_named(workshop::kiosk::kReaderThreadName);
    REQUIRE(tid != 0);
    CHECK(tid != ::gettid());
    CHECK(::sched_getscheduler(tid) == SCHED_BATCH);
    CHECK(::getpriority(PRIO_PROCESS, static_cast<id_t>(tid)) == std::min(19, ui_nice + 10));
}

// Freeing the snapshot a frame lets go of (maps of results, groups and labels) cost that frame
// more than the rest of taking in an arrival: the reader frees it on its own thread.
TEST_CASE("the frame that adopts a snapshot never frees the one before: the reader does", "[hub]") {
    kiosk_test::TempDir dir;
    auto session = workshop::Session::open(dir / "reader.db", test::scenario());
    REQUIRE(session.ok());
    auto other = workshop::Session::open(dir / "reader.db", test::scenario());
    REQUIRE(other.ok());
    auto reader = (*session)->open_reader();
    REQUIRE(reader.ok());
    workshop::kiosk::SessionReader thread(std::move(*reader), 0.01);
    const auto adopt_next = [&] {  // as App::frame does, once the reader has a new snapshot
        const auto until = Clock::now() + std::chrono::seconds(20);
        std::shared_ptr<const workshop::SessionSnapshot> snapshot;
        while (!(snapshot = thread.take()) && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        REQUIRE(snapshot);
        std::weak_ptr<const workshop::SessionSnapshot> adopted = snapshot;
        REQUIRE((*session)->adopt(std::move(snapshot)));
        return adopted;
    };
    const std::weak_ptr<const workshop::SessionSnapshot> first = adopt_next();
    REQUIRE((*other)->cast_visit(test::visit("elsewhere-1")));
    const std::weak_ptr<const workshop::SessionSnapshot> second = adopt_next();
    CHECK(second.lock()->visits == 1);
    CHECK((*session)->visit_count() == 1);
    CHECK_FALSE(first.expired());  // let go of by the session, not freed by this thread
    // The reader frees it before its next snapshot, this thread doing nothing.
    REQUIRE((*other)->cast_visit(test::visit("elsewhere-2")));
    const auto until = Clock::now() + std::chrono::seconds(20);
    while (!first.expired() && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(first.expired());
    CHECK_FALSE(second.expired());  // still the session's
}

// With a hub (here a stopped one), another kiosk's rows reach the file through the sync thread:
// the screen shows them, read and tallied by the reader, as a fresh reading of the file has them.
TEST_CASE("a kiosk with a hub shows what another connection wrote, read off the UI thread", "[hub]") {
    kiosk_test::TempDir hub_dir;
    workshop::kiosk::AppConfig config;
    config.kiosk.hub = "host=" + hub_dir.path() + " port=1 dbname=none user=none";
    config.kiosk.kiosk_name = "kiosk-b";
    kiosk_test::Kiosk kiosk(test::scenario_text(), {1280, 800}, config);
    auto other = workshop::Session::open(kiosk.db_path(), test::scenario());
    REQUIRE(other.ok());
    REQUIRE((*other)->id() == kiosk.session().id());
    // Frames on the wall clock until the screen has `visits` (the reader polls every 0.1 s).
    const auto frames_until = [&](int visits) {
        const auto until = Clock::now() + std::chrono::seconds(20);
        while (kiosk.session().visit_count() < visits && Clock::now() < until) {
            kiosk.headless().frame({});
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        return kiosk.session().visit_count();
    };
    REQUIRE((*other)->cast_visit(test::visit("elsewhere-first")));
    REQUIRE(frames_until(1) == 1);
    // From now on the UI thread's own connection runs no statement at all: not even the check
    // for other writers (PRAGMA data_version), let alone reading and tallying what came.
    std::atomic<int> statements{0};
    sqlite3* ui_connection = workshop::detail::handle_of(workshop::detail::store_of(kiosk.session()));
    sqlite3_trace_v2(ui_connection, SQLITE_TRACE_STMT, [](unsigned, void* count, void*, void*) {
        ++*static_cast<std::atomic<int>*>(count);
        return 0;
    }, &statements);
    REQUIRE((*other)->set_revealed("themes", true));
    for (int i = 0; i < 24; ++i) REQUIRE((*other)->cast_visit(test::visit("elsewhere-" + std::to_string(i), i % 2 ? "council" : "")));
    CHECK(frames_until(25) == 25);
    CHECK(statements == 0);
    sqlite3_trace_v2(ui_connection, 0, nullptr, nullptr);
    CHECK(kiosk.session().revealed("themes"));
    auto fresh = workshop::Session::open(kiosk.db_path(), test::scenario());
    REQUIRE(fresh.ok());
    for (const char* step : {"themes", "agenda", "ideas"}) {
        const workshop::StepResult shown = kiosk.session().results(step), counted = (*fresh)->results(step);
        CHECK(shown.ballots == counted.ballots);
        REQUIRE(shown.rows.size() == counted.rows.size());
        for (std::size_t r = 0; r < shown.rows.size(); ++r) {
            CHECK(shown.rows[r].option == counted.rows[r].option);
            CHECK(shown.rows[r].score == counted.rows[r].score);
        }
    }
}
