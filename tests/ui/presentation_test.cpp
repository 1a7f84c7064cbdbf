// presentation_test.cpp — revealed results as the facilitator projects them: slides that stay
// while shown (no idle reset), previous/next by buttons, edge taps and arrow keys, a way back to
// facilitator mode without the PIN that locks again, numbers written the viewer's way, and "by
// group" never showing a group smaller than min_group_size. Screenshots for people to look at.
#include "support/kiosk_harness.h"
#include "soft_render.h"

using namespace kiosk_test;

namespace {

namespace fs = std::filesystem;

const char* const kPin = "2468";

// Three roles (for groups of 5, 4 and 1), a dot vote, a Schulze ranking, an approval vote.
const char* const room_toml = R"(format = 1
id = "room"
languages = ["en", "nl", "uk"]
title = { en = "Harbour workshop", nl = "Havenwerkplaats", uk = "Майстерня гавані" }

[kiosk]
ask_language = false

[[role]]
id = "resident"
label = { en = "Resident", nl = "Bewoner", uk = "Мешканець" }

[[role]]
id = "council"
label = { en = "Council", nl = "Gemeente", uk = "Громада" }

[[role]]
id = "alderman"
label = { en = "Alderman", nl = "Wethouder", uk = "Радник" }

[[step]]
id = "colours"
type = "dot_vote"
title = { en = "Which colour for the quay?", nl = "Welke kleur voor de kade?", uk = "Який колір для набережної?" }
dots = 3
options = [ { id = "red", label = { en = "Red", nl = "Rood", uk = "Червоний" } },
            { id = "blue", label = { en = "Blue", nl = "Blauw", uk = "Синій" } },
            { id = "green", label = { en = "Green", nl = "Groen", uk = "Зелений" } } ]

[[step]]
id = "shapes"
type = "ranking"
method = "schulze"
title = { en = "Rank the shapes", nl = "Zet de vormen in volgorde", uk = "Розставте форми" }
options = [ { id = "circle", label = { en = "Circle", nl = "Cirkel", uk = "Коло" } },
            { id = "square", label = { en = "Square", nl = "Vierkant", uk = "Квадрат" } } ]
)";

AppConfig config_with_pin() {
    AppConfig c;
    c.start_language = "en";
    c.kiosk.pin = kPin;
    return c;
}

void save(Kiosk& k, const std::string& name) {
    const std::string path = std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/presentation/" + name;
    fs::create_directories(fs::path(path).parent_path());
    std::string error;
    CHECK(write_png(path, k.headless().screenshot(), &error));
}

// `n` visits as `role`: each gives `marks` in the dot vote and ranks circle over square.
void cast(Kiosk& k, const std::string& role, int n, std::vector<Mark> marks) {
    for (int i = 0; i < n; ++i) {
        Ballot dots, rank;
        dots.visit = rank.visit = k.session().new_visit_id();
        dots.role = rank.role = role;
        dots.language = rank.language = "en";
        dots.step = "colours";
        dots.marks = marks;
        rank.step = "shapes";
        rank.marks = {{"circle", 1}, {"square", 2}};
        REQUIRE(k.session().cast_visit({dots, rank}).ok);
    }
}

// Into facilitator mode with the hidden gesture and the PIN; then "Show on screen" of a step.
void present(Kiosk& k, const std::string& step_title) {
    KIOSK_RUN(k, std::string("hold 12 12 3.2s\ntype \"") + kPin + "\"\ntap \"OK\"\n");
    REQUIRE(k.screen() == ScreenId::facilitator_home);
    KIOSK_RUN(k, "tap \"Show on screen " + step_title + "\"\n");
    REQUIRE(k.screen() == ScreenId::results);
}

}  // namespace

