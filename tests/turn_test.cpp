// turn_test.cpp — one participant's turn (workshop::Turn) without any GUI: the pages in order
// (confirm before the closing info step), every "may I" with its reason code and numbers, the
// one-tap single choice, ideas kept with the turn and stored at confirm, undo hiding them, and
// cast_visit's problems as data.
#include "support/scenarios.h"
#include "support/temp_dir.h"

using namespace workshop;

namespace {

// Languages and roles asked; an info step, a dot vote (5 dots, at most 3 per option), a
// one-dot question, a ranking (2..3 of 4), an idea vote collecting ideas (at most 2 approvals),
// a dot vote where every dot must be placed, then a closing info step.
std::string turn_scenario() {
    return test::scenario_text() + R"(
[[step]]
id = "one"
type = "dot_vote"
title = "Pick one"
dots = 1
options = [ { id = "yes", label = "Yes" }, { id = "no", label = "No" } ]

[[step]]
id = "all"
type = "dot_vote"
title = "Place all"
dots = 2
require_all_dots = true
options = [ { id = "x", label = "X" }, { id = "y", label = "Y" } ]

[[step]]
id = "closing"
type = "info"
title = "Thank you"
body = "Thanks"
)";
}

struct Fixture {
    test::TempDir dir;
    std::unique_ptr<Session> session;
    Fixture() {
        auto opened = Session::open(dir / "turn.db", test::scenario(turn_scenario()));
        REQUIRE(opened.ok());
        session = std::move(*opened);
    }
};

// A started turn on the step with id `step_id` (language "en", role "resident").
Turn turn_at(Session& session, const std::string& step_id) {
    Turn turn(session);
    turn.start();
    REQUIRE(turn.choose_language("en"));
    REQUIRE(turn.choose_role("resident"));
    while (turn.page() == TurnPage::step && turn.step()->id != step_id) REQUIRE(turn.next());
    REQUIRE(turn.page() == TurnPage::step);
    REQUIRE(turn.step()->id == step_id);
    return turn;
}

void check_no(const Answer& answer, ProblemCode code, long long count, long long limit, bool blocks = true) {
    INFO(answer.why.message);
    CHECK_FALSE(answer.ok);
    CHECK(answer.why.code == code);
    CHECK(answer.why.count == count);
    CHECK(answer.why.limit == limit);
    CHECK(answer.why.blocks == blocks);
    CHECK_FALSE(answer.why.message.empty());
}

}  // namespace

TEST_CASE("a turn's pages: review and confirm come before the closing info step", "[turn]") {
    Fixture f;
    Turn turn(*f.session);
    turn.start();
    CHECK(turn.page() == TurnPage::language);
    check_no(turn.choose_language("fr"), ProblemCode::unknown_language, 0, 0);
    REQUIRE(turn.choose_language("nl"));
    CHECK(turn.page() == TurnPage::role);
    check_no(turn.choose_role("mayor"), ProblemCode::unknown_role, 0, 0);
    REQUIRE(turn.choose_role(""));
    // intro, themes, agenda, ideas, one, all, then "check & confirm": 7 in all.
    std::vector<std::string> seen;
    std::vector<int> numbers;
    while (turn.page() == TurnPage::step) {
        seen.push_back(turn.step()->id);
        numbers.push_back(turn.progress().number);
        CHECK(turn.progress().total == 7);
        if (turn.step()->id == "all") {
            REQUIRE(turn.add_dot("x"));
            REQUIRE(turn.add_dot("y"));
        }
        REQUIRE(turn.next());
    }
    CHECK(seen == std::vector<std::string>{"intro", "themes", "agenda", "ideas", "one", "all"});
    CHECK(numbers == std::vector<int>{1, 2, 3, 4, 5, 6});
    REQUIRE(turn.page() == TurnPage::review);
    CHECK(turn.progress().number == 7);
    CHECK(turn.progress().total == 7);
    CHECK(f.session->visit_count() == 0);

    const CastReport report = turn.confirm();
    REQUIRE(report.ok());
    CHECK(f.session->visit_count() == 1);  // stored before the closing step shows
    REQUIRE(turn.page() == TurnPage::closing);
    CHECK(turn.step()->id == "closing");
    CHECK(turn.progress().total == 0);
    CHECK_FALSE(turn.can_go_back());
    CHECK(turn.back());                 // no way back to the choices
    CHECK(turn.page() == TurnPage::closing);
    REQUIRE(turn.next());
    CHECK(turn.page() == TurnPage::done);
    CHECK(turn.drafts().empty());
}

