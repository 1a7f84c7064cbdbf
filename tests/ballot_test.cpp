// ballot_test.cpp — the ballot rules of scenario-format.md ("a valid ballot for this step"):
// every rule broken once (one test each, with the exact message a facilitator reads), and the
// valid edge cases right at each limit.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "workshop/ballot.h"

using namespace workshop;

namespace {

Option option(const std::string& id) {
    Option o;
    o.id = id;
    o.label.by_language["en"] = id;
    return o;
}

Step step(const std::string& id, StepType type, const std::vector<std::string>& option_ids) {
    Step s;
    s.id = id;
    s.type = type;
    s.title.by_language["en"] = id;
    for (const std::string& o : option_ids) s.options.push_back(option(o));
    return s;
}

// The scenario every test votes in, built by hand as the loader would leave it (defaults filled).
Scenario scenario() {
    Scenario sc;
    sc.id = "almere";
    sc.languages = {"nl", "en", "uk"};
    sc.roles.push_back({"gemeente", {}});
    sc.roles.push_back({"nieuwkomer", {}});

    Step welcome = step("welcome", StepType::info, {});
    welcome.body.by_language["en"] = "Welcome";
    sc.steps.push_back(welcome);

    Step themes = step("themes", StepType::dot_vote, {"housing", "work", "integration", "language"});
    themes.dots = 5;
    themes.max_per_option = 3;
    sc.steps.push_back(themes);

    Step budget = step("budget", StepType::dot_vote, {"parks", "roads"});
    budget.dots = 3;
    budget.max_per_option = 3;
    budget.require_all_dots = true;
    sc.steps.push_back(budget);

    Step agenda = step("agenda", StepType::ranking, {"buddy", "diploma", "welcome", "language-cafe"});
    agenda.rank_at_least = 2;
    agenda.rank_at_most = 3;
    sc.steps.push_back(agenda);

    Step ideas = step("ideas", StepType::idea_vote, {"park", "bench"});
    ideas.votes_per_participant = 2;
    ideas.collect_ideas = true;
    ideas.max_idea_length = 20;
    sc.steps.push_back(ideas);

    Step wishes = step("wishes", StepType::idea_vote, {"a", "b", "c", "d"});  // unlimited approvals
    sc.steps.push_back(wishes);
    return sc;
}

// Ideas collected for step "ideas"; idea-2 is hidden (a vote for it stays valid).
std::vector<Idea> ideas() {
    Idea one;
    one.id = "idea-1";
    one.step = "ideas";
    one.text = "More trees";
    Idea two = one;
    two.id = "idea-2";
    two.hidden = true;
    return {one, two};
}

Ballot ballot(const std::string& step_id, std::vector<Mark> marks) {
    Ballot b;
    b.visit = "visit-1";
    b.step = step_id;
    b.marks = std::move(marks);
    return b;
}

std::vector<std::string> problems(const Ballot& b) { return check_ballot(scenario(), b, ideas()); }

using Problems = std::vector<std::string>;

}  // namespace

// --- valid ballots, at the limits ---------------------------------------------------------------

TEST_CASE("valid dot votes up to the limits", "[ballot]") {
    CHECK(problems(ballot("themes", {{"housing", 1}})).empty());                      // sum 1: the least
    CHECK(problems(ballot("themes", {{"housing", 3}, {"work", 2}})).empty());         // exactly dots
    CHECK(problems(ballot("themes", {{"housing", 2}, {"work", 1}, {"language", 1}})).empty());
    CHECK(problems(ballot("budget", {{"parks", 3}})).empty());                        // all 3 placed
    CHECK(problems(ballot("budget", {{"parks", 1}, {"roads", 2}})).empty());
}

TEST_CASE("valid rankings at rank_at_least and rank_at_most", "[ballot]") {
    CHECK(problems(ballot("agenda", {{"diploma", 2}, {"buddy", 1}})).empty());  // k = 2 = rank_at_least
    CHECK(problems(ballot("agenda", {{"welcome", 3}, {"buddy", 1}, {"diploma", 2}})).empty());  // k = 3
}

