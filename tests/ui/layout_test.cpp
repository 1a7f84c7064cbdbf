// layout_test.cpp — every screen in portrait, landscape and 4K: touch targets at least 12 mm on
// the real screen, everything inside the screen, nothing that needs hover. Screenshots of each
// page go to the build folder (tests/ui/screenshots/<size>/) for people to look at.
#include "support/kiosk_harness.h"
#include "translations.h"

using namespace kiosk_test;

namespace {

struct Page {
    const char* script;  // what leads to the page
    const char* name;    // its screenshot
};

// English, with choices made on each page so every state is drawn.
const Page pages[] = {
    {"wait 1", "01-attract"},
    {"tap \"Raak het scherm aan om te beginnen\"", "02-language"},
    {"tap \"English\"", "03-role"},
    {"tap \"Reception location manager\"", "04-info"},
    {"tap \"Next →\"\ntap \"Housing\"\ntap \"Housing\"\ntap \"Housing\"\ntap \"Language\"\ntap \"Language\"", "05-dot-vote"},
    {"tap \"Next →\"\ntap \"Job matching with local employers\"\ntap \"Childcare during language classes\"", "06-ranking"},
    {"tap \"Next →\"\ntap \"A permanent meeting place in the city centre\"", "07-idea-vote"},
    {"tap \"+ Add your idea\"\ntype \"Bike lessons for adults, on Saturdays\"", "08-keyboard"},
    {"tap \"Add idea\"", "09-idea-added"},
    {"tap \"Next →\"", "10-review"},
    {"wait 62s", "11-idle-countdown"},
    {"tap 5 5\ntap \"✓ Confirm\"", "12-closing"},
    {"tap \"Next →\"", "13-thanks"},
};

void check_page(Kiosk& k, const char* page) {
    const Metrics& m = k.app().metrics();
    const float min_target = m.mm(12.0f) - 0.5f;
    const Rect screen{{0, 0}, m.display};
    for (const Tappable& t : k.app().registry().tappables) {
        INFO("page " << page << ": \"" << t.label << "\" is " << t.size.x << " x " << t.size.y << " px; 12 mm = " << m.mm(12));
        CHECK(std::min(t.size.x, t.size.y) >= min_target);
        CHECK(t.rect.min.x >= 0);
        CHECK(t.rect.min.y >= 0);
        CHECK(t.rect.max.x <= screen.max.x);
        CHECK(t.rect.max.y <= screen.max.y);
    }
    // Two targets side by side keep a gap a finger can tell (one inside another is a card's + or −).
    const auto& targets = k.app().registry().tappables;
    const auto inside = [](const Rect& o, const Rect& i) {
        return i.min.x >= o.min.x && i.min.y >= o.min.y && i.max.x <= o.max.x && i.max.y <= o.max.y;
    };
    for (std::size_t i = 0; i < targets.size(); ++i)
        for (std::size_t j = i + 1; j < targets.size(); ++j) {
            const Rect& a = targets[i].rect;
            const Rect& b = targets[j].rect;
            if (inside(a, b) || inside(b, a)) continue;
            INFO("page " << page << ": \"" << targets[i].label << "\" and \"" << targets[j].label << "\" touch");
            CHECK(Rect{{a.min.x - 2, a.min.y - 2}, {a.max.x + 2, a.max.y + 2}}.intersect(b).empty());
        }
}

void walk(ImVec2 size, const std::string& folder, bool screenshots) {
    Kiosk k(sample_scenario(), size);
    for (const Page& p : pages) {
        KIOSK_RUN(k, p.script);
        check_page(k, p.name);
        if (screenshots) {
            std::string error;
            const std::string path = std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/" + folder + "/" + p.name + ".png";
            CHECK(write_png(path, k.headless().screenshot(), &error));
        }
    }
    CHECK(k.shows("Your choices have been saved."));
    CHECK(k.ballots("themes").size() == 1);
}

}  // namespace

TEST_CASE("landscape 1920x1080", "[ui][layout]") { walk({1920, 1080}, "catch2-landscape", true); }
TEST_CASE("portrait 1080x1920", "[ui][layout]") { walk({1080, 1920}, "catch2-portrait", true); }
TEST_CASE("4K landscape 3840x2160", "[ui][layout]") { walk({3840, 2160}, "catch2-4k", false); }
TEST_CASE("a small 1280x720 window", "[ui][layout]") { walk({1280, 720}, "catch2-720p", true); }

