// internal_access.h — what the engine's own code and the project's tests reach that an embedder
// never needs: a Session's Store (the report library, fault-injection tests) and a Store's raw
// SQLite connection (the hub's sync, tests that make the disk full or read-only). Not installed:
// a front-end gets everything it needs as Session calls (session.h).
#pragma once

struct sqlite3;

namespace workshop {

class Session;
class Store;

namespace detail {

struct SessionAccess {
    static Store& store(Session& session);
};

struct StoreAccess {
    static sqlite3* handle(Store& store);  // never write through it outside the engine
};

inline Store& store_of(Session& session) { return SessionAccess::store(session); }
inline sqlite3* handle_of(Store& store) { return StoreAccess::handle(store); }

}  // namespace detail
}  // namespace workshop
