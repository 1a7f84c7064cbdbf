// scenario.cpp — loading and validating scenario files (docs/scenario-format.md).
//
// toml++ parses; this file checks every rule of format 1 and reports all problems of a file at
// once, each at the position of the offending key or value. toml++ is built with exceptions, so
// its parse_error is caught here: nothing throws out of the engine.
#include "workshop/scenario.h"

#include "workshop/languages.h"
#include "workshop/utf8.h"

#include <toml++/toml.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <utility>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>

#include "icons.h"
#include "sha256.h"

namespace workshop {

// ---- the scenario model ---------------------------------------------------------------------

const std::string& LocalText::in(std::string_view language) const {
    static const std::string none;
    if (by_language.empty()) return none;
    const auto found = by_language.find(std::string(language));
    return found != by_language.end() ? found->second : by_language.begin()->second;
}

std::string_view to_string(StepType type) {
    switch (type) {
        case StepType::info: return "info";
        case StepType::dot_vote: return "dot_vote";
        case StepType::ranking: return "ranking";
        case StepType::idea_vote: return "idea_vote";
    }
    return "?";
}

std::string_view to_string(RankingMethod method) {
    switch (method) {
        case RankingMethod::borda: return "borda";
        case RankingMethod::schulze: return "schulze";
    }
    return "?";
}

const Option* Step::find_option(std::string_view option_id) const {
    for (const Option& option : options)
        if (option.id == option_id) return &option;
    return nullptr;
}

const Step* Scenario::find_step(std::string_view step_id) const {
    for (const Step& step : steps)
        if (step.id == step_id) return &step;
    return nullptr;
}

const Role* Scenario::find_role(std::string_view role_id) const {
    for (const Role& role : roles)
        if (role.id == role_id) return &role;
    return nullptr;
}

const Picture* Scenario::picture(std::string_view image) const {
    const auto found = pictures.find(std::string(image));
    return found != pictures.end() ? &found->second : nullptr;
}

bool Scenario::has_language(std::string_view code) const {
    return std::find(languages.begin(), languages.end(), code) != languages.end();
}

namespace {

// ---- limits and vocabulary ------------------------------------------------------------------

// A scenario is a page or two of text; anything this big is the wrong file.
constexpr std::size_t max_file_bytes = 4u * 1024u * 1024u;
constexpr const char* max_file_text = "4 MiB";
constexpr std::size_t max_id_length = 64;
// toml++ recurses once per dotted-key part and overflows the stack on keys with ~50 000 parts,
// so such keys are refused before parsing. Real scenario keys have one or two parts.
constexpr int max_key_parts = 17;
// Sanity caps for counts that the format only bounds from below (they must fit an int).
constexpr int max_dots = 1000;
constexpr int max_votes_per_participant = 1000;

constexpr std::array<std::string_view, 184> iso_639_1 = {
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
};

bool is_language_code(std::string_view code) {
    return std::binary_search(iso_639_1.begin(), iso_639_1.end(), code);
}

constexpr std::string_view top_level_keys[] = {"format", "id",   "title", "description",
                                               "languages", "kiosk", "results", "role", "step"};
constexpr std::string_view kiosk_keys[] = {"idle_reset_seconds", "ask_language", "ask_role"};
constexpr std::string_view results_keys[] = {"min_group_size"};
constexpr std::string_view role_keys[] = {"id", "label", "icon", "image"};
constexpr std::string_view option_keys[] = {"id", "label", "description", "color", "icon", "image"};

constexpr unsigned bit(StepType type) { return 1u << static_cast<unsigned>(type); }
constexpr unsigned every_type = bit(StepType::info) | bit(StepType::dot_vote) |
                                bit(StepType::ranking) | bit(StepType::idea_vote);
constexpr unsigned voting_types = every_type & ~bit(StepType::info);
constexpr StepType all_step_types[] = {StepType::info, StepType::dot_vote, StepType::ranking,
                                       StepType::idea_vote};

// Which step types accept each step key.
struct StepKey {
    std::string_view name;
    unsigned types;
};
constexpr StepKey step_keys[] = {
    {"id", every_type},
    {"type", every_type},
    {"title", every_type},
    {"prompt", every_type},
    {"options", voting_types},
    {"body", bit(StepType::info)},
    {"dots", bit(StepType::dot_vote)},
    {"max_per_option", bit(StepType::dot_vote)},
    {"require_all_dots", bit(StepType::dot_vote)},
    {"method", bit(StepType::ranking)},
    {"rank_at_least", bit(StepType::ranking)},
    {"rank_at_most", bit(StepType::ranking)},
    {"votes_per_participant", bit(StepType::idea_vote)},
    {"collect_ideas", bit(StepType::idea_vote)},
    {"max_idea_length", bit(StepType::idea_vote)},
};

// Types a later format may add; named so the message can say so.
constexpr std::string_view future_step_types[] = {"rating", "poll", "open_question", "matrix"};

// ---- small text helpers ---------------------------------------------------------------------

// Text from the file as it appears in a message: on one line and at most 40 characters.
std::string shown(std::string_view text) {
    std::string out;
    const std::size_t keep = utf8_prefix_bytes(text, 40);
    for (std::size_t i = 0; i < keep; ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') out += "\\n";
        else if (byte == '\t') out += "\\t";
        else if (byte < 0x20 || byte == 0x7F) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04X", byte);
            out += escaped;
        } else out += text[i];
    }
    return keep < text.size() ? out + "…" : out;
}
std::string ticked(std::string_view text) { return "`" + shown(text) + "`"; }
std::string in_quotes(std::string_view text) { return "\"" + shown(text) + "\""; }

// "an info step", "a ranking step": how messages name a kind of step.
std::string kind_of_step(StepType type) {
    const bool vowel = type == StepType::info || type == StepType::idea_vote;
    return (vowel ? "an " : "a ") + std::string(to_string(type)) + " step";
}

std::string join(std::span<const std::string_view> words, std::string_view last_separator) {
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0) out += i + 1 == words.size() ? last_separator : std::string_view(", ");
        out += words[i];
    }
    return out;
}

// Optimal string alignment distance: edits, plus swapping two neighbours ("dtos" -> "dots").
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i)
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
    return d[a.size()][b.size()];
}

// How many edits make `word` a likely typo of a candidate.
std::size_t typo_distance(std::string_view word) { return word.size() <= 3 ? 1 : word.size() <= 6 ? 2 : 3; }

