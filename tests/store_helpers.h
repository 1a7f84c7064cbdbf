// store_helpers.h — shared by the store, session, exchange, CLI and crash tests: a scratch
// folder, a small scenario, ballots, and a dump of a database's whole content to compare.
#pragma once

#include <sqlite3.h>
#include <stdlib.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "workshop/workshop.h"

namespace test {

// A fresh folder, removed with everything in it at the end of the test.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "workshop-test-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string operator/(const std::string& name) const { return m_path + "/" + name; }
    const std::string& path() const { return m_path; }

private:
    std::string m_path;
};

// Four steps: an info step, a dot vote (5 dots, at most 3 per option), a ranking (2..3 of 4)
// and an idea vote that collects ideas (at most 2 approvals). One option id is "idea-2", so
// the second collected idea must get another id.
inline const char* const scenario_text = R"(format = 1
id = "test-workshop"
languages = ["en", "nl"]
title = { en = "Test workshop", nl = "Testwerkplaats" }

[[role]]
id = "resident"
label = { en = "Resident", nl = "Bewoner" }

[[role]]
id = "council"
label = { en = "Council", nl = "Gemeente" }

[[step]]
id = "intro"
type = "info"
title = "Hello"
body = "Welcome"

[[step]]
id = "themes"
type = "dot_vote"
title = { en = "Themes", nl = "Thema's" }
dots = 5
max_per_option = 3
options = [
  { id = "housing", label = { en = "Housing", nl = "Huisvesting" } },
  { id = "work", label = { en = "Work", nl = "Werk" } },
  { id = "language", label = { en = "Language", nl = "Taal" } },
]

[[step]]
id = "agenda"
type = "ranking"
title = "Agenda"
rank_at_least = 2
rank_at_most = 3
options = [
  { id = "a", label = "Action A" },
  { id = "b", label = "Action B" },
  { id = "c", label = "Action C" },
  { id = "d", label = "Action D" },
]

[[step]]
id = "ideas"
type = "idea_vote"
title = "Ideas"
collect_ideas = true
votes_per_participant = 2
max_idea_length = 40
options = [ { id = "idea-2", label = "A preset idea" } ]
)";

inline workshop::Scenario scenario(const std::string& text = scenario_text, const std::string& path = "test.toml") {
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

inline std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

inline void write_text(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    REQUIRE(out.good());
}

// A raw connection of the test's own (a second program, as far as the store can tell).
class Connection {
public:
    explicit Connection(const std::string& path) {
        REQUIRE(sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) == SQLITE_OK);
    }
    ~Connection() { sqlite3_close_v2(m_db); }
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;
    sqlite3* get() { return m_db; }
    // Runs SQL; returns the SQLite result code and keeps the error message.
    int exec(const std::string& sql) {
        char* message = nullptr;
        const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &message);
        m_error = message ? message : "";
        sqlite3_free(message);
        return rc;
    }
    const std::string& error() const { return m_error; }
    // Every row of a query as text, fields joined by '|', rows by '\n'.
    std::string query(const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        REQUIRE(sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK);
        std::string out;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
                if (c) out += '|';
                const auto* text = sqlite3_column_text(stmt, c);
                out += text ? reinterpret_cast<const char*>(text) : "NULL";
            }
            out += '\n';
        }
        sqlite3_finalize(stmt);
        return out;
    }
    long long number(const std::string& sql) { return std::stoll(query(sql)); }

private:
    sqlite3* m_db = nullptr;
    std::string m_error;
};

// The whole logical content of a database: schema, version and every row of every table.
inline std::string dump(const std::string& path) {
    if (!std::filesystem::exists(path)) return "(no file)";
    Connection db(path);
    std::string out = "user_version " + db.query("PRAGMA user_version");
    out += db.query("SELECT type, name, sql FROM sqlite_master ORDER BY type, name");
    const std::string tables = db.query("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
    std::istringstream names(tables);
    for (std::string name; std::getline(names, name);) {
        out += "== " + name + "\n";
        out += db.query("SELECT * FROM \"" + name + "\"");  // table order: deterministic
    }
    return out;
}

}  // namespace test
