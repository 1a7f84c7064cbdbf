// scenario_files_test.cpp — scenario files on disk: the fixture sets, the malformed corpus,
// size and depth limits, unreadable files and the three sample scenarios.
//
// tests/fixtures/scenarios/
//   valid/      each must load
//   invalid/    each lists its exact errors as `# expect: LINE:COLUMN: MESSAGE` comments
//   malformed/  each must be refused with errors, never crash
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "sha256.h"  // engine/src: the fingerprint is internal
#include "support/files.h"
#include "support/temp_dir.h"
#include "workshop/scenario.h"

using namespace workshop;
namespace fs = std::filesystem;

namespace {

const fs::path fixtures = fs::path(WORKSHOP_FIXTURES_DIR) / "scenarios";
const fs::path samples = fs::path(WORKSHOP_SOURCE_DIR) / "scenarios";

std::vector<fs::path> files_in(const fs::path& folder) {
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

struct Expected {
    int line = 0;
    int column = 0;
    std::string message;
};

// `# expect: 12:8: message` lines of an invalid fixture.
std::vector<Expected> expectations_of(const std::string& text) {
    std::vector<Expected> out;
    std::istringstream lines(text);
    const std::string marker = "# expect: ";
    for (std::string line; std::getline(lines, line);) {
        if (line.rfind(marker, 0) != 0) continue;
        Expected e;
        char colon1 = 0, colon2 = 0;
        std::istringstream fields(line.substr(marker.size()));
        fields >> e.line >> colon1 >> e.column >> colon2;
        std::getline(fields >> std::ws, e.message);
        REQUIRE((colon1 == ':' && colon2 == ':'));
        out.push_back(e);
    }
    return out;
}

bool has_cyrillic(const std::string& text) {
    // U+0400..U+04FF are encoded with lead bytes 0xD0..0xD3.
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte >= 0xD0 && byte <= 0xD3;
    });
}

// A participant-facing text must be written out in Ukrainian and in Dutch and English, not
// filled in from another language.
// Whether `text` has a letter of the Arabic block (Arabic and Persian) or of Ge'ez (Tigrinya).
bool has_arabic(const std::string& text) { return text.find("\xD8") != std::string::npos || text.find("\xD9") != std::string::npos || text.find("\xDA") != std::string::npos || text.find("\xDB") != std::string::npos; }
bool has_geez(const std::string& text) { return text.find("\xE1\x88") != std::string::npos || text.find("\xE1\x8A") != std::string::npos || text.find("\xE1\x8B") != std::string::npos || text.find("\xE1\x89") != std::string::npos; }

void check_translated(const LocalText& text, const std::string& where, std::size_t languages = 3) {
    INFO(where << ": nl=\"" << text.in("nl") << "\" en=\"" << text.in("en") << "\" uk=\"" << text.in("uk") << "\"");
    CHECK(text.by_language.size() == languages);
    if (languages > 3) {  // welcome-meeting: Arabic, Persian and Tigrinya too, each in its script
        CHECK(has_arabic(text.in("ar")));
        CHECK(has_arabic(text.in("fa")));
        CHECK(has_geez(text.in("ti")));
    }
    CHECK(has_cyrillic(text.in("uk")));
    CHECK_FALSE(has_cyrillic(text.in("nl")));
    CHECK_FALSE(has_cyrillic(text.in("en")));
    CHECK_FALSE(text.in("nl").empty());
    CHECK_FALSE(text.in("en").empty());
}

// One language, one info step (tests/fixtures/scenarios/valid/minimal.toml).
std::string small_scenario() { return test::fixture_text("scenarios/valid/minimal.toml"); }

}  // namespace

// ---- fixture sets -------------------------------------------------------------------------------

TEST_CASE("valid fixtures load, keeping their path, text and hash", "[scenario][files]") {
    const std::vector<fs::path> files = files_in(fixtures / "valid");
    REQUIRE(files.size() >= 3);
    for (const fs::path& file : files) {
        const ScenarioLoad load = load_scenario_file(file.string());
        INFO(file.string() << "\n" << format_diagnostics(load.errors));
        REQUIRE(load.ok());
        CHECK_FALSE(load.unreadable);
        CHECK(load.scenario->source_path == file.string());
        CHECK(load.scenario->source_text == test::read_text(file.string()));
        CHECK(load.scenario->sha256 == sha256_hex(test::read_text(file.string())));
    }
}

