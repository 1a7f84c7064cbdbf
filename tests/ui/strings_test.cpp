// strings_test.cpp — the kiosk's own texts: every one in all ten UI languages with the right
// number of plural forms and the same placeholders, plural rules, and no text asked for that is
// missing; the engine's list of UI languages (for `workshop validate`) matches the files.
#include <map>
#include <regex>
#include <set>

#include "support/kiosk_harness.h"
#include "translations.h"
#include "workshop/languages.h"

using namespace kiosk_test;

namespace {

std::set<std::string> placeholders(const std::string& text) {
    std::set<std::string> out;
    static const std::regex re("\\{([a-z_]+)\\}");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) out.insert((*it)[1]);
    return out;
}

// Through every page with whatever Next is called in the voter's language, then confirm; or
// only until a page shows `stop_at`.
void walk_to_thanks(Kiosk& k, const std::string& stop_at = {}) {
    for (int i = 0; i < 12 && k.screen() != ScreenId::thanks; ++i) {
        if (!stop_at.empty() && k.find(stop_at)) return;
        const std::string& code = k.app().visit().language();
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
    CHECK(s.language_name("ar") == "العربية");
    CHECK(s.language_name("ti") == "ትግርኛ");
    CHECK(s.language_name("nl") == "Nederlands");
    CHECK(s.language_name("xx") == "xx");
}

TEST_CASE("every text is there in each further UI language, with its plural forms", "[ui][strings]") {
    const Strings& s = Strings::builtin();
    for (const char* lang : {"ar", "fa", "ti", "tr", "pl", "so", "ru"}) {
        REQUIRE(s.has_language(lang));
        for (const std::string& key : s.keys()) {
            INFO("assets/lang/" << lang << ".toml: " << key);
            const auto* en = s.forms(key, "en");
            const auto* forms = s.forms(key, lang);
            REQUIRE(forms);
            const std::size_t expected = en->size() > 1 ? static_cast<std::size_t>(plural_form_count(lang)) : 1u;
            CHECK(forms->size() == expected);
            for (std::size_t i = 0; i < forms->size(); ++i) {
                const std::string& f = (*forms)[i];
                CHECK_FALSE(f.empty());
                // Arabic names zero, one and two in words ("نقطتان"), as Arabic UIs do; every
                // other form of every language shows all of English's placeholders.
                if (std::string(lang) == "ar" && en->size() > 1 && i < 3) CHECK(placeholders(f).count("n") == 0);
                else CHECK(placeholders(f) == placeholders(en->front()));
            }
        }
    }
}

TEST_CASE("the engine's UI languages are the language files, reviewed flags included", "[ui][strings]") {
    // `workshop validate` warns from the engine's list; the kiosk shows the files. Same answer.
    const Strings& s = Strings::builtin();
    std::map<std::string, bool> engine;
    for (const workshop::UiLanguage& l : workshop::ui_languages()) engine[std::string(l.code)] = l.reviewed;
    std::map<std::string, bool> files(s.languages().begin(), s.languages().end());
    CHECK(engine == files);
    CHECK(files.size() == 10);
    CHECK(files.at("uk"));
    CHECK_FALSE(files.at("ar"));  // honest: no native speaker has read the new languages yet
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
    CHECK(s.plural("dots_left", "ru", 1) == "Осталась 1 точка");
    CHECK(s.plural("dots_left", "ru", 4) == "Осталось 4 точки");
    CHECK(s.plural("dots_left", "ru", 12) == "Осталось 12 точек");
    CHECK(s.plural("dots_left", "ru", 101) == "Осталась 101 точка");
    CHECK(s.plural("dots_left", "pl", 1) == "Została 1 kropka");
    CHECK(s.plural("dots_left", "pl", 22) == "Zostały 22 kropki");
    CHECK(s.plural("dots_left", "pl", 21) == "Zostało 21 kropek");  // Polish: 21 is "many"
    CHECK(s.plural("dots_left", "pl", 0) == "Zostało 0 kropek");
    CHECK(s.plural("dots_left", "ar", 0) == "لم تبقَ نقاط");
    CHECK(s.plural("dots_left", "ar", 1) == "بقيت نقطة واحدة");
    CHECK(s.plural("dots_left", "ar", 2) == "بقيت نقطتان");
    CHECK(s.plural("dots_left", "ar", 3) == "بقيت 3 نقاط");
    CHECK(s.plural("dots_left", "ar", 11) == "بقيت 11 نقطة");
    CHECK(s.plural("votes_left", "ar", 100) == "بقي 100 صوت");   // other
    CHECK(s.plural("votes_left", "ar", 103) == "بقيت 103 أصوات");  // few again
    CHECK(s.plural("votes_count", "ti", 0) == "0 ድምጺ");  // Tigrinya: 0 and 1 are "one"
    CHECK(s.plural("votes_count", "ti", 2) == "2 ድምጽታት");
    CHECK(s.plural("dots_given", "tr", 2) == "2 nokta");
}

TEST_CASE("a missing text falls back to English and is remembered", "[ui][strings]") {
    auto parsed = Strings::parse("[reviewed]\nen = true\nnl = true\nuk = true\n[hello]\nen = \"Hello\"\nnl = \"Hallo\"\n", "t.toml");
    REQUIRE(parsed);
    CHECK(parsed->get("hello", "uk") == "Hello");
    CHECK(parsed->get("nope", "en") == "nope");
    CHECK(parsed->misses().count("hello/uk") == 1);
    CHECK(parsed->misses().count("nope/en") == 1);
    // A language the kiosk has no texts in at all (a scenario in German) is English, not a miss.
    CHECK(parsed->get("hello", "de") == "Hello");
    CHECK(parsed->misses().count("hello/de") == 0);
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
        walk_to_thanks(k);
    }
    CHECK(Strings::builtin().misses().empty());
}

