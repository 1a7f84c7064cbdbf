// workshop.h — every public header of the workshop engine (workshop::engine): scenario files
// and languages, ballots and their problems, tallies, sessions, one participant's turn, the SQLite
// store, CSV and exchange files, the hub, diagnostics, Status/Outcome and UTF-8 text. No GUI dependency; the
// kiosk and the `workshop` command both use it. The PDF report and workbook are a separate
// library (workshop/report.h, workshop::report), not included here.
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
#include "workshop/utf8.h"
