// tally.cpp — results of a step, exactly as scenario-format.md ("Results of a step") defines them.
//
// Option ids are mapped to indexes once; each ballot is then one pass over its marks (Schulze adds
// one pass over the options per ranked option). Marks naming no known option, repeated within a
// ballot or holding an impossible value are ignored: validation rejects them before they are
// stored, and the tally must never crash or count one voter twice because of them.
#include "workshop/tally.h"

#include <algorithm>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace workshop {

namespace {

// The options a step's results list, in tie order: the file's options, then (idea_vote only) the
// visible collected ideas in submission order.
struct Candidates {
    std::vector<ResultRow> rows;                       // unscored, in tie order
    std::unordered_map<std::string_view, int> index;  // keys view into the Step and the ideas
};

Candidates candidates_of(const Step& step, const std::vector<Idea>& ideas) {
    Candidates c;
    c.rows.reserve(step.options.size());
    for (const Option& option : step.options) {
        if (!c.index.emplace(option.id, static_cast<int>(c.rows.size())).second) continue;
        ResultRow row;
        row.option = option.id;
        row.label = option.label;
        c.rows.push_back(std::move(row));
    }
    if (step.type != StepType::idea_vote) return c;
    for (const Idea& idea : ideas) {
        if (idea.hidden || (!idea.step.empty() && idea.step != step.id)) continue;
        if (!c.index.emplace(idea.id, static_cast<int>(c.rows.size())).second) continue;
        ResultRow row;
        row.option = idea.id;
        row.label.by_language.emplace(idea.language, idea.text);
        row.is_idea = true;
        c.rows.push_back(std::move(row));
    }
    return c;
}

// Schulze (winning votes): d[x*n+y] = ballots ranking x above y. Returns, per option, the number
// of options it beats through the strongest paths.
std::vector<long long> schulze_scores(const std::vector<long long>& d, std::size_t n) {
    std::vector<long long> p(n * n, 0);
    for (std::size_t x = 0; x < n; ++x)
        for (std::size_t y = 0; y < n; ++y)
            if (x != y && d[x * n + y] > d[y * n + x]) p[x * n + y] = d[x * n + y];
    // Widest paths, Floyd–Warshall style: a path is as strong as its weakest link.
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t x = 0; x < n; ++x) {
            if (x == i || p[x * n + i] == 0) continue;
            for (std::size_t y = 0; y < n; ++y) {
                if (y == i || y == x) continue;
                const long long through = std::min(p[x * n + i], p[i * n + y]);
                if (through > p[x * n + y]) p[x * n + y] = through;
            }
        }
    std::vector<long long> beats(n, 0);
    for (std::size_t x = 0; x < n; ++x)
        for (std::size_t y = 0; y < n; ++y)
            if (x != y && p[x * n + y] > p[y * n + x]) ++beats[x];
    return beats;
}

// The running counts of one step's tally over the candidate options, a ballot at a time.
class Counts {
public:
    Counts(const Step& step, const Candidates& c)
        : m_step(step), m_c(c), m_n(c.rows.size()),
          m_schulze(step.type == StepType::ranking && step.method == RankingMethod::schulze),
          m_score(m_n, 0), m_first_choices(m_n, 0), m_d(m_schulze ? m_n * m_n : 0, 0), m_marked_by(m_n, -1),
          m_rank(m_n, 0) {}

    void add(const Ballot& ballot) {
        // A ballot with no step is taken to be this step's (the caller selected it).
        if (!ballot.step.empty() && ballot.step != m_step.id) return;
        const std::size_t n = m_n;
        const int ballot_no = m_counted++;
        for (const Mark& mark : ballot.marks) {
            const auto found = m_c.index.find(mark.option);
            if (found == m_c.index.end()) continue;
            const auto x = static_cast<std::size_t>(found->second);
            if (m_marked_by[x] == ballot_no) continue;
            m_marked_by[x] = ballot_no;
            switch (m_step.type) {
            case StepType::dot_vote:
                if (mark.value > 0) m_score[x] += mark.value;
                break;
            case StepType::idea_vote:
                if (mark.value > 0) ++m_score[x];
                break;
            case StepType::ranking:
                if (mark.value < 1 || static_cast<std::size_t>(mark.value) > n) break;
                if (mark.value == 1) ++m_first_choices[x];
                if (m_schulze) {
                    m_rank[x] = mark.value;
                    m_ranked.push_back(x);
                } else {
                    m_score[x] += static_cast<long long>(n) - mark.value;  // Borda: n − r
                }
                break;
            case StepType::info: break;
            }
        }
        if (!m_schulze) return;
        // A ranked option is above every unranked one and every option ranked after it.
        for (std::size_t x : m_ranked) {
            long long* row = &m_d[x * n];
            for (std::size_t y = 0; y < n; ++y)
                if (y != x && (m_rank[y] == 0 || m_rank[y] > m_rank[x])) ++row[y];
        }
        for (std::size_t x : m_ranked) m_rank[x] = 0;
        m_ranked.clear();
    }

