// hub_bench — the hub's side of `make bench` (run_bench.py, part `hub`), against a PostgreSQL the
// script starts. Each mode prints one line of key=value pairs.
//
//   bench_hub freshness URL SCENARIO DIR N
//       kiosks A and B (each a Session and the kiosk's own sync thread, HubSync) on one hub:
//       a visit cast at A, then the time until B's SQLite file holds it; N visits, one at a time.
//   bench_hub push URL FILE...
//       one thread per file, all at once, each pushing session 1 of its file as kiosk
//       bench-<i> (HubConnection::push: no pull); the time until the last is done.
//   bench_hub frames URL SCENARIO DB SCREEN BUSY SECONDS ROUNDS [FILE...]
//       the headless kiosk (App + HeadlessKiosk, frames paced at 60 per second on the wall
//       clock) on DB with the hub at URL, showing SCREEN (`vote`: the first screen of a visit;
//       `results`: the revealed results of the first step). Each round has a quiet and a busy
//       window, interleaved so that the machine's drift hits both alike. BUSY: `burst` (another
//       kiosk pushes the round's FILE; the busy window lasts until this kiosk's screen has it
//       all, the quiet one as long), `trickle` (another kiosk casts 10 visits a second in the
//       busy windows of SECONDS, and nothing in the quiet ones), or `nohub` (the busy window is
//       the same screen of a new App given URL, a dead hub; the quiet one of a new App without).
//       Prints per round the longest frame of each window: net of the UI thread's waits for a
//       CPU held by other threads (Linux schedstat; time blocked still counts), and raw (wall
//       time, UI-thread CPU time, frames in which the UI thread blocked). WORKSHOP_BENCH_SLOW
//       (sleep:MS or spin:MS) slows each frame that took in an arrival: the rows can fail.
//   bench_hub arrivals SCENARIO DB SCREEN N
//       no hub: what the UI thread does when another connection adds a visit to DB, as the sync
//       thread does for each pulled ballot. The kiosk shows SCREEN (`results`, or `facilitator`:
//       facilitator mode's home); N times another Session on DB casts a visit and the kiosk
//       draws until it noticed (frames on the simulated clock, not paced). Prints the UI-thread
//       CPU time (ms) of the frames that noticed an arrival against the others, and checks that
//       the screen shows the count of a fresh tally after the last arrival. With `reader`, as with
//       a hub: the session reader's thread reads and tallies, the frame adopts its snapshot.
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <future>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app.h"
#include "facilitator_mode.h"
#include "headless.h"
#include "hub_sync.h"
#include "workshop/hub.h"
#include "workshop/session.h"
#include "workshop/store.h"

