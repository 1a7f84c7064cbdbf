// tally.h — results of a step, exactly as scenario-format.md defines them.
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
class RoleTally {
public:
    RoleTally(const Scenario& scenario, const Step& step, const std::vector<Idea>& ideas);
    ~RoleTally();
    RoleTally(RoleTally&&) noexcept;
    RoleTally& operator=(RoleTally&&) = delete;
    void add(const Ballot& ballot);
    std::vector<RoleResult> results() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace workshop
