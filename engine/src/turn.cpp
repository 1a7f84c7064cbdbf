// turn.cpp — one participant's turn (turn.h). Every "may I" is answered by the ballot rules
// themselves: the draft with the change applied goes through check_step_marks, and the first
// problem that blocks is the answer. Nothing here counts dots or ranks on its own.
#include "workshop/turn.h"

#include "quoted.h"

#include <algorithm>

namespace workshop {

using detail::quoted;

int StepDraft::dots_used() const {
    int n = 0;
    for (const auto& [option, count] : dots) n += count;
    return n;
}

Turn::Turn(Session& session, std::string_view language) : m_session(&session) {
    const Scenario& s = session.scenario();
    m_language = s.has_language(language) ? std::string(language) : s.default_language();
}

const Scenario& Turn::scenario() const { return m_session->scenario(); }

// --- pages ---------------------------------------------------------------------------------------
// Pages by position: language 0, role 1, step i at 2 + i, the review at 2 + n, closing step i at
// 3 + n + i, done at 3 + 2n (n steps). Before confirm the turn moves within 0 .. review, after it
// within the closing steps and done.

namespace {
int step_count(const Scenario& s) { return static_cast<int>(s.steps.size()); }
}  // namespace

bool Turn::step_shown(int index) const {
    const Scenario& s = scenario();
    return index >= 0 && index < step_count(s) && m_session->step_open(s.steps[static_cast<std::size_t>(index)].id);
}

// The last shown step that asks for a choice (-1: none). Info steps after it come after confirm.
int Turn::last_choice() const {
    const Scenario& s = scenario();
    for (int i = step_count(s) - 1; i >= 0; --i)
        if (s.steps[static_cast<std::size_t>(i)].takes_ballots() && step_shown(i)) return i;
    return -1;
}

bool Turn::page_shown(int pos) const {
    const Scenario& s = scenario();
    const int n = step_count(s);
    if (pos == 0) return s.kiosk.ask_language && s.languages.size() > 1;
    if (pos == 1) return s.kiosk.ask_role && !s.roles.empty();
    if (pos < 2 + n) {
        const int last = last_choice();
        return step_shown(pos - 2) && (last < 0 || pos - 2 <= last);
    }
    if (pos == 2 + n) return true;  // the review
    if (pos < 3 + 2 * n) return m_closing_after >= 0 && pos - 3 - n > m_closing_after && step_shown(pos - 3 - n);
    return true;  // done
}

int Turn::position() const {
    const int n = step_count(scenario());
    switch (m_page) {
    case TurnPage::language: return 0;
    case TurnPage::role: return 1;
    case TurnPage::step: return 2 + m_step;
    case TurnPage::review: return 2 + n;
    case TurnPage::closing: return 3 + n + m_step;
    case TurnPage::done: return 3 + 2 * n;
    }
    return 0;
}

void Turn::go_to(int pos) {
    const int n = step_count(scenario());
    m_step = -1;
    if (pos == 0) m_page = TurnPage::language;
    else if (pos == 1) m_page = TurnPage::role;
    else if (pos < 2 + n) m_page = TurnPage::step, m_step = pos - 2;
    else if (pos == 2 + n) m_page = TurnPage::review;
    else if (pos < 3 + 2 * n) m_page = TurnPage::closing, m_step = pos - 3 - n;
    else m_page = TurnPage::done;
}

// One shown page on in `direction`; false when there is none that way.
bool Turn::move(int direction) {
    const int n = step_count(scenario());
    const int low = m_confirmed ? 3 + n : 0;
    const int high = m_confirmed ? 3 + 2 * n : 2 + n;
    for (int pos = position() + direction; pos >= low && pos <= high; pos += direction) {
        if (!page_shown(pos)) continue;
        go_to(pos);
        return true;
    }
    return false;
}

void Turn::start() {
    go_to(0);
    if (!page_shown(0)) move(+1);
}

const Step* Turn::step() const {
    if (m_page != TurnPage::step && m_page != TurnPage::closing) return nullptr;
    if (m_step < 0 || m_step >= step_count(scenario())) return nullptr;
    return &scenario().steps[static_cast<std::size_t>(m_step)];
}

Answer Turn::refusal(ProblemCode code, std::string message, std::string_view option) const {
    Problem p;
    p.code = code;
    if (const Step* s = step()) p.step = s->id;
    p.option = std::string(option);
    p.message = std::move(message);
    return Answer::no(std::move(p));
}

Answer Turn::choose_language(std::string_view code) {
    if (!scenario().has_language(code))
        return refusal(ProblemCode::unknown_language, "unknown language " + quoted(code), code);
    m_language = std::string(code);
    if (m_page == TurnPage::language) move(+1);
    return Answer::yes();
}

Answer Turn::choose_role(std::string_view role_id) {
    if (!role_id.empty() && !scenario().find_role(role_id))
        return refusal(ProblemCode::unknown_role, "unknown role " + quoted(role_id), role_id);
    m_role = std::string(role_id);
    if (m_page == TurnPage::role) move(+1);
    return Answer::yes();
}

Answer Turn::next() {
    if (Answer ready = step_ready(); !ready) return ready;
    if (m_return_to_review && m_page == TurnPage::step) {
        m_return_to_review = false;
        go_to(2 + step_count(scenario()));
        return Answer::yes();
    }
    move(+1);
    return Answer::yes();
}

bool Turn::can_go_back() const {
    if (!m_confirmed) return true;  // from the first page: the participant leaves
    for (int pos = position() - 1; pos >= 3 + step_count(scenario()); --pos)
        if (page_shown(pos)) return true;
    return false;
}

bool Turn::back() {
    m_return_to_review = false;
    if (m_confirmed) {
        move(-1);
        return true;  // the choices are stored: never back to them
    }
    return move(-1);
}

Answer Turn::edit_step(int index) {
    if (m_confirmed || !step_shown(index) || !scenario().steps[static_cast<std::size_t>(index)].takes_ballots())
        return refusal(ProblemCode::unknown_step, "step " + std::to_string(index + 1) + " cannot be changed now");
    go_to(2 + index);
    m_return_to_review = true;
    return Answer::yes();
}

Turn::Progress Turn::progress() const {
    if (m_page != TurnPage::step && m_page != TurnPage::review) return {};
    Progress p;
    const int n = step_count(scenario());
    for (int pos = 2; pos < 2 + n; ++pos) {
        if (!page_shown(pos)) continue;
        ++p.total;
        if (m_page == TurnPage::step && pos - 2 <= m_step) p.number = p.total;
    }
    ++p.total;  // check & confirm
    if (m_page == TurnPage::review) p.number = p.total;
    return p;
}

// --- drafts ----------------------------------------------------------------------------------------

const StepDraft& Turn::draft(std::string_view step_id) const {
    static const StepDraft none;
    auto found = m_drafts.find(std::string(step_id));
    return found == m_drafts.end() ? none : found->second;
}

const StepDraft* Turn::current_draft() const {
    const Step* s = m_page == TurnPage::step ? step() : nullptr;
    return s ? &draft(s->id) : nullptr;
}

const Step* Turn::current_step(StepType type) const {
    const Step* s = m_page == TurnPage::step ? step() : nullptr;
    return s && s->type == type ? s : nullptr;
}

StepDraft* Turn::current_draft_mut(StepType type) {
    const Step* s = current_step(type);
    return s ? &m_drafts[s->id] : nullptr;
}

std::vector<Mark> Turn::marks_of(const Step& step, const StepDraft& d) const {
    std::vector<Mark> marks;
    switch (step.type) {
    case StepType::dot_vote:
        for (const Option& o : step.options)  // in the file's order
            if (auto it = d.dots.find(o.id); it != d.dots.end() && it->second > 0) marks.push_back({o.id, it->second});
        break;
    case StepType::ranking:
        for (std::size_t i = 0; i < d.ranking.size(); ++i) marks.push_back({d.ranking[i], static_cast<int>(i) + 1});
        break;
    case StepType::idea_vote:
        for (const std::string& id : d.approved) marks.push_back({id, 1});
        break;
    case StepType::info: break;
    }
    return marks;
}

// The answer the rules give for `candidate`: the first problem that forbids it, else yes
// ("not finished yet" is no reason to refuse a change).
Answer Turn::first_blocking(const Step& step, const StepDraft& candidate) const {
    for (Problem& problem : check_step_marks(step, marks_of(step, candidate)))
        if (problem.blocks) return Answer::no(std::move(problem));
    return Answer::yes();
}

namespace {
Answer not_this_step(const Turn& turn, std::string_view what) {
    Problem p;
    p.code = ProblemCode::wrong_step;
    if (const Step* s = turn.step()) p.step = s->id;
    p.message = "the page shown is not " + std::string(what);
    return Answer::no(std::move(p));
}
}  // namespace

Answer Turn::may_add_dot(std::string_view option) const {
    const Step* s = current_step(StepType::dot_vote);
    if (!s) return not_this_step(*this, "a dot vote");
    if (!s->find_option(option)) return refusal(ProblemCode::unknown_option, "unknown option " + quoted(option), option);
    StepDraft candidate = draft(s->id);
    const auto given = candidate.dots.find(std::string(option));
    // One dot in all: a tap on another option moves it (one-tap single choice).
    if (s->dots == 1 && candidate.dots_used() == 1 && given == candidate.dots.end()) candidate.dots.clear();
    ++candidate.dots[std::string(option)];
    return first_blocking(*s, candidate);
}

Answer Turn::add_dot(std::string_view option) {
    Answer answer = may_add_dot(option);
    if (!answer) return answer;
    StepDraft& d = *current_draft_mut(StepType::dot_vote);
    if (current_step(StepType::dot_vote)->dots == 1 && !d.dots.count(std::string(option))) d.dots.clear();
    ++d.dots[std::string(option)];
    return answer;
}

Answer Turn::remove_dot(std::string_view option) {
    StepDraft* d = current_draft_mut(StepType::dot_vote);
    if (!d) return not_this_step(*this, "a dot vote");
    auto it = d->dots.find(std::string(option));
    if (it == d->dots.end())
        return refusal(ProblemCode::dot_below_one, "option " + quoted(option) + " has no dot to take away", option);
    if (--it->second <= 0) d->dots.erase(it);
    return Answer::yes();
}

Answer Turn::may_rank(std::string_view option) const {
    const Step* s = current_step(StepType::ranking);
    if (!s) return not_this_step(*this, "a ranking");
    if (!s->find_option(option)) return refusal(ProblemCode::unknown_option, "unknown option " + quoted(option), option);
    StepDraft candidate = draft(s->id);
    auto& r = candidate.ranking;
    if (std::find(r.begin(), r.end(), option) != r.end()) return Answer::yes();  // a tap takes it out
    r.emplace_back(option);
    return first_blocking(*s, candidate);
}

Answer Turn::rank_toggle(std::string_view option) {
    Answer answer = may_rank(option);
    if (!answer) return answer;
    auto& r = current_draft_mut(StepType::ranking)->ranking;
    if (auto it = std::find(r.begin(), r.end(), option); it != r.end()) r.erase(it);
    else r.emplace_back(option);
    return answer;
}

Answer Turn::rank_move(std::string_view option, int place) {
    StepDraft* d = current_draft_mut(StepType::ranking);
    if (!d) return not_this_step(*this, "a ranking");
    auto& r = d->ranking;
    auto it = std::find(r.begin(), r.end(), option);
    if (it == r.end()) return refusal(ProblemCode::unknown_option, "option " + quoted(option) + " is not ranked", option);
    r.erase(it);
    r.insert(r.begin() + std::clamp(place, 0, static_cast<int>(r.size())), std::string(option));
    return Answer::yes();
}

Answer Turn::may_approve(std::string_view id) const {
    const Step* s = current_step(StepType::idea_vote);
    if (!s) return not_this_step(*this, "an idea vote");
    StepDraft candidate = draft(s->id);
    auto& a = candidate.approved;
    if (std::find(a.begin(), a.end(), id) != a.end()) return Answer::yes();  // a tap takes it back
    a.emplace_back(id);
    if (Answer rules = first_blocking(*s, candidate); !rules) return rules;
    if (!s->find_option(id) && !is_new_idea(id) && !m_session->has_idea(s->id, id))
        return refusal(ProblemCode::unknown_option, "unknown idea " + quoted(id), id);
    return Answer::yes();
}

Answer Turn::may_approve_another() const {
    const Step* s = current_step(StepType::idea_vote);
    if (!s) return not_this_step(*this, "an idea vote");
    StepDraft candidate = draft(s->id);
    candidate.approved.emplace_back();  // an id no mark has: only the counting rules speak
    return first_blocking(*s, candidate);
}

Answer Turn::approve_toggle(std::string_view id) {
    Answer answer = may_approve(id);
    if (!answer) return answer;
    auto& a = current_draft_mut(StepType::idea_vote)->approved;
    if (auto it = std::find(a.begin(), a.end(), id); it != a.end()) a.erase(it);
    else a.emplace_back(id);
    return answer;
}

Answer Turn::step_ready() const {
    const Step* s = m_page == TurnPage::step ? step() : nullptr;
    if (!s || !s->takes_ballots()) return Answer::yes();
    const StepDraft& d = draft(s->id);
    if (d.empty()) {
        if (s->type != StepType::dot_vote || !s->require_all_dots) return Answer::yes();  // skipped
        Problem p;
        p.code = ProblemCode::dots_not_all_placed;
        p.blocks = false;
        p.step = s->id;
        p.limit = s->dots;
        p.message = "step " + quoted(s->id) + ": all " + std::to_string(s->dots) + " dots must be placed";
        return Answer::no(std::move(p));
    }
    for (Problem& problem : check_step_marks(*s, marks_of(*s, d))) return Answer::no(std::move(problem));
    return Answer::yes();
}

// --- ideas -------------------------------------------------------------------------------------------

Answer Turn::may_add_idea(std::string_view text) const {
    const Step* s = current_step(StepType::idea_vote);
    if (!s) return not_this_step(*this, "an idea vote");
    for (Problem& problem : check_idea_problems(*s, text)) return Answer::no(std::move(problem));
    if (static_cast<int>(m_new_ideas.size()) >= max_ideas_per_visit) {
        Answer no = refusal(ProblemCode::too_many_ideas, "at most " + std::to_string(max_ideas_per_visit) +
                                                             " ideas in one visit");
        no.why.count = static_cast<long long>(m_new_ideas.size()) + 1;
        no.why.limit = max_ideas_per_visit;
        return no;
    }
    return Answer::yes();
}

Answer Turn::add_idea(std::string_view text) {
    Answer answer = may_add_idea(text);
    if (!answer) return answer;
    Idea idea;
    idea.id = "+" + std::to_string(++m_idea_serial);  // no option id starts with '+'
    idea.step = step()->id;
    idea.text = std::string(text);
    idea.language = m_language;
    m_new_ideas.push_back(std::move(idea));
    return answer;
}

bool Turn::is_new_idea(std::string_view id) const {
    return std::any_of(m_new_ideas.begin(), m_new_ideas.end(), [&](const Idea& idea) { return idea.id == id; });
}

std::vector<Idea> Turn::ideas(std::string_view step_id) const {
    std::vector<Idea> out = m_session->ideas(std::string(step_id));
    for (const Idea& idea : m_new_ideas)
        if (idea.step == step_id) out.push_back(idea);
    return out;
}

// --- review and confirm ---------------------------------------------------------------------------

std::vector<int> Turn::review_steps() const {
    std::vector<int> out;
    const Scenario& s = scenario();
    for (int i = 0; i < step_count(s); ++i)
        if (s.steps[static_cast<std::size_t>(i)].takes_ballots() && step_shown(i)) out.push_back(i);
    return out;
}

std::vector<Ballot> Turn::ballots() const {
    std::vector<Ballot> out;
    for (int index : review_steps()) {
        const Step& s = scenario().steps[static_cast<std::size_t>(index)];
        const StepDraft& d = draft(s.id);
        if (d.empty()) continue;  // skipped: no ballot
        Ballot b;
        b.visit = m_visit;
        b.step = s.id;
        b.role = m_role;
        b.language = m_language;
        b.marks = marks_of(s, d);
        out.push_back(std::move(b));
    }
    return out;
}

CastReport Turn::confirm() {
    CastReport report;
    if (m_confirmed) return report;
    std::vector<Ballot> cast = ballots();
    std::vector<Idea> ideas;
    for (const Idea& idea : m_new_ideas)
        if (m_session->step_open(idea.step)) ideas.push_back(idea);
    if (!cast.empty() || !ideas.empty()) {
        if (m_visit.empty()) m_visit = m_session->new_visit_id();
        for (Ballot& b : cast) b.visit = m_visit;
        report = m_session->cast_visit(VisitCast{m_visit, std::move(cast), std::move(ideas)});
        if (!report.ok()) return report;
    }
    m_closing_after = last_choice();
    m_confirmed = true;
    m_drafts.clear();
    m_new_ideas.clear();
    m_return_to_review = false;
    go_to(2 + step_count(scenario()));  // from the review on to the closing steps, or done
    move(+1);
    return report;
}

}  // namespace workshop
