// cut_text_test.cpp — no kiosk text cut short with "…" or drawn with a letter its fonts lack: every participant screen in all ten
// languages, at 1280x800 and 1080x1920, large text off and on (the screens shown only on a failure
// too: "could not save" and the start-up error screen), and facilitator mode in nl, en and uk. The registry says which texts did not fit their box (ShownText::cut); only what a voter
// typed may be cut (an idea card holds what it can; the idea opens in full elsewhere).
#include <sqlite3.h>

#include "facilitator_harness.h"
#include "bidi.h"
#include "translations.h"
#include "utf8.h"

using namespace kiosk_test;

namespace {

const std::string walk_toml = read_file(WORKSHOP_SOURCE_DIR "/tests/ui/fixtures/ten_languages_walk.toml");
const char* const typed_idea = "Picknick in het park";
const char* const languages[] = {"nl", "en", "uk", "ar", "fa", "ti", "tr", "pl", "so", "ru"};

// A letter of `text` (as drawn: Arabic shaped) that no font of the atlas has: it would be drawn
// as "?". 0 when every one is there.
char32_t missing_glyph(const App& app, const std::string& text) {
    const Fonts& f = app.fonts();
    for (char32_t c : decode_utf8(visual_line(text, reads_rtl(text, false)))) {
        if (c < 0x20 || c > 0xFFFF) continue;  // the zero-width marks visual_line already dropped
        bool found = false;
        for (const ImFont* font : {f.regular, f.bold, f.small, f.title, f.display})
            found = found || (font && font->FindGlyphNoFallback(static_cast<ImWchar>(c)));
        if (!found) return c;
    }
    return 0;
}

// Every text the kiosk drew cut short (or with a letter its fonts lack) on the current screen,
// named for the report.
void collect_cut(const App& app, const std::string& where, std::vector<std::string>& found) {
    for (const ShownText& t : app.registry().texts) {
        if (t.cut && t.text != typed_idea) found.push_back(where + ": \"" + t.text + "\"");
        if (const char32_t c = missing_glyph(app, t.text)) {
            char code[16];
            std::snprintf(code, sizeof code, "U+%04X", static_cast<unsigned>(c));
            found.push_back(where + ": no glyph for " + code + " in \"" + t.text + "\"");
        }
    }
}
void collect_cut(Kiosk& k, const std::string& where, std::vector<std::string>& found) { collect_cut(k.app(), where, found); }

// Taps the widget labelled `label` (in the voter's language) by its place on the glass.
void tap(Kiosk& k, const std::string& label) {
    const Tappable* t = k.find(label);
    INFO("on screen: " << k.app().registry().describe());
    REQUIRE(t != nullptr);
    const ImVec2 at = t->rect.center();
    KIOSK_RUN(k, "tap " + std::to_string(static_cast<int>(at.x)) + " " + std::to_string(static_cast<int>(at.y)) + "\nwait 2\n");
}

std::string option(Kiosk& k, const std::string& step, const std::string& id, const std::string& lang) {
    for (const Step& s : k.session().scenario().steps)
        if (s.id == step)
            for (const Option& o : s.options)
                if (o.id == id) return o.label.in(lang);
    FAIL("no option " << step << "/" << id);
    return {};
}

// One voter through every screen in `lang`, then the start screen with results to see and the
// results themselves; what was cut goes to `found`.
void walk(const std::string& lang, ImVec2 size, bool large, std::vector<std::string>& found) {
    const Strings& s = Strings::builtin();
    const auto tr = [&](const char* key) { return s.get(key, lang); };
    Kiosk k(walk_toml, size);
    const std::string where = lang + " " + std::to_string(static_cast<int>(size.x)) + "x" + std::to_string(static_cast<int>(size.y)) +
                              (large ? " large" : "") + ", ";
    const auto look = [&](const char* screen) { collect_cut(k, where + screen, found); };
    if (large) tap(k, "Aa");
    look("attract");
    tap(k, s.get("touch_to_start", "nl"));
    look("language");
    tap(k, s.language_name(lang));
    look("role");
    tap(k, k.session().scenario().roles[0].label.in(lang));
    look("info");
    tap(k, tr("next") + " →");
    look("dot vote");
    tap(k, option(k, "topics", "work", lang));
    tap(k, option(k, "topics", "work", lang));
    tap(k, option(k, "topics", "school", lang));
    look("dot vote, no dots left");
    KIOSK_RUN(k, "wait 65s\nwait 2");  // the idle countdown (the last 30 of 90 seconds)
    look("idle countdown");
    KIOSK_RUN(k, "tap 5 5\nwait 2");
    tap(k, tr("next") + " →");
    look("ranking");
    tap(k, option(k, "order", "cafe", lang));
    look("ranking, one chosen");
    tap(k, option(k, "order", "buddy", lang));
    look("ranking, two chosen (drag to reorder)");
    tap(k, option(k, "order", "jobs", lang));
    look("ranking, full");
    tap(k, tr("next") + " →");
    look("idea vote");
    REQUIRE(k.session().pause().ok);
    KIOSK_RUN(k, "wait 2");
    look("paused");
    if (large && size.x == 1280 && lang == "en") {  // the most text of any message: ten languages, large
        std::string error;
        CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/paused-ten-languages-large-1280x800.png", k.headless().screenshot(), &error));
    }
    REQUIRE(k.session().resume().ok);
    KIOSK_RUN(k, "wait 2");
    tap(k, tr("add_idea"));
    look("idea editor");
    KIOSK_RUN(k, std::string("type \"") + typed_idea + "\"\nwait 2\n");
    look("idea editor, typed");
    tap(k, tr("add_idea_confirm"));
    look("idea vote, idea added");
    tap(k, option(k, "free-time", "music", lang));
    tap(k, tr("next") + " →");
    look("review");
    // Another connection holds the write lock: the ballots cannot be saved (a failure only).
    detail::store_of(k.session()).set_busy_timeout(0);
    sqlite3* other = nullptr;
    REQUIRE(sqlite3_open(k.db_path().c_str(), &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
    tap(k, "✓ " + tr("confirm"));
    REQUIRE(k.screen() == ScreenId::save_failed);
    look("could not save");
    if (lang == "ti" || lang == "ar") {
        std::string error;
        CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/save-failed-" + lang + "-" + std::to_string(static_cast<int>(size.x)) +
                            "x" + std::to_string(static_cast<int>(size.y)) + (large ? "-large" : "") + ".png",
                        k.headless().screenshot(), &error));
    }
    sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
    sqlite3_close(other);
    tap(k, tr("try_again"));
    look("closing info");
    tap(k, tr("next") + " →");
    look("thanks");
    REQUIRE(k.ballots("order").size() == 1);
    for (const char* step : {"topics", "order", "free-time"}) REQUIRE(k.session().set_revealed(step, true).ok);
    tap(k, tr("done"));
    if (large) tap(k, "Aa");
    look("attract with results");
    tap(k, s.get("see_results", "nl"));
    look("results");
}

void report(const std::vector<std::string>& found) {
    std::string all;
    for (const std::string& f : found) all += "\n  " + f;
    INFO("texts cut with an ellipsis:" << all);
    CHECK(found.empty());
}

// The start-up error screen (a broken scenario, a locked database) in `lang`. Nobody has chosen
// large text there (no visit, no "Aa"): the kiosk's --ui-scale 1.5 makes it as large.
void startup_error(const std::string& lang, ImVec2 size, bool large, std::vector<std::string>& found) {
    std::vector<std::string> errors{"workshop.db: error: database is locked"};
    const ScenarioLoad broken = parse_scenario(read_file(WORKSHOP_SOURCE_DIR "/tests/ui/fixtures/broken.toml"), "broken.toml");
    std::istringstream lines(format_diagnostics(broken.errors));
    for (std::string line; std::getline(lines, line);) errors.push_back(line);
    AppConfig config;
    config.start_language = lang;
    config.ui_scale = large ? App::large_text_scale : 1.0f;
    App app(errors, config);
    HeadlessKiosk h(app, size);
    h.frame({});
    h.frame({});
    REQUIRE(app.screen() == ScreenId::startup_error);
    const std::string where = lang + " " + std::to_string(static_cast<int>(size.x)) + "x" + std::to_string(static_cast<int>(size.y)) +
                              (large ? " large" : "") + ", start-up error";
    collect_cut(app, where, found);
    if (lang == "ar" || lang == "ti") {
        std::string error;
        CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/startup-error-" + lang + "-" + std::to_string(static_cast<int>(size.x)) +
                            "x" + std::to_string(static_cast<int>(size.y)) + (large ? "-large" : "") + ".png",
                        h.screenshot(), &error));
    }
}