TEST_CASE("the results the facilitator shows stay on screen while nobody touches it", "[ui][presentation]") {
    Kiosk k(room_toml, {1920, 1080}, config_with_pin());
    cast(k, "resident", 5, {{"red", 2}, {"blue", 1}});
    REQUIRE(k.session().set_revealed("colours", true).ok);
    present(k, "Which colour for the quay?");
    // Five minutes of talking in front of it: no "are you still there?", no reset.
    KIOSK_RUN(k, "wait 150s\nwait 150s\nwait 5s\n");
    CHECK(k.screen() == ScreenId::results);
    CHECK_FALSE(k.shows_part("Are you still there?"));
    CHECK(k.shows("Which colour for the quay?"));
    // Also when voting is over: that is when results are presented.
    REQUIRE(k.session().end().ok);
    KIOSK_RUN(k, "wait 2\n");
    CHECK(k.screen() == ScreenId::results);

    // A voter who opens the results from the start screen still gets the idle reset.
    KIOSK_RUN(k, "tap \"← Close\"\n");
    CHECK(k.screen() == ScreenId::paused);
}

TEST_CASE("a voter's own look at the results still times out", "[ui][presentation]") {
    Kiosk k(room_toml, {1920, 1080}, config_with_pin());
    cast(k, "resident", 1, {{"red", 1}});
    REQUIRE(k.session().set_revealed("colours", true).ok);
    KIOSK_RUN(k, "tap \"See the results\"\n");
    REQUIRE(k.screen() == ScreenId::results);
    CHECK_FALSE(k.shows_part("Back to facilitator"));
    KIOSK_RUN(k, "wait 95s\nwait 2\n");
    CHECK(k.screen() == ScreenId::attract);
}

TEST_CASE("from the slides back to facilitator mode without the PIN, until it would have locked", "[ui][presentation]") {
    Kiosk k(room_toml, {1920, 1080}, config_with_pin());
    cast(k, "resident", 5, {{"red", 1}});
    REQUIRE(k.session().set_revealed("colours", true).ok);
    present(k, "Which colour for the quay?");
    KIOSK_RUN(k, "wait 200s\ntap \"Back to facilitator\"\n");
    CHECK(k.screen() == ScreenId::facilitator_home);

    // Again, but after the facilitator's auto-lock time (300 s) the way back is gone: PIN again.
    KIOSK_RUN(k, "tap \"Show on screen Which colour for the quay?\"\n");
    REQUIRE(k.screen() == ScreenId::results);
    KIOSK_RUN(k, "wait 301s\nwait 2\n");
    CHECK(k.screen() == ScreenId::results);
    CHECK_FALSE(k.shows_part("Back to facilitator"));
    KIOSK_RUN(k, "hold 12 12 3.2s\n");
    CHECK(k.screen() == ScreenId::facilitator_pin);
}

TEST_CASE("slides turn with the buttons, a tap on either edge, and the arrow keys", "[ui][presentation]") {
    Kiosk k(room_toml, {1920, 1080}, config_with_pin());
    cast(k, "resident", 5, {{"red", 2}, {"green", 1}});
    cast(k, "council", 5, {{"blue", 3}});
    for (const char* step : {"colours", "shapes"})  // exact: while open, the bars hold the first 5
        REQUIRE(k.session().set_step_open(step, false).ok);
    REQUIRE(k.session().set_revealed("colours", true).ok);
    REQUIRE(k.session().set_revealed("shapes", true).ok);
    present(k, "Which colour for the quay?");
    CHECK(k.shows("Which colour for the quay?"));
    // Slides: the colours, their groups (5 residents, 5 council), the shapes, their groups.
    KIOSK_RUN(k, "expect \"1 of 4\"\ntap \"Next →\"\nexpect \"By group\"\ntap \"Next →\"\nexpect \"Rank the shapes\"\n");
    KIOSK_RUN(k, "tap 100 540\nexpect \"By group\"\n");
    KIOSK_RUN(k, "tap 1820 540\nexpect \"Rank the shapes\"\nexpect \"3 of 4\"\n");
    k.headless().press_key(ImGuiKey_LeftArrow);
    KIOSK_RUN(k, "wait 2\nexpect \"By group\"\n");
    k.headless().press_key(ImGuiKey_LeftArrow);
    KIOSK_RUN(k, "wait 2\nexpect \"1 of 4\"\n");
    CHECK_FALSE(k.shows_part("By group"));
    k.headless().press_key(ImGuiKey_RightArrow);
    KIOSK_RUN(k, "wait 2\nexpect \"2 of 4\"\n");
}

