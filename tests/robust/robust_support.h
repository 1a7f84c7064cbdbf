// robust_support.h — what the reliability tests share: scenario files from the repository,
// and reading a database with a connection of the test's own.
#pragma once

#include <sqlite3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <string>

#include "support/database.h"
#include "support/files.h"
#include "support/scenarios.h"
#include "support/temp_dir.h"
#include "workshop/exchange.h"
#include "workshop/store.h"
#include "workshop/workshop.h"

namespace robust {

inline workshop::Scenario load_scenario(const std::string& relative_path) {
    const std::string path = std::string(WORKSHOP_SOURCE_DIR) + "/" + relative_path;
    workshop::ScenarioLoad load = workshop::load_scenario_file(path);
    INFO(workshop::format_diagnostics(load.errors));
    REQUIRE(load.ok());
    return *load.scenario;
}

// The permission bits of a file (0600 = owner read and write only).
inline unsigned mode_of(const std::string& path) {
    struct stat info {};
    REQUIRE(::stat(path.c_str(), &info) == 0);
    return static_cast<unsigned>(info.st_mode & 07777);
}

// Every stored, valid ballot of the session breaks no rule of its step (the same check_ballot a
// ballot passes before it is written): what the kiosk recorded is what the rules allow.
inline std::size_t check_stored_ballots(workshop::Store& store, std::int64_t session,
                                        const workshop::Scenario& scenario) {
    std::size_t checked = 0;
    for (const workshop::Step& step : scenario.steps) {
        if (!step.takes_ballots()) continue;
        auto ideas = store.ideas(session, step.id);
        REQUIRE(ideas.ok());
        std::vector<workshop::Ballot> ballots;
        REQUIRE(store.load_ballots(session, step.id, ballots));
        for (const workshop::Ballot& ballot : ballots) {
            const std::vector<std::string> problems = workshop::check_ballot(scenario, ballot, *ideas);
            INFO("visit " << ballot.visit << " step " << ballot.step);
            CHECK(problems == std::vector<std::string>{});
            ++checked;
        }
    }
    return checked;
}

// An environment variable as a number, or `fallback`.
inline long env_number(const char* name, long fallback) {
    const char* value = std::getenv(name);
    return value && *value ? std::strtol(value, nullptr, 10) : fallback;
}

}  // namespace robust
