// rtl_test.cpp — every newcomer's language: Arabic and Persian shaped (FriBiDi presentation
// forms, lam-alef) and in display order with digits and Latin names, the whole screen mirrored
// for an Arabic or Persian voter without anything overlapping or leaving the screen, and an idea
// typed on each language's keyboard (Arabic, Persian, Ge'ez, Russian, Turkish, Polish) stored
// byte for byte.
#include <climits>

#include "assets.h"
#include "bidi.h"
#include "support/kiosk_harness.h"
#include "utf8.h"

using namespace kiosk_test;

namespace {

std::string chars(std::initializer_list<char32_t> code_points) {
    std::string out;
    for (char32_t c : code_points) append_utf8(out, c);
    return out;
}

const std::string welcome = read_file(WORKSHOP_SOURCE_DIR "/scenarios/welcome-meeting.toml");

// Two tappables may nest (a card and its "−" button) but never partly cover each other.
bool partly_overlap(const Rect& a, const Rect& b) {
    const Rect both = a.intersect(b);
    if (both.w() <= 1 || both.h() <= 1) return false;
    auto inside = [](const Rect& in, const Rect& out) {
        return in.min.x >= out.min.x - 1 && in.max.x <= out.max.x + 1 && in.min.y >= out.min.y - 1 && in.max.y <= out.max.y + 1;
    };
    return !inside(a, b) && !inside(b, a);
}

void check_page(Kiosk& k, const std::string& page) {
    const Registry& r = k.app().registry();
    const ImVec2 size = k.app().metrics().display;
    for (std::size_t i = 0; i < r.tappables.size(); ++i) {
        const Tappable& a = r.tappables[i];
        INFO(page << ": \"" << a.label << "\"");
        CHECK(a.rect.min.x >= -0.5f);
        CHECK(a.rect.max.x <= size.x + 0.5f);
        CHECK(a.rect.max.y <= size.y + 0.5f);
        for (std::size_t j = i + 1; j < r.tappables.size(); ++j) {
            INFO("and \"" << r.tappables[j].label << "\"");
            CHECK_FALSE(partly_overlap(a.rect, r.tappables[j].rect));
        }
    }
    for (const ShownText& t : r.texts) {
        INFO(page << ": text \"" << t.text << "\"");
        CHECK(t.rect.min.x >= -0.5f);
        CHECK(t.rect.max.x <= size.x + 0.5f);
    }
}

// Where a screenshot's pixels matching `is_ink` lie across `box`: the left and right columns.
struct Ink {
    int min_x = INT_MAX, max_x = INT_MIN, count = 0;
    float center() const { return (static_cast<float>(min_x) + static_cast<float>(max_x) + 1) / 2; }
};
template <class IsInk>
Ink ink_in(const Image& img, const Rect& box, IsInk is_ink) {
    Ink ink;
    for (int y = std::max(0, static_cast<int>(box.min.y)); y < std::min(img.height, static_cast<int>(box.max.y)); ++y)
        for (int x = std::max(0, static_cast<int>(box.min.x)); x < std::min(img.width, static_cast<int>(box.max.x)); ++x) {
            const unsigned char* p = &img.rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) + static_cast<std::size_t>(x)) * 4];
            if (!is_ink(p[0], p[1], p[2])) continue;
            ink.min_x = std::min(ink.min_x, x);
            ink.max_x = std::max(ink.max_x, x);
            ++ink.count;
        }
    return ink;
}
const auto blue_ink = [](int r, int, int b) { return r < 120 && b > r + 60; };  // the primary colour
const auto dark_ink = [](int r, int g, int b) { return r < 110 && g < 110 && b < 110; };  // text

const char* const to_arabic_editor = "tap \"Raak het scherm aan om te beginnen\"\ntap \"العربية\"\ntap \"قادم جديد\"\ntap \"التالي →\"\n"
                                     "tap \"أقل من ستة أشهر\"\ntap \"التالي →\"\ntap \"+ أضف فكرتك\"";

}  // namespace

TEST_CASE("shaping: known words give their presentation forms in display order", "[ui][rtl]") {
    // سلام: seen initial, lam-alef final (one ligature), meem alone; drawn left to right reversed.
    CHECK(visual_line("سلام", true) == chars({0xFEE1, 0xFEFC, 0xFEB3}));
    CHECK(visual_line("لا", true) == chars({0xFEFB}));  // lam-alef alone
    // پنجره (Persian "window"): peh initial, noon and jeem medial, reh final, heh alone.
    CHECK(visual_line("پنجره", true) == chars({0xFEE9, 0xFEAE, 0xFEA0, 0xFEE8, 0xFB58}));
    CHECK(visual_line("کیک", true) == chars({0xFB8F, 0xFBFF, 0xFB90}));  // keheh, Farsi yeh
    CHECK(visual_line("گژچ", true) == chars({0xFB7A, 0xFB8B, 0xFB94}));  // gaf, jeh, tcheh
    // Ge'ez does not join and runs left to right, in either paragraph direction.
    CHECK(visual_line("ትግርኛ", true) == "ትግርኛ");
    CHECK(visual_line("ትግርኛ", false) == "ትግርኛ");
    CHECK(visual_line("Almere", false) == "Almere");
}

