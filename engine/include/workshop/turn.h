// turn.h — one participant's turn at the screen, from "touch to start" to "thank you", without
// any GUI: their language and role, what they chose in each step so far, the pages in order,
// every "may I add this?" with the reason when not, the review, and confirm().
//
// A front-end (the ImGui kiosk, a terminal, a test) draws what the Turn says and passes on what
// the person tapped; it needs no rule of its own. The rules are the engine's ballot rules
// (check_step_marks, check_ballot, check_idea_problems): a draft is checked with the same code
// that checks a ballot, and Session::cast_visit checks everything again at confirm.
//
// The pages: language (when asked), role (when asked), the open steps up to the last one that
// asks for a choice, the review ("check & confirm", counted as the last step), and after the
// ballots are stored the info steps that follow the last choice (a closing "thank you" step),
// so that nobody walks away believing they are done before anything is stored.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "workshop/ballot.h"
#include "workshop/session.h"

namespace workshop {

// What the participant has chosen so far in one step (not yet a Ballot: nothing is stored
// before confirm).
struct StepDraft {
    std::map<std::string, int> dots;    // dot_vote: option id -> dots
    std::vector<std::string> ranking;   // ranking: option ids, first = rank 1
    std::vector<std::string> approved;  // idea_vote: option/idea ids in the order tapped

    int dots_used() const;
    bool empty() const { return dots_used() == 0 && ranking.empty() && approved.empty(); }
};

// The answer to "may I ...?": yes, or the problem that says why not (Problem::blocks == false:
// not wrong, only not finished yet, e.g. too few ranked for Next).
struct Answer {
    bool ok = true;
    Problem why;

    explicit operator bool() const { return ok; }
    static Answer yes() { return {}; }
    static Answer no(Problem problem) { return {false, std::move(problem)}; }
};

enum class TurnPage {
    language,  // choose a language
    role,      // choose a role
    step,      // a step before the review (info or a choice)
    review,    // check & confirm
    closing,   // an info step after the last choice, shown once the ballots are stored
    done,      // stored: the thank-you
};

class Turn {
public:
    // A turn on `session` (which must outlive it), in `language` ("" or unknown: the scenario's
    // default). It starts on no page: call start().
    explicit Turn(Session& session, std::string_view language = {});

    const Scenario& scenario() const;
    const std::string& language() const { return m_language; }
    const std::string& role() const { return m_role; }
    // The visit id: made at the first confirm, kept for a retry after a failed one.
    const std::string& visit_id() const { return m_visit; }

    // --- pages ---------------------------------------------------------------------------------
    // Goes to the first page that applies.
    void start();
    TurnPage page() const { return m_page; }
    // The step shown (page step or closing), else null; its index in scenario().steps.
    const Step* step() const;
    int step_index() const { return m_step; }
    Answer choose_language(std::string_view code);  // and on to the next page
    Answer choose_role(std::string_view role_id);    // "" = rather not say; and on
    // On to the next page; refused while the step's draft is not ready (step_ready). From a
    // step the voter reached by "Change" on the review, back to the review.
    Answer next();
    // Back one page. False when there is none: back from the first page means the participant
    // leaves (the front-end ends the turn). After confirm there is no way back to the choices.
    bool back();
    bool can_go_back() const;
    // From the review: to step `index` to change it; next() returns to the review.
    Answer edit_step(int index);
    bool returning_to_review() const { return m_return_to_review; }
    // Whether step `index` is shown to this participant now: Session::step_open (info steps
    // too; the facilitator may close any step), asked anew on each call.
    bool step_shown(int index) const;

    // "Step N of TOTAL": the steps before the review plus the review itself (the last); 0 of 0
    // on the language and role pages and after confirm.
    struct Progress {
        int number = 0;
        int total = 0;
    };
    Progress progress() const;

    // --- choices in the current step -----------------------------------------------------------
    const StepDraft& draft(std::string_view step_id) const;  // an empty one when none
    const std::map<std::string, StepDraft>& drafts() const { return m_drafts; }
    const StepDraft* current_draft() const;

    // dot_vote: one more dot for `option`. With dots = 1, a tap on another option moves the one dot.
    Answer may_add_dot(std::string_view option) const;
    Answer add_dot(std::string_view option);
    Answer remove_dot(std::string_view option);
    // ranking: rank `option` next, or take it out when ranked; move a ranked one to `place` (0-based).
    Answer may_rank(std::string_view option) const;
    Answer rank_toggle(std::string_view option);
    Answer rank_move(std::string_view option, int place);
    // idea_vote: approve an option or idea, or take the approval back.
    Answer may_approve(std::string_view id) const;
    Answer approve_toggle(std::string_view id);
    // Whether one more approval fits (the count rule alone, for a screen that asks every frame
    // about hundreds of cards; approve_toggle checks the id too).
    Answer may_approve_another() const;
    // Whether Next may leave the current step: an empty draft skips the step (unless all dots
    // must be placed); a started one must be finished (too few ranked, dots left to place...).
    Answer step_ready() const;

    // --- ideas typed in --------------------------------------------------------------------------
    // Whether `text` may be added as an idea in the current step (text rules, step collects
    // ideas, at most max_ideas_per_visit per visit).
    Answer may_add_idea(std::string_view text) const;
    // Keeps the idea with the turn (stored at confirm, with the ballots: an abandoned turn leaves
    // none); its provisional id ("+1", "+2", ...) can be approved like any idea.
    Answer add_idea(std::string_view text);
    // This turn's new ideas (provisional ids), in the order typed.
    const std::vector<Idea>& new_ideas() const { return m_new_ideas; }
    bool is_new_idea(std::string_view id) const;
    // The ideas of `step_id` a participant can approve: the session's (not hidden), then this
    // turn's new ones.
    std::vector<Idea> ideas(std::string_view step_id) const;

    // --- review and confirm ----------------------------------------------------------------------
    // The steps the review lists (open steps that take ballots), in order.
    std::vector<int> review_steps() const;
    // What confirm() will cast: one ballot per open step with a non-empty draft.
    std::vector<Ballot> ballots() const;
    // Stores the ballots and new ideas in one durable transaction (Session::cast_visit). On
    // success the choices are forgotten and the turn goes on to the closing info steps, or
    // done. A turn with nothing chosen and no idea stores nothing and is done. On failure
    // nothing is stored, the choices are kept (a retry can follow) and the report says why.
    CastReport confirm();
    bool confirmed() const { return m_confirmed; }

private:
    const Step* current_step(StepType type) const;
    StepDraft* current_draft_mut(StepType type);
    std::vector<Mark> marks_of(const Step& step, const StepDraft& draft) const;
    Answer first_blocking(const Step& step, const StepDraft& candidate) const;
    Answer refusal(ProblemCode code, std::string message, std::string_view option = {}) const;
    int last_choice() const;
    bool page_shown(int position) const;
    int position() const;
    void go_to(int position);
    bool move(int direction);

    Session* m_session;
    std::string m_language;
    std::string m_role;
    std::string m_visit;
    TurnPage m_page = TurnPage::language;
    int m_step = -1;
    bool m_confirmed = false;
    bool m_return_to_review = false;
    int m_closing_after = -1;  // at confirm: the index of the last choice step
    std::map<std::string, StepDraft> m_drafts;
    std::vector<Idea> m_new_ideas;
    int m_idea_serial = 0;
};

}  // namespace workshop
