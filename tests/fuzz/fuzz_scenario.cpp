// fuzz_scenario.cpp — any bytes as a scenario file: parse_scenario must answer with a Scenario
// or with diagnostics, never crash, hang or leak; what it accepts must obey format 1, and a
// ballot built by the rules of each accepted step must pass check_ballot and tally.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string_view>

#include "sha256.h"  // engine/src: the fingerprint is internal
#include "fuzz_support.h"
#include "workshop/ballot.h"
#include "workshop/scenario.h"
#include "workshop/tally.h"

using namespace workshop;

namespace {

void check_text(const Scenario& s, const LocalText& text, bool required, std::string_view what) {
    if (!required && text.empty()) return;
    for (const std::string& language : s.languages)
        FUZZ_CHECK(text.by_language.count(language) == 1, std::string(what) + " lacks language " + language);
}

// A ballot that the rules of `step` allow, or false when the step allows none without ideas.
bool valid_ballot(const Step& step, Ballot& ballot) {
    ballot.step = step.id;
    ballot.visit = "fuzz-visit";
    switch (step.type) {
        case StepType::info: return false;
        case StepType::dot_vote: {
            int left = step.require_all_dots ? step.dots : 1;
            for (const Option& o : step.options) {
                if (left == 0) break;
                const int give = std::min(left, step.max_per_option);
                ballot.marks.push_back({o.id, give});
                left -= give;
            }
            return left == 0;
        }
        case StepType::ranking:
            if (step.rank_at_least > static_cast<int>(step.options.size())) return false;
            for (int i = 0; i < step.rank_at_least; ++i)
                ballot.marks.push_back({step.options[static_cast<std::size_t>(i)].id, i + 1});
            return true;
        case StepType::idea_vote:
            if (step.options.empty()) return false;
            ballot.marks.push_back({step.options.front().id, 1});
            return true;
    }
    return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const ScenarioLoad load = parse_scenario(text, "fuzz.toml");

    if (!load.ok()) {
        FUZZ_CHECK(!load.errors.empty(), "a rejected file must say why");
        FUZZ_CHECK(!load.scenario.has_value() || !load.errors.empty(), "errors and a scenario at once");
        for (const Diagnostic& d : load.errors) {
            FUZZ_CHECK(d.file == "fuzz.toml", d.to_string());
            FUZZ_CHECK(!d.message.empty(), "empty message");
            FUZZ_CHECK(d.line >= 0 && d.column >= 0, d.to_string());
            FUZZ_CHECK(d.to_string().rfind("fuzz.toml:", 0) == 0, d.to_string());
        }
        return 0;
    }

    const Scenario& s = *load.scenario;
    FUZZ_CHECK(s.format == 1, "format");
    FUZZ_CHECK(s.source_text == text, "source_text must be the exact bytes");
    FUZZ_CHECK(s.sha256 == sha256_hex(text) && s.sha256.size() == 64, "sha256");
    FUZZ_CHECK(!s.id.empty() && s.id.size() <= 64, "id: " + s.id);
    FUZZ_CHECK(!s.languages.empty(), "languages");
    FUZZ_CHECK(std::set<std::string>(s.languages.begin(), s.languages.end()).size() == s.languages.size(),
               "duplicate languages");
    FUZZ_CHECK(s.kiosk.idle_reset_seconds >= 10 && s.kiosk.idle_reset_seconds <= 3600, "idle_reset_seconds");
    FUZZ_CHECK(!s.steps.empty(), "no steps");
    check_text(s, s.title, true, "title");
    check_text(s, s.description, false, "description");

    std::set<std::string> role_ids;
    for (const Role& r : s.roles) {
        FUZZ_CHECK(role_ids.insert(r.id).second, "duplicate role " + r.id);
        check_text(s, r.label, true, "role label");
    }
    std::set<std::string> step_ids;
    for (const Step& step : s.steps) {
        FUZZ_CHECK(step_ids.insert(step.id).second, "duplicate step " + step.id);
        FUZZ_CHECK(s.find_step(step.id) == &step, "find_step");
        check_text(s, step.title, true, "step title");
        std::set<std::string> option_ids;
        for (const Option& o : step.options) {
            FUZZ_CHECK(option_ids.insert(o.id).second, "duplicate option " + o.id);
            FUZZ_CHECK(step.find_option(o.id) == &o, "find_option");
            check_text(s, o.label, true, "option label");
            FUZZ_CHECK(o.color.empty() || o.color.size() == 7, "color " + o.color);
        }
        const int n = static_cast<int>(step.options.size());
        switch (step.type) {
            case StepType::info:
                FUZZ_CHECK(step.options.empty(), "info with options");
                check_text(s, step.body, true, "info body");
                break;
            case StepType::dot_vote:
                FUZZ_CHECK(step.dots >= 1, "dots");
                FUZZ_CHECK(step.max_per_option >= 1 && step.max_per_option <= step.dots, "max_per_option");
                FUZZ_CHECK(n >= 2 && n <= 60, "dot_vote options");
                break;
            case StepType::ranking:
                FUZZ_CHECK(n >= 2 && n <= 30, "ranking options");
                FUZZ_CHECK(step.rank_at_least >= 1 && step.rank_at_least <= step.rank_at_most &&
                               step.rank_at_most <= n,
                           "rank_at_least/rank_at_most");
                break;
            case StepType::idea_vote:
                FUZZ_CHECK(n <= 500 && (n > 0 || step.collect_ideas), "idea_vote options");
                FUZZ_CHECK(step.votes_per_participant >= 0, "votes_per_participant");
                FUZZ_CHECK(step.max_idea_length >= 10 && step.max_idea_length <= 1000, "max_idea_length");
                break;
        }

        // The rules of an accepted step admit the ballot built by them, and its tally counts it.
        Ballot ballot;
        if (!valid_ballot(step, ballot)) continue;
        const std::vector<std::string> problems = check_ballot(s, ballot, {});
        FUZZ_CHECK(problems.empty(), "a ballot by the rules was refused: " + (problems.empty() ? "" : problems[0]));
        const StepResult result = tally_step(step, {}, {ballot});
        FUZZ_CHECK(result.ballots == 1, "tally ballots");
        FUZZ_CHECK(result.rows.size() == step.options.size(), "one row per option");
        tally_by_role(s, step, {}, {ballot});
    }
    return 0;
}
