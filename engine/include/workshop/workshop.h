// workshop.h — the workshop engine: scenario files, ballots, tallies, sessions, the SQLite
// store and CSV exchange. No GUI dependency; the kiosk and the `workshop` command both use it.
#pragma once

#include "workshop/ballot.h"
#include "workshop/csv.h"
#include "workshop/diagnostic.h"
#include "workshop/languages.h"
#include "workshop/result.h"
#include "workshop/scenario.h"
#include "workshop/session.h"
#include "workshop/tally.h"
