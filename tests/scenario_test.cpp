// scenario_test.cpp — every rule of docs/scenario-format.md, as tables of small scenarios.
//
// Each case is a scenario text plus the exact errors it must give (line, column, a piece of the
// message). A valid case expects none. Failures name the case and print its text and errors.
// Texts are built line by line (`lines`), so a case's line numbers can be read off its list.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "workshop/scenario.h"

using namespace workshop;

namespace {

struct Expect {
    int line;
    int column;
    std::string_view message;  // must occur in the diagnostic's message
};

struct Case {
    std::string name;
    std::string toml;
    std::vector<Expect> errors;  // empty: the text must load
};

std::string lines(std::initializer_list<std::string_view> rows) {
    std::string out;
    for (std::string_view row : rows) out.append(row).append("\n");
    return out;
}

// Lines 1-4 of most cases; a case's own lines start at line 5.
const std::string head = lines({"format = 1", "id = \"t\"", "languages = [\"nl\", \"en\"]", "title = \"T\""});
// A valid step for cases about the top level; appended after the case's own lines.
const std::string info_step = lines({"[[step]]", "id = \"i\"", "type = \"info\"", "title = \"I\"", "body = \"B\""});

// `options = [...]` with n options o1..on (the array starts at column 11).
std::string options_line(int n) {
    std::string out = "options = [";
    for (int i = 1; i <= n; ++i)
        out += (i > 1 ? ", " : "") + std::string("{ id = \"o") + std::to_string(i) + "\", label = \"O\" }";
    return out + "]";
}

void check_case(const Case& c) {
    const ScenarioLoad load = parse_scenario(c.toml, c.name);
    const std::string printed = format_diagnostics(load.errors);
    INFO("case: " << c.name << "\n--- text ---\n" << c.toml << "--- diagnostics ---\n" << printed);
    if (c.errors.empty()) {
        CHECK(load.ok());
        return;
    }
    CHECK_FALSE(load.scenario.has_value());  // nothing loads when anything is wrong
    CHECK(load.errors.size() == c.errors.size());
    for (std::size_t i = 0; i < std::min(c.errors.size(), load.errors.size()); ++i) {
        INFO("error #" << i + 1);
        CHECK(load.errors[i].file == c.name);
        CHECK(load.errors[i].line == c.errors[i].line);
        CHECK(load.errors[i].column == c.errors[i].column);
        CHECK_THAT(load.errors[i].message, Catch::Contains(std::string(c.errors[i].message)));
    }
}

void check_cases(const std::vector<Case>& cases) {
    for (const Case& c : cases) check_case(c);
}

Scenario load_ok(const std::string& toml, const std::string& name = "test.toml") {
    ScenarioLoad load = parse_scenario(toml, name);
    INFO("--- text ---\n" << toml << "--- diagnostics ---\n" << format_diagnostics(load.errors));
    REQUIRE(load.ok());
    return std::move(*load.scenario);
}

}  // namespace

// ---- helpers of the public API --------------------------------------------------------------

TEST_CASE("sha256_hex matches the FIPS 180-4 test vectors", "[scenario][sha256]") {
    struct Vector {
        std::string input;
        std::string_view hash;
    };
    const std::vector<Vector> vectors = {
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"The quick brown fox jumps over the lazy dog",
         "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592"},
        // Lengths around the padding boundaries (55/56 bytes: one or two final blocks).
        {std::string(55, 'a'), "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"},
        {std::string(56, 'a'), "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"},
        {std::string(63, 'a'), "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"},
        {std::string(64, 'a'), "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"},
        {std::string(119, 'a'), "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb"},
        {std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
        {"Житло", "d3111d4fe0d5ff33f4347171809a4c32b43a5e4d08b042ee5613c9745108baa2"},
    };
    for (const Vector& v : vectors) {
        INFO("input of " << v.input.size() << " bytes");
        CHECK(sha256_hex(v.input) == v.hash);
    }
    // Bytes, not C strings: an embedded NUL counts.
    CHECK(sha256_hex(std::string_view("a\0b", 3)) != sha256_hex("a"));
}

TEST_CASE("Diagnostic prints as FILE:LINE:COLUMN: error: MESSAGE", "[scenario][diagnostic]") {
    CHECK(Diagnostic{"s.toml", 3, 7, "bad"}.to_string() == "s.toml:3:7: error: bad");
    CHECK(Diagnostic{"s.toml", 3, 0, "bad"}.to_string() == "s.toml:3: error: bad");
    CHECK(Diagnostic{"s.toml", 0, 0, "bad"}.to_string() == "s.toml: error: bad");
    CHECK(Diagnostic{"s.toml", 0, 5, "bad"}.to_string() == "s.toml: error: bad");
    CHECK(Diagnostic{"", 0, 0, "bad"}.to_string() == "error: bad");
    CHECK(format_diagnostics({}) == "");
    CHECK(format_diagnostics({{"a", 1, 2, "x"}, {"b", 0, 0, "y"}}) == "a:1:2: error: x\nb: error: y\n");
}

TEST_CASE("to_string names step types and ranking methods as the file does", "[scenario]") {
    CHECK(to_string(StepType::info) == "info");
    CHECK(to_string(StepType::dot_vote) == "dot_vote");
    CHECK(to_string(StepType::ranking) == "ranking");
    CHECK(to_string(StepType::idea_vote) == "idea_vote");
    CHECK(to_string(RankingMethod::borda) == "borda");
    CHECK(to_string(RankingMethod::schulze) == "schulze");
}

TEST_CASE("LocalText::in picks the language, else the first present, else empty", "[scenario][text]") {
    LocalText text;
    CHECK(text.empty());
    CHECK(text.in("nl") == "");
    text.by_language = {{"uk", "Житло"}, {"nl", "Huisvesting"}};
    CHECK_FALSE(text.empty());
    CHECK(text.in("uk") == "Житло");
    CHECK(text.in("nl") == "Huisvesting");
    CHECK(text.in("de") == "Huisvesting");  // "nl" sorts first
}

TEST_CASE("find_step, find_role, find_option and has_language look up by id", "[scenario]") {
    const Scenario s = load_ok(head + lines({"[[role]]", "id = \"gemeente\"", "label = \"Gemeente\""}) + info_step +
                               lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"", "dots = 2",
                                      options_line(3)}));
    REQUIRE(s.find_step("d") != nullptr);
    CHECK(s.find_step("d")->type == StepType::dot_vote);
    CHECK(s.find_step("i") == &s.steps[0]);
    CHECK(s.find_step("x") == nullptr);
    REQUIRE(s.find_role("gemeente") != nullptr);
    CHECK(s.find_role("gemeente")->label.in("en") == "Gemeente");
    CHECK(s.find_role("x") == nullptr);
    CHECK(s.find_step("d")->find_option("o2") == &s.find_step("d")->options[1]);
    CHECK(s.find_step("d")->find_option("o4") == nullptr);
    CHECK(s.has_language("en"));
    CHECK_FALSE(s.has_language("uk"));
    CHECK(s.default_language() == "nl");
    CHECK(s.steps[0].takes_ballots() == false);
    CHECK(s.steps[1].takes_ballots() == true);
}

