#include "keyboard.h"

#include <algorithm>
#include <vector>

#include "utf8.h"

namespace workshop::kiosk {

namespace {

enum class Special { none, shift, backspace, space, to_latin, to_ukrainian, to_symbols };

struct Key {
    std::string_view text;  // what it types (letters shown upper case under shift)
    float units = 1;
    Special special = Special::none;
};

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

const std::vector<Row>& rows_for(KeyboardLayout layout, bool offer_cyrillic) {
    static const Key shift{"⇧", 1.5f, Special::shift};
    static const Key backspace{"⌫", 1.5f, Special::backspace};
    static const std::vector<Row> latin = {
        letters("é ë è ï ö ó ü à ç"),
        letters("q w e r t y u i o p"),
        letters("a s d f g h j k l '"),
        concat({{shift}, letters("z x c v b n m"), {backspace}}),
        {{"123", 1.5f, Special::to_symbols}, {"АБВ", 1.5f, Special::to_ukrainian}, {" ", 5, Special::space}, {","}, {"."}},
    };
    static const std::vector<Row> latin_only = {
        latin[0], latin[1], latin[2], latin[3],
        {{"123", 1.5f, Special::to_symbols}, {" ", 6.5f, Special::space}, {","}, {"."}},
    };
    static const std::vector<Row> ukrainian = {
        letters("й ц у к е н г ш щ з х ї"),
        letters("ф і в а п р о л д ж є ґ"),
        concat({{{"⇧", 1, Special::shift}}, letters("я ч с м и т ь б ю ʼ"), {{"⌫", 1, Special::backspace}}}),
        {{"123", 1.5f, Special::to_symbols}, {"ABC", 1.5f, Special::to_latin}, {" ", 6, Special::space}, {","}, {"."}, {"-"}},
    };
    static const std::vector<Row> symbols = {
        letters("1 2 3 4 5 6 7 8 9 0"),
        letters("- / : ; ( ) € & @ \""),
        concat({letters("? ! ' # % + = * _"), {{"⌫", 1, Special::backspace}}}),
        {{"ABC", 1.5f, Special::to_latin}, {"АБВ", 1.5f, Special::to_ukrainian}, {" ", 5, Special::space}, {","}, {"."}},
    };
    static const std::vector<Row> symbols_latin_only = {
        symbols[0], symbols[1], symbols[2],
        {{"ABC", 1.5f, Special::to_latin}, {" ", 6.5f, Special::space}, {","}, {"."}},
    };
    switch (layout) {
        case KeyboardLayout::ukrainian: return ukrainian;
        case KeyboardLayout::symbols: return offer_cyrillic ? symbols : symbols_latin_only;
        case KeyboardLayout::latin: break;
    }
    return offer_cyrillic ? latin : latin_only;
}

constexpr int kMaxRows = 5;

}  // namespace

KeyboardLayout keyboard_layout_for(std::string_view language) {
    return language == "uk" ? KeyboardLayout::ukrainian : KeyboardLayout::latin;
}

float keyboard_height(const Metrics& m, float width) {
    const float unit = width / 12.0f;
    const float key_h = std::clamp(unit * 1.05f, m.target, m.target * 1.6f);
    return key_h * kMaxRows + m.gap * 0.5f * (kMaxRows - 1);
}

KeyPress draw_keyboard(Ui& ui, const Rect& area, KeyboardState& state, const KeyboardLabels& labels,
                       bool can_insert) {
    if (state.layout == KeyboardLayout::ukrainian && !labels.offer_cyrillic) state.layout = KeyboardLayout::latin;
    const auto& rows = rows_for(state.layout, labels.offer_cyrillic);
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const float gap = m.gap * 0.5f;
    const float key_h = (area.h() - gap * (kMaxRows - 1)) / kMaxRows;
    float max_units = 0;
    for (const Row& row : rows) {
        float units = 0;
        for (const Key& k : row) units += k.units;
        max_units = std::max(max_units, units);
    }
    // Keys keep the same width in a layout; a shorter row is centred. Fewer rows sit at the bottom.
    const float unit_w = (area.w() - gap * (max_units - 1)) / max_units;
    float y = area.max.y - static_cast<float>(rows.size()) * (key_h + gap) + gap;

    KeyPress result;
    for (const Row& row : rows) {
        float units = 0;
        for (const Key& k : row) units += k.units;
        const float row_w = units * unit_w + (units - 1) * gap;
        float x = area.min.x + (area.w() - row_w) / 2;
        for (const Key& k : row) {
            const float w = k.units * unit_w + (k.units - 1) * gap;
            const Rect r = Rect::xywh(x, y, w, key_h);
            x += w + gap;

            std::string shown(k.text);
            std::string types;
            bool enabled = true;
            bool lit = false;
            ImU32 fill = c.surface;
            switch (k.special) {
                case Special::none:
                    shown = state.shift ? to_upper(k.text) : std::string(k.text);
                    types = shown;
                    enabled = can_insert;
                    break;
                case Special::space:
                    shown = labels.space;
                    types.assign(1, ' ');  // (not `= " "`: GCC 12 warns falsely about that)
                    enabled = can_insert;
                    break;
                case Special::shift:
                    lit = state.shift;
                    fill = c.disabled;
                    break;
                default:
                    fill = c.disabled;
                    break;
            }
            if (lit) fill = c.primary;
            if (enabled && ui.pressing(r)) fill = lit ? c.primary_pressed : c.selected;
            ImU32 ink = lit ? c.on_primary : c.text;
            if (!enabled) {
                fill = mix(c.background, c.disabled, 0.5f);
                ink = c.on_disabled;
            }
            ui.panel(r, fill, c.border, 1.5f);
            const bool big = k.special == Special::none || k.special == Special::shift || k.special == Special::backspace;
            const FontSpec f = ui.fit(big ? ui.title() : ui.bold(), shown, ImVec2(r.w() - m.pad * 0.3f, r.h()), 0.5f);
            ui.text(f, shown, r.shrink(m.pad * 0.15f, 0), ink, Align::center, true);
            if (!ui.target(r, shown, enabled, {}, types)) continue;

            switch (k.special) {
                case Special::none:
                case Special::space:
                    result = {KeyPress::Kind::insert, types};
                    if (k.special == Special::none) state.shift = false;
                    break;
                case Special::backspace: result = {KeyPress::Kind::backspace, {}}; break;
                case Special::shift: state.shift = !state.shift; break;
                case Special::to_latin: state.layout = KeyboardLayout::latin; break;
                case Special::to_ukrainian: state.layout = KeyboardLayout::ukrainian; break;
                case Special::to_symbols:
                    state.layout = KeyboardLayout::symbols;
                    state.shift = false;
                    break;
            }
        }
        y += key_h + gap;
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
