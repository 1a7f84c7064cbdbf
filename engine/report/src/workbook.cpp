// workbook.cpp — the session as one .xlsx workbook (libxlsxwriter).
//
// Text always goes in as a string (worksheet_write_string, or SheetRows' inline and shared
// strings for the ballots sheets): a text that looks like a formula stays text and no formula
// guard is needed (unlike the CSV files). The workbook is written in constant-memory mode (row
// by row to temporary files), so the ballots sheets of a large session do not grow memory.
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>
#include <unordered_map>

#include "files.h"
#include "sheet_rows.h"
#include "texts.h"
#include "workbook.h"
#include "zip_level.h"
#include "workshop/report.h"
#include "workshop/utf8.h"

namespace workshop {

namespace {

constexpr lxw_row_t excel_rows = 1048576;  // rows per sheet, header included

// Excel sheet names: at most 31 characters, none of []:*?/\, not starting or ending with an
// apostrophe, unique without regard to case.
class SheetNames {
public:
    std::string make(const std::string& wanted) {
        std::string base;
        int chars = 0;
        for (std::size_t i = 0; i < wanted.size() && chars < 31;) {
            const std::size_t len = decode_utf8_at(wanted, i).length;
            const std::string piece = wanted.substr(i, len);
            base += std::string("[]:*?/\\").find(wanted[i]) != std::string::npos ? "_" : piece;
            i += len;
            ++chars;
        }
        while (!base.empty() && base.front() == '\'') base.erase(base.begin());
        while (!base.empty() && base.back() == '\'') base.pop_back();
        if (base.empty()) base = "sheet";
        std::string name = base;
        for (int n = 2; !m_taken.insert(folded(name)).second; ++n) {
            std::string suffix = "~";
            suffix += std::to_string(n);
            name = cut(base, 31 - static_cast<int>(suffix.size())) + suffix;
        }
        return name;
    }

private:
    static std::string folded(std::string s) {
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        return s;
    }
    static std::string cut(const std::string& s, int chars) {
        return s.substr(0, utf8_prefix_bytes(s, static_cast<std::size_t>(chars)));
    }
    std::set<std::string> m_taken;
};

struct Book {
    lxw_workbook* wb = nullptr;
    lxw_format* header = nullptr;
    SheetNames names;
    std::string language;  // labels in the scenario's default language, as results.csv has them

    lxw_worksheet* sheet(const std::string& wanted, const std::vector<std::pair<std::string, double>>& columns) {
        lxw_worksheet* ws = workbook_add_worksheet(wb, names.make(wanted).c_str());
        for (std::size_t c = 0; c < columns.size(); ++c) {
            worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), columns[c].first.c_str(), header);
            worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), columns[c].second, nullptr);
        }
        worksheet_freeze_panes(ws, 1, 0);
        return ws;
    }
};

void text_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, const std::string& text) {
    if (!text.empty()) worksheet_write_string(ws, r, c, text.c_str(), nullptr);
}
void number_cell(lxw_worksheet* ws, lxw_row_t r, lxw_col_t c, double n) { worksheet_write_number(ws, r, c, n, nullptr); }

std::vector<std::pair<std::string, double>> step_columns(const Step& step) {
    std::vector<std::pair<std::string, double>> columns = {{"position", 9}, {"option", 16}, {"label", 48},
                                                           {"score", 9}, {"ballots", 9}};
    if (step.type == StepType::ranking) columns.push_back({"first_choices", 13});
    return columns;
}

// A step's results and a native bar chart of its scores. Step ids are slugs; the other sheets'
// names have a space, so they never clash with a step's.
void step_sheet(Book& book, lxw_worksheet* ws, const SessionSummary& summary, const StepSummary& s) {
    const Step& step = summary.step_of(s);
    const bool ranking = step.type == StepType::ranking;
    lxw_row_t r = 1;
    for (const ResultRow& row : s.total.rows) {
        number_cell(ws, r, 0, row.position);
        text_cell(ws, r, 1, row.option);
        text_cell(ws, r, 2, report::local(row.label, book.language, summary.scenario));
        number_cell(ws, r, 3, static_cast<double>(row.score));
        number_cell(ws, r, 4, s.total.ballots);
        if (ranking) number_cell(ws, r, 5, row.first_choices);
        ++r;
    }
    if (s.total.rows.empty()) return;
    lxw_chart* chart = workbook_add_chart(book.wb, LXW_CHART_BAR);
    lxw_chart_series* series = chart_add_series(chart, nullptr, nullptr);
    const char* name = ws->name;
    chart_series_set_categories(series, name, 1, 2, r - 1, 2);
    chart_series_set_values(series, name, 1, 3, r - 1, 3);
    chart_series_set_name(series, "score");
    chart_title_set_name(chart, report::local(step.title, book.language, summary.scenario).c_str());
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    chart_axis_set_reverse(chart->y_axis);  // the first position at the top, as in the table
    lxw_chart_options where{};
    where.x_scale = 1.6;
    where.y_scale = std::max(1.0, 0.2 + 0.08 * static_cast<double>(s.total.rows.size()));
    worksheet_insert_chart_opt(ws, 1, 7, chart, &where);
}

