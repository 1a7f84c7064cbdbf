// results_screen.h — drawing a step's results (ImDrawList only): horizontal bars sorted by score
// with the label and the number on the bar (dot votes, approvals), a ranked list with points and
// "ranked first N times" (rankings), and the breakdown per role. The participant results screen
// uses it, and so can the facilitator's "reveal".
#pragma once

#include "screens.h"

namespace workshop::kiosk {

// Draws the results of `step` into `area`, scrolled by dragging (`scroll` is the caller's state).
void draw_step_results(ScreenContext& ctx, const Step& step, const Rect& area, float& scroll);

}  // namespace workshop::kiosk
