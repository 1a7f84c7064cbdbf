// kill_helper.cpp — a kiosk without a screen, for kill_test.py to SIGKILL at random moments.
//
//   kill_helper DB SCENARIO PREFIX COUNT
//   kill_helper --csv OUT.csv SCENARIO PREFIX COUNT     writes such visits as a ballots file
//
// Opens (resumes) the session of SCENARIO in DB and casts COUNT visits through Session::cast_visit,
// the kiosk's own write path, with visit ids PREFIX-0, PREFIX-1, ... Every visit votes in every
// voting step with marks that vary with its number; every fourth one first adds an idea (stored
// at once, as at the kiosk) and approves it. On stdout, unbuffered, one line per event:
//
//   session ID
//   casting VISIT STEP:OPTION=VALUE,...;STEP:...     before cast_visit
//   confirmed VISIT                                   after cast_visit succeeded (the "thank you")
//   refused VISIT MESSAGE                             cast_visit failed (e.g. locked too long)
//
// A visit reported confirmed must be in the database exactly once, complete; one that was only
// being cast must be there completely or not at all.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "workshop/workshop.h"

using namespace workshop;

namespace {

void say(const std::string& line) {
    const std::string out = line + "\n";
    // write(2), not stdio: nothing may sit in a buffer when the kill comes.
    for (std::size_t done = 0; done < out.size();) {
        const ssize_t n = ::write(1, out.data() + done, out.size() - done);
        if (n <= 0) std::exit(3);
        done += static_cast<std::size_t>(n);
    }
}

// A ballot for `step` that its rules allow, varied by `n`; `idea` is approved when given.
Ballot ballot_for(const Step& step, int n, const std::string& idea) {
    Ballot b;
    b.step = step.id;
    const int options = static_cast<int>(step.options.size());
    switch (step.type) {
        case StepType::info: break;
        case StepType::dot_vote: {
            int left = step.require_all_dots ? step.dots : 1 + n % step.dots;
            for (int k = 0; left > 0 && k < options; ++k) {
                const Option& o = step.options[static_cast<std::size_t>((n + k) % options)];
                const int give = std::min(left, 1 + (n + k) % step.max_per_option);
                b.marks.push_back({o.id, give});
                left -= give;
            }
            break;
        }
        case StepType::ranking: {
            const int k = step.rank_at_least + n % (step.rank_at_most - step.rank_at_least + 1);
            for (int r = 0; r < k; ++r)
                b.marks.push_back({step.options[static_cast<std::size_t>((n + r) % options)].id, r + 1});
            break;
        }
        case StepType::idea_vote:
            if (!idea.empty()) b.marks.push_back({idea, 1});
            else if (options > 0) b.marks.push_back({step.options[static_cast<std::size_t>(n % options)].id, 1});
            break;
    }
    return b;
}

// The ballots file `workshop import` reads: COUNT visits without ideas.
int write_csv(const std::string& path, const Scenario& scenario, const std::string& prefix, int count) {
    std::FILE* out = std::fopen(path.c_str(), "wb");
    if (!out) return 2;
    CsvWriter csv(out);
    for (const char* column : {"ballot", "step", "option", "value"}) csv.raw(column);
    csv.end_row();
    for (int n = 0; n < count; ++n) {
        for (const Step& step : scenario.steps) {
            if (!step.takes_ballots()) continue;
            for (const Mark& mark : ballot_for(step, n, "").marks) {
                csv.raw(prefix + "-" + std::to_string(n));
                csv.raw(step.id);
                csv.raw(mark.option);
                csv.number(mark.value);
                csv.end_row();
            }
        }
    }
    const bool ok = !csv.failed();
    return std::fclose(out) == 0 && ok ? 0 : 2;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 5 && !(argc == 6 && std::string(argv[1]) == "--csv")) {
        std::fprintf(stderr, "usage: kill_helper DB SCENARIO PREFIX COUNT\n"
                             "       kill_helper --csv OUT.csv SCENARIO PREFIX COUNT\n");
        return 2;
    }
    const int shift = argc == 6 ? 1 : 0;
    const std::string db = argv[1 + shift], prefix = argv[3 + shift];
    const int count = std::atoi(argv[4 + shift]);
    ScenarioLoad load = load_scenario_file(argv[2 + shift]);
    if (!load.ok()) {
        std::fprintf(stderr, "%s", format_diagnostics(load.errors).c_str());
        return 1;
    }
    if (shift) return write_csv(db, *load.scenario, prefix, count);
    SessionOptions options;
    options.kiosk_id = "kill-helper";
    auto opened = Session::open(db, std::move(*load.scenario), options);
    if (!opened) {
        std::fprintf(stderr, "kill_helper: %s\n", opened.message().c_str());
        return 2;
    }
    Session& session = **opened;
    say("session " + std::to_string(session.id()));

    for (int n = 0; n < count; ++n) {
        const std::string visit = prefix + "-" + std::to_string(n);
        std::vector<Ballot> ballots;
        std::string described;
        for (const Step& step : session.scenario().steps) {
            if (!step.takes_ballots()) continue;
            std::string idea;
            if (step.collect_ideas && n % 4 == 0) {
                auto added = session.add_idea(step.id, "idea of " + visit, "");
                if (!added) {
                    say("refused " + visit + " " + added.message());
                    continue;
                }
                idea = added->id;
            }
            Ballot b = ballot_for(step, n, idea);
            if (b.marks.empty()) continue;
            b.visit = visit;
            described += (described.empty() ? "" : ";") + b.step + ":";
            for (std::size_t i = 0; i < b.marks.size(); ++i)
                described += (i ? "," : "") + b.marks[i].option + "=" + std::to_string(b.marks[i].value);
            ballots.push_back(std::move(b));
        }
        say("casting " + visit + " " + described);
        const Status cast = session.cast_visit(ballots);
        say(cast ? "confirmed " + visit : "refused " + visit + " " + cast.message);
    }
    return 0;
}
