// languages.h — the languages the kiosk has its own texts in (buttons, hints, the keyboard).
//
// A scenario may use any ISO 639-1 code; for a language listed here the kiosk shows its own
// texts in that language, for any other in English. The list is generated at build time from
// the kiosk's language files (assets/strings.toml's `[reviewed]` table and assets/lang/*.toml),
// so the engine never disagrees with the kiosk about it.
#pragma once

#include <span>
#include <string_view>

namespace workshop {

struct UiLanguage {
    std::string_view code;  // ISO 639-1, "ar"
    bool reviewed = false;  // a native speaker has checked the texts
};

// Every language with kiosk texts, sorted by code.
std::span<const UiLanguage> ui_languages();
// The entry for `code`, or nullptr when the kiosk has no texts in it (English is used).
const UiLanguage* find_ui_language(std::string_view code);

}  // namespace workshop