TEST_CASE("a slide shows counts and percentages, numbers written the viewer's way", "[ui][presentation]") {
    Kiosk k(room_toml, {1920, 1080}, config_with_pin());
    // 10 ballots in, voting open: the bars hold the first 5 (a step behind), the count is live.
    // The first 5: red 2+2+2+1+1 = 8 dots, blue 5, green 2 → 15 dots: 53%, 33%, 13%.
    cast(k, "resident", 3, {{"red", 2}, {"blue", 1}});
    cast(k, "council", 2, {{"red", 1}, {"blue", 1}, {"green", 1}});
    cast(k, "council", 5, {{"green", 3}});
    REQUIRE(k.session().set_revealed("colours", true).ok);
    present(k, "Which colour for the quay?");
    KIOSK_RUN(k, R"(
expect "10 ballots"
expect "Voting is still open"
expect "8 dots"
expect "53%"
expect "33%"
expect "13%"
tap "Українська"
expect "Проголосували 10 людей"
)");
    save(k, "slide-1920x1080-uk.png");
}

TEST_CASE("while voting is open the bars move in steps of min_group_size, the count live", "[ui][presentation]") {
    Kiosk k(room_toml, {1920, 1080}, config_with_pin());
    cast(k, "resident", 10, {{"red", 2}, {"blue", 1}});  // the bars hold the first 5: red 10 dots, blue 5
    REQUIRE(k.session().set_revealed("colours", true).ok);
    present(k, "Which colour for the quay?");
    KIOSK_RUN(k, "expect \"10 ballots\"\nexpect \"10 dots\"\n");
    const std::string note = "While voting is open, the bars change after every 5 ballots, so no one's vote can be seen.";
    CHECK(k.shows(note));
    // Two people vote green while the room watches: the count moves, the bars do not.
    cast(k, "council", 2, {{"green", 3}});
    KIOSK_RUN(k, "wait 2\nexpect \"12 ballots\"\nexpect \"10 dots\"\n");
    CHECK_FALSE(k.shows("6 dots"));
    save(k, "held-1920x1080.png");
    cast(k, "council", 3, {{"green", 3}});  // 15 in: the first 10 (residents all), green none yet
    KIOSK_RUN(k, "wait 2\nexpect \"15 ballots\"\nexpect \"20 dots\"\n");
    CHECK_FALSE(k.shows("15 dots"));
    cast(k, "council", 1, {{"green", 3}});
    REQUIRE(k.session().set_step_open("colours", false).ok);  // closed: exact, and no note
    KIOSK_RUN(k, "wait 2\nexpect \"16 ballots\"\nexpect \"18 dots\"\n");
    CHECK_FALSE(k.shows(note));
    save(k, "closed-1920x1080.png");
}

// The frame that takes in a ballot lays out only what reads differently: here the live count,
// once (it is measured, then drawn in a box of its own width: that was a second layout).
TEST_CASE("a ballot that moves only the live count lays out that one new text and only once", "[ui][presentation]") {
    Kiosk k(room_toml, {1920, 1080}, config_with_pin());
    cast(k, "resident", 10, {{"red", 2}, {"blue", 1}});
    REQUIRE(k.session().set_revealed("colours", true).ok);
    present(k, "Which colour for the quay?");
    KIOSK_RUN(k, "wait 2\nexpect \"10 ballots\"\n");
    const std::size_t before = k.app().ui().layouts_made();
    cast(k, "council", 1, {{"green", 3}});  // the bars hold the first 5 still
    KIOSK_RUN(k, "wait 2\nexpect \"11 ballots\"\nexpect \"10 dots\"\n");
    CHECK(k.app().ui().layouts_made() - before == 1);
}

