// report_pdf.cpp — the A4 report and the chart PNGs, laid out from Blocks (draw.h).
#include <cairo-pdf.h>

#include <algorithm>
#include <filesystem>

#include "draw.h"
#include "files.h"

namespace workshop {

namespace report {
namespace {

constexpr double page_w = 595.276, page_h = 841.890;  // A4 in points
constexpr double margin = 56.7, footer_h = 24;         // 2 cm
constexpr double content_w = page_w - 2 * margin;
constexpr double top = margin, bottom = page_h - margin - footer_h;
constexpr double block_gap = 3, unit_gap = 14;

// Blocks that belong together: kept on one page when they fit on one.
struct Unit {
    std::vector<Block> blocks;
    bool new_page = false;  // start on a fresh page
};

std::string language_of(const SessionSummary& summary, const ReportOptions& options) {
    return options.language.empty() ? summary.scenario.default_language() : options.language;
}

std::string language_name(const std::string& code) {
    if (code.empty()) return "";
    static const std::pair<const char*, const char*> names[] = {
        {"nl", "Nederlands"}, {"en", "English"}, {"uk", "Українська"}, {"ar", "العربية"}, {"fa", "فارسی"},
        {"tr", "Türkçe"},     {"pl", "Polski"},  {"ru", "Русский"},    {"so", "Soomaali"}, {"ti", "ትግርኛ"}};
    for (const auto& [c, name] : names)
        if (code == c) return name;
    return code;
}

// Title, session, date, kiosks, visits per role and language.
Unit front_matter(const SessionSummary& summary, const std::string& lang) {
    const Scenario& sc = summary.scenario;
    Unit unit;
    unit.blocks.push_back(record([&](cairo_t* cr) {
        double y = draw_text(cr, 0, 0, content_w, local(sc.title, lang, sc), {22, true});
        if (!sc.description.empty()) y += 4 + draw_text(cr, 0, y + 4, content_w, local(sc.description, lang, sc), {11, false, muted});
        return y + 10;
    }));
    const auto line = [&](const std::string& label, const std::string& value) {
        unit.blocks.push_back(record([&](cairo_t* cr) {
            const double h = draw_text(cr, 0, 0, 150, label, {10, true});
            return std::max(h, draw_text(cr, 160, 0, content_w - 160, value, {10})) + 2;
        }));
    };
    line(text(Text::session, lang, {{"n", std::to_string(summary.session)}}), "");
    line(text(Text::date, lang), summary.date);
    std::string kiosks;
    for (const std::string& k : summary.figures.kiosks) kiosks += (kiosks.empty() ? "" : ", ") + k;
    line(text(Text::kiosks, lang), kiosks);
    line(text(Text::visits, lang), std::to_string(summary.figures.visits));
    if (!sc.roles.empty()) {
        std::string roles;
        const auto add = [&](const std::string& name, const std::string& id) {
            const auto found = summary.figures.visits_by_role.find(id);
            const int n = found == summary.figures.visits_by_role.end() ? 0 : found->second;
            roles += (roles.empty() ? "" : "\n") + name + ": " + std::to_string(n);
        };
        for (const Role& role : sc.roles) add(local(role.label, lang, sc), role.id);
        if (summary.figures.visits_by_role.count("")) add(text(Text::no_role, lang), "");
        line(text(Text::by_role, lang), roles);
    }
    std::string languages;
    for (const auto& [code, n] : summary.figures.visits_by_language)
        languages += (languages.empty() ? "" : "\n") + (code.empty() ? text(Text::no_language, lang) : language_name(code)) +
                     ": " + std::to_string(n);
    line(text(Text::by_language, lang), languages);
    return unit;
}

// Which scenario file the session ran: its id and the SHA-256 of its exact text.
Block scenario_source(const SessionSummary& summary, const std::string& lang) {
    return record([&](cairo_t* cr) {
        double y = 6 + draw_text(cr, 0, 6, content_w, text(Text::scenario, lang) + ": " + summary.scenario.id, {9, false, muted});
        y += draw_text(cr, 0, y, content_w, text(Text::sha256, lang) + ": " + summary.scenario.sha256, {8, false, muted});
        return y;
    });
}

// The units of one voting step: heading with chart, Schulze details, method, per role, notes.
std::vector<Unit> step_units(const ChartContext& c) {
    std::vector<Unit> units;
    Unit chart;
    chart.blocks.push_back(step_heading(c));
    for (Block& b : step_chart(c)) chart.blocks.push_back(std::move(b));
    chart.blocks.push_back(method_sentence(c));
    for (Block& b : schulze_details(c)) chart.blocks.push_back(std::move(b));  // with its step when it fits
    units.push_back(std::move(chart));
    if (std::vector<Block> roles = role_multiples(c); !roles.empty()) units.push_back({std::move(roles)});
    units.back().blocks.push_back(step_footnote(c));  // the notes stay with what they are about
    return units;
}

// Which page each block goes on: a unit that fits on a page is never split.
struct Placed {
    const Block* block;
    int page;
    double y;
};
std::vector<Placed> paginate(const std::vector<Unit>& units, int& pages) {
    std::vector<Placed> placed;
    int page = 0;
    double y = top;
    for (const Unit& unit : units) {
        double height = 0;
        for (const Block& b : unit.blocks) height += b.height + block_gap;
        if ((unit.new_page && y > top) || (height <= bottom - top && y + height > bottom)) {
            ++page;
            y = top;
        }
        for (const Block& b : unit.blocks) {
            if (y + b.height > bottom && y > top) {  // a unit taller than a page breaks between blocks
                ++page;
                y = top;
            }
            placed.push_back({&b, page, y});
            y += b.height + block_gap;
        }
        y += unit_gap;
    }
    pages = page + 1;
    return placed;
}

void paint(cairo_t* cr, const Block& block, double x, double y) {
    cairo_save(cr);
    cairo_translate(cr, x, y);
    cairo_set_source_surface(cr, block.surface.get(), 0, 0);
    cairo_paint(cr);
    cairo_restore(cr);
}

Status cairo_failure(cairo_status_t status, const std::string& path) {
    return Status::failure("cannot write " + path + ": " + cairo_status_to_string(status));
}

}  // namespace
}  // namespace report

Status write_report_pdf(const SessionSummary& summary, const std::string& path, const ReportOptions& options) {
    using namespace report;
    const std::string lang = language_of(summary, options);
    std::vector<Unit> units;
    units.push_back(front_matter(summary, lang));
    units.back().blocks.push_back(scenario_source(summary, lang));
    for (const StepSummary& step : summary.steps) {
        std::vector<Unit> more = step_units({summary, step, lang, content_w, 1});
        more.front().new_page = false;
        for (Unit& u : more) units.push_back(std::move(u));
    }
    int pages = 0;
    const std::vector<Placed> placed = paginate(units, pages);

    PendingPath file(path);
    if (Status opened = file.open(); !opened) return opened;
    cairo_surface_t* surface = cairo_pdf_surface_create(file.temp().c_str(), page_w, page_h);
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, local(summary.scenario.title, lang, summary.scenario).c_str());
    cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "workshop report");
    cairo_t* cr = cairo_create(surface);
    std::size_t next = 0;
    for (int page = 0; page < pages; ++page) {
        for (; next < placed.size() && placed[next].page == page; ++next) paint(cr, *placed[next].block, margin, placed[next].y);
        const std::string footer = local(summary.scenario.title, lang, summary.scenario) + " · " +
                                   text(Text::page, lang, {{"n", std::to_string(page + 1)}, {"of", std::to_string(pages)}});
        draw_text(cr, margin, page_h - margin - 10, content_w, footer, {8, false, muted}, true);
        cairo_show_page(cr);
    }
    cairo_destroy(cr);
    cairo_surface_finish(surface);
    const cairo_status_t status = cairo_surface_status(surface);
    cairo_surface_destroy(surface);
    if (status != CAIRO_STATUS_SUCCESS) return cairo_failure(status, path);
    return file.keep();
}