TEST_CASE("bidi: digits and Latin names inside right-to-left text keep their order", "[ui][rtl]") {
    // Logical عربي 2026 Almere, read right to left: the Arabic word, 2026, Almere. On screen,
    // left to right: Almere, 2026, then the word (yeh final, beh initial, reh final, ain initial).
    CHECK(visual_line("عربي 2026 Almere", true) == "Almere 2026 " + chars({0xFEF2, 0xFE91, 0xFEAE, 0xFECB}));
    CHECK(visual_line("Arabic 2026 Almere", true) == "Arabic 2026 Almere");
    CHECK(is_rtl_language("ar"));
    CHECK(is_rtl_language("fa"));
    CHECK_FALSE(is_rtl_language("ti"));
    CHECK_FALSE(is_rtl_language("nl"));
    CHECK(has_rtl("Almere عربي"));
    CHECK_FALSE(has_rtl("Алмере ትግርኛ"));
}

TEST_CASE("an Arabic or Persian voter sees every screen mirrored, nothing overlapping, at four sizes", "[ui][rtl][layout]") {
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800), ImVec2(1280, 720)}) {
        for (const char* language : {"العربية", "فارسی"}) {
            const bool arabic = std::string(language) == "العربية";
            INFO(language << " at " << size.x << "x" << size.y);
            Kiosk k(welcome, size);
            KIOSK_RUN(k, std::string("tap \"Raak het scherm aan om te beginnen\"\ntap \"") + language + "\"");
            check_page(k, "role");
            KIOSK_RUN(k, arabic ? "tap \"متطوع\"" : "tap \"داوطلب\"");
            check_page(k, "info");
            const std::string next = (arabic ? std::string("التالي") : std::string("بعدی")) + " →";
            const std::string back = "← " + (arabic ? std::string("رجوع") : std::string("بازگشت"));
            REQUIRE(k.find(next));
            REQUIRE(k.find(back));
            // Mirrored: "next" on the left, "back" on the right (the other way for Dutch, below).
            CHECK(k.find(next)->rect.center().x < size.x / 2);
            CHECK(k.find(back)->rect.center().x > size.x / 2);
            KIOSK_RUN(k, "tap \"" + next + "\"");
            check_page(k, "single choice");
            KIOSK_RUN(k, arabic ? "tap \"من سنة إلى سنتين\"\ntap \"" + next + "\"" : "tap \"یک تا دو سال\"\ntap \"" + next + "\"");
            check_page(k, "ideas");
            KIOSK_RUN(k, arabic ? "tap \"+ أضف فكرتك\"" : "tap \"+ ایدهٔ خود را بیفزایید\"");
            check_page(k, "keyboard");
            KIOSK_RUN(k, arabic ? "tap \"إلغاء\"\ntap \"الرياضة\"\ntap \"" + next + "\"" : "tap \"لغو\"\ntap \"ورزش\"\ntap \"" + next + "\"");
            check_page(k, "dots");
        }
        Kiosk dutch(welcome, size);
        KIOSK_RUN(dutch, "tap \"Raak het scherm aan om te beginnen\"\ntap \"Nederlands\"\ntap \"Vrijwilliger\"");
        REQUIRE(dutch.find("Volgende →"));
        CHECK(dutch.find("Volgende →")->rect.center().x > size.x / 2);
    }
}

TEST_CASE("ideas typed on the Arabic and Persian keyboards are stored byte for byte", "[ui][rtl][keyboard]") {
    struct Case {
        const char* code;
        const char* script;  // from the start to the open editor
        const char* idea;
        const char* confirm;
    };
    const Case cases[] = {
        {"ar", "tap \"العربية\"\ntap \"قادم جديد\"\ntap \"التالي →\"\ntap \"أقل من ستة أشهر\"\ntap \"التالي →\"\n"
               "tap \"+ أضف فكرتك\"\ntap \"ض\"\ntap \"⌫\"",
         "حديقة للأطفال 2026", "أضف الفكرة"},
        {"fa", "tap \"فارسی\"\ntap \"داوطلب\"\ntap \"بعدی →\"\ntap \"کمتر از شش ماه\"\ntap \"بعدی →\"\n"
               "tap \"+ ایدهٔ خود را بیفزایید\"",
         "کلاس ژیمناستیک و گردش", "افزودن ایده"},
    };
    for (const Case& c : cases) {
        INFO(c.code);
        Kiosk k(welcome);
        KIOSK_RUN(k, std::string("tap \"Raak het scherm aan om te beginnen\"\n") + c.script + "\ntype \"" + c.idea +
                         "\"\nexpect \"" + c.idea + "\"\ntap \"" + c.confirm + "\"");
        const auto ideas = k.app().visit().turn->new_ideas();  // kept by the turn, stored at confirm
        REQUIRE(ideas.size() == 1);
        CHECK(ideas[0].text == c.idea);
        CHECK(ideas[0].language == c.code);
    }
}

TEST_CASE("Ge'ez: a consonant opens its seven vowel forms, a Tigrinya idea is stored byte for byte", "[ui][keyboard]") {
    Kiosk k(welcome);
    KIOSK_RUN(k, R"(
tap "Raak het scherm aan om te beginnen"
tap "ትግርኛ"
tap "ሓድሽ መጻኢ"
tap "ዝቕጽል →"
tap "ካብ ሓደ ክሳብ ክልተ ዓመት"
tap "ዝቕጽል →"
tap "+ ሓሳብኩም ወስኹ"
expect_not "ሖ"
tap "ሐ"
expect "ሑ"
expect "ሖ"
tap "ሓ"
expect_not "ሖ"
type "ባር ምግቢ 3"
tap "ሓሳብ ወስኹ"
expect "ሓሳብኩም ተወሲኹ። ክትድግፍዎ እንተ ደሊኹም ጠውቕዎ።"
)");
    const auto ideas = k.app().visit().turn->new_ideas();  // kept by the turn, stored at confirm
    REQUIRE(ideas.size() == 1);
    CHECK(ideas[0].text == "ሓባር ምግቢ 3");
    CHECK(ideas[0].text.size() == 3 * 6 + 2 + 1);
    CHECK(ideas[0].language == "ti");
}

