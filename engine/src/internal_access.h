// internal_access.h — what the engine's own code and the project's tests reach that an embedder
// never needs: a Session's Store (the report library, fault-injection tests) and a Store's raw
// SQLite connection (the hub's sync, tests that make the disk full or read-only). Not installed:
// a front-end gets everything it needs as Session calls (session.h).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "workshop/ballot.h"
#include "workshop/result.h"

struct sqlite3;

namespace workshop {

class Session;
class Store;

namespace detail {

// How many have voted in a session, as the facilitator sees it (void ballots left out): kept by
// the Session and topped up with what was recorded since, so that 10 ballots a second from
// other kiosks never make a kiosk count a 100,000-ballot session again.
struct LiveCounts {
    std::map<std::string, std::map<std::string, int>> ballots;  // step -> role ("" = none) -> ballots
    int visits = 0;                 // visits with at least one ballot
    bool started = false;           // counted at least once
    std::int64_t last_ballot = 0;   // the newest ballot row of the file when last counted
    std::int64_t last_void = 0;     // the newest void row then: a newer void counts all again
};

struct SessionAccess {
    static Store& store(Session& session);
};

struct StoreAccess {
    static sqlite3* handle(Store& store);  // never write through it outside the engine
    // Store::for_each_ballot of the ballots recorded after row `after` only, each given with its
    // row: the Session's streaming tallies read just what is new.
    static Status for_each_ballot_after(Store& store, std::int64_t session, std::string_view step, std::int64_t after,
                                        const std::function<bool(std::int64_t, Ballot&)>& each);
    // The session's ballot order (Session::shown_results): hub order where a ballot has a hub
    // number, then the ballots without one in row order. Each valid ballot of `step`, by row,
    // with its hub number (0: none yet)...
    static Status for_each_ballot_number(Store& store, std::int64_t session, std::string_view step,
                                         const std::function<void(std::int64_t row, std::int64_t seq)>& each);
    // ... and the valid ballots of `step` numbered in (after, upto], in hub order.
    static Status for_each_ballot_numbered(Store& store, std::int64_t session, std::string_view step,
                                           std::int64_t after, std::int64_t upto,
                                           const std::function<void(std::int64_t seq, std::int64_t row)>& each);
    // The newest hub number the file has (0: none): numbers only grow.
    static Outcome<std::int64_t> newest_hub_row(Store& store);
    // The newest void's row in the file (0: none): voids are never deleted, so it moves with each.
    static Outcome<std::int64_t> newest_void(Store& store);
    // Brings `counts` of `session` up to date, in one read snapshot: adds the ballots recorded
    // after counts.last_ballot, or counts everything again when a ballot was voided since.
    // After a failure `counts` is half done: start from LiveCounts{} again.
    static Status update_counts(Store& store, std::int64_t session, LiveCounts& counts);
    // The row of table `kind` ("ballot", "idea", "void", "action") below which every row of
    // `session` has its hub number, as this connection last found it (hub_sync.cpp); 0 at first.
    static std::int64_t& hub_numbered_below(Store& store, std::int64_t session, std::string_view kind);
};

inline Store& store_of(Session& session) { return SessionAccess::store(session); }
inline sqlite3* handle_of(Store& store) { return StoreAccess::handle(store); }

}  // namespace detail
}  // namespace workshop