namespace {

using namespace workshop;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

int fail(const std::string& message) {
    std::fprintf(stderr, "bench_hub: %s\n", message.c_str());
    return 1;
}

std::unique_ptr<Session> open_session(const std::string& db, const Scenario& scenario, const std::string& kiosk) {
    SessionOptions options;
    options.kiosk_id = kiosk;
    options.hub = true;
    auto opened = Session::open(db, scenario, options);
    if (!opened) {
        std::fprintf(stderr, "bench_hub: %s\n", opened.message().c_str());
        return nullptr;
    }
    return std::move(*opened);
}

// One visit of a dot vote: a dot on one option, a role, a language.
Status cast_one(Session& session, int n) {
    const Scenario& s = session.scenario();
    const Step& step = s.steps.front();
    Ballot ballot;
    ballot.visit = session.new_visit_id();
    ballot.step = step.id;
    ballot.role = s.roles.empty() ? "" : s.roles[static_cast<std::size_t>(n) % s.roles.size()].id;
    ballot.language = s.default_language();
    ballot.marks.push_back({step.options[static_cast<std::size_t>(n) % step.options.size()].id, 1});
    return session.cast_visit(std::vector<Ballot>{ballot});
}

int ballots_in(Store& store, std::int64_t session, const std::string& step) {
    auto counts = store.ballot_counts(session, step);
    int n = 0;
    if (counts)
        for (const auto& [role, count] : *counts) n += count;
    return n;
}

// Until both sync threads have joined the same hub session (or `seconds` pass).
bool wait_linked(const std::vector<const kiosk::HubSync*>& links, double seconds) {
    const auto t0 = Clock::now();
    while (seconds_since(t0) < seconds) {
        bool all = true;
        for (const kiosk::HubSync* link : links) {
            const kiosk::HubState state = link->state();
            all = all && state.hub_session != 0 && state.waiting == 0 && !state.last_sync.empty();
        }
        if (all) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

int freshness(const std::string& url, const Scenario& scenario, const std::string& dir, int n) {
    auto a = open_session(dir + "/fresh-a.db", scenario, "bench-a");
    auto b = open_session(dir + "/fresh-b.db", scenario, "bench-b");
    if (!a || !b) return 1;
    kiosk::HubSync link_a(url, "", "bench-a"), link_b(url, "", "bench-b");
    link_a.follow(a->database_path(), a->id());
    link_b.follow(b->database_path(), b->id());
    if (!wait_linked({&link_a, &link_b}, 30)) return fail("the kiosks did not reach the hub: " + link_a.state().problem + link_b.state().problem);
    auto replica = Store::open(b->database_path(), Store::OpenMode::existing);
    if (!replica) return fail(replica.message());
    const std::string step = scenario.steps.front().id;
    std::vector<double> ms;
    for (int i = 0; i < n; ++i) {
        const int before = ballots_in(**replica, b->id(), step);
        if (Status cast = cast_one(*a, i); !cast) return fail(cast.message);
        const auto committed = Clock::now();
        link_a.poke();  // as the App does after a cast
        while (ballots_in(**replica, b->id(), step) == before) {
            if (seconds_since(committed) > 30) return fail("a ballot cast at A did not reach B in 30 s");
            std::this_thread::sleep_for(std::chrono::microseconds(500));
        }
        ms.push_back(seconds_since(committed) * 1000);
        // Voters come one after another, not all in one millisecond: 20..70 ms apart.
        std::this_thread::sleep_for(std::chrono::milliseconds(20 + (i * 37) % 50));
    }
    std::printf("n=%d p50_ms=%.1f p95_ms=%.1f max_ms=%.1f\n", n, percentile(ms, 0.5), percentile(ms, 0.95),
                percentile(ms, 1.0));
    return 0;
}

int push(const std::string& url, const std::vector<std::string>& files) {
    std::vector<std::unique_ptr<HubConnection>> hubs;
    std::vector<std::unique_ptr<Store>> stores;
    for (const std::string& file : files) {  // connected and opened before the clock starts
        auto hub = HubConnection::connect(url);
        if (!hub) return fail(hub.message());
        auto store = Store::open(file, Store::OpenMode::existing);
        if (!store) return fail(store.message());
        hubs.push_back(std::move(*hub));
        stores.push_back(std::move(*store));
    }
    std::vector<std::size_t> pushed(files.size());
    std::vector<std::string> problems(files.size());
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < files.size(); ++i)
        threads.emplace_back([&, i] {
            auto report = hubs[i]->push(*stores[i], 1, "bench-" + std::to_string(i));
            if (report) pushed[i] = report->pushed;
            else problems[i] = report.message();
        });
    for (std::thread& t : threads) t.join();
    const double seconds = seconds_since(t0);
    std::size_t rows = 0;
    for (std::size_t i = 0; i < files.size(); ++i) {
        if (!problems[i].empty()) return fail(files[i] + ": " + problems[i]);
        rows += pushed[i];
    }
    std::printf("kiosks=%zu rows=%zu seconds=%.3f\n", files.size(), rows, seconds);
    return 0;
}

double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

// Times the UI thread gave up the CPU by itself (blocked: a lock, a socket, a sleep).
long voluntary_switches() {
    rusage usage{};
    getrusage(RUSAGE_THREAD, &usage);
    return usage.ru_nvcsw;
}

// How long the calling thread has sat runnable, waiting for a CPU that another thread held
// (Linux: the second field of /proc/self/task/<tid>/schedstat, in ns). Time blocked on a lock,
// a socket, the disk or a sleep is not in it. Made on the thread it measures.
class RunQueueWait {
public:
    RunQueueWait() {
        const std::string path = "/proc/self/task/" + std::to_string(syscall(SYS_gettid)) + "/schedstat";
        m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (m_fd >= 0 && read_ms() < 0) {
            ::close(m_fd);
            m_fd = -1;
        }
    }
    ~RunQueueWait() {
        if (m_fd >= 0) ::close(m_fd);
    }
    RunQueueWait(const RunQueueWait&) = delete;
    RunQueueWait& operator=(const RunQueueWait&) = delete;
    bool available() const { return m_fd >= 0; }
    double ms() const { return m_fd >= 0 ? std::max(0.0, read_ms()) : 0.0; }  // 0 when unavailable

private:
    double read_ms() const {
        char text[128];
        const ssize_t n = ::pread(m_fd, text, sizeof text - 1, 0);
        if (n <= 0) return -1;
        text[n] = '\0';
        unsigned long long on_cpu = 0, waited = 0;
        if (std::sscanf(text, "%llu %llu", &on_cpu, &waited) != 2) return -1;
        return static_cast<double>(waited) / 1e6;
    }
    int m_fd = -1;
};

// The deliberate slowdown that shows the frame rows can fail (run_bench.py --slow-arrival):
// WORKSHOP_BENCH_SLOW=sleep:MS (the UI thread waits, as on the sync thread's lock or the network)
// or spin:MS (it computes), inside the measured frame, once per arrival from the hub. Only this
// bench program reads it: the kiosk itself has no such hook.
struct Slowdown {
    double ms = 0;
    bool spin = false;

    static Slowdown from_environment() {
        Slowdown slow;
        const char* spec = std::getenv("WORKSHOP_BENCH_SLOW");
        if (!spec || !*spec) return slow;
        const std::string text(spec);
        const std::size_t colon = text.find(':');
        slow.spin = text.compare(0, colon, "spin") == 0;
        slow.ms = colon == std::string::npos ? 0 : std::atof(text.c_str() + colon + 1);
        return slow;
    }
    void apply() const {
        if (ms <= 0) return;
        const auto until = Clock::now() + std::chrono::duration<double, std::milli>(ms);
        if (!spin) return std::this_thread::sleep_until(until);
        while (Clock::now() < until) {
        }
    }
};

// The longest frame of a window. `net` is what the row compares: the frame's wall time less the
// time the UI thread sat runnable while other threads held the CPUs (this shared machine's other
// programs); time it blocked (a lock, I/O, the network, a sleep) still counts, and so does its
// CPU time. The longest wall time and CPU time are kept for the notes.
struct Longest {
    double net = 0, wall = 0, cpu = 0;
    double queued = 0;  // the run-queue wait inside the frame of the longest wall time
    double queued_sum = 0, queued_max = 0;  // of all the window's frames: what `net` left out
    int blocked = 0;    // frames in which the UI thread blocked
    int frames = 0, arrivals = 0;
    double seconds = 0;  // the window's length
};

// Frames paced at 60 a second on the wall clock, each measured (Longest); the pace carries on
// across windows, so a window starts like any other frame.
class Pacer {
public:
    explicit Pacer(Slowdown slow) : m_slow(slow), m_next(Clock::now()) {}
    bool has_run_queue() const { return m_queue.available(); }

    // Frames for `seconds`, or until `done()` (checked between frames) when given; `arrived()`
    // says, after each frame, whether it took in something from the hub (then the slowdown).
    Longest run(kiosk::HeadlessKiosk& kiosk, double seconds, const std::function<bool()>& arrived,
                const std::function<bool()>& done = {}) {
        const auto period = std::chrono::microseconds(16667);
        const auto t0 = Clock::now();
        Longest longest;
        while (seconds_since(t0) < seconds && !(done && done())) {
            const long switches = voluntary_switches();
            const double queued = m_queue.ms(), cpu = thread_cpu_ms();
            const auto start = Clock::now();
            kiosk.frame({});
            const bool arrival = arrived && arrived();
            if (arrival) m_slow.apply();
            const double wall = seconds_since(start) * 1000, waited = m_queue.ms() - queued;
            longest.net = std::max(longest.net, wall - waited);
            longest.queued_sum += waited;
            longest.queued_max = std::max(longest.queued_max, waited);
            if (wall > longest.wall) {
                longest.wall = wall;
                longest.queued = waited;
            }
            longest.cpu = std::max(longest.cpu, thread_cpu_ms() - cpu);
            if (voluntary_switches() != switches) ++longest.blocked;
            ++longest.frames;
            longest.arrivals += arrival;
            m_next += period;
            const auto now = Clock::now();
            if (m_next < now) m_next = now;
            std::this_thread::sleep_until(m_next);
        }
        longest.seconds = seconds_since(t0);
        return longest;
    }

private:
    RunQueueWait m_queue;  // the UI thread's (the Pacer is made and run on it)
    Slowdown m_slow;
    Clock::time_point m_next;
};

// One round's line: the quiet and the busy window side by side.
void print_round(int round, const Longest& quiet, const Longest& busy, bool run_queue, const std::string& extra = {}) {
    std::printf("round=%d quiet_ms=%.3f busy_ms=%.3f quiet_wall_ms=%.3f busy_wall_ms=%.3f quiet_cpu_ms=%.3f busy_cpu_ms=%.3f"
                " quiet_queued_ms=%.3f busy_queued_ms=%.3f quiet_queued_sum_ms=%.3f busy_queued_sum_ms=%.3f"
                " quiet_queued_max_ms=%.3f busy_queued_max_ms=%.3f quiet_blocked=%d busy_blocked=%d quiet_frames=%d busy_frames=%d"
                " busy_arrivals=%d quiet_arrivals=%d schedstat=%d%s\n",
                round, quiet.net, busy.net, quiet.wall, busy.wall, quiet.cpu, busy.cpu, quiet.queued, busy.queued, quiet.queued_sum,
                busy.queued_sum, quiet.queued_max, busy.queued_max, quiet.blocked,
                busy.blocked, quiet.frames, busy.frames, busy.arrivals, quiet.arrivals, run_queue ? 1 : 0, extra.c_str());
    std::fflush(stdout);
}

// The screen to measure, reached through the same intents a voter or facilitator gives. The
// results as a facilitator puts them on the shared screen: the idle reset leaves them alone.
bool show(kiosk::App& app, kiosk::HeadlessKiosk& kiosk, Session& session, const std::string& screen) {
    kiosk.frame({});
    if (screen == "results") {
        const std::string step = session.scenario().steps.front().id;
        if (!session.revealed(step) && !session.set_revealed(step, true)) return false;
        app.apply(kiosk::Intent::run([step](kiosk::App& a) { a.facilitator().show_results(a, step); }));
        for (int i = 0; i < 30; ++i) kiosk.frame({});
        return app.screen() == kiosk::ScreenId::results;
    }
    app.apply(kiosk::Intent::of(kiosk::IntentKind::start));
    for (int i = 0; i < 30; ++i) kiosk.frame({});
    return app.screen() != kiosk::ScreenId::attract;
}

// Another kiosk of the session: pushes a whole file at once (burst), or casts 10 visits a
// second and syncs each (trickle, paused and resumed by set_casting), on its own thread until stop().
class OtherKiosk {
public:
    OtherKiosk(std::string url, const Scenario& scenario, std::string dir) : m_url(std::move(url)), m_scenario(scenario), m_dir(std::move(dir)) {}
    ~OtherKiosk() { stop(); }
    void burst(const std::string& file) {
        m_thread = std::thread([this, file] {
            auto hub = HubConnection::connect(m_url);
            auto store = Store::open(file, Store::OpenMode::existing);
            if (!hub || !store) return;
            auto report = (*hub)->push(**store, 1, "bench-other");
            if (!report) std::fprintf(stderr, "bench_hub: burst: %s\n", report.message().c_str());
        });
    }
    // Returns once that kiosk has joined and pulled the session (not measured); it casts only
    // while set_casting(true).
    bool trickle() {
        std::promise<bool> ready;
        auto linked = ready.get_future();
        m_thread = std::thread([this, &ready] {
            auto session = open_session(m_dir + "/other.db", m_scenario, "bench-other");
            if (!session) return ready.set_value(false);
            kiosk::HubSync link(m_url, "", "bench-other");
            link.follow(session->database_path(), session->id());
            ready.set_value(wait_linked({&link}, 600));
            auto next = Clock::now();
            for (int i = 0; !m_stop;) {
                if (!m_casting) {
                    std::this_thread::sleep_for(std::chrono::milliseconds(10));
                    next = Clock::now();
                    continue;
                }
                std::this_thread::sleep_until(next);
                next += std::chrono::milliseconds(100);
                if (!m_casting) continue;
                if (Status cast = cast_one(*session, i++); !cast) std::fprintf(stderr, "bench_hub: trickle: %s\n", cast.message.c_str());
                else ++m_cast;
                link.poke();
            }
        });
        return linked.get();
    }
    void set_casting(bool casting) { m_casting = casting; }
    int cast_since() { return m_cast.exchange(0); }  // visits cast since the last call
    void stop() {
        m_stop = true;
        if (m_thread.joinable()) m_thread.join();
        m_stop = false;
    }

private:
    std::string m_url;
    const Scenario& m_scenario;
    std::string m_dir;
    std::atomic<bool> m_stop{false}, m_casting{false};
    std::atomic<int> m_cast{0};
    std::thread m_thread;
};

kiosk::AppConfig config_with_hub(const std::string& url, const std::string& name) {
    kiosk::AppConfig config;
    config.kiosk.hub = url;
    config.kiosk.kiosk_name = name;
    return config;
}

constexpr double kSettleSeconds = 0.5;  // unmeasured frames between windows: what was in flight lands

// After each frame: did the kiosk take in something the sync thread pulled (Session::changes moved)?
std::function<bool()> arrival_of(const Session& session) {
    return [&session, seen = session.changes()]() mutable {
        const bool moved = session.changes() != seen;
        seen = session.changes();
        return moved;
    };
}

// A dead hub: the quiet window without a hub, the busy one with `url` (which never answers), each
// a new App, in alternating order. "Arrivals" there: once a second with a hub (what a UI thread
// that asked the hub itself would pay), for the slowdown.
int frames_dead_hub(const std::string& url, Session& session, const std::string& screen, double seconds, int rounds) {
    Pacer pacer(Slowdown::from_environment());
    for (int r = 0; r < rounds; ++r) {
        Longest longest[2];
        for (int k = 0; k < 2; ++k) {
            const int with_hub = r % 2 == 0 ? k : 1 - k;
            kiosk::App app(session, with_hub ? config_with_hub(url, "bench-b") : kiosk::AppConfig{});
            kiosk::HeadlessKiosk kiosk(app, ImVec2(1920, 1080));
            if (!show(app, kiosk, session, screen)) return fail("the kiosk did not reach the screen " + screen);
            pacer.run(kiosk, kSettleSeconds, {});
            int frame = 0;
            longest[with_hub] = pacer.run(kiosk, seconds, [&] { return with_hub && ++frame % 60 == 0; });
            if (with_hub && app.hub()->state().connected) return fail("the dead hub answered");
        }
        print_round(r, longest[0], longest[1], pacer.has_run_queue());
    }
    return 0;
}

// Ballots of the first step as the kiosk's screen has them (cheap: the adopted snapshot).
int shown_ballots(const Session& session, const std::string& step) {
    int n = 0;
    for (const auto& [role, count] : session.ballot_counts(step)) n += count;
    return n;
}

// A burst per round: the busy window lasts from the other kiosk's push until this kiosk's screen
// has every ballot of it, the quiet window as long, after it has settled.
int frames_burst(kiosk::HeadlessKiosk& kiosk, Session& session, OtherKiosk& other, Store& replica,
                 const std::vector<std::string>& files, int rounds) {
    const std::string step = session.scenario().steps.front().id;
    Pacer pacer(Slowdown::from_environment());
    if (files.size() < static_cast<std::size_t>(rounds)) return fail("burst: one FILE per round");
    for (int r = 0; r < rounds; ++r) {
        auto source = Store::open(files[static_cast<std::size_t>(r)], Store::OpenMode::existing);
        if (!source) return fail(source.message());
        const int before = ballots_in(replica, session.id(), step);
        const int expected = shown_ballots(session, step) + ballots_in(**source, 1, step);
        other.burst(files[static_cast<std::size_t>(r)]);
        const Longest busy = pacer.run(kiosk, 120, arrival_of(session), [&] { return shown_ballots(session, step) >= expected; });
        other.stop();
        const int pulled = ballots_in(replica, session.id(), step) - before;
        pacer.run(kiosk, kSettleSeconds, {});
        const Longest quiet = pacer.run(kiosk, busy.seconds, arrival_of(session));
        print_round(r, quiet, busy, pacer.has_run_queue(), " pulled=" + std::to_string(pulled));
        if (shown_ballots(session, step) < expected) return fail("burst: the screen did not get every ballot in 120 s");
    }
    return 0;
}

// Another kiosk casting 10 visits a second in the busy windows, silent in the quiet ones; the
// two alternate (quiet first in even rounds, busy first in odd ones), each after a settle.
int frames_trickle(kiosk::App& app, kiosk::HeadlessKiosk& kiosk, Session& session, OtherKiosk& other, Store& replica,
                   const std::string& screen, double seconds, int rounds) {
    const std::string step = session.scenario().steps.front().id;
    Pacer pacer(Slowdown::from_environment());
    if (!other.trickle()) return fail("the other kiosk did not join the session");
    const int start = shown_ballots(session, step);
    int cast = 0;  // by the other kiosk so far
    // Before a quiet window: until the screen has every visit cast (at most 10 s), then a settle.
    const auto caught_up = [&] {
        other.set_casting(false);
        cast += other.cast_since();
        pacer.run(kiosk, 10, {}, [&] { return shown_ballots(session, step) >= start + cast; });
        pacer.run(kiosk, kSettleSeconds, {});
    };
    for (int r = 0; r < rounds; ++r) {
        Longest longest[2];
        const int before = ballots_in(replica, session.id(), step), cast_before = cast;
        for (int k = 0; k < 2; ++k) {
            const int busy = r % 2 == 0 ? k : 1 - k;
            if (busy) {
                other.set_casting(true);
                pacer.run(kiosk, kSettleSeconds, {});
            } else {
                caught_up();
            }
            longest[busy] = pacer.run(kiosk, seconds, arrival_of(session));
        }
        caught_up();
        const int pulled = ballots_in(replica, session.id(), step) - before;
        if (screen == "results" && app.screen() != kiosk::ScreenId::results) return fail("the kiosk left the screen while measuring");
        print_round(r, longest[0], longest[1], pacer.has_run_queue(),
                    " pulled=" + std::to_string(pulled) + " cast_elsewhere=" + std::to_string(cast - cast_before));
    }
    other.stop();
    return 0;
}

int frames(const std::string& url, const Scenario& scenario, const std::string& db, const std::string& screen,
           const std::string& busy, double seconds, int rounds, const std::vector<std::string>& files) {
    auto session = open_session(db, scenario, "bench-b");
    if (!session) return 1;
    if (busy == "nohub") return frames_dead_hub(url, *session, screen, seconds, rounds);
    kiosk::App app(*session, config_with_hub(url, "bench-b"));
    kiosk::HeadlessKiosk kiosk(app, ImVec2(1920, 1080));
    // Its own rows on the hub and the others' pulled first: only then is the screen "idle".
    if (!wait_linked({app.hub()}, 600)) return fail("the kiosk did not sync: " + app.hub()->state().problem);
    if (!show(app, kiosk, *session, screen)) return fail("the kiosk did not reach the screen " + screen);
    OtherKiosk other(url, scenario, db.substr(0, db.rfind('/')));
    auto replica = Store::open(db, Store::OpenMode::existing);  // what the sync thread pulled
    if (!replica) return fail(replica.message());
    return busy == "burst" ? frames_burst(kiosk, *session, other, **replica, files, rounds)
                           : frames_trickle(app, kiosk, *session, other, **replica, screen, seconds, rounds);
}

// The facilitator's home screen, through the PIN pad as a facilitator would.
bool enter_facilitator(kiosk::App& app, kiosk::HeadlessKiosk& kiosk) {
    kiosk.frame({});
    app.apply(kiosk::Intent::run([](kiosk::App& a) { a.facilitator().open_pin(a, a.screen()); }));
    kiosk.frame({});
    app.apply(kiosk::Intent::run([&kiosk](kiosk::App& a) {
        for (char digit : std::string("2468")) a.facilitator().type_digit(digit);
        a.facilitator().submit_pin(a, kiosk.now());
    }));
    for (int i = 0; i < 30; ++i) kiosk.frame({});
    return app.screen() == kiosk::ScreenId::facilitator_home;
}

double median(std::vector<double> v) { return percentile(std::move(v), 0.5); }

int arrivals(const Scenario& scenario, const std::string& db, const std::string& screen, int n, bool reader) {
    auto session = open_session(db, scenario, "bench-b");
    auto other = open_session(db, scenario, "bench-other");
    if (!session || !other) return 1;
    // `reader`: as with a hub, the session reader's thread reads and tallies; the frame adopts
    // its snapshot (a hub that never answers: only the reader matters here).
    kiosk::AppConfig config = reader ? config_with_hub("host=/nonexistent port=1 dbname=none user=none", "bench-b") : kiosk::AppConfig{};
    config.kiosk.pin = "2468";
    kiosk::App app(*session, config);
    kiosk::HeadlessKiosk kiosk(app, ImVec2(1920, 1080));
    const bool shown = screen == "facilitator" ? enter_facilitator(app, kiosk) : show(app, kiosk, *session, screen);
    if (!shown) return fail("the kiosk did not reach the screen " + screen);
    std::vector<double> noticed, quiet;
    auto counted = Store::open(db, Store::OpenMode::existing);
    if (!counted) return fail(counted.message());
    auto visits_before = (*counted)->visit_count(session->id());
    if (!visits_before) return fail(visits_before.message());
    for (int i = 0; i < n; ++i) {
        if (Status cast = cast_one(*other, i); !cast) return fail(cast.message);
        const std::uint64_t before = session->changes();
        // Unpaced frames. The reader looks every 0.1 s, so with it the frames wait a little
        // between, until the screen's counts have this visit (a snapshot may predate it).
        const int expected = i + 1 + *visits_before;
        const auto t0 = Clock::now();
        const auto waiting = [&] { return reader ? session->visit_count() < expected : session->changes() == before; };
        for (int f = 0; (f < 60 || (reader && seconds_since(t0) < 2)) && waiting(); ++f) {
            const std::uint64_t changes = session->changes();
            const double cpu = thread_cpu_ms();
            kiosk.frame({});
            (session->changes() == changes ? quiet : noticed).push_back(thread_cpu_ms() - cpu);
            if (reader) std::this_thread::sleep_for(std::chrono::milliseconds(2));
        }
        if (waiting()) return fail("the kiosk did not notice a visit cast elsewhere in time");
        for (int f = 0; f < 3; ++f) {  // the frames after: the screen's own caches refilled
            const double cpu = thread_cpu_ms();
            kiosk.frame({});
            quiet.push_back(thread_cpu_ms() - cpu);
        }
    }
    if (screen == "results" && app.screen() != kiosk::ScreenId::results) return fail("the kiosk left the screen while measuring");
    // No stale number: what the kiosk shows equals a count over the whole file, made afresh.
    auto fresh = Store::open(db, Store::OpenMode::existing);
    if (!fresh) return fail(fresh.message());
    const std::string step = scenario.steps.front().id;
    const auto visits = (*fresh)->visit_count(session->id());
    const auto counts = (*fresh)->ballot_counts(session->id(), step);
    if (!visits || !counts || *visits != session->visit_count() || *counts != session->ballot_counts(step) ||
        ballots_in(**fresh, session->id(), step) != session->results(step).ballots)
        return fail("the kiosk's counts differ from a fresh count: visits " + std::to_string(session->visit_count()) + " against " +
                    std::to_string(visits ? *visits : -1) + ", ballots " + std::to_string(session->results(step).ballots) +
                    " against " + std::to_string(ballots_in(**fresh, session->id(), step)));
    std::printf("arrivals=%d noticed_median_ms=%.3f noticed_max_ms=%.3f other_median_ms=%.3f other_max_ms=%.3f\n", n,
                median(noticed), percentile(noticed, 1.0), median(quiet), percentile(quiet, 1.0));
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    const std::string mode = args.empty() ? "" : args[0];
    auto scenario_at = [&](std::size_t i) -> std::optional<Scenario> {
        ScenarioLoad load = load_scenario_file(args[i]);
        if (!load.ok()) {
            std::fprintf(stderr, "bench_hub: %s", format_diagnostics(load.errors).c_str());
            return std::nullopt;
        }
        return std::move(*load.scenario);
    };
    if (mode == "freshness" && args.size() == 5) {
        auto scenario = scenario_at(2);
        return scenario ? freshness(args[1], *scenario, args[3], std::atoi(args[4].c_str())) : 1;
    }
    if (mode == "push" && args.size() >= 3)
        return push(args[1], std::vector<std::string>(args.begin() + 2, args.end()));
    if (mode == "frames" && args.size() >= 8) {
        auto scenario = scenario_at(2);
        return scenario ? frames(args[1], *scenario, args[3], args[4], args[5], std::atof(args[6].c_str()),
                                 std::atoi(args[7].c_str()), std::vector<std::string>(args.begin() + 8, args.end()))
                        : 1;
    }
    if (mode == "arrivals" && (args.size() == 5 || (args.size() == 6 && args[5] == "reader"))) {
        auto scenario = scenario_at(1);
        return scenario ? arrivals(*scenario, args[2], args[3], std::atoi(args[4].c_str()), args.size() == 6) : 1;
    }
    std::fprintf(stderr,
                 "usage: bench_hub freshness URL SCENARIO DIR N | push URL FILE... |\n"
                 "       frames URL SCENARIO DB vote|results burst|trickle|nohub SECONDS ROUNDS [FILE...] |\n"
                 "       arrivals SCENARIO DB results|facilitator N [reader]\n");
    return 2;
}
