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
#include "workshop/utf8.h"

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

// Why a ballot, a draft change or a visit is refused, as data: a front-end shows its own
// translated text per code (the kiosk: assets/strings.toml), the engine builds English from it.
enum class ProblemCode {
    // a ballot as a whole
    no_visit_id,          // the ballot has no visit id
    unknown_step,         // `step` names no step of the scenario
    wrong_step,           // checked against another step than the one it names
    info_step,            // an info step takes no ballot
    unknown_role,         // `option` holds the role
    unknown_language,     // `option` holds the language code
    unknown_option,       // `option` is neither an option nor a collected idea of the step
    repeated_option,      // `option` has two marks
    // dot_vote
    dot_below_one,        // `option` has `count` (< 1) dots
    dots_over_cap,        // `option` has `count` dots, `limit` = max_per_option: the cap per option is reached
    no_dots,              // not finished: nothing given yet
    dots_used_up,         // `count` dots given, `limit` = dots: the budget is used up
    dots_not_all_placed,  // not finished: `count` of `limit` dots placed, all must be
    // ranking
    too_few_ranked,       // not finished: `count` ranked, at least `limit`
    too_many_ranked,      // `count` ranked, at most `limit`
    rank_out_of_range,    // `option` has rank `count`, ranks are 1..`limit`
    rank_repeated,        // rank `count` given to `other` and `option`
    // idea_vote
    approval_not_one,     // `option` has value `count`; an approval is 1
    no_approvals,         // not finished: nothing approved yet
    too_many_approvals,   // `count` approvals, at most `limit`
    // ideas typed in
    ideas_not_collected,  // the step does not collect ideas
    idea_not_utf8,
    idea_empty,
    idea_line_break,
    idea_control_characters,  // `option` lists them ("U+0007, U+001B")
    idea_too_long,        // `count` characters, at most `limit`
    too_many_ideas,       // `count` ideas in one visit, at most `limit` (max_ideas_per_visit)
    // a visit and the session
    empty_visit,          // no ballot and no idea: nothing to record
    visit_id_mismatch,    // the ballots of one visit name different visit ids
    two_ballots_for_step, // two ballots for `step` in one visit
    already_voted,        // the visit already voted in `step`
    step_closed,          // the facilitator closed `step`
    session_paused,       // the facilitator paused the session
    session_ended,        // the session has ended
    storage,              // the database refused the write (disk full, read-only...): `option` holds its message
};

// One problem: its code, whether it forbids the change (blocks) or only means "not finished
// yet", and the step, option and numbers it is about. `message` is the English sentence a
// facilitator can act on, built from the same data.
struct Problem {
    ProblemCode code = ProblemCode::unknown_step;
    bool blocks = true;     // false: the ballot is incomplete (more can be added), not wrong
    std::string step;       // step id or ""
    std::string option;     // option or idea id, role, language, ... (see ProblemCode) or ""
    std::string other;      // a second option (rank_repeated) or ""
    long long count = 0;    // what was given
    long long limit = 0;    // the limit it is measured against
    int mark = -1;          // index of the mark it is about (-1: the ballot as a whole)
    std::string message;    // English, for logs, the CLI and import (FILE:LINE: error: message)
};
using BallotProblem = Problem;

// The problems with `ballot` under its step's rules (empty = valid). `ideas` are the collected
// ideas of the ballot's step (their ids are valid options of an idea_vote step).
std::vector<std::string> check_ballot(const Scenario& scenario, const Ballot& ballot,
                                      const std::vector<Idea>& ideas);

// The same problems as data, each with the index of the mark it is about (-1: the ballot as a
// whole), so that an import can name the line of the offending row.
std::vector<Problem> check_ballot_marks(const Scenario& scenario, const Ballot& ballot,
                                        const std::vector<Idea>& ideas);

// The step type's own rules (dot budget and cap, ranking bounds and ranks, approvals) for
// `marks`, without looking up ids, role or language: what a draft is checked with before each
// change (Turn), and the part of check_ballot_marks that counts. Problems with blocks == false
// only say the marks are not finished yet.
std::vector<Problem> check_step_marks(const Step& step, const std::vector<Mark>& marks);

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
std::vector<Problem> check_ballot_marks(const Scenario& scenario, const Ballot& ballot, const StepOptionIds& ids);


// The problems with an idea text for `step` (empty = acceptable): blank, too long in code
// points, invalid UTF-8, control characters.
std::vector<std::string> check_idea_text(const Step& step, std::string_view text);
// The same as data (codes ideas_not_collected .. idea_too_long).
std::vector<Problem> check_idea_problems(const Step& step, std::string_view text);

// How many ideas one visit may add (all steps together): more than a person types at a shared
// screen in one turn, few enough that nobody floods the idea wall.
inline constexpr int max_ideas_per_visit = 10;

}  // namespace workshop