TEST_CASE("Persian: the half-space key types a ZWNJ (U+200C), stored byte for byte", "[ui][rtl][keyboard]") {
    Kiosk k(welcome);
    KIOSK_RUN(k, R"(
tap "Raak het scherm aan om te beginnen"
tap "فارسی"
tap "داوطلب"
tap "بعدی →"
tap "کمتر از شش ماه"
tap "بعدی →"
tap "+ ایدهٔ خود را بیفزایید"
type "کتاب"
tap "نیم‌فاصله"
type "خانه"
)");
    const Tappable* key = k.app().registry().find_key("\u200C");
    REQUIRE(key != nullptr);  // a key of its own, not the script's fallback of inserting the text
    CHECK(key->label == "نیم‌فاصله");
    KIOSK_RUN(k, "tap \"افزودن ایده\"");
    const auto ideas = k.app().visit().turn->new_ideas();  // kept by the turn, stored at confirm
    REQUIRE(ideas.size() == 1);
    // کتاب + ZWNJ (E2 80 8C) + خانه: 4 + 4 letters of two bytes each around the three-byte joiner.
    CHECK(ideas[0].text == "کتاب\xE2\x80\x8Cخانه");
    CHECK(ideas[0].text.size() == 8 + 3 + 8);
}

TEST_CASE("Ge'ez: the vowel row of a consonant at either edge stays whole on the screen, first form leftmost", "[ui][keyboard]") {
    const char* const script = R"(
tap "Raak het scherm aan om te beginnen"
tap "ትግርኛ"
tap "ሓድሽ መጻኢ"
tap "ዝቕጽል →"
tap "ካብ ሓደ ክሳብ ክልተ ዓመት"
tap "ዝቕጽል →"
tap "+ ሓሳብኩም ወስኹ"
)";
    // The first and last consonant of each row: ሀ ተ, ቸ የ, ደ ፐ.
    const char32_t edges[] = {0x1200, 0x1270, 0x1278, 0x12E8, 0x12F0, 0x1350};
    for (ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800), ImVec2(800, 1280)}) {
        Kiosk k(welcome, size);
        KIOSK_RUN(k, script);
        for (char32_t consonant : edges) {
            const std::string name = encode_utf8(consonant);
            INFO(size.x << "x" << size.y << ", consonant " << name);
            KIOSK_RUN(k, "tap \"" + name + "\"");
            float last_x = -1;
            for (char32_t form = consonant; form < consonant + 7; ++form) {
                const Tappable* vowel = k.app().registry().find_key(encode_utf8(form));
                REQUIRE(vowel != nullptr);
                CHECK(vowel->rect.min.x >= 0);
                CHECK(vowel->rect.max.x <= size.x);
                CHECK(vowel->rect.min.y >= 0);
                CHECK(vowel->rect.max.y <= size.y);
                CHECK(vowel->rect.min.x > last_x);  // ä u i a e ə o, left to right
                last_x = vowel->rect.min.x;
            }
            KIOSK_RUN(k, "tap \"" + name + "\"");  // closes the row again
            CHECK(k.app().registry().find_key(encode_utf8(consonant + 1)) == nullptr);
        }
    }
}

TEST_CASE("Russian, Turkish and Polish ideas typed on their keyboards are stored byte for byte", "[ui][keyboard]") {
    const std::string scenario =
        "format = 1\nid = \"more-languages\"\nlanguages = [\"en\", \"ru\", \"tr\", \"pl\", \"so\"]\ntitle = \"Ideas\"\n"
        "[[step]]\nid = \"ideas\"\ntype = \"idea_vote\"\ncollect_ideas = true\ntitle = \"What would help?\"\n";
    struct Case {
        const char* name;       // on the language button
        const char* add;        // "+ Add your idea" in that language
        const char* confirm;    // "Add idea"
        const char* idea;
        const char* code;
    };
    const Case cases[] = {
        {"Русский", "+ Добавить свою идею", "Добавить идею", "Курсы для детей, ёлка и съезд", "ru"},
        {"Türkçe", "+ Fikrinizi ekleyin", "Fikri ekle", "Çocuklara yüzme, şoförlük, ığdır İzmir", "tr"},
        {"Polski", "+ Dodaj swój pomysł", "Dodaj pomysł", "Zajęcia dla dzieci, łódź, żółw, ćma, koń, świat, źle", "pl"},
        {"Soomaali", "+ Ku dar fikraddaada", "Ku dar fikradda", "Fasal luqadda", "so"},
    };
    for (const Case& c : cases) {
        INFO(c.code);
        Kiosk k(scenario);
        KIOSK_RUN(k, std::string("tap \"Touch the screen to start\"\ntap \"") + c.name + "\"\ntap \"" + c.add + "\"\ntype \"" +
                         c.idea + "\"\ntap \"" + c.confirm + "\"");
        const auto ideas = k.app().visit().turn->new_ideas();  // kept by the turn, stored at confirm
        REQUIRE(ideas.size() == 1);
        CHECK(ideas[0].text == c.idea);
        CHECK(ideas[0].language == c.code);
    }
    // The accent rows: every letter the issue names is a key.
    CHECK(latin_accents_for("tr") == "ç ğ ı İ ö ş ü");
    CHECK(latin_accents_for("pl") == "ą ć ę ł ń ó ś ź ż");
    CHECK(keyboard_layout_for("ru") == KeyboardLayout::russian);
    CHECK(keyboard_layout_for("ti") == KeyboardLayout::geez);
    CHECK(to_upper(std::string("ąćęğłńśşźżı")) == "ĄĆĘĞŁŃŚŞŹŻI");
}

