// translations.h — the kiosk's own texts in every UI language (assets/strings.toml for nl, en
// and uk, one file per further language in assets/lang/).
//
// A voter picks a language; every screen asks for its texts in that language. A text missing in
// a language falls back to English, then to the key itself, and the miss is remembered so a test
// can fail on it (never a crash, never an empty button). A language the kiosk has no texts in at
// all (a scenario may use any ISO 639-1 code) is shown in English without counting as a miss.
#pragma once

#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "workshop/result.h"

namespace workshop::kiosk {

// Values to fill into `{name}` placeholders.
using Args = std::vector<std::pair<std::string_view, std::string>>;

class Strings {
public:
    // Parses strings.toml text; `origin` names it in messages.
    static Outcome<Strings> parse(std::string_view toml_text, std::string_view origin);
    // Adds one language file (assets/lang/<code>.toml: `name`, `reviewed`, then `key = text`).
    Status add_language(std::string_view code, std::string_view toml_text, std::string_view origin);
    // The kiosk's built-in strings (assets/strings.toml and assets/lang/*.toml, embedded).
    static const Strings& builtin();

    // The text `key` in `language`, placeholders filled.
    std::string get(std::string_view key, std::string_view language, const Args& args = {}) const;
    // The plural form of `key` for `n` in `language`; `{n}` is filled with n.
    std::string plural(std::string_view key, std::string_view language, long long n,
                       const Args& args = {}) const;
    // A language's own name ("Українська"), or the code itself when unknown.
    std::string language_name(std::string_view code) const;

    std::vector<std::string> keys() const;
    // Every language with texts of its own, and whether a native speaker reviewed them.
    const std::map<std::string, bool, std::less<>>& languages() const { return m_reviewed; }
    bool has_language(std::string_view code) const { return m_reviewed.count(code) > 0 || m_written.count(code) > 0; }
    // The forms of `key` in `language` (one for plain texts), empty when missing.
    const std::vector<std::string>* forms(std::string_view key, std::string_view language) const;
    // Keys asked for but missing (or missing in the asked language), "key/lang".
    const std::set<std::string>& misses() const { return m_misses; }

private:
    const std::vector<std::string>* lookup(std::string_view key, std::string_view language) const;

    // key -> language -> forms
    std::map<std::string, std::map<std::string, std::vector<std::string>, std::less<>>, std::less<>> m_texts;
    std::map<std::string, std::string, std::less<>> m_language_names;
    std::map<std::string, bool, std::less<>> m_reviewed;  // language -> reviewed
    std::set<std::string, std::less<>> m_written;         // languages any text is in
    mutable std::set<std::string> m_misses;
};

// Index of the plural form for `n` in `language` (CLDR cardinal rules for whole numbers; the
// forms are CLDR's categories in the order zero, one, two, few, many, other, the ones the
// language has: ar all six, ru/uk/pl [one, few, many], ti/fa [one (0 and 1), other], others
// [one, other]).
int plural_form(std::string_view language, long long n);
// How many plural forms `language` has (6, 3 or 2).
int plural_form_count(std::string_view language);
// `n` written the way readers of `language` write numbers (CLDR grouping): 116.277 in nl,
// 116,277 in en, 116 277 in uk (a narrow no-break space between the groups).
std::string format_number(long long n, std::string_view language);
// `value` with `decimals` (0 or 1) decimals in `language`'s way: "57,2" (nl, uk), "57.2" (en).
std::string format_decimal(double value, int decimals, std::string_view language);
// `value` percent with `decimals` (0 or 1) decimals in `language`'s way: "42%", "42,5%" (nl, uk),
// "42.5%" (en).
std::string format_percent(double value, int decimals, std::string_view language);
// Replaces each `{name}` in `text` with its value.
std::string fill(std::string_view text, const Args& args);

}  // namespace workshop::kiosk