void roles_sheet(Book& book, lxw_worksheet* ws, const SessionSummary& summary) {
    lxw_row_t r = 1;
    for (const StepSummary& s : summary.steps)
        for (const RoleGroup& group : s.groups) {
            std::string name = group.other_groups ? "(other groups) " : "";
            for (std::size_t i = 0; i < group.roles.size(); ++i)
                name += (i ? ", " : "") + (group.roles[i].empty() ? std::string("(no role)") : group.roles[i]);
            for (const ResultRow& row : group.result.rows) {
                text_cell(ws, r, 0, summary.step_of(s).id);
                text_cell(ws, r, 1, name);
                number_cell(ws, r, 2, group.result.ballots);
                text_cell(ws, r, 3, row.option);
                text_cell(ws, r, 4, report::local(row.label, book.language, summary.scenario));
                number_cell(ws, r, 5, static_cast<double>(row.score));
                number_cell(ws, r, 6, row.position);
                ++r;
            }
        }
}

void ideas_sheet(lxw_worksheet* ws, const SessionSummary& summary) {
    lxw_row_t r = 1;
    for (const Idea& idea : summary.ideas) {
        number_cell(ws, r, 0, static_cast<double>(summary.session));
        text_cell(ws, r, 1, idea.step);
        text_cell(ws, r, 2, idea.id);
        text_cell(ws, r, 3, idea.text);
        text_cell(ws, r, 4, idea.language);
        text_cell(ws, r, 5, idea.submitted_at);
        number_cell(ws, r, 6, idea.hidden ? 1 : 0);
        ++r;
    }
}

// A step's ballots, one row per ballot and one column per option (its value: dots, rank or
// votes), in the order of ballots.csv: the same marks as its rows, without repeating a ballot's
// role, language, time and kiosk on every mark (a fifth of the cells, and of the time).
constexpr lxw_col_t ballot_columns = 5;  // ballot, role, lang, cast_at, kiosk; then the options
constexpr lxw_col_t excel_columns = 16384;

class BallotSheets {
public:
    BallotSheets(Book& book, const std::vector<Idea>& ideas) : m_book(book), m_ideas(ideas) {}

    // The sheets of every voting step, made now for the tab order; refused when a step has more
    // options than a sheet has columns (nothing would be dropped silently).
    Status make(const Scenario& scenario) {
        for (const Step& step : scenario.steps)
            if (step.takes_ballots()) {
                if (Status made = add(step.id, options_of(step)); !made) return made;
            }
        return Status::success();
    }

    Status write(const Ballot& ballot) {
        auto found = m_index.find(ballot.step);
        if (found == m_index.end()) {  // a step the scenario does not have: its own sheet
            if (Status made = add(ballot.step, {}); !made) return made;
            found = m_index.find(ballot.step);
        }
        Listing& listing = m_listings[found->second];
        if (listing.row == excel_rows) {  // full: the step continues on a new sheet ("~2")
            if (Status flushed = flush(listing); !flushed) return flushed;
            m_filled.push_back(std::move(listing.rows));  // kept until the workbook is closed
            if (Status made = start_sheet(listing); !made) return made;
        }
        report::SheetRows& rows = *listing.rows;
        rows.start(listing.row++);
        rows.text(0, ballot.visit);
        rows.repeated_text(1, ballot.role);
        rows.repeated_text(2, ballot.language);
        rows.repeated_text(3, ballot.cast_at);
        rows.repeated_text(4, ballot.kiosk);
        std::string other;
        for (const Mark& mark : ballot.marks) {
            const auto column = listing.columns.find(mark.option);
            // An option the scenario does not list (an edited file), or a second mark for the
            // same option: kept as text.
            if (column == listing.columns.end() || !rows.number(column->second, mark.value)) {
                if (!other.empty()) other += "; ";
                other += mark.option;
                other += '=';
                other += std::to_string(mark.value);
            }
        }
        rows.text(listing.other_column, other);
        rows.end();
        return Status::success();
    }

    // Hands every sheet's last rows to libxlsxwriter; before workbook_close.
    Status finish() {
        for (Listing& listing : m_listings)
            if (Status flushed = flush(listing); !flushed) return flushed;
        return Status::success();
    }

private:
    struct Listing {
        std::string step;
        std::vector<std::pair<std::string, double>> header;  // names and widths
        std::unordered_map<std::string, lxw_col_t> columns;  // option id -> column
        lxw_col_t other_column = 0;
        std::unique_ptr<report::SheetRows> rows;  // the current sheet's
        lxw_row_t row = 1;
    };

    Status start_sheet(Listing& listing) {
        lxw_worksheet* ws = m_book.sheet("ballots " + listing.step, listing.header);
        listing.rows = std::make_unique<report::SheetRows>(ws, static_cast<lxw_col_t>(listing.header.size()));
        listing.row = 1;
        if (!listing.rows->usable())
            return Status::failure("cannot write the workbook: libxlsxwriter keeps no row file for the sheet ballots " +
                                   listing.step);
        return Status::success();
    }

