// scenarios.h — the scenario most engine tests vote in, read from tests/fixtures/, and ballots
// for it.
#pragma once

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "support/files.h"
#include "workshop/workshop.h"

namespace test {

// tests/fixtures/scenarios/valid/test-workshop.toml: four steps, an info step, a dot vote
// (5 dots, at most 3 per option), a ranking (2..3 of 4) and an idea vote that collects ideas
// (at most 2 approvals, 40 characters). One option id is "idea-2", so the second collected idea
// must get another id. Roles resident and council; languages en and nl.
inline const std::string& scenario_text() {
    static const std::string text = fixture_text("scenarios/valid/test-workshop.toml");
    return text;
}

// `text` loaded as the file `path`; the test stops when it is not valid.
inline workshop::Scenario scenario(const std::string& text = scenario_text(), const std::string& path = "test.toml") {
    workshop::ScenarioLoad load = workshop::parse_scenario(text, path);
    INFO(workshop::format_diagnostics(load.errors));
    REQUIRE(load.ok());
    return *load.scenario;
}

inline workshop::Ballot ballot(const std::string& visit, const std::string& step, std::vector<workshop::Mark> marks,
                               const std::string& role = "", const std::string& lang = "") {
    workshop::Ballot b;
    b.visit = visit;
    b.step = step;
    b.marks = std::move(marks);
    b.role = role;
    b.language = lang;
    return b;
}

// A full visit: themes (housing 3, work 2), agenda (a, b) and ideas (idea-2).
inline std::vector<workshop::Ballot> visit(const std::string& id, const std::string& role = "") {
    return {ballot(id, "themes", {{"housing", 3}, {"work", 2}}, role, "en"),
            ballot(id, "agenda", {{"a", 1}, {"b", 2}}, role, "en"),
            ballot(id, "ideas", {{"idea-2", 1}}, role, "en")};
}

}  // namespace test
