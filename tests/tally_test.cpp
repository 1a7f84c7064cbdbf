// tally_test.cpp — results of a step (scenario-format.md, "Results of a step"). Every expected
// score and position below is computed by hand in the comment above it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "workshop/tally.h"

using namespace workshop;

namespace {

Step step(const std::string& id, StepType type, const std::vector<std::string>& option_ids,
          RankingMethod method = RankingMethod::borda) {
    Step s;
    s.id = id;
    s.type = type;
    s.method = method;
    for (const std::string& o : option_ids) {
        Option option;
        option.id = o;
        option.label.by_language["en"] = "Label " + o;
        s.options.push_back(option);
    }
    s.dots = 5;
    s.max_per_option = 3;
    s.rank_at_most = static_cast<int>(option_ids.size());
    return s;
}

Ballot ballot(const std::string& step_id, std::vector<Mark> marks, const std::string& role = "") {
    static int visits = 0;
    Ballot b;
    b.visit = "v" + std::to_string(++visits);
    b.step = step_id;
    b.marks = std::move(marks);
    b.role = role;
    return b;
}

// A ranking ballot from options listed best first: ranked("a", "c") ranks a 1st and c 2nd.
template <class... Ids>
Ballot ranked(const std::string& step_id, Ids... ids) {
    std::vector<Mark> marks;
    int rank = 0;
    (marks.push_back({ids, ++rank}), ...);
    return ballot(step_id, marks);
}

// One row as "option score position", so a failing check prints the whole table readably.
struct Row {
    std::string option;
    long long score;
    int position;
    bool operator==(const Row&) const = default;
};
std::vector<Row> rows(const StepResult& result) {
    std::vector<Row> out;
    for (const ResultRow& r : result.rows) out.push_back({r.option, r.score, r.position});
    return out;
}

}  // namespace

namespace Catch {
template <>
struct StringMaker<Row> {
    static std::string convert(const Row& r) {
        return "{" + r.option + " score " + std::to_string(r.score) + " pos " + std::to_string(r.position) + "}";
    }
};
}  // namespace Catch

TEST_CASE("dot_vote: sum of dots, shared positions skip the next", "[tally]") {
    const Step s = step("themes", StepType::dot_vote, {"a", "b", "c", "d", "e"});
    const std::vector<Ballot> ballots = {
        ballot("themes", {{"b", 3}, {"c", 2}}),
        ballot("themes", {{"a", 2}, {"d", 1}, {"e", 2}}),
        ballot("themes", {{"c", 1}, {"e", 1}}),
    };
    // a = 2; b = 3; c = 2 + 1 = 3; d = 1; e = 2 + 1 = 3.
    // b, c, e share position 1 (file order among them); a is 4th ("1114"), d 5th.
    const StepResult r = tally_step(s, {}, ballots);
    CHECK(r.step == "themes");
    CHECK(r.type == StepType::dot_vote);
    CHECK(r.ballots == 3);
    CHECK(rows(r) == std::vector<Row>{{"b", 3, 1}, {"c", 3, 1}, {"e", 3, 1}, {"a", 2, 4}, {"d", 1, 5}});
    CHECK(r.rows[0].label.by_language.at("en") == "Label b");
    CHECK_FALSE(r.rows[0].is_idea);
    CHECK(r.rows[0].first_choices == 0);
}

TEST_CASE("borda: partial rankings give unranked options 0 points", "[tally][borda]") {
    const Step s = step("agenda", StepType::ranking, {"p", "q", "r", "s"});
    // n = 4: rank 1 → 3 points, rank 2 → 2, rank 3 → 1, rank 4 → 0; unranked → 0.
    const std::vector<Ballot> ballots = {
        ranked("agenda", "p", "q"),       // p 3, q 2
        ranked("agenda", "r"),            // r 3
        ranked("agenda", "q", "p", "s"),  // q 3, p 2, s 1
    };
    // p = 3 + 2 = 5; q = 2 + 3 = 5; r = 3; s = 1 → p 1, q 1, r 3, s 4.
    const StepResult r = tally_step(s, {}, ballots);
    CHECK(r.method == RankingMethod::borda);
    CHECK(r.ballots == 3);
    CHECK(rows(r) == std::vector<Row>{{"p", 5, 1}, {"q", 5, 1}, {"r", 3, 3}, {"s", 1, 4}});
    // first choices: p (ballot 1), r (ballot 2), q (ballot 3); s never first.
    std::vector<int> firsts;
    for (const ResultRow& row : r.rows) firsts.push_back(row.first_choices);
    CHECK(firsts == std::vector<int>{1, 1, 1, 0});
}