// ---- top level --------------------------------------------------------------------------------

TEST_CASE("format is required and must be 1", "[scenario][top]") {
    const std::string rest = lines({"id = \"t\"", "languages = [\"nl\", \"en\"]", "title = \"T\""}) + info_step;
    check_cases({
        {"format-1", "format = 1\n" + rest, {}},
        {"format-missing", rest, {{1, 1, "the scenario has no `format`; add format = 1"}}},
        {"format-2", "format = 2\n" + rest, {{1, 10, "format 2 is not supported"}}},
        {"format-0", "format = 0\n" + rest, {{1, 10, "format 0 is not supported"}}},
        {"format-string", "format = \"1\"\n" + rest, {{1, 10, "`format` must be a whole number"}}},
        {"format-float", "format = 1.0\n" + rest, {{1, 10, "`format` must be a whole number"}}},
    });
}

TEST_CASE("the scenario id is a slug of at most 64 characters", "[scenario][top][id]") {
    const std::string long_id_message = "\"" + std::string(40, 'A') + "…\" is not a valid scenario id";
    const auto with_id = [](std::string id_line) {
        return lines({"format = 1", id_line, "languages = [\"nl\", \"en\"]", "title = \"T\""}) + info_step;
    };
    check_cases({
        {"id-slug", with_id("id = \"almere-2023_v2\""), {}},
        {"id-digit-first", with_id("id = \"2023-almere\""), {}},
        {"id-64", with_id("id = \"" + std::string(64, 'a') + "\""), {}},
        {"id-65", with_id("id = \"" + std::string(65, 'a') + "\""), {{2, 6, "the scenario id is 65 characters long; an id may have at most 64"}}},
        {"id-missing", lines({"format = 1", "languages = [\"nl\", \"en\"]", "title = \"T\""}) + info_step,
         {{1, 1, "the scenario has no `id`"}}},
        {"id-space", with_id("id = \"Almere 2023\""), {{2, 6, "\"Almere 2023\" is not a valid scenario id; use lowercase letters"}}},
        {"id-upper", with_id("id = \"Almere\""), {{2, 6, "is not a valid scenario id"}}},
        {"id-dash-first", with_id("id = \"-almere\""), {{2, 6, "is not a valid scenario id"}}},
        {"id-underscore-first", with_id("id = \"_almere\""), {{2, 6, "is not a valid scenario id"}}},
        {"id-accent", with_id("id = \"café\""), {{2, 6, "is not a valid scenario id"}}},
        {"id-empty", with_id("id = \"\""), {{2, 6, "is not a valid scenario id"}}},
        {"id-number", with_id("id = 7"), {{2, 6, "`id` must be a text in double quotes, not a whole number"}}},
        // Messages show at most 40 characters of what the file says.
        {"id-long-shown", with_id("id = \"" + std::string(50, 'A') + "\""), {{2, 6, long_id_message}}},
    });
}

TEST_CASE("languages: one or more lowercase ISO 639-1 codes, no duplicates", "[scenario][top][languages]") {
    const auto with_languages = [](std::string languages_line) {
        return lines({"format = 1", "id = \"t\"", languages_line, "title = \"T\""}) + info_step;
    };
    check_cases({
        {"languages-one", with_languages("languages = [\"uk\"]"), {}},
        {"languages-three", with_languages("languages = [\"nl\", \"en\", \"uk\"]"), {}},
        {"languages-missing", lines({"format = 1", "id = \"t\"", "title = \"T\""}) + info_step,
         {{1, 1, "the scenario has no `languages`"}}},
        {"languages-string", with_languages("languages = \"nl\""), {{3, 13, "`languages` must be a list of language codes"}}},
        {"languages-empty", with_languages("languages = []"), {{3, 13, "`languages` is empty"}}},
        {"languages-number", with_languages("languages = [\"nl\", 5]"), {{3, 20, "a language must be a two-letter code in double quotes"}}},
        {"languages-upper", with_languages("languages = [\"NL\"]"), {{3, 14, "language code \"NL\" must be lowercase: write \"nl\""}}},
        {"languages-three-letters", with_languages("languages = [\"nld\"]"), {{3, 14, "\"nld\" is not an ISO 639-1 language code"}}},
        {"languages-region", with_languages("languages = [\"en-GB\"]"), {{3, 14, "is not an ISO 639-1 language code"}}},
        {"languages-unknown", with_languages("languages = [\"xx\"]"), {{3, 14, "\"xx\" is not an ISO 639-1 language code"}}},
        {"languages-duplicate", with_languages("languages = [\"nl\", \"en\", \"nl\"]"), {{3, 26, "language \"nl\" is listed twice"}}},
    });
    const Scenario s = load_ok(with_languages("languages = [\"uk\", \"nl\"]"));
    CHECK(s.languages == std::vector<std::string>{"uk", "nl"});
    CHECK(s.default_language() == "uk");
}

TEST_CASE("title is a required LocalText and description an optional one", "[scenario][top][text]") {
    const auto with_title = [](std::string title_line, std::string extra = {}) {
        return lines({"format = 1", "id = \"t\"", "languages = [\"nl\", \"en\"]", title_line}) + extra + info_step;
    };
    check_cases({
        {"title-string", with_title("title = \"T\""), {}},
        {"title-table", with_title("title = { nl = \"T\", en = \"T\" }"), {}},
        {"title-default-only", with_title("title = { nl = \"T\" }"), {}},
        {"title-missing", lines({"format = 1", "id = \"t\"", "languages = [\"nl\", \"en\"]"}) + info_step,
         {{1, 1, "the scenario has no `title`; add title = { nl = \"…\", en = \"…\" }"}}},
        {"title-empty", with_title("title = \"\""), {{4, 9, "`title` is empty"}}},
        {"title-number", with_title("title = 5"), {{4, 9, "`title` must be a text in double quotes or a table of texts by language"}}},
        {"title-array", with_title("title = [\"T\"]"), {{4, 9, "`title` must be a text in double quotes or a table"}}},
        {"title-no-default", with_title("title = { en = \"T\" }"), {{4, 9, "`title` has no text in `nl`, the default language"}}},
        {"title-unlisted-language", with_title("title = { nl = \"T\", de = \"X\" }"),
         {{4, 21, "language `de` of `title` is not in `languages` (nl, en); add it to `languages` or remove this text"}}},
        {"title-language-number", with_title("title = { nl = \"T\", en = 5 }"), {{4, 26, "`title.en` must be a text in double quotes"}}},
        {"title-language-empty", with_title("title = { nl = \"T\", en = \"\" }"), {{4, 26, "`title.en` is empty; write the text participants should see, or leave `en` out to show the nl text"}}},
        {"title-default-empty", with_title("title = { nl = \"\" }"), {{4, 16, "`title.nl` is empty; write the text participants should see"}}},
        {"description-string", with_title("title = \"T\"", "description = \"D\"\n"), {}},
        {"description-empty-allowed", with_title("title = \"T\"", "description = \"\"\n"), {}},
        {"description-number", with_title("title = \"T\"", "description = 1\n"), {{5, 15, "`description` must be a text"}}},
        {"description-no-default", with_title("title = \"T\"", "description = { en = \"D\" }\n"),
         {{5, 15, "`description` has no text in `nl`"}}},
    });
}