// The candidate closest to `word` (the first of equally close ones), and its distance.
std::pair<std::string_view, std::size_t> nearest(std::string_view word, std::span<const std::string_view> candidates) {
    // A very long word costs an O(n*m) table; its first 64 characters decide just as well.
    word = word.substr(0, 64);
    std::string_view best;
    std::size_t best_distance = SIZE_MAX;
    for (std::string_view candidate : candidates) {
        const std::size_t distance = edit_distance(word, candidate);
        if (distance < best_distance) best = candidate, best_distance = distance;
    }
    return {best, best_distance};
}

// The candidate closest to `word`, when it is close enough to be a likely typo; else "".
std::string_view closest(std::string_view word, std::span<const std::string_view> candidates) {
    if (word.size() > 64) return {};
    const auto [best, distance] = nearest(word, candidates);
    return distance <= typo_distance(word) ? best : std::string_view();
}

bool is_slug(std::string_view text) {
    const auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (text.empty() || !lower_or_digit(text.front())) return false;
    return std::all_of(text.begin(), text.end(),
                       [&](char c) { return lower_or_digit(c) || c == '_' || c == '-'; });
}

bool is_color(std::string_view text) {
    if (text.size() != 7 || text[0] != '#') return false;
    return std::all_of(text.begin() + 1, text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    });
}

struct Position {
    int line = 0;
    int column = 0;
};

Position position_of(const toml::source_position& position) {
    return {static_cast<int>(position.line), static_cast<int>(position.column)};
}
Position start_of(const toml::node& node) { return position_of(node.source().begin); }
Position start_of(const toml::key& key) { return position_of(key.source().begin); }

// The first control character (U+0000-U+001F, U+007F-U+009F) of decoded text: its byte index
// and code point, or nullopt.
struct ControlAt {
    std::size_t index = 0;
    unsigned code = 0;
};
std::optional<ControlAt> find_control(std::string_view text) {
    for (std::size_t i = 0; i < text.size();) {
        const Utf8CodePoint at = decode_utf8_at(text, i);
        if (at.valid && is_control_code_point(at.code_point)) return ControlAt{i, static_cast<unsigned>(at.code_point)};
        i += at.length;
    }
    return std::nullopt;
}

// Where in the file the byte `target` of a TOML string's decoded value comes from: walks the
// string literal starting at `start` (its opening quote), escapes and line-ending backslashes
// included. Returns `start` when the literal cannot be followed.
Position source_of_decoded(std::string_view file, Position start, std::size_t target) {
    std::size_t i = 0;
    Position at{1, 1};
    auto advance = [&](std::size_t n) {
        for (std::size_t k = 0; k < n && i < file.size(); ++k) {
            if (file[i] == '\n') at.line++, at.column = 1;
            else at.column++;
            i += decode_utf8_at(file, i).length;  // a whole character
        }
    };
    while (i < file.size() && (at.line < start.line || (at.line == start.line && at.column < start.column))) advance(1);
    if (at.line != start.line || at.column != start.column || i >= file.size()) return start;
    const char quote = file[i];
    if (quote != '"' && quote != '\'') return start;
    const bool multi = file.substr(i, 3) == std::string(3, quote);
    const bool basic = quote == '"';
    advance(multi ? 3 : 1);
    if (multi && file.substr(i, 1) == "\n") advance(1);  // a line break right after """ is not part of the text
    else if (multi && file.substr(i, 2) == "\r\n") advance(2);
    std::size_t decoded = 0;
    while (i < file.size()) {
        if (multi ? file.substr(i, 3) == std::string(3, quote) : file[i] == quote) break;
        if (decoded >= target) return at;  // this character (or escape) makes the target byte
        if (basic && file[i] == '\\' && i + 1 < file.size()) {
            const char e = file[i + 1];
            if (e == 'u' || e == 'U') {
                const std::size_t digits = e == 'u' ? 4 : 8;
                const unsigned long code = std::strtoul(std::string(file.substr(i + 2, digits)).c_str(), nullptr, 16);
                decoded += encode_utf8(static_cast<char32_t>(code)).size();
                advance(2 + digits);
            } else if (multi && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
                advance(1);  // a line-ending backslash: the blanks and line breaks after it vanish
                while (i < file.size() && (file[i] == ' ' || file[i] == '\t' || file[i] == '\n' || file[i] == '\r')) advance(1);
            } else {
                decoded += 1;
                advance(2);
            }
            continue;
        }
        const std::size_t before = i;
        advance(1);
        decoded += i - before;
    }
    return start;
}

std::string_view type_name(const toml::node& node) {
    switch (node.type()) {
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "a list";
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "a whole number";
        case toml::node_type::floating_point: return "a decimal number";
        case toml::node_type::boolean: return "true/false";
        case toml::node_type::date: return "a date";
        case toml::node_type::time: return "a time";
        case toml::node_type::date_time: return "a date-time";
        case toml::node_type::none: break;
    }
    return "nothing";
}

// ---- checks on the raw bytes, before toml++ sees them ---------------------------------------

struct ByteProblem {
    Position at;
    std::string message;
};

// Positions count code points from 1, as toml++ does.
std::optional<ByteProblem> find_invalid_utf8(std::string_view text) {
    const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t size = text.size();
    Position at{1, 1};
    for (std::size_t i = 0; i < size;) {
        const Utf8CodePoint character = decode_utf8_at(text, i);
        if (!character.valid) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", bytes[i]);
            std::string message = "the file is not valid UTF-8 (byte " + std::string(hex) + ")";
            if (size >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
                message += "; it looks like UTF-16: save it as UTF-8";
            else
                message += "; save the file as UTF-8 text (a scenario is a plain TOML text file)";
            return ByteProblem{at, message};
        }
        if (text[i] == '\n') at.line++, at.column = 1;
        else at.column++;
        i += character.length;
    }
    return std::nullopt;
}

