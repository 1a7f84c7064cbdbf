#include "keyboard.h"

#include <algorithm>
#include <vector>

#include "utf8.h"

namespace workshop::kiosk {

namespace {

enum class Special { none, shift, backspace, space, to_latin, to_native, to_symbols, consonant };

struct Key {
    std::string_view text;  // what it types (letters shown upper case under shift)
    float units = 1;
    Special special = Special::none;
    std::string_view label = {};  // shown instead of `text` when that is invisible (the half-space)
};

// Persian's half-space (ZWNJ, U+200C): keeps two letters of one word apart without a space, as in
// می‌شود; every Persian keyboard has a key for it. Labelled with its Persian name.
const Key half_space{"\u200C", 1.5f, Special::none, "نیم‌فاصله"};

using Row = std::vector<Key>;

std::vector<Key> letters(std::string_view spaced) {
    std::vector<Key> row;
    std::size_t i = 0;
    while (i < spaced.size()) {
        std::size_t j = spaced.find(' ', i);
        if (j == std::string_view::npos) j = spaced.size();
        if (j > i) row.push_back({spaced.substr(i, j - i)});
        i = j + 1;
    }
    return row;
}

Row concat(std::initializer_list<Row> parts) {
    Row out;
    for (const Row& p : parts) out.insert(out.end(), p.begin(), p.end());
    return out;
}

// Ge'ez consonants (each the first of its seven vowel forms, which follow it in Unicode).
Row consonants(std::string_view spaced) {
    Row row = letters(spaced);
    for (Key& k : row) k.special = Special::consonant;
    return row;
}

// The key that switches to a layout: a few of its letters (the script player knows these names).
std::string_view switch_label(KeyboardLayout layout) {
    switch (layout) {
        case KeyboardLayout::latin: return "ABC";
        case KeyboardLayout::symbols: return "123";
        case KeyboardLayout::ukrainian:
        case KeyboardLayout::russian: return "АБВ";
        case KeyboardLayout::arabic: return "أبت";
        case KeyboardLayout::persian: return "الفبا";
        case KeyboardLayout::geez: return "ሀለሐ";
    }
    return "ABC";
}

// A layout's letter rows (the bottom row is added by rows_for).
const std::vector<Row>& letter_rows(KeyboardLayout layout) {
    static const Key shift{"⇧", 1.5f, Special::shift};
    static const Key backspace{"⌫", 1.5f, Special::backspace};
    static const Key small_shift{"⇧", 1, Special::shift};
    static const Key small_backspace{"⌫", 1, Special::backspace};
    static const std::vector<Row> latin = {
        letters("q w e r t y u i o p"),
        letters("a s d f g h j k l '"),
        concat({{shift}, letters("z x c v b n m"), {backspace}}),
    };
    static const std::vector<Row> ukrainian = {
        letters("й ц у к е н г ш щ з х ї"),
        letters("ф і в а п р о л д ж є ґ"),
        concat({{small_shift}, letters("я ч с м и т ь б ю ʼ"), {small_backspace}}),
    };
    static const std::vector<Row> russian = {
        letters("й ц у к е н г ш щ з х ъ"),
        letters("ф ы в а п р о л д ж э ё"),
        concat({{small_shift}, letters("я ч с м и т ь б ю"), {small_backspace}}),
    };
    // Arabic and Persian have no capitals: no shift. Rows after the usual PC layouts.
    static const std::vector<Row> arabic = {
        letters("ض ص ث ق ف غ ع ه خ ح ج د"),
        letters("ش س ي ب ل ا ت ن م ك ط ذ"),
        letters("ء أ إ آ ئ ؤ ر لا ى ة و ز"),
        concat({letters("ظ ، ؟ !"), {backspace}}),
    };
    static const std::vector<Row> persian = {
        letters("ض ص ث ق ف غ ع ه خ ح ج چ"),
        letters("ش س ی ب ل ا ت ن م ک گ"),
        letters("ظ ط ز ر ذ د پ و ژ آ ئ ء"),
        concat({letters("أ ، ؟ !"), {backspace}}),
    };
    static const std::vector<Row> geez = {
        consonants("ሀ ለ ሐ መ ረ ሰ ሸ ቀ ቐ በ ቨ ተ"),
        consonants("ቸ ነ ኘ አ ከ ኸ ወ ዐ ዘ ዠ የ"),
        consonants("ደ ጀ ገ ጠ ጨ ጰ ጸ ፀ ፈ ፐ"),
        concat({letters("። ፣ ? !"), {backspace}}),
    };
    static const std::vector<Row> symbols = {
        letters("1 2 3 4 5 6 7 8 9 0"),
        letters("- / : ; ( ) € & @ \""),
        concat({letters("? ! ' # % + = * _"), {small_backspace}}),
    };
    switch (layout) {
        case KeyboardLayout::ukrainian: return ukrainian;
        case KeyboardLayout::russian: return russian;
        case KeyboardLayout::arabic: return arabic;
        case KeyboardLayout::persian: return persian;
        case KeyboardLayout::geez: return geez;
        case KeyboardLayout::symbols: return symbols;
        case KeyboardLayout::latin: break;
    }
    return latin;
}

// The rows as drawn: Latin gets the voter's accent row on top, and every layout a bottom row with
// the switches to the other layouts, the space bar and punctuation.
std::vector<Row> rows_for(KeyboardLayout layout, const KeyboardLabels& labels) {
    std::vector<Row> rows;
    if (layout == KeyboardLayout::latin) rows.push_back(letters(labels.accents));
    for (const Row& row : letter_rows(layout)) rows.push_back(row);
    Row bottom;
    for (KeyboardLayout other : {KeyboardLayout::symbols, KeyboardLayout::latin, labels.native}) {
        if (other == layout || (other == labels.native && !labels.offer_native)) continue;
        if (other == labels.native && other == KeyboardLayout::latin) continue;
        bottom.push_back({switch_label(other), 1.5f, other == labels.native ? Special::to_native
                                                     : other == KeyboardLayout::latin ? Special::to_latin
                                                                                        : Special::to_symbols});
    }
    // The space bar takes what is left of the widest letter row's width.
    float widest = 0, used = 0;
    for (const Row& row : rows) {
        float units = 0;
        for (const Key& k : row) units += k.units;
        widest = std::max(widest, units);
    }
    const bool cyrillic = layout == KeyboardLayout::ukrainian || layout == KeyboardLayout::russian;
    if (layout == KeyboardLayout::persian) bottom.push_back(half_space);
    for (const Key& k : bottom) used += k.units;
    bottom.push_back({" ", std::max(3.0f, widest - used - (cyrillic ? 3 : 2)), Special::space});
    const bool rtl = layout == KeyboardLayout::arabic || layout == KeyboardLayout::persian;
    bottom.push_back({rtl ? std::string_view("،") : std::string_view(",")});
    bottom.push_back({"."});
    if (cyrillic) bottom.push_back({"-"});
    rows.push_back(std::move(bottom));
    return rows;
}

// The layout a voter can use: another script only where it is offered.
KeyboardLayout usable_layout(const KeyboardState& state, const KeyboardLabels& labels) {
    const bool other_script = state.layout != KeyboardLayout::latin && state.layout != KeyboardLayout::symbols;
    return other_script && (!labels.offer_native || state.layout != labels.native) ? KeyboardLayout::latin : state.layout;
}

}  // namespace

KeyboardLayout keyboard_layout_for(std::string_view language) {
    if (language == "uk") return KeyboardLayout::ukrainian;
    if (language == "ru") return KeyboardLayout::russian;
    if (language == "ar") return KeyboardLayout::arabic;
    if (language == "fa") return KeyboardLayout::persian;
    if (language == "ti" || language == "am") return KeyboardLayout::geez;
    return KeyboardLayout::latin;
}

std::string_view latin_accents_for(std::string_view language) {
    if (language == "tr") return "ç ğ ı İ ö ş ü";
    if (language == "pl") return "ą ć ę ł ń ó ś ź ż";
    return "é ë è ï ö ó ü à ç";
}

bool dotted_capital_i(std::string_view language) { return language == "tr" || language == "az"; }

std::string keyboard_text(KeyboardLayout layout) {
    std::string out;
    for (const Row& row : letter_rows(layout))
        for (const Key& k : row) {
            if (k.special == Special::consonant) {
                const char32_t consonant = decode_utf8(k.text).front();
                for (char32_t vowel = 0; vowel < 7; ++vowel) append_utf8(out, consonant + vowel);
            } else if (k.special == Special::none) {
                out.append(k.text).append(to_upper(k.text)).append(k.label);
            }
        }
    return out;
}

int keyboard_rows(const KeyboardState& state, const KeyboardLabels& labels) {
    return static_cast<int>(rows_for(usable_layout(state, labels), labels).size());
}

float keyboard_height(const Metrics& m, float width, int rows) {
    const float unit = width / 12.0f;
    const float key_h = std::clamp(unit * 1.05f, m.target, m.target * 1.6f);
    return key_h * static_cast<float>(rows) + m.gap * 0.5f * static_cast<float>(rows - 1);
}

namespace {

struct PlacedKey {
    const Key* key;
    Rect rect;
};

// Keys keep the same width in a layout; a shorter row is centred. Fewer rows sit at the bottom.
std::vector<PlacedKey> place_keys(const std::vector<Row>& rows, const Rect& area, float gap, float key_h, bool ui_mirrored) {
    float max_units = 0;
    for (const Row& row : rows) {
        float units = 0;
        for (const Key& k : row) units += k.units;
        max_units = std::max(max_units, units);
    }
    const float unit_w = (area.w() - gap * (max_units - 1)) / max_units;
    float y = area.max.y - static_cast<float>(rows.size()) * (key_h + gap) + gap;
    std::vector<PlacedKey> out;
    // A keyboard keeps its physical layout in a mirrored (right-to-left) frame: ض stays where Q is.
    auto unmirrored = [&](Rect r) {
        return ui_mirrored ? Rect{{area.min.x + area.max.x - r.max.x, r.min.y}, {area.min.x + area.max.x - r.min.x, r.max.y}} : r;
    };
    for (const Row& row : rows) {
        float units = 0;
        for (const Key& k : row) units += k.units;
        const float row_w = units * unit_w + (units - 1) * gap;
        float x = area.min.x + (area.w() - row_w) / 2;
        for (const Key& k : row) {
            const float w = k.units * unit_w + (k.units - 1) * gap;
            out.push_back({&k, unmirrored(Rect::xywh(x, y, w, key_h))});
            x += w + gap;
        }
        y += key_h + gap;
    }
    return out;
}

// One key's look: `lit` for a latched shift or an open consonant.
void draw_key(Ui& ui, const Rect& r, std::string_view shown, bool enabled, bool lit, bool quiet, bool big) {
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    ImU32 fill = lit ? c.primary : quiet ? c.disabled : c.surface;
    if (enabled && ui.pressing(r)) fill = lit ? c.primary_pressed : c.selected;
    ImU32 ink = lit ? c.on_primary : c.text;
    if (!enabled) {
        fill = mix(c.background, c.disabled, 0.5f);
        ink = c.on_disabled;
    }
    ui.panel(r, fill, c.border, 1.5f);
    const FontSpec f = ui.fit(big ? ui.title() : ui.bold(), shown, ImVec2(r.w() - m.pad * 0.3f, r.h()), 0.5f);
    ui.text(f, shown, r.shrink(m.pad * 0.15f, 0), ink, Align::center, true);
}

// The open consonant's seven vowel forms (ä u i a e ə o), in a row over the keys above its key
// (below it for the top row), centred on it. Returns that row's rectangle.
// Its frame (gap / 2 around it) stays inside `area` too, also beside a key at either edge.
Rect vowel_row(const Rect& consonant, const Rect& area, float gap) {
    const float w = consonant.w() * 7 + gap * 6;
    const float lo = area.min.x + gap / 2;
    float x = std::clamp(consonant.center().x - w / 2, lo, std::max(lo, area.max.x - gap / 2 - w));
    float y = consonant.min.y - consonant.h() - gap;
    if (y < area.min.y - 0.5f) y = consonant.max.y + gap;
    return Rect::xywh(x, y, w, consonant.h());
}

KeyPress draw_vowel_row(Ui& ui, const Rect& row, KeyboardState& state, bool can_insert, float gap) {
    KeyPress result;
    const float w = (row.w() - gap * 6) / 7;
    ui.panel(row.shrink(-gap / 2), ui.colors().background, ui.colors().primary, 2);
    for (int i = 0; i < 7; ++i) {
        const std::string syllable = encode_utf8(state.consonant + static_cast<char32_t>(i));
        // Ge'ez reads left to right: the first form stays leftmost on screen in a mirrored frame too.
        const int slot = ui.mirrored() ? 6 - i : i;
        const Rect r = Rect::xywh(row.min.x + static_cast<float>(slot) * (w + gap), row.min.y, w, row.h());
        draw_key(ui, r, syllable, can_insert, false, false, true);
        if (ui.target(r, syllable, can_insert, {}, syllable)) result = {KeyPress::Kind::insert, syllable};
    }
    if (result.kind != KeyPress::Kind::none) state.consonant = 0;
    return result;
}

// What tapping a switch, shift or consonant key does to the keyboard.
void press_special(KeyboardState& state, const Key& k, const KeyboardLabels& labels) {
    switch (k.special) {
        case Special::shift: state.shift = !state.shift; break;
        case Special::to_latin: state.layout = KeyboardLayout::latin; break;
        case Special::to_native: state.layout = labels.native; break;
        case Special::to_symbols:
            state.layout = KeyboardLayout::symbols;
            state.shift = false;
            break;
        case Special::consonant: {
            const char32_t c = decode_utf8(k.text).front();
            state.consonant = state.consonant == c ? 0 : c;
            break;
        }
        default: break;
    }
    if (k.special != Special::consonant) state.consonant = 0;
}

}  // namespace

KeyPress draw_keyboard(Ui& ui, const Rect& area, KeyboardState& state, const KeyboardLabels& labels,
                       bool can_insert) {
    state.layout = usable_layout(state, labels);
    if (state.layout != KeyboardLayout::geez) state.consonant = 0;
    const std::vector<Row> rows = rows_for(state.layout, labels);
    const float gap = ui.m().gap * 0.5f;
    const float n = static_cast<float>(rows.size());
    const float key_h = (area.h() - gap * (n - 1)) / n;
    const std::vector<PlacedKey> keys = place_keys(rows, area, gap, key_h, ui.mirrored());

    Rect vowels;  // the open consonant's row covers the keys beneath it
    for (const PlacedKey& p : keys)
        if (state.consonant && p.key->special == Special::consonant && decode_utf8(p.key->text).front() == state.consonant)
            vowels = vowel_row(p.rect, area, gap);

    KeyPress result;
    for (const PlacedKey& p : keys) {
        const Key& k = *p.key;
        std::string shown(k.text);
        std::string types;
        bool enabled = true;
        if (k.special == Special::none) {
            types = state.shift ? to_upper(k.text, labels.dotted_i) : std::string(k.text);
            shown = k.label.empty() ? types : std::string(k.label);
            enabled = can_insert;
        } else if (k.special == Special::space) {
            shown = labels.space;
            types.assign(1, ' ');  // (not `= " "`: GCC 12 warns falsely about that)
            enabled = can_insert;
        } else if (k.special == Special::consonant) {
            enabled = can_insert;
        }
        const bool lit = (k.special == Special::shift && state.shift) ||
                         (k.special == Special::consonant && decode_utf8(k.text).front() == state.consonant);
        const bool quiet = k.special != Special::none && k.special != Special::space && k.special != Special::consonant;
        const bool big = (k.special == Special::none && k.label.empty()) || k.special == Special::shift ||
                         k.special == Special::backspace || k.special == Special::consonant;
        const bool covered = !vowels.empty() && !vowels.intersect(p.rect).empty();
        draw_key(ui, p.rect, shown, enabled && !covered, lit, quiet, big);
        if (covered || !ui.target(p.rect, shown, enabled, {}, types)) continue;
        if (k.special == Special::none || k.special == Special::space) {
            result = {KeyPress::Kind::insert, types};
            if (k.special == Special::none) state.shift = false;
            state.consonant = 0;
        } else if (k.special == Special::backspace) {
            result = {KeyPress::Kind::backspace, {}};
            state.consonant = 0;
        } else {
            press_special(state, k, labels);
        }
    }
    if (!vowels.empty()) {
        const KeyPress vowel = draw_vowel_row(ui, vowels, state, can_insert, gap);
        if (vowel.kind != KeyPress::Kind::none) result = vowel;
    }
    return result;
}

bool apply_key(std::string& text, const KeyPress& key, int max_code_points) {
    switch (key.kind) {
        case KeyPress::Kind::insert: {
            if (count_code_points(text) + count_code_points(key.text) > max_code_points) return false;
            text += key.text;
            return true;
        }
        case KeyPress::Kind::backspace:
            if (text.empty()) return false;
            pop_code_point(text);
            return true;
        case KeyPress::Kind::none: break;
    }
    return false;
}

}  // namespace workshop::kiosk
