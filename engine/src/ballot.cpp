// ballot.cpp — the rules a ballot must obey (scenario-format.md, "a valid ballot for this step").
//
// Every problem is a sentence a facilitator can act on: it names the step, the option and the
// limit that was broken. The checks look things up by walking the scenario directly, so this file
// needs nothing from the loader.
#include "workshop/ballot.h"

#include "quoted.h"
#include "workshop/utf8.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace workshop {

namespace {

using detail::quoted;

// "1 dot", "3 dots": messages read as sentences.
std::string count_of(long long count, std::string_view singular, std::string_view plural) {
    return std::to_string(count) + " " + std::string(count == 1 ? singular : plural);
}

std::string joined_ids(const std::vector<std::string_view>& ids) {
    std::string out;
    for (std::string_view id : ids) {
        if (!out.empty()) out += ", ";
        out += quoted(id);
    }
    return out;
}

const Step* step_by_id(const Scenario& scenario, std::string_view id) {
    for (const Step& step : scenario.steps)
        if (step.id == id) return &step;
    return nullptr;
}

// How every message about a step's ballot begins (made only when there is a problem: an import
// checks many valid ballots).
std::string where(const Step& step) { return "step " + quoted(step.id) + ": "; }

using Problems = std::vector<Problem>;

// A problem about `step` (and a mark, an option, numbers); the message is filled in by the caller.
Problem about(ProblemCode code, const Step& step, int mark = -1, std::string_view option = {}, long long count = 0,
              long long limit = 0) {
    Problem p;
    p.code = code;
    p.step = step.id;
    p.mark = mark;
    p.option = std::string(option);
    p.count = count;
    p.limit = limit;
    return p;
}
Problem& said(Problem& p, std::string message, bool blocks = true) {
    p.message = std::move(message);
    p.blocks = blocks;
    return p;
}
void add(Problems& problems, Problem p, std::string message, bool blocks = true) {
    problems.push_back(std::move(said(p, std::move(message), blocks)));
}

void check_dot_vote(const Step& step, const std::vector<Mark>& marks, Problems& problems) {
    // 0 means "not defaulted yet" (a Step built by hand): the loader's default is `dots`.
    const int per_option = step.max_per_option > 0 ? step.max_per_option : step.dots;
    long long sum = 0;
    for (std::size_t i = 0; i < marks.size(); ++i) {
        const Mark& mark = marks[i];
        const int at = static_cast<int>(i);
        if (mark.value < 1) {
            add(problems, about(ProblemCode::dot_below_one, step, at, mark.option, mark.value, 1),
                where(step) + "option " + quoted(mark.option) + " has " + count_of(mark.value, "dot", "dots") +
                    "; a mark needs at least 1 dot (leave an option out to give it none)");
        } else if (mark.value > per_option) {
            add(problems, about(ProblemCode::dots_over_cap, step, at, mark.option, mark.value, per_option),
                where(step) + "option " + quoted(mark.option) + " has " + count_of(mark.value, "dot", "dots") +
                    ", at most " + std::to_string(per_option) + " allowed per option");
        }
        if (mark.value > 0) sum += mark.value;
    }
    if (sum < 1) {
        add(problems, about(ProblemCode::no_dots, step, -1, {}, 0, 1), where(step) + "no dots given, at least 1 needed",
            false);
    } else if (sum > step.dots) {
        add(problems, about(ProblemCode::dots_used_up, step, -1, {}, sum, step.dots),
            where(step) + count_of(sum, "dot", "dots") + " given, at most " + std::to_string(step.dots) + " allowed");
    } else if (step.require_all_dots && sum != step.dots) {
        add(problems, about(ProblemCode::dots_not_all_placed, step, -1, {}, sum, step.dots),
            where(step) + count_of(sum, "dot", "dots") + " given, all " + std::to_string(step.dots) + " must be placed",
            false);
    }
}

void check_ranking(const Step& step, const std::vector<Mark>& marks, Problems& problems) {
    const long long k = static_cast<long long>(marks.size());
    // 0 means "not defaulted yet": the loader's default is the number of options.
    const int at_most = step.rank_at_most > 0 ? step.rank_at_most : static_cast<int>(step.options.size());
    if (k < step.rank_at_least) {
        add(problems, about(ProblemCode::too_few_ranked, step, -1, {}, k, step.rank_at_least),
            where(step) + count_of(k, "option", "options") + " ranked, at least " + std::to_string(step.rank_at_least) +
                " required",
            false);
    } else if (k > at_most) {
        add(problems, about(ProblemCode::too_many_ranked, step, -1, {}, k, at_most),
            where(step) + count_of(k, "option", "options") + " ranked, at most " + std::to_string(at_most) + " allowed");
    }
    if (k == 0) return;
    // Ranks must be exactly 1..k, each once: in range and no repeats is enough (pigeonhole).
    // Who holds each rank (on the stack for the usual few options).
    const Mark* few[33] = {};
    std::vector<const Mark*> many(k < 33 ? 0 : static_cast<std::size_t>(k) + 1, nullptr);
    const Mark** holder = k < 33 ? few : many.data();
    for (std::size_t i = 0; i < marks.size(); ++i) {
        const Mark& mark = marks[i];
        const int at = static_cast<int>(i);
        if (mark.value < 1 || mark.value > k) {
            add(problems, about(ProblemCode::rank_out_of_range, step, at, mark.option, mark.value, k),
                where(step) + "option " + quoted(mark.option) + " has rank " + std::to_string(mark.value) + "; with " +
                    count_of(k, "option", "options") + " ranked the ranks must be 1.." + std::to_string(k) +
                    ", each once");
            continue;
        }
        const Mark*& first = holder[static_cast<std::size_t>(mark.value)];
        if (first) {
            Problem p = about(ProblemCode::rank_repeated, step, at, mark.option, mark.value, k);
            p.other = first->option;
            add(problems, std::move(p),
                where(step) + "rank " + std::to_string(mark.value) + " is given to both " + quoted(first->option) +
                    " and " + quoted(mark.option) + "; each rank may be used once");
        } else {
            first = &mark;
        }
    }
}

void check_idea_vote(const Step& step, const std::vector<Mark>& marks, Problems& problems) {
    for (std::size_t i = 0; i < marks.size(); ++i)
        if (marks[i].value != 1)
            add(problems, about(ProblemCode::approval_not_one, step, static_cast<int>(i), marks[i].option, marks[i].value, 1),
                where(step) + "option " + quoted(marks[i].option) + " has value " + std::to_string(marks[i].value) +
                    "; an approval is always 1");
    const long long approvals = static_cast<long long>(marks.size());
    if (approvals == 0) {
        add(problems, about(ProblemCode::no_approvals, step, -1, {}, 0, 1),
            where(step) + "nothing approved, at least 1 approval needed", false);
    } else if (step.votes_per_participant > 0 && approvals > step.votes_per_participant) {
        add(problems, about(ProblemCode::too_many_approvals, step, -1, {}, approvals, step.votes_per_participant),
            where(step) + count_of(approvals, "approval", "approvals") + " given, at most " +
                std::to_string(step.votes_per_participant) + " allowed");
    }
}

// Spaces and characters that draw nothing (joiners, direction marks, fillers, variation
// selectors): an idea made only of these would show as an empty card.
bool is_blank_code_point(char32_t cp) {
    switch (cp) {
    case U' ': case U'\t': case U'\n': case U'\v': case U'\f': case U'\r':
    case 0x85: case 0xA0: case 0xAD: case 0x34F: case 0x61C: case 0x115F: case 0x1160: case 0x1680:
    case 0x17B4: case 0x17B5: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x2800:
    case 0x3000: case 0x3164: case 0xFEFF: case 0xFFA0:
        return true;
    default:  // Unicode's White_Space and Default_Ignorable_Code_Point, and the fillers above
        return (cp >= 0x180B && cp <= 0x180F) ||    // Mongolian selectors and vowel separator
               (cp >= 0x2000 && cp <= 0x200F) ||    // en quad .. right-to-left mark
               (cp >= 0x202A && cp <= 0x202E) ||    // direction embeddings and overrides
               (cp >= 0x2060 && cp <= 0x206F) ||    // word joiner .. invisible operators, isolates
               (cp >= 0xFE00 && cp <= 0xFE0F) ||    // variation selectors
               (cp >= 0xFFF0 && cp <= 0xFFFB) ||    // unassigned specials, interlinear annotation
               (cp >= 0x1BCA0 && cp <= 0x1BCA3) ||  // shorthand format controls
               (cp >= 0x1D173 && cp <= 0x1D17A) ||  // musical format controls
               (cp >= 0xE0000 && cp <= 0xE0FFF);    // tags, variation selectors 17-256, reserved
    }
}

std::string code_point_name(char32_t cp) {
    static const char hex[] = "0123456789ABCDEF";
    std::string out = "U+";
    for (int shift = 12; shift >= 0; shift -= 4) out += hex[(cp >> shift) & 0xF];
    return out;
}

// A problem not about one step (no step known, or the visit as a whole).
Problem plain(ProblemCode code, std::string message, std::string_view step = {}) {
    Problem p;
    p.code = code;
    p.step = std::string(step);
    p.message = std::move(message);
    return p;
}

}  // namespace