// Finds a dotted key with too many parts (`a.b.c. ...`), skipping strings and comments.
// Only the characters that end a key reset the count, so `x = 1.5` counts one dot.
std::optional<ByteProblem> find_too_deep_key(std::string_view text) {
    enum class State { code, comment, basic, literal, multiline_basic, multiline_literal };
    State state = State::code;
    Position at{1, 1}, key_start{1, 1};
    bool before_key = true;  // the next non-blank character starts a key (or a value)
    int dots = 0;
    std::size_t i = 0;
    // Steps over quotes and escaped characters; never over a line end, so `at` stays right.
    const auto skip = [&](std::size_t count) {
        for (std::size_t k = 0; k < count && i + 1 < text.size() && text[i + 1] != '\n'; ++k) ++i, ++at.column;
    };
    for (; i < text.size(); ++i) {
        const char c = text[i];
        const bool three = i + 2 < text.size() && text[i + 1] == c && text[i + 2] == c;
        switch (state) {
            case State::code:
                if (before_key && c != ' ' && c != '\t') key_start = at, before_key = false;
                if (c == '#') {
                    state = State::comment;
                } else if (c == '"') {
                    state = three ? State::multiline_basic : State::basic;
                    if (three) skip(2);
                } else if (c == '\'') {
                    state = three ? State::multiline_literal : State::literal;
                    if (three) skip(2);
                } else if (c == '.') {
                    if (++dots >= max_key_parts)
                        return ByteProblem{key_start, "this key has more than " + std::to_string(max_key_parts) +
                                                          " dotted parts; scenario keys have one or two (like "
                                                          "title.nl): check that this is the right file"};
                } else if (std::string_view("\n=,[]{}").find(c) != std::string_view::npos) {
                    dots = 0, before_key = true;
                }
                break;
            case State::comment:
                if (c == '\n') state = State::code, dots = 0, before_key = true;
                break;
            case State::basic:
                if (c == '\\') skip(1);
                else if (c == '"' || c == '\n') state = State::code;
                break;
            case State::literal:
                if (c == '\'' || c == '\n') state = State::code;
                break;
            case State::multiline_basic:
            case State::multiline_literal: {
                const char quote = state == State::multiline_basic ? '"' : '\'';
                if (c == '\\' && state == State::multiline_basic) {
                    skip(1);
                } else if (c == quote && three) {
                    // A closing run may be up to five quotes long; the first ones are content.
                    std::size_t run = 0;
                    while (i + run < text.size() && text[i + run] == quote && run < 5) ++run;
                    skip(run - 1);
                    state = State::code;
                }
                break;
            }
        }
        if (text[i] == '\n') at.line++, at.column = 1;
        else if (starts_code_point(text[i])) at.column++;
    }
    return std::nullopt;
}

// ---- the reader: walks the parsed tables and checks every rule --------------------------------

class Reader {
public:
    Reader(std::string_view path, std::string_view file, const std::map<std::string, Picture>* stored_pictures)
        : m_path(path), m_file(file), m_stored_pictures(stored_pictures) {}

    Scenario read(const toml::table& root);
    Diagnostics take_errors() { return std::move(m_errors); }
    std::map<std::string, Picture> take_pictures() { return std::move(m_pictures); }
    Diagnostics take_warnings() { return std::move(m_warnings); }

private:
    void error(Position at, std::string message) {
        m_errors.push_back({m_path, at.line, at.column, std::move(message)});
    }
    void warning(Position at, std::string message) {
        m_warnings.push_back({m_path, at.line, at.column, std::move(message), Severity::warning});
    }
    void missing(const toml::table& table, std::string_view key, std::string_view owner,
                 std::string_view hint) {
        error(start_of(table), std::string(owner) + " has no " + ticked(key) + "; " + std::string(hint));
    }
    void unknown_key(const toml::key& key, std::span<const std::string_view> allowed,
                     std::string_view where);
    void check_keys(const toml::table& table, std::span<const std::string_view> allowed,
                    std::string_view where);
    void check_step_keys(const toml::table& table, std::optional<StepType> type);

    // Typed values: nullopt when absent, or (reported) of the wrong type.
    std::optional<std::int64_t> integer(const toml::table& table, std::string_view key);
    std::optional<bool> boolean(const toml::table& table, std::string_view key);
    std::optional<std::string> string(const toml::table& table, std::string_view key);
    // An integer in lo..hi; `range_note` explains the bounds ("the step's `dots`").
    std::optional<int> integer_in(const toml::table& table, std::string_view key, std::int64_t lo,
                                  std::int64_t hi, std::string_view range_note = {});

    std::string text_example(std::string_view key) const;
    // `required`: the key must be there; `may_be_empty`: "" is accepted (only `label` and
    // `title` must not be empty, scenario-format.md).
    LocalText text(const toml::table& owner, std::string_view key, bool required, std::string_view owner_name,
                   bool may_be_empty = false);
    std::string id(const toml::table& table, std::string_view kind, std::string_view example,
                   std::map<std::string, int>& seen);

    void read_format(const toml::table& root);
    void read_languages(const toml::table& root, Scenario& scenario);
    void warn_about_kiosk_texts(const std::string& code, Position at);
    void read_kiosk(const toml::table& root, Scenario& scenario);
    void read_results(const toml::table& root, Scenario& scenario);
    void read_roles(const toml::table& root, Scenario& scenario);
    void read_steps(const toml::table& root, Scenario& scenario);
    Step read_step(const toml::table& table, std::map<std::string, int>& seen_ids);
    std::optional<StepType> read_step_type(const toml::table& table, std::string_view owner);
    void read_options(const toml::table& table, Step& step);
    bool check_option_count(const toml::table& table, const Step& step, std::size_t lo, std::size_t hi);
    void read_dot_vote(const toml::table& table, Step& step);
    void read_ranking(const toml::table& table, Step& step);
    void read_idea_vote(const toml::table& table, Step& step);
    Pictogram read_pictogram(const toml::table& table, std::string_view owner);
    std::uint32_t read_icon(const toml::table& table);
    std::string read_image(const toml::table& table);
    // The picture at `image`, read once however many options show it; "" or a problem.
    std::string load_picture(const std::string& image);

    // Reports a control character in the text `value` (named `name`) at its place in the file.
    void check_controls(const toml::node& value, std::string_view name, std::string_view text);

    std::string m_path;
    std::string_view m_file;  // the whole file, to point at a control character inside a text
    const std::map<std::string, Picture>* m_stored_pictures;  // a session's, instead of the disk
    std::map<std::string, Picture> m_pictures;
    std::map<std::string, std::string> m_picture_problems;
    Diagnostics m_errors;
    Diagnostics m_warnings;
    std::vector<std::string> m_languages;
    bool m_languages_ok = false;  // language checks on texts only make sense when this holds
};

