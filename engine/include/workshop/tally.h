// tally.h — results of a step, exactly as docs/scenario-format.md ("How results are counted")
// defines them.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "workshop/ballot.h"
#include "workshop/scenario.h"

namespace workshop {

struct ResultRow {
    std::string option;   // option id or idea id
    LocalText label;      // the option's label; for an idea, its text in the idea's language
    bool is_idea = false;
    // What the step's method counts (higher is better, positions follow it):
    //   dot_vote: dots the option received;  idea_vote: ballots that approved it;
    //   ranking/borda: points, n − r for the r-th of n options, 0 when unranked;
    //   ranking/schulze: how many other options it beats on the strongest paths.
    long long score = 0;
    int position = 0;       // standard competition ranking ("1224")
    int first_choices = 0;  // ranking: ballots that ranked this option first
};

struct StepResult {
    std::string step;
    StepType type = StepType::info;
    RankingMethod method = RankingMethod::borda;
    int ballots = 0;
    // Ordered by position, then option order in the file, then ideas in submission order.
    std::vector<ResultRow> rows;
    // Schulze only (else empty): pairwise[i * rows.size() + j] = ballots that ranked rows[i]
    // above rows[j], in the order of `rows`. Row i beats row j head to head when that is more
    // than pairwise[j * rows.size() + i].
    std::vector<long long> pairwise;
};

// Tallies valid ballots of one step. `ideas` are the step's collected ideas in submission
// order (hidden ones are left out of the rows).
StepResult tally_step(const Step& step, const std::vector<Idea>& ideas,
                      const std::vector<Ballot>& ballots);

// The same tally for ballots given one at a time (the export streams a million rows): what
// tally_step gives over the ballots added, without holding them. `step` and `ideas` must
// outlive it.
class StepTally {
public:
    StepTally(const Step& step, const std::vector<Idea>& ideas);
    ~StepTally();
    StepTally(StepTally&&) noexcept;
    StepTally& operator=(StepTally&&) = delete;
    void add(const Ballot& ballot);  // a ballot of another step is ignored, as by tally_step
    StepResult result() const;
    // Adds the ballots `other` counted: a tally of the same step over the same ideas.
    void merge(const StepTally& other);

private:
    struct State;
    std::unique_ptr<State> m_state;
};

// Per-role breakdown: one StepResult per role of the scenario, in file order, then one for
// ballots without a role (role id ""), each counted over that group's ballots only.
struct RoleResult {
    std::string role;  // "" = no role given
    StepResult result;
};
std::vector<RoleResult> tally_by_role(const Scenario& scenario, const Step& step,
                                      const std::vector<Idea>& ideas,
                                      const std::vector<Ballot>& ballots);

// tally_by_role for ballots given one at a time (`workshop tally` streams them): each ballot
// counts in its role's group (a role the scenario lacks: in none). `scenario`, `step` and
// `ideas` must outlive it.
struct RoleGroup;

class RoleTally {
public:
    RoleTally(const Scenario& scenario, const Step& step, const std::vector<Idea>& ideas);
    ~RoleTally();
    RoleTally(RoleTally&&) noexcept;
    RoleTally& operator=(RoleTally&&) = delete;
    void add(const Ballot& ballot);
    void merge(const RoleTally& other);  // as StepTally::merge
    std::vector<RoleResult> results() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
    friend std::vector<RoleGroup> visible_role_groups(const RoleTally& tally, int min_group_size);
};

// A group of one step's ballots that may be shown on its own (scenario-format.md, `[results]
// min_group_size`): one role (or the ballots without a role), or "other groups", the small
// groups merged.
struct RoleGroup {
    std::vector<std::string> roles;  // the role ids in it, file order; "" = ballots without a role
    bool other_groups = false;       // the small groups merged (then roles.size() >= 2)
    StepResult result;               // tallied over the group's ballots only
};

// The groups of a RoleTally that may be shown: each role group with at least `min_group_size`
// ballots, in the scenario's role order, then the no-role group; then, when the groups under
// the size (those with any ballots) together reach it, one "other groups" tallied over all
// their ballots. Groups under the size are never shown on their own. Totals (the step's own
// StepResult) still count every ballot, so hidden ballots would be the totals minus the groups
// shown: when the small groups stay under the size even merged, the smallest group that
// reaches it joins them in "other groups" (with none to join, nothing is shown). So the groups
// shown always hold every ballot, or there are none.
std::vector<RoleGroup> visible_role_groups(const RoleTally& tally, int min_group_size);

// Whether visible groups say more than the totals: they hold every ballot, so one group alone
// only repeats them (a screen or a report leaves it out; data files keep it).
inline bool groups_add_to_totals(const std::vector<RoleGroup>& groups) { return groups.size() >= 2; }

}  // namespace workshop
