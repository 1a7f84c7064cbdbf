// utf8_test.cpp — the one UTF-8 decoder (workshop/utf8.h), on hand-made byte sequences.
#include <catch2/catch.hpp>

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