TEST_CASE("a turn skips closed steps and, without closing steps, is done at confirm", "[turn]") {
    Fixture f;
    REQUIRE(f.session->set_step_open("closing", false));
    REQUIRE(f.session->set_step_open("agenda", false));
    REQUIRE(f.session->set_step_open("all", false));
    Turn turn = turn_at(*f.session, "ideas");
    CHECK(turn.progress().number == 3);  // intro, themes, ideas
    REQUIRE(turn.back());
    CHECK(turn.step()->id == "themes");
    turn.start();
    CHECK(turn.page() == TurnPage::language);
    CHECK_FALSE(turn.back());  // back from the first page: the participant leaves
    REQUIRE(turn.choose_language("en"));
    REQUIRE(turn.choose_role("council"));
    while (turn.page() == TurnPage::step) REQUIRE(turn.next());
    REQUIRE(turn.page() == TurnPage::review);
    CHECK(turn.review_steps() == std::vector<int>{1, 3, 4});  // themes, ideas, one
    REQUIRE(turn.confirm().ok());
    CHECK(turn.page() == TurnPage::done);
}

TEST_CASE("dot vote: the cap per option and the dot budget, with their numbers", "[turn]") {
    Fixture f;
    Turn turn = turn_at(*f.session, "themes");
    check_no(turn.add_dot("castle"), ProblemCode::unknown_option, 0, 0);
    REQUIRE(turn.add_dot("housing"));
    REQUIRE(turn.add_dot("housing"));
    REQUIRE(turn.add_dot("housing"));
    check_no(turn.may_add_dot("housing"), ProblemCode::dots_over_cap, 4, 3);
    check_no(turn.add_dot("housing"), ProblemCode::dots_over_cap, 4, 3);
    REQUIRE(turn.add_dot("work"));
    REQUIRE(turn.add_dot("work"));
    check_no(turn.add_dot("language"), ProblemCode::dots_used_up, 6, 5);
    CHECK(turn.draft("themes").dots_used() == 5);
    REQUIRE(turn.remove_dot("work"));
    CHECK(turn.may_add_dot("language"));
    check_no(turn.remove_dot("language"), ProblemCode::dot_below_one, 0, 0);
    // What the turn allowed is what check_ballot accepts.
    Ballot b = turn.ballots().at(0);
    b.visit = "v";
    CHECK(check_ballot(f.session->scenario(), b, {}).empty());
    // Not a dot vote on this page.
    REQUIRE(turn.next());
    check_no(turn.add_dot("housing"), ProblemCode::wrong_step, 0, 0);
}

TEST_CASE("dot vote with one dot: a tap on another option moves the dot", "[turn]") {
    Fixture f;
    Turn turn = turn_at(*f.session, "one");
    REQUIRE(turn.add_dot("yes"));
    CHECK(turn.may_add_dot("no"));
    REQUIRE(turn.add_dot("no"));
    CHECK(turn.draft("one").dots == std::map<std::string, int>{{"no", 1}});
    check_no(turn.add_dot("no"), ProblemCode::dots_over_cap, 2, 1);
}

TEST_CASE("every dot placed: an empty or half draft is not finished, not refused", "[turn]") {
    Fixture f;
    Turn turn = turn_at(*f.session, "all");
    check_no(turn.step_ready(), ProblemCode::dots_not_all_placed, 0, 2, false);
    check_no(turn.next(), ProblemCode::dots_not_all_placed, 0, 2, false);
    REQUIRE(turn.add_dot("x"));
    check_no(turn.next(), ProblemCode::dots_not_all_placed, 1, 2, false);
    REQUIRE(turn.add_dot("x"));
    CHECK(turn.next());
    CHECK(turn.page() == TurnPage::review);
}

