// hostile_render_test.cpp — the headless kiosk draws the hostile ideas (hostile_texts.h) on the
// idea screen, the review, the results and in the editor: no crash, no sanitizer report, and
// every idea's text stays inside its card (the kiosk's registry records where each text went).
#include <catch2/catch.hpp>
#include <set>

#include "headless.h"
#include "hostile_texts.h"
#include "robust_support.h"

using namespace workshop;
using namespace workshop::kiosk;

namespace {

bool inside(const Rect& inner, const Rect& outer, float slack = 1.0f) {
    return inner.min.x >= outer.min.x - slack && inner.min.y >= outer.min.y - slack &&
           inner.max.x <= outer.max.x + slack && inner.max.y <= outer.max.y + slack;
}

std::string shorten(const std::string& text) { return text.size() > 60 ? text.substr(0, 60) + "…" : text; }

struct Kiosk {
    test::TempDir dir;
    std::unique_ptr<Session> session;
    std::unique_ptr<App> app;
    std::unique_ptr<HeadlessKiosk> headless;
    std::vector<std::string> ideas;  // texts stored

    explicit Kiosk(ImVec2 size) {
        auto opened = Session::open(dir / "render.db", robust::hostile_scenario());
        REQUIRE(opened.ok());
        session = std::move(*opened);
        for (const robust::HostileText& h : robust::hostile_texts()) {
            if (h.expect != robust::HostileText::stored) continue;
            REQUIRE(session->add_idea("ideas", h.text, "en").ok());
            ideas.push_back(h.text);
        }
        app = std::make_unique<App>(*session);
        headless = std::make_unique<HeadlessKiosk>(*app, size);
        headless->frame({});
    }
    void frame(ImVec2 pos = {}, bool down = false) { headless->frame({pos, down}); }
    void go_to_ideas() {
        app->apply(Intent::of(IntentKind::start));
        app->apply(Intent::of(IntentKind::choose_language, "en"));
        app->apply(Intent::of(IntentKind::next));  // the dot vote, skipped
        frame();
        frame();
        REQUIRE(app->screen() == ScreenId::idea_vote);
    }
    // Every idea card on screen: its text is drawn, and inside the card.
    std::vector<std::string> check_cards() {
        std::vector<std::string> seen;
        const Registry& reg = app->registry();
        for (const Tappable& card : reg.tappables) {
            if (std::find(ideas.begin(), ideas.end(), card.label) == ideas.end()) continue;
            seen.push_back(card.label);
            INFO("idea " << shorten(card.label));
            bool drawn = false;
            for (const ShownText& t : reg.texts) {
                if (t.text != card.label) continue;
                drawn = true;
                INFO("text " << t.rect.min.x << "," << t.rect.min.y << " - " << t.rect.max.x << "," << t.rect.max.y
                             << " card " << card.rect.min.x << "," << card.rect.min.y << " - " << card.rect.max.x << ","
                             << card.rect.max.y);
                CHECK(inside(t.rect, card.rect));
            }
            // A card cut by the edge of the scrolling grid may show none of its text; a whole one must.
            const bool whole = card.rect.w() >= card.size.x - 1 && card.rect.h() >= card.size.y - 1;
            if (whole) CHECK(drawn);
        }
        return seen;
    }
    void check_on_screen() {
        const Rect screen{{0, 0}, app->metrics().display};
        for (const ShownText& t : app->registry().texts) {
            INFO("text " << shorten(t.text));
            CHECK(inside(t.rect, screen));
        }
    }
};

}  // namespace

TEST_CASE("hostile ideas on the idea screen: drawn inside their cards, on every page of the grid") {
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(800, 480)}) {
        INFO("screen " << size.x << "x" << size.y);
        Kiosk k(size);
        k.go_to_ideas();
        std::set<std::string> seen;
        // Scroll the grid a page at a time with the finger, checking each page, to its end.
        float last_offset = -1;
        for (int page = 0; page < 60; ++page) {
            for (const std::string& text : k.check_cards()) seen.insert(text);
            k.check_on_screen();
            if (page % 8 == 0) {
                const Image shot = k.headless->screenshot();  // the software rasterizer meets every glyph
                CHECK(shot.width == static_cast<int>(size.x));
            }
            const float offset = k.app->visit().memory.scroll.count("ideas/ideas") ? k.app->visit().memory.scroll.at("ideas/ideas") : 0;
            if (offset == last_offset) break;
            last_offset = offset;
            const ImVec2 from(size.x / 2, size.y * 0.75f), to(size.x / 2, size.y * 0.3f);
            k.frame(from, true);
            for (int i = 1; i <= 8; ++i) k.frame(ImVec2(from.x, from.y + (to.y - from.y) * i / 8.0f), true);
            k.frame(to, false);
            k.frame(to, false);
        }
        CHECK(seen.size() == k.ideas.size());  // every idea was on screen at least once
    }
}

TEST_CASE("hostile ideas approved: the review and the results draw them without breaking") {
    Kiosk k(ImVec2(1280, 800));
    k.go_to_ideas();
    for (int i = 1; i <= static_cast<int>(k.ideas.size()); i += 3)
        k.app->apply(Intent::of(IntentKind::approve_toggle, "idea-" + std::to_string(i)));
    k.app->apply(Intent::of(IntentKind::next));
    k.frame();
    k.frame();
    REQUIRE(k.app->screen() == ScreenId::review);
    k.check_on_screen();
    k.app->apply(Intent::of(IntentKind::confirm));
    INFO(k.app->last_cast().message);
    REQUIRE(k.app->last_cast().ok);
    REQUIRE(k.session->visit_count() == 1);

    REQUIRE(k.session->set_revealed("ideas", true));
    k.app->apply(Intent::of(IntentKind::show_results, "ideas"));
    for (int i = 0; i < 5; ++i) k.frame();
    CHECK(k.app->screen() == ScreenId::results);
    k.check_on_screen();
    (void)k.headless->screenshot();
}

TEST_CASE("hostile text typed into the idea editor: kept within the limit, valid UTF-8, no crash") {
    Kiosk k(ImVec2(1280, 800));
    k.go_to_ideas();
    for (const robust::HostileText& h : robust::hostile_texts()) {
        INFO(h.name);
        k.app->apply(Intent::of(IntentKind::open_editor));
        k.frame();
        REQUIRE(k.app->visit().memory.editor.open);
        k.app->insert_text(h.text);
        k.frame();
        const std::string& typed = k.app->visit().memory.editor.text;
        CHECK(utf8_length(typed) >= 0);  // invalid bytes never reach the field
        CHECK(utf8_length(typed) <= 1000);
        k.check_on_screen();
        k.app->apply(Intent::of(IntentKind::close_editor));
        k.frame();
    }
}