TEST_CASE("a session in each of the ten languages: every step type, no text missing", "[ui][strings]") {
    // Scenario texts in English only (they fall back to it); the kiosk's own texts in each language.
    const std::string ten =
        "format = 1\nid = \"ten\"\nlanguages = [\"en\", \"nl\", \"uk\", \"ar\", \"fa\", \"ti\", \"tr\", \"pl\", \"so\", \"ru\"]\n"
        "title = \"Ten languages\"\n[[role]]\nid = \"r\"\nlabel = \"Resident\"\n"
        "[[step]]\nid = \"i\"\ntype = \"info\"\ntitle = \"Hello\"\nbody = \"Welcome\"\n"
        "[[step]]\nid = \"d\"\ntype = \"dot_vote\"\ndots = 3\ntitle = \"Dots\"\n"
        "options = [{ id = \"a\", label = \"A\" }, { id = \"b\", label = \"B\" }]\n"
        "[[step]]\nid = \"k\"\ntype = \"ranking\"\ntitle = \"Rank\"\n"
        "options = [{ id = \"a\", label = \"A\" }, { id = \"b\", label = \"B\" }]\n"
        "[[step]]\nid = \"v\"\ntype = \"idea_vote\"\ncollect_ideas = true\ntitle = \"Ideas\"\n";
    const Strings& s = Strings::builtin();
    for (const char* code : {"en", "nl", "uk", "ar", "fa", "ti", "tr", "pl", "so", "ru"}) {
        INFO(code);
        Kiosk k(ten, {1280, 800});
        KIOSK_RUN(k, "tap \"Touch the screen to start\"\ntap \"" + s.language_name(code) + "\"\nwait 2");
        REQUIRE(k.app().visit().language() == code);
        walk_to_thanks(k);
        CHECK(k.shows(s.get("thanks_title", code)));
    }
    CHECK(Strings::builtin().misses().empty());
}

TEST_CASE("each text size has the glyphs of every text it draws, in each of the ten languages", "[ui][strings][fonts]") {
    // Each font size carries only the glyphs of the texts drawn at it (build_fonts): the display
    // size those of titles, digits and the big messages. A session in each language with the
    // scenario's own texts in all ten: the attract and language screens, every step, an idea
    // typed on the voter's keyboard (Ge'ez: each vowel row opened), the idle countdown, thanks.
    const std::string ten = read_file(WORKSHOP_SOURCE_DIR "/tests/bench/scenarios/ten_languages.toml");
    const Strings& s = Strings::builtin();
    for (const char* code : {"en", "nl", "uk", "ar", "fa", "ti", "tr", "pl", "so", "ru"}) {
        INFO(code);
        Kiosk k(ten, {1280, 800});
        KIOSK_RUN(k, "tap \"Raak het scherm aan om te beginnen\"\ntap \"" + s.language_name(code) + "\"\nwait 2");
        const std::string add = s.get("add_idea", code);
        walk_to_thanks(k, add);
        KIOSK_RUN(k, "tap \"" + add + "\"");
        for (const Tappable& key : std::vector<Tappable>(k.app().registry().tappables))
            if (key.types.empty() && key.label.size() == 3 && key.label[0] == '\xe1')  // a Ge'ez consonant: its vowel row
                KIOSK_RUN(k, "tap \"" + key.label + "\"\ntap \"" + key.label + "\"");
        KIOSK_RUN(k, "wait 62s\nwait 2\ntap 5 400\nwait 2");  // the idle countdown (display-size digits), dismissed
        KIOSK_RUN(k, "tap \"" + s.get("cancel", code) + "\"");
        walk_to_thanks(k);
        for (const std::string& miss : k.app().ui().glyph_misses()) FAIL_CHECK("drawn without its glyph: " << miss);
    }
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