TEST_CASE("ranking: at most and at least, moves", "[turn]") {
    Fixture f;
    Turn turn = turn_at(*f.session, "agenda");
    CHECK(turn.step_ready());  // empty: skipped
    REQUIRE(turn.rank_toggle("a"));
    check_no(turn.step_ready(), ProblemCode::too_few_ranked, 1, 2, false);
    REQUIRE(turn.rank_toggle("b"));
    REQUIRE(turn.rank_toggle("c"));
    check_no(turn.may_rank("d"), ProblemCode::too_many_ranked, 4, 3);
    check_no(turn.rank_toggle("d"), ProblemCode::too_many_ranked, 4, 3);
    REQUIRE(turn.rank_move("c", 0));
    CHECK(turn.draft("agenda").ranking == std::vector<std::string>{"c", "a", "b"});
    REQUIRE(turn.rank_toggle("a"));  // a tap on a ranked one takes it out
    CHECK(turn.draft("agenda").ranking == std::vector<std::string>{"c", "b"});
    check_no(turn.rank_move("a", 0), ProblemCode::unknown_option, 0, 0);
    CHECK(turn.step_ready());
}

TEST_CASE("idea vote: approvals limited, unknown ideas refused, new ideas checked", "[turn]") {
    Fixture f;
    REQUIRE(f.session->add_idea("ideas", "A seeded idea", "en").ok());  // idea-1
    Turn turn = turn_at(*f.session, "ideas");
    check_no(turn.approve_toggle("idea-9"), ProblemCode::unknown_option, 0, 0);
    REQUIRE(turn.approve_toggle("idea-1"));
    REQUIRE(turn.approve_toggle("idea-2"));
    check_no(turn.may_approve("idea-1x"), ProblemCode::too_many_approvals, 3, 2);
    REQUIRE(turn.approve_toggle("idea-1"));  // taken back

    check_no(turn.add_idea("   "), ProblemCode::idea_empty, 0, 0);
    check_no(turn.add_idea(std::string(41, 'a')), ProblemCode::idea_too_long, 41, 40);
    check_no(turn.add_idea("two\nlines"), ProblemCode::idea_line_break, 0, 0);
    REQUIRE(turn.add_idea("Free ferry"));
    REQUIRE(turn.new_ideas().size() == 1);
    const std::string mine = turn.new_ideas()[0].id;
    CHECK(turn.is_new_idea(mine));
    CHECK(turn.ideas("ideas").size() == 2);        // the seeded one and mine
    CHECK(f.session->ideas("ideas").size() == 1);  // mine is not stored yet
    REQUIRE(turn.approve_toggle(mine));
    for (int i = 2; i <= max_ideas_per_visit; ++i) REQUIRE(turn.add_idea("idea " + std::to_string(i)));
    check_no(turn.add_idea("one too many"), ProblemCode::too_many_ideas, max_ideas_per_visit + 1, max_ideas_per_visit);
}

TEST_CASE("a turn's ideas are stored with its ballots at confirm, under their real ids", "[turn]") {
    Fixture f;
    Turn turn = turn_at(*f.session, "ideas");
    REQUIRE(turn.add_idea("Free ferry"));
    REQUIRE(turn.approve_toggle(turn.new_ideas()[0].id));
    while (turn.page() == TurnPage::step) {
        if (turn.step()->id == "all") {
            REQUIRE(turn.add_dot("x"));
            REQUIRE(turn.add_dot("y"));
        }
        REQUIRE(turn.next());
    }
    const CastReport report = turn.confirm();
    INFO(report.message());
    REQUIRE(report.ok());
    REQUIRE(report.ideas.size() == 1);
    CHECK(report.ideas[0].id == "idea-1");
    const auto ideas = f.session->ideas("ideas");
    REQUIRE(ideas.size() == 1);
    CHECK(ideas[0].text == "Free ferry");
    CHECK(ideas[0].language == "en");
    const StepResult result = f.session->results("ideas");
    const auto row = std::find_if(result.rows.begin(), result.rows.end(), [](const ResultRow& r) { return r.option == "idea-1"; });
    REQUIRE(row != result.rows.end());
    CHECK(row->score == 1);
}

TEST_CASE("an abandoned turn leaves no idea", "[turn]") {
    Fixture f;
    {
        Turn turn = turn_at(*f.session, "ideas");
        REQUIRE(turn.add_idea("Typed, then walked away"));
    }
    CHECK(f.session->ideas("ideas", true).empty());
}

