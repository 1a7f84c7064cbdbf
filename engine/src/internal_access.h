// internal_access.h — what the engine's own code and the project's tests reach that an embedder
// never needs: a Session's Store (the report library, fault-injection tests) and a Store's raw
// SQLite connection (the hub's sync, tests that make the disk full or read-only). Not installed:
// a front-end gets everything it needs as Session calls (session.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "workshop/ballot.h"
#include "workshop/result.h"

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
    // Store::for_each_ballot of the ballots recorded after row `after` only, each given with its
    // row: the Session's streaming tallies read just what is new.
    static Status for_each_ballot_after(Store& store, std::int64_t session, std::string_view step, std::int64_t after,
                                        const std::function<bool(std::int64_t, Ballot&)>& each);
    // The newest void's row in the file (0: none): voids are never deleted, so it moves with each.
    static Outcome<std::int64_t> newest_void(Store& store);
};

inline Store& store_of(Session& session) { return SessionAccess::store(session); }
inline sqlite3* handle_of(Store& store) { return StoreAccess::handle(store); }

}  // namespace detail
}  // namespace workshop