TEST_CASE("valid idea votes, including collected and hidden ideas", "[ballot]") {
    CHECK(problems(ballot("ideas", {{"park", 1}, {"idea-1", 1}})).empty());  // 2 = votes_per_participant
    CHECK(problems(ballot("ideas", {{"idea-2", 1}})).empty());  // hidden after the vote: still a valid id
    CHECK(problems(ballot("wishes", {{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}})).empty());  // unlimited
}

TEST_CASE("role and language may be empty or one of the scenario's", "[ballot]") {
    Ballot b = ballot("themes", {{"work", 1}});
    b.role = "nieuwkomer";
    b.language = "uk";
    CHECK(problems(b).empty());
    b.role = "";
    b.language = "";
    CHECK(problems(b).empty());
}

// --- every rule broken once -------------------------------------------------------------------

TEST_CASE("rejects a ballot without visit id", "[ballot]") {
    Ballot b = ballot("themes", {{"work", 1}});
    b.visit = "";
    CHECK(problems(b) == Problems{"the ballot has no visit id; every ballot needs one"});
}

TEST_CASE("rejects an unknown step", "[ballot]") {
    CHECK(problems(ballot("themse", {{"work", 1}})) ==
          Problems{"unknown step `themse` (not in scenario `almere`)"});
    CHECK(problems(ballot("", {{"work", 1}})) == Problems{"the ballot names no step"});
}

TEST_CASE("rejects a ballot for an info step", "[ballot]") {
    CHECK(problems(ballot("welcome", {})) ==
          Problems{"step `welcome`: this is an info step and takes no ballot"});
}

TEST_CASE("rejects an unknown option", "[ballot]") {
    // The step's options are named, so that a typo is easy to spot.
    CHECK(problems(ballot("themes", {{"housing", 1}, {"parks", 1}})) ==
          Problems{"step `themes`: unknown option `parks`; this step's options are `housing`, `work`, "
                   "`integration`, `language`"});
    // An idea id is an option only in its own idea_vote step.
    CHECK(problems(ballot("wishes", {{"idea-1", 1}})) ==
          Problems{"step `wishes`: unknown option `idea-1`; this step's options are `a`, `b`, `c`, `d`"});
    CHECK(problems(ballot("ideas", {{"idea-7", 1}})) ==
          Problems{"step `ideas`: unknown option `idea-7` (neither an option nor a collected idea)"});
}

TEST_CASE("rejects an option marked twice in one ballot", "[ballot]") {
    CHECK(problems(ballot("themes", {{"work", 1}, {"work", 1}})) ==
          Problems{"step `themes`: option `work` appears more than once in one ballot; give each option "
                   "one mark"});
}

TEST_CASE("dot_vote: rejects a mark of 0 dots (or fewer)", "[ballot]") {
    CHECK(problems(ballot("themes", {{"housing", 2}, {"work", 0}})) ==
          Problems{"step `themes`: option `work` has 0 dots; a mark needs at least 1 dot (leave an option "
                   "out to give it none)"});
    CHECK(problems(ballot("themes", {{"housing", 2}, {"work", -1}})).size() == 1);
}

TEST_CASE("dot_vote: rejects more than max_per_option on one option", "[ballot]") {
    CHECK(problems(ballot("themes", {{"housing", 4}})) ==
          Problems{"step `themes`: option `housing` has 4 dots, at most 3 allowed per option"});
}

TEST_CASE("dot_vote: rejects more dots than the step has", "[ballot]") {
    // 3 + 2 + 1 = 6 > 5, each option within max_per_option 3.
    CHECK(problems(ballot("themes", {{"housing", 3}, {"work", 2}, {"language", 1}})) ==
          Problems{"step `themes`: 6 dots given, at most 5 allowed"});
}

TEST_CASE("dot_vote: rejects a ballot with no dots", "[ballot]") {
    CHECK(problems(ballot("themes", {})) == Problems{"step `themes`: no dots given, at least 1 needed"});
}

