// exchange_import.cpp — ballots and ideas files read, checked and recorded all or nothing.
//
// Reading checks what one row can tell (columns, numbers, ids, duplicate rows); record_batch
// then checks each whole ballot with check_ballot against the ideas the session holds, inside
// the write transaction, so nothing can slip in between the check and the write.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <climits>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "quoted.h"
#include "session_state.h"
#include "workshop/csv.h"
#include "workshop/exchange.h"
#include "workshop/utf8.h"

namespace workshop {

namespace {

using detail::quoted;

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

// A ballot id is opaque (cli-and-data.md): any text of at most 256 bytes on one line. The
// export guards it like any text, so even "=1+1" cannot run in a spreadsheet.
constexpr std::size_t max_ballot_id = 256;
bool is_opaque_id(std::string_view id) {
    if (id.empty() || id.size() > max_ballot_id || utf8_length(id) < 0) return false;
    for (std::size_t i = 0; i < id.size();) {
        const Utf8CodePoint at = decode_utf8_at(id, i);
        if (is_control_code_point(at.code_point)) return false;
        i += at.length;
    }
    return true;
}

// The `session` column: a session number from an export. Bounded, so that a file cannot make
// a session that stays "the newest" for good (9223372036854775807).
constexpr std::int64_t max_session_number = 1000000;

// Idea ids are safe in any spreadsheet cell and shell: a letter or digit, then letters, digits
// and `_ . : -`, at most 64 characters.
bool is_safe_id(std::string_view id) {
    if (id.empty() || id.size() > 64) return false;
    const auto alnum = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    if (!alnum(id.front())) return false;
    return std::all_of(id.begin(), id.end(),
                       [&](char c) { return alnum(c) || c == '_' || c == '.' || c == ':' || c == '-'; });
}

// "2024-05-01T09:30:00Z", optionally with a fraction of a second.
bool is_utc_timestamp(std::string_view text) {
    const std::string_view shape = "dddd-dd-ddTdd:dd:dd";
    if (text.size() < shape.size() + 1 || text.back() != 'Z') return false;
    for (std::size_t i = 0; i < shape.size(); ++i) {
        const char c = text[i];
        if (shape[i] == 'd' ? (c < '0' || c > '9') : c != shape[i]) return false;
    }
    std::string_view rest = text.substr(shape.size(), text.size() - shape.size() - 1);
    if (rest.empty()) return true;
    if (rest.front() != '.' || rest.size() == 1) return false;
    return std::all_of(rest.begin() + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// How many marks a valid ballot of `step` holds at most (capped): room reserved for them.
std::size_t most_marks(const Step& step) {
    int most = step.type == StepType::dot_vote  ? step.dots
               : step.type == StepType::ranking ? step.rank_at_most
                                                : step.votes_per_participant;
    if (most <= 0 || (step.type != StepType::idea_vote && static_cast<std::size_t>(most) > step.options.size()))
        most = static_cast<int>(step.options.size());
    return static_cast<std::size_t>(std::clamp(most, 1, 16));
}

// The columns of a file by name; every index is -1 when the column is absent.
struct Columns {
    std::map<std::string, int> index;
    int of(const std::string& name) const {
        const auto found = index.find(name);
        return found == index.end() ? -1 : found->second;
    }
};

std::string lowercase(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Reads the header row; reports missing required columns and repeated ones.
bool read_header(CsvReader& reader, const std::string& file, const std::vector<std::string>& required,
                 const std::string& what, Columns& columns, Diagnostics& errors) {
    std::vector<std::string> header;
    if (!reader.next(header)) {
        errors.push_back({file, reader.error().empty() ? 1 : reader.line(), 0,
                          reader.error().empty() ? "the file is empty; " + what + " needs a header row" : reader.error()});
        return false;
    }
    for (std::size_t i = 0; i < header.size(); ++i) {
        std::string name = lowercase(trimmed(header[i]));
        if (name.empty()) continue;
        if (!columns.index.emplace(name, static_cast<int>(i)).second)
            errors.push_back({file, reader.line(), 0, "column " + quoted(name) + " appears twice in the header"});
    }
    std::string all;
    for (const std::string& name : required) all += (all.empty() ? "" : ", ") + name;
    for (const std::string& name : required)
        if (columns.of(name) < 0)
            errors.push_back({file, reader.line(), 0,
                              "missing column " + quoted(name) + "; " + what + " needs the columns " + all});
    return errors.empty();
}

std::string_view field_of(const std::vector<std::string>& fields, int column) {
    if (column < 0 || static_cast<std::size_t>(column) >= fields.size()) return {};
    return trimmed(fields[static_cast<std::size_t>(column)]);
}

bool all_empty(const std::vector<std::string>& fields) {
    return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return trimmed(f).empty(); });
}

// The session number all rows of a file name in its `session` column, or 0 (no such column,
// empty, or rows that disagree).
class SessionColumn {
public:
    explicit SessionColumn(int column) : m_column(column) {}
    // False (and nothing learnt) when the row's session is not a number from 1 to max_session_number.
    bool see(std::string_view text) {
        if (m_column < 0 || text.empty()) {
            if (m_column >= 0) m_mixed = true;
            return true;
        }
        std::int64_t value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || value < 1 || value > max_session_number) {
            m_mixed = true;
            return false;
        }
        if (m_value != 0 && value != m_value) m_mixed = true;
        if (!m_mixed) m_value = value;
        return true;
    }
    std::int64_t value() const { return m_mixed ? 0 : m_value; }

private:
    int m_column;
    std::int64_t m_value = 0;
    bool m_mixed = false;
};

std::string session_number_problem(std::string_view text) {
    return "session " + quoted(text) + " is not a session number from 1 to " + std::to_string(max_session_number) +
           " (leave the column empty, or remove it, for the newest session)";
}

struct VisitStepHash {
    std::size_t operator()(const std::pair<std::string_view, std::string_view>& key) const {
        const std::hash<std::string_view> hash;
        return hash(key.first) * 31 + hash(key.second);
    }
};

std::string step_list(const Scenario& scenario, bool ideas_only) {
    std::string out;
    for (const Step& step : scenario.steps) {
        if (!step.takes_ballots() || (ideas_only && !step.collect_ideas)) continue;
        out += (out.empty() ? "" : ", ") + quoted(step.id);
    }
    return out.empty() ? "none" : out;
}

}  // namespace

std::string host_name() {
    char name[256] = {};
    if (gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "kiosk";
    return name;
}

namespace {

// The columns of a ballots file (-1: absent).
struct BallotColumns {
    explicit BallotColumns(const Columns& columns)
        : ballot(columns.of("ballot")), step(columns.of("step")), option(columns.of("option")),
          value(columns.of("value")), role(columns.of("role")), lang(columns.of("lang")),
          cast_at(columns.of("cast_at")), kiosk(columns.of("kiosk")), session(columns.of("session")) {}
    int ballot, step, option, value, role, lang, cast_at, kiosk, session;
};

// One row of a ballots file: one mark of one ballot. The views point into the reader's fields.
struct BallotRow {
    int line = 0;
    std::string visit;
    std::string_view step_id, option, role, lang, cast_at;
    std::string kiosk;
    int value = 0;
    const Step* step = nullptr;
};

// A ballots file read row by row into batch.ballots: each row checked on its own, then its mark
// added to the ballot of its id and step.
class BallotsReader {
public:
    BallotsReader(std::string_view data, const Scenario& scenario, BallotBatch& batch, const Columns& columns,
                  Diagnostics& errors)
        : m_scenario(scenario), m_batch(batch), m_columns(columns), m_session_column(m_columns.session),
          m_errors(errors), m_first_new(batch.ballots.size()) {
        // Reserved for the most ballots the file can hold (one per line): growing them row by row
        // moved every ballot read so far, again and again (untouched reserve costs no memory).
        const auto max_rows = static_cast<std::size_t>(std::count(data.begin(), data.end(), '\n')) + 1;
        batch.ballots.reserve(m_first_new + max_rows);
    }

    void read(CsvReader& reader);
    // Marks the ballots with an unreadable row and passes on the file's session number.
    void finish();

private:
    bool read_row(const std::vector<std::string>& fields, BallotRow& row);
    std::size_t ballot_of(const BallotRow& row);
    void grow();
    void add_mark(BallotBatch::BallotEntry& entry, const BallotRow& row);
    void error(std::string message) { m_errors.push_back({m_batch.ballots_file, m_line, 0, std::move(message)}); }

    const Scenario& m_scenario;
    BallotBatch& m_batch;
    const BallotColumns m_columns;
    SessionColumn m_session_column;
    Diagnostics& m_errors;
    int m_line = 0;
    // Ballots with an unreadable row: their rule checks would only report the missing row again.
    // (A row naming an unknown step belongs to no ballot that could be checked.)
    std::unordered_set<std::string> m_incomplete_ballots;
    // Each ballot (id + step) by its place in batch.ballots, viewing the ballot's own id and
    // step: rebuilt when the ballots move (a file whose lines end in a lone CR has more rows
    // than '\n's). The rows of one ballot usually follow each other: the last one is checked first.
    using VisitStep = std::pair<std::string_view, std::string_view>;
    std::unordered_map<VisitStep, std::size_t, VisitStepHash> m_ballot_index;
    const std::size_t m_first_new;
    std::size_t m_last_index = 0;
    bool m_have_last = false;
};

void BallotsReader::read(CsvReader& reader) {
    std::vector<std::string> fields;
    BallotRow row;
    while (reader.next(fields)) {
        m_line = reader.line();
        if (all_empty(fields)) continue;
        const std::string_view session_text = field_of(fields, m_columns.session);
        if (!m_session_column.see(session_text)) error(session_number_problem(session_text));
        if (!read_row(fields, row)) {
            if (row.step && row.step->takes_ballots())
                m_incomplete_ballots.insert(row.visit + '\n' + std::string(row.step_id));
            continue;
        }
        add_mark(m_batch.ballots[ballot_of(row)], row);
    }
}

// The row's fields, each checked; false (every problem told) when the row cannot be used.
bool BallotsReader::read_row(const std::vector<std::string>& fields, BallotRow& row) {
    row.line = m_line;
    row.visit = csv_unguard(field_of(fields, m_columns.ballot));
    row.step_id = field_of(fields, m_columns.step);
    row.option = field_of(fields, m_columns.option);
    row.role = field_of(fields, m_columns.role);
    row.lang = field_of(fields, m_columns.lang);
    const std::string_view value_text = field_of(fields, m_columns.value);
    bool row_ok = true;
    if (!is_opaque_id(row.visit)) {
        error(row.visit.empty() ? "the ballot id is empty; every row needs the id of its ballot"
                                : "ballot id " + quoted(row.visit) + " is not allowed; use text of at most " +
                                      std::to_string(max_ballot_id) + " bytes on one line, without control characters");
        row_ok = false;
    }
    row.step = m_scenario.find_step(row.step_id);
    if (!row.step) {
        error(row.step_id.empty() ? "the step is empty; every row needs a step id"
                                  : "unknown step " + quoted(row.step_id) + "; steps that take ballots: " +
                                        step_list(m_scenario, false));
        row_ok = false;
    } else if (!row.step->takes_ballots()) {
        error("step " + quoted(row.step_id) + " is an info step and takes no ballots");
        row_ok = false;
    }
    if (row.option.empty()) {
        error("the option is empty; every row needs an option id (or idea id)");
        row_ok = false;
    }
    row.value = 0;
    const auto [end, ec] = std::from_chars(value_text.data(), value_text.data() + value_text.size(), row.value);
    if (value_text.empty() || ec != std::errc() || end != value_text.data() + value_text.size()) {
        error("value " + quoted(value_text) + " is not a whole number (dots given, rank, or 1 for an approval)");
        row_ok = false;
    }
    row.kiosk = csv_unguard(field_of(fields, m_columns.kiosk));
    if (!row.kiosk.empty() && !is_opaque_id(row.kiosk)) {
        error("kiosk " + quoted(row.kiosk) + " is not allowed; use text of at most " + std::to_string(max_ballot_id) +
              " bytes on one line, without control characters (or leave it empty)");
        row_ok = false;
    }
    row.cast_at = field_of(fields, m_columns.cast_at);
    if (!row.cast_at.empty() && !is_utc_timestamp(row.cast_at)) {
        error("cast_at " + quoted(row.cast_at) + " is not an ISO 8601 UTC time such as 2024-05-01T09:30:00Z (or leave it empty)");
        row_ok = false;
    }
    return row_ok;
}

// The place in batch.ballots of the row's ballot, added when it is the first row of it.
std::size_t BallotsReader::ballot_of(const BallotRow& row) {
    const Ballot* last = m_have_last ? &m_batch.ballots[m_last_index].ballot : nullptr;
    if (last && last->visit == row.visit && last->step == row.step_id) return m_last_index;
    std::size_t index = 0;
    if (const auto at = m_ballot_index.find({row.visit, row.step_id}); at != m_ballot_index.end()) {
        index = at->second;
    } else {
        if (m_batch.ballots.size() == m_batch.ballots.capacity()) grow();
        index = m_batch.ballots.size();
        BallotBatch::BallotEntry& entry = m_batch.ballots.emplace_back();
        entry.line = row.line;
        entry.ballot.visit = row.visit;
        entry.ballot.step = row.step_id;
        entry.ballot.role = row.role;
        entry.ballot.language = row.lang;
        entry.ballot.cast_at = std::string(row.cast_at);
        entry.ballot.kiosk = row.kiosk;
        // One allocation for a ballot's marks instead of one per doubling.
        entry.ballot.marks.reserve(most_marks(*row.step));
        m_ballot_index.emplace(VisitStep(entry.ballot.visit, entry.ballot.step), index);
    }
    m_last_index = index;
    m_have_last = true;
    return index;
}

void BallotsReader::grow() {
    m_batch.ballots.reserve(m_batch.ballots.capacity() * 2);
    m_ballot_index.clear();
    for (std::size_t i = m_first_new; i < m_batch.ballots.size(); ++i)
        m_ballot_index.emplace(VisitStep(m_batch.ballots[i].ballot.visit, m_batch.ballots[i].ballot.step), i);
}

// The row's mark, unless the ballot gives its option already; role and language must agree.
void BallotsReader::add_mark(BallotBatch::BallotEntry& entry, const BallotRow& row) {
    const auto same = std::find_if(entry.ballot.marks.begin(), entry.ballot.marks.end(),
                                   [&](const Mark& mark) { return mark.option == row.option; });
    if (same != entry.ballot.marks.end()) {
        error("duplicate row: ballot " + quoted(row.visit) + " already gives option " + quoted(row.option) +
              " in step " + quoted(row.step_id) + " on line " +
              std::to_string(entry.mark_line(static_cast<std::size_t>(same - entry.ballot.marks.begin()))) +
              "; give each option one row");
        return;
    }
    const auto differs = [&](std::string_view what, std::string_view first, std::string_view here) {
        error("ballot " + quoted(row.visit) + " in step " + quoted(row.step_id) + " gives " + std::string(what) + " " +
              quoted(here) + " here but " + quoted(first) + " on line " + std::to_string(entry.line) +
              "; all rows of one ballot must agree");
    };
    if (entry.ballot.role != row.role) differs("role", entry.ballot.role, row.role);
    if (entry.ballot.language != row.lang) differs("lang", entry.ballot.language, row.lang);
    // Lines are kept per mark only once a ballot's rows stop following each other.
    const std::size_t k = entry.ballot.marks.size();
    if (entry.mark_lines.empty() && entry.mark_line(k) != row.line)
        for (std::size_t i = 0; i < k; ++i) entry.mark_lines.push_back(entry.line + static_cast<int>(i));
    if (!entry.mark_lines.empty()) entry.mark_lines.push_back(row.line);
    entry.ballot.marks.push_back({std::string(row.option), row.value});
}

void BallotsReader::finish() {
    for (std::size_t i = 0; i < m_batch.ballots.size(); ++i) {
        BallotBatch::BallotEntry& entry = m_batch.ballots[i];
        entry.incomplete = !m_incomplete_ballots.empty() &&
                           m_incomplete_ballots.count(entry.ballot.visit + '\n' + entry.ballot.step) != 0;
    }
    if (const std::int64_t hint = m_session_column.value()) m_batch.session_hint = hint;
}

}  // namespace

Diagnostics read_ballots_csv(std::string_view data, const Scenario& scenario, BallotBatch& batch) {
    const std::string& file = batch.ballots_file;
    Diagnostics errors;
    CsvReader reader(data);
    Columns columns;
    if (!read_header(reader, file, {"ballot", "step", "option", "value"}, "a ballots file", columns, errors)) {
        if (columns.of("idea") >= 0 && columns.of("text") >= 0)
            errors.push_back({file, 1, 0, "this looks like an ideas file: give the ballots file first, the ideas file second"});
        return errors;
    }
    BallotsReader ballots(data, scenario, batch, columns, errors);
    ballots.read(reader);
    if (!reader.error().empty()) errors.push_back({file, reader.line(), 0, reader.error()});
    ballots.finish();
    return errors;
}

Diagnostics read_ideas_csv(std::string_view data, const Scenario& scenario, BallotBatch& batch) {
    const std::string& file = batch.ideas_file;
    Diagnostics errors;
    CsvReader reader(data);
    Columns columns;
    if (!read_header(reader, file, {"step", "idea", "text"}, "an ideas file", columns, errors)) return errors;
    const int c_step = columns.of("step"), c_idea = columns.of("idea"), c_text = columns.of("text"),
              c_lang = columns.of("lang"), c_at = columns.of("submitted_at"), c_hidden = columns.of("hidden"),
              c_session = columns.of("session");
    SessionColumn session_column(c_session);

    std::unordered_map<std::string, int> seen;  // step + id -> line
    std::vector<std::string> fields;
    while (reader.next(fields)) {
        const int line = reader.line();
        if (all_empty(fields)) continue;
        const auto error = [&](std::string message) { errors.push_back({file, line, 0, std::move(message)}); };
        const std::string_view session_text = field_of(fields, c_session);
        if (!session_column.see(session_text))
            error(session_number_problem(session_text));

        Idea idea;
        idea.step = std::string(field_of(fields, c_step));
        idea.id = std::string(field_of(fields, c_idea));
        // Not trimmed: the text is exactly what the participant typed (the export guarded it).
        idea.text = c_text < static_cast<int>(fields.size()) ? csv_unguard(fields[static_cast<std::size_t>(c_text)]) : "";
        idea.language = std::string(field_of(fields, c_lang));
        idea.submitted_at = std::string(field_of(fields, c_at));
        const std::string hidden = lowercase(field_of(fields, c_hidden));

        const Step* step = scenario.find_step(idea.step);
        if (!step) {
            error(idea.step.empty() ? "the step is empty; every idea needs its step id"
                                    : "unknown step " + quoted(idea.step) + "; steps that collect ideas: " +
                                          step_list(scenario, true));
            continue;
        }
        if (!is_safe_id(idea.id)) {
            error(idea.id.empty() ? "the idea id is empty; every idea needs one (such as idea-1)"
                                  : "idea id " + quoted(idea.id) +
                                        " is not allowed; use at most 64 letters, digits and _ . : - (starting with a letter or digit)");
        } else if (step->find_option(idea.id)) {
            error("idea id " + quoted(idea.id) + " is the id of an option of step " + quoted(idea.step) +
                  "; give the idea another id");
        } else if (const auto [at, fresh] = seen.emplace(idea.step + '\n' + idea.id, line); !fresh) {
            error("duplicate idea " + quoted(idea.id) + " in step " + quoted(idea.step) + " (first on line " +
                  std::to_string(at->second) + ")");
        }
        for (const std::string& problem : check_idea_text(*step, idea.text)) error(problem);
        if (!idea.language.empty() && !scenario.has_language(idea.language))
            error("unknown language " + quoted(idea.language) + " (this scenario's languages are listed in its file)");
        if (!idea.submitted_at.empty() && !is_utc_timestamp(idea.submitted_at))
            error("submitted_at " + quoted(idea.submitted_at) +
                  " is not an ISO 8601 UTC time such as 2024-05-01T09:30:00Z (or leave it empty)");
        if (hidden.empty() || hidden == "0" || hidden == "false")
            idea.hidden = false;
        else if (hidden == "1" || hidden == "true")
            idea.hidden = true;
        else
            error("hidden " + quoted(hidden) + " must be 0 or 1");
        batch.ideas.push_back({std::move(idea), line});
    }
    if (!reader.error().empty()) errors.push_back({file, reader.line(), 0, reader.error()});
    // The ballots file's session number comes first; an ideas file alone may give it too.
    if (batch.session_hint == 0) batch.session_hint = session_column.value();
    return errors;
}

namespace {

// True when two ballots give the same marks (in any order), role and language.
bool same_ballot(const Ballot& a, const Ballot& b) {
    if (a.role != b.role || a.language != b.language || a.marks.size() != b.marks.size()) return false;
    auto key = [](const Ballot& ballot) {
        std::vector<std::pair<std::string, int>> marks;
        for (const Mark& mark : ballot.marks) marks.emplace_back(mark.option, mark.value);
        std::sort(marks.begin(), marks.end());
        return marks;
    };
    return key(a) == key(b);
}

// One record_batch, inside its write transaction, in phases: choose the session, check the
// ideas, check the ballots, write. A phase returns false when the database failed (out.status
// says how); what the input gets wrong goes to out.rejected and checking goes on.
class BatchRecorder {
public:
    BatchRecorder(Store& store, const Scenario& scenario, const BallotBatch& batch, const RecordOptions& options,
                  std::string kiosk, ImportOutcome& out)
        : m_store(store), m_scenario(scenario), m_batch(batch), m_options(options), m_kiosk(std::move(kiosk)),
          m_source(to_string(options.source)), m_now(Store::now()), m_out(out) {}

    bool choose_session();
    bool check_ideas();
    bool check_ballots();
    bool nothing_new() const { return m_new_ballots.empty() && m_new_ideas.empty(); }
    bool write();

private:
    bool use_asked_session();
    bool check_ballot(const BallotBatch::BallotEntry& entry);
    void check_open(const Ballot& ballot, int line);
    void check_marks(const BallotBatch::BallotEntry& entry);
    void reject(const Ballot& ballot, const std::string& message, int line) {
        m_out.rejected.push_back({m_batch.ballots_file, line, 0, "ballot " + quoted(ballot.visit) + ": " + message});
    }
    bool write_ideas();
    bool write_ballots();
    bool write_note();
    // `status` into out.status; false when it failed.
    bool ok(Status status) {
        m_out.status = std::move(status);
        return m_out.status.ok;
    }

    Store& m_store;
    const Scenario& m_scenario;
    const BallotBatch& m_batch;
    const RecordOptions& m_options;
    const std::string m_kiosk;
    const std::string m_source;
    const std::string m_now;
    ImportOutcome& m_out;
    std::int64_t m_session = 0;

    std::map<std::string, std::vector<Idea>> m_ideas_of;  // per step: stored, then the new ones
    std::vector<const BallotBatch::IdeaEntry*> m_new_ideas;
    detail::SessionFlags m_flags;  // paper ballots typed in after a step closed need allow_closed
    std::set<std::string> m_told_closed;  // one message per closed step (or the ended session)
    std::vector<const BallotBatch::BallotEntry*> m_new_ballots;
    std::unordered_set<std::pair<std::string_view, std::string_view>, VisitStepHash> m_in_batch;  // (visit, step)
    std::unordered_set<std::string_view> m_new_visits;
    std::map<const Step*, StepOptionIds> m_option_ids;  // per step, once its ideas are all known
};

// The session: the one asked for, or the newest of this very scenario file, or a new one.
bool BatchRecorder::choose_session() {
    if (m_options.session != 0) {
        if (!use_asked_session()) return false;
    } else {
        auto record = m_store.latest_session(m_scenario.id, m_scenario.sha256);
        if (!ok(record.status())) return false;
        if (*record) {
            m_session = (*record)->id;
        } else {
            auto created = m_store.add_session(m_scenario, m_kiosk, m_source, m_now, m_batch.session_hint);
            if (!ok(created.status())) return false;
            m_session = *created;
            m_out.report.created_session = true;
        }
    }
    m_out.report.session = m_session;
    return true;
}

// The session of options.session, when it exists and ran this very scenario file.
bool BatchRecorder::use_asked_session() {
    m_session = m_options.session;
    auto record = m_store.session(m_session);
    if (!ok(record.status())) return false;
    if (!*record)
        return ok(Status::failure("database " + m_store.path() + " has no session " + std::to_string(m_session) +
                                  "; leave out --session to use the newest session of this scenario"));
    if ((*record)->scenario_id != m_scenario.id || (*record)->scenario_sha256 != m_scenario.sha256)
        return ok(Status::failure(
            "session " + std::to_string(m_session) + " ran " +
            ((*record)->scenario_id != m_scenario.id ? "scenario " + quoted((*record)->scenario_id)
                                                     : "another version of scenario " + quoted(m_scenario.id)) +
            ", not " + m_scenario.source_path + ": give the scenario file that session ran with, or leave out --session"));
    return true;
}

// Ideas first: ballots may vote for them.
bool BatchRecorder::check_ideas() {
    auto stored_ideas = m_store.ideas(m_session);
    if (!ok(stored_ideas.status())) return false;
    for (Idea& idea : *stored_ideas) m_ideas_of[idea.step].push_back(std::move(idea));
    for (const BallotBatch::IdeaEntry& entry : m_batch.ideas) {
        const auto reject_idea = [&](std::string message) {
            m_out.rejected.push_back({m_batch.ideas_file, entry.line, 0, std::move(message)});
        };
        // The reader checked these already; a batch made in code (synth, tests) is checked here.
        const Step* step = m_scenario.find_step(entry.idea.step);
        if (!step) {
            reject_idea("unknown step " + quoted(entry.idea.step) + "; steps that collect ideas: " +
                        step_list(m_scenario, true));
            continue;
        }
        for (std::string& problem : check_idea_text(*step, entry.idea.text)) reject_idea(std::move(problem));
        std::vector<Idea>& known = m_ideas_of[entry.idea.step];
        const auto same_id = std::find_if(known.begin(), known.end(), [&](const Idea& i) { return i.id == entry.idea.id; });
        if (same_id == known.end()) {
            known.push_back(entry.idea);
            m_new_ideas.push_back(&entry);
        } else if (same_id->text == entry.idea.text) {
            ++m_out.report.ideas_already;
        } else {
            reject_idea("idea " + quoted(entry.idea.id) + " of step " + quoted(entry.idea.step) +
                        " is already recorded in session " + std::to_string(m_session) +
                        " with another text; give this idea another id");
        }
    }
    return true;
}

bool BatchRecorder::check_ballots() {
    if (!m_out.report.created_session) {
        auto actions = m_store.actions(m_session);
        if (!ok(actions.status())) return false;
        m_flags = detail::session_flags(*actions);
    }
    m_new_ballots.reserve(m_batch.ballots.size());
    m_in_batch.reserve(m_batch.ballots.size());
    for (const BallotBatch::BallotEntry& entry : m_batch.ballots)
        if (!check_ballot(entry)) return false;
    return true;
}

// One ballot of the batch: new, already recorded, or rejected.
bool BatchRecorder::check_ballot(const BallotBatch::BallotEntry& entry) {
    const Ballot& ballot = entry.ballot;
    if (!m_in_batch.emplace(ballot.visit, ballot.step).second) {
        reject(ballot, "given twice for step " + quoted(ballot.step), entry.line);
        return true;
    }
    if (entry.incomplete) {
        // Its unreadable rows were reported by the reader; checking the rest would mislead.
        if (!m_options.check_only)
            reject(ballot, "some rows of this ballot could not be read; fix them and import again", entry.line);
        return true;
    }
    // A session created just now, in this transaction, holds no ballots yet: no need to look.
    std::optional<StoredBallot> stored;
    if (!m_out.report.created_session) {
        auto found = m_store.find_ballot(m_session, ballot.visit, ballot.step);
        if (!ok(found.status())) return false;
        stored = std::move(*found);
    }
    if (stored) {
        if (same_ballot(stored->ballot, ballot))
            ++m_out.report.ballots_already;
        else
            reject(ballot,
                   "is already recorded in session " + std::to_string(m_session) + " for step " + quoted(ballot.step) +
                       " with other marks, role or language; a ballot id stands for one "
                       "participant's visit, give this ballot another id",
                   entry.line);
        return true;
    }
    if (!m_options.allow_closed) check_open(ballot, entry.line);
    check_marks(entry);
    m_new_ballots.push_back(&entry);
    m_new_visits.insert(ballot.visit);
    return true;
}

// A ballot for a closed step or an ended session, told once per step (or once for the session).
void BatchRecorder::check_open(const Ballot& ballot, int line) {
    const bool ended = m_flags.state == SessionState::ended;
    if (!(ended || m_flags.closed_steps.count(ballot.step)) || !m_told_closed.insert(ended ? "" : ballot.step).second)
        return;
    reject(ballot,
           ended ? "session " + std::to_string(m_session) + " has ended and takes no more ballots; to add paper "
                   "ballots collected during it, import with --allow-closed"
                 : "step " + quoted(ballot.step) + " is closed in session " + std::to_string(m_session) +
                       "; to add paper ballots collected while it was open, import with --allow-closed",
           line);
}

// A problem with one mark is reported on that mark's row, one with the whole ballot on its first.
void BatchRecorder::check_marks(const BallotBatch::BallotEntry& entry) {
    const Ballot& ballot = entry.ballot;
    std::vector<BallotProblem> problems;
    if (const Step* step = m_scenario.find_step(ballot.step)) {
        auto ids = m_option_ids.find(step);
        if (ids == m_option_ids.end()) ids = m_option_ids.try_emplace(step, *step, m_ideas_of[ballot.step]).first;
        problems = check_ballot_marks(m_scenario, ballot, ids->second);
    } else {
        problems = check_ballot_marks(m_scenario, ballot, m_ideas_of[ballot.step]);
    }
    for (BallotProblem& problem : problems) {
        const auto mark = static_cast<std::size_t>(problem.mark);
        reject(ballot, problem.message, problem.mark >= 0 ? entry.mark_line(mark) : entry.line);
    }
}

// Everything checked: write it all.
bool BatchRecorder::write() {
    if (!write_ideas() || !write_ballots()) return false;
    m_out.report.ballots_recorded = m_new_ballots.size();
    m_out.report.visits_recorded = m_new_visits.size();
    m_out.report.ideas_recorded = m_new_ideas.size();
    return write_note();
}

bool BatchRecorder::write_ideas() {
    for (const BallotBatch::IdeaEntry* entry : m_new_ideas) {
        Idea idea = entry->idea;
        if (idea.submitted_at.empty()) idea.submitted_at = m_now;
        if (!ok(m_store.add_idea(m_session, idea, m_kiosk, m_options.source))) return false;
        if (idea.hidden) {
            ActionRecord hide{0, m_now, m_source, std::string(action::idea_hidden), idea.step, idea.id,
                              "hidden in " + m_batch.ideas_file};
            if (!ok(m_store.add_action(m_session, hide))) return false;
        }
    }
    return true;
}

bool BatchRecorder::write_ballots() {
    const std::size_t total = m_new_ballots.size();
    Ballot filled;
    for (std::size_t i = 0; i < total; ++i) {
        const Ballot* ballot = &m_new_ballots[i]->ballot;
        if (ballot->cast_at.empty() || ballot->kiosk.empty()) {  // copied only when it needs filling in
            filled = *ballot;
            if (filled.cast_at.empty()) filled.cast_at = m_now;
            if (filled.kiosk.empty()) filled.kiosk = m_kiosk;
            ballot = &filled;
        }
        if (!ok(m_store.add_ballot(m_session, *ballot, m_options.source).status())) return false;
        if (m_options.progress && (i % 4096 == 0)) m_options.progress(i, total);
    }
    if (m_options.progress) m_options.progress(total, total);
    return true;
}

// The import itself, in the session's log.
bool BatchRecorder::write_note() {
    std::string from = m_batch.ballots_file.empty() ? std::string() : " from " + m_batch.ballots_file;
    if (!m_batch.ideas_file.empty()) from += (from.empty() ? " from " : " and ") + m_batch.ideas_file;
    ActionRecord note{0, m_now, m_source, m_source, "", "",
                      std::to_string(m_new_ballots.size()) + " ballots, " + std::to_string(m_new_ideas.size()) +
                          " ideas" + from};
    return ok(m_store.add_action(m_session, note));
}

}  // namespace

ImportOutcome record_batch(Store& store, const Scenario& scenario, const BallotBatch& batch,
                           const RecordOptions& options) {
    ImportOutcome out;
    std::string kiosk = options.kiosk.empty() ? host_name() : options.kiosk;
    Store::Transaction transaction(store, Store::Durability::bulk);
    if (!transaction.status()) {
        out.status = transaction.status();
        return out;
    }
    BatchRecorder recorder(store, scenario, batch, options, std::move(kiosk), out);
    if (!recorder.choose_session() || !recorder.check_ideas() || !recorder.check_ballots()) return out;
    if (!out.rejected.empty() || options.check_only) return out;  // rolled back: the file is as it was

    if (recorder.nothing_new()) {
        // Nothing new (a re-import) changes nothing. Only files with no rows at all meet a session
        // just created: it is kept, so that the export of an empty session imports into an empty
        // database and exports again to the same files.
        if (out.report.created_session) out.status = transaction.commit();
        if (!out.status) out.report = ImportReport{};
        return out;
    }
    if (!recorder.write()) return out;
    out.status = transaction.commit();
    if (!out.status) out.report = ImportReport{};
    return out;
}

}  // namespace workshop