void Reader::unknown_key(const toml::key& key, std::span<const std::string_view> allowed,
                         std::string_view where) {
    // The closest known key is always named (scenario-format.md); when it is far from a typo,
    // the keys allowed here are listed too.
    std::string message = "unknown key " + ticked(key.str()) + " " + std::string(where);
    const auto [suggestion, distance] = nearest(key.str(), allowed);
    if (!suggestion.empty()) message += "; did you mean " + ticked(suggestion) + "?";
    if (suggestion.empty() || distance > typo_distance(key.str()))
        message += " (the keys allowed here are " + join(allowed, " and ") + ")";
    error(start_of(key), std::move(message));
}

void Reader::check_keys(const toml::table& table, std::span<const std::string_view> allowed,
                        std::string_view where) {
    for (auto&& [key, node] : table)
        if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end())
            unknown_key(key, allowed, where);
}

void Reader::check_step_keys(const toml::table& table, std::optional<StepType> type) {
    // With an unknown type every step key is allowed, so that only the type is reported.
    const unsigned accepted = type ? bit(*type) : every_type;
    std::vector<std::string_view> allowed;
    for (const StepKey& key : step_keys)
        if (key.types & accepted) allowed.push_back(key.name);

    for (auto&& [key, node] : table) {
        const std::string_view name = key.str();  // clang 14 cannot capture a structured binding
        const auto known = std::find_if(std::begin(step_keys), std::end(step_keys),
                                        [&](const StepKey& k) { return k.name == name; });
        if (known == std::end(step_keys)) {
            unknown_key(key, allowed, "in step");
        } else if (!(known->types & accepted)) {
            std::vector<std::string_view> users;
            for (StepType other : all_step_types)
                if (known->types & bit(other)) users.push_back(to_string(other));
            error(start_of(key), ticked(key.str()) + " does not apply to " + kind_of_step(*type) +
                                     " (it is for " + join(users, " and ") + " steps); remove it or change `type`");
        }
    }
}

std::optional<std::int64_t> Reader::integer(const toml::table& table, std::string_view key) {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_integer()) return value->get();
    error(start_of(*node), ticked(key) + " must be a whole number (without quotes), not " +
                               std::string(type_name(*node)));
    return std::nullopt;
}

std::optional<bool> Reader::boolean(const toml::table& table, std::string_view key) {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_boolean()) return value->get();
    error(start_of(*node), ticked(key) + " must be true or false (without quotes), not " +
                               std::string(type_name(*node)));
    return std::nullopt;
}

std::optional<std::string> Reader::string(const toml::table& table, std::string_view key) {
    const toml::node* node = table.get(key);
    if (!node) return std::nullopt;
    if (const auto* value = node->as_string()) return value->get();
    error(start_of(*node), ticked(key) + " must be a text in double quotes, not " +
                               std::string(type_name(*node)));
    return std::nullopt;
}

std::optional<int> Reader::integer_in(const toml::table& table, std::string_view key, std::int64_t lo,
                                      std::int64_t hi, std::string_view range_note) {
    const std::optional<std::int64_t> value = integer(table, key);
    if (!value) return std::nullopt;
    if (*value < lo || *value > hi) {
        std::string message = ticked(key) + " must be ";
        message += lo == hi ? std::to_string(lo) : "between " + std::to_string(lo) + " and " + std::to_string(hi);
        if (!range_note.empty()) message += " (" + std::string(range_note) + ")";
        message += "; it is " + std::to_string(*value);
        error(start_of(*table.get(key)), std::move(message));
        return std::nullopt;
    }
    return static_cast<int>(*value);
}

// `title = { nl = "…", en = "…" }`, shaped by the scenario's languages.
std::string Reader::text_example(std::string_view key) const {
    if (!m_languages_ok || m_languages.size() < 2) return std::string(key) + " = \"…\"";
    std::string out = std::string(key) + " = { ";
    for (std::size_t i = 0; i < m_languages.size(); ++i) out += (i ? ", " : "") + m_languages[i] + " = \"…\"";
    return out + " }";
}

LocalText Reader::text(const toml::table& owner, std::string_view key, bool required,
                       std::string_view owner_name, bool may_be_empty) {
    LocalText out;
    const toml::node* node = owner.get(key);
    if (!node) {
        if (required) missing(owner, key, owner_name, "add " + text_example(key));
        return out;
    }
    const std::string default_language = m_languages_ok ? m_languages.front() : std::string();
    if (const auto* single = node->as_string()) {
        check_controls(*node, key, single->get());
        if (required && !may_be_empty && single->get().empty())
            error(start_of(*node), ticked(key) + " is empty; write the text participants should see");
        if (m_languages_ok)
            for (const std::string& language : m_languages) out.by_language[language] = single->get();
        return out;
    }
    const auto* table = node->as_table();
    if (!table) {
        error(start_of(*node), ticked(key) + " must be a text in double quotes or a table of texts by language, like " +
                                   text_example(key) + "; it is " + std::string(type_name(*node)));
        return out;
    }
    for (auto&& [language, value] : *table) {
        const std::string name = std::string(key) + "." + std::string(language.str());
        const bool listed = std::find(m_languages.begin(), m_languages.end(), language.str()) != m_languages.end();
        if (m_languages_ok && !listed) {
            std::vector<std::string_view> codes(m_languages.begin(), m_languages.end());
            error(start_of(language), "language " + ticked(language.str()) + " of " + ticked(key) +
                                          " is not in `languages` (" + join(codes, ", ") +
                                          "); add it to `languages` or remove this text");
        }
        const auto* string_value = value.as_string();
        if (!string_value) {
            error(start_of(value), ticked(name) + " must be a text in double quotes, not " + std::string(type_name(value)));
            continue;
        }
        check_controls(value, name, string_value->get());
        if (required && !may_be_empty && string_value->get().empty()) {
            std::string message = ticked(name) + " is empty; write the text participants should see";
            if (m_languages_ok && language.str() != default_language)
                message += ", or leave " + ticked(language.str()) + " out to show the " + default_language + " text";
            error(start_of(value), std::move(message));
        }
        if (listed) out.by_language[std::string(language.str())] = string_value->get();
    }
    if (!m_languages_ok) return out;
    const auto fallback = out.by_language.find(default_language);
    if (fallback == out.by_language.end()) {
        if (!table->contains(default_language))
            error(start_of(*node), ticked(key) + " has no text in " + ticked(default_language) +
                                       ", the default language (the first of `languages`); add " +
                                       default_language + " = \"…\"");
        return out;
    }
    // A language a facilitator did not translate shows the default language's text.
    const std::string fallback_text = fallback->second;
    for (const std::string& language : m_languages) out.by_language.try_emplace(language, fallback_text);
    return out;
}