TEST_CASE("borda and schulze disagree on the winner", "[tally][borda][schulze]") {
    // 3 ballots A > B > C and 2 ballots B > C > A.
    //
    // Borda, n = 3 (2, 1, 0 points):
    //   A = 3·2 + 2·0 = 6;  B = 3·1 + 2·2 = 7;  C = 3·0 + 2·1 = 2   → B wins.
    //
    // Schulze: d[A][B] = 3, d[B][A] = 2;  d[A][C] = 3, d[C][A] = 2;  d[B][C] = 5, d[C][B] = 0.
    //   Direct links (winning votes): A→B 3, A→C 3, B→C 5; nothing reaches A (C→A is 0).
    //   Widest paths add nothing: p[B][A] = min(p[B][C], p[C][A]) = min(5, 0) = 0.
    //   A beats B and C (score 2), B beats C (1), C beats none (0) → A wins: the Condorcet winner.
    std::vector<Ballot> ballots;
    for (int i = 0; i < 3; ++i) ballots.push_back(ranked("agenda", "A", "B", "C"));
    for (int i = 0; i < 2; ++i) ballots.push_back(ranked("agenda", "B", "C", "A"));

    const StepResult borda = tally_step(step("agenda", StepType::ranking, {"A", "B", "C"}), {}, ballots);
    CHECK(rows(borda) == std::vector<Row>{{"B", 7, 1}, {"A", 6, 2}, {"C", 2, 3}});

    const StepResult schulze =
        tally_step(step("agenda", StepType::ranking, {"A", "B", "C"}, RankingMethod::schulze), {}, ballots);
    CHECK(schulze.method == RankingMethod::schulze);
    CHECK(schulze.ballots == 5);
    CHECK(rows(schulze) == std::vector<Row>{{"A", 2, 1}, {"B", 1, 2}, {"C", 0, 3}});
    // First choices are counted the same way for both methods: A 3, B 2, C 0.
    CHECK(schulze.rows[0].first_choices == 3);
    CHECK(schulze.rows[1].first_choices == 2);
    CHECK(schulze.rows[2].first_choices == 0);
}

TEST_CASE("schulze resolves a Condorcet cycle through the strongest paths", "[tally][schulze]") {
    // 4 × A>B>C, 3 × B>C>A, 2 × C>A>B (9 ballots).
    //   d[A][B] = 4 + 2 = 6, d[B][A] = 3        → A→B 6
    //   d[B][C] = 4 + 3 = 7, d[C][B] = 2        → B→C 7
    //   d[C][A] = 3 + 2 = 5, d[A][C] = 4        → C→A 5   (a cycle: A > B > C > A)
    // Widest paths: p[A][C] = min(A→B 6, B→C 7) = 6;  p[B][A] = min(B→C 7, C→A 5) = 5;
    //               p[C][B] = min(C→A 5, A→B 6) = 5.
    //   A vs B: 6 > 5, A beats B.   A vs C: 6 > 5, A beats C.   B vs C: 7 > 5, B beats C.
    //   Scores A 2, B 1, C 0.
    // (The same ballots under Borda: A = 4·2 + 2·1 = 10, B = 4·1 + 3·2 = 10, C = 3·1 + 2·2 = 7.)
    std::vector<Ballot> ballots;
    for (int i = 0; i < 4; ++i) ballots.push_back(ranked("cycle", "A", "B", "C"));
    for (int i = 0; i < 3; ++i) ballots.push_back(ranked("cycle", "B", "C", "A"));
    for (int i = 0; i < 2; ++i) ballots.push_back(ranked("cycle", "C", "A", "B"));
    // Options listed in reverse, so the result order comes from the scores, not the file.
    const Step schulze = step("cycle", StepType::ranking, {"C", "B", "A"}, RankingMethod::schulze);
    CHECK(rows(tally_step(schulze, {}, ballots)) == std::vector<Row>{{"A", 2, 1}, {"B", 1, 2}, {"C", 0, 3}});
    const Step borda = step("cycle", StepType::ranking, {"C", "B", "A"});
    CHECK(rows(tally_step(borda, {}, ballots)) == std::vector<Row>{{"B", 10, 1}, {"A", 10, 1}, {"C", 7, 3}});
}

