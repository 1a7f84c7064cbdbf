#include "utf8.h"

namespace workshop::kiosk {

char32_t to_upper(char32_t c, bool dotted_i) {
    if (dotted_i && c == U'i') return 0x130;                     // Turkish İ
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

std::string to_upper(std::string_view text, bool dotted_i) {
    std::string out;
    for (char32_t c : decode_utf8(text)) append_utf8(out, to_upper(c, dotted_i));
    return out;
}

}  // namespace workshop::kiosk
