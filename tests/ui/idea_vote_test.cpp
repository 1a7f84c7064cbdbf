// idea_vote_test.cpp — an idea vote cast through the screen in Ukrainian: a new idea typed on the
// on-screen ЙЦУКЕН keyboard (stored as exact UTF-8, counted in code points), approvals with a
// limit, and the new idea approved only when the voter taps it.
#include "support/kiosk_harness.h"

#include "keyboard.h"
#include "soft_render.h"
#include "utf8.h"

using namespace kiosk_test;

namespace {

const char* const to_ideas_uk = R"(
tap "Торкніться екрана, щоб почати"
tap "Українська"
tap "Роботодавець"
tap "Далі →"
tap "Пропустити це запитання"
tap "Пропустити це запитання"
expect "Ідеї учасників"
)";

// "Курси в Алмере для батьків з дітьми 3+ ґʼ": 41 code points, 72 bytes.
const std::string idea_text = "Курси в Алмере для батьків з дітьми 3+ ґʼ";

}  // namespace

TEST_CASE("a new idea typed on the Ukrainian keyboard is stored and voted for", "[ui][idea_vote]") {
    Kiosk k(sample_scenario());
    KIOSK_RUN(k, to_ideas_uk);
    KIOSK_RUN(k, R"(
tap "+ Додати свою ідею"
expect "0 / 200 символів"
expect "Напишіть тут свою ідею…"
type "Курси в Алмере для батьків з дітьми 3+ ґʼ"
expect "Курси в Алмере для батьків з дітьми 3+ ґʼ"
expect "41 / 200 символів"
)");
    // Every character came from a key (nothing needed the direct fallback): the keyboard has
    // the Ukrainian letters, ґ, ʼ, digits and the shift for А.
    CHECK(k.app().visit().memory.editor.text == idea_text);

    KIOSK_RUN(k, R"(
tap "Додати ідею"
expect "Вашу ідею додано. Торкніться її, якщо хочете підтримати."
expect "нова"
)");
    // Kept with the voter's turn, not stored before confirm (a voter who walks away leaves
    // none), and not approved: only a tap approves it.
    CHECK(k.session().ideas("ideas", true).empty());
    CHECK(k.app().visit().draft("ideas").approved.empty());

    KIOSK_RUN(k, R"(
expect "Залишилося 3 голоси"
tap "Курси в Алмере для батьків з дітьми 3+ ґʼ"
tap "Постійне місце зустрічей у центрі міста"
tap "Інформація від муніципалітету також українською"
expect "Усі голоси використано. Торкніться обраної ідеї, щоб забрати голос."
tap "Безкоштовні пробні заняття спортом для сімей"
tap "Постійне місце зустрічей у центрі міста"
expect "Залишився 1 голос"
tap "Далі →"
expect "Перевірте свій вибір"
expect "✓ Курси в Алмере для батьків з дітьми 3+ ґʼ"
tap "✓ Підтвердити"
tap "Далі →"
expect "Ваш вибір збережено."
)");
    const auto ideas = k.session().ideas("ideas");
    REQUIRE(ideas.size() == 1);
    CHECK(ideas[0].text == idea_text);  // byte for byte
    CHECK(ideas[0].text.size() == 72);
    CHECK(ideas[0].language == "uk");
    const auto ballots = k.ballots("ideas");
    REQUIRE(ballots.size() == 1);
    std::vector<std::string> expected{ideas[0].id + "=1", "information-in-ukrainian=1"};
    std::sort(expected.begin(), expected.end());
    CHECK(Kiosk::marks(ballots[0]) == expected);
    CHECK(ballots[0].language == "uk");
    CHECK(ballots[0].role == "employer");
}

TEST_CASE("the idea stays for the next voter, who sees it without its 'new' mark", "[ui][idea_vote]") {
    Kiosk k(sample_scenario());
    KIOSK_RUN(k, to_ideas_uk);
    KIOSK_RUN(k, R"(
tap "+ Додати свою ідею"
type "Велосипеди"
tap "Додати ідею"
expect_not "Пропустити це запитання"
tap "Далі →"
tap "✓ Підтвердити"
tap "Далі →"
tap "Готово"
)");
    CHECK(k.ballots("ideas").empty());  // adding is not voting
    KIOSK_RUN(k, to_ideas_uk);
    KIOSK_RUN(k, R"(
expect "Велосипеди"
expect_not "нова"
)");
}

