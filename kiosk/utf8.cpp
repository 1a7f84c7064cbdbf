#include "utf8.h"

namespace workshop::kiosk {

std::vector<char32_t> decode_utf8(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        const auto b = static_cast<unsigned char>(text[i]);
        int extra = 0;
        char32_t cp = 0;
        if (b < 0x80) {
            cp = b;
        } else if ((b & 0xE0) == 0xC0) {
            extra = 1;
            cp = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            extra = 2;
            cp = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            extra = 3;
            cp = b & 0x07;
        } else {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        bool ok = true;
        for (int k = 1; k <= extra; ++k) {
            if (i + k >= text.size() || (static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) {
                ok = false;
                break;
            }
            cp = (cp << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
        }
        // Overlong forms, surrogates and values past U+10FFFF are not text: never let them
        // through to the database (the engine's check_idea_text would refuse the idea).
        static constexpr char32_t smallest[] = {0, 0x80, 0x800, 0x10000};
        if (ok && (cp < smallest[extra] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)) ok = false;
        if (!ok) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += 1 + extra;
    }
    return out;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string encode_utf8(char32_t cp) {
    std::string s;
    append_utf8(s, cp);
    return s;
}

int count_code_points(std::string_view text) {
    return static_cast<int>(decode_utf8(text).size());
}

void pop_code_point(std::string& text) {
    if (text.empty()) return;
    std::size_t i = text.size() - 1;
    // Step back over continuation bytes, at most three of them.
    for (int k = 0; k < 3 && i > 0 && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80; ++k) --i;
    text.erase(i);
}

char32_t to_upper(char32_t c) {
    if (c >= U'a' && c <= U'z') return c - 0x20;
    if (c >= 0xE0 && c <= 0xFE && c != 0xF7) return c - 0x20;  // à..þ (Latin-1)
    if (c >= 0x430 && c <= 0x44F) return c - 0x20;               // а..я
    if (c >= 0x450 && c <= 0x45F) return c - 0x50;               // ѐ..џ, incl. є і ї
    if (c == 0x491) return 0x490;                                // ґ
    if (c == 0x131) return U'I';                                 // Turkish dotless ı
    // Latin Extended-A pairs for Turkish and Polish (ą ć ę ğ ł ń ś ş ź ż): capital first.
    if (c >= 0x100 && c <= 0x137 && c % 2 == 1) return c - 1;
    if (c >= 0x139 && c <= 0x148 && c % 2 == 0) return c - 1;
    if (c >= 0x14A && c <= 0x177 && c % 2 == 1) return c - 1;
    if (c >= 0x179 && c <= 0x17E && c % 2 == 0) return c - 1;
    return c;
}

std::string to_upper(std::string_view text) {
    std::string out;
    for (char32_t c : decode_utf8(text)) append_utf8(out, to_upper(c));
    return out;
}

}  // namespace workshop::kiosk