TEST_CASE("Turkish: shift makes i İ and ı I, on the keys a Turkish voter taps", "[ui][keyboard]") {
    // "İstanbul" starts with shift + i: a Turkish keyboard must give İ there, never I (ı's capital).
    Kiosk k("format = 1\nid = \"tr\"\nlanguages = [\"en\", \"tr\"]\ntitle = \"Ideas\"\n"
            "[[step]]\nid = \"ideas\"\ntype = \"idea_vote\"\ncollect_ideas = true\ntitle = \"What would help?\"\n");
    KIOSK_RUN(k, "tap \"Touch the screen to start\"\ntap \"Türkçe\"\ntap \"+ Fikrinizi ekleyin\"");
    // An empty idea starts in capitals: the i key and the accent row's İ both type İ, only ı's key I.
    auto keys_typing = [&](const std::string& text) {
        std::vector<Rect> out;
        for (const Tappable& t : k.app().registry().tappables)
            if (t.types == text) out.push_back(t.rect);
        return out;
    };
    REQUIRE(keys_typing("İ").size() == 2);
    CHECK(keys_typing("I").size() == 1);
    const Rect i_key = keys_typing("İ")[0].min.y > keys_typing("İ")[1].min.y ? keys_typing("İ")[0] : keys_typing("İ")[1];
    KIOSK_RUN(k, "tap " + std::to_string(i_key.center().x) + " " + std::to_string(i_key.center().y) +
                     "\ntap \"z\"\ntap \"ı\"\ntap \"i\"\ntap \"⇧\"\ntap \"I\"");
    CHECK(k.app().visit().memory.editor.text == "İzıiI");
    CHECK(to_upper(std::string("iı"), true) == "İI");
    CHECK(to_upper(std::string("iı")) == "II");  // other languages: i's capital is I
    CHECK(dotted_capital_i("tr"));
    CHECK_FALSE(dotted_capital_i("pl"));
}

TEST_CASE("the atlas carries Arabic and Ge'ez glyphs only for a scenario that offers them", "[ui][rtl][fonts]") {
    Kiosk six(welcome);
    const Fonts& f = six.app().fonts();
    for (ImFont* font : {f.regular, f.bold, f.small, f.title}) {
        CHECK(font->FindGlyphNoFallback(0xFEFB) != nullptr);  // lam-alef
        CHECK(font->FindGlyphNoFallback(0xFB58) != nullptr);  // peh initial
        CHECK(font->FindGlyphNoFallback(0x1275) != nullptr);  // ት
    }
    Kiosk almere(sample_scenario());
    const Fonts& g = almere.app().fonts();
    for (ImFont* font : {g.regular, g.bold, g.small, g.title, g.display}) {
        CHECK(font->FindGlyphNoFallback(0xFEFB) == nullptr);
        CHECK(font->FindGlyphNoFallback(0x1275) == nullptr);
        CHECK((font->FindGlyphNoFallback(0x0436) != nullptr || font == g.display));  // ж (display: titles only)
    }
}

// Every code point of `text` that a script font draws is in each of the voter's fonts.
void check_glyphs(const Fonts& f, const std::string& text, const char* what) {
    for (char32_t c : decode_utf8(text)) {
        if (script_font_of(c) == ScriptFont::none) continue;
        INFO(what << ": U+" << std::hex << static_cast<unsigned>(c));
        for (ImFont* font : {f.regular, f.bold, f.small, f.title}) CHECK(font->FindGlyphNoFallback(static_cast<ImWchar>(c)) != nullptr);
    }
}

// The labels of the keys on screen and what they type, shaped as drawn.
std::string keys_shown(Kiosk& k) {
    std::string out;
    for (const Tappable& t : k.app().registry().tappables)
        if (!t.types.empty()) out += t.label + t.types + visual_line(t.label, true) + " ";
    return out;
}

