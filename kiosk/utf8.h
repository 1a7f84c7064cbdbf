// utf8.h — the kiosk's keyboard case mapping; decoding, counting and cutting UTF-8 are the
// engine's (workshop/utf8.h, included here), one decoder for both.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "workshop/utf8.h"

namespace workshop::kiosk {

// Upper case of the letters on our keyboards (Latin, Latin-1 accents, Cyrillic incl. і ї є ґ);
// every other code point is returned unchanged.
char32_t to_upper(char32_t code_point);
std::string to_upper(std::string_view text);

}  // namespace workshop::kiosk
