// store_schema.h — the schema of the database file, one migration per version.
#pragma once

#include <span>

namespace workshop::schema {

// Brings a database at version `to - 1` to version `to`. Run in one transaction, followed by
// `PRAGMA user_version = to`. Migration 1 creates everything on an empty file (version 0).
struct Migration {
    int to;
    const char* sql;
};

std::span<const Migration> migrations();

}  // namespace workshop::schema