TEST_CASE("schulze: a perfectly balanced cycle is a three-way tie", "[tally][schulze]") {
    // A>B>C, B>C>A, C>A>B: every pairwise contest is 2 : 1 around the cycle, so every direct link
    // is 2 and every widest path is 2 as well; nobody beats anybody: all score 0, all position 1.
    const std::vector<Ballot> ballots = {ranked("cycle", "A", "B", "C"), ranked("cycle", "B", "C", "A"),
                                         ranked("cycle", "C", "A", "B")};
    const Step s = step("cycle", StepType::ranking, {"A", "B", "C"}, RankingMethod::schulze);
    CHECK(rows(tally_step(s, {}, ballots)) == std::vector<Row>{{"A", 0, 1}, {"B", 0, 1}, {"C", 0, 1}});
}

TEST_CASE("schulze: a ranked option is above every unranked one, unranked ones are equal", "[tally][schulze]") {
    // Options A, B, C, D.  Ballot 1: A.   Ballot 2: B, C.   Ballot 3: C.
    //   Ballot 1: A over B, C, D.                    (B, C, D unranked: no preference among them)
    //   Ballot 2: B over C, A, D; C over A, D.
    //   Ballot 3: C over A, B, D.
    // d:      A  B  C  D
    //     A   -  1  1  1
    //     B   1  -  1  1
    //     C   2  1  -  2
    //     D   0  0  0  -
    // Direct links: C→A 2, C→D 2, A→D 1, B→D 1 (A–B and B–C are 1 : 1, no link).
    // Nothing links into B, nothing out of D, so widest paths add nothing stronger
    // (C→A→D = min(2, 1) = 1 < 2).
    // Beats: A beats D (1); B beats D (1); C beats A and D (2); D none (0).
    // Positions: C 1, A 2, B 2 (file order), D 4.
    const std::vector<Ballot> ballots = {ranked("s", "A"), ranked("s", "B", "C"), ranked("s", "C")};
    const Step s = step("s", StepType::ranking, {"A", "B", "C", "D"}, RankingMethod::schulze);
    const StepResult r = tally_step(s, {}, ballots);
    CHECK(rows(r) == std::vector<Row>{{"C", 2, 1}, {"A", 1, 2}, {"B", 1, 2}, {"D", 0, 4}});
    CHECK(r.ballots == 3);
}

TEST_CASE("idea_vote: collected ideas follow the file's options in ties, hidden ideas are left out",
          "[tally][ideas]") {
    const Step s = [] {
        Step st = step("ideas", StepType::idea_vote, {"park", "bench"});
        st.collect_ideas = true;
        return st;
    }();
    std::vector<Idea> ideas(3);
    ideas[0] = {"i1", "ideas", "More trees", "en", "2024-03-01T10:00:00Z", false};
    ideas[1] = {"i2", "ideas", "Hidden by the facilitator", "en", "2024-03-01T10:01:00Z", true};
    ideas[2] = {"i3", "ideas", "Кав'ярня", "uk", "2024-03-01T10:02:00Z", false};
    const std::vector<Ballot> ballots = {
        ballot("ideas", {{"park", 1}, {"i1", 1}}),
        ballot("ideas", {{"i1", 1}, {"i2", 1}}),
        ballot("ideas", {{"bench", 1}, {"i3", 1}, {"i2", 1}}),
        ballot("ideas", {{"park", 1}}),
    };
    // park = 2 (ballots 1, 4); bench = 1 (3); i1 = 2 (1, 2); i3 = 1 (3); i2 hidden (would be 2).
    // Ties: park before i1 at position 1 (file options first); bench before i3 at position 3.
    const StepResult r = tally_step(s, ideas, ballots);
    CHECK(r.ballots == 4);
    CHECK(rows(r) == std::vector<Row>{{"park", 2, 1}, {"i1", 2, 1}, {"bench", 1, 3}, {"i3", 1, 3}});
    CHECK_FALSE(r.rows[0].is_idea);
    CHECK(r.rows[1].is_idea);
    CHECK(r.rows[1].label.by_language.at("en") == "More trees");
    CHECK(r.rows[3].label.by_language.at("uk") == "Кав'ярня");
}