void Reader::check_controls(const toml::node& value, std::string_view name, std::string_view text) {
    const std::optional<ControlAt> control = find_control(text);
    if (!control) return;
    char code[16];
    std::snprintf(code, sizeof code, "U+%04X", control->code);
    std::string what = code;
    if (control->code == '\n' || control->code == '\r') what += " (a line break)";
    else if (control->code == '\t') what += " (a tab)";
    error(source_of_decoded(m_file, start_of(value), control->index),
          ticked(name) + " contains the control character " + what +
              "; scenario texts may not hold control characters (U+0000-U+001F, U+007F-U+009F): remove it "
              "(write the text on one line, with spaces instead of tabs)");
}

std::string Reader::id(const toml::table& table, std::string_view kind, std::string_view example,
                       std::map<std::string, int>& seen) {
    if (!table.contains("id")) {
        missing(table, "id", kind == "scenario" ? "the scenario" : "this " + std::string(kind),
                "add id = \"" + std::string(example) + "\" (lowercase letters, digits, - and _)");
        return {};
    }
    std::optional<std::string> value = string(table, "id");
    if (!value) return {};
    const Position at = start_of(*table.get("id"));
    if (!is_slug(*value)) {
        error(at, in_quotes(*value) + " is not a valid " + std::string(kind) +
                      " id; use lowercase letters a-z, digits, - and _, starting with a letter or digit, like \"" +
                      std::string(example) + "\"");
    } else if (value->size() > max_id_length) {  // a slug is ASCII: bytes are characters
        error(at, "the " + std::string(kind) + " id is " + std::to_string(value->size()) +
                      " characters long; an id may have at most " + std::to_string(max_id_length));
    } else if (const auto [first, inserted] = seen.try_emplace(*value, at.line); !inserted) {
        error(at, "duplicate " + std::string(kind) + " id " + ticked(*value) + " (already used on line " +
                      std::to_string(first->second) + "); give every " + std::string(kind) + " its own id");
    }
    return *value;
}

void Reader::read_format(const toml::table& root) {
    if (!root.contains("format")) {
        missing(root, "format", "the scenario", "add format = 1 at the top of the file");
        return;
    }
    const std::optional<std::int64_t> format = integer(root, "format");
    if (format && *format != 1)
        error(start_of(*root.get("format")), "format " + std::to_string(*format) +
                                                 " is not supported; this version of the workshop reads format = 1");
}

void Reader::read_languages(const toml::table& root, Scenario& scenario) {
    const toml::node* node = root.get("languages");
    if (!node) {
        missing(root, "languages", "the scenario",
                "add languages = [\"nl\", \"en\"]: the codes of the languages of your texts, the default first");
        return;
    }
    const toml::array* codes = node->as_array();
    if (!codes) {
        error(start_of(*node), "`languages` must be a list of language codes, like languages = [\"nl\", \"en\"]; it is " +
                                   std::string(type_name(*node)));
        return;
    }
    if (codes->empty()) {
        error(start_of(*node), "`languages` is empty; list at least one language code, like languages = [\"nl\"]");
        return;
    }
    bool all_valid = true;
    for (const toml::node& element : *codes) {
        const auto* code_value = element.as_string();
        if (!code_value) {
            error(start_of(element), "a language must be a two-letter code in double quotes, like \"nl\"; this is " +
                                         std::string(type_name(element)));
            all_valid = false;
            continue;
        }
        const std::string& code = code_value->get();
        if (!is_language_code(code)) {
            std::string lower = code;
            for (char& c : lower)
                if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
            if (is_language_code(lower))
                error(start_of(element), "language code " + in_quotes(code) + " must be lowercase: write " + in_quotes(lower));
            else
                error(start_of(element), in_quotes(code) + " is not an ISO 639-1 language code; use a two-letter code like \"nl\", \"en\" or \"uk\"");
            all_valid = false;
        } else if (scenario.has_language(code)) {
            error(start_of(element), "language " + in_quotes(code) + " is listed twice in `languages`; remove one");
        } else {
            scenario.languages.push_back(code);
            warn_about_kiosk_texts(code, start_of(element));
        }
    }
    m_languages = scenario.languages;
    m_languages_ok = all_valid;
}

// A language the kiosk has no texts in, or texts no native speaker checked, still works: the
// facilitator hears about it before the session, not from a puzzled voter.
void Reader::warn_about_kiosk_texts(const std::string& code, Position at) {
    const UiLanguage* ui = find_ui_language(code);
    if (!ui) {
        std::vector<std::string_view> codes;
        for (const UiLanguage& l : ui_languages()) codes.push_back(l.code);
        warning(at, "the kiosk has no texts of its own in " + in_quotes(code) +
                        ": voters who pick it see the kiosk's buttons and hints in English (your scenario's texts "
                        "stay as written); kiosk texts exist for " + join(codes, " and "));
    } else if (!ui->reviewed) {
        warning(at, "the kiosk's own texts in " + in_quotes(code) +
                        " have not been reviewed by a native speaker yet; ask one to check assets/lang/" + code +
                        ".toml before the session");
    }
}

void Reader::read_kiosk(const toml::table& root, Scenario& scenario) {
    scenario.kiosk.ask_language = scenario.languages.size() > 1;
    scenario.kiosk.ask_role = !scenario.roles.empty();
    const toml::node* node = root.get("kiosk");
    if (!node) return;
    const toml::table* kiosk = node->as_table();
    if (!kiosk) {
        error(start_of(*node), "`kiosk` must be a table: write [kiosk] on a line of its own, with its settings below it");
        return;
    }
    check_keys(*kiosk, kiosk_keys, "in [kiosk]");
    scenario.kiosk.idle_reset_seconds =
        integer_in(*kiosk, "idle_reset_seconds", 10, 3600, "seconds").value_or(scenario.kiosk.idle_reset_seconds);
    scenario.kiosk.ask_language = boolean(*kiosk, "ask_language").value_or(scenario.kiosk.ask_language);
    if (const std::optional<bool> ask_role = boolean(*kiosk, "ask_role")) {
        // When `role` itself is broken that was reported; "no roles" would only mislead.
        // The format allows ask_role = true without roles; there is then nothing to ask.
        scenario.kiosk.ask_role = *ask_role && !scenario.roles.empty();
    }
}

