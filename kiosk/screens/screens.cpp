#include "screens.h"

#include <array>
#include <cstdlib>

namespace workshop::kiosk {

namespace {

// THE table of screens. Facilitator mode adds its rows here (see screens.h).
constexpr std::array kScreens = {
    ScreenEntry{ScreenId::attract, Mode::participant, "attract", draw_attract_screen},
    ScreenEntry{ScreenId::language, Mode::participant, "language", draw_language_screen},
    ScreenEntry{ScreenId::role, Mode::participant, "role", draw_role_screen},
    ScreenEntry{ScreenId::info, Mode::participant, "info", draw_info_screen},
    ScreenEntry{ScreenId::dot_vote, Mode::participant, "dot_vote", draw_dot_vote_screen},
    ScreenEntry{ScreenId::ranking, Mode::participant, "ranking", draw_ranking_screen},
    ScreenEntry{ScreenId::idea_vote, Mode::participant, "idea_vote", draw_idea_vote_screen},
    ScreenEntry{ScreenId::review, Mode::participant, "review", draw_review_screen},
    ScreenEntry{ScreenId::thanks, Mode::participant, "thanks", draw_thanks_screen},
    ScreenEntry{ScreenId::save_failed, Mode::participant, "save_failed", draw_save_failed_screen},
    ScreenEntry{ScreenId::paused, Mode::participant, "paused", draw_paused_screen},
    ScreenEntry{ScreenId::results, Mode::participant, "results", draw_results_screen},
    ScreenEntry{ScreenId::startup_error, Mode::participant, "startup_error", draw_startup_error_screen},
    ScreenEntry{ScreenId::wait_for_facilitator, Mode::participant, "wait_for_facilitator", draw_wait_for_facilitator_screen},
    ScreenEntry{ScreenId::facilitator_pin, Mode::facilitator, "facilitator_pin", draw_facilitator_pin_screen},
    ScreenEntry{ScreenId::facilitator_home, Mode::facilitator, "facilitator_home", draw_facilitator_home_screen},
    ScreenEntry{ScreenId::facilitator_ideas, Mode::facilitator, "facilitator_ideas", draw_facilitator_ideas_screen},
    ScreenEntry{ScreenId::facilitator_scenarios, Mode::facilitator, "facilitator_scenarios", draw_facilitator_scenarios_screen},
    ScreenEntry{ScreenId::facilitator_export, Mode::facilitator, "facilitator_export", draw_facilitator_export_screen},
    ScreenEntry{ScreenId::facilitator_confirm, Mode::facilitator, "facilitator_confirm", draw_facilitator_confirm_screen},
};

}  // namespace

std::span<const ScreenEntry> all_screens() { return kScreens; }

const ScreenEntry& screen_entry(ScreenId id) {
    for (const ScreenEntry& e : kScreens)
        if (e.id == id) return e;
    std::abort();  // a ScreenId without a row in the table is a programming mistake
}

bool shows_dots(const Step& step) { return step.type == StepType::dot_vote && step.dots > 1 && step.max_per_option != 1; }

ImU32 ScreenContext::option_color(const Step& s, std::size_t index) const {
    if (index < s.options.size()) {
        ImU32 c = 0;
        // A scenario's own colour carries text ("+", a result's number): kept readable.
        if (!s.options[index].color.empty() && parse_color(s.options[index].color, c))
            return readable_fill(c, ui.colors().min_contrast);
    }
    const auto& palette = ui.colors().options;
    return palette.empty() ? ui.colors().primary : palette[index % palette.size()];
}

}  // namespace workshop::kiosk
