// utf8.h — the few UTF-8 operations the kiosk needs: typed text is edited per code point,
// never per byte, so a Cyrillic letter is one keystroke and one character of the limit.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace workshop::kiosk {

// Code points of `text`; an invalid byte decodes as U+FFFD and decoding goes on.
std::vector<char32_t> decode_utf8(std::string_view text);
// Appends one code point as UTF-8.
void append_utf8(std::string& out, char32_t code_point);
std::string encode_utf8(char32_t code_point);
// Number of code points (invalid bytes count one each).
int count_code_points(std::string_view text);
// Removes the last code point (no-op on an empty string).
void pop_code_point(std::string& text);
// Upper case of the letters on our keyboards (Latin, Latin-1 accents, Cyrillic incl. і ї є ґ);
// every other code point is returned unchanged.
char32_t to_upper(char32_t code_point);
std::string to_upper(std::string_view text);

}  // namespace workshop::kiosk
