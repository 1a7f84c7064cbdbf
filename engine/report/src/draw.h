// draw.h — the report's drawing pieces, shared by the PDF and the PNG charts.
//
// Everything is drawn into Blocks: a Cairo recording surface of a known width and height, made
// once and then painted wherever it lands (a PDF page, a PNG), so that the PDF and the images
// come from the same drawing code and a block is never split across pages.
#pragma once

#include <cairo.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "texts.h"
#include "workshop/report.h"

namespace workshop::report {

struct Block {
    std::shared_ptr<cairo_surface_t> surface;  // a recording surface
    double height = 0;
};

// Records what `draw` paints (from y = 0 down); `draw` returns the height it used.
Block record(const std::function<double(cairo_t*)>& draw);

// Text styles, in points.
struct Style {
    double size = 10;
    bool bold = false;
    unsigned rgb = 0x1e1e1e;
};
inline constexpr unsigned accent = 0x2f6db5;  // every bar (the PNG test looks for this colour)
inline constexpr unsigned muted = 0x5a5a5a;

// Draws `text` wrapped to `width` at (x, y); returns its height. Right-aligned when `right`.
double draw_text(cairo_t* cr, double x, double y, double width, const std::string& text, const Style& style,
                 bool right = false);
void fill_rect(cairo_t* cr, double x, double y, double w, double h, unsigned rgb);

// What a chart says, in which language, how wide.
struct ChartContext {
    const SessionSummary& summary;
    const StepSummary& step;
    std::string language;
    double width = 0;
    double scale = 1;  // text size factor (the PNGs use larger text)
};

// A step's heading: its title and prompt.
Block step_heading(const ChartContext& c);
// The step's chart as rows (bars in result order); drawn together when they fit on a page.
std::vector<Block> step_chart(const ChartContext& c);
// Schulze only: the pairwise heat table and who beats whom (else nothing).
std::vector<Block> schulze_details(const ChartContext& c);
// One plain sentence on how the method counts.
Block method_sentence(const ChartContext& c);
// The per-role small multiples (visible groups only), two to a row, and the note on small groups.
std::vector<Block> role_multiples(const ChartContext& c);
// Hidden ideas and voided ballots of the step.
Block step_footnote(const ChartContext& c);

}  // namespace workshop::report
