// hub_sync.h — the kiosk's link to the hub (docs/hub.md): push and pull on a thread of its own,
// so the screen never waits on the network. The UI thread only reads a snapshot of the state
// (state()) and says when it wrote something (poke()).
//
// The thread keeps its own SQLite connection to the kiosk's file; the Session on the UI thread
// sees pulled rows through SQLite's change counter (Session::check_for_changes). It syncs after
// a poke, when the hub NOTIFYs new rows, and at least once a second otherwise; a dead hub is
// retried every few seconds while the kiosk records locally as always.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kiosk_config.h"
#include "workshop/hub.h"
#include "workshop/session.h"

namespace workshop::kiosk {

// The sync thread's name (as `top -H` shows it) and how far below the UI thread it runs (Linux:
// SCHED_BATCH, 10 nice steps above the kiosk's own, at most 19), so a sync never takes the core
// from a frame.
inline constexpr const char* kSyncThreadName = "hub-sync";
inline constexpr int kSyncThreadNice = 10;

// Names the calling thread and puts it that far below the UI thread (the sync thread, the
// session reader).
void run_below_screen(const char* name);

// How the kiosk opens a session: its name, and global idea ids when it shares a hub.
SessionOptions session_options(const KioskConfig& config);

struct HubState {
    bool connected = false;
    std::string last_sync;     // ISO 8601 UTC of the last successful sync, "" before the first
    std::int64_t waiting = 0;  // this kiosk's rows not yet on the hub
    std::string problem;       // why the last sync failed ("" when it worked)
    bool other_scenario = false;  // problem: the hub's open session runs another scenario file
    std::int64_t hub_session = 0;
    std::vector<HubKioskStatus> kiosks;  // every kiosk of the session, as the hub saw them last
    std::optional<RoomMove> room_move;   // another kiosk of the session loaded this scenario
};

class HubSync {
public:
    // `password` may be empty (then PGPASSFILE / ~/.pgpass, as libpq does).
    HubSync(std::string url, std::string password, std::string kiosk);
    ~HubSync();  // stops the thread; pushes what was written since the last sync first (bounded by the hub's timeouts)
    HubSync(const HubSync&) = delete;
    HubSync& operator=(const HubSync&) = delete;

    // Syncs local session `session` of the database file `db` from now on; what the session
    // followed before still has waiting (e.g. the action that says the room moved on) is pushed.
    void follow(const std::string& db, std::int64_t session);
    // Where the room went, once the hub has it (cheap: for every frame).
    std::optional<RoomMove> room_move() const;
    void poke();  // something was written here: push it soon
    HubState state() const;

private:
    void run();
    void connect(std::unique_ptr<HubConnection>& hub);
    void sync_once(std::unique_ptr<HubConnection>& hub, std::unique_ptr<Store>& store, std::string& store_path);
    void push_left(HubConnection& hub);
    void wait(std::unique_ptr<HubConnection>& hub, double seconds, std::uint64_t seen);

    const std::string m_url, m_password, m_kiosk;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    HubState m_state;
    std::string m_db;
    std::int64_t m_session = 0;
    std::vector<std::pair<std::string, std::int64_t>> m_left;  // sessions followed before, to push once more
    bool m_poked = false;         // written since the last sync (cleared when a sync starts)
    std::uint64_t m_pokes = 0;    // pokes so far: each wakes the thread once
    bool m_stop = false;
    std::thread m_thread;  // last: starts after everything above exists
};

}  // namespace workshop::kiosk