TEST_CASE("valid/every-key.toml: every value as written", "[scenario][files]") {
    const ScenarioLoad load = load_scenario_file((fixtures / "valid" / "every-key.toml").string());
    REQUIRE(load.ok());
    const Scenario& s = *load.scenario;
    CHECK(s.format == 1);
    CHECK(s.id == "every-key");
    CHECK(s.languages == std::vector<std::string>{"nl", "en", "uk"});
    CHECK(s.title.in("uk") == "Усі ключі");
    CHECK(s.description.in("en") == "Description");
    CHECK(s.kiosk.idle_reset_seconds == 120);
    CHECK(s.kiosk.ask_language == false);
    CHECK(s.kiosk.ask_role == false);
    REQUIRE(s.roles.size() == 2);
    CHECK(s.roles[1].id == "nieuwkomer");
    CHECK(s.roles[1].label.in("uk") == "Новоприбулі");
    REQUIRE(s.steps.size() == 4);

    const Step& intro = s.steps[0];
    CHECK(intro.line == 21);
    CHECK(intro.prompt.in("en") == "Read this");
    CHECK(intro.body.in("uk") == "Текст");

    const Step& themes = s.steps[1];
    CHECK(themes.prompt.in("uk") == "5 / 2");
    CHECK(themes.dots == 5);
    CHECK(themes.max_per_option == 2);
    CHECK(themes.require_all_dots);
    REQUIRE(themes.options.size() == 3);
    CHECK(themes.options[0].description.in("uk") == "Дім");
    CHECK(themes.options[0].color == "#E69F00");
    CHECK(themes.options[1].color == "#56b4e9");
    CHECK(themes.options[2].color.empty());

    const Step& agenda = s.steps[2];
    CHECK(agenda.method == RankingMethod::schulze);
    CHECK(agenda.rank_at_least == 2);
    CHECK(agenda.rank_at_most == 3);
    CHECK(agenda.options[2].label.in("nl") == "Café");

    const Step& ideas = s.steps[3];
    CHECK(ideas.votes_per_participant == 2);
    CHECK(ideas.collect_ideas);
    CHECK(ideas.max_idea_length == 140);
}

TEST_CASE("valid/ukrainian-default.toml: missing Dutch falls back to Ukrainian", "[scenario][files][text]") {
    const ScenarioLoad load = load_scenario_file((fixtures / "valid" / "ukrainian-default.toml").string());
    REQUIRE(load.ok());
    const Scenario& s = *load.scenario;
    CHECK(s.default_language() == "uk");
    CHECK(s.title.in("nl") == "Зустріч знайомства");
    CHECK(s.steps[0].title.in("nl") == "Waarover wil je meer horen?");
    CHECK(s.steps[0].options[0].label.in("nl") == "Мова");
    CHECK(s.steps[0].options[1].label.in("nl") == "Werk");
}

TEST_CASE("invalid fixtures give exactly the errors they list", "[scenario][files][errors]") {
    const std::vector<fs::path> files = files_in(fixtures / "invalid");
    REQUIRE(files.size() >= 2);
    for (const fs::path& file : files) {
        const std::string text = test::read_text(file.string());
        const std::vector<Expected> expected = expectations_of(text);
        const ScenarioLoad load = load_scenario_file(file.string());
        INFO(file.string() << "\n--- diagnostics ---\n" << format_diagnostics(load.errors));
        REQUIRE_FALSE(expected.empty());  // a fixture without `# expect:` lines tests nothing
        CHECK_FALSE(load.scenario.has_value());
        CHECK_FALSE(load.unreadable);
        CHECK(load.errors.size() == expected.size());
        for (std::size_t i = 0; i < std::min(expected.size(), load.errors.size()); ++i) {
            INFO("expected: " << expected[i].line << ":" << expected[i].column << ": " << expected[i].message);
            CHECK(load.errors[i].file == file.string());
            CHECK(load.errors[i].line == expected[i].line);
            CHECK(load.errors[i].column == expected[i].column);
            CHECK_THAT(load.errors[i].message, Catch::Contains(expected[i].message));
        }
        // One printed line per error.
        const std::string printed = format_diagnostics(load.errors);
        CHECK(static_cast<std::size_t>(std::count(printed.begin(), printed.end(), '\n')) == expected.size());
    }
}

