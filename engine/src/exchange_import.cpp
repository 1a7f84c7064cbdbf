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
    for (std::size_t i = 0; i < id.size(); ++i) {
        const auto byte = static_cast<unsigned char>(id[i]);
        if (byte < 0x20 || byte == 0x7F) return false;
        if (byte == 0xC2 && i + 1 < id.size() && static_cast<unsigned char>(id[i + 1]) <= 0x9F) return false;  // C1
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
    const int c_ballot = columns.of("ballot"), c_step = columns.of("step"), c_option = columns.of("option"),
              c_value = columns.of("value"), c_role = columns.of("role"), c_lang = columns.of("lang"),
              c_cast_at = columns.of("cast_at"), c_kiosk = columns.of("kiosk"), c_session = columns.of("session");
    SessionColumn session_column(c_session);
    // Ballots with an unreadable row: their rule checks would only report the missing row again.
    // (A row naming an unknown step belongs to no ballot that could be checked.)
    std::unordered_set<std::string> incomplete_ballots;

    // Reserved for the most ballots the file can hold (one per line): growing them row by row
    // moved every ballot read so far, again and again (untouched reserve costs no memory).
    const std::size_t first_new = batch.ballots.size();
    const auto max_rows = static_cast<std::size_t>(std::count(data.begin(), data.end(), '\n')) + 1;
    batch.ballots.reserve(first_new + max_rows);
    // Each ballot (id + step) by its place in batch.ballots, viewing the ballot's own id and
    // step: rebuilt when the ballots move (a file whose lines end in a lone CR has more rows
    // than '\n's). The rows of one ballot usually follow each other: the last one is checked first.
    using VisitStep = std::pair<std::string_view, std::string_view>;
    std::unordered_map<VisitStep, std::size_t, VisitStepHash> ballot_index;
    const auto grow = [&] {
        batch.ballots.reserve(batch.ballots.capacity() * 2);
        ballot_index.clear();
        for (std::size_t i = first_new; i < batch.ballots.size(); ++i)
            ballot_index.emplace(VisitStep(batch.ballots[i].ballot.visit, batch.ballots[i].ballot.step), i);
    };
    std::size_t last_index = 0;
    bool have_last = false;
    std::vector<std::string> fields;
    while (reader.next(fields)) {
        const int line = reader.line();
        if (all_empty(fields)) continue;
        const auto error = [&](std::string message) { errors.push_back({file, line, 0, std::move(message)}); };

        const std::string_view session_text = field_of(fields, c_session);
        if (!session_column.see(session_text))
            error(session_number_problem(session_text));
        const std::string visit_text = csv_unguard(field_of(fields, c_ballot));
        const std::string_view visit = visit_text;
        const std::string_view step_id = field_of(fields, c_step);
        const std::string_view option = field_of(fields, c_option);
        const std::string_view value_text = field_of(fields, c_value);
        bool row_ok = true;
        if (!is_opaque_id(visit)) {
            error(visit.empty() ? "the ballot id is empty; every row needs the id of its ballot"
                                : "ballot id " + quoted(visit) +
                                      " is not allowed; use text of at most " + std::to_string(max_ballot_id) +
                                      " bytes on one line, without control characters");
            row_ok = false;
        }
        const Step* step = scenario.find_step(step_id);
        if (!step) {
            error(step_id.empty() ? "the step is empty; every row needs a step id"
                                  : "unknown step " + quoted(step_id) + "; steps that take ballots: " +
                                        step_list(scenario, false));
            row_ok = false;
        } else if (!step->takes_ballots()) {
            error("step " + quoted(step_id) + " is an info step and takes no ballots");
            row_ok = false;
        }
        if (option.empty()) {
            error("the option is empty; every row needs an option id (or idea id)");
            row_ok = false;
        }
        int value = 0;
        const auto [end, ec] = std::from_chars(value_text.data(), value_text.data() + value_text.size(), value);
        if (value_text.empty() || ec != std::errc() || end != value_text.data() + value_text.size()) {
            error("value " + quoted(value_text) + " is not a whole number (dots given, rank, or 1 for an approval)");
            row_ok = false;
        }
        const std::string kiosk = csv_unguard(field_of(fields, c_kiosk));
        if (!kiosk.empty() && !is_opaque_id(kiosk)) {
            error("kiosk " + quoted(kiosk) + " is not allowed; use text of at most " + std::to_string(max_ballot_id) +
                  " bytes on one line, without control characters (or leave it empty)");
            row_ok = false;
        }
        const std::string_view cast_at = field_of(fields, c_cast_at);
        if (!cast_at.empty() && !is_utc_timestamp(cast_at)) {
            error("cast_at " + quoted(cast_at) + " is not an ISO 8601 UTC time such as 2024-05-01T09:30:00Z (or leave it empty)");
            row_ok = false;
        }
        if (!row_ok) {
            if (step && step->takes_ballots()) incomplete_ballots.insert(visit_text + '\n' + std::string(step_id));
            continue;
        }

        std::size_t index = last_index;
        const Ballot* last = have_last ? &batch.ballots[last_index].ballot : nullptr;
        if (!last || last->visit != visit || last->step != step_id) {
            auto at = ballot_index.find({visit, step_id});
            if (at == ballot_index.end()) {
                if (batch.ballots.size() == batch.ballots.capacity()) grow();
                index = batch.ballots.size();
                BallotBatch::BallotEntry& entry = batch.ballots.emplace_back();
                entry.line = line;
                entry.ballot.visit = visit;
                entry.ballot.step = step_id;
                entry.ballot.role = field_of(fields, c_role);
                entry.ballot.language = field_of(fields, c_lang);
                entry.ballot.cast_at = std::string(cast_at);
                entry.ballot.kiosk = kiosk;
                // One allocation for a ballot's marks instead of one per doubling.
                entry.ballot.marks.reserve(most_marks(*step));
                ballot_index.emplace(VisitStep(entry.ballot.visit, entry.ballot.step), index);
            } else {
                index = at->second;
            }
            last_index = index;
            have_last = true;
        }
        BallotBatch::BallotEntry& entry = batch.ballots[index];
        const auto same = std::find_if(entry.ballot.marks.begin(), entry.ballot.marks.end(),
                                       [&](const Mark& mark) { return mark.option == option; });
        if (same != entry.ballot.marks.end()) {
            error("duplicate row: ballot " + quoted(visit) + " already gives option " + quoted(option) +
                  " in step " + quoted(step_id) + " on line " +
                  std::to_string(entry.mark_line(static_cast<std::size_t>(same - entry.ballot.marks.begin()))) +
                  "; give each option one row");
            continue;
        }
        const std::string_view role = field_of(fields, c_role);
        const std::string_view lang = field_of(fields, c_lang);
        const auto differs = [&](std::string_view what, std::string_view first, std::string_view here) {
            error("ballot " + quoted(visit) + " in step " + quoted(step_id) + " gives " + std::string(what) + " " +
                  quoted(here) + " here but " + quoted(first) + " on line " + std::to_string(entry.line) +
                  "; all rows of one ballot must agree");
        };
        if (entry.ballot.role != role) differs("role", entry.ballot.role, role);
        if (entry.ballot.language != lang) differs("lang", entry.ballot.language, lang);
        // Lines are kept per mark only once a ballot's rows stop following each other.
        const std::size_t k = entry.ballot.marks.size();
        if (entry.mark_lines.empty() && entry.mark_line(k) != line)
            for (std::size_t i = 0; i < k; ++i) entry.mark_lines.push_back(entry.line + static_cast<int>(i));
        if (!entry.mark_lines.empty()) entry.mark_lines.push_back(line);
        entry.ballot.marks.push_back({std::string(option), value});
    }
    if (!reader.error().empty()) errors.push_back({file, reader.line(), 0, reader.error()});
    for (std::size_t i = 0; i < batch.ballots.size(); ++i) {
        BallotBatch::BallotEntry& entry = batch.ballots[i];
        entry.incomplete = !incomplete_ballots.empty() &&
                           incomplete_ballots.count(entry.ballot.visit + '\n' + entry.ballot.step) != 0;
    }
    if (const std::int64_t hint = session_column.value()) batch.session_hint = hint;
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

}  // namespace

