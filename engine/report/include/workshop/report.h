// report.h — results people take home: an A4 PDF report, chart images and an Excel workbook.
//
// A separate library (workshop::report, Cairo + Pango + libxlsxwriter) that the `workshop`
// command and the kiosk link; an embedder who does not want those libraries links only
// workshop::engine. Everything here works on a SessionSummary, an in-memory model of one session
// (scenario, tallies, per-role groups, counts), so a source other than the SQLite store can feed
// it: make a SummaryBuilder and add its ballots one at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "workshop/ballot.h"
#include "workshop/result.h"
#include "workshop/scenario.h"
#include "workshop/session.h"
#include "workshop/store.h"
#include "workshop/tally.h"

namespace workshop {

// One voting step's results: the totals over every valid ballot, and the role groups that may
// be shown (visible_role_groups with the scenario's min_group_size).
struct StepSummary {
    std::size_t step = 0;  // index into SessionSummary::scenario.steps
    StepResult total;
    std::vector<RoleGroup> groups;
    int hidden_ideas = 0;    // collected ideas the facilitator hid (their text is never shown)
    int voided_ballots = 0;  // ballots undone by the facilitator (not counted)
};

struct SessionSummary {
    Scenario scenario;
    std::int64_t session = 0;
    std::string date;           // YYYY-MM-DD of the first ballot (else of the session)
    SessionFigures figures;     // visits per role and language, kiosks, voids
    std::vector<Idea> ideas;    // every collected idea, hidden ones flagged
    std::vector<StepSummary> steps;  // the voting steps, in file order

    const Step& step_of(const StepSummary& s) const { return scenario.steps[s.step]; }
};

// Builds a SessionSummary from ballots given one at a time (never holding them).
class SummaryBuilder {
public:
    SummaryBuilder(Scenario scenario, std::vector<Idea> ideas, SessionFigures figures);
    ~SummaryBuilder();
    SummaryBuilder(const SummaryBuilder&) = delete;
    SummaryBuilder& operator=(const SummaryBuilder&) = delete;
    void add(const Ballot& ballot);  // a valid ballot; one of a step the scenario lacks is ignored
    SessionSummary finish(std::int64_t session, std::string date);  // once, at the end

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// The summary of a stored session. Call it inside a Store::Transaction (a read snapshot), also
// around whatever else is written from the same session, so that all of it agrees.
Outcome<SessionSummary> summarize_session(Store& store, std::int64_t session, const Scenario& scenario,
                                          const std::string& created_at);

// --- the PDF report and the chart images -----------------------------------------------------

// The languages the report's own texts exist in; another falls back to English.
const std::vector<std::string>& report_languages();

struct ReportOptions {
    std::string language;  // for the report's texts and the scenario's; "" = the scenario's default
};

// Writes the A4 report to `path` (through a temporary file: complete or not at all).
Status write_report_pdf(const SessionSummary& summary, const std::string& path, const ReportOptions& options = {});

// Writes each voting step's chart as STEP-wide.png (1920×1080) and STEP-square.png (1080×1080)
// into `dir` (created if missing), drawn by the same code as the report; returns the files.
Outcome<std::vector<std::string>> write_chart_pngs(const SessionSummary& summary, const std::string& dir,
                                                   const ReportOptions& options = {});

// --- the workbook ----------------------------------------------------------------------------

// Streams ballots in the order a listing shows them (for_each_exported_ballot for a store).
using BallotStream = std::function<Status(const std::function<bool(Ballot&)>& each)>;

// Writes one .xlsx workbook: a sheet per voting step (results and a native bar chart), a
// per-role sheet (only groups visible_role_groups allows), the ideas and the ballots. Text is
// written as text (never a formula), numbers as numbers.
Status write_workbook(const SessionSummary& summary, const BallotStream& ballots, const std::string& path);

// --- from a store --------------------------------------------------------------------------

// The workbook of a stored session from one read snapshot (results and ballots sheet agree),
// its ballots listed as ballots.csv lists them (for_each_exported_ballot).
Status write_session_workbook(Store& store, std::int64_t session, const Scenario& scenario,
                              const std::string& created_at, const std::string& path,
                              const ExportOptions& options = {});

// What a facilitator takes home beside the CSV files: DIR/report.pdf (in `language`) and
// DIR/results.xlsx; returns the files written.
Outcome<std::vector<std::string>> write_take_home(Store& store, std::int64_t session, const Scenario& scenario,
                                                  const std::string& dir, const std::string& language);
// The same for a running Session (a front-end's export button), read on its own connection.
Outcome<std::vector<std::string>> write_take_home(Session& session, const std::string& dir, const std::string& language);

}  // namespace workshop