// ---- malformed corpus ----------------------------------------------------------------------------

TEST_CASE("malformed files are refused with errors, never a crash", "[scenario][files][malformed]") {
    const std::vector<fs::path> files = files_in(fixtures / "malformed");
    REQUIRE(files.size() >= 15);
    for (const fs::path& file : files) {
        const ScenarioLoad load = load_scenario_file(file.string());
        INFO(file.string() << "\n" << format_diagnostics(load.errors));
        CHECK_FALSE(load.ok());
        CHECK_FALSE(load.scenario.has_value());
        CHECK_FALSE(load.unreadable);  // readable, just wrong
        REQUIRE_FALSE(load.errors.empty());
        for (const Diagnostic& d : load.errors) {
            CHECK(d.file == file.string());
            CHECK_FALSE(d.message.empty());
            CHECK(d.message.find('\n') == std::string::npos);
        }
    }
}

TEST_CASE("malformed files: the first error says what is wrong, and where", "[scenario][files][malformed]") {
    struct First {
        std::string file;
        int line;
        int column;
        std::string message;
        std::size_t count;  // how many errors in all
    };
    const std::vector<First> cases = {
        {"empty.toml", 1, 1, "the file holds no scenario", 1},
        {"only-comments.toml", 1, 1, "the file holds no scenario", 1},
        {"truncated.toml", 8, 45, "invalid TOML: error while parsing string: encountered end-of-file", 1},
        {"garbage.bin", 1, 1, "the file is not valid UTF-8 (byte 0x89)", 1},
        {"nul-bytes.toml", 1, 11, "invalid TOML", 1},
        {"invalid-utf8.toml", 5, 25, "the file is not valid UTF-8 (byte 0xC0)", 1},
        {"surrogate.toml", 5, 26, "the file is not valid UTF-8 (byte 0xED)", 1},
        {"truncated-utf8.toml", 5, 17, "the file is not valid UTF-8 (byte 0xD0)", 1},
        {"utf16.toml", 1, 1, "it looks like UTF-16: save it as UTF-8", 1},
        {"deep-arrays.toml", 5, 271, "exceeded maximum nested value depth", 1},
        {"deep-inline-tables.toml", 5, 1551, "exceeded maximum nested value depth", 1},
        {"deep-dotted-key.toml", 5, 1, "this key has more than 17 dotted parts", 1},
        {"deep-table-header.toml", 10, 2, "this key has more than 17 dotted parts", 1},
        {"duplicate-keys.toml", 5, 9, "cannot redefine existing string 'title'; a key or table may be defined only once", 1},
        {"duplicate-tables.toml", 7, 1, "cannot redefine existing table 'kiosk'", 1},
        {"unterminated-string.toml", 5, 22, "invalid TOML", 1},
        {"unterminated-multiline.toml", 11, 12, "encountered end-of-file", 1},
        {"huge-integer.toml", 6, 45, "is not representable in 64 bits", 1},
        {"step-is-string.toml", 5, 8, "`step` must be a list of tables", 1},
        // An empty table as a step is missing id, type and title (three), plus the three others.
        {"mixed-array.toml", 5, 63, "a step must be a table", 6},
        {"wrong-types.toml", 1, 10, "`format` must be a whole number (without quotes), not a string", 10},
    };
    std::set<std::string> covered;
    for (const First& c : cases) {
        const fs::path file = fixtures / "malformed" / c.file;
        const ScenarioLoad load = load_scenario_file(file.string());
        INFO(file.string() << "\n" << format_diagnostics(load.errors));
        REQUIRE_FALSE(load.errors.empty());
        CHECK(load.errors.size() == c.count);
        CHECK(load.errors[0].line == c.line);
        CHECK(load.errors[0].column == c.column);
        CHECK_THAT(load.errors[0].message, Catch::Contains(c.message));
        covered.insert(c.file);
    }
    // Every file of the corpus has its expectation here.
    for (const fs::path& file : files_in(fixtures / "malformed")) CHECK(covered.count(file.filename().string()) == 1);
}

