// fuzz_import.cpp — any bytes as a ballots file and an ideas file (split at the first NUL byte):
// read_ballots_csv + read_ideas_csv + record_batch into a fresh database. Never a crash or a
// leak; a rejected import leaves the database empty; an accepted one holds exactly the ballots
// read, records nothing when repeated, and survives export -> import -> export unchanged.
#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>

#include "fuzz_support.h"
#include "workshop/exchange.h"
#include "workshop/store.h"
#include "internal_access.h"

using namespace workshop;

namespace {

const fuzz::Scratch& scratch() {
    static const fuzz::Scratch dir;
    return dir;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

long long count(Store& store, const char* sql) {
    sqlite3_stmt* stmt = nullptr;
    long long n = -1;
    if (sqlite3_prepare_v2(detail::handle_of(store), sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
        n = sqlite3_column_int64(stmt, 0);
    sqlite3_finalize(stmt);
    return n;
}

std::vector<std::pair<std::string, int>> sorted_marks(const Ballot& ballot) {
    std::vector<std::pair<std::string, int>> marks;
    for (const Mark& m : ballot.marks) marks.emplace_back(m.option, m.value);
    std::sort(marks.begin(), marks.end());
    return marks;
}

std::unique_ptr<Store> fresh_store(const std::string& name) {
    auto store = Store::open(scratch() / name);
    FUZZ_CHECK(store.ok(), store.message());
    return std::move(*store);
}

// Reads both files of `batch`; false (and nothing recorded) when either has a problem.
bool read_batch(std::string_view ballots, std::string_view ideas, BallotBatch& batch) {
    const Scenario& scenario = fuzz::scenario();
    Diagnostics errors = read_ballots_csv(ballots, scenario, batch);
    if (!ideas.empty()) {
        Diagnostics more = read_ideas_csv(ideas, scenario, batch);
        errors.insert(errors.end(), more.begin(), more.end());
    }
    for (const Diagnostic& d : errors) {
        FUZZ_CHECK(!d.message.empty(), "empty message");
        FUZZ_CHECK(d.file == batch.ballots_file || d.file == batch.ideas_file, d.to_string());
        FUZZ_CHECK(d.line >= 1, "a problem without its line: " + d.to_string());
    }
    return errors.empty();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    const std::size_t nul = input.find('\0');
    const std::string_view ballots_text = input.substr(0, nul);
    const std::string_view ideas_text = nul == std::string_view::npos ? std::string_view() : input.substr(nul + 1);
    const Scenario& scenario = fuzz::scenario();

    BallotBatch batch;
    batch.ballots_file = "ballots.csv";
    batch.ideas_file = "ideas.csv";
    if (!read_batch(ballots_text, ideas_text, batch)) return 0;

    scratch().clear();
    auto store = fresh_store("first.db");
    RecordOptions options;
    options.kiosk = "fuzz";
    const ImportOutcome first = record_batch(*store, scenario, batch, options);
    FUZZ_CHECK(first.status.ok, first.status.message);
    if (!first.ok()) {
        // All or nothing: not even the session it would have created remains.
        for (const Diagnostic& d : first.rejected) FUZZ_CHECK(d.line >= 1 && !d.message.empty(), d.to_string());
        FUZZ_CHECK(count(*store, "SELECT COUNT(*) FROM ballots") == 0, "a rejected import wrote ballots");
        FUZZ_CHECK(count(*store, "SELECT COUNT(*) FROM ideas") == 0, "a rejected import wrote ideas");
        FUZZ_CHECK(count(*store, "SELECT COUNT(*) FROM sessions") == 0, "a rejected import created a session");
        return 0;
    }

    const std::int64_t session = first.report.session;
    FUZZ_CHECK(first.report.ballots_recorded == batch.ballots.size(), "ballots recorded");
    FUZZ_CHECK(first.report.ideas_recorded == batch.ideas.size(), "ideas recorded");
    FUZZ_CHECK(count(*store, "SELECT COUNT(*) FROM ballots") == static_cast<long long>(batch.ballots.size()), "rows");
    if (batch.ballots.empty() && batch.ideas.empty()) return 0;
    for (const BallotBatch::BallotEntry& entry : batch.ballots) {
        auto stored = store->find_ballot(session, entry.ballot.visit, entry.ballot.step);
        FUZZ_CHECK(stored.ok() && stored->has_value(), "ballot of line " + std::to_string(entry.line) + " missing");
        FUZZ_CHECK(sorted_marks((*stored)->ballot) == sorted_marks(entry.ballot), "marks changed");
        FUZZ_CHECK((*stored)->ballot.role == entry.ballot.role && (*stored)->ballot.language == entry.ballot.language,
                   "role or language changed");
        FUZZ_CHECK(check_ballot(scenario, (*stored)->ballot, *store->ideas(session, entry.ballot.step)).empty(),
                   "a stored ballot breaks its step's rules");
    }
    auto ideas = store->ideas(session);
    FUZZ_CHECK(ideas.ok() && ideas->size() == batch.ideas.size(), "ideas stored");
    for (std::size_t i = 0; i < batch.ideas.size(); ++i)
        FUZZ_CHECK((*ideas)[i].text == batch.ideas[i].idea.text, "idea text changed: " + batch.ideas[i].idea.id);

    // Importing the same files again changes nothing.
    const ImportOutcome again = record_batch(*store, scenario, batch, options);
    FUZZ_CHECK(again.ok(), again.status.message + format_diagnostics(again.rejected));
    FUZZ_CHECK(again.report.ballots_recorded == 0 && again.report.ballots_already == batch.ballots.size(), "re-import");
    FUZZ_CHECK(again.report.ideas_recorded == 0 && again.report.ideas_already == batch.ideas.size(), "re-import ideas");

    // export -> import into an empty database -> export: the same files (cli-and-data.md).
    auto exported = export_session(*store, session, scenario, scratch() / "out1");
    FUZZ_CHECK(exported.ok(), exported.message());
    BallotBatch round;
    round.ballots_file = "out1/ballots.csv";
    round.ideas_file = "out1/ideas.csv";
    const std::string ballots1 = read_file(scratch() / "out1/ballots.csv");
    const std::string ideas1 = read_file(scratch() / "out1/ideas.csv");
    {
        Diagnostics errors = read_ballots_csv(ballots1, scenario, round);
        Diagnostics more = read_ideas_csv(ideas1, scenario, round);
        errors.insert(errors.end(), more.begin(), more.end());
        FUZZ_CHECK(errors.empty(), "our own export does not import: " + format_diagnostics(errors));
    }
    auto second = fresh_store("second.db");
    const ImportOutcome reimported = record_batch(*second, scenario, round, options);
    FUZZ_CHECK(reimported.ok(), reimported.status.message + format_diagnostics(reimported.rejected));
    auto exported2 = export_session(*second, reimported.report.session, scenario, scratch() / "out2");
    FUZZ_CHECK(exported2.ok(), exported2.message());
    for (const char* file : {"results.csv", "ballots.csv", "ideas.csv"})
        FUZZ_CHECK(read_file(scratch() / ("out1/" + std::string(file))) ==
                       read_file(scratch() / ("out2/" + std::string(file))),
                   std::string(file) + " changed in export -> import -> export");
    return 0;
}