void Reader::read_results(const toml::table& root, Scenario& scenario) {
    const toml::node* node = root.get("results");
    if (!node) return;
    const toml::table* results = node->as_table();
    if (!results) {
        error(start_of(*node), "`results` must be a table: write [results] on a line of its own, with its settings below it");
        return;
    }
    check_keys(*results, results_keys, "in [results]");
    scenario.results.min_group_size = integer_in(*results, "min_group_size", 1, 1000, "ballots")
                                          .value_or(scenario.results.min_group_size);
}

void Reader::read_roles(const toml::table& root, Scenario& scenario) {
    const toml::node* node = root.get("role");
    if (!node) return;
    const toml::array* roles = node->as_array();
    if (!roles) {
        error(start_of(*node), "`role` must be a list of tables: write each role as [[role]] (double brackets), with its id and label below it");
        return;
    }
    std::map<std::string, int> seen;
    for (const toml::node& element : *roles) {
        const toml::table* table = element.as_table();
        if (!table) {
            error(start_of(element), "a role must be a table with an id and a label, like { id = \"gemeente\", label = \"Gemeente\" }; this is " +
                                         std::string(type_name(element)));
            continue;
        }
        check_keys(*table, role_keys, "in role");
        Role role;
        role.id = id(*table, "role", "municipality", seen);
        const std::string owner = role.id.empty() ? "this role" : "role " + ticked(role.id);
        role.label = text(*table, "label", true, owner);
        role.pictogram = read_pictogram(*table, owner);
        scenario.roles.push_back(std::move(role));
    }
}

void Reader::read_steps(const toml::table& root, Scenario& scenario) {
    const toml::node* node = root.get("step");
    if (!node) {
        missing(root, "step", "the scenario", "add at least one [[step]] with an id, a type and a title");
        return;
    }
    const toml::array* steps = node->as_array();
    if (!steps) {
        error(start_of(*node), "`step` must be a list of tables: write each step as [[step]] (double brackets)");
        return;
    }
    if (steps->empty()) {
        error(start_of(*node), "`step` is empty; add at least one [[step]] with an id, a type and a title");
        return;
    }
    std::map<std::string, int> seen;
    for (const toml::node& element : *steps) {
        if (const toml::table* table = element.as_table())
            scenario.steps.push_back(read_step(*table, seen));
        else
            error(start_of(element), "a step must be a table; write each step as [[step]] with its keys below it");
    }
}

std::optional<StepType> Reader::read_step_type(const toml::table& table, std::string_view owner) {
    if (!table.contains("type")) {
        missing(table, "type", owner, "add type = \"info\", \"dot_vote\", \"ranking\" or \"idea_vote\"");
        return std::nullopt;
    }
    const std::optional<std::string> name = string(table, "type");
    if (!name) return std::nullopt;
    std::vector<std::string_view> names;
    for (StepType type : all_step_types) {
        if (*name == to_string(type)) return type;
        names.push_back(to_string(type));
    }
    std::string message = "step type " + ticked(*name) + " is not supported by format 1";
    const bool future = std::find(std::begin(future_step_types), std::end(future_step_types), *name) !=
                        std::end(future_step_types);
    const std::string_view suggestion = future ? std::string_view() : closest(*name, names);
    if (future) message += " (a later format may add it)";
    if (!suggestion.empty())
        message += "; did you mean " + ticked(suggestion) + "?";
    else
        message += "; use " + join(names, " or ");
    error(start_of(*table.get("type")), std::move(message));
    return std::nullopt;
}

Step Reader::read_step(const toml::table& table, std::map<std::string, int>& seen_ids) {
    Step step;
    step.line = start_of(table).line;
    step.id = id(table, "step", "themes", seen_ids);
    const std::string owner = step.id.empty() ? "this step" : "step " + ticked(step.id);
    const std::optional<StepType> type = read_step_type(table, owner);
    check_step_keys(table, type);
    step.title = text(table, "title", true, owner);
    step.prompt = text(table, "prompt", false, owner);
    if (!type) {
        read_options(table, step);  // still report what is wrong inside them
        return step;
    }
    step.type = *type;
    switch (*type) {
        case StepType::info:
            step.body = text(table, "body", true, owner, true);
            break;
        case StepType::dot_vote:
            read_options(table, step);
            read_dot_vote(table, step);
            break;
        case StepType::ranking:
            read_options(table, step);
            read_ranking(table, step);
            break;
        case StepType::idea_vote:
            read_options(table, step);
            read_idea_vote(table, step);
            break;
    }
    return step;
}

void Reader::read_options(const toml::table& table, Step& step) {
    const toml::node* node = table.get("options");
    if (!node) return;
    const toml::array* options = node->as_array();
    if (!options) {
        error(start_of(*node), "`options` must be a list of option tables, like options = [ { id = \"housing\", label = \"…\" } ]; it is " +
                                   std::string(type_name(*node)));
        return;
    }
    std::map<std::string, int> seen;
    for (const toml::node& element : *options) {
        const toml::table* option_table = element.as_table();
        if (!option_table) {
            error(start_of(element), "an option must be a table like { id = \"housing\", label = \"…\" }; this is " +
                                         std::string(type_name(element)));
            continue;
        }
        check_keys(*option_table, option_keys, "in option");
        Option option;
        option.id = id(*option_table, "option", "housing", seen);
        const std::string owner = option.id.empty() ? "this option" : "option " + ticked(option.id);
        option.label = text(*option_table, "label", true, owner);
        option.description = text(*option_table, "description", false, owner);
        if (std::optional<std::string> color = string(*option_table, "color")) {
            if (!is_color(*color))
                error(start_of(*option_table->get("color")),
                      "`color` must be \"#RRGGBB\" (# and six hexadecimal digits, like \"#E69F00\"); it is " + in_quotes(*color));
            option.color = std::move(*color);
        }
        option.pictogram = read_pictogram(*option_table, owner);
        step.options.push_back(std::move(option));
    }
}

bool Reader::check_option_count(const toml::table& table, const Step& step, std::size_t lo, std::size_t hi) {
    const std::size_t count = step.options.size();
    if (count >= lo && count <= hi) return true;
    // A non-list or non-table entries were reported already; a count would only confuse.
    const toml::node* node = table.get("options");
    if (node && (!node->is_array() || node->as_array()->size() != count)) return false;
    const std::string what =
        kind_of_step(step.type) + " needs " + std::to_string(lo) + " to " + std::to_string(hi) + " options";
    if (!node)
        error(start_of(table), what + "; add options = [ { id = \"…\", label = \"…\" }, … ]");
    else
        error(start_of(*node), what + "; this one has " + std::to_string(count));
    return false;
}