TEST_CASE("idea_vote: ideas in submission order when nobody voted", "[tally][ideas]") {
    Step s = step("ideas", StepType::idea_vote, {});
    s.collect_ideas = true;
    std::vector<Idea> ideas(2);
    ideas[0] = {"late", "ideas", "Submitted first", "nl", "", false};
    ideas[1] = {"early", "ideas", "Submitted second", "nl", "", false};
    // Submission order is the order given, not the id order: "late" stays first.
    CHECK(rows(tally_step(s, ideas, {})) == std::vector<Row>{{"late", 0, 1}, {"early", 0, 1}});
}

TEST_CASE("per-role results, then the no-role group", "[tally][role]") {
    Scenario sc;
    sc.id = "roles";
    sc.languages = {"nl"};
    sc.roles = {{"gemeente", {}}, {"nieuwkomer", {}}, {"ondernemer", {}}};
    const Step s = step("themes", StepType::dot_vote, {"a", "b"});
    const std::vector<Ballot> ballots = {
        ballot("themes", {{"a", 2}}, "gemeente"),
        ballot("themes", {{"b", 3}}, "nieuwkomer"),
        ballot("themes", {{"a", 1}, {"b", 1}}, ""),
        ballot("themes", {{"b", 1}}, "gemeente"),
    };
    // gemeente:   2 ballots, a = 2, b = 1            → a 1, b 2
    // nieuwkomer: 1 ballot,  b = 3, a = 0            → b 1, a 2
    // ondernemer: 0 ballots, both 0                  → a 1, b 1
    // "" (none):  1 ballot,  a = 1, b = 1            → a 1, b 1
    const std::vector<RoleResult> r = tally_by_role(sc, s, {}, ballots);
    REQUIRE(r.size() == 4);
    CHECK(r[0].role == "gemeente");
    CHECK(r[0].result.ballots == 2);
    CHECK(rows(r[0].result) == std::vector<Row>{{"a", 2, 1}, {"b", 1, 2}});
    CHECK(r[1].role == "nieuwkomer");
    CHECK(r[1].result.ballots == 1);
    CHECK(rows(r[1].result) == std::vector<Row>{{"b", 3, 1}, {"a", 0, 2}});
    CHECK(r[2].role == "ondernemer");
    CHECK(r[2].result.ballots == 0);
    CHECK(rows(r[2].result) == std::vector<Row>{{"a", 0, 1}, {"b", 0, 1}});
    CHECK(r[3].role == "");
    CHECK(r[3].result.ballots == 1);
    CHECK(rows(r[3].result) == std::vector<Row>{{"a", 1, 1}, {"b", 1, 1}});
    // The groups add up to the whole: a = 2 + 0 + 0 + 1 = 3, b = 1 + 3 + 0 + 1 = 5, 4 ballots.
    const StepResult all = tally_step(s, {}, ballots);
    CHECK(all.ballots == 4);
    CHECK(rows(all) == std::vector<Row>{{"b", 5, 1}, {"a", 3, 2}});
}

TEST_CASE("a step without ballots: everything 0, everything first", "[tally]") {
    for (StepType type : {StepType::dot_vote, StepType::ranking, StepType::idea_vote}) {
        for (RankingMethod method : {RankingMethod::borda, RankingMethod::schulze}) {
            const StepResult r = tally_step(step("empty", type, {"x", "y", "z"}, method), {}, {});
            CHECK(r.ballots == 0);
            CHECK(rows(r) == std::vector<Row>{{"x", 0, 1}, {"y", 0, 1}, {"z", 0, 1}});
        }
    }
}

