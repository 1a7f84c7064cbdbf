// facilitator_hub_panel.h — the hub on the facilitator's home screen: connected or not, last
// sync, rows waiting, every kiosk of the session, and why this kiosk cannot join (hub.md).
#pragma once

#include "screens.h"

namespace workshop::kiosk {

// Draws the panel at the top of `page` (and takes its height); nothing without a hub.
void draw_hub_panel(ScreenContext& ctx, Rect& page);

}  // namespace workshop::kiosk
