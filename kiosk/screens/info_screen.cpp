// info_screen.cpp — an info step: readable wrapped text (scrolled by dragging when long), Next.
#include <algorithm>

#include "chrome.h"

namespace workshop::kiosk {

Intent draw_info_screen(ScreenContext& ctx) {
    Ui& ui = ctx.ui;
    const Metrics& m = ui.m();
    Rect page = page_rect(ui);
    Intent intent;

    // After confirm (a closing step) there is no way back to the stored choices.
    const bool back = !ctx.turn || ctx.turn->can_go_back();
    const FooterTaps taps = draw_footer(ctx, page, ctx.tr("next") + " →", true, {}, back);
    if (taps.back) intent = Intent::of(IntentKind::back);
    if (taps.next) intent = Intent::of(IntentKind::next);

    // About 60 characters per line reads best; wider screens get wider margins, not longer lines.
    Rect column = page.centered_width(std::min(page.w(), m.body * 32));
    draw_step_header(ctx, column);
    const std::string& body = ctx.local(ctx.step->body);
    const float content_h = ui.measure(ui.body(), body, column.w()).y + m.gap;
    float& scroll = ctx.memory.scroll["info/" + ctx.step->id];
    ui.begin_scroll("info", column, content_h, scroll);
    Rect text_box = column.offset(0, -scroll);
    text_box.max.y = text_box.min.y + content_h;
    ui.text(ui.body(), body, text_box, ui.colors().text);
    ui.end_scroll(column, content_h, scroll);
    return intent;
}

}  // namespace workshop::kiosk