    static Status flush(Listing& listing) {
        if (listing.rows && !listing.rows->flush())
            return Status::failure("cannot write the workbook: a temporary file refused the ballots of " + listing.step);
        return Status::success();
    }

    // The step's options, then (idea vote) every idea collected for it, hidden ones too (their
    // ids are in ballots.csv; their text is not shown here).
    std::vector<std::string> options_of(const Step& step) const {
        std::vector<std::string> ids;
        for (const Option& option : step.options) ids.push_back(option.id);
        if (step.type == StepType::idea_vote)
            for (const Idea& idea : m_ideas)
                if (idea.step.empty() || idea.step == step.id) ids.push_back(idea.id);
        return ids;
    }

    Status add(const std::string& step, const std::vector<std::string>& options) {
        Listing listing;
        listing.step = step;
        listing.header = {{"ballot", 24}, {"role", 14}, {"lang", 6}, {"cast_at", 22}, {"kiosk", 14}};
        for (const std::string& option : options)
            if (listing.columns.emplace(option, static_cast<lxw_col_t>(listing.header.size())).second)
                listing.header.push_back({option, 9});
        listing.other_column = static_cast<lxw_col_t>(listing.header.size());
        listing.header.push_back({"other marks", 16});
        if (listing.header.size() > excel_columns)
            return Status::failure("the step " + step + " has " + std::to_string(options.size()) +
                                   " options: more than the " + std::to_string(excel_columns - ballot_columns - 1) +
                                   " columns a ballots sheet can hold; use the CSV export (ballots.csv)");
        if (Status started = start_sheet(listing); !started) return started;
        m_index.emplace(step, m_listings.size());
        m_listings.push_back(std::move(listing));
        return Status::success();
    }

    Book& m_book;
    const std::vector<Idea>& m_ideas;
    std::vector<Listing> m_listings;
    std::vector<std::unique_ptr<report::SheetRows>> m_filled;  // full sheets' (sheet_rows.h)
    std::unordered_map<std::string, std::size_t> m_index;  // step id -> m_listings
};

}  // namespace

namespace report {

Status write_workbook_in_one_pass(const Scenario& scenario, const std::vector<Idea>& ideas, const BallotStream& ballots,
                                  const std::function<const SessionSummary&()>& summary, const std::string& path) {
    PendingPath file(path);
    if (Status opened = file.open(); !opened) return opened;
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    Book book;
    book.wb = workbook_new_opt(file.temp().c_str(), &options);
    if (!book.wb) return Status::failure("cannot write " + path + ": the workbook could not be started");
    book.header = workbook_add_format(book.wb);
    format_set_bold(book.header);
    book.language = scenario.default_language();
    // Every sheet is made first, for the tab order; in constant-memory mode each is written to
    // its own file, so the ballots sheets can be filled before the sheets that show their tally.
    std::vector<lxw_worksheet*> step_sheets;
    for (const Step& step : scenario.steps)
        if (step.takes_ballots()) step_sheets.push_back(book.sheet(step.id, step_columns(step)));
    lxw_worksheet* roles = book.sheet("per group", {{"step", 16}, {"group", 28}, {"ballots", 9}, {"option", 16},
                                                    {"label", 48}, {"score", 9}, {"position", 9}});
    lxw_worksheet* all_ideas = book.sheet("all ideas", {{"session", 9}, {"step", 16}, {"idea", 12}, {"text", 70},
                                                             {"lang", 6}, {"submitted_at", 22}, {"hidden", 8}});
    BallotSheets listings(book, ideas);  // outlives workbook_close (sheet_rows.h)
    Status streamed = listings.make(scenario);
    if (streamed) {
        Status written;
        streamed = ballots([&](Ballot& ballot) {
            written = listings.write(ballot);
            return written.ok;
        });
        if (!written) streamed = written;
        if (streamed) streamed = listings.finish();
    }
    if (streamed) {
        const SessionSummary& made = summary();
        for (std::size_t i = 0; i < made.steps.size() && i < step_sheets.size(); ++i)
            step_sheet(book, step_sheets[i], made, made.steps[i]);
        roles_sheet(book, roles, made);
        ideas_sheet(all_ideas, made);
    }
    const lxw_error closed = [&] {
        const report::ZipLevel faster(2);  // zip_level.h
        return workbook_close(book.wb);    // frees the workbook in every case
    }();
    if (!streamed) return streamed;
    if (closed != LXW_NO_ERROR) return Status::failure("cannot write " + path + ": " + lxw_strerror(closed));
    return file.keep();
}

}  // namespace report

Status write_workbook(const SessionSummary& summary, const BallotStream& ballots, const std::string& path) {
    return report::write_workbook_in_one_pass(summary.scenario, summary.ideas, ballots,
                                              [&]() -> const SessionSummary& { return summary; }, path);
}

}  // namespace workshop