void sweep(ImVec2 size, bool large) {
    std::vector<std::string> found;
    for (const char* lang : languages) walk(lang, size, large, found);
    for (const char* lang : languages) startup_error(lang, size, large, found);
    report(found);
}

}  // namespace

TEST_CASE("no participant text cut in ten languages at 1280x800", "[ui][layout][languages]") { sweep({1280, 800}, false); }
TEST_CASE("no participant text cut in ten languages at 1280x800 with large text", "[ui][layout][languages]") { sweep({1280, 800}, true); }
TEST_CASE("no participant text cut in ten languages at 1080x1920", "[ui][layout][languages]") { sweep({1080, 1920}, false); }
TEST_CASE("no participant text cut in ten languages at 1080x1920 with large text", "[ui][layout][languages]") { sweep({1080, 1920}, true); }

TEST_CASE("no facilitator text cut in nl, en and uk at 1280x800 and 1080x1920", "[ui][layout][facilitator]") {
    std::vector<std::string> found;
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(1080, 1920)})
        for (const char* lang : {"nl", "en", "uk"}) {
            TempDir dir;
            AppConfig config = config_with_pin();
            config.kiosk.language = lang;
            // The sample scenarios and one with errors (a failure only the facilitator sees).
            fs::create_directories(dir / "scenarios");
            for (const auto& file : fs::directory_iterator(WORKSHOP_SOURCE_DIR "/scenarios"))
                if (file.path().extension() == ".toml") fs::copy_file(file.path(), dir / ("scenarios/" + file.path().filename().string()));
            fs::copy_file(WORKSHOP_SOURCE_DIR "/tests/ui/fixtures/broken.toml", dir / "scenarios/broken.toml");
            config.kiosk.scenarios_dir = dir / "scenarios";
            config.kiosk.exports_dir = dir / "exports";
            Kiosk k(workshop_toml, size, config);
            KIOSK_RUN(k, one_voter);
            REQUIRE(k.session().add_idea("ideas", "Free ferry on Sundays", "en").ok());
            const std::string where = std::string(lang) + " " + std::to_string(static_cast<int>(size.x)) + "x" +
                                      std::to_string(static_cast<int>(size.y)) + ", ";
            hold_corner(k);
            collect_cut(k, where + "PIN", found);
            KIOSK_RUN(k, std::string("type \"") + kPin + "\"\ntap \"OK\"\nwait 2\n");
            REQUIRE(k.screen() == ScreenId::facilitator_home);
            collect_cut(k, where + "home", found);
            Facilitator& f = k.app().facilitator();
            f.open_ideas("ideas");
            KIOSK_RUN(k, "wait 2");
            collect_cut(k, where + "ideas", found);
            f.open_scenarios(k.app());
            KIOSK_RUN(k, "wait 2");
            collect_cut(k, where + "scenarios", found);
            // Shown only on a failure: a scenario file with errors, selected and then loaded.
            f.select_scenario(dir / "scenarios/broken.toml");
            KIOSK_RUN(k, "wait 2");
            collect_cut(k, where + "scenarios, a broken file", found);
            f.load_scenario(k.app(), dir / "scenarios/broken.toml");
            KIOSK_RUN(k, "wait 2");
            collect_cut(k, where + "scenarios, a broken file loaded", found);
            f.open_export();
            KIOSK_RUN(k, "wait 2");
            collect_cut(k, where + "export", found);
            std::ofstream(dir / "a file").put('x');
            f.export_to(k.app(), dir / "a file/deeper");  // a failed export: a file where a folder should be
            REQUIRE(k.screen() == ScreenId::facilitator_export);
            KIOSK_RUN(k, "wait 2");
            collect_cut(k, where + "export failed", found);
            if (size.x == 1080 && std::string(lang) == "uk") {
                std::string error;
                CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/facilitator-export-failed-uk-1080x1920.png", k.headless().screenshot(), &error));
            }
            f.go(ScreenId::facilitator_home);
            f.set_paused(k.app(), true);
            KIOSK_RUN(k, "wait 2");
            collect_cut(k, where + "home, paused", found);
        }
    report(found);
}