TEST_CASE("the screen's real size sets the sizes, nonsense falls back to 96 dpi", "[ui][layout]") {
    CHECK(px_per_mm_from_monitor(1920, 0, 1080, 0) == 0);        // Xvfb and friends say 0 mm
    CHECK(px_per_mm_from_monitor(1920, 1600, 1080, 900) > 0);    // a 72" screen: 1.2 px/mm
    CHECK(px_per_mm_from_monitor(1920, 20, 1080, 11) == 0);       // a 2 cm screen: nonsense
    CHECK(px_per_mm_from_monitor(1024, 5000, 768, 3750) == 0);    // 5 dpi: nonsense
    CHECK(px_per_mm_from_monitor(1920, 500, 1080, 150) == 0);     // not square pixels: nonsense
    CHECK(px_per_mm_from_monitor(1920, 531, 1080, 299) == Approx(3.6f).epsilon(0.01));  // 24"
    const Theme& theme = Theme::builtin();
    const Metrics fallback = Metrics::compute(theme, {1920, 1080}, 0, 1);
    CHECK(fallback.px_per_mm == Approx(96 / 25.4f));
    const Metrics big_screen = Metrics::compute(theme, {1920, 1080}, 1.2f, 1);  // 72": 1.2 px/mm
    CHECK(big_screen.target >= big_screen.mm(12) - 0.5f);
    CHECK(big_screen.target == Approx(fallback.target));  // still sized by the window, not smaller
    const Metrics scaled = Metrics::compute(theme, {1920, 1080}, 0, 2);
    CHECK(scaled.body == Approx(fallback.body * 2).margin(1));
    const Metrics small_dense = Metrics::compute(theme, {800, 600}, 8.0f, 1);  // 200 dpi
    CHECK(small_dense.target >= 8.0f * 12 - 0.5f);
}

TEST_CASE("instructions wrap onto more lines in portrait, never cut with an ellipsis", "[ui][layout]") {
    for (const char* lang : {"Nederlands", "English", "Українська"}) {
        Kiosk k(sample_scenario(), {1080, 1920});
        KIOSK_RUN(k, std::string("tap \"Raak het scherm aan om te beginnen\"\ntap \"") + lang + "\"\n");
        // The first role, the welcome, then every step with a choice on it.
        KIOSK_RUN(k, "tap 540 700\nwait 2\n");
        for (int page = 0; page < 5; ++page) {
            INFO(lang << ", page " << page << " (" << screen_entry(k.screen()).name << ")");
            for (const ShownText& t : k.app().registry().texts) {
                if (!t.cut) continue;
                // Only the texts of voters' ideas may be cut in their card (they open in full elsewhere).
                const bool idea = k.screen() == ScreenId::idea_vote && t.text.size() > 60;
                if (!idea) FAIL_CHECK("cut with an ellipsis: \"" << t.text << "\"");
            }
            for (const Tappable& t : k.app().registry().tappables) {
                for (const ShownText& s : k.app().registry().texts)
                    if (s.text == t.label && s.cut) FAIL_CHECK("a button cut short: \"" << t.label << "\"");
            }
            const Tappable* next = nullptr;
            for (const Tappable& t : k.app().registry().tappables)
                if (t.label.find("→") != std::string::npos && t.label.find("←") == std::string::npos) next = &t;
            if (!next) break;
            const Tappable* skip = nullptr;
            for (const char* s : {"Deze vraag overslaan", "Skip this question", "Пропустити це запитання"})
                if (!skip) skip = k.find(s);
            const ImVec2 at = (next->enabled || !skip) ? next->rect.center() : skip->rect.center();
            KIOSK_RUN(k, "tap " + std::to_string(static_cast<int>(at.x)) + " " + std::to_string(static_cast<int>(at.y)) + "\n");
        }
    }
}