std::vector<std::string> check_ballot(const Scenario& scenario, const Ballot& ballot,
                                      const std::vector<Idea>& ideas) {
    std::vector<std::string> messages;
    for (Problem& problem : check_ballot_marks(scenario, ballot, ideas)) messages.push_back(std::move(problem.message));
    return messages;
}

std::vector<Problem> check_ballot_marks(const Scenario& scenario, const Ballot& ballot,
                                        const std::vector<Idea>& ideas) {
    const Step* step = step_by_id(scenario, ballot.step);
    if (!step) {
        Problems problems;
        if (ballot.visit.empty())
            problems.push_back(plain(ProblemCode::no_visit_id, "the ballot has no visit id; every ballot needs one"));
        problems.push_back(plain(ProblemCode::unknown_step,
                                 ballot.step.empty() ? "the ballot names no step"
                                                     : "unknown step " + quoted(ballot.step) + " (not in scenario " +
                                                           quoted(scenario.id) + ")",
                                 ballot.step));
        return problems;
    }
    return check_ballot_marks(scenario, ballot, StepOptionIds(*step, ideas));
}

// The ids of the file's options and, for an idea_vote step, of the collected ideas (hidden ones
// included: a vote cast before the facilitator hid an idea stays valid, so an export re-imports
// unchanged; the tally leaves hidden ideas out).
StepOptionIds::StepOptionIds(const Step& step, const std::vector<Idea>& ideas) : m_step(&step) {
    m_ids.reserve(step.options.size() + (step.type == StepType::idea_vote ? ideas.size() : 0));
    for (const Option& option : step.options) m_ids.insert(option.id);
    if (step.type == StepType::idea_vote)
        for (const Idea& idea : ideas)
            if (idea.step.empty() || idea.step == step.id) m_ids.insert(idea.id);
}

