// ballot.h — what a participant gives one step, and the rules a ballot must obey.
//
// Every source of ballots (the kiosk, `workshop import`, `workshop synth`) goes through
// check_ballot before anything is written.
#pragma once

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "workshop/scenario.h"

namespace workshop {

// One option's share of a ballot: dots given (dot_vote), rank 1..k (ranking), 1 (idea_vote).
struct Mark {
    std::string option;  // option id, or idea id for a collected idea
    int value = 0;
};

// One participant's ballot for one step. A visit (one person at the screen) gives one Ballot
// per voting step; they share `visit`, the `ballot` column of the CSV files.
struct Ballot {
    std::string visit;
    std::string step;
    std::vector<Mark> marks;
    std::string role;      // role id or ""
    std::string language;  // language code or ""
    std::string cast_at;   // ISO 8601 UTC, filled by the store when empty
    std::string kiosk;     // kiosk id, filled by the store when empty
};

// An idea a participant typed in during an idea_vote step with collect_ideas.
struct Idea {
    std::string id;  // unique within its step (never equal to a file option id)
    std::string step;
    std::string text;
    std::string language;
    std::string submitted_at;  // ISO 8601 UTC
    bool hidden = false;       // hidden by the facilitator: not shown, not in results
};

// The problems with `ballot` under its step's rules (empty = valid). `ideas` are the collected
// ideas of the ballot's step (their ids are valid options of an idea_vote step).
std::vector<std::string> check_ballot(const Scenario& scenario, const Ballot& ballot,
                                      const std::vector<Idea>& ideas);

// The same problems, each with the index of the mark it is about (-1: the ballot as a whole),
// so that an import can name the line of the offending row.
struct BallotProblem {
    int mark = -1;
    std::string message;
};
std::vector<BallotProblem> check_ballot_marks(const Scenario& scenario, const Ballot& ballot,
                                              const std::vector<Idea>& ideas);

// The ids a mark of one step may name: the step's options and, for an idea_vote step, its
// collected ideas. Gathered once, they serve every ballot of that step (an import checks
// thousands); the ideas and the scenario must outlive it.
class StepOptionIds {
public:
    StepOptionIds(const Step& step, const std::vector<Idea>& ideas);
    StepOptionIds(const Step& step, std::vector<Idea>&& ideas) = delete;  // it would view freed ideas
    const Step& step() const { return *m_step; }
    bool contains(std::string_view id) const { return m_ids.count(id) != 0; }

private:
    const Step* m_step;
    std::unordered_set<std::string_view> m_ids;
};
// check_ballot_marks for a ballot of `ids.step()`.
std::vector<BallotProblem> check_ballot_marks(const Scenario& scenario, const Ballot& ballot, const StepOptionIds& ids);

// Counts code points of UTF-8 text; invalid UTF-8 gives -1.
int utf8_length(std::string_view text);

// The problems with an idea text for `step` (empty = acceptable): blank, too long in code
// points, invalid UTF-8, control characters.
std::vector<std::string> check_idea_text(const Step& step, std::string_view text);

}  // namespace workshop