TEST_CASE("the atlas holds every Arabic and Ge'ez glyph a voter can see or type, and not the whole syllabary", "[ui][rtl][fonts]") {
    Kiosk k(welcome);
    const Fonts& f = k.app().fonts();
    // The Ge'ez keyboard as drawn, with each consonant's row of seven vowel forms opened in turn.
    KIOSK_RUN(k, "tap \"Raak het scherm aan om te beginnen\"\ntap \"ትግርኛ\"\ntap \"ሓድሽ መጻኢ\"\ntap \"ዝቕጽል →\"\n"
                 "tap \"ካብ ሓደ ክሳብ ክልተ ዓመት\"\ntap \"ዝቕጽል →\"\ntap \"+ ሓሳብኩም ወስኹ\"");
    std::vector<std::string> consonants;
    for (const Tappable& t : k.app().registry().tappables)
        if (t.types.empty() && decode_utf8(t.label).size() == 1 && script_font_of(decode_utf8(t.label)[0]) == ScriptFont::ethiopic)
            consonants.push_back(t.label);
    CHECK(consonants.size() == 33);
    std::string geez = keys_shown(k);
    int forms = 0;
    for (const std::string& consonant : consonants) {
        KIOSK_RUN(k, "tap \"" + consonant + "\"");
        const std::string row = keys_shown(k);
        forms += static_cast<int>(std::count_if(k.app().registry().tappables.begin(), k.app().registry().tappables.end(),
                                                [](const Tappable& t) {
                                                    const std::vector<char32_t> c = decode_utf8(t.types);
                                                    return c.size() == 1 && c[0] >= 0x1200 && c[0] <= 0x135A;  // a syllable
                                                }));
        geez += row;
        KIOSK_RUN(k, "tap \"" + consonant + "\"");
    }
    CHECK(forms == 33 * 7);
    check_glyphs(f, geez, "Ge'ez keyboard");
    // Arabic and Persian keys as drawn, and each letter typed at a word's start, middle and end.
    for (const char* to_editor : {"tap \"العربية\"\ntap \"قادم جديد\"\ntap \"التالي →\"\ntap \"أقل من ستة أشهر\"\ntap \"التالي →\"\ntap \"+ أضف فكرتك\"",
                                  "tap \"فارسی\"\ntap \"داوطلب\"\ntap \"بعدی →\"\ntap \"کمتر از شش ماه\"\ntap \"بعدی →\"\ntap \"+ ایدهٔ خود را بیفزایید\""}) {
        Kiosk rtl(welcome);
        KIOSK_RUN(rtl, std::string("tap \"Raak het scherm aan om te beginnen\"\n") + to_editor);
        std::string shaped;
        for (const Tappable& t : rtl.app().registry().tappables)
            if (!t.types.empty()) shaped += visual_line(t.types + t.types + t.types, true) + " ";
        check_glyphs(f, keys_shown(rtl) + shaped + visual_line("لا لآ لأ لإ", true), to_editor);
    }
    // The kiosk's texts (Tigrinya, Arabic, Persian) and the scenario's, as typed and as shaped.
    for (const std::string& texts : {std::string(workshop::kiosk::assets::strings_toml()),
                                     std::string(workshop::kiosk::assets::facilitator_strings_toml()), welcome})
        check_glyphs(f, texts + visual_line(texts, true), "texts");
    // ሇ (U+1207) and ፘ (U+1358): no key types them and no text holds them.
    CHECK(f.regular->FindGlyphNoFallback(0x1207) == nullptr);
    CHECK(f.regular->FindGlyphNoFallback(0x1358) == nullptr);
}

TEST_CASE("the facilitator's hidden corner stays top-left on the glass for an Arabic voter", "[ui][rtl][facilitator]") {
    for (const ImVec2 corner : {ImVec2(12, 12), ImVec2(1920 - 12, 12)}) {
        Kiosk k(welcome);
        KIOSK_RUN(k, "tap \"Raak het scherm aan om te beginnen\"\ntap \"العربية\"");
        k.headless().frame({corner, true});
        for (double held = 0; held < 3.2; held += 0.25) {
            k.headless().advance(0.25);
            k.headless().frame({corner, true});
        }
        k.headless().frame({corner, false});
        k.headless().frame({corner, false});
        CHECK((k.screen() == ScreenId::facilitator_pin) == (corner.x < 100));
    }
}

TEST_CASE("a label sits in the middle of its button, joined Arabic and Persian too", "[ui][rtl][layout]") {
    // Joined Arabic is narrower than its letters as typed: a label centred by the wider width sat
    // off to one side of its button (the contrast button's التباين by some 40 px).
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1280, 800)}) {
        for (const auto& [language, contrast] : {std::pair{"العربية", "التباين"}, std::pair{"فارسی", "کنتراست"}}) {
            INFO(language << " at " << size.x << "x" << size.y);
            Kiosk k(welcome, size);
            KIOSK_RUN(k, std::string("tap \"Raak het scherm aan om te beginnen\"\ntap \"") + language + "\"");
            const Tappable* button = k.find(contrast);
            REQUIRE(button != nullptr);
            const Ink ink = ink_in(k.headless().screenshot(), button->rect.shrink(10, 10), blue_ink);  // inside the border
            REQUIRE(ink.count > 50);
            CHECK(std::abs(ink.center() - button->rect.center().x) <= 3);
        }
    }
}