TEST_CASE("dot_vote: require_all_dots rejects fewer than all dots", "[ballot]") {
    CHECK(problems(ballot("budget", {{"parks", 1}, {"roads", 1}})) ==
          Problems{"step `budget`: 2 dots given, all 3 must be placed"});
}

TEST_CASE("ranking: rejects fewer options than rank_at_least", "[ballot]") {
    CHECK(problems(ballot("agenda", {{"buddy", 1}})) ==
          Problems{"step `agenda`: 1 option ranked, at least 2 required"});
}

TEST_CASE("ranking: rejects more options than rank_at_most", "[ballot]") {
    CHECK(problems(ballot("agenda", {{"buddy", 1}, {"diploma", 2}, {"welcome", 3}, {"language-cafe", 4}})) ==
          Problems{"step `agenda`: 4 options ranked, at most 3 allowed"});
}

TEST_CASE("ranking: rejects a rank outside 1..k", "[ballot]") {
    // Two options ranked, so the ranks must be 1 and 2; rank 3 is a gap.
    CHECK(problems(ballot("agenda", {{"buddy", 1}, {"diploma", 3}})) ==
          Problems{"step `agenda`: option `diploma` has rank 3; with 2 options ranked the ranks must be 1..2, "
                   "each once"});
    CHECK(problems(ballot("agenda", {{"buddy", 0}, {"diploma", 1}})).size() == 1);
}

TEST_CASE("ranking: rejects a rank given twice", "[ballot]") {
    CHECK(problems(ballot("agenda", {{"buddy", 1}, {"diploma", 1}})) ==
          Problems{"step `agenda`: rank 1 is given to both `buddy` and `diploma`; each rank may be used once"});
}

TEST_CASE("idea_vote: rejects a value other than 1", "[ballot]") {
    CHECK(problems(ballot("ideas", {{"park", 2}})) ==
          Problems{"step `ideas`: option `park` has value 2; an approval is always 1"});
}

TEST_CASE("idea_vote: rejects more approvals than votes_per_participant", "[ballot]") {
    CHECK(problems(ballot("ideas", {{"park", 1}, {"bench", 1}, {"idea-1", 1}})) ==
          Problems{"step `ideas`: 3 approvals given, at most 2 allowed"});
}

TEST_CASE("idea_vote: rejects a ballot approving nothing", "[ballot]") {
    CHECK(problems(ballot("ideas", {})) ==
          Problems{"step `ideas`: nothing approved, at least 1 approval needed"});
}

TEST_CASE("rejects a role the scenario does not have", "[ballot]") {
    Ballot b = ballot("themes", {{"work", 1}});
    b.role = "burgemeester";
    CHECK(problems(b) == Problems{"step `themes`: unknown role `burgemeester`; known roles: `gemeente`, "
                                  "`nieuwkomer` (or empty)"});
    Scenario no_roles = scenario();
    no_roles.roles.clear();
    CHECK(check_ballot(no_roles, b, {}) ==
          Problems{"step `themes`: unknown role `burgemeester`; this scenario has no roles, leave the role "
                   "empty"});
}

TEST_CASE("rejects a language the scenario does not use", "[ballot]") {
    Ballot b = ballot("themes", {{"work", 1}});
    b.language = "de";
    CHECK(problems(b) ==
          Problems{"step `themes`: unknown language `de`; this scenario uses `nl`, `en`, `uk` (or empty)"});
}

TEST_CASE("reports every problem of a ballot, not only the first", "[ballot]") {
    Ballot b = ballot("themes", {{"housing", 4}, {"nope", 3}});
    b.visit = "";
    b.language = "xx";
    // visit, language, unknown option, 4 > 3 per option, 7 > 5 dots.
    CHECK(problems(b).size() == 5);
}

