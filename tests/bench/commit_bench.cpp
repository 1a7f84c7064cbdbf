// commit_bench — latency of one durable ballot commit on the kiosk's path (Session::cast_visit,
// synchronous=FULL) against the floor any durable store pays: write() + fsync() of the same
// bytes, appended to a file in the same folder (so on the same disk).
//
// usage: bench_commit SCENARIO.toml DIR [VISITS]
// The two are interleaved visit by visit, so drift on a shared machine hits both alike.
// Prints one line of key=value pairs (times in microseconds) for scripts/bench.sh.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "workshop/csv.h"
#include "workshop/session.h"

namespace {

using Clock = std::chrono::steady_clock;

double micros(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    const std::size_t i = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    return v[i];
}

// One visit as the kiosk builds it: a ballot for every voting step, each option taken in turn.
std::vector<workshop::Ballot> make_visit(const workshop::Scenario& scenario, const std::string& visit, int n) {
    std::vector<workshop::Ballot> ballots;
    for (const workshop::Step& step : scenario.steps) {
        if (!step.takes_ballots()) continue;
        workshop::Ballot& b = ballots.emplace_back();
        b.visit = visit;
        b.step = step.id;
        b.role = scenario.roles.empty() ? "" : scenario.roles[static_cast<std::size_t>(n) % scenario.roles.size()].id;
        b.language = scenario.default_language();
        const std::size_t count = step.options.size();
        switch (step.type) {
        case workshop::StepType::dot_vote: {
            int dots = step.dots;
            for (std::size_t i = 0; dots > 0 && i < count; ++i) {
                const int give = std::min(dots, step.max_per_option);
                b.marks.push_back({step.options[(i + static_cast<std::size_t>(n)) % count].id, give});
                dots -= give;
            }
            break;
        }
        case workshop::StepType::ranking: {
            const int k = std::max(step.rank_at_least, std::min<int>(step.rank_at_most, static_cast<int>(count)));
            for (int r = 0; r < k; ++r)
                b.marks.push_back({step.options[(static_cast<std::size_t>(r + n)) % count].id, r + 1});
            break;
        }
        case workshop::StepType::idea_vote:
            b.marks.push_back({step.options[static_cast<std::size_t>(n) % count].id, 1});
            break;
        case workshop::StepType::info: break;
        }
    }
    return ballots;
}

// The bytes the visit is: its ballots.csv rows.
std::string csv_bytes(const std::vector<workshop::Ballot>& ballots) {
    char* data = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&data, &size);
    workshop::CsvWriter w(out);
    for (const workshop::Ballot& b : ballots)
        for (const workshop::Mark& m : b.marks) {
            w.raw(b.visit);
            w.raw(b.step);
            w.raw(m.option);
            w.number(m.value);
            w.raw(b.role);
            w.raw(b.language);
            w.raw("2024-05-01T09:30:00Z");
            w.raw("bench-kiosk");
            w.end_row();
        }
    std::fclose(out);
    std::string bytes(data, size);
    std::free(data);
    return bytes;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_commit SCENARIO.toml DIR [VISITS]\n");
        return 2;
    }
    const std::string dir = argv[2];
    const int visits = argc > 3 ? std::atoi(argv[3]) : 300;
    const int warmup = 20;

    workshop::ScenarioLoad load = workshop::load_scenario_file(argv[1]);
    if (!load.ok()) {
        std::fputs(workshop::format_diagnostics(load.errors).c_str(), stderr);
        return 2;
    }
    const workshop::Scenario scenario = *load.scenario;
    workshop::SessionOptions options;
    options.kiosk_id = "bench-kiosk";
    auto opened = workshop::Session::open(dir + "/commit.db", scenario, options);
    if (!opened) {
        std::fprintf(stderr, "bench_commit: %s\n", opened.message().c_str());
        return 2;
    }
    workshop::Session& session = **opened;

    const std::string raw_path = dir + "/commit.raw";
    const int fd = ::open(raw_path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_TRUNC, 0600);
    if (fd < 0) {
        std::perror("bench_commit: open");
        return 2;
    }

    std::vector<double> ours, peer;
    std::size_t bytes_total = 0;
    for (int n = 0; n < warmup + visits; ++n) {
        const std::vector<workshop::Ballot> ballots = make_visit(scenario, session.new_visit_id(), n);
        const std::string bytes = csv_bytes(ballots);
        bytes_total += bytes.size();

        const auto t0 = Clock::now();
        const workshop::Status cast = session.cast_visit(ballots);
        const auto t1 = Clock::now();
        if (!cast) {
            std::fprintf(stderr, "bench_commit: cast_visit failed: %s\n", cast.message.c_str());
            return 1;
        }
        const auto t2 = Clock::now();
        if (::write(fd, bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size()) || ::fsync(fd) != 0) {
            std::perror("bench_commit: write+fsync");
            return 1;
        }
        const auto t3 = Clock::now();
        if (n >= warmup) {
            ours.push_back(micros(t1 - t0));
            peer.push_back(micros(t3 - t2));
        }
    }
    ::close(fd);
    std::printf("visits=%d bytes_per_visit=%zu ours_median_us=%.1f ours_p90_us=%.1f peer_median_us=%.1f peer_p90_us=%.1f\n",
                visits, bytes_total / static_cast<std::size_t>(warmup + visits), percentile(ours, 0.5),
                percentile(ours, 0.9), percentile(peer, 0.5), percentile(peer, 0.9));
    return 0;
}
