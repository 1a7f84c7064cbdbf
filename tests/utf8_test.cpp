// utf8_test.cpp — the one UTF-8 decoder (workshop/utf8.h), on hand-made byte sequences.
#include <catch2/catch.hpp>

#include "workshop/diagnostic.h"
#include "workshop/utf8.h"

using namespace workshop;

TEST_CASE("one to four bytes decode to their code points") {
    CHECK(decode_utf8("a\xC3\xA9\xD0\xB6\xE2\x82\xAC\xF0\x9F\x98\x80") ==
          std::vector<char32_t>{U'a', U'é', U'ж', U'€', 0x1F600});
    CHECK(utf8_length("\xF0\x9F\x98\x80") == 1);
    const Utf8CodePoint four = decode_utf8_at("x\xF4\x8F\xBF\xBF", 1);  // U+10FFFF, the last
    CHECK(four.valid);
    CHECK(four.code_point == 0x10FFFF);
    CHECK(four.length == 4);
}

TEST_CASE("overlong forms, surrogates, values past U+10FFFF and cut sequences are not UTF-8") {
    for (const char* bad : {"\xC0\xAF",           // '/' in two bytes (overlong)
                            "\xE0\x80\xAF",       // '/' in three bytes
                            "\xF0\x82\x82\xAC",   // '€' in four bytes
                            "\xED\xA0\x80",       // U+D800, a surrogate
                            "\xED\xBF\xBF",       // U+DFFF
                            "\xF4\x90\x80\x80",   // U+110000
                            "\xF8\x88\x80\x80\x80",  // a five-byte lead
                            "\xE2\x82",           // '€' cut short
                            "\xF0\x9F\x98",       // an emoji cut short
                            "\x80",               // a lone continuation byte
                            "\xC3(" }) {          // a lead followed by ASCII
        CAPTURE(bad);
        CHECK_FALSE(is_utf8(bad));
        CHECK(utf8_length(bad) == -1);
        CHECK_FALSE(decode_utf8_at(bad, 0).valid);
        CHECK(decode_utf8_at(bad, 0).length == 1);  // decoding goes on at the next byte
    }
    CHECK(decode_utf8("a\xE2\x82z") == std::vector<char32_t>{U'a', 0xFFFD, 0xFFFD, U'z'});
    CHECK(count_code_points("a\xE2\x82z") == 4);
    CHECK(is_utf8(""));
    CHECK(utf8_length("") == 0);
}

TEST_CASE("a cut keeps whole code points") {
    const std::string text = "\xD0\x96\xD0\xB8\xD1\x82\xD0\xBB\xD0\xBE";  // Житло
    CHECK(utf8_prefix_bytes(text, 2) == 4);
    CHECK(utf8_prefix_bytes(text, 5) == text.size());
    CHECK(utf8_prefix_bytes(text, 99) == text.size());
    CHECK(utf8_prefix_bytes("a\xF0\x9F\x98\x80" "b", 2) == 5);
    CHECK(utf8_prefix_bytes("abc", 0) == 0);
}

TEST_CASE("encode and pop work per code point") {
    CHECK(encode_utf8(0x1F600) == "\xF0\x9F\x98\x80");
    CHECK(encode_utf8(U'ї') == "\xD1\x97");
    std::string typed = "a\xD1\x97\xF0\x9F\x98\x80";
    pop_code_point(typed);
    CHECK(typed == "a\xD1\x97");
    pop_code_point(typed);
    CHECK(typed == "a");
    pop_code_point(typed);
    CHECK(typed.empty());
    pop_code_point(typed);
    CHECK(typed.empty());
}

TEST_CASE("a byte in the middle of a letter starts nothing") {
    const std::string zh = "\xD0\xB6";  // ж
    CHECK(starts_code_point(zh[0]));
    CHECK_FALSE(starts_code_point(zh[1]));
    const Utf8CodePoint middle = decode_utf8_at(zh, 1);
    CHECK_FALSE(middle.valid);
    CHECK(middle.code_point == 0xFFFD);
    CHECK(middle.length == 1);
    // Cut after the first byte of a three-byte letter: what is left is one invalid byte.
    CHECK(decode_utf8(std::string("\xE2\x82\xAC").substr(0, 1)) == std::vector<char32_t>{0xFFFD});
    // Invalid bytes count one each, in a count and in a cut.
    CHECK(count_code_points("\x80\x80" "a") == 3);
    CHECK(utf8_prefix_bytes("\x80\x80" "a", 2) == 2);
    // Popping a letter cut short removes its lead byte with what is left of it.
    std::string cut = "a\xE2\x82";
    pop_code_point(cut);
    CHECK(cut == "a");
}

TEST_CASE("controls are C0, DEL and C1, nothing else") {
    for (char32_t cp : {U'\0', U'\t', U'\n', char32_t{0x1F}, char32_t{0x7F}, char32_t{0x80}, char32_t{0x85}, char32_t{0x9F}})
        CHECK(is_control_code_point(cp));
    for (char32_t cp : {U' ', U'~', char32_t{0xA0}, char32_t{0x2028}, char32_t{0xFFFD}}) CHECK_FALSE(is_control_code_point(cp));
}

TEST_CASE("escape_controls escapes controls per code point and passes other bytes as they are") {
    // NEL (U+0085) is two bytes in UTF-8; ESC one; 0xFF is no UTF-8 at all and stays.
    CHECK(escape_controls("a\xC2\x85" "b\x1B" "c\xFF" "d\xD0\xB6") == "a\\u0085b\\u001Bc\xFF" "d\xD0\xB6");
    CHECK(escape_controls("one\ntwo\r\tthree") == "one\\ntwo\\r\\tthree");
    CHECK(escape_controls("one\ntwo", true) == "one\ntwo");
    // A lead byte before a C1 control: the lead stays, the control is still escaped.
    CHECK(escape_controls("\xE2\xC2\x9B") == "\xE2\\u009B");
}