TEST_CASE("one decimal only where two bars would read the same", "[ui][presentation]") {
    Kiosk k(room_toml, {1920, 1080}, config_with_pin());
    // red 67 dots, blue 66 of 200: 33.5% and 33.0% would both read "34%"/"33%"... make them equal:
    // red 100, blue 99, green 101 of 300 → 33.3%, 33.0%, 33.7%: whole percents 33, 33, 34.
    cast(k, "resident", 33, {{"red", 3}});
    cast(k, "resident", 1, {{"red", 1}});
    cast(k, "council", 33, {{"blue", 3}});
    cast(k, "alderman", 33, {{"green", 3}});
    cast(k, "alderman", 1, {{"green", 2}});
    // red 100, blue 99, green 101: 300 dots. Closed: while open the bars would hold 100 of the 101.
    REQUIRE(k.session().set_step_open("colours", false).ok);
    REQUIRE(k.session().set_revealed("colours", true).ok);
    present(k, "Which colour for the quay?");
    KIOSK_RUN(k, "expect \"33.3%\"\nexpect \"33.0%\"\nexpect \"33.7%\"\n");
}

TEST_CASE("presentation slides at 1920x1080, 1080x1920 and 3840x2160", "[ui][presentation]") {
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(3840, 2160)}) {
        Kiosk k(room_toml, size, config_with_pin());
        cast(k, "resident", 6, {{"red", 2}, {"blue", 1}});
        cast(k, "council", 5, {{"green", 3}});
        cast(k, "alderman", 1, {{"blue", 3}});
        REQUIRE(k.session().set_revealed("colours", true).ok);
        REQUIRE(k.session().set_revealed("shapes", true).ok);
        present(k, "Which colour for the quay?");
        const std::string tag = std::to_string(static_cast<int>(size.x)) + "x" + std::to_string(static_cast<int>(size.y));
        // The labels are big enough for a room: at least ~4 % of the short side.
        bool label_seen = false;
        for (const ShownText& t : k.app().registry().texts)
            if (t.text == "Green") {
                label_seen = true;
                CHECK(t.rect.h() >= std::min(size.x, size.y) * 0.04f);
            }
        CHECK(label_seen);
        for (const ShownText& t : k.app().registry().texts) CHECK_FALSE(t.cut);
        save(k, "1-dots-" + tag + ".png");
        KIOSK_RUN(k, "tap \"Next →\"\n");
        save(k, "2-" + tag + ".png");
        KIOSK_RUN(k, "tap \"Next →\"\n");
        save(k, "3-" + tag + ".png");
        KIOSK_RUN(k, "tap \"Next →\"\n");
        save(k, "4-" + tag + ".png");
    }
}