TEST_CASE("ties keep file order, then idea order, among many options", "[tally][ideas]") {
    // 40 file options o0..o39 and 40 ideas i0..i39; one ballot approves o39 and i0.
    // o39 and i0 score 1 and share position 1 (the file option first); the other 78 score 0 and
    // share position 3, o0..o38 in file order, then i1..i39 in submission order.
    std::vector<std::string> ids;
    for (int i = 0; i < 40; ++i) ids.push_back("o" + std::to_string(i));
    Step s = step("ideas", StepType::idea_vote, ids);
    s.collect_ideas = true;
    std::vector<Idea> ideas;
    for (int i = 0; i < 40; ++i) ideas.push_back({"i" + std::to_string(i), "ideas", "idea", "nl", "", false});
    const StepResult r = tally_step(s, ideas, {ballot("ideas", {{"i0", 1}, {"o39", 1}})});

    std::vector<Row> expected = {{"o39", 1, 1}, {"i0", 1, 1}};
    for (int i = 0; i < 39; ++i) expected.push_back({"o" + std::to_string(i), 0, 3});
    for (int i = 1; i < 40; ++i) expected.push_back({"i" + std::to_string(i), 0, 3});
    CHECK(rows(r) == expected);
}

TEST_CASE("marks the rules forbid never crash the tally and never count twice", "[tally]") {
    const Step s = step("themes", StepType::dot_vote, {"a", "b"});
    const std::vector<Ballot> ballots = {
        ballot("themes", {{"a", 2}, {"ghost", 5}}),  // unknown option: ignored
        ballot("themes", {{"b", 1}, {"b", 1}}),      // the same option twice: first mark only
        ballot("other", {{"a", 3}}),                 // another step's ballot: not this step's
        ballot("themes", {{"a", -4}}),               // negative dots: ignored
    };
    // a = 2 (ballot 1), b = 1 (ballot 2); ballots for this step: 3.
    const StepResult r = tally_step(s, {}, ballots);
    CHECK(r.ballots == 3);
    CHECK(rows(r) == std::vector<Row>{{"a", 2, 1}, {"b", 1, 2}});

    // Ranks outside 1..n are ignored too (Borda and Schulze alike).
    const std::vector<Ballot> ranks = {ballot("r", {{"a", 7}, {"b", 1}, {"c", 0}})};
    CHECK(rows(tally_step(step("r", StepType::ranking, {"a", "b", "c"}), {}, ranks)) ==
          std::vector<Row>{{"b", 2, 1}, {"a", 0, 2}, {"c", 0, 2}});
    // Schulze: b above a and c; a and c unranked → b beats 2, others 0.
    CHECK(rows(tally_step(step("r", StepType::ranking, {"a", "b", "c"}, RankingMethod::schulze), {}, ranks)) ==
          std::vector<Row>{{"b", 2, 1}, {"a", 0, 2}, {"c", 0, 2}});
}

// --- cross-checks against a plain reference on many random ballots -------------------------------

namespace {

// Straight from the wording of scenario-format.md, with no shortcuts: every pair of every ballot.
std::vector<long long> reference_schulze(int n, const std::vector<std::vector<int>>& rank_of) {
    const auto above = [](int rx, int ry) { return rx != 0 && (ry == 0 || rx < ry); };
    std::vector<std::vector<long long>> d(n, std::vector<long long>(n, 0)), p = d;
    for (const std::vector<int>& ranks : rank_of)
        for (int x = 0; x < n; ++x)
            for (int y = 0; y < n; ++y)
                if (x != y && above(ranks[x], ranks[y])) ++d[x][y];
    for (int x = 0; x < n; ++x)
        for (int y = 0; y < n; ++y)
            if (x != y && d[x][y] > d[y][x]) p[x][y] = d[x][y];
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
            for (int k = 0; k < n; ++k)
                if (i != j && i != k && j != k) p[j][k] = std::max(p[j][k], std::min(p[j][i], p[i][k]));
    std::vector<long long> beats(n, 0);
    for (int x = 0; x < n; ++x)
        for (int y = 0; y < n; ++y)
            if (x != y && p[x][y] > p[y][x]) ++beats[x];
    return beats;
}

}  // namespace

