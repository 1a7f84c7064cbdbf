// exchange.h — ballots and ideas in and out of the store as CSV files (cli-and-data.md).
//
// `workshop import`, `workshop synth`, `workshop export` and Session::export_csv all go through
// here, so a ballot from a file is checked exactly like one from the screen (check_ballot), and
// every export has the same shape.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "workshop/ballot.h"
#include "workshop/diagnostic.h"
#include "workshop/result.h"
#include "workshop/scenario.h"
#include "workshop/session.h"
#include "workshop/store.h"

namespace workshop {

// --- export ---------------------------------------------------------------------------------

// Writes results.csv, ballots.csv and ideas.csv of `session` into `dir` (created if missing;
// refused when it is a symbolic link) from one consistent snapshot. Each file is written to a
// new temporary file in the folder (O_EXCL | O_NOFOLLOW), flushed to disk, and renamed only when
// all three are complete: a failure leaves no new or half file behind, and nothing is ever
// written through a link. ballots.csv lists the ballots by step (file order), then by
// export_ballot_key, then mark by mark: an order unrelated to voting.
Outcome<ExportReport> export_session(Store& store, std::int64_t session, const Scenario& scenario,
                                     const std::string& dir, const CsvStyle& style = {},
                                     const ExportOptions& options = {});

// The order of ballots in ballots.csv within a step: the first 8 bytes of
// SHA-256("SESSION:BALLOT") as a big-endian number (ties: by the rows' text). Stable across
// round trips, and unrelated to when a ballot was cast.
std::uint64_t export_ballot_key(std::int64_t session, std::string_view ballot);

// --- export folders: never through a symbolic link ------------------------------------------

// Makes a new, empty folder `name` inside `parent` (parent created when missing, refused when it
// is a link). mkdir never follows a link: when anything of that name exists (an earlier export,
// a file, a planted link) it takes name_2, name_3, ... Returns the new folder's path.
Outcome<std::string> make_export_folder(const std::string& parent, const std::string& name);
// Opens a new file `name` (no slashes) for writing in the export folder `dir`: the folder must
// not be a link and the file must not exist yet (openat with O_CREAT | O_EXCL | O_NOFOLLOW), so
// nothing outside the folder is ever written. Returns the file descriptor; the caller closes it
// (fdopen it for stdio). For every file an export adds (report.pdf, results.xlsx, ...).
Outcome<int> open_new_export_file(const std::string& dir, const std::string& name);
// strerror(err), but a full disk (ENOSPC, EDQUOT) is named as a full disk, for messages.
std::string io_error_text(int err);

// The valid ballots of `session` in the order and form ballots.csv lists them; every other
// listing of ballots (the workbook's ballots sheet) goes through here so that they all follow
// the same rule. `each` may move from the ballot; it returns false to stop.
// Times are cut to the quarter hour unless `options.exact_times`.
Status for_each_exported_ballot(Store& store, std::int64_t session, const Scenario& scenario,
                                const ExportOptions& options, const std::function<bool(Ballot&)>& each);

// --- import ---------------------------------------------------------------------------------

// Ballots and ideas read from files (or made by synth), before they are checked against the
// session. `line` is where the entry starts in its file (0 for generated ones).
struct BallotBatch {
    struct BallotEntry {
        Ballot ballot;
        int line = 0;
        // The line of each mark when its rows are not one after another from `line` (read_ballots_csv
        // fills it only then: most files give a ballot's rows together, and it saves memory).
        std::vector<int> mark_lines;
        bool incomplete = false;  // a row of this ballot was unreadable: skip its rule checks
        // Where mark `k` was read (`line` for a batch made in code).
        int mark_line(std::size_t k) const {
            if (k < mark_lines.size()) return mark_lines[k];
            return line > 0 ? line + static_cast<int>(k) : line;
        }
    };
    struct IdeaEntry {
        Idea idea;
        int line = 0;
    };
    std::string ballots_file;  // names used in messages
    std::string ideas_file;
    std::vector<BallotEntry> ballots;
    std::vector<IdeaEntry> ideas;
    // The session the rows came from (the `session` column of an export, when all rows agree),
    // or 0: a session created for them takes this number when it is free, so that an export
    // imported into an empty database exports again to the same files.
    std::int64_t session_hint = 0;
};

// Reads a ballots file (columns by name: ballot, step, option, value required; role, lang,
// cast_at, kiosk optional; others ignored) into `batch`. Rows of one ballot id and step form
// one Ballot. Returns every problem of the file as `FILE:LINE: error: MESSAGE`.
Diagnostics read_ballots_csv(std::string_view data, const Scenario& scenario, BallotBatch& batch);
// Reads an ideas file (step, idea, text required; lang, submitted_at, hidden optional).
Diagnostics read_ideas_csv(std::string_view data, const Scenario& scenario, BallotBatch& batch);

struct RecordOptions {
    std::int64_t session = 0;  // 0: the newest session of this scenario file, created when none
    BallotSource source = BallotSource::import;
    std::string kiosk;  // for ballots and ideas that name none (default: this host's name)
    // Called now and then while writing (done, total): for a progress display.
    std::function<void(std::size_t, std::size_t)> progress;
    // Check everything, write nothing (for reporting every problem of files that also have
    // unreadable rows): the outcome's `rejected` lists the rule violations.
    bool check_only = false;
    // Ballots for a closed step or an ended session are refused unless this is set (paper
    // ballots a facilitator types in after the session: `workshop import --allow-closed`).
    bool allow_closed = false;
};

struct ImportReport {
    std::int64_t session = 0;
    bool created_session = false;
    std::size_t ballots_recorded = 0;
    std::size_t ballots_already = 0;  // same ballot id and step already in the session
    std::size_t visits_recorded = 0;
    std::size_t ideas_recorded = 0;
    std::size_t ideas_already = 0;
};

struct ImportOutcome {
    Diagnostics rejected;  // the input is wrong: nothing was written
    Status status;         // the database failed: nothing was written
    ImportReport report;
    bool ok() const { return rejected.empty() && status.ok; }
};

// Checks every idea and ballot of `batch` (check_idea_text, check_ballot, ids already in the
// session) and records them all in one transaction, or nothing. A ballot already in the
// session with the same marks is skipped; with different marks it is an error.
ImportOutcome record_batch(Store& store, const Scenario& scenario, const BallotBatch& batch,
                           const RecordOptions& options = {});

// This machine's name, the default kiosk id.
std::string host_name();

}  // namespace workshop