TEST_CASE("by group: a group under min_group_size is never shown on its own", "[ui][presentation]") {
    SECTION("groups of 5, 4 and 1: the 4 and the 1 together make 'Other groups'") {
        Kiosk k(room_toml, {1920, 1080}, config_with_pin());
        cast(k, "resident", 5, {{"red", 1}});
        cast(k, "council", 4, {{"blue", 2}});
        cast(k, "alderman", 1, {{"green", 3}});
        REQUIRE(k.session().set_step_open("colours", false).ok);  // exact: while open, the first 5 only
        REQUIRE(k.session().set_revealed("colours", true).ok);
        present(k, "Which colour for the quay?");
        KIOSK_RUN(k, "expect \"1 of 2\"\ntap \"Next →\"\nexpect \"By group\"\nexpect \"Resident\"\nexpect \"Other groups\"\n");
        CHECK_FALSE(k.shows_part("Council"));
        CHECK_FALSE(k.shows_part("Alderman"));
        CHECK_FALSE(k.shows_part("1 ballot"));
        // The group cards' rows are option labels: as large as the main slide's (~4 % of 1080).
        bool row_seen = false;
        for (const ShownText& t : k.app().registry().texts)
            if (t.text == "1. Red") {
                row_seen = true;
                CHECK(t.rect.h() >= 1080 * 0.04f);
            }
        CHECK(row_seen);
        for (const ShownText& t : k.app().registry().texts) CHECK_FALSE(t.cut);
        save(k, "by-group-1920x1080.png");
    }
    SECTION("groups of 5 and 4: the 4 stay hidden, and so do the 5 (the totals minus them)") {
        Kiosk k(room_toml, {1920, 1080}, config_with_pin());
        cast(k, "resident", 5, {{"red", 1}});
        cast(k, "council", 4, {{"blue", 2}});
        REQUIRE(k.session().set_revealed("colours", true).ok);
        present(k, "Which colour for the quay?");
        CHECK(k.shows("1 of 1"));
        CHECK_FALSE(k.shows_part("Resident"));
        CHECK_FALSE(k.shows_part("Council"));
        CHECK_FALSE(k.shows_part("By group"));
    }
    SECTION("groups of 5, 5 and 1: the one alderman hides in 'Other groups' with the council") {
        Kiosk k(room_toml, {1080, 1920}, config_with_pin());
        cast(k, "resident", 5, {{"red", 1}});
        cast(k, "council", 5, {{"blue", 2}});
        cast(k, "alderman", 1, {{"green", 3}});
        // Closed: while open the bars (and groups) would hold the first 10, the alderman not yet in.
        REQUIRE(k.session().set_step_open("colours", false).ok);
        REQUIRE(k.session().set_revealed("colours", true).ok);
        present(k, "Which colour for the quay?");
        KIOSK_RUN(k, "tap \"Next →\"\nexpect \"By group\"\nexpect \"Resident\"\nexpect \"Other groups\"\nexpect \"6 ballots\"\n");
        CHECK_FALSE(k.shows_part("Council"));
        CHECK_FALSE(k.shows_part("Alderman"));
        save(k, "by-group-1080x1920.png");
    }
    SECTION("a group of one and nobody else: no 'by group' slide at all") {
        Kiosk k(room_toml, {1920, 1080}, config_with_pin());
        cast(k, "alderman", 1, {{"green", 3}});
        REQUIRE(k.session().set_revealed("colours", true).ok);
        present(k, "Which colour for the quay?");
        CHECK(k.shows("1 of 1"));
        CHECK_FALSE(k.shows_part("Alderman"));
        CHECK_FALSE(k.shows_part("By group"));
    }
    SECTION("the facilitator keeps 'by group' off the shared screen") {
        Kiosk k(room_toml, {1920, 1080}, config_with_pin());
        cast(k, "resident", 5, {{"red", 1}});
        cast(k, "council", 5, {{"blue", 1}});
        REQUIRE(k.session().set_step_open("colours", false).ok);  // exact: while open, the first 5 only
        REQUIRE(k.session().set_revealed("colours", true).ok);
        present(k, "Which colour for the quay?");
        CHECK(k.shows("1 of 2"));
        KIOSK_RUN(k, "tap \"Back to facilitator\"\ntap \"Off By group on screen\"\n");
        KIOSK_RUN(k, "tap \"Show on screen Which colour for the quay?\"\n");
        CHECK(k.shows("1 of 1"));
        CHECK_FALSE(k.shows_part("By group"));
    }
}

// Each of the ten languages by its own name in its own script, as on the language screen.
const std::vector<std::pair<std::string, std::string>> ten_names = {
    {"nl", "Nederlands"}, {"en", "English"}, {"uk", "Українська"}, {"ar", "العربية"}, {"fa", "فارسی"},
    {"ti", "ትግርኛ"},       {"tr", "Türkçe"},  {"pl", "Polski"},     {"so", "Soomaali"}, {"ru", "Русский"}};

