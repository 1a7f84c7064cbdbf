// utf8.h — UTF-8 text per code point: the one decoder the engine, the `workshop` command, the
// report and the kiosk share. Strict: overlong forms, surrogates (U+D800..U+DFFF), values above
// U+10FFFF and sequences cut short are not UTF-8. Typed text is edited and limited per code
// point, never per byte, so a Cyrillic or Tigrinya letter is one keystroke and one character of
// a limit.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace workshop {

struct Utf8CodePoint {
    char32_t code_point = 0xFFFD;  // U+FFFD when not valid
    std::size_t length = 1;        // bytes taken; 1 for an invalid byte
    bool valid = false;
};

// The code point starting at byte `pos` (pos < text.size()).
Utf8CodePoint decode_utf8_at(std::string_view text, std::size_t pos);
// Every code point; an invalid byte decodes as U+FFFD and decoding goes on.
std::vector<char32_t> decode_utf8(std::string_view text);
// Whether the whole text is UTF-8.
bool is_utf8(std::string_view text);
// Code points of UTF-8 text; -1 when it is not UTF-8.
int utf8_length(std::string_view text);
// Code points, an invalid byte counting as one.
int count_code_points(std::string_view text);
// Whether `byte` begins a code point (or is invalid on its own): every byte but a continuation
// byte 10xxxxxx. For walks over bytes that count characters as they go.
constexpr bool starts_code_point(char byte) { return (static_cast<unsigned char>(byte) & 0xC0) != 0x80; }
// C0 controls, DEL and C1 controls (U+0000..U+001F, U+007F..U+009F).
constexpr bool is_control_code_point(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }
// Bytes of the longest start of `text` with at most `max_code_points` code points: a cut there
// never splits a letter.
std::size_t utf8_prefix_bytes(std::string_view text, std::size_t max_code_points);

// `code_point` in UTF-8, appended to `out` or as a string of its own.
void append_utf8(std::string& out, char32_t code_point);
std::string encode_utf8(char32_t code_point);
// Removes the last code point: its lead byte and up to three continuation bytes before the end
// (nothing on an empty string).
void pop_code_point(std::string& text);

}  // namespace workshop
