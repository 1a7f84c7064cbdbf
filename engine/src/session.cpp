// session.cpp — one running workshop on top of the store.
//
// The kiosk asks for state (step open? counts? results?) every frame, so the Session keeps what
// it derived from the database in memory and drops it after each of its own writes, or when
// another program (say `workshop import`) committed to the same file (PRAGMA data_version).
#include "workshop/session.h"

#include "internal_access.h"
#include "live_tally.h"
#include "quoted.h"
#include "session_state.h"
#include "sha256.h"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>

#include "workshop/exchange.h"
#include "workshop/hub.h"
#include "workshop/store.h"

namespace workshop {

detail::SessionFlags detail::session_flags(const std::vector<ActionRecord>& actions) {
    SessionFlags flags;
    for (const ActionRecord& a : actions) {
        if (a.action == action::session_paused) flags.state = SessionState::paused;
        else if (a.action == action::session_resumed) flags.state = SessionState::running;
        else if (a.action == action::session_ended) flags.state = SessionState::ended;
        else if (a.action == action::step_closed) flags.closed_steps.insert(a.step);
        else if (a.action == action::step_opened) flags.closed_steps.erase(a.step);
        else if (a.action == action::results_revealed) flags.revealed_steps.insert(a.step);
        else if (a.action == action::results_hidden) flags.revealed_steps.erase(a.step);
    }
    return flags;
}

std::string_view to_string(SessionState state) {
    switch (state) {
    case SessionState::running: return "running";
    case SessionState::paused: return "paused";
    case SessionState::ended: return "ended";
    }
    return "running";
}

using detail::quoted;

struct Session::Impl {
    std::unique_ptr<Store> store;
    Scenario scenario;
    SessionOptions options;
    std::int64_t id = 0;
    std::string kiosk;
    std::string last_error;

    // Derived from the audit log (latest action wins).
    SessionState state = SessionState::running;
    std::set<std::string> closed_steps;
    std::set<std::string> revealed_steps;

    // Read caches, dropped on every write.
    std::map<std::string, std::vector<Idea>> ideas;  // per step, hidden ones included
    // Ballots per step and role, visits: topped up after a change, never counted again whole
    // (unless a ballot was voided; see LiveCounts).
    detail::LiveCounts counts;
    bool counts_current = false;
    std::map<std::string, StepResult> results;
    std::map<std::string, std::vector<RoleResult>> role_results;
    std::map<std::string, std::vector<RoleGroup>> visible_groups;
    std::map<std::string, ShownResults> shown;  // what shared screens show per step (shown_results)
    // What shown_results returned after a failed read, per step (not kept above): one place per
    // step, so that a reference it gave keeps naming that step until changes() moves.
    std::map<std::string, ShownResults> shown_unkept;

    // Records the outcome of a storage operation for last_storage_error().
    Status storage(Status status) {
        last_error = status.ok ? std::string() : status.message;
        return status;
    }
    // A failed read is reported through last_storage_error, and what was computed from it is
    // not cached, so that the next call tries again.
    void read_failed(const Status& status) {
        last_error = status.message;
        ++read_failures;
    }
    int read_failures = 0;

    Status load_state() {
        auto actions = store->actions(id);
        if (!actions) return actions.status();
        detail::SessionFlags flags = detail::session_flags(*actions);
        state = flags.state;
        closed_steps = std::move(flags.closed_steps);
        revealed_steps = std::move(flags.revealed_steps);
        return Status::success();
    }

    std::uint64_t changes = 0;  // Session::changes(): every forget() is a change

    // Writes committed through this Session, shared with its readers (open_reader), and the
    // snapshot a reader made that answers the reads until the next write (Session::adopt).
    std::shared_ptr<std::atomic<std::uint64_t>> own_writes = std::make_shared<std::atomic<std::uint64_t>>(0);
    std::shared_ptr<const SessionSnapshot> adopted;

    // After each committed write: the adopted snapshot lacks it, so the reads are answered from
    // the file again (the tallies top up from where they were). Its flags may be older than the
    // snapshot's: read again.
    void wrote() {
        own_writes->fetch_add(1);
        const bool had_snapshot = adopted != nullptr;
        adopted.reset();
        forget();
        if (!had_snapshot) return;
        if (Status loaded = load_state(); !loaded) read_failed(loaded);
    }

    void forget() {
        ++changes;
        ideas.clear();
        counts_current = false;
        results.clear();
        role_results.clear();
        visible_groups.clear();
        shown.clear();
    }

