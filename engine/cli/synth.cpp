// workshop synth — random valid ballots for demos, load tests and benchmarks.
//
// The same seed gives the same ballots (ids included) on every machine: the generator is
// std::mt19937_64 with our own bounded draw, not the library's distributions, whose results
// differ between standard libraries. Ballots are recorded through record_batch, so they pass
// exactly the checks an imported or kiosk ballot passes.

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>

#include "cli_util.h"
#include "commands.h"
#include "workshop/exchange.h"

namespace workshop::cli {

namespace {

const char* const usage =
    "usage: workshop synth --db DB --scenario FILE --ballots N [--seed S] [--session ID]\n"
    "\n"
    "Records N random valid visits: one ballot for every voting step, with random roles and\n"
    "languages, checked like any other ballot. The same seed gives the same ballots (and ids):\n"
    "running it twice with one seed records nothing new; use another seed for more.\n"
    "\n"
    "  --db DB          the database file (created when missing)\n"
    "  --scenario FILE  the scenario to vote on\n"
    "  --ballots N      visits to make (1..10000000)\n"
    "  --seed S         random seed (default 1)\n"
    "  --session ID     the session to add to (default: the newest of this scenario file)\n"
    "\n"
    "Exit status: 0 recorded, 1 rejected (nothing written), 2 usage, I/O or database errors.\n";

constexpr int synth_ideas = 5;  // made-up ideas for a step that has nothing else to vote on

class Random {
public:
    explicit Random(std::uint64_t seed) : m_engine(seed) {}
    // Uniform in 0..n-1 (n >= 1), without modulo bias.
    std::size_t below(std::size_t n) {
        const std::uint64_t limit = UINT64_MAX - UINT64_MAX % n;
        std::uint64_t x;
        do x = m_engine(); while (x >= limit);
        return static_cast<std::size_t>(x % n);
    }
    int between(int low, int high) { return low + static_cast<int>(below(static_cast<std::size_t>(high - low + 1))); }
    // An index drawn with probability proportional to weights[i].
    std::size_t weighted(const std::vector<int>& weights, int total) {
        int pick = static_cast<int>(below(static_cast<std::size_t>(total)));
        for (std::size_t i = 0; i < weights.size(); ++i)
            if ((pick -= weights[i]) < 0) return i;
        return weights.size() - 1;
    }
    std::string hex_id() {
        static const char hex[] = "0123456789abcdef";
        std::uint64_t bits = m_engine();
        std::string id;
        for (int i = 0; i < 12; ++i, bits >>= 4) id += hex[bits & 0xF];
        return id;
    }

private:
    std::mt19937_64 m_engine;
};

// k distinct candidates, more popular ones more likely (results worth looking at in a demo).
std::vector<std::size_t> pick_distinct(Random& random, const std::vector<int>& popularity, std::size_t k) {
    std::vector<int> weights = popularity;
    std::vector<std::size_t> picked;
    int total = std::accumulate(weights.begin(), weights.end(), 0);
    while (picked.size() < k && total > 0) {
        const std::size_t i = random.weighted(weights, total);
        picked.push_back(i);
        total -= weights[i];
        weights[i] = 0;
    }
    return picked;
}

// One random valid ballot for `step` over `candidates` (option and visible idea ids).
std::vector<Mark> random_marks(Random& random, const Step& step, const std::vector<std::string>& candidates,
                               const std::vector<int>& popularity) {
    std::vector<Mark> marks;
    const std::size_t n = candidates.size();
    switch (step.type) {
    case StepType::dot_vote: {
        const int per_option = step.max_per_option > 0 ? step.max_per_option : step.dots;
        const int capacity = static_cast<int>(std::min<long long>(static_cast<long long>(per_option) * static_cast<long long>(n), step.dots));
        const int dots = step.require_all_dots ? capacity : random.between(1, capacity);
        std::vector<int> given(n, 0);
        std::vector<int> weights = popularity;
        int total = std::accumulate(weights.begin(), weights.end(), 0);
        for (int d = 0; d < dots && total > 0; ++d) {
            const std::size_t i = random.weighted(weights, total);
            if (++given[i] == per_option) {
                total -= weights[i];
                weights[i] = 0;
            }
        }
        for (std::size_t i = 0; i < n; ++i)
            if (given[i] > 0) marks.push_back({candidates[i], given[i]});
        break;
    }
    case StepType::ranking: {
        const int at_most = std::min<int>(step.rank_at_most > 0 ? step.rank_at_most : static_cast<int>(n), static_cast<int>(n));
        const int k = random.between(std::min(step.rank_at_least, at_most), at_most);
        int rank = 0;
        for (std::size_t i : pick_distinct(random, popularity, static_cast<std::size_t>(k)))
            marks.push_back({candidates[i], ++rank});
        break;
    }
    case StepType::idea_vote: {
        const int limit = step.votes_per_participant > 0 ? std::min<int>(step.votes_per_participant, static_cast<int>(n))
                                                         : std::min<int>(3, static_cast<int>(n));
        for (std::size_t i : pick_distinct(random, popularity, static_cast<std::size_t>(random.between(1, limit))))
            marks.push_back({candidates[i], 1});
        break;
    }
    case StepType::info: break;
    }
    return marks;
}

// What the command line asks for.
struct SynthRequest {
    std::int64_t count = 0;
    std::uint64_t seed = 1;
    RecordOptions options;
};

// The request, or nullopt with the exit code in `code` (usage printed).
std::optional<SynthRequest> synth_request(const char* command, const Args& args, int& code) {
    const auto usage_failed = [&](const std::string& message) {
        code = usage_error(command, message, usage);
        return std::nullopt;
    };
    if (!args.error.empty()) return usage_failed(args.error);
    for (const char* required : {"db", "scenario", "ballots"})
        if (!args.has(required)) return usage_failed(std::string("--") + required + " is required");
    if (!args.positional.empty()) return usage_failed("unexpected argument " + args.positional.front());
    SynthRequest request;
    const auto count = parse_count(args.value("ballots"));
    if (!count || *count > 10'000'000) return usage_failed("--ballots needs a number from 1 to 10000000");
    request.count = *count;
    if (args.has("seed")) {
        const std::string& text = args.value("seed");
        if (text == "0") {
            request.seed = 0;
        } else if (const auto parsed = parse_count(text)) {
            request.seed = static_cast<std::uint64_t>(*parsed);
        } else {
            return usage_failed("--seed needs a whole number");
        }
    }
    request.options.source = BallotSource::synth;
    if (args.has("session")) {
        const auto id = parse_count(args.value("session"));
        if (!id) return usage_failed("--session needs a session number such as 1");
        request.options.session = *id;
    }
    return request;
}

// The ideas of the session these ballots go to (none when it does not exist yet).
Outcome<std::vector<Idea>> target_ideas(Store& store, const Scenario& scenario, std::int64_t session) {
    std::optional<SessionRecord> target;
    if (session) {
        auto found = store.session(session);
        if (!found) return found.status();
        target = std::move(*found);
    } else {
        auto found = store.latest_session(scenario.id, scenario.sha256);
        if (!found) return found.status();
        target = std::move(*found);
    }
    if (!target) return std::vector<Idea>{};
    return store.ideas(target->id);
}

// A step that only votes on collected ideas, with none collected yet, gets a few made-up
// ideas, so that every voting step receives its N ballots. Their ids and texts do not depend
// on the seed: a second run finds them recorded and draws the same ballots again.
void add_made_up_ideas(const Scenario& scenario, std::vector<Idea>& ideas, BallotBatch& batch) {
    for (const Step& step : scenario.steps) {
        if (step.type != StepType::idea_vote || !step.collect_ideas || !step.options.empty()) continue;
        if (std::any_of(ideas.begin(), ideas.end(), [&](const Idea& i) { return i.step == step.id && !i.hidden; }))
            continue;
        for (int n = 1; n <= synth_ideas; ++n) {
            Idea idea;
            idea.id = "idea-" + std::to_string(n);
            idea.step = step.id;
            idea.text = "Idea " + std::to_string(n);
            idea.language = scenario.default_language();
            if (std::any_of(ideas.begin(), ideas.end(), [&](const Idea& i) { return i.step == step.id && i.id == idea.id; }))
                continue;  // a hidden idea holds this id
            batch.ideas.push_back({idea, 0});
            ideas.push_back(std::move(idea));
        }
    }
}

// A voting step with what its ballots may choose (options and visible ideas) and how popular each is.
struct Plan {
    const Step* step;
    std::vector<std::string> candidates;
    std::vector<int> popularity;
};

std::vector<Plan> plan_steps(const Scenario& scenario, const std::vector<Idea>& ideas, Random& random) {
    std::vector<Plan> plans;
    for (const Step& step : scenario.steps) {
        if (!step.takes_ballots()) continue;
        Plan plan{&step, {}, {}};
        for (const Option& option : step.options) plan.candidates.push_back(option.id);
        for (const Idea& idea : ideas)
            if (idea.step == step.id && !idea.hidden) plan.candidates.push_back(idea.id);
        if (plan.candidates.empty()) {
            std::fprintf(stderr, "workshop synth: step %s has no options or ideas yet; no ballots made for it\n",
                         step.id.c_str());
            continue;
        }
        for (std::size_t i = 0; i < plan.candidates.size(); ++i) plan.popularity.push_back(random.between(1, 8));
        plans.push_back(std::move(plan));
    }
    return plans;
}

// `count` visits, each with a random role and language and one ballot per planned step.
void draw_visits(const Scenario& scenario, const std::vector<Plan>& plans, std::int64_t count, Random& random,
                 BallotBatch& batch) {
    batch.ballots.reserve(static_cast<std::size_t>(count) * plans.size());
    for (std::int64_t v = 0; v < count; ++v) {
        const std::string visit = random.hex_id();
        const std::size_t role_pick = random.below(scenario.roles.size() + 1);
        const std::string role = role_pick < scenario.roles.size() ? scenario.roles[role_pick].id : "";
        const std::string& lang = scenario.languages[random.below(scenario.languages.size())];
        for (const Plan& plan : plans) {
            BallotBatch::BallotEntry& entry = batch.ballots.emplace_back();
            entry.ballot.visit = visit;
            entry.ballot.step = plan.step->id;
            entry.ballot.role = role;
            entry.ballot.language = lang;
            entry.ballot.marks = random_marks(random, *plan.step, plan.candidates, plan.popularity);
        }
    }
}

int tell_outcome(const char* command, const ImportOutcome& outcome, std::uint64_t seed, const Scenario& scenario) {
    if (!outcome.rejected.empty()) {
        std::fputs(format_diagnostics(outcome.rejected).c_str(), stderr);
        return fail(command, "a generated ballot was rejected (a bug in synth); nothing was written", exit_rejected);
    }
    if (!outcome.status) return fail(command, outcome.status.message + "\nnothing was written");
    const ImportReport& r = outcome.report;
    if (r.ballots_recorded == 0)
        std::printf("nothing new: %zu ballots already recorded (seed %llu was used before; try another --seed)\n",
                    r.ballots_already, static_cast<unsigned long long>(seed));
    else
        std::printf("recorded %zu ballots (%zu visits)%s in %s %lld of scenario %s\n", r.ballots_recorded,
                    r.visits_recorded,
                    r.ideas_recorded ? (" and " + std::to_string(r.ideas_recorded) + " made-up ideas").c_str() : "",
                    r.created_session ? "new session" : "session", static_cast<long long>(r.session),
                    scenario.id.c_str());
    return exit_ok;
}

}  // namespace

int run_synth(int argc, char** argv) {
    const char* const command = "synth";
    const Args args = parse_args(argc, argv, {"db", "scenario", "ballots", "seed", "session"}, {});
    if (args.help) {
        std::fputs(usage, stdout);
        return exit_ok;
    }
    int code = exit_ok;
    std::optional<SynthRequest> request = synth_request(command, args, code);
    if (!request) return code;
    const std::optional<Scenario> scenario = load_scenario(command, args.value("scenario"), code);
    if (!scenario) return code;
    auto opened = Store::open(args.value("db"), Store::OpenMode::create);
    if (!opened) return fail(command, opened.message());
    Store& store = **opened;
    auto ideas = target_ideas(store, *scenario, request->options.session);
    if (!ideas) return fail(command, ideas.message());

    BallotBatch batch;
    batch.ballots_file = "synth (seed " + std::to_string(request->seed) + ")";
    batch.ideas_file = batch.ballots_file;
    add_made_up_ideas(*scenario, *ideas, batch);
    Random random(request->seed);
    const std::vector<Plan> plans = plan_steps(*scenario, *ideas, random);
    draw_visits(*scenario, plans, request->count, random, batch);
    request->options.progress = progress_on_terminal("recording", batch.ballots.size());
    return tell_outcome(command, record_batch(store, *scenario, batch, request->options), request->seed, *scenario);
}

}  // namespace workshop::cli
