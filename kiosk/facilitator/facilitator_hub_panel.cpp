// facilitator_hub_panel.cpp — see facilitator_hub_panel.h.
#include "facilitator_hub_panel.h"

#include <ctime>

#include "facilitator_chrome.h"
#include "hub_sync.h"

namespace workshop::kiosk {

namespace {

// "2026-12-06T21:03:04Z" as this kiosk's local clock time, "21:03:04"; "" stays "".
std::string clock_time(const std::string& iso) {
    std::tm utc{};
    if (iso.size() < 19 || !strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &utc)) return iso;
    const std::time_t t = timegm(&utc);
    std::tm local{};
    localtime_r(&t, &local);
    char text[16];
    std::strftime(text, sizeof text, "%H:%M:%S", &local);
    return text;
}

}  // namespace

void draw_hub_panel(ScreenContext& ctx, Rect& page) {
    if (!ctx.hub) return;
    const HubState hub = ctx.hub->state();
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    const Palette& c = ui.colors();
    const std::string waiting = std::to_string(hub.waiting);
    std::string line = hub.connected && hub.problem.empty()
                           ? ftr(ctx, "hub_connected", {{"time", clock_time(hub.last_sync)}, {"waiting", waiting}})
                           : ftr(ctx, "hub_offline", {{"waiting", waiting}});
    std::vector<std::string> lines;
    if (hub.other_scenario) lines.push_back(ftr(ctx, "hub_other_scenario"));
    for (const HubKioskStatus& k : hub.kiosks) {
        long long ballots = 0;
        for (const auto& [step, n] : k.ballots_per_step) ballots = std::max(ballots, static_cast<long long>(n));
        lines.push_back(ftr(ctx, "hub_kiosk_line",
                            {{"name", k.name},
                             {"time", k.last_seen.empty() ? ftr(ctx, "hub_never") : clock_time(k.last_seen)},
                             {"waiting", std::to_string(k.rows_waiting)},
                             {"ballots", std::to_string(ballots)}}));
    }
    float h = ui.measure(ui.bold(), line, page.w() - m.pad * 2).y + m.pad;
    for (const std::string& l : lines) h += ui.measure(ui.body(), l, page.w() - m.pad * 2).y + m.gap * 0.3f;
    Rect box = cut_top(page, h, m.gap);
    ui.panel(box, c.notice);
    Rect inner = box.shrink(m.pad, m.pad * 0.5f);
    const bool fine = hub.connected && hub.problem.empty();
    cut_top(inner, ui.text(ui.bold(), line, inner, fine ? c.on_notice : danger_color()), m.gap * 0.3f);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const bool warning = hub.other_scenario && i == 0;
        cut_top(inner, ui.text(ui.body(), lines[i], inner, warning ? danger_color() : c.on_notice), m.gap * 0.3f);
    }
}

}  // namespace workshop::kiosk