TEST_CASE("columns count characters, not bytes", "[scenario][text][utf8]") {
    // `de` follows five Cyrillic letters (ten bytes): it is at column 25, not 30.
    check_case({"column-after-cyrillic", lines({"format = 1", "id = \"t\"", "languages = [\"nl\", \"en\"]",
                                                "title = { nl = \"Житло\", de = \"x\" }"}) + info_step,
                {{4, 25, "language `de` of `title`"}}});
}

TEST_CASE("unknown top-level keys are errors that name the closest key", "[scenario][top][keys]") {
    check_cases({
        {"top-steps", head + "steps = 1\n" + info_step, {{5, 1, "unknown key `steps` at top level; did you mean `step`?"}}},
        {"top-roles", head + "roles = []\n" + info_step, {{5, 1, "unknown key `roles` at top level; did you mean `role`?"}}},
        {"top-descripton", head + "descripton = \"D\"\n" + info_step,
         {{5, 1, "unknown key `descripton` at top level; did you mean `description`?"}}},
        {"top-far", head + "colour_scheme = \"dark\"\n" + info_step,
         // scenario-format.md: an unknown key always names the closest known key; when that is far
         // from a typo, the keys allowed there are listed too.
         {{5, 1, "unknown key `colour_scheme` at top level; did you mean `role`? (the keys allowed here are format, id, "
                 "title, description, languages, kiosk, results, role and step)"}}},
        // Names from the file are shown on one line.
        {"top-key-with-tab", head + "\"tab\\there\" = 1\n" + info_step, {{5, 1, "unknown key `tab\\there` at top level"}}},
        // A misspelt required key gives both errors: what is unknown and what is missing.
        {"top-langauges", lines({"format = 1", "id = \"t\"", "langauges = [\"nl\", \"en\"]", "title = \"T\""}) + info_step,
         {{1, 1, "the scenario has no `languages`"}, {3, 1, "unknown key `langauges` at top level; did you mean `languages`?"}}},
    });
}

// ---- [kiosk] ------------------------------------------------------------------------------------

TEST_CASE("[kiosk] settings, their ranges and types", "[scenario][kiosk]") {
    const auto kiosk = [](std::string line) { return head + lines({"[kiosk]", line}) + info_step; };
    check_cases({
        {"kiosk-empty", head + "[kiosk]\n" + info_step, {}},
        {"idle-10", kiosk("idle_reset_seconds = 10"), {}},
        {"idle-3600", kiosk("idle_reset_seconds = 3600"), {}},
        {"idle-9", kiosk("idle_reset_seconds = 9"), {{6, 22, "`idle_reset_seconds` must be between 10 and 3600 (seconds); it is 9"}}},
        {"idle-3601", kiosk("idle_reset_seconds = 3601"), {{6, 22, "must be between 10 and 3600"}}},
        {"idle-negative", kiosk("idle_reset_seconds = -90"), {{6, 22, "it is -90"}}},
        {"idle-huge", kiosk("idle_reset_seconds = 9223372036854775807"), {{6, 22, "must be between 10 and 3600"}}},
        {"idle-string", kiosk("idle_reset_seconds = \"90\""), {{6, 22, "`idle_reset_seconds` must be a whole number"}}},
        {"ask-language-bool", kiosk("ask_language = false"), {}},
        {"ask-language-string", kiosk("ask_language = \"yes\""), {{6, 16, "`ask_language` must be true or false"}}},
        {"ask-role-string", kiosk("ask_role = 1"), {{6, 12, "`ask_role` must be true or false"}}},
        // The format does not forbid it; with no roles there is nothing to ask (see the defaults test).
        {"ask-role-without-roles", kiosk("ask_role = true"), {}},
        {"ask-role-false", kiosk("ask_role = false"), {}},
        {"kiosk-typo", kiosk("ask_langauge = true"), {{6, 1, "unknown key `ask_langauge` in [kiosk]; did you mean `ask_language`?"}}},
        {"kiosk-not-table", head + "kiosk = 5\n" + info_step, {{5, 9, "`kiosk` must be a table"}}},
    });
}

TEST_CASE("[kiosk] defaults follow languages and roles", "[scenario][kiosk][defaults]") {
    const std::string one_language = lines({"format = 1", "id = \"t\"", "languages = [\"nl\"]", "title = \"T\""});
    const std::string role = lines({"[[role]]", "id = \"r\"", "label = \"R\""});

    Scenario s = load_ok(head + info_step);
    CHECK(s.kiosk.idle_reset_seconds == 90);
    CHECK(s.kiosk.ask_language == true);  // two languages
    CHECK(s.kiosk.ask_role == false);     // no roles

    s = load_ok(one_language + role + info_step);
    CHECK(s.kiosk.ask_language == false);
    CHECK(s.kiosk.ask_role == true);

    s = load_ok(head + role + lines({"[kiosk]", "idle_reset_seconds = 45", "ask_language = false", "ask_role = false"}) + info_step);
    CHECK(s.kiosk.idle_reset_seconds == 45);
    CHECK(s.kiosk.ask_language == false);
    CHECK(s.kiosk.ask_role == false);

    // ask_role = true without roles loads, and asks nothing.
    s = load_ok(head + lines({"[kiosk]", "ask_role = true"}) + info_step);
    CHECK(s.kiosk.ask_role == false);
}

// ---- [results] ----------------------------------------------------------------------------------