TEST_CASE("the start screen holds ten languages whole: every title and invitation, above the buttons", "[ui][layout]") {
    // Ten titles and ten invitations one above the other pushed the invitation off a landscape
    // screen (only its Dutch line's top showed, white on the background) and cut the titles.
    const std::string ten = read_file(WORKSHOP_SOURCE_DIR "/tests/bench/scenarios/ten_languages.toml");
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1280, 800), ImVec2(1080, 1920), ImVec2(1280, 720)}) {
        INFO(size.x << "x" << size.y);
        Kiosk k(ten, size);
        KIOSK_RUN(k, "wait 1");
        const Registry& r = k.app().registry();
        const ShownText* title = nullptr;
        const ShownText* invitation = nullptr;
        for (const ShownText& t : r.texts) {
            INFO("\"" << t.text << "\"");
            CHECK_FALSE(t.cut);
            if (t.text.find("Welcome to Almere\n") != std::string::npos) title = &t;
            if (t.text.find("Touch the screen to start\n") != std::string::npos) invitation = &t;
        }
        REQUIRE(title != nullptr);
        REQUIRE(invitation != nullptr);
        CHECK(std::count(invitation->text.begin(), invitation->text.end(), '\n') == 9);  // ten languages
        CHECK(k.shows("المس الشاشة للبدء"));
        CHECK(k.shows("ንምጅማር ነቲ ስክሪን ጠውቑ"));
        // Whole on the screen, above the "Aa" and contrast buttons, the title clear of it.
        const Tappable* aa = k.find("Aa");
        REQUIRE(aa != nullptr);
        CHECK(invitation->rect.min.y >= 0);
        CHECK(invitation->rect.max.y <= aa->rect.min.y);
        CHECK(title->rect.max.y <= aa->rect.min.y);
        CHECK(title->rect.intersect(invitation->rect).empty());
        // Read from a step away: no smaller than the kiosk's body text.
        CHECK(invitation->rect.h() / 10 >= k.app().metrics().body * 1.25f - 0.5f);
        std::string error;
        CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/ten-languages-attract-" + std::to_string(int(size.x)) + "x" +
                            std::to_string(int(size.y)) + ".png",
                        k.headless().screenshot(), &error));
    }
}

TEST_CASE("a ranking at 1280x800 with large text keeps every place of 'Your order' above the footer, in Ukrainian", "[ui][layout]") {
    // The Ukrainian hint takes two lines there and "Пропустити це запитання" puts the footer on
    // two rows: the three places, at a touch target's height, were drawn past their tray, the
    // last one beside the footer's buttons. Now "Your order" stands beside the hint.
    Kiosk k("format = 1\nid = \"rank\"\nlanguages = [\"en\", \"uk\"]\ntitle = \"Rank\"\n"
            "[[step]]\nid = \"order\"\ntype = \"ranking\"\ntitle = { en = \"What first?\", uk = \"З чого почати?\" }\n"
            "options = [{ id = \"a\", label = \"Альфа\" }, { id = \"b\", label = \"Бета\" }, { id = \"c\", label = \"Гамма\" }]\n",
            {1280, 800});
    KIOSK_RUN(k, R"(
tap "Touch the screen to start"
tap "Українська"
tap "Aa Читання"
expect "Торкайтеся варіантів, починаючи з найважливішого. Торкніться ще раз, щоб скасувати."
expect "Пропустити це запитання"
)");
    const Registry& r = k.app().registry();
    const Metrics& m = k.app().metrics();
    const auto top_of_footer = [&] {
        float top = 1e9f;
        for (const Tappable& t : r.tappables)
            if (t.context == "Читання" || t.label == "← Назад") top = std::min(top, t.rect.min.y);
        return top;
    };
    float footer_top = top_of_footer();
    REQUIRE(footer_top < 800);
    const ShownText* heading = nullptr;
    for (const ShownText& t : r.texts)
        if (t.text == "Ваш порядок") heading = &t;
    REQUIRE(heading);
    // Room under the heading for three places a touch target tall, half a gap apart at least.
    const float room = footer_top - heading->rect.max.y;
    INFO("room under \"Ваш порядок\": " << room << " px; a place: " << m.target << " px, a gap " << m.gap);
    CHECK(room >= 3 * m.target + 2 * m.gap * 0.5f);
    KIOSK_RUN(k, "tap \"Альфа\"\ntap \"Бета\"\ntap \"Гамма\"\nexpect \"Ви обрали 3 — це максимум\"");
    footer_top = top_of_footer();
    for (const Tappable& t : r.tappables)
        if (t.context == "Ваш порядок") CHECK(t.rect.max.y <= footer_top);
    std::string error;
    CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/ranking-uk-large-1280x800.png", k.headless().screenshot(), &error));
}

