// scenario.h — a scenario file (format 1), loaded and validated.
//
// The format, for people, is docs/scenario-format.md. Loading never half-succeeds: a file with
// any error yields no Scenario and every error of the file.
#pragma once

#include <cstdint>
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

// What an option or a role shows beside its text: one Font Awesome 4.7 icon, one picture, or
// nothing. Only one of `icon` and `image` is set.
struct Pictogram {
    std::string icon;             // a Font Awesome 4.7 name such as "home", or ""
    std::uint32_t codepoint = 0;  // the icon's character in fontawesome-webfont.ttf
    std::string image;            // the `image` path as written (a key of Scenario::pictures), or ""

    bool empty() const { return icon.empty() && image.empty(); }
};

// A picture file named by `image`: the bytes voters saw. They are stored with the session, so
// a file changed on disk later changes nothing a session shows or reports.
struct Picture {
    std::string bytes;   // the PNG or JPEG file, at most max_picture_bytes
    std::string sha256;  // lowercase hex of bytes
    int width = 0;       // pixels, at most max_picture_side
    int height = 0;
};
inline constexpr std::size_t max_picture_bytes = 4u * 1024u * 1024u;
inline constexpr int max_picture_side = 4096;

// Reads a picture's size from its bytes; nullopt with `problem` set ("not a PNG or JPEG image",
// "too large") when the bytes are not a picture a scenario may show.
std::optional<Picture> read_picture(std::string bytes, std::string& problem);

struct Option {
    std::string id;
    LocalText label;
    LocalText description;
    std::string color;  // "#RRGGBB" or "" (the kiosk then picks from its palette)
    Pictogram pictogram;
};

struct Role {
    std::string id;
    LocalText label;
    Pictogram pictogram;
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
    // The pictures the options and roles name, by their `image` path as written.
    std::map<std::string, Picture> pictures;

    const std::string& default_language() const { return languages.front(); }
    const Picture* picture(std::string_view image) const;  // nullptr when not loaded
    const Step* find_step(std::string_view step_id) const;
    const Role* find_role(std::string_view role_id) const;
    bool has_language(std::string_view code) const;
};

struct ScenarioLoad {
    std::optional<Scenario> scenario;  // set only when `errors` is empty
    Diagnostics errors;
    Diagnostics warnings;  // never make the file invalid (a language without reviewed kiosk texts)
    bool unreadable = false;  // the file could not be read at all (an I/O error, not bad content)

    bool ok() const { return scenario.has_value() && errors.empty(); }
};

// Parses `text` as a scenario; `path` is used in messages and kept as source_path. Pictures
// (`image = "..."`) are read from the folder of `path`, unless `stored_pictures` is given: then
// they are taken from it (a session's recorded pictures, Store::pictures) and never from disk.
ScenarioLoad parse_scenario(std::string_view text, std::string_view path,
                            const std::map<std::string, Picture>* stored_pictures = nullptr);
// Reads and parses a file; an unreadable file gives one diagnostic naming it.
ScenarioLoad load_scenario_file(const std::string& path);

}  // namespace workshop
