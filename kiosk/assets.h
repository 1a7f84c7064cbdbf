// assets.h — the files under assets/, embedded into the kiosk at build time so the program
// works from any folder (see kiosk/embed.cmake).
#pragma once

#include <span>
#include <string_view>

namespace workshop::kiosk::assets {

std::string_view strings_toml();  // assets/strings.toml
std::string_view facilitator_strings_toml();  // assets/facilitator_strings.toml
std::string_view theme_toml();    // assets/theme.toml

// assets/lang/<code>.toml: the kiosk's texts in a further UI language (listed in CMake).
struct LanguageFile {
    std::string_view code;
    std::string_view (*text)();
};
std::span<const LanguageFile> language_files();

}  // namespace workshop::kiosk::assets