TEST_CASE("borda and schulze match a plain reference on random partial rankings", "[tally][random]") {
    std::mt19937 random(20240301);
    for (int round = 0; round < 30; ++round) {
        const int n = 2 + static_cast<int>(random() % 9);          // 2..10 options
        const int count = static_cast<int>(random() % 60);         // 0..59 ballots
        std::vector<std::string> ids;
        for (int i = 0; i < n; ++i) ids.push_back("o" + std::to_string(i));
        std::vector<Ballot> ballots;
        std::vector<std::vector<int>> rank_of;
        std::vector<long long> borda(n, 0);
        for (int b = 0; b < count; ++b) {
            std::vector<int> order(n);
            for (int i = 0; i < n; ++i) order[i] = i;
            std::shuffle(order.begin(), order.end(), random);
            const int k = 1 + static_cast<int>(random() % n);
            std::vector<int> ranks(n, 0);
            std::vector<Mark> marks;
            for (int r = 1; r <= k; ++r) {
                ranks[order[r - 1]] = r;
                borda[order[r - 1]] += n - r;
                marks.push_back({ids[order[r - 1]], r});
            }
            std::shuffle(marks.begin(), marks.end(), random);  // mark order must not matter
            ballots.push_back(ballot("s", marks));
            rank_of.push_back(ranks);
        }
        const std::vector<long long> schulze = reference_schulze(n, rank_of);
        for (RankingMethod method : {RankingMethod::borda, RankingMethod::schulze}) {
            const StepResult r = tally_step(step("s", StepType::ranking, ids, method), {}, ballots);
            const std::vector<long long>& expected = method == RankingMethod::borda ? borda : schulze;
            REQUIRE(r.rows.size() == static_cast<std::size_t>(n));
            CHECK(r.ballots == count);
            for (std::size_t i = 0; i < r.rows.size(); ++i) {
                const int x = std::stoi(r.rows[i].option.substr(1));
                CHECK(r.rows[i].score == expected[x]);
                // Position = 1 + number of options with a strictly higher score.
                const long long higher = std::count_if(expected.begin(), expected.end(),
                                                       [&](long long s) { return s > expected[x]; });
                CHECK(r.rows[i].position == 1 + higher);
                if (i > 0 && r.rows[i].score == r.rows[i - 1].score)
                    CHECK(std::stoi(r.rows[i - 1].option.substr(1)) < x);  // ties in file order
            }
        }
    }
}

TEST_CASE("StepTally, fed one ballot at a time, gives what tally_step gives", "[tally][stream]") {
    std::mt19937 random(20240302);
    const std::vector<std::string> ids = {"a", "b", "c", "d", "e", "f"};
    for (StepType type : {StepType::dot_vote, StepType::ranking, StepType::idea_vote}) {
        for (RankingMethod method : {RankingMethod::borda, RankingMethod::schulze}) {
            const Step s = step("s", type, ids, method);
            std::vector<Idea> ideas(2);
            ideas[0].id = "idea-1";
            ideas[0].step = "s";
            ideas[1].id = "idea-2";
            ideas[1].step = "s";
            std::vector<Ballot> ballots;
            StepTally streamed(s, ideas);
            for (int b = 0; b < 80; ++b) {
                std::vector<Mark> marks;
                for (int m = 0, count = static_cast<int>(random() % 5); m < count; ++m)
                    marks.push_back({m == 0 && b % 7 == 0 ? "idea-1" : ids[random() % ids.size()],
                                     1 + static_cast<int>(random() % 4)});
                // Another step's ballot is ignored by both.
                ballots.push_back(ballot(b % 11 == 0 ? "other" : "s", marks));
                streamed.add(ballots.back());
            }
            const StepResult whole = tally_step(s, ideas, ballots);
            const StepResult result = streamed.result();
            CHECK(result.ballots == whole.ballots);
            CHECK(rows(result) == rows(whole));
        }
    }
}

// ---- min_group_size (scenario-format.md, [results]) ---------------------------------------------

namespace {

Ballot role_ballot(const std::string& step_id, std::vector<Mark> marks, const std::string& role) {
    return ballot(step_id, std::move(marks), role);
}

Scenario four_roles() {
    Scenario sc;
    sc.id = "groups";
    sc.languages = {"nl"};
    sc.roles = {{"gemeente", {}}, {"nieuwkomer", {}}, {"ondernemer", {}}, {"school", {}}};
    return sc;
}

}  // namespace