TEST_CASE("wrong-types.toml: every wrongly typed key is its own error", "[scenario][files][malformed]") {
    const ScenarioLoad load = load_scenario_file((fixtures / "malformed" / "wrong-types.toml").string());
    std::vector<std::string> printed;
    for (const Diagnostic& d : load.errors) printed.push_back(std::to_string(d.line) + ":" + std::to_string(d.column));
    CHECK(printed == std::vector<std::string>{"1:10", "2:6", "3:13", "4:9", "5:15", "6:9", "7:8", "8:9", "8:12", "8:19"});
    CHECK_THAT(load.errors.at(4).message, Catch::Contains("`description` must be a text in double quotes or a table of texts by language"));
    CHECK_THAT(load.errors.at(4).message, Catch::Contains("it is a date"));
    CHECK_THAT(load.errors.at(6).message, Catch::Contains("`role` must be a list of tables"));
}

// ---- generated: size and depth -----------------------------------------------------------------

TEST_CASE("a file over 4 MiB is refused with one diagnostic but 4 MiB exactly loads", "[scenario][files][limits]") {
    const test::TempDir temp;
    const std::size_t limit = 4u * 1024u * 1024u;
    // A valid scenario padded with a comment to exactly the limit.
    std::string text = small_scenario() + "# ";
    text += std::string(limit - text.size() - 1, 'x') + "\n";
    REQUIRE(text.size() == limit);
    test::write_text(temp / "at-limit.toml", text);
    CHECK(load_scenario_file(temp / "at-limit.toml").ok());
    CHECK(parse_scenario(text, "at-limit.toml").ok());

    text.insert(text.size() - 1, "x");
    test::write_text(temp / "over-limit.toml", text);
    for (const ScenarioLoad& load : {load_scenario_file(temp / "over-limit.toml"),
                                     parse_scenario(text, temp / "over-limit.toml")}) {
        REQUIRE(load.errors.size() == 1);
        CHECK_FALSE(load.scenario.has_value());
        CHECK_FALSE(load.unreadable);
        CHECK(load.errors[0].file == temp / "over-limit.toml");
        // Every error has a position (scenario-format.md): the whole file is "line 1, column 1".
        CHECK(load.errors[0].line == 1);
        CHECK(load.errors[0].column == 1);
        CHECK_THAT(load.errors[0].to_string(), Catch::Contains("over-limit.toml:1:1: error: the file is larger than 4 MiB"));
    }

    // Much larger: refused without reading it all.
    text.resize(limit * 3, '#');
    test::write_text(temp / "huge.toml", text);
    const ScenarioLoad huge = load_scenario_file(temp / "huge.toml");
    REQUIRE(huge.errors.size() == 1);
    CHECK_THAT(huge.errors[0].message, Catch::Contains("larger than 4 MiB"));
}

