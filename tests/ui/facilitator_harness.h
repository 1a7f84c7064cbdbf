// facilitator_harness.h — what the facilitator-mode UI tests share: a small workshop with every
// step type, a kiosk with a PIN, the hidden gesture, the way in, the audit log, one voter's way
// through, screenshots for people to look at. Checks go to the engine and the audit log, never
// to pixels.
#pragma once

#include "facilitator_auth.h"
#include "facilitator_mode.h"
#include "internal_access.h"
#include "soft_render.h"
#include "support/kiosk_harness.h"

namespace kiosk_test {

namespace fs = std::filesystem;

const char* const kPin = "2468";

const char* const workshop_toml = R"(format = 1
id = "harbour"
languages = ["en", "nl"]
title = { en = "Harbour workshop", nl = "Havenwerkplaats" }

[kiosk]
ask_language = false

[[role]]
id = "resident"
label = { en = "Resident", nl = "Bewoner" }

[[role]]
id = "council"
label = { en = "Council", nl = "Gemeente" }

[[step]]
id = "intro"
type = "info"
title = "Welcome"
body = "Hello."

[[step]]
id = "colours"
type = "dot_vote"
title = { en = "Pick colours", nl = "Kies kleuren" }
dots = 2
options = [ { id = "red", label = { en = "Red", nl = "Rood" } }, { id = "blue", label = { en = "Blue", nl = "Blauw" } } ]

[[step]]
id = "shapes"
type = "ranking"
title = "Rank shapes"
options = [ { id = "circle", label = "Circle" }, { id = "square", label = "Square" } ]

[[step]]
id = "ideas"
type = "idea_vote"
title = "Your ideas"
collect_ideas = true
options = [ { id = "park", label = "A park" } ]
)";

inline AppConfig config_with_pin(const std::string& pin = kPin) {
    AppConfig c;
    c.start_language = "en";
    c.kiosk.pin = pin;
    return c;
}

inline std::string screenshot_path(const std::string& name) {
    return std::string(WORKSHOP_BINARY_DIR) + "/tests/ui/screenshots/facilitator/" + name;
}

inline void save(Kiosk& k, const std::string& name) {
    fs::create_directories(fs::path(screenshot_path(name)).parent_path());
    std::string error;
    CHECK(write_png(screenshot_path(name), k.headless().screenshot(), &error));
}

// The hidden gesture: a finger held still in the top-left corner for `seconds`, then lifted.
inline void hold_corner(HeadlessKiosk& h, double seconds = 3.2, ImVec2 at = {12, 12}) {
    h.frame({at, true});
    for (double held = 0; held < seconds; held += 0.25) {
        h.advance(0.25);
        h.frame({at, true});
    }
    h.frame({at, false});
    h.frame({at, false});
}
inline void hold_corner(Kiosk& k, double seconds = 3.2, ImVec2 at = {12, 12}) { hold_corner(k.headless(), seconds, at); }

// Gesture + PIN: facilitator mode's home screen.
inline void enter(Kiosk& k, const std::string& pin = kPin) {
    hold_corner(k);
    REQUIRE(k.screen() == ScreenId::facilitator_pin);
    KIOSK_RUN(k, "type \"" + pin + "\"\ntap \"OK\"\n");
    REQUIRE(k.screen() == ScreenId::facilitator_home);
}

inline std::vector<ActionRecord> actions(Kiosk& k, const std::string& name) {
    auto all = detail::store_of(k.session()).actions(k.session().id());
    REQUIRE(all.ok());
    std::vector<ActionRecord> out;
    for (const ActionRecord& a : *all)
        if (a.action == name) out.push_back(a);
    return out;
}

// One voter through the whole scenario: 2 dots on red, circle first, the park idea.
const char* const one_voter = R"(
tap "Touch the screen to start"
tap "Resident"
tap "Next →"
tap "Red"
tap "Red"
tap "Next →"
tap "Circle"
tap "Next →"
tap "A park"
tap "Next →"
expect "Check your choices"
tap "✓ Confirm"
expect "Thank you!"
tap "Done"
expect "Touch the screen to start"
)";

}  // namespace kiosk_test