    // Adds another group's counts of the same step and candidates (merging role groups).
    void merge(const Counts& other) {
        for (std::size_t x = 0; x < m_n; ++x) {
            m_score[x] += other.m_score[x];
            m_first_choices[x] += other.m_first_choices[x];
        }
        for (std::size_t k = 0; k < m_d.size(); ++k) m_d[k] += other.m_d[k];
        m_counted += other.m_counted;
    }
    int counted() const { return m_counted; }

    StepResult result() const {
        StepResult result;
        result.step = m_step.id;
        result.type = m_step.type;
        result.method = m_step.method;
        result.rows = m_c.rows;
        result.ballots = m_counted;
        const std::vector<long long> score = m_schulze ? schulze_scores(m_d, m_n) : m_score;
        for (std::size_t x = 0; x < m_n; ++x) {
            result.rows[x].score = score[x];
            result.rows[x].first_choices = m_first_choices[x];
        }
        // Highest score first; stable, so equal scores keep file order, then idea submission order.
        std::vector<std::size_t> order(m_n);
        for (std::size_t x = 0; x < m_n; ++x) order[x] = x;
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return score[a] > score[b]; });
        std::vector<ResultRow> sorted;
        sorted.reserve(m_n);
        for (std::size_t x : order) sorted.push_back(std::move(result.rows[x]));
        result.rows = std::move(sorted);
        if (m_schulze) {
            result.pairwise.resize(m_n * m_n);
            for (std::size_t i = 0; i < m_n; ++i)
                for (std::size_t j = 0; j < m_n; ++j) result.pairwise[i * m_n + j] = m_d[order[i] * m_n + order[j]];
        }
        // Standard competition ranking ("1224").
        for (std::size_t i = 0; i < result.rows.size(); ++i)
            result.rows[i].position = (i > 0 && result.rows[i].score == result.rows[i - 1].score)
                                          ? result.rows[i - 1].position
                                          : static_cast<int>(i) + 1;
        return result;
    }

private:
    const Step& m_step;
    const Candidates& m_c;
    std::size_t m_n;
    bool m_schulze;
    std::vector<long long> m_score;
    std::vector<int> m_first_choices;
    std::vector<long long> m_d;  // Schulze: d[x*n+y] = ballots ranking x above y
    // Per ballot: the last ballot that marked each option (one mark per option per ballot), and
    // for Schulze the rank given (0 = unranked) plus the options ranked, to reset cheaply.
    std::vector<int> m_marked_by;
    std::vector<int> m_rank;
    std::vector<std::size_t> m_ranked;
    int m_counted = 0;
};

}  // namespace

struct StepTally::State {
    State(const Step& step, const std::vector<Idea>& ideas) : c(candidates_of(step, ideas)), counts(step, c) {}
    Candidates c;
    Counts counts;  // refers to c
};

StepTally::StepTally(const Step& step, const std::vector<Idea>& ideas) : m_state(std::make_unique<State>(step, ideas)) {}
StepTally::~StepTally() = default;
StepTally::StepTally(StepTally&&) noexcept = default;
void StepTally::add(const Ballot& ballot) { m_state->counts.add(ballot); }
StepResult StepTally::result() const { return m_state->counts.result(); }
void StepTally::merge(const StepTally& other) { m_state->counts.merge(other.m_state->counts); }