// An Arabic ballot in the step "time-in-almere" (the ten-language scenario's first), the step on
// the shared screen.
// `show`: facilitator mode's button for it, in facilitator mode's language.
void present_ten_languages(Kiosk& k, const std::string& show = "Show on screen How long have you lived in Almere?") {
    Ballot b;
    b.visit = k.session().new_visit_id();
    b.language = "ar";
    b.step = "time-in-almere";
    b.marks = {{"over-two", 1}};
    REQUIRE(k.session().cast_visit({b}).ok);
    REQUIRE(k.session().set_revealed("time-in-almere", true).ok);
    KIOSK_RUN(k, std::string("hold 12 12 3.2s\ntype \"") + kPin + "\"\ntap \"OK\"\n");
    REQUIRE(k.screen() == ScreenId::facilitator_home);
    KIOSK_RUN(k, "tap \"" + show + "\"\n");
    REQUIRE(k.screen() == ScreenId::results);
}

TEST_CASE("a slide in Arabic reads right to left, and every language's button is on screen at every size", "[ui][presentation][rtl]") {
    // Slides switched to Arabic were laid out left to right ("1 من 10" read as 10 of 1), and a
    // portrait screen had room for only six of ten language buttons (NL, EN, UK, AR squeezed away).
    // Then ten languages showed as codes ("AR", "FA"), which a participant who cannot read Latin
    // script cannot find: every one now by its own name, on a second row when need be.
    const std::string ten = read_file(WORKSHOP_SOURCE_DIR "/tests/bench/scenarios/ten_languages.toml");
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800)}) {
        INFO(size.x << "x" << size.y);
        Kiosk k(ten, size, config_with_pin());
        present_ten_languages(k);
        const Metrics& m = k.app().metrics();
        std::vector<const Tappable*> buttons;
        for (const auto& [code, name] : ten_names) {
            INFO(code);
            const Tappable* t = k.find(name + " language");
            REQUIRE(t != nullptr);
            CHECK(t->rect.min.x >= 0);
            CHECK(t->rect.max.x <= size.x);
            CHECK(std::min(t->rect.w(), t->rect.h()) >= m.mm(12) - 0.5f);
            CHECK(k.shows(name));  // the whole name, not cut to "…"
            for (const Tappable* other : buttons) CHECK(t->rect.intersect(other->rect).empty());
            buttons.push_back(t);
            std::string upper;
            for (char ch : code) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
            CHECK_FALSE(k.shows(upper));
        }
        KIOSK_RUN(k, "tap \"العربية language\"");
        const Tappable* next = k.find("التالي →");
        const Tappable* previous = k.find("← السابق");
        REQUIRE(next != nullptr);
        REQUIRE(previous != nullptr);
        CHECK(next->rect.center().x < size.x / 2);  // read right to left: onward is to the left
        CHECK(previous->rect.center().x > size.x / 2);
        bool title_seen = false;
        for (const ShownText& t : k.app().registry().texts)
            if (t.text == "منذ متى تسكن في ألميره؟") {
                title_seen = true;
                CHECK(t.rect.max.x > size.x * 0.9f);  // starts at the right edge
            }
        CHECK(title_seen);
        save(k, "arabic-" + std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) + ".png");
        KIOSK_RUN(k, "tap \"English language\"");
        REQUIRE(k.find("Next →") != nullptr);
        CHECK(k.find("Next →")->rect.center().x > size.x / 2);
    }
}

