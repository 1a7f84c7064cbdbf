// strings_test.cpp — the kiosk's own texts: every one in nl, en and uk with the right number of
// plural forms and the same placeholders, plural rules, and no text asked for that is missing.
#include <regex>
#include <set>

#include "kiosk_harness.h"
#include "translations.h"

using namespace kiosk_test;

namespace {

std::set<std::string> placeholders(const std::string& text) {
    std::set<std::string> out;
    static const std::regex re("\\{([a-z_]+)\\}");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) out.insert((*it)[1]);
    return out;
}

}  // namespace

TEST_CASE("every text is there in Dutch, English and Ukrainian", "[ui][strings]") {
    const Strings& s = Strings::builtin();
    REQUIRE(s.keys().size() > 60);
    for (const std::string& key : s.keys()) {
        INFO("assets/strings.toml: [" << key << "]");
        const auto* en = s.forms(key, "en");
        REQUIRE(en);
        for (const char* lang : {"nl", "en", "uk"}) {
            INFO("language " << lang);
            const auto* forms = s.forms(key, lang);
            REQUIRE(forms);
            if (en->size() > 1) CHECK(forms->size() == (std::string(lang) == "uk" ? 3u : 2u));
            else CHECK(forms->size() == 1u);
            for (const std::string& f : *forms) {
                CHECK_FALSE(f.empty());
                CHECK(placeholders(f) == placeholders(en->front()));
            }
        }
    }
    CHECK(s.language_name("uk") == "Українська");
    CHECK(s.language_name("nl") == "Nederlands");
    CHECK(s.language_name("xx") == "xx");
}

TEST_CASE("plural forms follow each language's rules", "[ui][strings]") {
    const Strings& s = Strings::builtin();
    CHECK(s.plural("dots_left", "en", 1) == "1 dot left");
    CHECK(s.plural("dots_left", "en", 0) == "0 dots left");
    CHECK(s.plural("dots_left", "nl", 2) == "2 stippen over");
    CHECK(s.plural("dots_left", "nl", 1) == "1 stip over");
    CHECK(s.plural("dots_left", "uk", 1) == "Залишилася 1 крапка");
    CHECK(s.plural("dots_left", "uk", 3) == "Залишилося 3 крапки");
    CHECK(s.plural("dots_left", "uk", 5) == "Залишилося 5 крапок");
    CHECK(s.plural("dots_left", "uk", 11) == "Залишилося 11 крапок");
    CHECK(s.plural("dots_left", "uk", 21) == "Залишилася 21 крапка");
    CHECK(s.plural("dots_left", "uk", 14) == "Залишилося 14 крапок");
    CHECK(s.plural("dots_left", "uk", 22) == "Залишилося 22 крапки");
    CHECK(s.get("step_of", "uk", {{"n", "2"}, {"total", "4"}}) == "Крок 2 з 4");
}

TEST_CASE("a missing text falls back to English and is remembered", "[ui][strings]") {
    auto parsed = Strings::parse("[hello]\nen = \"Hello\"\nnl = \"Hallo\"\n", "t.toml");
    REQUIRE(parsed);
    CHECK(parsed->get("hello", "uk") == "Hello");
    CHECK(parsed->get("nope", "en") == "nope");
    CHECK(parsed->misses().count("hello/uk") == 1);
    CHECK(parsed->misses().count("nope/en") == 1);
    auto broken = Strings::parse("[hello]\nen = 3\n", "t.toml");
    REQUIRE_FALSE(broken);
    CHECK(broken.message() == "t.toml:2: error: `hello.en` must be a text or an array of plural forms");
}

TEST_CASE("walking every screen in every language asks for no missing text", "[ui][strings]") {
    for (const char* lang : {"Nederlands", "English", "Українська"}) {
        Kiosk k(sample_scenario());
        KIOSK_RUN(k, std::string(R"(
tap "Raak het scherm aan om te beginnen"
tap ")") + lang + R"("
wait 2
)");
        // Through every page with whatever Next is called in that language, then confirm.
        for (int i = 0; i < 12 && k.screen() != ScreenId::thanks; ++i) {
            const std::string& code = k.app().visit().language;
            const Strings& s = k.app().strings();
            const Registry& r = k.app().registry();
            std::string target;
            for (const std::string& label : {s.get("role_none", code), s.get("next", code) + " →", s.get("skip", code),
                                             "✓ " + s.get("confirm", code)})
                if (target.empty() && r.find(label) && r.find(label)->enabled) target = label;
            REQUIRE_FALSE(target.empty());
            KIOSK_RUN(k, "tap \"" + target + "\"");
        }
        CHECK(k.screen() == ScreenId::thanks);
    }
    CHECK(Strings::builtin().misses().empty());
}

TEST_CASE("numbers are written the reader's way", "[ui][strings]") {
    CHECK(format_number(116277, "nl") == "116.277");
    CHECK(format_number(116277, "en") == "116,277");
    CHECK(format_number(116277, "uk") == "116\u202F277");  // a narrow no-break space
    CHECK(format_number(1234567, "nl") == "1.234.567");
    CHECK(format_number(999, "en") == "999");
    CHECK(format_number(-4321, "en") == "-4,321");
    CHECK(format_number(1000, "pl") == "1000");  // Polish groups from five digits on
    CHECK(format_number(10000, "pl") == "10\u00A0000");
    CHECK(format_percent(53.33, 0, "nl") == "53%");
    CHECK(format_percent(33.333, 1, "nl") == "33,3%");
    CHECK(format_percent(33.333, 1, "en") == "33.3%");
    CHECK(format_percent(99.96, 1, "uk") == "100,0%");
    // Plural texts fill {n} the same way.
    CHECK(Strings::builtin().plural("dots_given", "nl", 116277) == "116.277 stippen");
    CHECK(Strings::builtin().plural("dots_given", "en", 116277) == "116,277 dots");
}
