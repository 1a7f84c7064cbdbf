// summary.cpp — one session's results in memory: what the report and the workbook show.
#include <optional>
#include <unordered_map>

#include "workshop/exchange.h"
#include "workshop/hub.h"
#include "workbook.h"
#include "workshop/report.h"

#include "internal_access.h"

namespace workshop {

struct SummaryBuilder::State {
    State(Scenario s, std::vector<Idea> i, SessionFigures f)
        : scenario(std::move(s)), ideas(std::move(i)), figures(std::move(f)) {}
    Scenario scenario;  // the tallies refer to its steps and to `ideas`: neither moves after this
    std::vector<Idea> ideas;
    SessionFigures figures;
    struct Entry {
        std::size_t step;
        StepTally total;
        RoleTally roles;
    };
    std::vector<Entry> tallies;
    std::unordered_map<std::string_view, std::size_t> index;  // step id -> tallies
};

SummaryBuilder::SummaryBuilder(Scenario scenario, std::vector<Idea> ideas, SessionFigures figures)
    : m_state(std::make_unique<State>(std::move(scenario), std::move(ideas), std::move(figures))) {
    State& s = *m_state;
    s.tallies.reserve(s.scenario.steps.size());
    for (std::size_t i = 0; i < s.scenario.steps.size(); ++i) {
        const Step& step = s.scenario.steps[i];
        if (!step.takes_ballots()) continue;
        s.index.emplace(step.id, s.tallies.size());
        s.tallies.push_back({i, StepTally(step, s.ideas), RoleTally(s.scenario, step, s.ideas)});
    }
}

SummaryBuilder::~SummaryBuilder() = default;

void SummaryBuilder::add(const Ballot& ballot) {
    const auto found = m_state->index.find(ballot.step);
    if (found == m_state->index.end()) return;
    State::Entry& entry = m_state->tallies[found->second];
    entry.total.add(ballot);
    entry.roles.add(ballot);
}

SessionSummary SummaryBuilder::finish(std::int64_t session, std::string date) {
    State& s = *m_state;
    SessionSummary summary;
    summary.session = session;
    summary.date = std::move(date);
    for (State::Entry& entry : s.tallies) {
        const Step& step = s.scenario.steps[entry.step];
        StepSummary out;
        out.step = entry.step;
        out.total = entry.total.result();
        out.groups = visible_role_groups(entry.roles, s.scenario.results.min_group_size);
        for (const Idea& idea : s.ideas)
            if (idea.hidden && idea.step == step.id) ++out.hidden_ideas;
        if (const auto voided = s.figures.voided_by_step.find(step.id); voided != s.figures.voided_by_step.end())
            out.voided_ballots = voided->second;
        summary.steps.push_back(std::move(out));
    }
    s.tallies.clear();  // they refer to the scenario and ideas moved out below
    summary.scenario = std::move(s.scenario);
    summary.ideas = std::move(s.ideas);
    summary.figures = std::move(s.figures);
    return summary;
}

namespace {

// What a summary needs besides the ballots, read from the store: the ideas, the figures (unless
// `counted` is false: the workbook shows none, and counting visits takes five more scans), the
// session's number (the hub's, when it is linked to one, as export writes it) and its date.
struct SummaryStart {
    std::unique_ptr<SummaryBuilder> builder;
    std::vector<Idea> ideas;  // a copy of the builder's (the workbook's idea columns)
    std::int64_t number = 0;
    std::string date;
};

Outcome<SummaryStart> start_summary(Store& store, std::int64_t session, const Scenario& scenario,
                                    const std::string& created_at, bool counted = true) {
    auto ideas = store.ideas(session);
    if (!ideas) return ideas.status();
    auto figures = counted ? store.figures(session) : Outcome<SessionFigures>(SessionFigures{});
    if (!figures) return figures.status();
    auto on_hub = hub_session_of(store, session);
    if (!on_hub) return on_hub.status();
    SummaryStart start;
    start.number = *on_hub ? *on_hub : session;
    start.date = (figures->first_cast_at.empty() ? created_at : figures->first_cast_at).substr(0, 10);
    start.ideas = *ideas;
    start.builder = std::make_unique<SummaryBuilder>(scenario, std::move(*ideas), std::move(*figures));
    return start;
}

}  // namespace

Outcome<SessionSummary> summarize_session(Store& store, std::int64_t session, const Scenario& scenario,
                                          const std::string& created_at) {
    auto start = start_summary(store, session, scenario, created_at);
    if (!start) return start.status();
    Status read = store.for_each_ballot(session, {}, [&](Ballot& ballot) {
        start->builder->add(ballot);
        return true;
    });
    if (!read) return read;
    return start->builder->finish(start->number, std::move(start->date));
}

// One read of the ballots: each is tallied as the ballots sheet lists it (as export does).
Status write_session_workbook(Store& store, std::int64_t session, const Scenario& scenario,
                              const std::string& created_at, const std::string& path,
                              const ExportOptions& options) {
    Store::Transaction snapshot(store);
    if (!snapshot.status()) return snapshot.status();
    auto start = start_summary(store, session, scenario, created_at, false);
    if (!start) return start.status();
    std::optional<SessionSummary> summary;
    return report::write_workbook_in_one_pass(
        scenario, start->ideas,
        [&](const std::function<bool(Ballot&)>& each) {
            return for_each_exported_ballot(store, session, scenario, options, [&](Ballot& ballot) {
                start->builder->add(ballot);
                return each(ballot);
            });
        },
        [&]() -> const SessionSummary& {
            summary = start->builder->finish(start->number, std::move(start->date));
            return *summary;
        },
        path);
}

Outcome<std::vector<std::string>> write_take_home(Store& store, std::int64_t session, const Scenario& scenario,
                                                  const std::string& dir, const std::string& language) {
    const std::string pdf = dir + "/report.pdf", xlsx = dir + "/results.xlsx";
    {
        Store::Transaction snapshot(store);
        if (!snapshot.status()) return snapshot.status();
        auto summary = summarize_session(store, session, scenario, "");
        if (!summary) return summary.status();
        if (Status written = write_report_pdf(*summary, pdf, {language}); !written) return written;
    }
    if (Status written = write_session_workbook(store, session, scenario, "", xlsx); !written) return written;
    return std::vector<std::string>{pdf, xlsx};
}

Outcome<std::vector<std::string>> write_take_home(Session& session, const std::string& dir, const std::string& language) {
    return write_take_home(detail::store_of(session), session.id(), session.scenario(), dir, language);
}

}  // namespace workshop
