// fuzz_kscript.cpp — any bytes as a kiosk script (*.kscript, `workshop-kiosk --script FILE`):
// Script::parse must accept it or say which line is wrong, never crash; an accepted script is
// then played by the ScriptPlayer against a screen of a few widgets and keyboard keys, for a
// bounded number of frames (the player must neither crash nor ask for absurd input).
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "fuzz_support.h"
#include "script.h"

using namespace workshop::kiosk;

namespace {

// What a frame of the idea screen with its keyboard might show.
Registry screen() {
    Registry reg;
    float x = 10;
    for (const char* label : {"Next", "Back", "Add your idea", "− Housing", "+", "⇧", "123", "АБВ"}) {
        reg.tappables.push_back({label, "", "", Rect::xywh(x, 900, 90, 60), true});
        x += 100;
    }
    reg.tappables.back().context = "Housing";
    x = 10;
    for (const char* key : {"a", "b", "c", "é", "ї", " ", "1", "?"}) {
        reg.tappables.push_back({key, "", key, Rect::xywh(x, 1000, 60, 60), true});
        x += 70;
    }
    reg.texts.push_back({"Put the actions in order", Rect::xywh(0, 0, 800, 40)});
    return reg;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    workshop::Outcome<Script> parsed = Script::parse(text, "fuzz.kscript");
    if (!parsed) {
        FUZZ_CHECK(parsed.message().rfind("fuzz.kscript:", 0) == 0, parsed.message());
        FUZZ_CHECK(parsed.message().find(": error: ") != std::string::npos, parsed.message());
        return 0;
    }
    for (const ScriptCommand& c : parsed->commands) {
        FUZZ_CHECK(c.line >= 1, "command without a line");
        FUZZ_CHECK(!c.name.empty(), "command without a name");
        // Numbers a script may give: finite, and waits a person could sit through. (The player
        // queues a wait's frames at once: `wait 1e9` would take 100 GB before the first frame.)
        for (float n : c.numbers)
            FUZZ_CHECK(std::isfinite(n), "line " + std::to_string(c.line) + ": `" + c.name + "` accepted a non-finite number");
        if (c.name == "wait" && !c.seconds)
            FUZZ_CHECK(c.numbers[0] <= 1e6f, "line " + std::to_string(c.line) + ": `wait " +
                                                std::to_string(c.numbers[0]) + "` frames accepted");
    }

    // `wait_for` and `sleep` pass real time (up to an hour): checked above, not played here.
    std::erase_if(parsed->commands, [](const ScriptCommand& c) { return c.name == "wait_for" || c.name == "sleep"; });
    static const Registry reg = screen();
    ScriptPlayer player(std::move(*parsed), "shots");
    // A kiosk runs at most a few thousand frames per scripted minute; a script may not ask for more
    // at once than a person could do (this bound also keeps one input fast).
    for (int frame = 0; frame < 20000 && !player.done(); ++frame) {
        const FrameRequest r = player.next_frame(reg);
        FUZZ_CHECK(std::isfinite(r.advance) && r.advance >= 0, "clock jump " + std::to_string(r.advance));
        FUZZ_CHECK(std::isfinite(r.pointer.pos.x) && std::isfinite(r.pointer.pos.y), "pointer off any screen");
        if (r.quit) break;
    }
    return 0;
}