TEST_CASE("the start screen gives the description in every language too, whole, above the buttons", "[ui][layout]") {
    // It showed the title in each language but the description only in the first (Dutch).
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1280, 800), ImVec2(1080, 1920), ImVec2(1280, 720)}) {
        INFO(size.x << "x" << size.y);
        Kiosk k(sample_scenario(), size);
        KIOSK_RUN(k, "wait 1");
        CHECK(k.shows("Stakeholdersessie over de opvang en de toekomst van Oekraïense nieuwkomers in Almere"));
        CHECK(k.shows("Stakeholder session on the reception and the future of Ukrainian newcomers in Almere"));
        CHECK(k.shows("Зустріч зацікавлених сторін про прийом і майбутнє новоприбулих з України в Алмере"));
        const Tappable* aa = k.find("Aa");
        REQUIRE(aa != nullptr);
        for (const ShownText& t : k.app().registry().texts) {
            if (t.text == "Aa" || t.text == "Contrast") continue;  // the buttons' own labels
            INFO("\"" << t.text << "\"");
            CHECK_FALSE(t.cut);
            CHECK(t.rect.min.y >= 0);
            CHECK(t.rect.max.y <= aa->rect.min.y);
        }
        std::string error;
        CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/attract-descriptions-" + std::to_string(int(size.x)) + "x" +
                            std::to_string(int(size.y)) + ".png",
                        k.headless().screenshot(), &error));
    }
}

TEST_CASE("a text fitted to a box shrinks as far as its smallest size allows, however many steps that takes", "[ui][layout]") {
    // Fitting stopped after eight steps (half size): with large text on, ten languages' titles on
    // the start screen at 1280x800 were then cut with "…" after the seventh.
    Kiosk k(sample_scenario(), {1280, 800});
    const Ui& ui = k.app().ui();
    const std::string word = "Almere";
    const float full = ui.measure(ui.display(), word).x;
    const FontSpec f = ui.fit(ui.display(), word, ImVec2(full * 0.4f, ui.line_height(ui.display())), 0.3f);
    CHECK(ui.measure(f, word).x <= full * 0.4f + 0.5f);
    CHECK(f.size >= ui.display().size * 0.3f);
    CHECK(f.size > ui.display().size * 0.33f);  // the largest that fits, not the smallest allowed
    // Where nothing fits, the smallest size allowed.
    CHECK(ui.fit(ui.display(), word, ImVec2(full * 0.1f, 1), 0.3f).size == Approx(ui.display().size * 0.3f));
}

TEST_CASE("the start screen's results button speaks every scenario language, whole, beside the reading buttons", "[ui][layout]") {
    // It showed "See the results" in the first language only, where the title and the
    // invitation are in every one.
    const std::string ten = read_file(WORKSHOP_SOURCE_DIR "/tests/ui/fixtures/ten_languages_walk.toml");
    const Strings& s = Strings::builtin();
    for (const bool large : {false, true})
        for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1280, 800), ImVec2(1080, 1920), ImVec2(1280, 720)}) {
            INFO((large ? "large text, " : "") << size.x << "x" << size.y);
            Kiosk k(ten, size);
            REQUIRE(k.session().set_revealed("topics", true).ok);
            KIOSK_RUN(k, large ? "tap \"Aa\"\nwait 2" : "wait 2");
            const Registry& r = k.app().registry();
            INFO("on screen: " << r.describe_texts());
            const Tappable* first = nullptr;
            for (const char* lang : {"nl", "en", "uk", "ar", "fa", "ti", "tr", "pl", "so", "ru"}) {
                const std::string words = s.get("see_results", lang);
                INFO(lang << ": " << words);
                const Tappable* t = k.find(words);
                REQUIRE(t);
                if (!first) first = t;
                CHECK(t->rect.min.x == first->rect.min.x);  // one button, found by any language's words
                CHECK(t->rect.max.y == first->rect.max.y);
                // The words are drawn on the button, whole.
                bool drawn = false;
                for (const ShownText& text : r.texts)
                    if (text.text.find(words) != std::string::npos && first->rect.contains(text.rect.center())) drawn = !text.cut;
                CHECK(drawn);
            }
            CHECK(first->rect.min.x >= 0);
            CHECK(first->rect.max.x <= size.x);
            CHECK(first->rect.max.y <= size.y);
            CHECK(std::min(first->size.x, first->size.y) >= k.app().metrics().mm(12) - 0.5f);
            const Tappable* aa = k.find(large ? "✓ Aa" : "Aa");
            REQUIRE(aa);
            CHECK(aa->rect.intersect(first->rect).empty());
            for (const ShownText& t : r.texts) CHECK_FALSE(t.cut);
            std::string error;
            CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/attract-results-" + (large ? "large-" : "") +
                                std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) + ".png",
                            k.headless().screenshot(), &error));
            // Any language's words open the results.
            KIOSK_RUN(k, "tap \"" + s.get("see_results", "so") + "\"");
            CHECK(k.screen() == ScreenId::results);
        }
}

