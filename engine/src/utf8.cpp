// utf8.cpp — the one UTF-8 decoder (utf8.h).
#include "workshop/utf8.h"

namespace workshop {

Utf8CodePoint decode_utf8_at(std::string_view text, std::size_t pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(pos);
    if (lead < 0x80) return {lead, 1, true};
    std::size_t length = 0;
    char32_t cp = 0, smallest = 0;
    if ((lead & 0xE0) == 0xC0) length = 2, cp = lead & 0x1F, smallest = 0x80;
    else if ((lead & 0xF0) == 0xE0) length = 3, cp = lead & 0x0F, smallest = 0x800;
    else if ((lead & 0xF8) == 0xF0) length = 4, cp = lead & 0x07, smallest = 0x10000;
    else return {};
    if (pos + length > text.size()) return {};
    for (std::size_t i = 1; i < length; ++i) {
        if (starts_code_point(text[pos + i])) return {};
        cp = (cp << 6) | (byte(pos + i) & 0x3F);
    }
    if (cp < smallest || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
    return {cp, length, true};
}

std::vector<char32_t> decode_utf8(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    for (std::size_t pos = 0; pos < text.size();) {
        const Utf8CodePoint at = decode_utf8_at(text, pos);
        out.push_back(at.code_point);
        pos += at.length;
    }
    return out;
}

int utf8_length(std::string_view text) {
    int count = 0;
    for (std::size_t pos = 0; pos < text.size(); ++count) {
        const Utf8CodePoint at = decode_utf8_at(text, pos);
        if (!at.valid) return -1;
        pos += at.length;
    }
    return count;
}

bool is_utf8(std::string_view text) { return utf8_length(text) >= 0; }

int count_code_points(std::string_view text) {
    int count = 0;
    for (std::size_t pos = 0; pos < text.size(); ++count) pos += decode_utf8_at(text, pos).length;
    return count;
}

std::size_t utf8_prefix_bytes(std::string_view text, std::size_t max_code_points) {
    std::size_t pos = 0;
    for (std::size_t n = 0; n < max_code_points && pos < text.size(); ++n) pos += decode_utf8_at(text, pos).length;
    return pos;
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
    std::string out;
    append_utf8(out, cp);
    return out;
}

void pop_code_point(std::string& text) {
    if (text.empty()) return;
    std::size_t i = text.size() - 1;
    // Back over continuation bytes, at most three of them.
    for (int k = 0; k < 3 && i > 0 && !starts_code_point(text[i]); ++k) --i;
    text.erase(i);
}

}  // namespace workshop