TEST_CASE("[results] min_group_size: 1..1000, default 5", "[scenario][results]") {
    const auto results = [](std::string line) { return head + lines({"[results]", line}) + info_step; };
    check_cases({
        {"results-empty", head + "[results]\n" + info_step, {}},
        {"group-1", results("min_group_size = 1"), {}},
        {"group-1000", results("min_group_size = 1000"), {}},
        {"group-0", results("min_group_size = 0"), {{6, 18, "`min_group_size` must be between 1 and 1000 (ballots); it is 0"}}},
        {"group-1001", results("min_group_size = 1001"), {{6, 18, "must be between 1 and 1000"}}},
        {"group-string", results("min_group_size = \"5\""), {{6, 18, "`min_group_size` must be a whole number"}}},
        {"group-float", results("min_group_size = 5.0"), {{6, 18, "`min_group_size` must be a whole number"}}},
        {"results-typo", results("min_group = 3"), {{6, 1, "unknown key `min_group` in [results]; did you mean `min_group_size`?"}}},
        {"results-not-table", head + "results = 5\n" + info_step, {{5, 11, "`results` must be a table"}}},
    });
    CHECK(load_ok(head + info_step).results.min_group_size == 5);
    CHECK(load_ok(results("min_group_size = 3")).results.min_group_size == 3);
}

// ---- [[role]] -----------------------------------------------------------------------------------

TEST_CASE("[[role]]: unique slug id and a label", "[scenario][role]") {
    check_cases({
        {"role-ok", head + lines({"[[role]]", "id = \"gemeente\"", "label = { nl = \"Gemeente\", en = \"Municipality\" }"}) + info_step, {}},
        {"role-empty-list", head + "role = []\n" + info_step, {}},
        {"role-table", head + lines({"[role]", "id = \"a\"", "label = \"A\""}) + info_step,
         {{5, 1, "`role` must be a list of tables: write each role as [[role]]"}}},
        {"role-number", head + "role = [1]\n" + info_step, {{5, 9, "a role must be a table with an id and a label"}}},
        {"role-no-id", head + lines({"[[role]]", "label = \"A\""}) + info_step, {{5, 1, "this role has no `id`"}}},
        {"role-bad-id", head + lines({"[[role]]", "id = \"Gemeente\"", "label = \"G\""}) + info_step,
         {{6, 6, "\"Gemeente\" is not a valid role id"}}},
        {"role-duplicate", head + lines({"[[role]]", "id = \"a\"", "label = \"A\"", "[[role]]", "id = \"a\"", "label = \"B\""}) + info_step,
         {{9, 6, "duplicate role id `a` (already used on line 6); give every role its own id"}}},
        {"role-no-label", head + lines({"[[role]]", "id = \"a\""}) + info_step, {{5, 1, "role `a` has no `label`"}}},
        {"role-empty-label", head + lines({"[[role]]", "id = \"a\"", "label = \"\""}) + info_step, {{7, 9, "`label` is empty"}}},
        {"role-label-language", head + lines({"[[role]]", "id = \"a\"", "label = { nl = \"A\", uk = \"Б\" }"}) + info_step,
         {{7, 21, "language `uk` of `label` is not in `languages`"}}},
        {"role-typo", head + lines({"[[role]]", "id = \"a\"", "lable = \"A\""}) + info_step,
         {{5, 1, "role `a` has no `label`"}, {7, 1, "unknown key `lable` in role; did you mean `label`?"}}},
    });
}

// ---- [[step]]: common keys ---------------------------------------------------------------------

TEST_CASE("step list: at least one [[step]]", "[scenario][step]") {
    check_cases({
        {"step-missing", head, {{1, 1, "the scenario has no `step`; add at least one [[step]]"}}},
        {"step-empty", head + "step = []\n", {{5, 8, "`step` is empty"}}},
        {"step-table", head + lines({"[step]", "id = \"a\""}), {{5, 1, "`step` must be a list of tables: write each step as [[step]]"}}},
        {"step-number", head + "step = [1]\n", {{5, 9, "a step must be a table"}}},
    });
}

TEST_CASE("step id, type and title", "[scenario][step]") {
    const auto step = [](std::initializer_list<std::string_view> rows) { return head + lines(rows); };
    check_cases({
        {"step-no-id", step({"[[step]]", "type = \"info\"", "title = \"I\"", "body = \"B\""}), {{5, 1, "this step has no `id`"}}},
        {"step-bad-id", step({"[[step]]", "id = \"Stap 1\"", "type = \"info\"", "title = \"I\"", "body = \"B\""}),
         {{6, 6, "\"Stap 1\" is not a valid step id"}}},
        {"step-duplicate-id",
         step({"[[step]]", "id = \"a\"", "type = \"info\"", "title = \"I\"", "body = \"B\"",  //
               "[[step]]", "id = \"a\"", "type = \"info\"", "title = \"I\"", "body = \"B\""}),
         {{11, 6, "duplicate step id `a` (already used on line 6)"}}},
        {"step-no-type", step({"[[step]]", "id = \"a\"", "title = \"A\""}),
         {{5, 1, "step `a` has no `type`; add type = \"info\", \"dot_vote\", \"ranking\" or \"idea_vote\""}}},
        {"step-type-number", step({"[[step]]", "id = \"a\"", "type = 1", "title = \"A\""}), {{7, 8, "`type` must be a text"}}},
        {"step-type-rating", step({"[[step]]", "id = \"a\"", "type = \"rating\"", "title = \"A\""}),
         {{7, 8, "step type `rating` is not supported by format 1 (a later format may add it); use info, dot_vote, ranking or idea_vote"}}},
        {"step-type-poll", step({"[[step]]", "id = \"a\"", "type = \"poll\"", "title = \"A\""}),
         {{7, 8, "step type `poll` is not supported by format 1 (a later format may add it)"}}},
        {"step-type-open-question", step({"[[step]]", "id = \"a\"", "type = \"open_question\"", "title = \"A\""}),
         {{7, 8, "step type `open_question` is not supported by format 1"}}},
        {"step-type-matrix", step({"[[step]]", "id = \"a\"", "type = \"matrix\"", "title = \"A\""}),
         {{7, 8, "step type `matrix` is not supported by format 1"}}},
        {"step-type-typo", step({"[[step]]", "id = \"a\"", "type = \"dotvote\"", "title = \"A\""}),
         {{7, 8, "step type `dotvote` is not supported by format 1; did you mean `dot_vote`?"}}},
        {"step-type-other", step({"[[step]]", "id = \"a\"", "type = \"survey\"", "title = \"A\""}),
         {{7, 8, "step type `survey` is not supported by format 1; use info, dot_vote, ranking or idea_vote"}}},
        // With an unknown type only the type is reported, not the keys of the real types.
        {"step-type-unknown-keys", step({"[[step]]", "id = \"a\"", "type = \"survey\"", "title = \"A\"", "dots = 3", "body = \"B\""}),
         {{7, 8, "step type `survey`"}}},
        {"step-no-title", step({"[[step]]", "id = \"a\"", "type = \"info\"", "body = \"B\""}), {{5, 1, "step `a` has no `title`"}}},
        {"step-empty-title", step({"[[step]]", "id = \"a\"", "type = \"info\"", "title = \"\"", "body = \"B\""}),
         {{8, 9, "`title` is empty"}}},
        {"step-prompt", step({"[[step]]", "id = \"a\"", "type = \"info\"", "title = \"A\"", "prompt = \"P\"", "body = \"B\""}), {}},
        {"step-prompt-empty", step({"[[step]]", "id = \"a\"", "type = \"info\"", "title = \"A\"", "prompt = \"\"", "body = \"B\""}), {}},
        {"step-prompt-number", step({"[[step]]", "id = \"a\"", "type = \"info\"", "title = \"A\"", "prompt = 3", "body = \"B\""}),
         {{9, 10, "`prompt` must be a text"}}},
        {"step-typo", step({"[[step]]", "id = \"a\"", "type = \"info\"", "titel = \"A\"", "body = \"B\""}),
         {{5, 1, "step `a` has no `title`"}, {8, 1, "unknown key `titel` in step; did you mean `title`?"}}},
        {"step-unknown", step({"[[step]]", "id = \"a\"", "type = \"info\"", "title = \"A\"", "body = \"B\"", "colour = 1"}),
         {{10, 1, "unknown key `colour` in step; did you mean `body`? (the keys allowed here are id, type, title, prompt and body)"}}},
    });
}