namespace {

// The smallest size (px) at which `f`'s Latin letters were drawn inside `box` this frame: each
// glyph's quad against its size in the atlas. 0 when none was drawn there.
float smallest_drawn_size(FontSpec f, const Rect& box) {
    float smallest = 0;
    const ImDrawData* data = ImGui::GetDrawData();
    for (char32_t c = U'a'; c <= U'z'; ++c) {
        const ImFontGlyph* g = f.font->FindGlyphNoFallback(static_cast<ImWchar>(c));
        if (!g || !g->Visible || g->Y1 - g->Y0 < 4) continue;
        for (int l = 0; l < data->CmdListsCount; ++l) {
            const ImVector<ImDrawVert>& v = data->CmdLists[l]->VtxBuffer;
            for (int i = 0; i + 3 < v.Size; i += 1) {
                const bool u_match = (v[i].uv.x == g->U0 && v[i + 1].uv.x == g->U1) || (v[i].uv.x == g->U1 && v[i + 1].uv.x == g->U0);
                if (!u_match || v[i].uv.y != g->V0 || v[i + 1].uv.y != g->V0 || v[i + 2].uv.y != g->V1) continue;
                if (!box.contains(ImVec2((v[i].pos.x + v[i + 1].pos.x) / 2, (v[i].pos.y + v[i + 2].pos.y) / 2))) continue;
                const float size = (v[i + 2].pos.y - v[i].pos.y) / (g->Y1 - g->Y0) * f.font->FontSize;
                smallest = smallest == 0 ? size : std::min(smallest, size);
            }
        }
    }
    return smallest;
}

}  // namespace

TEST_CASE("the start screen's results button words are at least body size, wrapped rather than shrunk", "[ui][layout]") {
    // With large text the words were shrunk below body text to stay on the lines the button had
    // beside the reading buttons (1080x1920: 0.51 of body size), though a row of their own held them.
    const std::string ten = read_file(WORKSHOP_SOURCE_DIR "/tests/ui/fixtures/ten_languages_walk.toml");
    const std::string six = read_file(WORKSHOP_SOURCE_DIR "/scenarios/welcome-meeting.toml");
    for (const std::string* scenario : {&ten, &six})
    for (const bool large : {false, true})
        for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1280, 800), ImVec2(1080, 1920), ImVec2(1280, 720)}) {
            INFO((scenario == &ten ? "ten languages, " : "six languages, ") << (large ? "large text, " : "") << size.x << "x" << size.y);
            Kiosk k(*scenario, size);
            REQUIRE(k.session().set_revealed("topics", true).ok);
            KIOSK_RUN(k, large ? "tap \"Aa\"\nwait 2" : "wait 2");
            const Tappable* button = k.find("See the results");
            REQUIRE(button);
            const Ui& ui = k.app().ui();
            const float drawn = smallest_drawn_size(ui.bold(), button->rect);
            INFO("drawn at " << drawn << " px, body text " << ui.body().size << " px");
            // Ten languages with large text on 1280x720: a third of the page holds three lines of
            // the page's width at 0.95 of body size (it was 0.66 beside the reading buttons).
            const bool fits = !(large && size.y == 720 && scenario == &ten);
            CHECK(drawn >= ui.body().size * (fits ? 1.0f : 0.9f) - 0.5f);
            for (const ShownText& t : k.app().registry().texts) CHECK_FALSE(t.cut);
            CHECK(button->rect.max.y <= size.y);
        }
}