ImportOutcome record_batch(Store& store, const Scenario& scenario, const BallotBatch& batch,
                           const RecordOptions& options) {
    ImportOutcome out;
    const std::string kiosk = options.kiosk.empty() ? host_name() : options.kiosk;
    const std::string source = std::string(to_string(options.source));
    Store::Transaction transaction(store, Store::Durability::bulk);
    if (!transaction.status()) {
        out.status = transaction.status();
        return out;
    }
    const std::string now = Store::now();

    // The session: the one asked for, or the newest of this very scenario file, or a new one.
    std::int64_t session = options.session;
    if (session != 0) {
        auto record = store.session(session);
        if (!record) {
            out.status = record.status();
            return out;
        }
        if (!*record) {
            out.status = Status::failure("database " + store.path() + " has no session " + std::to_string(session) +
                                         "; leave out --session to use the newest session of this scenario");
            return out;
        }
        if ((*record)->scenario_id != scenario.id || (*record)->scenario_sha256 != scenario.sha256) {
            out.status = Status::failure(
                "session " + std::to_string(session) + " ran " +
                ((*record)->scenario_id != scenario.id ? "scenario " + quoted((*record)->scenario_id)
                                                       : "another version of scenario " + quoted(scenario.id)) +
                ", not " + scenario.source_path + ": give the scenario file that session ran with, or leave out --session");
            return out;
        }
    } else {
        auto record = store.latest_session(scenario.id, scenario.sha256);
        if (!record) {
            out.status = record.status();
            return out;
        }
        if (*record) {
            session = (*record)->id;
        } else {
            auto created = store.add_session(scenario, kiosk, source, now, batch.session_hint);
            if (!created) {
                out.status = created.status();
                return out;
            }
            session = *created;
            out.report.created_session = true;
        }
    }
    out.report.session = session;

    // Ideas first: ballots may vote for them.
    auto stored_ideas = store.ideas(session);
    if (!stored_ideas) {
        out.status = stored_ideas.status();
        return out;
    }
    std::map<std::string, std::vector<Idea>> ideas_of;
    for (Idea& idea : *stored_ideas) ideas_of[idea.step].push_back(std::move(idea));
    std::vector<const BallotBatch::IdeaEntry*> new_ideas;
    for (const BallotBatch::IdeaEntry& entry : batch.ideas) {
        // The reader checked these already; a batch made in code (synth, tests) is checked here.
        const Step* step = scenario.find_step(entry.idea.step);
        if (!step) {
            out.rejected.push_back({batch.ideas_file, entry.line, 0,
                                    "unknown step " + quoted(entry.idea.step) + "; steps that collect ideas: " +
                                        step_list(scenario, true)});
            continue;
        }
        for (std::string& problem : check_idea_text(*step, entry.idea.text))
            out.rejected.push_back({batch.ideas_file, entry.line, 0, std::move(problem)});
        std::vector<Idea>& known = ideas_of[entry.idea.step];
        const auto same_id = std::find_if(known.begin(), known.end(), [&](const Idea& i) { return i.id == entry.idea.id; });
        if (same_id == known.end()) {
            known.push_back(entry.idea);
            new_ideas.push_back(&entry);
        } else if (same_id->text == entry.idea.text) {
            ++out.report.ideas_already;
        } else {
            out.rejected.push_back({batch.ideas_file, entry.line, 0,
                                    "idea " + quoted(entry.idea.id) + " of step " + quoted(entry.idea.step) +
                                        " is already recorded in session " + std::to_string(session) +
                                        " with another text; give this idea another id"});
        }
    }

    // Paper ballots typed in after the session ended or a step was closed need allow_closed.
    detail::SessionFlags flags;
    if (!out.report.created_session) {
        auto actions = store.actions(session);
        if (!actions) {
            out.status = actions.status();
            return out;
        }
        flags = detail::session_flags(*actions);
    }
    std::set<std::string> told_closed;  // one message per closed step (or the ended session)

    std::vector<const BallotBatch::BallotEntry*> new_ballots;
    new_ballots.reserve(batch.ballots.size());
    std::unordered_set<std::pair<std::string_view, std::string_view>, VisitStepHash> in_batch;  // (visit, step)
    in_batch.reserve(batch.ballots.size());
    std::unordered_set<std::string_view> new_visits;
    std::map<const Step*, StepOptionIds> option_ids;  // per step, once its ideas are all known
    for (const BallotBatch::BallotEntry& entry : batch.ballots) {
        const Ballot& ballot = entry.ballot;
        const auto reject = [&](const std::string& message, int line) {
            out.rejected.push_back({batch.ballots_file, line, 0, "ballot " + quoted(ballot.visit) + ": " + message});
        };
        if (!in_batch.emplace(ballot.visit, ballot.step).second) {
            reject("given twice for step " + quoted(ballot.step), entry.line);
            continue;
        }
        if (entry.incomplete) {
            // Its unreadable rows were reported by the reader; checking the rest would mislead.
            if (!options.check_only)
                reject("some rows of this ballot could not be read; fix them and import again", entry.line);
            continue;
        }
        // A session created just now, in this transaction, holds no ballots yet: no need to look.
        std::optional<StoredBallot> stored;
        if (!out.report.created_session) {
            auto found = store.find_ballot(session, ballot.visit, ballot.step);
            if (!found) {
                out.status = found.status();
                return out;
            }
            stored = std::move(*found);
        }
        if (stored) {
            if (same_ballot(stored->ballot, ballot))
                ++out.report.ballots_already;
            else
                reject("is already recorded in session " + std::to_string(session) + " for step " +
                           quoted(ballot.step) + " with other marks, role or language; a ballot id stands for one "
                           "participant's visit, give this ballot another id",
                       entry.line);
            continue;
        }
        if (!options.allow_closed) {
            const bool ended = flags.state == SessionState::ended;
            if ((ended || flags.closed_steps.count(ballot.step)) && told_closed.insert(ended ? "" : ballot.step).second)
                reject(ended ? "session " + std::to_string(session) + " has ended and takes no more ballots; to add paper "
                               "ballots collected during it, import with --allow-closed"
                             : "step " + quoted(ballot.step) + " is closed in session " + std::to_string(session) +
                                   "; to add paper ballots collected while it was open, import with --allow-closed",
                       entry.line);
        }
        // A problem with one mark is reported on that mark's row, one with the whole ballot on its first.
        std::vector<BallotProblem> problems;
        if (const Step* step = scenario.find_step(ballot.step)) {
            auto ids = option_ids.find(step);
            if (ids == option_ids.end()) ids = option_ids.try_emplace(step, *step, ideas_of[ballot.step]).first;
            problems = check_ballot_marks(scenario, ballot, ids->second);
        } else {
            problems = check_ballot_marks(scenario, ballot, ideas_of[ballot.step]);
        }
        for (BallotProblem& problem : problems) {
            const auto mark = static_cast<std::size_t>(problem.mark);
            reject(problem.message, problem.mark >= 0 ? entry.mark_line(mark) : entry.line);
        }
        new_ballots.push_back(&entry);
        new_visits.insert(ballot.visit);
    }
    if (!out.rejected.empty() || options.check_only) return out;  // rolled back: the file is as it was

    if (new_ballots.empty() && new_ideas.empty()) {
        // Nothing new (a re-import) changes nothing. Only files with no rows at all meet a session
        // just created: it is kept, so that the export of an empty session imports into an empty
        // database and exports again to the same files.
        if (out.report.created_session) out.status = transaction.commit();
        if (!out.status) out.report = ImportReport{};
        return out;
    }

    // Everything checked: write it all.
    for (const BallotBatch::IdeaEntry* entry : new_ideas) {
        Idea idea = entry->idea;
        if (idea.submitted_at.empty()) idea.submitted_at = now;
        out.status = store.add_idea(session, idea, kiosk, options.source);
        if (out.status && idea.hidden) {
            ActionRecord hide{0, now, source, std::string(action::idea_hidden), idea.step, idea.id,
                              "hidden in " + batch.ideas_file};
            out.status = store.add_action(session, hide);
        }
        if (!out.status) return out;
    }
    const std::size_t total = new_ballots.size();
    Ballot filled;
    for (std::size_t i = 0; i < total; ++i) {
        const Ballot* ballot = &new_ballots[i]->ballot;
        if (ballot->cast_at.empty() || ballot->kiosk.empty()) {  // copied only when it needs filling in
            filled = *ballot;
            if (filled.cast_at.empty()) filled.cast_at = now;
            if (filled.kiosk.empty()) filled.kiosk = kiosk;
            ballot = &filled;
        }
        auto added = store.add_ballot(session, *ballot, options.source);
        if (!added) {
            out.status = added.status();
            return out;
        }
        if (options.progress && (i % 4096 == 0)) options.progress(i, total);
    }
    if (options.progress) options.progress(total, total);
    out.report.ballots_recorded = total;
    out.report.visits_recorded = new_visits.size();
    out.report.ideas_recorded = new_ideas.size();
    {
        std::string from = batch.ballots_file.empty() ? std::string() : " from " + batch.ballots_file;
        if (!batch.ideas_file.empty()) from += (from.empty() ? " from " : " and ") + batch.ideas_file;
        ActionRecord note{0, now, source, source, "", "",
                          std::to_string(total) + " ballots, " + std::to_string(new_ideas.size()) + " ideas" + from};
        out.status = store.add_action(session, note);
        if (!out.status) return out;
    }
    out.status = transaction.commit();
    if (!out.status) out.report = ImportReport{};
    return out;
}

}  // namespace workshop
