// imports.h — ballots and ideas files, given as text, read and recorded into a database the way
// `workshop import` does it.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "support/scenarios.h"
#include "workshop/exchange.h"
#include "workshop/store.h"

namespace test {

// What the import answered: the reading problems, else the record outcome (its rejected rows
// in `errors` too).
struct Imported {
    workshop::Diagnostics errors;
    workshop::ImportOutcome outcome;
};

// Reads `ballots` (as ballots.csv) and `ideas` (as ideas.csv, when not empty) for `scenario`
// and, when they read without problems, records them in `db` as kiosk "importer".
inline Imported import_csv(const std::string& db, const std::string& ballots, const std::string& ideas = "",
                           const workshop::Scenario& scenario = test::scenario(), bool allow_closed = false) {
    workshop::BallotBatch batch;
    batch.ballots_file = "ballots.csv";
    Imported result;
    result.errors = workshop::read_ballots_csv(ballots, scenario, batch);
    if (!ideas.empty()) {
        batch.ideas_file = "ideas.csv";
        workshop::Diagnostics more = workshop::read_ideas_csv(ideas, scenario, batch);
        result.errors.insert(result.errors.end(), more.begin(), more.end());
    }
    if (!result.errors.empty()) return result;
    auto store = workshop::Store::open(db);
    REQUIRE(store.ok());
    workshop::RecordOptions options;
    options.kiosk = "importer";
    options.allow_closed = allow_closed;
    result.outcome = workshop::record_batch(**store, scenario, batch, options);
    result.errors = result.outcome.rejected;
    return result;
}

}  // namespace test