TEST_CASE("keys nested deeper than the parser can take are refused before parsing", "[scenario][files][limits]") {
    // toml++ overflows the stack at around 50 000 parts; 200 000 must be refused, not parsed.
    std::string deep_key = "a";
    for (int i = 0; i < 200000; ++i) deep_key += ".a";
    const std::string header = "format = 1\nid = \"s\"\n";  // the key starts on line 3

    const ScenarioLoad dotted = parse_scenario(header + deep_key + " = 1\n", "dotted.toml");
    REQUIRE(dotted.errors.size() == 1);
    CHECK(dotted.errors[0].line == 3);
    CHECK(dotted.errors[0].column == 1);
    CHECK_THAT(dotted.errors[0].message, Catch::Contains("more than 17 dotted parts"));

    const ScenarioLoad table = parse_scenario(header + "  [" + deep_key + "]\n", "table.toml");
    REQUIRE(table.errors.size() == 1);
    CHECK(table.errors[0].line == 3);
    CHECK(table.errors[0].column == 4);

    // Dots inside strings, comments and numbers are not key parts.
    std::string dots(300, '.');
    const std::string small = small_scenario();
    const std::string harmless = small + "# " + dots + "\n" +
                                 "[kiosk]\nidle_reset_seconds = 90 # " + dots + "\n";
    CHECK(parse_scenario(harmless, "harmless.toml").ok());
    const std::string in_strings = "format = 1\nid = \"s\"\nlanguages = [\"nl\"]\ntitle = \"" + dots + "\"\n" +
                                   "description = '''\n" + dots + "'''\n" + small.substr(small.find("[[step]]"));
    CHECK(parse_scenario(in_strings, "strings.toml").ok());

    // 17 parts pass the guard; nested inline tables of such keys stay within the parser's limits.
    const std::string key17 = "a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a";
    std::string nested = "x = ";
    for (int i = 0; i < 250; ++i) nested += "{" + key17 + " = ";
    nested += "1";
    for (int i = 0; i < 250; ++i) nested += "}";
    const ScenarioLoad survived = parse_scenario(nested + "\n", "nested.toml");
    CHECK_FALSE(survived.ok());
    CHECK_FALSE(survived.errors.empty());
}

TEST_CASE("every truncation of a sample is refused or loads, never crashes", "[scenario][files][malformed]") {
    const std::string text = test::read_text((samples / "almere-stakeholders.toml").string());
    REQUIRE(text.size() > 1000);
    std::size_t refused = 0;
    for (std::size_t size = 0; size < text.size(); size += 7) {
        const ScenarioLoad load = parse_scenario(text.substr(0, size), "cut.toml");
        CHECK(load.ok() != !load.errors.empty());
        refused += load.ok() ? 0 : 1;
    }
    CHECK(refused > 0);
    // Cut inside a two-byte Cyrillic letter: an encoding error, at the letter.
    const std::size_t letter = text.find("Від");
    REQUIRE(letter != std::string::npos);
    const ScenarioLoad cut = parse_scenario(text.substr(0, letter + 1), "cut.toml");
    REQUIRE(cut.errors.size() == 1);
    CHECK_THAT(cut.errors[0].message, Catch::Contains("not valid UTF-8 (byte 0xD0)"));
}

// ---- files that cannot be read -----------------------------------------------------------------

TEST_CASE("a file that cannot be read gives one diagnostic naming it", "[scenario][files][io]") {
    const test::TempDir temp;
    const std::string missing = temp / "missing.toml";
    const ScenarioLoad gone = load_scenario_file(missing);
    CHECK(gone.unreadable);
    CHECK_FALSE(gone.scenario.has_value());
    REQUIRE(gone.errors.size() == 1);
    CHECK(gone.errors[0].file == missing);
    CHECK(gone.errors[0].line == 0);
    CHECK(gone.errors[0].to_string() == missing + ": error: cannot open the file: No such file or directory; check the name and path");

    const ScenarioLoad folder = load_scenario_file(temp.path());
    CHECK(folder.unreadable);
    REQUIRE(folder.errors.size() == 1);
    CHECK_THAT(folder.errors[0].message, Catch::Contains("this is a folder, not a scenario file"));

    test::write_text(temp / "ok.toml", small_scenario());
    const ScenarioLoad ok = load_scenario_file(temp / "ok.toml");
    CHECK(ok.ok());
    CHECK_FALSE(ok.unreadable);
}

// ---- the sample scenarios ----------------------------------------------------------------------