std::vector<Problem> check_step_marks(const Step& step, const std::vector<Mark>& marks) {
    Problems problems;
    switch (step.type) {
    case StepType::dot_vote: check_dot_vote(step, marks, problems); break;
    case StepType::ranking: check_ranking(step, marks, problems); break;
    case StepType::idea_vote: check_idea_vote(step, marks, problems); break;
    case StepType::info: break;
    }
    return problems;
}

std::vector<Problem> check_ballot_marks(const Scenario& scenario, const Ballot& ballot, const StepOptionIds& ids) {
    Problems problems;
    if (ballot.visit.empty())
        problems.push_back(plain(ProblemCode::no_visit_id, "the ballot has no visit id; every ballot needs one"));
    const Step& step = ids.step();
    if (ballot.step != step.id) {
        problems.push_back(plain(ProblemCode::wrong_step,
                                 "the ballot is for step " + quoted(ballot.step) + ", checked against step " + quoted(step.id),
                                 ballot.step));
        return problems;
    }
    if (!step.takes_ballots()) {
        add(problems, about(ProblemCode::info_step, step), where(step) + "this is an info step and takes no ballot");
        return problems;
    }

    if (!ballot.role.empty() &&
        std::none_of(scenario.roles.begin(), scenario.roles.end(),
                     [&](const Role& role) { return role.id == ballot.role; })) {
        std::vector<std::string_view> known;
        for (const Role& role : scenario.roles) known.push_back(role.id);
        add(problems, about(ProblemCode::unknown_role, step, -1, ballot.role),
            where(step) + "unknown role " + quoted(ballot.role) +
                (known.empty() ? "; this scenario has no roles, leave the role empty"
                               : "; known roles: " + joined_ids(known) + " (or empty)"));
    }
    if (!ballot.language.empty() &&
        std::find(scenario.languages.begin(), scenario.languages.end(), ballot.language) ==
            scenario.languages.end()) {
        std::vector<std::string_view> known(scenario.languages.begin(), scenario.languages.end());
        add(problems, about(ProblemCode::unknown_language, step, -1, ballot.language),
            where(step) + "unknown language " + quoted(ballot.language) + "; this scenario uses " + joined_ids(known) +
                " (or empty)");
    }

    // Repeated options: compared pairwise for the usual few marks, through a set for many.
    constexpr std::size_t few_marks = 16;
    std::unordered_set<std::string_view> seen, reported;
    for (std::size_t i = 0; i < ballot.marks.size(); ++i) {
        const Mark& mark = ballot.marks[i];
        const int at = static_cast<int>(i);
        if (!ids.contains(mark.option)) {
            std::string message = where(step) + "unknown option " + quoted(mark.option);
            if (step.type == StepType::idea_vote && step.collect_ideas) {
                message += " (neither an option nor a collected idea)";
            } else {
                // Name the step's options, so that a typo is easy to spot (a long list cut short).
                constexpr std::size_t shown = 10;
                std::vector<std::string_view> known;
                for (std::size_t k = 0; k < step.options.size() && k < shown; ++k) known.push_back(step.options[k].id);
                message += "; this step's options are " + joined_ids(known) + (step.options.size() > shown ? ", …" : "");
            }
            add(problems, about(ProblemCode::unknown_option, step, at, mark.option), std::move(message));
        }
        bool repeated = false;
        if (ballot.marks.size() <= few_marks) {
            // Reported once, at the option's second mark (exactly one earlier mark has it).
            std::size_t before = 0;
            for (std::size_t j = 0; j < i; ++j) before += ballot.marks[j].option == mark.option;
            repeated = before == 1;
        } else {
            repeated = !seen.insert(mark.option).second && reported.insert(mark.option).second;
        }
        if (repeated)
            add(problems, about(ProblemCode::repeated_option, step, at, mark.option),
                where(step) + "option " + quoted(mark.option) + " appears more than once in one ballot; give each option one mark");
    }

    switch (step.type) {
    case StepType::dot_vote: check_dot_vote(step, ballot.marks, problems); break;
    case StepType::ranking: check_ranking(step, ballot.marks, problems); break;
    case StepType::idea_vote: check_idea_vote(step, ballot.marks, problems); break;
    case StepType::info: break;
    }
    return problems;
}

