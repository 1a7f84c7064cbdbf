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
//       `results`: the revealed results of the first step); in each round SECONDS quiet, then
//       SECONDS busy. BUSY: `burst` (another kiosk pushes the next FILE, which this kiosk pulls),
//       `trickle` (another kiosk casts 10 visits a second), or `nohub` (the busy phase is the
//       same screen of an App given URL, a dead hub; the quiet phase an App without a hub).
//       Prints the longest frame (wall and UI-thread CPU time, ms) of each phase of each round, and
//       how many frames blocked (the UI thread gave up the CPU by itself inside a frame).
//   bench_hub arrivals SCENARIO DB SCREEN N
//       no hub: what the UI thread does when another connection adds a visit to DB, as the sync
//       thread does for each pulled ballot. The kiosk shows SCREEN (`results`, or `facilitator`:
//       facilitator mode's home); N times another Session on DB casts a visit and the kiosk
//       draws until it noticed (frames on the simulated clock, not paced). Prints the UI-thread
//       CPU time (ms) of the frames that noticed an arrival against the others, and checks that
//       the screen shows the count of a fresh tally after the last arrival.
#include <sys/resource.h>
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

// The longest frame of a phase: its wall time (what a voter sees, waits included) and, to tell
// waiting from work and from the machine's other load, the longest in CPU time of the UI thread
// and the frames in which the UI thread blocked.
struct Longest {
    double wall = 0, cpu = 0;
    int blocked = 0;
};

// Frames paced at 60 a second on the wall clock for `seconds`.
Longest longest_frame(kiosk::HeadlessKiosk& kiosk, double seconds) {
    const auto period = std::chrono::microseconds(16667);
    const auto t0 = Clock::now();
    auto next = t0;
    Longest longest;
    while (seconds_since(t0) < seconds) {
        const auto start = Clock::now();
        const double cpu = thread_cpu_ms();
        const long switches = voluntary_switches();
        kiosk.frame({});
        longest.cpu = std::max(longest.cpu, thread_cpu_ms() - cpu);
        if (voluntary_switches() != switches) ++longest.blocked;
        longest.wall = std::max(longest.wall, seconds_since(start) * 1000);
        next += period;
        const auto now = Clock::now();
        if (next < now) next = now;
        std::this_thread::sleep_until(next);
    }
    return longest;
}

// The screen to measure, reached through the same intents a voter or facilitator gives.
bool show(kiosk::App& app, kiosk::HeadlessKiosk& kiosk, Session& session, const std::string& screen) {
    kiosk.frame({});
    if (screen == "results") {
        const std::string step = session.scenario().steps.front().id;
        if (!session.revealed(step) && !session.set_revealed(step, true)) return false;
        app.apply(kiosk::Intent::of(kiosk::IntentKind::show_results, step));
        for (int i = 0; i < 30; ++i) kiosk.frame({});
        return app.screen() == kiosk::ScreenId::results;
    }
    app.apply(kiosk::Intent::of(kiosk::IntentKind::start));
    for (int i = 0; i < 30; ++i) kiosk.frame({});
    return app.screen() != kiosk::ScreenId::attract;
}

// Another kiosk of the session: pushes a whole file at once (burst), or casts 10 visits a
// second and syncs each (trickle), on its own thread until stop().
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
    // Returns once that kiosk has joined and pulled the session (not measured).
    bool trickle(int round) {
        std::promise<bool> ready;
        auto linked = ready.get_future();
        m_thread = std::thread([this, round, &ready] {
            auto session = open_session(m_dir + "/other-" + std::to_string(round) + ".db", m_scenario, "bench-other");
            if (!session) return ready.set_value(false);
            kiosk::HubSync link(m_url, "", "bench-other");
            link.follow(session->database_path(), session->id());
            ready.set_value(wait_linked({&link}, 600));
            const auto t0 = Clock::now();
            for (int i = 0; !m_stop; ++i) {
                std::this_thread::sleep_until(t0 + std::chrono::milliseconds(100 * i));
                if (Status cast = cast_one(*session, i); !cast) std::fprintf(stderr, "bench_hub: trickle: %s\n", cast.message.c_str());
                else ++m_cast;
                link.poke();
            }
        });
        return linked.get();
    }
    int stop() {
        m_stop = true;
        if (m_thread.joinable()) m_thread.join();
        m_stop = false;
        return m_cast.exchange(0);
    }

private:
    std::string m_url;
    const Scenario& m_scenario;
    std::string m_dir;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_cast{0};
    std::thread m_thread;
};

kiosk::AppConfig config_with_hub(const std::string& url, const std::string& name) {
    kiosk::AppConfig config;
    config.kiosk.hub = url;
    config.kiosk.kiosk_name = name;
    return config;
}

