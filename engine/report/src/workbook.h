// workbook.h — the workbook written while its ballots are read, so that a store is read once.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "workshop/report.h"

namespace workshop::report {

// Fills the ballots sheet from `ballots` first, then calls `summary` (which may be the tally of
// those very ballots) for the other sheets. `session` is the number the ballots sheet shows.
Status write_workbook_in_one_pass(const Scenario& scenario, std::int64_t session, const BallotStream& ballots,
                                  const std::function<const SessionSummary&()>& summary, const std::string& path);

}  // namespace workshop::report