StepResult tally_step(const Step& step, const std::vector<Idea>& ideas, const std::vector<Ballot>& ballots) {
    StepTally tally(step, ideas);
    for (const Ballot& ballot : ballots) tally.add(ballot);
    return tally.result();
}

struct RoleTally::State {
    State(const Scenario& of, const Step& step, const std::vector<Idea>& ideas)
        : scenario(of), c(candidates_of(step, ideas)) {
        groups.reserve(scenario.roles.size() + 1);
        for (std::size_t g = 0; g <= scenario.roles.size(); ++g) groups.emplace_back(step, c);
    }
    const Scenario& scenario;
    Candidates c;
    std::vector<Counts> groups;  // the scenario's roles in file order, then "no role"; refer to c
};

RoleTally::RoleTally(const Scenario& scenario, const Step& step, const std::vector<Idea>& ideas)
    : m_state(std::make_unique<State>(scenario, step, ideas)) {}
RoleTally::~RoleTally() = default;
RoleTally::RoleTally(RoleTally&&) noexcept = default;

void RoleTally::add(const Ballot& ballot) {
    const std::vector<Role>& roles = m_state->scenario.roles;
    if (ballot.role.empty()) {
        m_state->groups.back().add(ballot);
        return;
    }
    for (std::size_t r = 0; r < roles.size(); ++r)
        if (roles[r].id == ballot.role) {
            m_state->groups[r].add(ballot);
            return;
        }
}

void RoleTally::merge(const RoleTally& other) {
    for (std::size_t g = 0; g < m_state->groups.size(); ++g) m_state->groups[g].merge(other.m_state->groups[g]);
}

std::vector<RoleResult> RoleTally::results() const {
    const std::vector<Role>& roles = m_state->scenario.roles;
    std::vector<RoleResult> results;
    results.reserve(m_state->groups.size());
    for (std::size_t g = 0; g < m_state->groups.size(); ++g)
        results.push_back({g < roles.size() ? roles[g].id : std::string(), m_state->groups[g].result()});
    return results;
}

std::vector<RoleGroup> visible_role_groups(const RoleTally& tally, int min_group_size) {
    const std::vector<Counts>& groups = tally.m_state->groups;
    const std::vector<Role>& roles = tally.m_state->scenario.roles;
    std::vector<std::size_t> large, small;  // group indexes, file order
    long long small_ballots = 0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
        if (groups[g].counted() >= min_group_size) {
            large.push_back(g);
        } else if (groups[g].counted() > 0) {
            small.push_back(g);
            small_ballots += groups[g].counted();
        }
    }
    // Totals count every ballot, so the totals minus the groups shown are the hidden groups'
    // tally: when those stay under the size together, the smallest group shown joins them (a lone
    // alderman is never the totals minus the residents).
    if (small_ballots > 0 && small_ballots < min_group_size && !large.empty()) {
        std::size_t smallest = 0;
        for (std::size_t i = 0; i < large.size(); ++i)
            if (groups[large[i]].counted() <= groups[large[smallest]].counted()) smallest = i;
        small_ballots += groups[large[smallest]].counted();
        small.insert(std::upper_bound(small.begin(), small.end(), large[smallest]), large[smallest]);
        large.erase(large.begin() + static_cast<std::ptrdiff_t>(smallest));
    }
    auto role_of = [&](std::size_t g) { return g < roles.size() ? roles[g].id : std::string(); };
    std::vector<RoleGroup> shown;
    for (std::size_t g : large) shown.push_back({{role_of(g)}, false, groups[g].result()});
    if (small_ballots >= min_group_size) {
        Counts others(groups[small.front()]);
        std::vector<std::string> other_roles{role_of(small.front())};
        for (std::size_t i = 1; i < small.size(); ++i) {
            others.merge(groups[small[i]]);
            other_roles.push_back(role_of(small[i]));
        }
        shown.push_back({std::move(other_roles), true, others.result()});
    }
    return shown;
}

std::vector<RoleResult> tally_by_role(const Scenario& scenario, const Step& step,
                                      const std::vector<Idea>& ideas,
                                      const std::vector<Ballot>& ballots) {
    RoleTally tally(scenario, step, ideas);
    for (const Ballot& ballot : ballots) tally.add(ballot);
    return tally.results();
}

}  // namespace workshop