// A dead hub: the quiet phase without a hub, the busy one with `url` (which never answers).
int frames_dead_hub(const std::string& url, Session& session, const std::string& screen, double seconds, int rounds) {
    for (int r = 0; r < rounds; ++r) {
        Longest longest[2];
        for (int with_hub = 0; with_hub < 2; ++with_hub) {
            kiosk::App app(session, with_hub ? config_with_hub(url, "bench-b") : kiosk::AppConfig{});
            kiosk::HeadlessKiosk kiosk(app, ImVec2(1920, 1080));
            if (!show(app, kiosk, session, screen)) return fail("the kiosk did not reach the screen " + screen);
            longest[with_hub] = longest_frame(kiosk, seconds);
            if (with_hub && app.hub()->state().connected) return fail("the dead hub answered");
        }
        std::printf("round=%d quiet_ms=%.2f busy_ms=%.2f quiet_cpu_ms=%.2f busy_cpu_ms=%.2f quiet_blocked=%d busy_blocked=%d\n",
                    r, longest[0].wall, longest[1].wall, longest[0].cpu, longest[1].cpu, longest[0].blocked, longest[1].blocked);
        std::fflush(stdout);
    }
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
    const std::string dir = db.substr(0, db.rfind('/'));
    OtherKiosk other(url, scenario, dir);
    const std::string step = scenario.steps.front().id;
    auto replica = Store::open(db, Store::OpenMode::existing);  // what the sync thread pulled
    if (!replica) return fail(replica.message());
    for (int r = 0; r < rounds; ++r) {
        const Longest quiet = longest_frame(kiosk, seconds);
        const int before = ballots_in(**replica, session->id(), step);
        if (busy == "burst") {
            if (static_cast<std::size_t>(r) >= files.size()) return fail("burst: one FILE per round");
            other.burst(files[static_cast<std::size_t>(r)]);
        } else if (!other.trickle(r)) {
            return fail("the other kiosk did not join the session");
        }
        const Longest loaded = longest_frame(kiosk, seconds);
        const int cast = other.stop();
        const int after = ballots_in(**replica, session->id(), step);
        if (screen == "results" && app.screen() != kiosk::ScreenId::results)
            return fail("the kiosk left the screen while measuring");
        std::printf("round=%d quiet_ms=%.2f busy_ms=%.2f quiet_cpu_ms=%.2f busy_cpu_ms=%.2f quiet_blocked=%d busy_blocked=%d"
                    " pulled=%d cast_elsewhere=%d\n", r, quiet.wall, loaded.wall, quiet.cpu, loaded.cpu, quiet.blocked,
                    loaded.blocked, after - before, cast);
        std::fflush(stdout);
    }
    return 0;
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

int arrivals(const Scenario& scenario, const std::string& db, const std::string& screen, int n) {
    auto session = open_session(db, scenario, "bench-b");
    auto other = open_session(db, scenario, "bench-other");
    if (!session || !other) return 1;
    kiosk::AppConfig config;
    config.kiosk.pin = "2468";
    kiosk::App app(*session, config);
    kiosk::HeadlessKiosk kiosk(app, ImVec2(1920, 1080));
    const bool shown = screen == "facilitator" ? enter_facilitator(app, kiosk) : show(app, kiosk, *session, screen);
    if (!shown) return fail("the kiosk did not reach the screen " + screen);
    std::vector<double> noticed, quiet;
    for (int i = 0; i < n; ++i) {
        if (Status cast = cast_one(*other, i); !cast) return fail(cast.message);
        const std::uint64_t before = session->changes();
        for (int f = 0; f < 60 && session->changes() == before; ++f) {
            const double cpu = thread_cpu_ms();
            kiosk.frame({});
            (session->changes() == before ? quiet : noticed).push_back(thread_cpu_ms() - cpu);
        }
        if (session->changes() == before) return fail("the kiosk did not notice a visit cast elsewhere in 60 frames");
        for (int f = 0; f < 3; ++f) {  // the frames after: the screen's own caches refilled
            const double cpu = thread_cpu_ms();
            kiosk.frame({});
            quiet.push_back(thread_cpu_ms() - cpu);
        }
    }
    // No stale number: what the kiosk shows equals a count over the whole file, made afresh.
    auto fresh = Store::open(db, Store::OpenMode::existing);
    if (!fresh) return fail(fresh.message());
    const std::string step = scenario.steps.front().id;
    const auto visits = (*fresh)->visit_count(session->id());
    const auto counts = (*fresh)->ballot_counts(session->id(), step);
    if (!visits || !counts || *visits != session->visit_count() || *counts != session->ballot_counts(step) ||
        ballots_in(**fresh, session->id(), step) != session->results(step).ballots)
        return fail("the kiosk's counts differ from a fresh count");
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
    if (mode == "arrivals" && args.size() == 5) {
        auto scenario = scenario_at(1);
        return scenario ? arrivals(*scenario, args[2], args[3], std::atoi(args[4].c_str())) : 1;
    }
    std::fprintf(stderr,
                 "usage: bench_hub freshness URL SCENARIO DIR N | push URL FILE... |\n"
                 "       frames URL SCENARIO DB vote|results burst|trickle|nohub SECONDS ROUNDS [FILE...] |\n"
                 "       arrivals SCENARIO DB results|facilitator N\n");
    return 2;
}
