// texts.h — the report's own words in nl, en and uk (English for any other language).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

#include "workshop/scenario.h"

namespace workshop::report {

enum class Text {
    session, date, kiosks, visits, by_role, by_language, no_role, no_language, ballots,
    method_dot_vote, method_borda, method_schulze, method_idea_vote,
    points, first_choices, dots, votes, beats_count, tie,
    per_group, other_groups, groups_small, hidden_ideas, voided, scenario, sha256,
    pairwise_caption, who_beats_whom, beats, beats_nobody, no_ballots, page,
};

// The text in `language`, with each "{name}" replaced by its value.
std::string text(Text which, std::string_view language,
                 std::initializer_list<std::pair<std::string_view, std::string>> values = {});

// A scenario text in `language`, else in the scenario's default language.
const std::string& local(const LocalText& text, std::string_view language, const Scenario& scenario);

}  // namespace workshop::report
