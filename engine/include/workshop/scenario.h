// scenario.h — a scenario file (format 1), loaded and validated.
//
// The contract is ../shared/docs/scenario-format.md. Loading never half-succeeds: a file with
// any error yields no Scenario and every error of the file.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workshop/diagnostic.h"

namespace workshop {

// A text a participant sees, in each of the scenario's languages. After loading, every language
// of the scenario is present (missing ones filled from the default language), unless the text
// was optional and absent altogether, in which case `by_language` is empty.
struct LocalText {
    std::map<std::string, std::string> by_language;

    bool empty() const { return by_language.empty(); }
    // The text in `language`, or in the first language present; "" when empty.
    const std::string& in(std::string_view language) const;
};

enum class StepType { info, dot_vote, ranking, idea_vote };
enum class RankingMethod { borda, schulze };

std::string_view to_string(StepType type);         // "info", "dot_vote", ...
std::string_view to_string(RankingMethod method);  // "borda", "schulze"

struct Option {
    std::string id;
    LocalText label;
    LocalText description;
    std::string color;  // "#RRGGBB" or "" (the kiosk then picks from its palette)
};

struct Role {
    std::string id;
    LocalText label;
};

struct Step {
    std::string id;
    StepType type = StepType::info;
    LocalText title;
    LocalText prompt;
    LocalText body;  // info only
    std::vector<Option> options;

    // dot_vote
    int dots = 0;
    int max_per_option = 0;  // defaulted to `dots` by the loader
    bool require_all_dots = false;

    // ranking
    RankingMethod method = RankingMethod::borda;
    int rank_at_least = 1;
    int rank_at_most = 0;  // defaulted to options.size() by the loader

    // idea_vote
    int votes_per_participant = 0;  // 0 = unlimited
    bool collect_ideas = false;
    int max_idea_length = 280;  // in characters (code points)

    int line = 0;  // where the step's table starts in the file

    bool takes_ballots() const { return type != StepType::info; }
    const Option* find_option(std::string_view option_id) const;
};

struct KioskSettings {
    int idle_reset_seconds = 90;
    bool ask_language = true;  // defaulted: true when more than one language
    bool ask_role = false;     // defaulted: true when roles exist
};

// `[results]` (scenario-format.md, Additions).
struct ResultSettings {
    // A role group with fewer ballots for a step is never shown on its own (visible_role_groups).
    int min_group_size = 5;
};

struct Scenario {
    int format = 1;
    std::string id;
    LocalText title;
    LocalText description;
    std::vector<std::string> languages;  // first is the default
    KioskSettings kiosk;
    ResultSettings results;
    std::vector<Role> roles;
    std::vector<Step> steps;

    std::string source_path;  // as given to the loader
    std::string source_text;  // the exact bytes loaded, stored with each session
    std::string sha256;       // lowercase hex of source_text

    const std::string& default_language() const { return languages.front(); }
    const Step* find_step(std::string_view step_id) const;
    const Role* find_role(std::string_view role_id) const;
    bool has_language(std::string_view code) const;
};

struct ScenarioLoad {
    std::optional<Scenario> scenario;  // set only when `errors` is empty
    Diagnostics errors;
    bool unreadable = false;  // the file could not be read at all (an I/O error, not bad content)

    bool ok() const { return scenario.has_value() && errors.empty(); }
};

// Parses `text` as a scenario; `path` is used in messages and kept as source_path.
ScenarioLoad parse_scenario(std::string_view text, std::string_view path);
// Reads and parses a file; an unreadable file gives one diagnostic naming it.
ScenarioLoad load_scenario_file(const std::string& path);

// SHA-256 of bytes, lowercase hex (used for the scenario hash).
std::string sha256_hex(std::string_view bytes);

}  // namespace workshop