TEST_CASE("keys of another step type are errors that say where they belong", "[scenario][step][keys]") {
    const auto dot_vote = [](std::string extra) {
        return head + lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"", "dots = 3", options_line(2), extra});
    };
    const auto ranking = [](std::string extra) {
        return head + lines({"[[step]]", "id = \"r\"", "type = \"ranking\"", "title = \"R\"", options_line(3), extra});
    };
    const auto idea_vote = [](std::string extra) {
        return head + lines({"[[step]]", "id = \"v\"", "type = \"idea_vote\"", "title = \"V\"", options_line(2), extra});
    };
    check_cases({
        {"body-on-dot-vote", dot_vote("body = \"B\""), {{11, 1, "`body` does not apply to a dot_vote step (it is for info steps); remove it or change `type`"}}},
        {"rank-on-dot-vote", dot_vote("rank_at_most = 2"), {{11, 1, "`rank_at_most` does not apply to a dot_vote step (it is for ranking steps)"}}},
        {"dots-on-ranking", ranking("dots = 4"), {{10, 1, "`dots` does not apply to a ranking step (it is for dot_vote steps)"}}},
        {"collect-on-ranking", ranking("collect_ideas = true"), {{10, 1, "`collect_ideas` does not apply to a ranking step (it is for idea_vote steps)"}}},
        {"method-on-idea-vote", idea_vote("method = \"borda\""), {{10, 1, "`method` does not apply to an idea_vote step (it is for ranking steps)"}}},
        {"options-on-info", head + lines({"[[step]]", "id = \"i\"", "type = \"info\"", "title = \"I\"", "body = \"B\"", "options = []"}),
         {{10, 1, "`options` does not apply to an info step (it is for dot_vote, ranking and idea_vote steps)"}}},
        {"dotz", head + lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"", "dotz = 3", options_line(2)}),
         {{5, 1, "step `d` has no `dots`"}, {9, 1, "unknown key `dotz` in step; did you mean `dots`?"}}},
        {"ranks-at-most", ranking("ranks_at_most = 2"), {{10, 1, "unknown key `ranks_at_most` in step; did you mean `rank_at_most`?"}}},
        {"max-per-options", dot_vote("max_per_options = 2"), {{11, 1, "unknown key `max_per_options` in step; did you mean `max_per_option`?"}}},
        {"option-singular", dot_vote("option = 1"), {{11, 1, "unknown key `option` in step; did you mean `options`?"}}},
        {"votes-per-person", idea_vote("vote_per_participant = 2"), {{10, 1, "did you mean `votes_per_participant`?"}}},
    });
}

// ---- options ------------------------------------------------------------------------------------

TEST_CASE("options: tables with a unique slug id, a label, a description and a colour", "[scenario][option]") {
    // Line 10 holds the options; `options = [` is 11 characters, the first `{` is column 12.
    const auto with_options = [](std::string options) {
        return head + lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"", "dots = 3", options});
    };
    check_cases({
        {"options-ok", with_options(options_line(2)), {}},
        {"options-colors", with_options("options = [{ id = \"a\", label = \"A\", color = \"#E69F00\" }, { id = \"b\", label = \"B\", color = \"#e69f00\" }]"), {}},
        {"options-description", with_options("options = [{ id = \"a\", label = \"A\", description = \"x\" }, { id = \"b\", label = \"B\", description = \"\" }]"), {}},
        {"options-string", with_options("options = \"a\""), {{10, 11, "`options` must be a list of option tables"}}},
        {"options-strings", with_options("options = [\"a\", \"b\"]"),
         {{10, 12, "an option must be a table"}, {10, 17, "an option must be a table"}}},
        {"option-no-id", with_options("options = [{ label = \"A\" }, { id = \"b\", label = \"B\" }]"), {{10, 12, "this option has no `id`"}}},
        {"option-bad-id", with_options("options = [{ id = \"A\", label = \"A\" }, { id = \"b\", label = \"B\" }]"),
         {{10, 19, "\"A\" is not a valid option id"}}},
        {"option-duplicate-id", with_options("options = [{ id = \"a\", label = \"A\" }, { id = \"a\", label = \"B\" }]"),
         {{10, 46, "duplicate option id `a` (already used on line 10); give every option its own id"}}},
        {"option-no-label", with_options("options = [{ id = \"a\" }, { id = \"b\", label = \"B\" }]"), {{10, 12, "option `a` has no `label`"}}},
        {"option-empty-label", with_options("options = [{ id = \"a\", label = \"\" }, { id = \"b\", label = \"B\" }]"), {{10, 32, "`label` is empty"}}},
        {"option-label-number", with_options("options = [{ id = \"a\", label = 1 }, { id = \"b\", label = \"B\" }]"), {{10, 32, "`label` must be a text"}}},
        {"option-description-number", with_options("options = [{ id = \"a\", label = \"A\", description = 1 }, { id = \"b\", label = \"B\" }]"),
         {{10, 51, "`description` must be a text"}}},
        {"option-colour", with_options("options = [{ id = \"a\", label = \"A\", colour = \"#E69F00\" }, { id = \"b\", label = \"B\" }]"),
         {{10, 37, "unknown key `colour` in option; did you mean `color`?"}}},
        {"option-color-number", with_options("options = [{ id = \"a\", label = \"A\", color = 5 }, { id = \"b\", label = \"B\" }]"),
         {{10, 45, "`color` must be a text"}}},
    });
    for (std::string_view bad : {"red", "E69F00", "#E69F0", "#E69F000", "#GGGGGG", "#E69F0 ", ""}) {
        check_case({"option-color-" + std::string(bad),
                    with_options("options = [{ id = \"a\", label = \"A\", color = \"" + std::string(bad) + "\" }, { id = \"b\", label = \"B\" }]"),
                    {{10, 45, "`color` must be \"#RRGGBB\""}}});
    }
    // Option ids are unique per step, not per file.
    const Scenario s = load_ok(head + lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"", "dots = 3", options_line(2),
                                             "[[step]]", "id = \"e\"", "type = \"dot_vote\"", "title = \"E\"", "dots = 3", options_line(2)}));
    CHECK(s.steps[1].options[0].id == "o1");
}