TEST_CASE("the way back to facilitator mode is the facilitator's: their language, top left on the glass in every slide language", "[ui][presentation][rtl]") {
    // On an Arabic slide it moved to the top right with the room's controls: the facilitator's
    // hand looked for it where it had been a moment before.
    const std::string ten = read_file(WORKSHOP_SOURCE_DIR "/tests/bench/scenarios/ten_languages.toml");
    const std::string three = R"(format = 1
id = "three"
languages = ["en", "ar", "uk"]
title = { en = "Welcome", ar = "أهلًا", uk = "Вітаємо" }

[[step]]
id = "time-in-almere"
type = "dot_vote"
dots = 1
title = { en = "How long have you lived in Almere?", ar = "منذ متى تسكن في ألميره؟", uk = "Як довго ви вже живете в Алмере?" }
options = [ { id = "under-one", label = { en = "Less than a year", ar = "أقل من سنة", uk = "Менше року" } },
            { id = "over-two", label = { en = "More than two years", ar = "أكثر من سنتين", uk = "Понад два роки" } } ]
)";
    for (const std::string* scenario : {&three, &ten}) {
        for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800)}) {
            INFO(size.x << "x" << size.y << (scenario == &ten ? ", ten languages" : ", three languages"));
            AppConfig c = config_with_pin();
            c.kiosk.language = "uk";
            Kiosk k(*scenario, size, c);
            present_ten_languages(k, "Показати на екрані Як довго ви вже живете в Алмере?");
            for (const char* language : {"English", "العربية", "Українська"}) {
                INFO(language);
                KIOSK_RUN(k, std::string("tap \"") + language + " language\"");
                const Tappable* back = k.find("Назад до режиму ведучого");
                REQUIRE(back != nullptr);
                CHECK(back->rect.min.x < size.x * 0.25f);
                CHECK(back->rect.center().y < size.y * 0.1f);  // in the bar at the top
                for (const Tappable& t : k.app().registry().tappables)
                    if (&t != back) CHECK(t.rect.intersect(back->rect).empty());
            }
            KIOSK_RUN(k, "tap \"Назад до режиму ведучого\"");
            CHECK(k.screen() == ScreenId::facilitator_home);
        }
    }
}

TEST_CASE("on an Arabic slide an idea typed in another language is tagged with that language's own name", "[ui][presentation][rtl]") {
    // The tags were codes ("NL", "UK"): Latin letters a reader of Arabic script cannot read.
    const std::string ten = read_file(WORKSHOP_SOURCE_DIR "/tests/bench/scenarios/ten_languages.toml");
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800)}) {
        INFO(size.x << "x" << size.y);
        Kiosk k(ten, size, config_with_pin());
        std::vector<std::string> ids;
        for (const auto& [text, language] : {std::pair{"Samen fietsen", "nl"}, std::pair{"Футбол у парку", "uk"}, std::pair{"كرة القدم مع الجيران", "ar"}}) {
            const Outcome<Idea> idea = k.session().add_idea("free-time", text, language);
            REQUIRE(idea.ok());
            ids.push_back(idea->id);
        }
        Ballot b;
        b.visit = k.session().new_visit_id();
        b.language = "ar";
        b.step = "free-time";
        b.marks = {{ids[0], 1}, {ids[1], 1}};
        REQUIRE(k.session().cast_visit({b}).ok);
        REQUIRE(k.session().set_step_open("free-time", false).ok);  // one ballot: the bars show it once closed
        REQUIRE(k.session().set_revealed("free-time", true).ok);
        present_ten_languages(k, "Show on screen What do you like to do in your free time?");
        KIOSK_RUN(k, "tap \"العربية language\"");
        for (const char* code : {"NL", "UK", "AR"}) CHECK_FALSE(k.shows(code));
        for (const auto& [idea, tag] : {std::pair{"Samen fietsen", "Nederlands"}, std::pair{"Футбол у парку", "Українська"}}) {
            INFO(tag);
            const ShownText* label = nullptr;
            for (const ShownText& t : k.app().registry().texts)
                if (t.text == idea) label = &t;
            REQUIRE(label != nullptr);
            const ShownText* shown = nullptr;  // on the label's line (the language buttons say "Nederlands" too)
            for (const ShownText& t : k.app().registry().texts)
                if (t.text == tag && std::abs(t.rect.center().y - label->rect.center().y) < label->rect.h() / 2) shown = &t;
            REQUIRE(shown != nullptr);
            CHECK(shown->rect.min.x > label->rect.max.x);  // read right to left: the tag first
        }
        save(k, "arabic-ideas-" + std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) + ".png");
    }
}