    // Called before answering from the caches: another program may have written.
    void refresh() {
        if (!store->changed_elsewhere()) return;
        forget();
        if (Status loaded = load_state(); !loaded) read_failed(loaded);
    }
    // Before a read: unless the caller checks once per frame (set_check_each_read).
    bool check_each_read = true;
    void refresh_for_read() {
        if (check_each_read) refresh();
    }

    const std::vector<Idea>& ideas_of(const std::string& step) {
        auto found = ideas.find(step);
        if (found != ideas.end()) return found->second;
        auto loaded = store->ideas(id, step);
        if (!loaded) {
            read_failed(loaded.status());
            static const std::vector<Idea> none;
            return none;
        }
        return ideas.emplace(step, std::move(*loaded)).first->second;
    }

    // The streaming tallies of one step (live_tally.h): its results and held bars. Another list
    // of ideas (one added, hidden), a void or a reordered hub number starts them again.
    std::map<std::string, std::unique_ptr<detail::LiveTally>> live;  // per step
    // On a hub: this kiosk's own held ballots not yet pushed, kept whole (live_tally.h), at most
    // these (past them, a day offline or paper ballots imported, a reorder reads the step again).
    static constexpr std::size_t recent_kept = 512;

    static bool same_ideas(const std::vector<Idea>& a, const std::vector<Idea>& b) {
        return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const Idea& x, const Idea& y) {
            return x.id == y.id && x.hidden == y.hidden && x.text == y.text && x.language == y.language;
        });
    }

    // The step's live tally with every ballot recorded so far; null when reading failed.
    detail::LiveTally* live_tally(const Step& step) {
        // Read once per change: the total, the groups and the held bars of one arrival ask each
        // (each query is a read transaction of its own, on the UI thread).
        if (auto found = live.find(step.id); found != live.end() && found->second->read_at == changes)
            return found->second.get();
        const std::vector<Idea>& ideas_now = ideas_of(step.id);
        std::unique_ptr<detail::LiveTally>& tally = live[step.id];
        const auto start = [&] {
            tally = std::make_unique<detail::LiveTally>(scenario, step, ideas_now, scenario.results.min_group_size,
                                                        options.hub ? recent_kept : 0);
        };
        if (!tally || !same_ideas(tally->ideas(), ideas_now)) start();
        Status read = Status::success();
        if (!tally->update(*store, id, read)) {
            start();
            tally->update(*store, id, read);
        }
        if (!read) {
            read_failed(read);
            live.erase(step.id);
            return nullptr;
        }
        tally->read_at = changes;
        return tally.get();
    }

    // The live counts with every ballot recorded so far; null when reading failed.
    const detail::LiveCounts* counts_now() {
        if (counts_current) return &counts;
        if (Status read = detail::StoreAccess::update_counts(*store, id, counts); !read) {
            read_failed(read);
            counts = detail::LiveCounts{};
            return nullptr;
        }
        counts_current = true;
        return &counts;
    }

    std::vector<Ballot> ballots_of(const std::string& step) {
        std::vector<Ballot> ballots;
        if (Status loaded = store->load_ballots(id, step, ballots); !loaded) read_failed(loaded);
        return ballots;
    }

    // One facilitator action, written and committed on its own.
    Status record(std::string_view name, const std::string& step, const std::string& target,
                  const std::string& detail, const std::string& actor) {
        Store::Transaction transaction(*store, Store::Durability::full);
        if (!transaction.status()) return storage(transaction.status());
        ActionRecord record{0, Store::now(), actor, std::string(name), step, target, detail};
        if (Status added = store->add_action(id, record); !added) return storage(added);
        Status committed = storage(transaction.commit());
        wrote();
        if (Status loaded = load_state(); !loaded) read_failed(loaded);
        return committed;
    }
    Status record(std::string_view name, const std::string& step = {}, const std::string& target = {},
                  const std::string& detail = {}) {
        return record(name, step, target, detail, options.actor);
    }

    std::vector<Problem> turn_refusals(std::string_view what) const;
    void check_new_ideas(const std::vector<Idea>& new_ideas, CastReport& report) const;
    Status name_new_ideas(std::vector<Idea>& new_ideas, std::map<std::string, std::string>& renamed);
    void check_ballots(const std::vector<Ballot>& ballots, const std::vector<Idea>& new_ideas, CastReport& report);
    Status write_visit(const std::vector<Ballot>& ballots, const std::vector<Idea>& new_ideas, const std::string& visit,
                       CastReport& report);

    Status hide_ideas_of(const std::string& visit, const std::string& actor, const std::string& now);

    Status ended_refusal(std::string_view what) const {
        return Status::failure("the session has ended: " + std::string(what) +
                               "; open the scenario again to start a new session");
    }
};

