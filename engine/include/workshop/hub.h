// hub.h — several kiosks, one session: a PostgreSQL server every kiosk pushes its rows to and
// pulls the others' rows from (docs/hub.md; the contract is shared/docs/hub.md).
//
// The kiosk's SQLite file stays the durable record; sync() makes it a full replica of the hub's
// session. Every row is sent with an id the hub keeps unique (a ballot: session, visit and step;
// an idea: session, step and idea id; an action: the file's link id and its row), so a push that
// is repeated after a dropped connection or a killed kiosk records nothing twice. Pushes hold one
// hub-wide lock while they write, so the hub's sequence numbers are also its commit order and a
// puller can resume after the last number it has seen.
//
// A HubConnection is one libpq connection, for one thread. Nothing here throws.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workshop/result.h"
#include "workshop/scenario.h"

namespace workshop {

class Store;

// The start of the message of a sync refused because the hub's open session of the scenario runs
// another version of the file (guarantee 4): callers tell it from a connection problem.
inline constexpr const char* hub_other_scenario = "this kiosk's scenario file differs";

// The hub schema this program writes (table workshop.meta, key schema_version). `workshop hub
// init` upgrades an older one; a newer one is refused. 2: per-statement checks for fast pushes,
// and the pictures stored with a session.
inline constexpr int hub_schema_version = 2;

// A fresh random id of 128 bits (122 random) as text, e.g. "0f0c5a6e-...": for visits and
// ideas. Random (version 4), not time-ordered: an id must not reveal when someone voted.
std::string new_global_id();

struct HubKioskStatus {
    std::string name;
    std::string last_seen;       // ISO 8601 UTC, or "" when it never synced
    std::int64_t rows_pushed = 0;
    std::int64_t rows_waiting = 0;  // as the kiosk last reported it
    std::map<std::string, std::int64_t> ballots_per_step;  // valid ballots of the session, per step
};

struct HubSessionStatus {
    std::int64_t id = 0;
    std::string scenario_id;
    std::string scenario_sha256;
    std::string created_at;
    std::string state;  // "running", "paused" or "ended"
    std::vector<HubKioskStatus> kiosks;
};

// What one sync of one session did.
struct SyncReport {
    std::int64_t hub_session = 0;
    std::size_t pushed = 0;   // rows sent that the hub did not have yet
    std::size_t pulled = 0;   // rows of other kiosks recorded in the file
    std::size_t skipped = 0;  // hub rows refused (invalid ballot, idea id taken by another text)
    std::size_t waiting = 0;  // local rows not yet on the hub after this sync (0 when it succeeded)
};

// Where the room went (hub.md, guarantee 8): the hub's session of the scenario another kiosk of
// the session switched to, with that file's text as stored on the hub.
struct RoomMove {
    std::int64_t hub_session = 0;
    std::string scenario_sha256;
    std::string scenario_text;
    std::map<std::string, Picture> pictures;  // the pictures stored with that session, by `image` path
};

class HubConnection {
public:
    // Connects with a libpq connection string or URI. `password` (may be empty) is handed to
    // libpq as a parameter, never written into the connection string or a message.
    static Outcome<std::unique_ptr<HubConnection>> connect(const std::string& url, const std::string& password = {});
    ~HubConnection();
    HubConnection(const HubConnection&) = delete;
    HubConnection& operator=(const HubConnection&) = delete;

    // `workshop hub init`: creates or upgrades the schema, privileges, policies and triggers.
    // Idempotent; refuses a hub whose schema is newer than this program's.
    Status init();
    // Refuses a hub without the schema or with a newer one (sync, export --hub).
    Status check_schema();
    // `workshop hub add-kiosk`: the role of kiosk `name` with a random password; returns the
    // lines of that kiosk's kiosk.toml. The password goes to the server only as a SCRAM hash.
    Outcome<std::string> add_kiosk(const std::string& name);
    Outcome<std::vector<HubSessionStatus>> status();

    // One push + pull of local session `session` of `store` as kiosk `kiosk` (the kiosk's name
    // as the hub knows it; a kiosk role may only use its own). Joins the hub's open session of
    // the same scenario id and SHA-256, or opens one; refuses when the open session of that
    // scenario runs another version of the file (the message says why).
    Outcome<SyncReport> sync(Store& store, std::int64_t session, const std::string& kiosk);
    // The push half of sync() alone: the rows of this file go to the hub, nothing is pulled
    // (report.pulled stays 0; the file learns its own rows' hub numbers at its next sync). For
    // a file that only hands rows in, and for measuring the push (`make bench`).
    Outcome<SyncReport> push(Store& store, std::int64_t session, const std::string& kiosk);
    // Pulls hub session `hub_session` (0: the newest) into `store` (an empty file) as a local
    // session with the same number; returns that number. For export --hub and tally --hub.
    Outcome<std::int64_t> copy_session(Store& store, std::int64_t hub_session);

    // The newest action::scenario_switched of local session `session` (made here or pulled) and
    // the hub's newest session of that file. Nothing when there is none, when it names the file
    // this session already runs, or when the hub has no session of that file yet (the kiosk that
    // switched has not synced it yet: ask again after the next sync). Nothing either when it names
    // `known_sha256`, a move the caller already has: the hub is not asked for that text again.
    Outcome<std::optional<RoomMove>> room_move(Store& store, std::int64_t session, std::string_view known_sha256 = {});

    // LISTEN for new rows; wait_for_rows() sleeps until a NOTIFY arrives or `milliseconds` pass.
    Status listen();
    bool wait_for_rows(int milliseconds);
    bool alive();  // the connection is still usable

    struct Impl;

private:
    explicit HubConnection(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

// Rows of local session `session` not yet on the hub (0 for a session never linked and empty).
Outcome<std::int64_t> hub_rows_waiting(Store& store, std::int64_t session);
// The hub's number of local session `session`, or 0 when it is not linked to a hub.
Outcome<std::int64_t> hub_session_of(Store& store, std::int64_t session);

}  // namespace workshop