Outcome<std::vector<std::string>> write_chart_pngs(const SessionSummary& summary, const std::string& dir,
                                                   const ReportOptions& options) {
    using namespace report;
    const std::string lang = language_of(summary, options);
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec || !std::filesystem::is_directory(dir, ec))
        return Status::failure("cannot create the folder " + dir + ": " + (ec ? ec.message() : "a file has that name"));
    struct Format {
        const char* suffix;
        int w, h;
        double layout_w;  // the chart is laid out this wide, then scaled to the image
    };
    std::vector<std::string> written;
    for (const StepSummary& step : summary.steps)
        for (const Format f : {Format{"wide", 1920, 1080, 760}, Format{"square", 1080, 1080, 520}}) {
            const ChartContext c{summary, step, lang, f.layout_w, 1};
            std::vector<Block> blocks{step_heading(c)};
            for (Block& b : step_chart(c)) blocks.push_back(std::move(b));
            double height = 0;
            for (const Block& b : blocks) height += b.height + block_gap;
            const double pad = 0.05 * f.h;
            const double k = std::min((f.w - 2 * pad) / f.layout_w, (f.h - 2 * pad) / std::max(height, 1.0));
            cairo_surface_t* surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, f.w, f.h);
            cairo_t* cr = cairo_create(surface);
            cairo_set_source_rgb(cr, 1, 1, 1);
            cairo_paint(cr);
            cairo_translate(cr, (f.w - f.layout_w * k) / 2, std::max(pad, (f.h - height * k) / 2));  // centred
            cairo_scale(cr, k, k);
            double y = 0;
            for (const Block& b : blocks) {
                paint(cr, b, 0, y);
                y += b.height + block_gap;
            }
            cairo_destroy(cr);
            const std::string path = dir + "/" + summary.scenario.steps[step.step].id + "-" + f.suffix + ".png";
            PendingPath file(path);
            Status opened = file.open();
            const cairo_status_t status =
                opened ? cairo_surface_write_to_png(surface, file.temp().c_str()) : CAIRO_STATUS_SUCCESS;
            cairo_surface_destroy(surface);
            if (!opened) return opened;
            if (status != CAIRO_STATUS_SUCCESS) return cairo_failure(status, path);
            if (Status kept = file.keep(); !kept) return kept;
            written.push_back(path);
        }
    return written;
}

}  // namespace workshop
