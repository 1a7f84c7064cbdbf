// assets.h — the files under assets/, embedded into the kiosk at build time so the program
// works from any folder (see kiosk/embed.cmake).
#pragma once

#include <string_view>

namespace workshop::kiosk::assets {

std::string_view strings_toml();  // assets/strings.toml
std::string_view facilitator_strings_toml();  // assets/facilitator_strings.toml
std::string_view theme_toml();    // assets/theme.toml

}  // namespace workshop::kiosk::assets
