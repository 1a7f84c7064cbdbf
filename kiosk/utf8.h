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
// `dotted_i`: Turkish and Azerbaijani, where i's capital is İ (U+0130) and ı's is I.
char32_t to_upper(char32_t code_point, bool dotted_i = false);
std::string to_upper(std::string_view text, bool dotted_i = false);

}  // namespace workshop::kiosk