TEST_CASE("undo of the last visit hides the ideas that visit added", "[turn]") {
    Fixture f;
    REQUIRE(f.session->add_idea("ideas", "Seeded before", "en").ok());
    Turn turn = turn_at(*f.session, "ideas");
    REQUIRE(turn.add_idea("Mine"));
    REQUIRE(turn.approve_toggle("idea-1"));
    REQUIRE(turn.confirm().ok());
    REQUIRE(f.session->ideas("ideas").size() == 2);
    REQUIRE(f.session->void_last_visit("test"));
    const auto visible = f.session->ideas("ideas");
    REQUIRE(visible.size() == 1);
    CHECK(visible[0].text == "Seeded before");
    const auto all = f.session->ideas("ideas", true);
    REQUIRE(all.size() == 2);
    CHECK(all[1].hidden);
}

TEST_CASE("a turn that chose nothing stores nothing and is done", "[turn]") {
    Fixture f;
    REQUIRE(f.session->set_step_open("all", false));
    Turn turn = turn_at(*f.session, "intro");
    while (turn.page() == TurnPage::step) REQUIRE(turn.next());
    REQUIRE(turn.ballots().empty());
    const CastReport report = turn.confirm();
    CHECK(report.ok());
    CHECK(turn.confirmed());
    CHECK(turn.page() == TurnPage::closing);
    CHECK(f.session->visit_count() == 0);
}

TEST_CASE("a failed confirm keeps the choices and says which ballot failed and why", "[turn]") {
    Fixture f;
    Turn turn = turn_at(*f.session, "themes");
    REQUIRE(turn.add_dot("work"));
    REQUIRE(turn.next());
    REQUIRE(turn.rank_toggle("a"));
    REQUIRE(turn.rank_toggle("b"));
    REQUIRE(f.session->set_step_open("themes", true));
    REQUIRE(f.session->pause());
    CastReport report = turn.confirm();
    REQUIRE_FALSE(report.ok());
    CHECK(report.problems[0].code == ProblemCode::session_paused);
    CHECK_FALSE(turn.confirmed());
    REQUIRE(f.session->resume());

    // The step closes between the choice and the confirm: the ballot of `agenda` is named.
    std::vector<Ballot> ballots = turn.ballots();
    REQUIRE(ballots.size() == 2);
    for (Ballot& b : ballots) b.visit = "v1";
    REQUIRE(f.session->set_step_open("agenda", false));
    report = f.session->cast_visit(VisitCast{"v1", ballots, {}});
    REQUIRE_FALSE(report.ok());
    CHECK(report.failed_ballot == 1);
    CHECK(report.problems[0].code == ProblemCode::step_closed);
    CHECK(report.problems[0].step == "agenda");
    CHECK(report.message().find("step `agenda` is closed") != std::string::npos);
    CHECK(f.session->visit_count() == 0);
    CHECK(turn.draft("themes").dots_used() == 1);  // kept for a retry
}

TEST_CASE("cast_visit: an empty visit is an error, too many ideas are refused", "[turn][session]") {
    Fixture f;
    CastReport report = f.session->cast_visit(VisitCast{});
    REQUIRE_FALSE(report.ok());
    CHECK(report.problems[0].code == ProblemCode::empty_visit);
    CHECK_FALSE(f.session->cast_visit(std::vector<Ballot>{}).ok);

    VisitCast flood;
    flood.visit = "v1";
    for (int i = 0; i <= max_ideas_per_visit; ++i) flood.ideas.push_back({"+" + std::to_string(i), "ideas", "idea", "en", "", false});
    report = f.session->cast_visit(flood);
    REQUIRE_FALSE(report.ok());
    CHECK(report.problems[0].code == ProblemCode::too_many_ideas);
    CHECK(report.problems[0].limit == max_ideas_per_visit);
    CHECK(f.session->ideas("ideas", true).empty());
}

TEST_CASE("the change counter moves with every write and with another program's", "[turn][session]") {
    Fixture f;
    const auto before = f.session->changes();
    CHECK(f.session->changes() == before);  // reading changes nothing
    REQUIRE(f.session->pause());
    const auto paused = f.session->changes();
    CHECK(paused > before);
    {
        auto other = Session::open(f.dir / "turn.db", test::scenario(turn_scenario()));
        REQUIRE(other.ok());
        REQUIRE((*other)->resume());
    }
    f.session->check_for_changes();
    CHECK(f.session->changes() > paused);
}