Session::Session(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Session::~Session() = default;

Outcome<std::unique_ptr<Session>> Session::open(const std::string& db_path, Scenario scenario,
                                                const SessionOptions& options) {
    if (scenario.id.empty() || scenario.languages.empty() || scenario.steps.empty())
        return Status::failure("the scenario is not loaded: load and validate the scenario file first");
    if (scenario.sha256.empty()) scenario.sha256 = sha256_hex(scenario.source_text);

    auto store = Store::open(db_path, Store::OpenMode::create);
    if (!store) return store.status();

    auto impl = std::make_unique<Impl>();
    impl->store = std::move(*store);
    impl->scenario = std::move(scenario);
    impl->options = options;
    impl->kiosk = options.kiosk_id.empty() ? host_name() : options.kiosk_id;

    std::optional<SessionRecord> existing;
    if (options.resume) {
        auto latest = impl->store->latest_session(impl->scenario.id, impl->scenario.sha256, true);
        if (!latest) return latest.status();
        existing = std::move(*latest);
    }
    if (existing) {
        impl->id = existing->id;
        // The same scenario text, but its pictures may have changed on disk since: show what
        // this session's voters saw.
        auto pictures = impl->store->pictures(impl->id);
        if (!pictures) return pictures.status();
        impl->scenario.pictures = std::move(*pictures);
    } else {
        Store::Transaction transaction(*impl->store, Store::Durability::full);
        if (!transaction.status()) return transaction.status();
        auto created = impl->store->add_session(impl->scenario, impl->kiosk, "kiosk", Store::now());
        if (!created) return created.status();
        if (Status committed = transaction.commit(); !committed) return committed;
        impl->id = *created;
    }
    impl->store->changed_elsewhere();  // sets the baseline
    if (Status loaded = impl->load_state(); !loaded) return loaded;
    return std::unique_ptr<Session>(new Session(std::move(impl)));
}

const Scenario& Session::scenario() const { return m_impl->scenario; }
std::int64_t Session::id() const { return m_impl->id; }
const std::string& Session::database_path() const { return m_impl->store->path(); }
Store& detail::SessionAccess::store(Session& session) { return *session.m_impl->store; }

// --- participants -------------------------------------------------------------------------

std::string Session::new_visit_id() { return new_global_id(); }

std::string CastReport::message() const {
    if (problems.empty()) return {};
    std::string message = "the visit was not recorded: " + problems.front().message;
    for (std::size_t i = 1; i < problems.size(); ++i) message += "; " + problems[i].message;
    return message;
}

namespace {

Problem visit_problem(ProblemCode code, std::string message, const std::string& step = {}) {
    Problem p;
    p.code = code;
    p.step = step;
    p.message = std::move(message);
    return p;
}

// A new idea's id: idea-N, N counting the step's ideas, skipping ids a file option or an import
// already uses. On a hub, ideas from every kiosk meet: a global id instead (hub.md, Ideas travel).
std::string new_idea_id(const Step& step, const std::vector<Idea>& known, bool hub) {
    const auto taken = [&](const std::string& id) {
        return step.find_option(id) ||
               std::any_of(known.begin(), known.end(), [&](const Idea& other) { return other.id == id; });
    };
    for (std::size_t n = known.size() + 1;; ++n) {
        std::string id = hub ? "idea-" + new_global_id() : "idea-" + std::to_string(n);
        if (!taken(id)) return id;
    }
}

}  // namespace

// Why the session takes no turn now (paused, ended), as problems; none while it runs.
std::vector<Problem> Session::Impl::turn_refusals(std::string_view what) const {
    if (state == SessionState::paused)
        return {visit_problem(ProblemCode::session_paused,
                              "the session is paused: the facilitator must resume it before " + std::string(what) + " are accepted")};
    if (state == SessionState::ended)
        return {visit_problem(ProblemCode::session_ended, ended_refusal("no more " + std::string(what) + " are accepted").message)};
    return {};
}

// The visit's new ideas: each step open and collecting, each text acceptable, at most
// max_ideas_per_visit of them.
void Session::Impl::check_new_ideas(const std::vector<Idea>& new_ideas, CastReport& report) const {
    if (static_cast<int>(new_ideas.size()) > max_ideas_per_visit) {
        Problem p = visit_problem(ProblemCode::too_many_ideas,
                                  std::to_string(new_ideas.size()) + " ideas in one visit, at most " +
                                      std::to_string(max_ideas_per_visit) + " allowed");
        p.count = static_cast<long long>(new_ideas.size());
        p.limit = max_ideas_per_visit;
        report.problems.push_back(std::move(p));
    }
    for (const Idea& idea : new_ideas) {
        const Step* step = scenario.find_step(idea.step);
        if (!step) {
            report.problems.push_back(visit_problem(ProblemCode::unknown_step, "unknown step " + quoted(idea.step), idea.step));
            continue;
        }
        if (closed_steps.count(idea.step))
            report.problems.push_back(visit_problem(ProblemCode::step_closed, "step " + quoted(idea.step) +
                " is closed: the facilitator must open it before it takes ideas", idea.step));
        for (Problem& problem : check_idea_problems(*step, idea.text)) report.problems.push_back(std::move(problem));
        if (!idea.language.empty() && !scenario.has_language(idea.language)) {
            Problem p = visit_problem(ProblemCode::unknown_language, "unknown language " + quoted(idea.language), idea.step);
            p.option = idea.language;
            report.problems.push_back(std::move(p));
        }
    }
}

// Gives each new idea its real id (new_idea_id); read inside the write transaction, so ids stay
// unique.
Status Session::Impl::name_new_ideas(std::vector<Idea>& new_ideas, std::map<std::string, std::string>& renamed) {
    std::map<std::string, std::vector<Idea>> known;
    for (Idea& idea : new_ideas) {
        auto found = known.find(idea.step);
        if (found == known.end()) {
            auto loaded = store->ideas(id, idea.step);
            if (!loaded) return loaded.status();
            found = known.emplace(idea.step, std::move(*loaded)).first;
        }
        std::vector<Idea>& taken_ids = found->second;
        const std::string real = new_idea_id(*scenario.find_step(idea.step), taken_ids, options.hub);
        renamed[idea.step + '\n' + idea.id] = real;
        idea.id = real;
        taken_ids.push_back(idea);
    }
    return Status::success();
}

// Every ballot: one per step, one visit id, step open, not cast before, and check_ballot
// against the step's ideas and this visit's new ones.
void Session::Impl::check_ballots(const std::vector<Ballot>& ballots, const std::vector<Idea>& new_ideas,
                                  CastReport& report) {
    const std::string& visit = ballots.front().visit;
    std::set<std::string> steps;
    for (std::size_t i = 0; i < ballots.size(); ++i) {
        const Ballot& ballot = ballots[i];
        const std::size_t before = report.problems.size();
        if (ballot.visit != visit) {
            report.problems.push_back(visit_problem(ProblemCode::visit_id_mismatch,
                                                    "the ballots of one visit must share one visit id", ballot.step));
        } else if (!steps.insert(ballot.step).second) {
            report.problems.push_back(visit_problem(ProblemCode::two_ballots_for_step, "step " + quoted(ballot.step) +
                ": two ballots in one visit; a visit gives one per step", ballot.step));
        } else {
            if (scenario.find_step(ballot.step) && closed_steps.count(ballot.step))
                report.problems.push_back(visit_problem(ProblemCode::step_closed, "step " + quoted(ballot.step) +
                    " is closed: the facilitator must open it before it takes ballots", ballot.step));
            const std::vector<Idea>& collected = ideas_of(ballot.step);
            const bool adds = std::any_of(new_ideas.begin(), new_ideas.end(), [&](const Idea& idea) { return idea.step == ballot.step; });
            std::vector<Idea> with_new;  // copied only when this visit adds ideas to the step
            if (adds) {
                with_new = collected;
                for (const Idea& idea : new_ideas)
                    if (idea.step == ballot.step) with_new.push_back(idea);
            }
            for (Problem& problem : check_ballot_marks(scenario, ballot, adds ? with_new : collected))
                report.problems.push_back(std::move(problem));
        }
        if (report.failed_ballot < 0 && report.problems.size() > before) report.failed_ballot = static_cast<int>(i);
    }
}

// Writes the checked visit: its ideas (each with its idea_added action) and its ballots.
Status Session::Impl::write_visit(const std::vector<Ballot>& ballots, const std::vector<Idea>& new_ideas,
                                  const std::string& visit, CastReport& report) {
    const std::string now = Store::now();
    for (const Idea& given : new_ideas) {
        Idea idea = given;
        idea.submitted_at = now;
        idea.hidden = false;
        if (Status added = store->add_idea(id, idea, kiosk, BallotSource::kiosk); !added) return added;
        ActionRecord record{0, now, options.actor, std::string(action::idea_added), idea.step, idea.id, visit};
        if (Status logged = store->add_action(id, record); !logged) return logged;
        report.ideas.push_back(std::move(idea));
    }
    for (std::size_t i = 0; i < ballots.size(); ++i) {
        const Ballot& given = ballots[i];
        auto stored = store->find_ballot(id, given.visit, given.step);
        if (!stored) return stored.status();
        if (*stored) {
            Problem p = visit_problem(ProblemCode::already_voted, "visit " + quoted(visit) + " already voted in step " +
                                                                      quoted(given.step), given.step);
            report.problems.push_back(std::move(p));
            report.failed_ballot = static_cast<int>(i);
            return Status::success();
        }
        Ballot ballot = given;
        if (ballot.cast_at.empty()) ballot.cast_at = now;
        if (ballot.kiosk.empty()) ballot.kiosk = kiosk;
        if (auto added = store->add_ballot(id, ballot, BallotSource::kiosk); !added) return added.status();
    }
    return Status::success();
}

CastReport Session::cast_visit(const VisitCast& cast) {
    Impl& s = *m_impl;
    CastReport report;
    if (cast.ballots.empty() && cast.ideas.empty()) {
        report.problems.push_back(visit_problem(ProblemCode::empty_visit,
                                                "the visit has no ballot and no idea; there is nothing to record"));
        return report;
    }
    s.refresh();
    report.problems = s.turn_refusals(cast.ballots.empty() ? "ideas" : "ballots");
    if (!report.ok()) return report;
    s.check_new_ideas(cast.ideas, report);
    if (!report.ok()) return report;

    const auto storage_problem = [&](const Status& status) {
        s.storage(status);
        Problem p = visit_problem(ProblemCode::storage, status.message);
        p.option = status.message;
        report.problems.push_back(std::move(p));
        report.ideas.clear();
        return report;
    };
    Store::Transaction transaction(*s.store, Store::Durability::full);
    if (!transaction.status()) return storage_problem(transaction.status());
    std::vector<Idea> ideas = cast.ideas;
    std::map<std::string, std::string> renamed;  // "step\nprovisional id" -> real id
    if (Status named = s.name_new_ideas(ideas, renamed); !named) return storage_problem(named);
    std::vector<Ballot> ballots = cast.ballots;
    for (Ballot& ballot : ballots)
        for (Mark& mark : ballot.marks)
            if (auto real = renamed.find(ballot.step + '\n' + mark.option); real != renamed.end()) mark.option = real->second;
    if (!ballots.empty()) s.check_ballots(ballots, ideas, report);
    if (!report.ok()) return report;

    const std::string visit = !cast.visit.empty() || ballots.empty() ? cast.visit : ballots.front().visit;
    if (Status written = s.write_visit(ballots, ideas, visit, report); !written) return storage_problem(written);
    if (!report.ok()) {
        report.ideas.clear();
        return report;
    }
    if (Status committed = s.storage(transaction.commit()); !committed) return storage_problem(committed);
    s.wrote();
    return report;
}

Status Session::cast_visit(const std::vector<Ballot>& ballots) {
    const CastReport report = cast_visit(VisitCast{{}, ballots, {}});
    if (report.ok()) return Status::success();
    // Refusals of the session as a whole read as before, without "the visit was not recorded".
    const ProblemCode first = report.problems.front().code;
    if (first == ProblemCode::session_paused || first == ProblemCode::session_ended || first == ProblemCode::storage)
        return Status::failure(report.problems.front().message);
    return Status::failure(report.message());
}

Outcome<Idea> Session::add_idea(const std::string& step_id, const std::string& text, const std::string& language) {
    Impl& s = *m_impl;
    s.refresh();
    if (s.state == SessionState::paused)
        return Status::failure("the session is paused: the facilitator must resume it before ideas are accepted");
    if (s.state == SessionState::ended) return s.ended_refusal("no more ideas are accepted");
    const Step* step = s.scenario.find_step(step_id);
    if (!step) return Status::failure("unknown step " + quoted(step_id));
    if (s.closed_steps.count(step_id))
        return Status::failure("step " + quoted(step_id) + " is closed: the facilitator must open it before it takes ideas");
    std::vector<std::string> problems = check_idea_text(*step, text);
    if (!language.empty() && !s.scenario.has_language(language))
        problems.push_back("unknown language " + quoted(language));
    if (!problems.empty()) {
        std::string message = problems.front();
        for (std::size_t i = 1; i < problems.size(); ++i) message += "; " + problems[i];
        return Status::failure(message);
    }

    Store::Transaction transaction(*s.store, Store::Durability::full);
    if (!transaction.status()) return s.storage(transaction.status());
    auto known = s.store->ideas(s.id, step_id);  // read inside the transaction: ids stay unique
    if (!known) return s.storage(known.status());
    Idea idea;
    idea.step = step_id;
    idea.text = text;
    idea.language = language;
    idea.submitted_at = Store::now();
    idea.id = new_idea_id(*step, *known, s.options.hub);
    if (Status added = s.store->add_idea(s.id, idea, s.kiosk, BallotSource::kiosk); !added) return s.storage(added);
    Status committed = s.storage(transaction.commit());
    s.wrote();
    if (!committed) return committed;
    return idea;
}

std::vector<Idea> Session::ideas(const std::string& step_id, bool include_hidden) const {
    std::vector<Idea> out;
    if (const SessionSnapshot* snap = m_impl->adopted.get()) {
        if (auto found = snap->ideas.find(step_id); found != snap->ideas.end()) out = found->second;
    } else {
        m_impl->refresh_for_read();
        out = m_impl->ideas_of(step_id);
    }
    if (!include_hidden) std::erase_if(out, [](const Idea& idea) { return idea.hidden; });
    return out;
}

bool Session::has_idea(std::string_view step_id, std::string_view idea_id) const {
    static const std::vector<Idea> none;
    const std::vector<Idea>* ideas = &none;
    if (const SessionSnapshot* snap = m_impl->adopted.get()) {
        if (auto found = snap->ideas.find(std::string(step_id)); found != snap->ideas.end()) ideas = &found->second;
    } else {
        m_impl->refresh_for_read();
        ideas = &m_impl->ideas_of(std::string(step_id));
    }
    const std::vector<Idea>& known = *ideas;
    return std::any_of(known.begin(), known.end(), [&](const Idea& idea) { return idea.id == idea_id && !idea.hidden; });
}

// --- what the facilitator controls --------------------------------------------------------

SessionState Session::state() const {
    if (const SessionSnapshot* snap = m_impl->adopted.get()) return snap->state;
    m_impl->refresh_for_read();
    return m_impl->state;
}

bool Session::step_open(const std::string& step_id) const {
    if (const SessionSnapshot* snap = m_impl->adopted.get()) return snap->closed_steps.count(step_id) == 0;
    m_impl->refresh_for_read();
    return m_impl->closed_steps.count(step_id) == 0;
}

bool Session::revealed(const std::string& step_id) const {
    if (const SessionSnapshot* snap = m_impl->adopted.get()) return snap->revealed_steps.count(step_id) != 0;
    m_impl->refresh_for_read();
    return m_impl->revealed_steps.count(step_id) != 0;
}

Status Session::pause() {
    Impl& s = *m_impl;
    s.refresh();
    if (s.state == SessionState::ended) return s.ended_refusal("it cannot be paused");
    if (s.state == SessionState::paused) return Status::success();
    return s.record(action::session_paused);
}

Status Session::resume() {
    Impl& s = *m_impl;
    s.refresh();
    if (s.state == SessionState::ended) return s.ended_refusal("it cannot be resumed");
    if (s.state == SessionState::running) return Status::success();
    return s.record(action::session_resumed);
}

Status Session::end() {
    Impl& s = *m_impl;
    s.refresh();
    if (s.state == SessionState::ended) return Status::success();
    return s.record(action::session_ended);
}

Status Session::set_step_open(const std::string& step_id, bool open) {
    Impl& s = *m_impl;
    if (!s.scenario.find_step(step_id)) return Status::failure("unknown step " + quoted(step_id));
    if (step_open(step_id) == open) return Status::success();
    return s.record(open ? action::step_opened : action::step_closed, step_id);
}

Status Session::set_revealed(const std::string& step_id, bool show) {
    Impl& s = *m_impl;
    if (!s.scenario.find_step(step_id)) return Status::failure("unknown step " + quoted(step_id));
    if (revealed(step_id) == show) return Status::success();
    return s.record(show ? action::results_revealed : action::results_hidden, step_id);
}

Status Session::set_idea_hidden(const std::string& step_id, const std::string& idea_id, bool hidden) {
    Impl& s = *m_impl;
    s.refresh();
    const std::vector<Idea>& known = s.ideas_of(step_id);
    const auto idea = std::find_if(known.begin(), known.end(), [&](const Idea& i) { return i.id == idea_id; });
    if (idea == known.end()) return Status::failure("step " + quoted(step_id) + " has no idea " + quoted(idea_id));
    if (idea->hidden == hidden) return Status::success();
    return s.record(hidden ? action::idea_hidden : action::idea_shown, step_id, idea_id);
}

Outcome<std::string> Session::void_last_visit(const std::string& who) {
    Impl& s = *m_impl;
    Store::Transaction transaction(*s.store, Store::Durability::full);
    if (!transaction.status()) return s.storage(transaction.status());
    // Only visits cast at this screen: undo must never reach an imported paper ballot, nor a
    // ballot another kiosk cast and the hub brought here (hub.md, Shared facilitation).
    auto visit = s.store->last_visit(s.id, BallotSource::kiosk, s.kiosk);
    if (!visit) return s.storage(visit.status());
    if (visit->empty()) return Status::failure("there is no visit to undo");
    const std::string now = Store::now();
    const std::string actor = who.empty() ? s.options.actor : who;
    auto voided = s.store->void_visit(s.id, *visit, actor, now, "undo of the last visit");
    if (!voided) return s.storage(voided.status());
    ActionRecord record{0, now, actor, std::string(action::visit_voided), "", *visit,
                        std::to_string(*voided) + " ballots voided"};
    if (Status added = s.store->add_action(s.id, record); !added) return s.storage(added);
    if (Status hidden = s.hide_ideas_of(*visit, actor, now); !hidden) return s.storage(hidden);
    Status committed = s.storage(transaction.commit());
    s.wrote();
    if (!committed) return committed;
    return *visit;
}

// The ideas a voided visit added leave the wall with it (hidden, as a facilitator would).
Status Session::Impl::hide_ideas_of(const std::string& visit, const std::string& actor, const std::string& now) {
    auto actions = store->actions(id);
    if (!actions) return actions.status();
    for (const ActionRecord& added : *actions) {
        if (added.action != action::idea_added || added.detail != visit) continue;
        ActionRecord record{0, now, actor, std::string(action::idea_hidden), added.step, added.target,
                            "undo of visit " + visit};
        if (Status logged = store->add_action(id, record); !logged) return logged;
    }
    return Status::success();
}

Status Session::log_action(const std::string& name, const std::string& detail) {
    if (name.empty()) return Status::failure("an action needs a name");
    if (action::is_reserved(name))
        return Status::failure("action " + quoted(name) + " is kept for the session's own state; use the method that does it");
    return m_impl->record(name, {}, {}, detail);
}

Outcome<std::vector<ActionRecord>> Session::actions_named(std::string_view a, std::string_view b) const {
    return m_impl->store->actions_named(a, b);
}

// --- results ------------------------------------------------------------------------------

StepResult Session::results(const std::string& step_id) const {
    Impl& s = *m_impl;
    s.refresh_for_read();
    if (auto found = s.results.find(step_id); found != s.results.end()) return found->second;
    const Step* step = s.scenario.find_step(step_id);
    StepResult result;
    result.step = step_id;
    if (!step) return result;
    if (!step->takes_ballots()) {
        result.type = step->type;
        return result;
    }
    if (const SessionSnapshot* snap = s.adopted.get())
        if (auto found = snap->results.find(step_id); found != snap->results.end()) return found->second;
    const int failures = s.read_failures;
    const detail::LiveTally* live = s.live_tally(*step);
    if (live) result = live->total().result();
    if (s.read_failures != failures) return result;
    return s.results.emplace(step_id, std::move(result)).first->second;
}

std::vector<RoleResult> Session::results_by_role(const std::string& step_id) const {
    Impl& s = *m_impl;
    s.refresh_for_read();
    if (auto found = s.role_results.find(step_id); found != s.role_results.end()) return found->second;
    const Step* step = s.scenario.find_step(step_id);
    if (!step || !step->takes_ballots()) return {};
    const int failures = s.read_failures;
    auto result = tally_by_role(s.scenario, *step, s.ideas_of(step_id), s.ballots_of(step_id));
    if (s.read_failures != failures) return result;
    return s.role_results.emplace(step_id, std::move(result)).first->second;
}

std::vector<RoleGroup> Session::visible_groups(const std::string& step_id) const {
    Impl& s = *m_impl;
    s.refresh_for_read();
    if (auto found = s.visible_groups.find(step_id); found != s.visible_groups.end()) return found->second;
    const Step* step = s.scenario.find_step(step_id);
    if (!step || !step->takes_ballots()) return {};
    if (const SessionSnapshot* snap = s.adopted.get())
        if (auto found = snap->groups.find(step_id); found != snap->groups.end()) return found->second;
    const int failures = s.read_failures;
    const detail::LiveTally* live = s.live_tally(*step);
    if (!live) return {};
    auto groups = visible_role_groups(live->groups(), s.scenario.results.min_group_size);
    if (s.read_failures != failures) return groups;
    return s.visible_groups.emplace(step_id, std::move(groups)).first->second;
}

const ShownResults& Session::shown_results(const std::string& step_id) const {
    Impl& s = *m_impl;
    if (const SessionSnapshot* snap = s.adopted.get())
        if (auto found = snap->shown.find(step_id); found != snap->shown.end()) return found->second;
    if (!s.adopted) s.refresh_for_read();  // an adopted snapshot answers without the file
    if (auto found = s.shown.find(step_id); found != s.shown.end()) return found->second;
    const int failures = s.read_failures;
    ShownResults shown;
    shown.result = results(step_id);
    shown.ballots_now = shown.result.ballots;
    const Step* step = s.scenario.find_step(step_id);
    const int step_size = std::max(1, s.scenario.results.min_group_size);
    if (step && step->takes_ballots() && state() != SessionState::ended && step_open(step_id)) {
        // Voting is open: the held bars and groups, of the same first ballots (live_tally.h).
        if (const detail::LiveTally* live = s.live_tally(*step)) {
            shown.result = live->held();
            shown.groups = live->held_groups();
        }
        shown.in_steps = step_size > 1;
    } else {
        shown.groups = visible_groups(step_id);
    }
    if (s.read_failures != failures) {  // a failed read is not kept
        ShownResults& unkept = s.shown_unkept[step_id];
        unkept = std::move(shown);
        return unkept;
    }
    return s.shown.emplace(step_id, std::move(shown)).first->second;
}

std::map<std::string, int> Session::ballot_counts(const std::string& step_id) const {
    Impl& s = *m_impl;
    if (const SessionSnapshot* snap = s.adopted.get()) {
        auto found = snap->ballot_counts.find(step_id);
        return found == snap->ballot_counts.end() ? std::map<std::string, int>{} : found->second;
    }
    s.refresh_for_read();
    const detail::LiveCounts* counts = s.counts_now();
    if (!counts) return {};
    auto found = counts->ballots.find(step_id);
    return found == counts->ballots.end() ? std::map<std::string, int>{} : found->second;
}

std::uint64_t Session::changes() const { return m_impl->changes; }

void Session::set_check_each_read(bool check) { m_impl->check_each_read = check; }

void Session::check_for_changes() { m_impl->refresh(); }

int Session::visit_count() const {
    Impl& s = *m_impl;
    if (const SessionSnapshot* snap = s.adopted.get()) return snap->visits;
    s.refresh_for_read();
    const detail::LiveCounts* counts = s.counts_now();
    return counts ? counts->visits : 0;
}

// --- reading on another thread -----------------------------------------------------------

Outcome<std::unique_ptr<Session>> Session::open_reader() const {
    const Impl& s = *m_impl;
    auto store = Store::open(s.store->path(), Store::OpenMode::existing);
    if (!store) return store.status();
    auto impl = std::make_unique<Impl>();
    impl->store = std::move(*store);
    impl->scenario = s.scenario;
    impl->options = s.options;
    impl->id = s.id;
    impl->kiosk = s.kiosk;
    impl->own_writes = s.own_writes;
    impl->check_each_read = false;  // snapshot() checks once, inside its read transaction
    impl->store->changed_elsewhere();  // sets the baseline
    if (Status loaded = impl->load_state(); !loaded) return loaded;
    return std::unique_ptr<Session>(new Session(std::move(impl)));
}

std::shared_ptr<const SessionSnapshot> Session::snapshot() {
    Impl& s = *m_impl;
    auto snap = std::make_shared<SessionSnapshot>();
    snap->writes = s.own_writes->load();  // before reading: a write counted here is in the file read below
    // One read transaction: every part of the snapshot sees the file at the same moment, even
    // while the sync thread commits a pull.
    sqlite3* db = detail::handle_of(*s.store);
    const bool in_transaction = sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
    s.refresh();
    const int failures = s.read_failures;
    snap->state = s.state;
    snap->closed_steps = s.closed_steps;
    snap->revealed_steps = s.revealed_steps;
    for (const Step& step : s.scenario.steps) {
        snap->ideas[step.id] = s.ideas_of(step.id);
        if (!step.takes_ballots()) continue;
        snap->results[step.id] = results(step.id);
        snap->groups[step.id] = visible_groups(step.id);
        snap->shown[step.id] = shown_results(step.id);
        snap->ballot_counts[step.id] = ballot_counts(step.id);
    }
    snap->visits = visit_count();
    if (in_transaction) sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    if (s.read_failures != failures) return nullptr;
    return snap;
}

bool Session::adopt(std::shared_ptr<const SessionSnapshot> snapshot) {
    Impl& s = *m_impl;
    if (!snapshot || snapshot->writes != s.own_writes->load()) return false;
    s.adopted = std::move(snapshot);
    s.forget();  // a read cached from the file (after this Session's own write) must not outlive it
    return true;
}

std::uint64_t Session::writes() const { return m_impl->own_writes->load(); }

Outcome<ExportReport> Session::export_csv(const std::string& dir, const CsvStyle& style, const ExportOptions& options) const {
    return export_session(*m_impl->store, m_impl->id, m_impl->scenario, dir, style, options);
}

const std::string& Session::last_storage_error() const { return m_impl->last_error; }

}  // namespace workshop