TEST_CASE("visible role groups: 5 shown, 1 and 4 merged into other groups", "[tally][role][groups]") {
    const Scenario sc = four_roles();
    const Step s = step("themes", StepType::dot_vote, {"a", "b"});
    RoleTally tally(sc, s, {});
    // gemeente 5 ballots of a = 1            → a 5, b 0 (shown: 5 >= 5)
    for (int i = 0; i < 5; ++i) tally.add(role_ballot("themes", {{"a", 1}}, "gemeente"));
    // nieuwkomer 1 ballot of b = 3           → under 5
    tally.add(role_ballot("themes", {{"b", 3}}, "nieuwkomer"));
    // school 4 ballots of a = 1, b = 1        → under 5
    for (int i = 0; i < 4; ++i) tally.add(role_ballot("themes", {{"a", 1}, {"b", 1}}, "school"));
    // ondernemer none; no-role none.
    // Other groups = nieuwkomer + school: 5 ballots, a = 4, b = 3 + 4 = 7 → b 1, a 2.
    const std::vector<RoleGroup> groups = visible_role_groups(tally, 5);
    REQUIRE(groups.size() == 2);
    CHECK(groups[0].roles == std::vector<std::string>{"gemeente"});
    CHECK_FALSE(groups[0].other_groups);
    CHECK(groups[0].result.ballots == 5);
    CHECK(rows(groups[0].result) == std::vector<Row>{{"a", 5, 1}, {"b", 0, 2}});
    CHECK(groups[1].roles == std::vector<std::string>{"nieuwkomer", "school"});
    CHECK(groups[1].other_groups);
    CHECK(groups[1].result.ballots == 5);
    CHECK(rows(groups[1].result) == std::vector<Row>{{"b", 7, 1}, {"a", 4, 2}});

    // With min_group_size 1 every group with a ballot shows on its own, none merged.
    const std::vector<RoleGroup> all = visible_role_groups(tally, 1);
    REQUIRE(all.size() == 3);
    CHECK(all[0].roles == std::vector<std::string>{"gemeente"});
    CHECK(all[1].roles == std::vector<std::string>{"nieuwkomer"});
    CHECK(all[1].result.ballots == 1);
    CHECK(all[2].roles == std::vector<std::string>{"school"});
    for (const RoleGroup& g : all) CHECK_FALSE(g.other_groups);

    // With 6: gemeente (5) is small too; all three merged: 10 ballots, a = 5 + 4 = 9, b = 7.
    const std::vector<RoleGroup> merged = visible_role_groups(tally, 6);
    REQUIRE(merged.size() == 1);
    CHECK(merged[0].other_groups);
    CHECK(merged[0].roles == std::vector<std::string>{"gemeente", "nieuwkomer", "school"});
    CHECK(rows(merged[0].result) == std::vector<Row>{{"a", 9, 1}, {"b", 7, 2}});
    // With 11 even the merged 10 stay under the size: nothing is shown per role.
    CHECK(visible_role_groups(tally, 11).empty());
}

TEST_CASE("visible role groups: small groups that stay small together are hidden", "[tally][role][groups]") {
    const Scenario sc = four_roles();
    const Step s = step("themes", StepType::dot_vote, {"a", "b"});
    RoleTally tally(sc, s, {});
    for (int i = 0; i < 6; ++i) tally.add(role_ballot("themes", {{"a", 1}}, "school"));
    tally.add(role_ballot("themes", {{"b", 2}}, "gemeente"));  // 1 ballot
    for (int i = 0; i < 3; ++i) tally.add(role_ballot("themes", {{"b", 1}}, ""));  // 3 without a role
    // 1 + 3 = 4 < 5: neither gemeente nor the no-role group appears, merged or alone. Shown next
    // to the totals (a 6, b 5), school alone would give them away (a 0, b 5), so school joins
    // them: one "other groups" of all 10 ballots, a 6, b 2 + 3 = 5.
    const std::vector<RoleGroup> groups = visible_role_groups(tally, 5);
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].other_groups);
    CHECK(groups[0].roles == std::vector<std::string>{"gemeente", "school", ""});
    CHECK(groups[0].result.ballots == 10);
    CHECK(rows(groups[0].result) == std::vector<Row>{{"a", 6, 1}, {"b", 5, 2}});
    // The no-role group is a group like any other: with 4 in it, it reaches 4 alone. Then
    // gemeente's 1 stays alone under the size, and the smallest group shown (no role, 4) joins
    // it: school 6 (a 6) and other groups 5 (gemeente b 2; no role b 3, a 1).
    tally.add(role_ballot("themes", {{"a", 1}}, ""));
    const std::vector<RoleGroup> four = visible_role_groups(tally, 4);
    REQUIRE(four.size() == 2);
    CHECK(four[0].roles == std::vector<std::string>{"school"});
    CHECK(four[1].other_groups);
    CHECK(four[1].roles == std::vector<std::string>{"gemeente", ""});
    CHECK(four[1].result.ballots == 5);
    CHECK(rows(four[1].result) == std::vector<Row>{{"b", 5, 1}, {"a", 1, 2}});
    // With 3, gemeente's 1 is the only small group; the smallest of school 6 and no role 4 joins it.
    const std::vector<RoleGroup> three = visible_role_groups(tally, 3);
    REQUIRE(three.size() == 2);
    CHECK(three[0].roles == std::vector<std::string>{"school"});
    CHECK(three[1].roles == std::vector<std::string>{"gemeente", ""});
}

