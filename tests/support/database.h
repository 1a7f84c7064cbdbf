// database.h — a database read and written behind the store's back: a raw SQLite connection of
// the test's own, and a dump of a whole database to compare before and after.
#pragma once

#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <sstream>
#include <string>

namespace test {

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