TEST_CASE("a text fitted to a box is never cut inside a word: the Persian half-space key", "[ui][rtl][keyboard]") {
    Kiosk k(welcome, {1080, 1920});
    KIOSK_RUN(k, "tap \"Raak het scherm aan om te beginnen\"\ntap \"فارسی\"\ntap \"داوطلب\"\ntap \"بعدی →\"\n"
                 "tap \"کمتر از شش ماه\"\ntap \"بعدی →\"\ntap \"+ ایدهٔ خود را بیفزایید\"");
    const Ui& ui = k.app().ui();
    const std::string half_space = "نیم‌فاصله";  // one word: نیم, the joiner ZWNJ, فاصله
    const float word = ui.measure(ui.bold(), half_space).x;
    // A box too narrow for the word at full size but tall enough for two lines: the word shrinks,
    // it is not broken into نیمفا / صله (as the key showed it).
    const FontSpec f = ui.fit(ui.bold(), half_space, ImVec2(word * 0.8f, ui.line_height(ui.bold()) * 3), 0.5f);
    CHECK(f.size < ui.bold().size);
    CHECK(ui.wrap(f, half_space, word * 0.8f).size() == 1);
    // The half-space and the other marks that show nothing take no room either (each was
    // measured as a "?", so lines with them wrapped early).
    for (const char32_t mark : {0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2066, 0x2067, 0x2068, 0x2069}) {
        INFO(std::hex << "U+" << static_cast<unsigned>(mark));
        CHECK(ui.measure(ui.bold(), "2026 Almere" + chars({mark})).x == ui.measure(ui.bold(), "2026 Almere").x);
    }
    // Texts of several words still wrap between them at full size.
    const std::string two_words = "کتاب خانه";
    const FontSpec g = ui.fit(ui.bold(), two_words, ImVec2(ui.measure(ui.bold(), two_words).x * 0.8f, ui.line_height(ui.bold()) * 3), 0.5f);
    CHECK(g.size == ui.bold().size);
}

TEST_CASE("the caret follows joined Arabic, just left of what was typed", "[ui][rtl][keyboard]") {
    for (const ImVec2 size : {ImVec2(1080, 1920), ImVec2(1920, 1080)}) {
        INFO(size.x << "x" << size.y);
        Kiosk k(welcome, size);
        KIOSK_RUN(k, std::string(to_arabic_editor) + "\ntype \"سلام عليكم يا أصدقاء\"");
        const ShownText* typed = nullptr;
        for (const ShownText& t : k.app().registry().texts)
            if (t.text == "سلام عليكم يا أصدقاء") typed = &t;
        REQUIRE(typed != nullptr);  // registered with the field's inner rectangle
        const Rect first_line{typed->rect.min, {typed->rect.max.x, typed->rect.min.y + k.app().metrics().body * 1.25f}};
        const Image img = k.headless().screenshot();
        const Ink text = ink_in(img, first_line, dark_ink), caret = ink_in(img, first_line, blue_ink);
        REQUIRE(text.count > 50);
        REQUIRE(caret.count > 10);
        // Read right to left, the text ends at its left: the caret stands there, not a word's width
        // further (where the letters as typed, unjoined, would have ended).
        INFO("caret " << caret.min_x << ".." << caret.max_x << ", text " << text.min_x << ".." << text.max_x);
        CHECK(caret.max_x < text.min_x);
        CHECK(text.min_x - caret.max_x <= 8);
    }
}

TEST_CASE("a voter's Arabic idea reads right to left on a Dutch screen too", "[ui][rtl]") {
    CHECK(reads_rtl("لا حفلة في Almere 2026", false));
    CHECK_FALSE(reads_rtl("Almere لا", true));
    CHECK(reads_rtl("2026", true));  // no letter: the screen's direction
    CHECK_FALSE(reads_rtl("2026", false));
    CHECK_FALSE(reads_rtl("ትግርኛ", true));
    // Read from the right, "سلام Almere" ends in Almere at the left: drawn as "Almere سلام" is.
    // It was drawn left to right on a Dutch screen: سلام at the left, the typed order turned round.
    const auto card_pixels = [](const std::string& idea) {
        Kiosk k(welcome);
        KIOSK_RUN(k, "tap \"Raak het scherm aan om te beginnen\"\ntap \"Nederlands\"\ntap \"Vrijwilliger\"\ntap \"Volgende →\"\n"
                     "tap \"Eén tot twee jaar\"\ntap \"Volgende →\"\ntap \"+ Eigen idee toevoegen\"\ntype \"" + idea +
                         "\"\ntap \"Idee toevoegen\"");
        const Tappable* card = k.find(idea);
        REQUIRE(card != nullptr);
        const Image img = k.headless().screenshot();
        std::vector<unsigned char> pixels;
        for (int y = static_cast<int>(card->rect.min.y); y < static_cast<int>(card->rect.max.y); ++y) {
            const std::size_t row = (static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) + static_cast<std::size_t>(card->rect.min.x)) * 4;
            pixels.insert(pixels.end(), img.rgba.begin() + static_cast<std::ptrdiff_t>(row),
                          img.rgba.begin() + static_cast<std::ptrdiff_t>(row + static_cast<std::size_t>(card->rect.w()) * 4));
        }
        return pixels;
    };
    const std::vector<unsigned char> arabic_first = card_pixels("سلام Almere");
    CHECK(arabic_first.size() > 1000);
    CHECK(arabic_first == card_pixels("Almere سلام"));
}


namespace {

// Where the frame drew glyph `c` (of any of the kiosk's fonts): each quad's left and right edge
// and its top, found by the glyph's place in the atlas (in a mirrored frame its u swapped).
struct GlyphQuad {
    float left, right, top;
    float centre() const { return (left + right) / 2; }
};
std::vector<GlyphQuad> quads_of(const Ui& ui, char32_t c) {
    std::vector<GlyphQuad> out;
    const ImDrawData* data = ImGui::GetDrawData();
    for (const FontSpec f : {ui.small(), ui.body(), ui.bold(), ui.title(), ui.display()}) {
        const ImFontGlyph* g = f.font->FindGlyphNoFallback(static_cast<ImWchar>(c));
        if (!g || !g->Visible) continue;
        for (int l = 0; l < data->CmdListsCount; ++l) {
            const ImVector<ImDrawVert>& v = data->CmdLists[l]->VtxBuffer;
            for (int i = 0; i + 3 < v.Size; ++i) {
                const bool u_match = (v[i].uv.x == g->U0 && v[i + 1].uv.x == g->U1) || (v[i].uv.x == g->U1 && v[i + 1].uv.x == g->U0);
                if (u_match && v[i].uv.y == g->V0 && v[i + 1].uv.y == g->V0 && v[i + 2].uv.y == g->V1)
                    out.push_back({std::min(v[i].pos.x, v[i + 1].pos.x), std::max(v[i].pos.x, v[i + 1].pos.x), v[i].pos.y});
            }
        }
    }
    return out;
}

}  // namespace