void Reader::read_dot_vote(const toml::table& table, Step& step) {
    if (!table.contains("dots"))
        missing(table, "dots", step.id.empty() ? "this step" : "step " + ticked(step.id),
                "add dots = 5: how many dots each participant places");
    const std::optional<int> dots = integer_in(table, "dots", 1, max_dots);
    const std::optional<int> max_per_option =
        dots ? integer_in(table, "max_per_option", 1, *dots, "the step's `dots`")
             : integer_in(table, "max_per_option", 1, max_dots);
    const std::optional<bool> require_all = boolean(table, "require_all_dots");
    const bool count_ok = check_option_count(table, step, 2, 60);

    step.dots = dots.value_or(0);
    step.max_per_option = max_per_option.value_or(step.dots);
    step.require_all_dots = require_all.value_or(false);
    const int options = static_cast<int>(step.options.size());
    if (step.require_all_dots && dots && count_ok && (max_per_option || !table.contains("max_per_option")) &&
        step.dots > options * step.max_per_option)
        error(start_of(*table.get("require_all_dots")),
              "require_all_dots asks for all " + std::to_string(step.dots) + " dots, but " + std::to_string(options) +
                  " options with at most " + std::to_string(step.max_per_option) + " each hold only " +
                  std::to_string(options * step.max_per_option) + "; lower `dots` or raise `max_per_option`");
}

void Reader::read_ranking(const toml::table& table, Step& step) {
    if (std::optional<std::string> method = string(table, "method")) {
        if (*method == "borda") step.method = RankingMethod::borda;
        else if (*method == "schulze") step.method = RankingMethod::schulze;
        else
            error(start_of(*table.get("method")), "`method` must be \"borda\" or \"schulze\"; it is " + in_quotes(*method));
    }
    const bool count_ok = check_option_count(table, step, 2, 30);
    const int options = static_cast<int>(step.options.size());
    // Without a valid option count only the format's outer bound can be checked.
    const int upper = count_ok ? options : 30;
    const std::string_view note = count_ok ? "the number of options" : "";
    const std::optional<int> at_least = integer_in(table, "rank_at_least", 1, upper, note);
    const std::optional<int> at_most = integer_in(table, "rank_at_most", 1, upper, note);
    if (at_least && at_most && *at_least > *at_most)
        error(start_of(*table.get("rank_at_least")),
              "`rank_at_least` (" + std::to_string(*at_least) + ") is more than `rank_at_most` (" +
                  std::to_string(*at_most) + "); lower rank_at_least or raise rank_at_most");
    step.rank_at_least = at_least.value_or(1);
    step.rank_at_most = at_most.value_or(options);
}

void Reader::read_idea_vote(const toml::table& table, Step& step) {
    step.votes_per_participant =
        integer_in(table, "votes_per_participant", 1, max_votes_per_participant, "leave it out for no limit")
            .value_or(0);
    const std::optional<bool> collect = boolean(table, "collect_ideas");
    step.collect_ideas = collect.value_or(false);
    step.max_idea_length = integer_in(table, "max_idea_length", 10, 1000, "characters").value_or(step.max_idea_length);
    if (!check_option_count(table, step, 0, 500)) return;
    // An unreadable collect_ideas was reported already; do not guess what it meant.
    if (step.options.empty() && !step.collect_ideas && (collect || !table.contains("collect_ideas"))) {
        const toml::node* options = table.get("options");
        error(options ? start_of(*options) : start_of(table),
              "an idea_vote step needs at least one option to vote on, unless participants add their own: "
              "add options or set collect_ideas = true");
    }
}

// ---- pictograms: `icon` and `image` on options and roles ----------------------------------------

// Where a key of `table` is written: errors about a picture point at its key.
Position key_start(const toml::table& table, std::string_view name) {
    for (auto&& [key, node] : table)
        if (key.str() == name) return start_of(key);
    return start_of(table);
}

const std::vector<std::string_view>& icon_names() {
    static const std::vector<std::string_view> names = [] {
        std::vector<std::string_view> out;
        for (const icons::Icon& icon : icons::all()) out.push_back(icon.name);
        return out;
    }();
    return names;
}

Pictogram Reader::read_pictogram(const toml::table& table, std::string_view owner) {
    Pictogram pictogram;
    if (table.contains("icon") && table.contains("image")) {
        // Point at whichever of the two comes second in the file.
        const Position icon = key_start(table, "icon"), image = key_start(table, "image");
        const bool image_later = image.line != icon.line ? image.line > icon.line : image.column > icon.column;
        error(image_later ? image : icon, std::string(owner) +
                                              " has both `icon` and `image`; it shows one of them: remove the other");
        return pictogram;
    }
    if (table.contains("icon")) {
        pictogram.codepoint = read_icon(table);
        if (pictogram.codepoint) pictogram.icon = table.get("icon")->as_string()->get();
    } else if (table.contains("image")) {
        pictogram.image = read_image(table);
    }
    return pictogram;
}

std::uint32_t Reader::read_icon(const toml::table& table) {
    const std::optional<std::string> name = string(table, "icon");
    if (!name) return 0;
    if (const std::uint32_t codepoint = icons::codepoint(*name)) return codepoint;
    std::string message = "unknown icon " + ticked(*name);
    std::string_view without_prefix = *name;
    if (without_prefix.substr(0, 3) == "fa-") without_prefix.remove_prefix(3);
    const std::string_view suggestion =
        icons::codepoint(without_prefix) ? without_prefix : nearest(*name, icon_names()).first;
    message += "; did you mean " + ticked(suggestion) +
               "? (a Font Awesome 4.7 name, as listed on https://fontawesome.com/v4/icons/, without fa-)";
    error(key_start(table, "icon"), std::move(message));
    return 0;
}

std::string Reader::read_image(const toml::table& table) {
    const std::optional<std::string> image = string(table, "image");
    if (!image) return {};
    const Position at = key_start(table, "image");
    std::string problem;
    if (image->empty())
        problem = "`image` is empty; name a PNG or JPEG file beside the scenario, like image = \"pictures/housing.png\"";
    else if (std::filesystem::path(*image).is_absolute() || image->front() == '/')
        problem = "`image` must be a path relative to the scenario file, like \"pictures/housing.png\"; it is " + in_quotes(*image);
    else if (std::string loaded = load_picture(*image); !loaded.empty())
        problem = "picture " + in_quotes(*image) + " " + loaded;
    if (problem.empty()) return *image;
    error(at, std::move(problem));
    return {};
}

