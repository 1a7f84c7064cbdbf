// paused_screen.cpp — the facilitator paused or ended the session: a calm message and only the
// reading buttons, in every language of the scenario alike (nobody has chosen a language here).
// The voter's unconfirmed choices wait (the idle reset still clears them).
#include <algorithm>

#include "chrome.h"

namespace workshop::kiosk {

namespace {

// The text `key` in each scenario language, one per line (the same text once), the voter's first.
std::string in_every_language(const ScreenContext& ctx, std::string_view key) {
    std::vector<std::string> lines{ctx.tr(key)};
    if (ctx.scenario)
        for (const std::string& lang : ctx.scenario->languages) {
            std::string line = ctx.strings.get(key, lang);
            if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(std::move(line));
        }
    std::string out;
    for (const std::string& line : lines) out += (out.empty() ? "" : "\n") + line;
    return out;
}

}  // namespace

Intent draw_paused_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const bool ended = ctx.session && ctx.session->state() == SessionState::ended;
    centred_message(ui, ended ? "✓" : "…", ui.colors().primary, in_every_language(ctx, ended ? "ended_title" : "paused_title"),
                    in_every_language(ctx, ended ? "ended_body" : "paused_body"), 0);
    draw_reading_foot(ctx, false);  // every language at once: nothing to read in one voice
    return {};
}

}  // namespace workshop::kiosk