TEST_CASE("visible role groups: the groups shown hold every ballot, or there are none", "[tally][role][groups]") {
    // Whatever the sizes, the totals minus the groups shown never leave a group under the size.
    const Scenario sc = four_roles();
    const Step s = step("themes", StepType::dot_vote, {"a", "b"});
    for (int g0 = 0; g0 <= 7; ++g0)
        for (int g1 = 0; g1 <= 7; ++g1)
            for (int g2 = 0; g2 <= 7; g2 += 3)
                for (int k = 1; k <= 6; ++k) {
                    RoleTally tally(sc, s, {});
                    const int sizes[] = {g0, g1, g2};
                    for (int r = 0; r < 3; ++r)
                        for (int i = 0; i < sizes[r]; ++i) tally.add(role_ballot("themes", {{"a", 1}}, sc.roles[static_cast<std::size_t>(r)].id));
                    long long shown = 0;
                    for (const RoleGroup& group : visible_role_groups(tally, k)) {
                        CHECK(group.result.ballots >= k);
                        shown += group.result.ballots;
                    }
                    INFO("sizes " << g0 << " " << g1 << " " << g2 << ", min " << k);
                    CHECK((shown == 0 || shown == g0 + g1 + g2));
                }
}

TEST_CASE("visible role groups: a merged Schulze group is tallied over its ballots, not summed scores",
          "[tally][role][groups][schulze]") {
    const Scenario sc = four_roles();
    const Step s = step("agenda", StepType::ranking, {"A", "B", "C"}, RankingMethod::schulze);
    RoleTally tally(sc, s, {});
    const auto add = [&](const std::string& role, Ballot b) {
        b.role = role;
        tally.add(b);
    };
    // gemeente 3 × A>B>C, school 2 × B>C>A (the Borda/Schulze case above, split over two small groups).
    // Alone, each group's Schulze scores would be A 2, B 1, C 0 and B 2, C 1, A 0; summed B would
    // lead (3 against 2). Merged over the 5 ballots, A is the Condorcet winner: A 2, B 1, C 0.
    for (int i = 0; i < 3; ++i) add("gemeente", ranked("agenda", "A", "B", "C"));
    for (int i = 0; i < 2; ++i) add("school", ranked("agenda", "B", "C", "A"));
    const std::vector<RoleGroup> groups = visible_role_groups(tally, 4);
    REQUIRE(groups.size() == 1);
    CHECK(groups[0].other_groups);
    CHECK(rows(groups[0].result) == std::vector<Row>{{"A", 2, 1}, {"B", 1, 2}, {"C", 0, 3}});
    // Pairwise in row order A, B, C: d[A][B] = 3, d[A][C] = 3, d[B][A] = 2, d[B][C] = 5, d[C][A] = 2, d[C][B] = 0.
    CHECK(groups[0].result.pairwise == std::vector<long long>{0, 3, 3, 2, 0, 5, 2, 0, 0});
    CHECK(groups[0].result.rows[0].first_choices == 3);
    CHECK(groups[0].result.rows[1].first_choices == 2);
}
