// fuzz_support.h — what the fuzz targets share: a fixed scenario, a scratch folder, and a check
// that aborts (so that libFuzzer, and the corpus replay under ctest, report a broken invariant
// exactly like a crash, with the input that caused it).
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "workshop/scenario.h"

#define FUZZ_CHECK(condition, what)                                                                     \
    do {                                                                                                 \
        if (!(condition)) {                                                                              \
            std::fprintf(stderr, "%s:%d: invariant broken: %s (%s)\n", __FILE__, __LINE__, #condition,   \
                         std::string(what).c_str());                                                     \
            std::abort();                                                                                \
        }                                                                                                \
    } while (0)

namespace fuzz {

// Every step type and rule that import checks: roles, two languages, an info step, a dot vote
// (5 dots, at most 3 per option), a ranking (2..3 of 4, schulze), an idea vote that collects
// ideas (2 approvals, 40 characters) with an option id that looks like a collected idea's.
inline const char* const scenario_text = R"(format = 1
id = "fuzz-workshop"
languages = ["en", "uk"]
title = { en = "Fuzz", uk = "Фаз" }

[[role]]
id = "resident"
label = "Resident"

[[role]]
id = "council"
label = "Council"

[[step]]
id = "intro"
type = "info"
title = "Hello"
body = "Welcome"

[[step]]
id = "themes"
type = "dot_vote"
title = "Themes"
dots = 5
max_per_option = 3
options = [ { id = "housing", label = "Housing" }, { id = "work", label = "Work" }, { id = "language", label = "Language" } ]

[[step]]
id = "agenda"
type = "ranking"
method = "schulze"
title = "Agenda"
rank_at_least = 2
rank_at_most = 3
options = [ { id = "a", label = "A" }, { id = "b", label = "B" }, { id = "c", label = "C" }, { id = "d", label = "D" } ]

[[step]]
id = "ideas"
type = "idea_vote"
title = "Ideas"
collect_ideas = true
votes_per_participant = 2
max_idea_length = 40
options = [ { id = "idea-2", label = "A preset idea" } ]
)";

inline const workshop::Scenario& scenario() {
    static const workshop::Scenario loaded = [] {
        workshop::ScenarioLoad load = workshop::parse_scenario(scenario_text, "fuzz.toml");
        if (!load.ok()) {
            std::fprintf(stderr, "%s", workshop::format_diagnostics(load.errors).c_str());
            std::abort();
        }
        return *load.scenario;
    }();
    return loaded;
}

// A folder of this process's own, on a RAM disk when there is one (fsync is then free),
// emptied on request and removed at exit.
class Scratch {
public:
    Scratch() {
        const char* base = std::filesystem::is_directory("/dev/shm") ? "/dev/shm" : nullptr;
        std::string pattern = std::string(base ? base : std::filesystem::temp_directory_path().c_str()) +
                              "/workshop-fuzz-XXXXXX";
        if (!::mkdtemp(pattern.data())) std::abort();
        m_path = pattern;
    }
    ~Scratch() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    void clear() const {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(m_path, ec)) std::filesystem::remove_all(entry, ec);
    }
    std::string operator/(const std::string& name) const { return m_path + "/" + name; }

private:
    std::string m_path;
};

}  // namespace fuzz