TEST_CASE("the editor counts code points, stops at the limit and deletes whole letters", "[ui][idea_vote][keyboard]") {
    Kiosk k(R"(format = 1
id = "short-ideas"
languages = ["uk", "en"]
title = "Ідеї"

[kiosk]
ask_language = false

[[step]]
id = "ideas"
type = "idea_vote"
title = "Ваші ідеї"
collect_ideas = true
max_idea_length = 10
)");
    KIOSK_RUN(k, R"(
tap "Торкніться екрана, щоб почати"
tap "+ Додати свою ідею"
type "ґїєщюяжчшф"
expect "10 / 10 символів"
expect "Досягнуто максимальної довжини"
)");
    // The keyboard starts with shift on; the script turned it off to type a small ґ.
    const std::string full = "ґїєщюяжчшф";
    CHECK(k.app().visit().memory.editor.text == full);
    REQUIRE(k.find("ї"));
    CHECK_FALSE(k.find("ї")->enabled);  // letter keys stop at the limit
    KIOSK_RUN(k, R"(
tap "⌫"
expect "9 / 10 символів"
tap "ц"
)");
    CHECK(k.app().visit().memory.editor.text == "ґїєщюяжчшц");
    CHECK(count_code_points(k.app().visit().memory.editor.text) == 10);
}

TEST_CASE("keys and layouts: Latin accents, switching, shift once", "[ui][keyboard]") {
    std::string text;
    CHECK(apply_key(text, {KeyPress::Kind::insert, "é"}, 3));
    CHECK(apply_key(text, {KeyPress::Kind::insert, "ʼ"}, 3));
    CHECK(apply_key(text, {KeyPress::Kind::insert, "ї"}, 3));
    CHECK_FALSE(apply_key(text, {KeyPress::Kind::insert, "a"}, 3));
    CHECK(text == "éʼї");
    CHECK(apply_key(text, {KeyPress::Kind::backspace, {}}, 3));
    CHECK(text == "éʼ");
    CHECK(to_upper(std::string("ґїєіщ")) == "ҐЇЄІЩ");
    CHECK(to_upper(std::string("éëèïöóüàç")) == "ÉËÈÏÖÓÜÀÇ");
    CHECK(keyboard_layout_for("uk") == KeyboardLayout::ukrainian);
    CHECK(keyboard_layout_for("nl") == KeyboardLayout::latin);

    Kiosk k(sample_scenario());
    KIOSK_RUN(k, R"(
tap "Raak het scherm aan om te beginnen"
tap "Nederlands"
tap "Werkgever"
tap "Volgende →"
tap "Deze vraag overslaan"
tap "Deze vraag overslaan"
tap "+ Eigen idee toevoegen"
expect "É"
tap "Q"
expect "q"
tap "АБВ"
expect "й"
tap "ABC"
tap "123"
expect "€"
tap "€"
tap "ABC"
tap "é"
tap "spatie"
)");
    CHECK(k.app().visit().memory.editor.text == "Q€é ");
}

TEST_CASE("a typed idea is drawn at body size at least, with large text on too", "[ui][idea_vote][reading]") {
    // With large text on, the field holds few lines and a long idea was fitted into it down to
    // 0.6 of the body size: smaller than every other text on the screen.
    for (const bool large : {false, true})
        for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(1080, 1920)}) {
            INFO((large ? "large text, " : "") << size.x << "x" << size.y);
            Kiosk k(sample_scenario(), size);
            if (large) KIOSK_RUN(k, "tap \"Aa\"\nwait 2");
            KIOSK_RUN(k, to_ideas_uk);
            const std::string idea = "НННН НННН НННН НННН НННН НННН НННН НННН НННН НННН НННН НННН НННН НННН НННН НННН";
            KIOSK_RUN(k, "tap \"+ Додати свою ідею\"\ntype \"" + idea + "\"\nwait 2");
            REQUIRE(k.app().visit().memory.large_text == large);
            const ShownText* typed = nullptr;
            for (const ShownText& t : k.app().registry().texts)
                if (t.text == idea) typed = &t;
            REQUIRE(typed);
            // The tallest run of dark pixels in a column of the field: the stem of an Н, whose
            // height (the capital height) is ~0.62 of the font's size in the kiosk's sans.
            const Image shot = k.headless().screenshot();
            int tallest = 0;
            for (int x = static_cast<int>(typed->rect.min.x); x < static_cast<int>(typed->rect.max.x); ++x) {
                int run = 0;
                for (int y = static_cast<int>(typed->rect.min.y); y < static_cast<int>(typed->rect.max.y); ++y) {
                    const unsigned char* p = &shot.rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(shot.width) + static_cast<std::size_t>(x)) * 4];
                    run = (p[0] < 110 && p[1] < 110 && p[2] < 110) ? run + 1 : 0;
                    tallest = std::max(tallest, run);
                }
            }
            const float body = k.app().metrics().body;
            INFO("capital height " << tallest << " px, body text " << body << " px");
            CHECK(tallest >= body * 0.55f);  // at 0.6 of the body size: 0.37
            CHECK(tallest <= body * 0.7f);
        }
}

