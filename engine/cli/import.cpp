// workshop import — paper ballots, or another kiosk's export, recorded through the engine.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>

#include "cli_util.h"
#include "commands.h"
#include "workshop/exchange.h"

namespace workshop::cli {

namespace {

const char* const usage =
    "usage: workshop import --db DB --scenario FILE [--session ID] [--allow-closed] BALLOTS.csv [IDEAS.csv]\n"
    "\n"
    "Records the ballots of BALLOTS.csv (and the ideas of IDEAS.csv) in DB, checked by the same\n"
    "rules as a ballot cast at the kiosk. All or nothing: one bad row rejects the whole import,\n"
    "every problem reported as FILE:LINE: error: MESSAGE, and the database stays as it was.\n"
    "A ballot id already recorded for a step is not recorded again, so importing the same file\n"
    "twice changes nothing.\n"
    "\n"
    "  --db DB          the database file (created when missing)\n"
    "  --scenario FILE  the scenario the ballots were cast under\n"
    "  --session ID     the session to add to (default: the newest session of this scenario\n"
    "                   file, a new one when there is none)\n"
    "  --allow-closed   also record ballots for a closed step or an ended session (paper\n"
    "                   ballots typed in afterwards); without it they are refused\n"
    "  BALLOTS.csv      columns ballot, step, option, value; optional role, lang, cast_at, kiosk\n"
    "  IDEAS.csv        columns step, idea, text; optional lang, submitted_at, hidden\n"
    "\n"
    "Exit status: 0 recorded (or nothing new), 1 rejected input (nothing written), 2 usage,\n"
    "I/O or database errors.\n";

bool exists(const std::string& path) {
    struct stat info {};
    return ::stat(path.c_str(), &info) == 0;
}

// A database file this import created and then wrote nothing to is removed again.
void remove_created(const std::string& db) {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) ::unlink((db + suffix).c_str());
}

// The ballots file and the optional ideas file read into `batch`: their problems in `errors`,
// a failure when a file cannot be read at all. The files' bytes are freed before the database's turn.
Status read_files(const Scenario& scenario, BallotBatch& batch, Diagnostics& errors) {
    auto ballots_data = FileBytes::read(batch.ballots_file);
    if (!ballots_data) return ballots_data.status();
    std::optional<FileBytes> ideas_data;
    if (!batch.ideas_file.empty()) {
        auto read = FileBytes::read(batch.ideas_file);
        if (!read) return read.status();
        ideas_data.emplace(std::move(*read));
    }
    errors = read_ballots_csv(ballots_data->view(), scenario, batch);
    if (ideas_data) {
        Diagnostics more = read_ideas_csv(ideas_data->view(), scenario, batch);
        errors.insert(errors.end(), more.begin(), more.end());
    }
    return Status::success();
}

struct Recorded {
    ImportOutcome outcome;
    bool other_versions = false;  // sessions of this scenario id from another version of the file
    Status db_problem;
};

// The batch checked against the database and, when the files had no unreadable rows, written.
Recorded record(const std::string& db, const Scenario& scenario, const BallotBatch& batch, RecordOptions options,
                bool check_only) {
    Recorded out;
    auto store = Store::open(db, Store::OpenMode::create);
    if (!store) {
        out.db_problem = store.status();
        return out;
    }
    if (options.session == 0) {
        auto any = (*store)->has_sessions_of(scenario.id);
        auto same = (*store)->latest_session(scenario.id, scenario.sha256);
        out.other_versions = any.ok() && *any && same.ok() && !*same;
    }
    options.check_only = check_only;
    if (!options.check_only) options.progress = progress_on_terminal("importing", batch.ballots.size());
    out.outcome = record_batch(**store, scenario, batch, options);
    return out;
}

// Every problem on stderr in file order: the ballots file, then the ideas file, each by line; a
// problem found both while reading and while checking is told once.
int tell_rejected(const char* command, Diagnostics errors, const BallotBatch& batch) {
    std::stable_sort(errors.begin(), errors.end(), [&](const Diagnostic& a, const Diagnostic& b) {
        const bool a_ideas = a.file != batch.ballots_file, b_ideas = b.file != batch.ballots_file;
        return a_ideas != b_ideas ? b_ideas : a.line < b.line;
    });
    errors.erase(std::unique(errors.begin(), errors.end(),
                             [](const Diagnostic& a, const Diagnostic& b) {
                                 return a.file == b.file && a.line == b.line && a.message == b.message;
                             }),
                 errors.end());
    std::fputs(format_diagnostics(errors).c_str(), stderr);
    return fail(command, "rejected: " + std::to_string(errors.size()) + " problem(s); nothing was written",
                exit_rejected);
}

void tell_recorded(const ImportReport& r, const BallotBatch& batch, const Scenario& scenario) {
    std::printf("recorded %zu ballots (%zu visits)", r.ballots_recorded, r.visits_recorded);
    if (!batch.ideas_file.empty()) std::printf(" and %zu ideas", r.ideas_recorded);
    std::printf(" in %s %lld of scenario %s", r.created_session ? "new session" : "session", static_cast<long long>(r.session),
                scenario.id.c_str());
    if (r.ballots_already || r.ideas_already)
        std::printf("; already recorded before: %zu ballots, %zu ideas", r.ballots_already, r.ideas_already);
    std::printf("\n");
}

void tell_nothing_new(const ImportReport& r) {
    std::printf("nothing new: %zu ballots already recorded", r.ballots_already);
    if (r.ideas_already) std::printf(", %zu ideas already recorded", r.ideas_already);
    if (r.session) std::printf(" in session %lld", static_cast<long long>(r.session));
    std::printf("\n");
}

}  // namespace