TEST_CASE("Arabic vowel marks sit over the middle of their letter, on a mirrored screen and on a Dutch one", "[ui][rtl]") {
    // Shaped with presentation forms (no HarfBuzz), a mark with no advance of its own was drawn at
    // the pen: over the letter's edge on an Arabic screen, beside the letter on a Dutch one.
    const std::string idea = "مَرْحَبًا";
    // The letters as shaped (initial meem, final reh, initial hah, medial beh) and their marks.
    const std::vector<std::pair<char32_t, char32_t>> letters_marks = {
        {0xFEE3, 0x064E}, {0xFEAE, 0x0652}, {0xFEA3, 0x064E}, {0xFE92, 0x064B}};
    const std::string dutch_editor = "tap \"Raak het scherm aan om te beginnen\"\ntap \"Nederlands\"\ntap \"Vrijwilliger\"\n"
                                     "tap \"Volgende →\"\ntap \"Eén tot twee jaar\"\ntap \"Volgende →\"\ntap \"+ Eigen idee toevoegen\"";
    for (const std::string& editor : {std::string(to_arabic_editor), dutch_editor}) {
        Kiosk k(welcome);
        KIOSK_RUN(k, editor + "\ntype \"" + idea + "\"");
        INFO((k.app().ui().mirrored() ? "mirrored" : "Dutch screen"));
        const ShownText* typed = nullptr;
        for (const ShownText& t : k.app().registry().texts)
            if (t.text == idea) typed = &t;
        REQUIRE(typed != nullptr);
        const Ui& ui = k.app().ui();
        for (const auto& [letter, mark] : letters_marks) {
            INFO(std::hex << "letter U+" << static_cast<unsigned>(letter) << ", mark U+" << static_cast<unsigned>(mark));
            // The typed idea's letter (the keyboard's keys hold letters too, elsewhere).
            std::vector<GlyphQuad> in_idea;
            for (const GlyphQuad& q : quads_of(ui, letter))
                if (q.centre() >= typed->rect.min.x - 1 && q.centre() <= typed->rect.max.x + 1 && q.top >= typed->rect.min.y - 1 && q.top <= typed->rect.max.y)
                    in_idea.push_back(q);
            REQUIRE(in_idea.size() == 1);
            const GlyphQuad base = in_idea.front();
            // Its mark: the quad of that mark nearest to the letter.
            const std::vector<GlyphQuad> marks = quads_of(ui, mark);
            REQUIRE_FALSE(marks.empty());
            const GlyphQuad* nearest = &marks.front();
            for (const GlyphQuad& q : marks)
                if (std::abs(q.centre() - base.centre()) + std::abs(q.top - base.top) < std::abs(nearest->centre() - base.centre()) + std::abs(nearest->top - base.top))
                    nearest = &q;
            CHECK(std::abs(nearest->centre() - base.centre()) <= 1.0f);
        }
    }
}

TEST_CASE("Latin letters on a mirrored screen keep the spacing they have on a Dutch one", "[ui][rtl]") {
    // The mirror flips where each glyph sits in its advance: a letter whose ink is not centred
    // there ('j' hangs left) stood apart, "bij na" for "bijna", in a Dutch name on an Arabic screen.
    const std::string word = "bijna";
    const std::string dutch_editor = "tap \"Raak het scherm aan om te beginnen\"\ntap \"Nederlands\"\ntap \"Vrijwilliger\"\n"
                                     "tap \"Volgende →\"\ntap \"Eén tot twee jaar\"\ntap \"Volgende →\"\ntap \"+ Eigen idee toevoegen\"";
    std::vector<std::vector<float>> spacing;  // each letter's left edge from the first's
    for (const std::string& editor : {std::string(to_arabic_editor), dutch_editor}) {
        Kiosk k(welcome);
        KIOSK_RUN(k, editor + "\ntype \"" + word + "\"");
        const ShownText* typed = nullptr;
        for (const ShownText& t : k.app().registry().texts)
            if (t.text == word) typed = &t;
        REQUIRE(typed != nullptr);
        std::vector<float> lefts;
        for (const char c : word)
            for (const GlyphQuad& q : quads_of(k.app().ui(), static_cast<char32_t>(c)))
                if (typed->rect.contains(ImVec2(q.centre(), q.top + 2))) lefts.push_back(q.left);
        REQUIRE(lefts.size() == word.size());
        const float first = lefts.front();
        for (float& x : lefts) x -= first;
        spacing.push_back(lefts);
    }
    for (std::size_t i = 1; i < word.size(); ++i) {
        INFO("'" << word[i] << "': " << spacing[0][i] << " px from 'b' on the Arabic screen, " << spacing[1][i] << " on the Dutch one");
        CHECK(std::abs(spacing[0][i] - spacing[1][i]) <= 0.5f);
    }
}