std::vector<std::string> check_idea_text(const Step& step, std::string_view text) {
    std::vector<std::string> messages;
    for (Problem& problem : check_idea_problems(step, text)) messages.push_back(std::move(problem.message));
    return messages;
}

std::vector<Problem> check_idea_problems(const Step& step, std::string_view text) {
    Problems problems;
    const std::string prefix = where(step);
    if (step.type != StepType::idea_vote || !step.collect_ideas) {
        add(problems, about(ProblemCode::ideas_not_collected, step), prefix + "this step does not collect ideas");
        return problems;
    }
    const int length = utf8_length(text);
    if (length < 0) {
        add(problems, about(ProblemCode::idea_not_utf8, step), prefix + "the idea is not valid UTF-8 text");
        return problems;
    }

    bool blank = true;
    bool line_break = false;
    std::string controls;  // each other control character named once, in order of appearance
    for (std::size_t pos = 0; pos < text.size();) {
        const Utf8CodePoint at = decode_utf8_at(text, pos);
        const char32_t cp = at.code_point;
        pos += at.length;
        if (!is_blank_code_point(cp)) blank = false;
        if (cp == U'\n' || cp == U'\r' || cp == 0x85 || cp == 0x2028 || cp == 0x2029) {
            line_break = true;
        } else if (is_control_code_point(cp)) {
            const std::string name = code_point_name(cp);
            if (controls.find(name) == std::string::npos) controls += (controls.empty() ? "" : ", ") + name;
        }
    }
    if (blank) {
        add(problems, about(ProblemCode::idea_empty, step), prefix + "the idea is empty; type a few words");
        return problems;
    }
    if (line_break)
        add(problems, about(ProblemCode::idea_line_break, step),
            prefix + "the idea contains a line break; an idea must be a single line");
    if (!controls.empty())
        add(problems, about(ProblemCode::idea_control_characters, step, -1, controls),
            prefix + "the idea contains control characters (" + controls + "); remove them");
    if (length > step.max_idea_length)
        add(problems, about(ProblemCode::idea_too_long, step, -1, {}, length, step.max_idea_length),
            prefix + "the idea is " + std::to_string(length) + " characters long, at most " +
                std::to_string(step.max_idea_length) + " allowed");
    return problems;
}

}  // namespace workshop
