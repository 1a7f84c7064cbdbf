// shown_bars.h — what a shared screen shows of a step (Session::shown_results) as one line, for
// tests that compare screens: "held/now: option=score ..., groups n ...".
#pragma once

#include <string>

#include "workshop/workshop.h"

namespace test {

inline std::string bars_of(const workshop::ShownResults& shown) {
    std::string out = std::to_string(shown.result.ballots) + "/" + std::to_string(shown.ballots_now) + ":";
    for (const workshop::ResultRow& row : shown.result.rows) out += " " + row.option + "=" + std::to_string(row.score);
    out += ", groups";
    for (const workshop::RoleGroup& group : shown.groups) out += " " + std::to_string(group.result.ballots);
    return out;
}

}  // namespace test