int run_import(int argc, char** argv) {
    const char* const command = "import";
    const Args args = parse_args(argc, argv, {"db", "scenario", "session"}, {"allow-closed"});
    if (args.help) {
        std::fputs(usage, stdout);
        return exit_ok;
    }
    if (!args.error.empty()) return usage_error(command, args.error, usage);
    if (!args.has("db")) return usage_error(command, "--db DB is required", usage);
    if (!args.has("scenario")) return usage_error(command, "--scenario FILE is required", usage);
    if (args.positional.empty() || args.positional.size() > 2)
        return usage_error(command, "give the ballots file, and optionally the ideas file after it", usage);
    RecordOptions options;
    options.source = BallotSource::import;
    options.allow_closed = args.flags.count("allow-closed") != 0;
    if (args.has("session")) {
        const auto id = parse_count(args.value("session"));
        if (!id) return usage_error(command, "--session needs a session number such as 1", usage);
        options.session = *id;
    }

    int code = exit_ok;
    const std::optional<Scenario> scenario = load_scenario(command, args.value("scenario"), code);
    if (!scenario) return code;
    BallotBatch batch;
    batch.ballots_file = args.positional[0];
    if (args.positional.size() > 1) batch.ideas_file = args.positional[1];
    Diagnostics errors;
    if (const Status read = read_files(*scenario, batch, errors); !read) return fail(command, read.message);

    const std::string& db = args.value("db");
    const bool db_existed = exists(db);
    // With unreadable rows nothing is written, but the rest is still checked against the
    // session, so that one run reports every problem of the files.
    Recorded recorded;
    if (errors.empty() || !batch.ballots.empty() || !batch.ideas.empty())
        recorded = record(db, *scenario, batch, options, !errors.empty());
    const ImportOutcome& outcome = recorded.outcome;
    errors.insert(errors.end(), outcome.rejected.begin(), outcome.rejected.end());
    const bool written = errors.empty() && recorded.db_problem.ok && outcome.status.ok;
    if (!written && !db_existed) remove_created(db);
    if (!errors.empty()) return tell_rejected(command, std::move(errors), batch);
    if (!recorded.db_problem) return fail(command, recorded.db_problem.message);
    if (!outcome.status) return fail(command, outcome.status.message + "\nnothing was written");

    const ImportReport& r = outcome.report;
    if (r.ballots_recorded == 0 && r.ideas_recorded == 0 && !r.created_session) {
        tell_nothing_new(r);
        if (!db_existed) remove_created(db);
        return exit_ok;
    }
    tell_recorded(r, batch, *scenario);
    if (r.created_session && recorded.other_versions)
        std::fprintf(stderr,
                     "workshop import: note: %s differs from the scenario file of the earlier sessions of `%s`, "
                     "so these ballots went into a new session; to add them to an earlier session, import "
                     "with that session's own scenario file\n",
                     args.value("scenario").c_str(), scenario->id.c_str());
    return exit_ok;
}

}  // namespace workshop::cli