TEST_CASE("an idea typed in another language is tagged with that language's own name, in its own script", "[ui][rtl]") {
    // The tags were codes ("NL", "UK", "AR"): Latin letters that say nothing to a reader of
    // Arabic script, and an Arabic voter's own ideas were tagged "AR" too.
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800)}) {
        INFO(size.x << "x" << size.y);
        Kiosk k(welcome, size);
        REQUIRE(k.session().add_idea("free-time", "Samen fietsen", "nl").ok());
        REQUIRE(k.session().add_idea("free-time", "Футбол у парку", "uk").ok());
        REQUIRE(k.session().add_idea("free-time", "كرة القدم مع الجيران", "ar").ok());
        KIOSK_RUN(k, std::string(to_arabic_editor) + "\ntype \"مَرْحَبًا\"\ntap \"أضف الفكرة\"");
        for (const char* code : {"NL", "UK", "AR"}) CHECK_FALSE(k.shows(code));
        CHECK_FALSE(k.shows("العربية"));  // the voter's own language needs no tag
        for (const auto& [idea, tag] : {std::pair{"Samen fietsen", "Nederlands"}, std::pair{"Футбол у парку", "Українська"}}) {
            INFO(tag);
            const Tappable* card = k.find(idea);
            REQUIRE(card != nullptr);
            const ShownText* shown = nullptr;
            for (const ShownText& t : k.app().registry().texts)
                if (t.text == tag && card->rect.contains(t.rect.center())) shown = &t;
            REQUIRE(shown != nullptr);
            CHECK(shown->rect.center().x > card->rect.center().x);  // mirrored: where the reader starts
        }
        check_page(k, "ideas with tags");
    }
}

namespace {

// A code point of `part` as drawn (shaped) that no other part has: where the part is on screen.
char32_t mark_of(const std::vector<std::string>& parts, std::size_t i) {
    const auto shaped = [](const std::string& s) { return decode_utf8(visual_line(s, reads_rtl(s, false))); };
    for (char32_t c : shaped(parts[i])) {
        if (c == U' ' || c < 0x41) continue;
        bool unique = true;
        for (std::size_t j = 0; j < parts.size() && unique; ++j)
            if (j != i)
                for (char32_t o : shaped(parts[j])) unique = unique && o != c;
        if (unique) return c;
    }
    return 0;
}

}  // namespace

TEST_CASE("the start screen's results button reads in order on an Arabic, Persian and Dutch screen", "[ui][rtl][layout]") {
    // FriBiDi put a line's words "عرض النتائج · Resultaten bekijken · See the results" as
    // Arabic, then the two Latin parts as one left-to-right run: read from the right, English came
    // before Dutch. Each language's words are a part of their own, in the scenario's order: from
    // the right on a mirrored screen, from the left on a Dutch one; a later line below.
    const Strings& s = Strings::builtin();
    for (const ImVec2 size : {ImVec2(1920, 1080), ImVec2(1080, 1920), ImVec2(1280, 800)})
        for (const char* lang : {"ar", "fa", "nl"}) {
            AppConfig config;
            config.start_language = lang;
            Kiosk k(welcome, size, config);
            REQUIRE(k.session().set_revealed("topics", true).ok);
            KIOSK_RUN(k, "wait 2");
            const bool rtl = std::string(lang) != "nl";
            CHECK(k.app().ui().mirrored() == rtl);
            std::vector<std::string> parts{s.get("see_results", lang)};
            for (const std::string& l : k.session().scenario().languages)
                if (std::find(parts.begin(), parts.end(), s.get("see_results", l)) == parts.end()) parts.push_back(s.get("see_results", l));
            const Tappable* button = k.find(parts.front());
            REQUIRE(button != nullptr);
            // Each part's place: the middle of its marking glyph and the top of its line.
            std::vector<GlyphQuad> at;
            for (std::size_t i = 0; i < parts.size(); ++i) {
                const char32_t c = mark_of(parts, i);
                REQUIRE(c != 0);
                std::vector<GlyphQuad> in_button;
                for (const GlyphQuad& q : quads_of(k.app().ui(), c))
                    if (button->rect.contains(ImVec2(q.centre(), q.top + 2))) in_button.push_back(q);
                INFO(lang << " at " << size.x << "x" << size.y << ": " << parts[i]);
                REQUIRE_FALSE(in_button.empty());
                at.push_back(*std::min_element(in_button.begin(), in_button.end(), [](const GlyphQuad& a, const GlyphQuad& b) { return a.top < b.top; }));
            }
            const float line = k.app().ui().line_height(k.app().ui().bold()) * 0.5f;
            for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
                INFO(lang << " at " << size.x << "x" << size.y << ": \"" << parts[i] << "\" at " << at[i].centre() << ", " << at[i].top
                          << " then \"" << parts[i + 1] << "\" at " << at[i + 1].centre() << ", " << at[i + 1].top);
                if (std::abs(at[i].top - at[i + 1].top) < line) CHECK((rtl ? at[i].centre() > at[i + 1].centre() : at[i].centre() < at[i + 1].centre()));
                else CHECK(at[i].top < at[i + 1].top);
            }
            std::string error;
            CHECK(write_png(std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/attract-results-order-" + lang + "-" +
                                std::to_string(int(size.x)) + "x" + std::to_string(int(size.y)) + ".png",
                            k.headless().screenshot(), &error));
        }
}
