// workshop.h — the workshop engine: scenario files, ballots, tallies, sessions, the SQLite
// store, CSV exchange and one participant's turn (turn.h). No GUI dependency; the kiosk and the `workshop` command both use it.
#pragma once

#include "workshop/ballot.h"
#include "workshop/csv.h"
#include "workshop/diagnostic.h"
#include "workshop/exchange.h"
#include "workshop/hub.h"
#include "workshop/languages.h"
#include "workshop/result.h"
#include "workshop/scenario.h"
#include "workshop/session.h"
#include "workshop/store.h"
#include "workshop/tally.h"
#include "workshop/turn.h"