std::string Reader::load_picture(const std::string& image) {
    if (m_pictures.count(image)) return {};
    if (const auto known = m_picture_problems.find(image); known != m_picture_problems.end()) return known->second;
    std::string bytes, problem;
    if (m_stored_pictures) {
        const auto stored = m_stored_pictures->find(image);
        if (stored == m_stored_pictures->end()) problem = "was not stored with this session";
        else bytes = stored->second.bytes;
    } else {
        const std::filesystem::path file = std::filesystem::path(m_path).parent_path() / image;
        std::error_code ec;
        if (std::filesystem::is_directory(file, ec)) {
            problem = "is a folder; name a PNG or JPEG file";
        } else if (std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose); !in) {
            problem = "cannot be opened (" + file.string() + ": " + std::strerror(errno) +
                      "); put the picture beside the scenario file, or correct the path";
        } else {
            // Read at most one byte past the limit: a huge file is refused without reading it all.
            char buffer[65536];
            while (bytes.size() <= max_picture_bytes) {
                const std::size_t count = std::fread(buffer, 1, sizeof buffer, in.get());
                bytes.append(buffer, count);
                if (count < sizeof buffer) break;
            }
            if (std::ferror(in.get())) problem = "cannot be read (" + file.string() + ": " + std::strerror(errno) + ")";
        }
    }
    if (problem.empty())
        if (std::optional<Picture> picture = read_picture(std::move(bytes), problem))
            m_pictures.emplace(image, std::move(*picture));
    if (!problem.empty()) m_picture_problems.emplace(image, problem);
    return problem;
}

Scenario Reader::read(const toml::table& root) {
    Scenario scenario;
    check_keys(root, top_level_keys, "at top level");
    read_format(root);
    std::map<std::string, int> no_siblings;
    scenario.id = id(root, "scenario", "almere-stakeholders", no_siblings);
    read_languages(root, scenario);
    scenario.title = text(root, "title", true, "the scenario");
    scenario.description = text(root, "description", false, "the scenario");
    read_roles(root, scenario);
    read_kiosk(root, scenario);
    read_results(root, scenario);
    read_steps(root, scenario);
    return scenario;
}

ScenarioLoad failed(std::string_view path, Position at, std::string message, bool unreadable = false) {
    ScenarioLoad load;
    load.errors.push_back({std::string(path), at.line, at.column, std::move(message)});
    load.unreadable = unreadable;
    return load;
}

std::string too_large_message() {
    return std::string("the file is larger than ") + max_file_text + " (" + std::to_string(max_file_bytes) +
           " bytes), the limit for scenario files; check that this is the right file";
}

// Lower-cases toml++'s "Error while parsing ..." so it reads as part of our sentence.
std::string syntax_message(std::string_view description) {
    std::string message = "invalid TOML: " + std::string(description);
    if (message.size() > 14 && message[14] >= 'A' && message[14] <= 'Z') message[14] = static_cast<char>(message[14] - 'A' + 'a');
    if (description.find("redefine") != std::string_view::npos)
        message += "; a key or table may be defined only once: remove or rename the repeated one";
    else
        message += "; fix the TOML syntax here";
    return message;
}

}  // namespace

ScenarioLoad parse_scenario(std::string_view text, std::string_view path,
                            const std::map<std::string, Picture>* stored_pictures) {
    try {
        if (text.size() > max_file_bytes) return failed(path, {1, 1}, too_large_message());
        if (const auto problem = find_invalid_utf8(text)) return failed(path, problem->at, problem->message);
        if (const auto problem = find_too_deep_key(text)) return failed(path, problem->at, problem->message);

        toml::table root;
        try {
            root = toml::parse(text, std::string(path));
        } catch (const toml::parse_error& e) {
            return failed(path, position_of(e.source().begin), syntax_message(e.description()));
        }
        if (root.empty())
            return failed(path, {1, 1},
                          "the file holds no scenario; start with format = 1, id, title, languages and at least one "
                          "[[step]] (see docs/scenario-format.md)");

        Reader reader(path, text, stored_pictures);
        Scenario scenario = reader.read(root);
        ScenarioLoad load;
        load.errors = reader.take_errors();
        load.warnings = reader.take_warnings();
        if (!load.errors.empty()) {
            // Reported in file order, whatever order the tables were visited in.
            std::stable_sort(load.errors.begin(), load.errors.end(), [](const Diagnostic& a, const Diagnostic& b) {
                return a.line != b.line ? a.line < b.line : a.column < b.column;
            });
            return load;
        }
        scenario.source_path = std::string(path);
        scenario.source_text = std::string(text);
        scenario.sha256 = sha256_hex(text);
        scenario.pictures = reader.take_pictures();
        load.scenario = std::move(scenario);
        return load;
    } catch (const std::exception& e) {  // out of memory, or a bug: still a value, never a throw
        return failed(path, {1, 1}, std::string("could not read the scenario: ") + e.what());
    }
}

ScenarioLoad load_scenario_file(const std::string& path) {
    try {
        std::error_code ec;
        if (std::filesystem::is_directory(path, ec))
            return failed(path, {}, "this is a folder, not a scenario file; name a .toml file", true);
        std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
        if (!file)
            return failed(path, {}, std::string("cannot open the file: ") + std::strerror(errno) + "; check the name and path", true);
        // Read at most one byte past the limit: a huge file is refused without reading it all.
        std::string bytes;
        char buffer[65536];
        while (bytes.size() <= max_file_bytes) {
            const std::size_t count = std::fread(buffer, 1, sizeof buffer, file.get());
            bytes.append(buffer, count);
            if (count < sizeof buffer) break;
        }
        if (std::ferror(file.get()))
            return failed(path, {}, std::string("cannot read the file: ") + std::strerror(errno), true);
        if (bytes.size() > max_file_bytes) return failed(path, {1, 1}, too_large_message());
        return parse_scenario(bytes, path);
    } catch (const std::exception& e) {
        return failed(path, {}, std::string("cannot read the file: ") + e.what(), true);
    }
}

}  // namespace workshop