TEST_CASE("options written as [[step.options]] tables", "[scenario][option]") {
    const Scenario s = load_ok(head + lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"", "dots = 2",
                                             "[[step.options]]", "id = \"a\"", "label = { nl = \"Taal\", en = \"Language\" }",
                                             "description.nl = \"Lessen\"", "color = \"#0072B2\"",  //
                                             "[[step.options]]", "id = \"b\"", "label = \"B\""}));
    const Step& step = s.steps.at(0);
    REQUIRE(step.options.size() == 2);
    CHECK(step.options[0].label.in("en") == "Language");
    CHECK(step.options[0].description.in("en") == "Lessen");  // falls back to nl
    CHECK(step.options[0].color == "#0072B2");
    CHECK(step.options[1].color.empty());
    CHECK(step.options[1].description.empty());
}

// ---- info -----------------------------------------------------------------------------------------

TEST_CASE("info steps need a body, which may be empty", "[scenario][info]") {
    const auto info = [](std::string body_line) {
        return head + lines({"[[step]]", "id = \"i\"", "type = \"info\"", "title = \"I\"", body_line});
    };
    check_cases({
        {"info-ok", info("body = { nl = \"Welkom\", en = \"Welcome\" }"), {}},
        {"info-no-body", head + lines({"[[step]]", "id = \"i\"", "type = \"info\"", "title = \"I\""}), {{5, 1, "step `i` has no `body`"}}},
        // Only `label` and `title` must not be empty (scenario-format.md): a title-only screen is fine.
        {"info-empty-body", info("body = \"\""), {}},
        {"info-body-number", info("body = 1"), {{9, 8, "`body` must be a text"}}},
    });
}

// ---- dot_vote -------------------------------------------------------------------------------------

TEST_CASE("dot_vote: dots, max_per_option, require_all_dots and 2..60 options", "[scenario][dot_vote]") {
    // Lines: 5 [[step]], 6 id, 7 type, 8 title, 9 dots, 10 options, 11.. extra.
    const auto dot_vote = [](std::string dots_line, std::string options, std::initializer_list<std::string_view> extra = {}) {
        return head + lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"", dots_line, options}) + lines(extra);
    };
    check_cases({
        {"dots-1", dot_vote("dots = 1", options_line(2)), {}},
        {"dots-1000", dot_vote("dots = 1000", options_line(2)), {}},
        {"dots-0", dot_vote("dots = 0", options_line(2)), {{9, 8, "`dots` must be between 1 and 1000; it is 0"}}},
        {"dots-negative", dot_vote("dots = -2", options_line(2)), {{9, 8, "`dots` must be between 1 and 1000"}}},
        {"dots-string", dot_vote("dots = \"5\"", options_line(2)), {{9, 8, "`dots` must be a whole number (without quotes), not a string"}}},
        {"dots-float", dot_vote("dots = 2.5", options_line(2)), {{9, 8, "`dots` must be a whole number"}}},
        {"dots-missing", head + lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"", options_line(2)}),
         {{5, 1, "step `d` has no `dots`; add dots = 5"}}},
        {"max-per-option-1", dot_vote("dots = 3", options_line(2), {"max_per_option = 1"}), {}},
        {"max-per-option-dots", dot_vote("dots = 3", options_line(2), {"max_per_option = 3"}), {}},
        {"max-per-option-0", dot_vote("dots = 3", options_line(2), {"max_per_option = 0"}),
         {{11, 18, "`max_per_option` must be between 1 and 3 (the step's `dots`); it is 0"}}},
        {"max-per-option-above-dots", dot_vote("dots = 3", options_line(2), {"max_per_option = 4"}),
         {{11, 18, "`max_per_option` must be between 1 and 3 (the step's `dots`); it is 4"}}},
        {"max-per-option-string", dot_vote("dots = 3", options_line(2), {"max_per_option = \"2\""}), {{11, 18, "must be a whole number"}}},
        {"require-all", dot_vote("dots = 3", options_line(2), {"require_all_dots = true"}), {}},
        {"require-all-string", dot_vote("dots = 3", options_line(2), {"require_all_dots = \"yes\""}),
         {{11, 20, "`require_all_dots` must be true or false"}}},
        // 2 options holding at most 1 dot each cannot take all 3 dots.
        {"require-all-impossible", dot_vote("dots = 3", options_line(2), {"max_per_option = 1", "require_all_dots = true"}),
         {{12, 20, "require_all_dots asks for all 3 dots, but 2 options with at most 1 each hold only 2"}}},
        {"require-all-exact", dot_vote("dots = 4", options_line(2), {"max_per_option = 2", "require_all_dots = true"}), {}},
        {"options-2", dot_vote("dots = 3", options_line(2)), {}},
        {"options-60", dot_vote("dots = 3", options_line(60)), {}},
        {"options-1", dot_vote("dots = 3", options_line(1)), {{10, 11, "a dot_vote step needs 2 to 60 options; this one has 1"}}},
        {"options-61", dot_vote("dots = 3", options_line(61)), {{10, 11, "a dot_vote step needs 2 to 60 options; this one has 61"}}},
        {"options-0", dot_vote("dots = 3", "options = []"), {{10, 11, "this one has 0"}}},
        {"options-missing", head + lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"", "dots = 3"}),
         {{5, 1, "a dot_vote step needs 2 to 60 options; add options = "}}},
    });
}

// ---- ranking --------------------------------------------------------------------------------------

