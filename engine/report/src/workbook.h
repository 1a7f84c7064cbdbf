// workbook.h — the workbook written while its ballots are read, so that a store is read once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "workshop/report.h"

namespace workshop::report {

// Fills the ballots sheets (a column per option; an idea vote's options are its `ideas`) from
// `ballots` first, then calls `summary` (which may be the tally of those very ballots) for the
// other sheets.
Status write_workbook_in_one_pass(const Scenario& scenario, const std::vector<Idea>& ideas, const BallotStream& ballots,
                                  const std::function<const SessionSummary&()>& summary, const std::string& path);

}  // namespace workshop::report