TEST_CASE("check_ballot_marks names the mark each problem is about", "[ballot]") {
    Ballot b = ballot("themes", {{"housing", 1}, {"nope", 3}, {"work", 4}});
    b.language = "xx";
    const std::vector<BallotProblem> found = check_ballot_marks(scenario(), b, ideas());
    // language (whole ballot), unknown option (mark 1), 4 > 3 per option (mark 2), 8 > 5 dots (whole).
    REQUIRE(found.size() == 4);
    CHECK(found[0].mark == -1);
    CHECK(found[1].mark == 1);
    CHECK(found[1].message == "step `themes`: unknown option `nope`; this step's options are `housing`, `work`, "
                              "`integration`, `language`");
    CHECK(found[2].mark == 2);
    CHECK(found[2].message == "step `themes`: option `work` has 4 dots, at most 3 allowed per option");
    CHECK(found[3].mark == -1);
    CHECK(found[3].message == "step `themes`: 8 dots given, at most 5 allowed");
    // check_ballot gives the same messages in the same order.
    std::vector<std::string> messages;
    for (const BallotProblem& p : found) messages.push_back(p.message);
    CHECK(check_ballot(scenario(), b, ideas()) == messages);

    const Ballot ranks = ballot("agenda", {{"buddy", 2}, {"diploma", 2}, {"welcome", 7}});
    const std::vector<BallotProblem> rank_problems = check_ballot_marks(scenario(), ranks, ideas());
    REQUIRE(rank_problems.size() == 2);
    CHECK(rank_problems[0].mark == 1);  // the second holder of rank 2
    CHECK(rank_problems[1].mark == 2);  // rank 7 of 3
}

TEST_CASE("a repeated option is reported once, at its second mark, for few and for many marks", "[ballot]") {
    // Few marks are compared pairwise, more than 16 through a set: both report alike.
    const std::string twice = "step `wishes`: option `a` appears more than once in one ballot; give each option one mark";
    std::vector<Mark> few = {{"a", 1}, {"b", 1}, {"a", 1}, {"a", 1}};
    std::vector<BallotProblem> found = check_ballot_marks(scenario(), ballot("wishes", few), ideas());
    REQUIRE(found.size() == 1);
    CHECK(found[0].mark == 2);
    CHECK(found[0].message == twice);

    std::vector<Mark> many;
    for (int i = 0; i < 20; ++i) many.push_back({std::string(1, static_cast<char>('a' + i % 4)), 1});
    found = check_ballot_marks(scenario(), ballot("wishes", many), ideas());
    // a, b, c, d each repeat from their second mark on (marks 4..7); unknown ids none (a..d known).
    REQUIRE(found.size() == 4);
    for (int i = 0; i < 4; ++i) {
        CHECK(found[static_cast<std::size_t>(i)].mark == 4 + i);
        CHECK(found[static_cast<std::size_t>(i)].message.find("option `" + std::string(1, static_cast<char>('a' + i)) +
                                                               "` appears more than once") != std::string::npos);
    }
}

TEST_CASE("a ranking of many options is checked like a short one", "[ballot]") {
    Scenario sc = scenario();
    Step& big = sc.steps.emplace_back();
    big.id = "big";
    big.type = StepType::ranking;
    for (int i = 0; i < 40; ++i) big.options.push_back(option("o" + std::to_string(i)));
    big.rank_at_least = 1;
    big.rank_at_most = 40;
    Ballot b = ballot("big", {});
    for (int i = 0; i < 40; ++i) b.marks.push_back({"o" + std::to_string(i), i + 1});
    CHECK(check_ballot(sc, b, {}).empty());
    b.marks[39].value = 7;  // rank 7 twice, rank 40 missing
    const std::vector<BallotProblem> found = check_ballot_marks(sc, b, {});
    REQUIRE(found.size() == 1);
    CHECK(found[0].mark == 39);
    CHECK(found[0].message == "step `big`: rank 7 is given to both `o6` and `o39`; each rank may be used once");
}