namespace {

// The idea editor's keys and the row of buttons above them ("Cancel", "Add idea").
struct EditorPlaces {
    float buttons_bottom = 0;  // the lowest edge of the buttons
    float keys_top = 1e9f;     // the highest edge of any key
    float key_h = 1e9f;        // the lowest key
    int keys = 0;
};
EditorPlaces editor_places(Kiosk& k, const std::string& cancel) {
    EditorPlaces p;
    const Tappable* c = k.find(cancel);
    REQUIRE(c != nullptr);
    p.buttons_bottom = c->rect.max.y;
    for (const Tappable& t : k.app().registry().tappables)
        if (t.rect.min.y > p.buttons_bottom) {
            p.keys_top = std::min(p.keys_top, t.rect.min.y);
            p.key_h = std::min(p.key_h, t.size.y);
            ++p.keys;
        }
    return p;
}

}  // namespace

TEST_CASE("the keyboard is as tall as its layout's rows: no empty band above a four-row layout", "[ui][idea_vote][keyboard]") {
    // Every layout was given five rows' height: Ukrainian, Russian and the symbols (four rows)
    // left an empty band between the editor and the keys. Keys stay at least 12 mm tall.
    const Strings& s = Strings::builtin();
    const std::string ten = R"(format = 1
id = "keyboards"
languages = ["nl", "en", "uk", "ar", "fa", "ti", "tr", "pl", "so", "ru"]
title = "Ideas"

[kiosk]
ask_language = false

[[step]]
id = "ideas"
type = "idea_vote"
title = "Ideas"
collect_ideas = true
)";
    for (const ImVec2 size : {ImVec2(1280, 800), ImVec2(1080, 1920), ImVec2(1920, 1080)})
        for (const char* lang : {"nl", "uk", "ru", "ar", "fa", "ti", "tr", "pl"}) {
            AppConfig config;
            config.start_language = lang;
            Kiosk k(ten, size, config);
            KIOSK_RUN(k, "tap \"" + s.get("touch_to_start", lang) + "\"\ntap \"" + s.get("add_idea", lang) + "\"");
            const Metrics& m = k.app().metrics();
            const std::string cancel = s.get("cancel", lang);
            const auto check = [&](const std::string& layout) {
                const EditorPlaces p = editor_places(k, cancel);
                INFO(lang << " at " << size.x << "x" << size.y << ", " << layout << ": buttons end at " << p.buttons_bottom << ", keys begin at "
                          << p.keys_top << " (gap " << m.gap << ")");
                CHECK(p.keys > 20);
                CHECK(p.keys_top - p.buttons_bottom <= m.gap * 1.5f + 1);
                CHECK(p.key_h >= m.mm(12) - 0.5f);
            };
            check("own layout");
            if (std::string(lang) == "uk" || std::string(lang) == "ti") {
                std::string error;
                CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/keyboard-" + lang + "-" + std::to_string(int(size.x)) + "x" +
                                    std::to_string(int(size.y)) + ".png",
                                k.headless().screenshot(), &error));
            }
            KIOSK_RUN(k, "tap \"123\"");
            check("symbols");
            KIOSK_RUN(k, "tap \"ABC\"");
            check("Latin");
            if (std::string(lang) == "ti")
                for (const char* consonant : {"ሀ", "ደ"}) {  // the vowel row below the top row, above the lowest
                    KIOSK_RUN(k, "tap \"ሀለሐ\"\ntap \"" + std::string(consonant) + "\"");
                    check(std::string("Ge'ez, vowels of ") + consonant);
                    std::string error;
                    CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/keyboard-ti-vowels-" + std::to_string(int(size.y)) +
                                        (consonant == std::string("ሀ") ? "-top" : "-low") + ".png",
                                    k.headless().screenshot(), &error));
                    KIOSK_RUN(k, "tap \"" + std::string(consonant) + "\"\ntap \"ABC\"");
                }
        }
}