TEST_CASE("ranking: method, rank_at_least <= rank_at_most <= options, 2..30 options", "[scenario][ranking]") {
    // Lines: 5 [[step]], 6 id, 7 type, 8 title, 9 options (3 unless given), 10.. extra.
    const auto ranking = [](std::initializer_list<std::string_view> extra, int options = 3) {
        return head + lines({"[[step]]", "id = \"r\"", "type = \"ranking\"", "title = \"R\"", options_line(options)}) + lines(extra);
    };
    check_cases({
        {"ranking-defaults", ranking({}), {}},
        {"method-borda", ranking({"method = \"borda\""}), {}},
        {"method-schulze", ranking({"method = \"schulze\""}), {}},
        {"method-other", ranking({"method = \"condorcet\""}), {{10, 10, "`method` must be \"borda\" or \"schulze\"; it is \"condorcet\""}}},
        {"method-upper", ranking({"method = \"Borda\""}), {{10, 10, "`method` must be \"borda\" or \"schulze\""}}},
        {"method-number", ranking({"method = 1"}), {{10, 10, "`method` must be a text"}}},
        {"at-least-1", ranking({"rank_at_least = 1"}), {}},
        {"at-least-all", ranking({"rank_at_least = 3"}), {}},
        {"at-least-0", ranking({"rank_at_least = 0"}), {{10, 17, "`rank_at_least` must be between 1 and 3 (the number of options); it is 0"}}},
        {"at-least-above-options", ranking({"rank_at_least = 4"}), {{10, 17, "`rank_at_least` must be between 1 and 3 (the number of options); it is 4"}}},
        {"at-least-string", ranking({"rank_at_least = \"1\""}), {{10, 17, "must be a whole number"}}},
        {"at-most-1", ranking({"rank_at_most = 1"}), {}},
        {"at-most-0", ranking({"rank_at_most = 0"}), {{10, 16, "`rank_at_most` must be between 1 and 3 (the number of options); it is 0"}}},
        {"at-most-above-options", ranking({"rank_at_most = 4"}), {{10, 16, "`rank_at_most` must be between 1 and 3"}}},
        {"at-least-equals-at-most", ranking({"rank_at_least = 2", "rank_at_most = 2"}), {}},
        {"at-least-above-at-most", ranking({"rank_at_least = 3", "rank_at_most = 2"}),
         {{10, 17, "`rank_at_least` (3) is more than `rank_at_most` (2)"}}},
        {"ranking-options-2", ranking({}, 2), {}},
        {"ranking-options-30", ranking({}, 30), {}},
        {"ranking-options-1", ranking({}, 1), {{9, 11, "a ranking step needs 2 to 30 options; this one has 1"}}},
        {"ranking-options-31", ranking({}, 31), {{9, 11, "a ranking step needs 2 to 30 options; this one has 31"}}},
        // With a bad option count the rank bounds are only checked against the format's limit.
        {"ranking-options-31-at-most-31", ranking({"rank_at_most = 31"}, 31),
         {{9, 11, "this one has 31"}, {10, 16, "`rank_at_most` must be between 1 and 30; it is 31"}}},
    });
}

// ---- idea_vote ------------------------------------------------------------------------------------

TEST_CASE("idea_vote: votes_per_participant, collect_ideas, max_idea_length, 0..500 options", "[scenario][idea_vote]") {
    // Lines: 5 [[step]], 6 id, 7 type, 8 title, 9 options, 10.. extra.
    const auto idea_vote = [](std::string options, std::initializer_list<std::string_view> extra = {}) {
        return head + lines({"[[step]]", "id = \"v\"", "type = \"idea_vote\"", "title = \"V\"", options}) + lines(extra);
    };
    check_cases({
        {"idea-defaults", idea_vote(options_line(2)), {}},
        {"idea-one-option", idea_vote(options_line(1)), {}},
        {"votes-1", idea_vote(options_line(2), {"votes_per_participant = 1"}), {}},
        {"votes-0", idea_vote(options_line(2), {"votes_per_participant = 0"}), {{10, 25, "`votes_per_participant` must be between 1 and 1000"}}},
        {"votes-string", idea_vote(options_line(2), {"votes_per_participant = \"3\""}), {{10, 25, "must be a whole number"}}},
        {"collect-string", idea_vote(options_line(2), {"collect_ideas = \"true\""}), {{10, 17, "`collect_ideas` must be true or false"}}},
        {"length-10", idea_vote(options_line(2), {"max_idea_length = 10"}), {}},
        {"length-1000", idea_vote(options_line(2), {"max_idea_length = 1000"}), {}},
        {"length-9", idea_vote(options_line(2), {"max_idea_length = 9"}), {{10, 19, "`max_idea_length` must be between 10 and 1000 (characters); it is 9"}}},
        {"length-1001", idea_vote(options_line(2), {"max_idea_length = 1001"}), {{10, 19, "must be between 10 and 1000"}}},
        {"no-options-collect", idea_vote("options = []", {"collect_ideas = true"}), {}},
        {"no-options-key-collect", head + lines({"[[step]]", "id = \"v\"", "type = \"idea_vote\"", "title = \"V\"", "collect_ideas = true"}), {}},
        {"no-options", idea_vote("options = []"), {{9, 11, "an idea_vote step needs at least one option to vote on"}}},
        {"no-options-collect-false", idea_vote("options = []", {"collect_ideas = false"}), {{9, 11, "set collect_ideas = true"}}},
        {"no-options-key", head + lines({"[[step]]", "id = \"v\"", "type = \"idea_vote\"", "title = \"V\""}),
         {{5, 1, "an idea_vote step needs at least one option"}}},
        // A broken collect_ideas is reported once, not also as "no options".
        {"no-options-collect-broken", idea_vote("options = []", {"collect_ideas = 1"}), {{10, 17, "`collect_ideas` must be true or false"}}},
        {"idea-options-500", idea_vote(options_line(500)), {}},
        {"idea-options-501", idea_vote(options_line(501)), {{9, 11, "an idea_vote step needs 0 to 500 options; this one has 501"}}},
    });
}

// ---- loaded values and defaults ----------------------------------------------------------------

TEST_CASE("defaults are applied to every step type", "[scenario][defaults]") {
    const Scenario s = load_ok(head + info_step +
                               lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"", "dots = 4", options_line(3),
                                      "[[step]]", "id = \"r\"", "type = \"ranking\"", "title = \"R\"", options_line(5),
                                      "[[step]]", "id = \"v\"", "type = \"idea_vote\"", "title = \"V\"", options_line(2)}));
    REQUIRE(s.steps.size() == 4);
    const Step& info = s.steps[0];
    CHECK(info.type == StepType::info);
    CHECK(info.line == 5);
    CHECK(info.prompt.empty());
    CHECK(info.body.in("en") == "B");
    CHECK(info.options.empty());

    const Step& dot = s.steps[1];
    CHECK(dot.type == StepType::dot_vote);
    CHECK(dot.line == 10);
    CHECK(dot.dots == 4);
    CHECK(dot.max_per_option == 4);  // defaults to dots
    CHECK(dot.require_all_dots == false);
    CHECK(dot.options.size() == 3);

    const Step& rank = s.steps[2];
    CHECK(rank.type == StepType::ranking);
    CHECK(rank.method == RankingMethod::borda);
    CHECK(rank.rank_at_least == 1);
    CHECK(rank.rank_at_most == 5);  // defaults to the number of options

    const Step& idea = s.steps[3];
    CHECK(idea.type == StepType::idea_vote);
    CHECK(idea.votes_per_participant == 0);  // unlimited
    CHECK(idea.collect_ideas == false);
    CHECK(idea.max_idea_length == 280);
}