TEST_CASE("option ids gathered once for a step check ballots exactly as check_ballot_marks does", "[ballot]") {
    const Scenario sc = scenario();
    const std::vector<Idea> collected = ideas();
    const std::vector<Ballot> ballots = {
        ballot("ideas", {{"idea-1", 1}, {"park", 1}}),               // valid, a collected idea
        ballot("ideas", {{"idea-2", 1}}),                             // a hidden idea stays votable
        ballot("ideas", {{"idea-7", 1}, {"park", 2}, {"park", 1}}),  // unknown, value, repeated, too many
        ballot("themes", {{"housing", 4}, {"nope", 3}}),
    };
    for (const Ballot& b : ballots) {
        INFO(b.step << " ballot with " << b.marks.size() << " marks");
        const Step* step = sc.find_step(b.step);
        REQUIRE(step != nullptr);
        const StepOptionIds ids(*step, collected);
        const std::vector<BallotProblem> prepared = check_ballot_marks(sc, b, ids);
        const std::vector<BallotProblem> direct = check_ballot_marks(sc, b, collected);
        REQUIRE(prepared.size() == direct.size());
        for (std::size_t i = 0; i < direct.size(); ++i) {
            CHECK(prepared[i].mark == direct[i].mark);
            CHECK(prepared[i].message == direct[i].message);
        }
    }
    CHECK(check_ballot_marks(sc, ballots[2], collected).size() == 4);
    // Ids of one step do not check another step's ballot.
    const StepOptionIds theme_ids(*sc.find_step("themes"), collected);
    const std::vector<BallotProblem> wrong = check_ballot_marks(sc, ballots[0], theme_ids);
    REQUIRE(wrong.size() == 1);
    CHECK(wrong[0].message == "the ballot is for step `ideas`, checked against step `themes`");
}

// --- idea texts -------------------------------------------------------------------------------

TEST_CASE("utf8_length counts code points and rejects invalid UTF-8", "[ballot][utf8]") {
    CHECK(utf8_length("") == 0);
    CHECK(utf8_length("abc") == 3);
    CHECK(utf8_length("Житло") == 5);          // 2 bytes each
    CHECK(utf8_length("€") == 1);              // 3 bytes
    CHECK(utf8_length("\xF0\x9F\x8C\xB3") == 1);  // U+1F333 deciduous tree, 4 bytes
    CHECK(utf8_length("\xC3") == -1);           // truncated
    CHECK(utf8_length("\xC0\xAF") == -1);       // overlong '/'
    CHECK(utf8_length("\xED\xA0\x80") == -1);   // surrogate U+D800
    CHECK(utf8_length("\xF4\x90\x80\x80") == -1);  // above U+10FFFF
    CHECK(utf8_length("\x80") == -1);           // lone continuation byte
}

TEST_CASE("check_idea_text", "[ballot][idea]") {
    const Scenario sc = scenario();
    const Step& ideas_step = sc.steps[4];  // max_idea_length 20
    REQUIRE(ideas_step.id == "ideas");
    const auto check = [&](std::string_view text) { return check_idea_text(ideas_step, text); };

    CHECK(check("More trees").empty());
    CHECK(check("Більше дерев у парку").empty());   // 20 code points, 37 bytes: at the limit
    CHECK(check("Більше дерев у парку!") ==
          Problems{"step `ideas`: the idea is 21 characters long, at most 20 allowed"});
    CHECK(check("") == Problems{"step `ideas`: the idea is empty; type a few words"});
    CHECK(check(" \t\xC2\xA0\xE3\x80\x80 ") == Problems{"step `ideas`: the idea is empty; type a few words"});
    CHECK(check("two\nlines") ==
          Problems{"step `ideas`: the idea contains a line break; an idea must be a single line"});
    CHECK(check("two\r\nlines").size() == 1);
    CHECK(check("bell\a and tab\t") ==
          Problems{"step `ideas`: the idea contains control characters (U+0007, U+0009); remove them"});
    CHECK(check("del\x7F") ==
          Problems{"step `ideas`: the idea contains control characters (U+007F); remove them"});
    CHECK(check("bad \xFF") == Problems{"step `ideas`: the idea is not valid UTF-8 text"});

    CHECK(check_idea_text(sc.steps[5], "anything") ==
          Problems{"step `wishes`: this step does not collect ideas"});
    CHECK(check_idea_text(sc.steps[1], "anything") ==
          Problems{"step `themes`: this step does not collect ideas"});
}