TEST_CASE("the three sample scenarios are valid and fully translated", "[scenario][samples]") {
    const std::set<std::string> okabe_ito = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"};
    const std::vector<std::string> names = {"almere-stakeholders", "expert-pool-feedback", "welcome-meeting"};
    for (const std::string& name : names) {
        const fs::path file = samples / (name + ".toml");
        const ScenarioLoad load = load_scenario_file(file.string());
        INFO(file.string() << "\n" << format_diagnostics(load.errors));
        REQUIRE(load.ok());
        const Scenario& s = *load.scenario;
        CHECK(s.id == name);
        std::set<std::string> languages{"nl", "en", "uk"};
        if (name == "welcome-meeting") languages.insert({"ar", "fa", "ti"});
        CHECK(std::set<std::string>(s.languages.begin(), s.languages.end()) == languages);
        const std::size_t n = languages.size();
        check_translated(s.title, name + " title", n);
        check_translated(s.description, name + " description", n);
        for (const Role& role : s.roles) check_translated(role.label, name + " role " + role.id, n);
        for (const Step& step : s.steps) {
            const std::string where = name + " step " + step.id;
            check_translated(step.title, where + " title", n);
            if (!step.prompt.empty()) check_translated(step.prompt, where + " prompt", n);
            if (step.type == StepType::info) check_translated(step.body, where + " body", n);
            for (const Option& option : step.options) {
                check_translated(option.label, where + " option " + option.id, n);
                if (!option.description.empty()) check_translated(option.description, where + " option " + option.id + " description", n);
                if (!option.color.empty()) CHECK(okabe_ito.count(option.color) == 1);
            }
        }
    }
}

TEST_CASE("almere-stakeholders.toml has the session the facilitators asked for", "[scenario][samples]") {
    const ScenarioLoad load = load_scenario_file((samples / "almere-stakeholders.toml").string());
    REQUIRE(load.ok());
    const Scenario& s = *load.scenario;
    CHECK(s.default_language() == "nl");
    std::vector<std::string> roles;
    for (const Role& role : s.roles) roles.push_back(role.label.in("en"));
    CHECK(roles == std::vector<std::string>{"Municipality", "Volunteer organisation", "Employer", "Language school",
                                            "Reception location manager", "Health and social care", "Ukrainian newcomer"});
    CHECK(s.kiosk.ask_role);
    REQUIRE(s.steps.size() == 5);
    CHECK(s.steps.front().type == StepType::info);
    CHECK(s.steps.back().type == StepType::info);

    const Step* themes = s.find_step("themes");
    REQUIRE(themes != nullptr);
    CHECK(themes->type == StepType::dot_vote);
    std::vector<std::string> theme_ids;
    for (const Option& option : themes->options) theme_ids.push_back(option.id);
    CHECK(theme_ids == std::vector<std::string>{"housing", "work", "integration", "language"});

    const Step* agenda = s.find_step("agenda");
    REQUIRE(agenda != nullptr);
    CHECK(agenda->type == StepType::ranking);
    CHECK(agenda->method == RankingMethod::borda);
    CHECK(agenda->rank_at_most == 3);

    const Step* ideas = s.find_step("ideas");
    REQUIRE(ideas != nullptr);
    CHECK(ideas->type == StepType::idea_vote);
    CHECK(ideas->collect_ideas);
    CHECK(ideas->options.size() >= 3);
}

TEST_CASE("expert-pool-feedback.toml and welcome-meeting.toml have their steps", "[scenario][samples]") {
    const ScenarioLoad expert = load_scenario_file((samples / "expert-pool-feedback.toml").string());
    REQUIRE(expert.ok());
    const Step* agenda = expert.scenario->find_step("draft-agenda");
    REQUIRE(agenda != nullptr);
    CHECK(agenda->method == RankingMethod::schulze);
    REQUIRE(expert.scenario->find_step("missing") != nullptr);
    CHECK(expert.scenario->find_step("missing")->collect_ideas);
    REQUIRE(expert.scenario->find_step("what-matters") != nullptr);
    CHECK(expert.scenario->find_step("what-matters")->type == StepType::dot_vote);

    const ScenarioLoad welcome = load_scenario_file((samples / "welcome-meeting.toml").string());
    REQUIRE(welcome.ok());
    const Step* topics = welcome.scenario->find_step("topics");
    REQUIRE(topics != nullptr);
    for (const char* topic : {"language", "work", "social"}) CHECK(topics->find_option(topic) != nullptr);
}