TEST_CASE("explicit values are kept", "[scenario]") {
    const Scenario s = load_ok(head + lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"", "dots = 6",
                                             "max_per_option = 2", "require_all_dots = true", options_line(3),  //
                                             "[[step]]", "id = \"r\"", "type = \"ranking\"", "title = \"R\"", "method = \"schulze\"",
                                             "rank_at_least = 2", "rank_at_most = 4", options_line(5),  //
                                             "[[step]]", "id = \"v\"", "type = \"idea_vote\"", "title = \"V\"",
                                             "votes_per_participant = 3", "collect_ideas = true", "max_idea_length = 120"}));
    CHECK(s.steps[0].dots == 6);
    CHECK(s.steps[0].max_per_option == 2);
    CHECK(s.steps[0].require_all_dots);
    CHECK(s.steps[1].method == RankingMethod::schulze);
    CHECK(s.steps[1].rank_at_least == 2);
    CHECK(s.steps[1].rank_at_most == 4);
    CHECK(s.steps[2].votes_per_participant == 3);
    CHECK(s.steps[2].collect_ideas);
    CHECK(s.steps[2].max_idea_length == 120);
    CHECK(s.steps[2].options.empty());
}

TEST_CASE("LocalText: a string fills every language and a table falls back to the default", "[scenario][text]") {
    const Scenario s = load_ok(lines({"format = 1", "id = \"t\"", "languages = [\"nl\", \"en\", \"uk\"]",
                                      "title = { nl = \"Welkom\", uk = \"Ласкаво просимо\" }", "description = \"Almere\""}) +
                               info_step);
    CHECK(s.title.by_language.size() == 3);
    CHECK(s.title.in("nl") == "Welkom");
    CHECK(s.title.in("uk") == "Ласкаво просимо");
    CHECK(s.title.in("en") == "Welkom");  // missing: the default language's text
    CHECK(s.description.by_language == std::map<std::string, std::string>{{"nl", "Almere"}, {"en", "Almere"}, {"uk", "Almere"}});
    CHECK(s.steps[0].prompt.empty());  // optional and absent: no languages at all
}

TEST_CASE("UTF-8 texts round-trip byte for byte", "[scenario][text][utf8]") {
    const std::string toml = lines({"format = 1", "id = \"t\"", "languages = [\"uk\", \"nl\"]",
                                    "title = { uk = \"Сімʼя та житло — їжа, ґанок, є\", nl = \"Oekraïense café’s: één, ü, ç\" }",
                                    "description = \"Emoji 🏠 and tab\\there\""}) +
                             info_step;
    const Scenario s = load_ok(toml, "утф-8.toml");
    CHECK(s.title.in("uk") == "Сімʼя та житло — їжа, ґанок, є");
    CHECK(s.title.in("nl") == "Oekraïense café’s: één, ü, ç");
    CHECK(s.description.in("uk") == "Emoji 🏠 and tab\there");
    CHECK(s.source_path == "утф-8.toml");
    CHECK(s.source_text == toml);
}

TEST_CASE("the source text is kept exactly, with its SHA-256", "[scenario]") {
    // CRLF line ends, a byte order mark and a trailing comment are all part of the file.
    const std::string toml = "\xEF\xBB\xBF" "format = 1\r\nid = \"t\"\r\nlanguages = [\"nl\"]\r\ntitle = \"T\"\r\n"
                             "[[step]]\r\nid = \"i\"\r\ntype = \"info\"\r\ntitle = \"I\"\r\nbody = \"B\"\r\n# end";
    const Scenario s = load_ok(toml, "crlf.toml");
    CHECK(s.source_text == toml);
    CHECK(s.sha256 == sha256_hex(toml));
    CHECK(s.sha256.size() == 64);
    CHECK(s.source_path == "crlf.toml");
    CHECK(s.steps[0].line == 5);

    // Positions in a CRLF file count lines like any other.
    check_case({"crlf-error", "format = 1\r\nid = \"t\"\r\nlanguages = [\"nl\"]\r\ntitle = \"\"\r\n" + info_step, {{4, 9, "`title` is empty"}}});
}

// ---- all errors at once -------------------------------------------------------------------------

TEST_CASE("every error of a file is reported at once, in file order", "[scenario][errors]") {
    const std::string toml = head + lines({"[[step]]", "id = \"d\"", "type = \"dot_vote\"", "title = \"D\"",
                                           "dots = 0",                     // line 9
                                           options_line(1),                // line 10
                                           "colour = \"#000000\""});       // line 11
    const ScenarioLoad load = parse_scenario(toml, "three.toml");
    CHECK_FALSE(load.scenario.has_value());
    CHECK_FALSE(load.ok());
    const std::string printed = format_diagnostics(load.errors);
    CHECK(printed ==
          "three.toml:9:8: error: `dots` must be between 1 and 1000; it is 0\n"
          "three.toml:10:11: error: a dot_vote step needs 2 to 60 options; this one has 1\n"
          "three.toml:11:1: error: unknown key `colour` in step; did you mean `dots`? (the keys allowed here are id, "
          "type, title, prompt, options, dots, max_per_option and require_all_dots)\n");
}

TEST_CASE("errors in several tables come out sorted by position", "[scenario][errors]") {
    // toml++ visits keys alphabetically; the report must still follow the file.
    const std::string toml = lines({"format = 3", "id = \"T\"", "languages = [\"nl\"]", "title = \"\"", "[kiosk]",
                                    "idle_reset_seconds = 1", "[[role]]", "id = \"r\"", "[[step]]", "id = \"s\"", "type = \"info\"",
                                    "title = \"S\""});
    const ScenarioLoad load = parse_scenario(toml, "order.toml");
    std::vector<std::pair<int, int>> positions;
    for (const Diagnostic& d : load.errors) positions.emplace_back(d.line, d.column);
    CHECK(positions == std::vector<std::pair<int, int>>{{1, 10}, {2, 6}, {4, 9}, {6, 22}, {7, 1}, {9, 1}});
}
