// hub_sync.cpp — push and pull between a kiosk's SQLite file and the hub.
//
// A push sends every row of the session that has no hub number yet (hub_rows), in one hub
// transaction under the push lock; the hub's unique keys drop what it already has, so a push
// repeated after a crash records nothing twice. A pull then reads every hub row after the last
// number this file has seen and records, in one SQLite transaction, the row (when the file does
// not have it yet) together with its number. The kiosk's own rows come back with their numbers
// too: from then on they are "on the hub", and everything is ordered by those numbers.
#include <sqlite3.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "hub_pg.h"
#include "internal_access.h"
#include "workshop/ballot.h"
#include "workshop/diagnostic.h"
#include "workshop/exchange.h"
#include "workshop/hub.h"
#include "workshop/scenario.h"
#include "workshop/store.h"

namespace workshop {

namespace {

constexpr char mark_separator = '\x1f';
// At most this many hub rows per SQLite transaction: the sync thread never holds the file's write
// lock for long, so a voter's cast at this kiosk (which waits at most the busy timeout, 5 s)
// never fails while it numbers or pulls a 100,000-ballot session.
constexpr std::size_t rows_per_pull = 2000;

// WORKSHOP_HUB_TRACE=1: each phase of a sync, its wall time and the CPU time this thread spent in
// it, on stderr (to see where a slow sync spends its time without a profiler; on a busy machine
// the wall time is mostly waiting for a core).
class Phase {
public:
    explicit Phase(const char* name) : m_name(name), m_start(std::chrono::steady_clock::now()), m_cpu(cpu_ms()) {}
    ~Phase() {
        static const bool on = std::getenv("WORKSHOP_HUB_TRACE") != nullptr;
        if (!on) return;
        const std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - m_start;
        std::fprintf(stderr, "hub trace: %s %.1f ms (CPU %.1f ms)\n", m_name, took.count(), cpu_ms() - m_cpu);
    }
    Phase(const Phase&) = delete;
    Phase& operator=(const Phase&) = delete;

private:
    static double cpu_ms() {
        timespec t{};
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
        return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
    }
    const char* m_name;
    std::chrono::steady_clock::time_point m_start;
    double m_cpu;
};

// A prepared SQLite statement on the store's connection, finalized on scope exit.
class Query {
public:
    Query(sqlite3* db, const char* sql) : m_db(db) {
        if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK) {
            sqlite3_finalize(m_stmt);
            m_stmt = nullptr;
        }
    }
    ~Query() { sqlite3_finalize(m_stmt); }
    Query(const Query&) = delete;
    Query& operator=(const Query&) = delete;
    explicit operator bool() const { return m_stmt != nullptr; }
    Query& bind(int i, std::int64_t v) {
        sqlite3_bind_int64(m_stmt, i, v);
        return *this;
    }
    Query& bind(int i, const std::string& v) {
        sqlite3_bind_text(m_stmt, i, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
        return *this;
    }
    bool row() { return m_stmt && sqlite3_step(m_stmt) == SQLITE_ROW; }
    bool done() {
        const bool ok = m_stmt && sqlite3_step(m_stmt) == SQLITE_DONE;
        sqlite3_reset(m_stmt);
        return ok;
    }
    void reset() { sqlite3_reset(m_stmt); }
    std::string text(int c) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, c));
        return t ? std::string(t, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, c))) : std::string();
    }
    std::int64_t integer(int c) { return sqlite3_column_int64(m_stmt, c); }
    int columns() { return sqlite3_column_count(m_stmt); }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

Status local_failure(Store& store, std::string_view doing) {
    return Status::failure("cannot " + std::string(doing) + " in database " + store.path() + ": " +
                           sqlite3_errmsg(detail::handle_of(store)));
}

struct Link {
    std::int64_t hub_session = 0;
    std::string hub;
    std::string id;  // names this file's actions on the hub
};

std::optional<Link> link_of(Store& store, std::int64_t session) {
    Query q(detail::handle_of(store), "SELECT hub_session, hub, link FROM hub_links WHERE session = ?1");
    if (!q.bind(1, session).row()) return std::nullopt;
    return Link{q.integer(0), q.text(1), q.text(2)};
}

// The rows without a hub number, from row ?2 on (StoreAccess::hub_numbered_below; `+`: by row
// id, not the session's index). Column 0 is the row's id in the file.
const char* const unpushed_ballots =
    "SELECT b.id, b.visit, b.step, b.role, b.lang, b.cast_at, b.kiosk, b.source FROM ballots AS b"
    " WHERE +b.session = ?1 AND b.id >= ?2 AND NOT EXISTS (SELECT 1 FROM hub_rows AS h WHERE h.kind = 'ballot' AND h.row = b.id)"
    " ORDER BY b.id";
const char* const unpushed_ideas =
    "SELECT i.id, i.step, i.idea, i.text, i.lang, i.submitted_at, i.kiosk, i.source FROM ideas AS i"
    " WHERE +i.session = ?1 AND i.id >= ?2 AND NOT EXISTS (SELECT 1 FROM hub_rows AS h WHERE h.kind = 'idea' AND h.row = i.id)"
    " ORDER BY i.id";
const char* const unpushed_voids =
    "SELECT v.id, b.visit, b.step, v.voided_by, v.voided_at, v.reason FROM voids AS v JOIN ballots AS b ON b.id = v.ballot"
    " WHERE +b.session = ?1 AND v.id >= ?2 AND NOT EXISTS (SELECT 1 FROM hub_rows AS h WHERE h.kind = 'void' AND h.row = v.id)"
    " ORDER BY v.id";
// session_created is not sent: the hub's sessions row stands for it.
const char* const unpushed_actions =
    "SELECT a.id, a.at, a.actor, a.action, a.step, a.target, a.detail FROM actions AS a"
    " WHERE +a.session = ?1 AND a.id >= ?2 AND a.action <> 'session_created'"
    " AND NOT EXISTS (SELECT 1 FROM hub_rows AS h WHERE h.kind = 'action' AND h.row = a.id) ORDER BY a.id";

// One kind of row on its way to the hub. The file's rows are staged by COPY in a temporary table
// of this connection (push_KIND, emptied at commit) before the push lock is taken; under the lock
// one INSERT ... SELECT moves them into the hub's table in file order (the sequence numbers
// follow). $1 is the hub session, $2 the kiosk.
//
// First as a plain INSERT returning only the hub numbers, in file order: nothing to compare per
// row but the unique index's own check. When the hub has one of the rows already (a push killed
// after its COMMIT, the same paper ballots from two laptops), that INSERT fails on the unique
// key, is rolled back to a savepoint, and the same rows go again with ON CONFLICT on the row's
// unique key (naming it spares a look into every other unique index per row), which drops what
// the hub has and returns the number and the key (the key's text columns, joined by 0x1F) of
// each row it recorded; the client knows each key's row in the file.
//
// The unique key's random-leaf inserts are half the INSERT's time and most of the push lock's
// turn: 50 kiosks pushing at once took 0.6x the time without the lock, 0.66x without the key.
// Measured and no faster (psql \copy of 100,000 ballots): a hash exclusion constraint, a unique
// index on md5 or hashtextextended of the key, fillfactor 100; COLLATE "C" saved under 10%.
// Inserting in key order is faster, but would number a push's rows out of file order, which the
// held bars follow.
struct PushKind {
    const char* kind;       // hub_rows.kind
    const char* local_sql;  // unpushed_*: for all but actions, columns 1 and 2 are the key
    const char* staged;     // the staging table's columns, after `file_row bigint`
    const char* move;       // INSERT ... SELECT ... ORDER BY file_row
    const char* unique;     // the hub table's unique key (ON CONFLICT)
    const char* key;        // that key as the client joins it
};

const PushKind push_kinds[] = {
    // Ideas first: a ballot may vote for one.
    {"idea", unpushed_ideas, "step text, idea text, text text, lang text, submitted_at text, screen text, source text",
     "INSERT INTO workshop.ideas (session, step, idea, text, lang, submitted_at, screen, source, kiosk)"
     " SELECT $1, step, idea, text, lang, submitted_at, screen, source, $2 FROM pg_temp.push_idea ORDER BY file_row",
     "session, step, idea", "step || E'\\x1f' || idea"},
    {"ballot", unpushed_ballots,
     "visit text, step text, role text, lang text, cast_at text, screen text, source text, options text, vals text",
     "INSERT INTO workshop.ballots (session, visit, step, role, lang, cast_at, screen, source, options, vals, kiosk)"
     " SELECT $1, visit, step, role, lang, cast_at, screen, source, string_to_array(options, E'\\x1f'),"
     " string_to_array(vals, ',')::integer[], $2 FROM pg_temp.push_ballot ORDER BY file_row",
     "session, visit, step", "visit || E'\\x1f' || step"},
    {"void", unpushed_voids, "visit text, step text, voided_by text, voided_at text, reason text",
     "INSERT INTO workshop.voids (session, visit, step, voided_by, voided_at, reason, kiosk)"
     " SELECT $1, visit, step, voided_by, voided_at, reason, $2 FROM pg_temp.push_void ORDER BY file_row",
     "session, visit, step", "visit || E'\\x1f' || step"},
    {"action", unpushed_actions, "origin text, at text, actor text, action text, step text, target text, detail text",
     "INSERT INTO workshop.actions (session, origin, at, actor, action, step, target, detail, kiosk)"
     " SELECT $1, origin, at, actor, action, step, target, detail, $2 FROM pg_temp.push_action ORDER BY file_row",
     "session, origin", "origin"},
};

// Appends `field` to a COPY text-format line, escaped.
void copy_field(std::string& line, std::string_view field) {
    for (char c : field) {
        switch (c) {
            case '\\': line += "\\\\"; break;
            case '\t': line += "\\t"; break;
            case '\n': line += "\\n"; break;
            case '\r': line += "\\r"; break;
            default: line += c;
        }
    }
}

// The newest hub number of the session's rows (0 when none): $1 is the hub session.
const char* const newest_row =
    "SELECT COALESCE(GREATEST((SELECT max(seq) FROM workshop.ideas WHERE session = $1),"
    " (SELECT max(seq) FROM workshop.ballots WHERE session = $1), (SELECT max(seq) FROM workshop.voids WHERE"
    " session = $1), (SELECT max(seq) FROM workshop.actions WHERE session = $1)), 0)";

// Per kind: how many rows wait, the first of them, and the newest row of its table (all in one
// read), from row ?2..?5 on.
const char* const rows_waiting =
    "SELECT 'ballot', COUNT(*), MIN(b.id), (SELECT COALESCE(MAX(id), 0) FROM ballots) FROM ballots AS b"
    " WHERE +b.session = ?1 AND b.id >= ?2 AND NOT EXISTS (SELECT 1 FROM hub_rows AS h WHERE h.kind = 'ballot' AND h.row = b.id)"
    " UNION ALL SELECT 'idea', COUNT(*), MIN(i.id), (SELECT COALESCE(MAX(id), 0) FROM ideas) FROM ideas AS i"
    " WHERE +i.session = ?1 AND i.id >= ?3 AND NOT EXISTS (SELECT 1 FROM hub_rows AS h WHERE h.kind = 'idea' AND h.row = i.id)"
    " UNION ALL SELECT 'void', COUNT(*), MIN(v.id), (SELECT COALESCE(MAX(id), 0) FROM voids) FROM voids AS v"
    " JOIN ballots AS b ON b.id = v.ballot"
    " WHERE +b.session = ?1 AND v.id >= ?4 AND NOT EXISTS (SELECT 1 FROM hub_rows AS h WHERE h.kind = 'void' AND h.row = v.id)"
    " UNION ALL SELECT 'action', COUNT(*), MIN(a.id), (SELECT COALESCE(MAX(id), 0) FROM actions) FROM actions AS a"
    " WHERE +a.session = ?1 AND a.id >= ?5 AND a.action <> 'session_created'"
    " AND NOT EXISTS (SELECT 1 FROM hub_rows AS h WHERE h.kind = 'action' AND h.row = a.id)";
const char* const row_kinds[] = {"ballot", "idea", "void", "action"};

}  // namespace

Outcome<std::int64_t> hub_session_of(Store& store, std::int64_t session) {
    const auto link = link_of(store, session);
    return link ? link->hub_session : 0;
}

// A sync counts the rows waiting, and a push reads them, from the row below which every row of
// its kind has its hub number (StoreAccess::hub_numbered_below), not over the whole session: at
// 100k ballots that read costs 40 ms, and a kiosk syncs at each NOTIFY (10 a second while other
// kiosks vote). It holds because rows and hub numbers are append-only and a new row takes a
// higher id than any before; it moves only after a read outside a transaction (committed rows).
Outcome<std::int64_t> hub_rows_waiting(Store& store, std::int64_t session) {
    sqlite3* db = detail::handle_of(store);
    const bool committed = sqlite3_get_autocommit(db) != 0;
    Query q(db, rows_waiting);
    if (!q) return local_failure(store, "count the rows waiting for the hub");
    q.bind(1, session);
    for (int k = 0; k < 4; ++k) q.bind(k + 2, detail::StoreAccess::hub_numbered_below(store, session, row_kinds[k]));
    std::int64_t waiting = 0;
    int kinds = 0;
    for (; q.row(); ++kinds) {
        const std::int64_t count = q.integer(1);
        waiting += count;
        if (committed)
            detail::StoreAccess::hub_numbered_below(store, session, q.text(0)) = count > 0 ? q.integer(2) : q.integer(3) + 1;
    }
    if (kinds != 4) return local_failure(store, "count the rows waiting for the hub");
    return waiting;
}

// bytea travels as hex text: parameters and results stay text, as everywhere in the hub client.
std::string hex_of(std::string_view bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string bytes_of_hex(std::string_view hex) {
    auto value = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) out += static_cast<char>(value(hex[i]) << 4 | value(hex[i + 1]));
    return out;
}

// The pictures stored on the hub with a session (schema 2), checked as a file's own are.
Outcome<std::map<std::string, Picture>> hub_pictures(HubConnection::Impl& h, std::int64_t hub_session) {
    hub::Result found = h.exec("SELECT path, sha256, encode(bytes, 'hex') FROM workshop.session_pictures"
                               " WHERE session = $1 ORDER BY path",
                               {std::to_string(hub_session)});
    if (!found.ok()) return h.failure("read the session's pictures", found);
    std::map<std::string, Picture> out;
    for (int r = 0; r < found.rows(); ++r) {
        std::string problem;
        std::optional<Picture> picture = read_picture(bytes_of_hex(found.text(r, 2)), problem);
        if (!picture || picture->sha256 != found.text(r, 1))
            return Status::failure("picture " + found.text(r, 0) + " of hub session " + std::to_string(hub_session) +
                                   " is damaged on the hub" + (problem.empty() ? "" : " (" + problem + ")"));
        out.emplace(found.text(r, 0), std::move(*picture));
    }
    return out;
}

// The steps of a sync, on one connection and one file.
class Syncer {
public:
    Syncer(HubConnection::Impl& hub, Store& store, std::int64_t session, std::string kiosk)
        : h(hub), m_store(store), m_session(session), m_kiosk(std::move(kiosk)) {}

    Outcome<SyncReport> run(bool push, bool pull = true);
    Status link_to(std::int64_t hub_session);  // for a copy: this file's session is that hub session

private:
    Status find_or_open_hub_session(const SessionRecord& record, std::int64_t& hub_session, bool may_open = true);
    Status push_pictures(std::int64_t hub_session);
    Status ensure_link();
    Status push(SyncReport& report);
    struct Numbered {  // a row of this file the push recorded on the hub, with its hub number
        std::int64_t seq;
        const char* kind;
        std::int64_t row;
    };
    struct Staged {  // the rows of one kind a push staged, in file order: their rows in the file, their keys
        std::vector<std::int64_t> rows;
        std::vector<std::string> keys;
        bool empty() const { return rows.empty(); }
    };
    Status stage(const PushKind& kind, Staged& staged);
    Status copy_rows(const std::string& rows, bool last);
    void take_numbers(const PushKind& kind, const Staged& staged, const hub::Result& moved, bool keyed,
                      std::vector<Numbered>& numbered, SyncReport& report);
    std::vector<hub::Result> send_locked(const std::string& statements);
    Status warm_up(const std::vector<std::size_t>& moving, bool seen);
    std::string with_values(std::string sql) const;
    Status record_pushed(std::int64_t newest_before, std::vector<Numbered>& numbered);
    const char* pulled_kind(const Numbered& row);
    Status pull(SyncReport& report);
    Status pull_window(const std::string& after, SyncReport& report, bool& more);
    Status pull_ideas(const std::string& after, const std::string& upto, SyncReport& report);
    Status pull_ballots(const std::string& after, const std::string& upto, SyncReport& report);
    Status pull_voids(const std::string& after, const std::string& upto, SyncReport& report);
    Status pull_actions(const std::string& after, const std::string& upto, SyncReport& report);
    Status record_seq(std::int64_t seq, std::string_view kind, std::int64_t row);
    Status record_run(std::int64_t seq, std::string_view kind, std::int64_t row, std::size_t count);
    const Scenario* scenario();

    HubConnection::Impl& h;
    Store& m_store;
    std::int64_t m_session;
    std::string m_kiosk;
    Link m_link;
    std::optional<Scenario> m_scenario;
    std::map<std::string, std::vector<Idea>> m_ideas;                 // per step, for checking ballots
    std::map<std::string, std::unique_ptr<StepOptionIds>> m_option_ids;  // views into m_ideas
    std::unique_ptr<Query> m_record_seq;  // record_seq's statement
    std::unique_ptr<Query> m_record_run;  // record_run's
    bool m_numbers_unknown = false;       // a pushed row came back under a key the push did not send
};

const Scenario* Syncer::scenario() {
    if (m_scenario) return &*m_scenario;
    auto record = m_store.session(m_session);
    if (!record || !*record) return nullptr;
    auto pictures = m_store.pictures(m_session);  // the session's own, never the disk's
    if (!pictures) return nullptr;
    ScenarioLoad load = parse_scenario((*record)->scenario_text, "scenario of session " + std::to_string(m_session), &*pictures);
    if (!load.ok()) return nullptr;
    m_scenario = std::move(*load.scenario);
    return &*m_scenario;
}

// Guarantee 4: the open session of the same scenario id and hash; another hash is refused.
Status Syncer::find_or_open_hub_session(const SessionRecord& record, std::int64_t& hub_session, bool may_open) {
    hub::Result found = h.exec(
        "SELECT s.id, s.scenario_sha256, (SELECT min(a.at) FROM workshop.actions AS a WHERE a.session = s.id"
        " AND a.action = 'session_ended') FROM workshop.sessions AS s WHERE s.scenario_id = $1 ORDER BY s.id DESC",
        {record.scenario_id});
    if (!found.ok()) return h.failure("look up the session", found);
    for (int r = 0; r < found.rows(); ++r) {
        const bool ended = !found.null(r, 2);
        const bool same = found.text(r, 1) == record.scenario_sha256;
        if (!ended && !same)
            return Status::failure(std::string(hub_other_scenario) + " from the one the hub's open session " +
                                   found.text(r, 0) + " of scenario `" + record.scenario_id +
                                   "` runs (sha256 " + record.scenario_sha256.substr(0, 12) + " here, " +
                                   found.text(r, 1).substr(0, 12) +
                                   " on the hub): load the same file at every kiosk, or end that session first");
        // An open session joins; an ended one only takes rows from before it ended (a kiosk that
        // was offline, paper ballots): a session started after it ended opens a new one.
        if (same && (!ended || record.created_at < found.text(r, 2))) {
            hub_session = found.integer(r, 0);
            return Status::success();
        }
        if (!ended) break;
    }
    if (!may_open) return Status::success();  // hub_session stays 0
    hub::Result made = h.exec(
        "INSERT INTO workshop.sessions (scenario_id, scenario_title, scenario_sha256, scenario_text, created_at,"
        " created_by, kiosk) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        {record.scenario_id, record.scenario_title, record.scenario_sha256, record.scenario_text, record.created_at,
         record.created_by, m_kiosk});
    if (!made.ok()) return h.failure("open the session", made);
    hub_session = made.integer(0, 0);
    return push_pictures(hub_session);
}

// A session's pictures go with it, in the transaction that opens it: a kiosk that follows the
// room or a copy for `export --hub` reads the scenario with the pictures its voters saw.
Status Syncer::push_pictures(std::int64_t hub_session) {
    auto pictures = m_store.pictures(m_session);
    if (!pictures) return pictures.status();
    for (const auto& [path, picture] : *pictures) {
        hub::Result added = h.exec("INSERT INTO workshop.session_pictures (session, path, sha256, bytes, kiosk)"
                                   " VALUES ($1, $2, $3, decode($4, 'hex'), $5)",
                                   {std::to_string(hub_session), path, picture.sha256, hex_of(picture.bytes), m_kiosk});
        if (!added.ok()) return h.failure("store the session's pictures", added);
    }
    return Status::success();
}

Status Syncer::link_to(std::int64_t hub_session) {
    Store::Transaction transaction(m_store, Store::Durability::full);
    if (!transaction.status()) return transaction.status();
    Query add(detail::handle_of(m_store),
              "INSERT INTO hub_links (session, hub, hub_session, link, linked_at) VALUES (?1, ?2, ?3, ?4, ?5)");
    m_link = Link{hub_session, h.hub_id, new_global_id()};
    const std::string now = Store::now();
    if (!add.bind(1, m_session).bind(2, m_link.hub).bind(3, hub_session).bind(4, m_link.id).bind(5, now).done())
        return local_failure(m_store, "record the hub session");
    return transaction.commit();
}

// A session is opened under its lock (hub::open_lock), in a hub transaction of its own: two
// kiosks never open two sessions, and the file records the link only once the hub has committed
// the session (a kiosk killed in between finds that open session again next time). Nothing is
// pushed under a link the file has not recorded, so action ids (which name the link) are never
// sent under two links.
Status Syncer::ensure_link() {
    Phase phase("join");
    if (auto link = link_of(m_store, m_session)) {
        if (link->hub != h.hub_id)
            return Status::failure("session " + std::to_string(m_session) + " of " + m_store.path() +
                                   " belongs to another hub: sync it with the hub it was first synced with");
        m_link = *link;
        return Status::success();
    }
    auto record = m_store.session(m_session);
    if (!record) return record.status();
    if (!*record) return Status::failure("database " + m_store.path() + " has no session " + std::to_string(m_session));
    // The session is open already (every kiosk but the first): joined without a lock, so fifty
    // kiosks starting at once do not queue for it. Sessions are never changed or deleted,
    // and an end recorded just after this read could as well have come just after the join.
    std::int64_t hub_session = 0;
    if (Status open = find_or_open_hub_session(**record, hub_session, false); !open) return open;
    if (hub_session != 0) return link_to(hub_session);
    if (Status begun = h.run("BEGIN", "start joining the session"); !begun) return begun;
    Status found = h.run(hub::open_lock, "wait for the hub");
    if (found) found = find_or_open_hub_session(**record, hub_session);
    if (found) found = h.run("COMMIT", "open the session");
    if (!found) {
        hub::Result rollback = h.exec("ROLLBACK");
        return found;
    }
    return link_to(hub_session);
}

// Stages the file's rows of one kind without a hub number by COPY (no push lock held yet).
Status Syncer::stage(const PushKind& kind, Staged& staged) {
    sqlite3* db = detail::handle_of(m_store);
    Query q(db, kind.local_sql);
    // The marks of the ballots read, in one walk beside them (both in row order), not one
    // query per ballot.
    Query marks(db, "SELECT ballot, option, value FROM marks WHERE ballot >= ?1 ORDER BY ballot, seq");
    if (!q || !marks) return local_failure(m_store, "read the rows to send");
    const std::int64_t first = detail::StoreAccess::hub_numbered_below(m_store, m_session, kind.kind);
    q.bind(1, m_session).bind(2, first);
    const bool ballots = std::string_view(kind.kind) == "ballot";
    const bool actions = std::string_view(kind.kind) == "action";
    bool mark = ballots && marks.bind(1, first).row();
    const std::string origin = m_kiosk + "/" + m_link.id + "/";  // an action's id on the hub
    const int columns = q.columns();
    std::string rows;
    while (q.row()) {
        if (staged.empty()) {
            const std::string table = std::string("push_") + kind.kind;
            if (Status made = h.run("CREATE TEMP TABLE IF NOT EXISTS " + table + " (file_row bigint, " + kind.staged +
                                        ") ON COMMIT DELETE ROWS",
                                    "prepare the rows to send");
                !made)
                return made;
            hub::Result copy = h.exec("COPY pg_temp." + table + " FROM STDIN");
            if (!copy.copying()) return h.failure("send the rows", copy);
        }
        const std::int64_t row = q.integer(0);
        rows += std::to_string(row);
        staged.rows.push_back(row);
        if (actions) {
            const std::string id = origin + std::to_string(row);
            rows += '\t';
            copy_field(rows, id);
            staged.keys.push_back(id);
        } else {
            staged.keys.push_back(q.text(1) + mark_separator + q.text(2));
        }
        for (int c = 1; c < columns; ++c) {
            rows += '\t';
            copy_field(rows, q.text(c));
        }
        if (ballots) {  // the marks: options joined by 0x1F, values by ','
            std::string options, values;
            while (mark && marks.integer(0) < row) mark = marks.row();  // a ballot not sent now
            for (; mark && marks.integer(0) == row; mark = marks.row()) {
                if (!values.empty()) options += mark_separator, values += ',';
                options += marks.text(1);
                values += std::to_string(marks.integer(2));
            }
            rows += '\t';
            copy_field(rows, options);
            rows += '\t';
            rows += values;
        }
        rows += '\n';
        if (rows.size() >= (1u << 20)) {
            if (Status sent = copy_rows(rows, false); !sent) return sent;
            rows.clear();
        }
    }
    return staged.empty() ? Status::success() : copy_rows(rows, true);
}

// Sends COPY data; `last` ends the COPY.
Status Syncer::copy_rows(const std::string& rows, bool last) {
    if (!rows.empty() && hub::pq().PQputCopyData(h.conn, rows.data(), static_cast<int>(rows.size())) != 1)
        return h.failure("send the rows");
    if (!last) return Status::success();
    if (hub::pq().PQputCopyEnd(h.conn, nullptr) != 1) return h.failure("send the rows");
    Status ended = Status::success();
    while (PGresult* result = hub::pq().PQgetResult(h.conn)) {
        hub::Result r(result);
        if (!r.ok() && ended) ended = h.failure("send the rows", r);
    }
    return ended;
}

// The hub numbers of the rows one INSERT of push_kinds recorded. The plain INSERT recorded every
// staged row and returns their numbers in file order (the order it inserted them in, which the
// numbers follow); the one ON CONFLICT (`keyed`) returns each recorded row's key with it.
void Syncer::take_numbers(const PushKind& kind, const Staged& staged, const hub::Result& moved, bool keyed,
                          std::vector<Numbered>& numbered, SyncReport& report) {
    report.pushed += static_cast<std::size_t>(moved.rows());
    if (!keyed) {
        bool in_order = static_cast<std::size_t>(moved.rows()) == staged.rows.size();
        for (int r = 1; in_order && r < moved.rows(); ++r) in_order = moved.integer(r - 1, 0) < moved.integer(r, 0);
        if (!in_order) {  // never seen; the pull numbers them all then
            m_numbers_unknown = true;
            return;
        }
        for (int r = 0; r < moved.rows(); ++r) numbered.push_back({moved.integer(r, 0), kind.kind, staged.rows[r]});
        return;
    }
    std::unordered_map<std::string, std::int64_t> row_of;  // a staged row's key -> its row in the file
    row_of.reserve(staged.rows.size());
    for (std::size_t i = 0; i < staged.rows.size(); ++i) row_of.emplace(staged.keys[i], staged.rows[i]);
    for (int r = 0; r < moved.rows(); ++r) {
        const auto row = row_of.find(moved.text(r, 1));
        if (row == row_of.end()) m_numbers_unknown = true;  // the pull numbers them all then
        else numbered.push_back({moved.integer(r, 0), kind.kind, row->second});
    }
}

// Sends statements in one simple query (one round trip) and takes every answer; after an error
// the server skips the rest of them.
std::vector<hub::Result> Syncer::send_locked(const std::string& statements) {
    std::vector<hub::Result> results;
    if (hub::pq().PQsendQuery(h.conn, statements.c_str()) != 1) return results;
    while (PGresult* result = hub::pq().PQgetResult(h.conn)) results.emplace_back(result);
    return results;
}

// While another push holds the push lock, this one runs the statements of its turn once on no rows
// (INSERTs with LIMIT 0, and the read of the newest row): what a connection's server process does
// the first time it uses a table (the table's indexes and triggers opened, the trigger functions
// compiled, the session check planned) then happens while it waits, next to another push's turn,
// not in its own turn under the lock that every other kiosk waits for (50 kiosks pushing at once).
// Nothing is recorded and no number taken; the NOTIFY of such an INSERT is one with the real
// INSERT's (the same channel and text in one transaction). A push that finds the lock free keeps
// it: it has nothing to overlap with.
Status Syncer::warm_up(const std::vector<std::size_t>& moving, bool seen) {
    if (moving.empty()) return Status::success();
    hub::Result free = h.exec(hub::push_lock_if_free);
    if (!free.ok()) return h.failure("lock the hub", free);
    if (free.text(0, 0) == "t") return Status::success();
    Phase phase("warm up");
    std::string sql = with_values(newest_row) + ";\n";
    for (std::size_t k : moving) sql += with_values(std::string(push_kinds[k].move) + " LIMIT 0") + ";\n";
    if (seen) sql += with_values("INSERT INTO workshop.syncs (kiosk, session, waiting) SELECT $2, $1, 0 LIMIT 0") + ";\n";
    std::vector<hub::Result> done = send_locked(sql);
    for (const hub::Result& result : done)
        if (!result.ok()) return h.failure("prepare the rows to send", result);
    if (done.size() != 1 + moving.size() + (seen ? 1 : 0)) return h.failure("prepare the rows to send");
    return Status::success();
}

// `sql` with $1 (the hub session) and $2 (this kiosk's name) written in as literals: for
// statements sent together in one simple query, which takes no parameters.
std::string Syncer::with_values(std::string sql) const {
    char* quoted = hub::pq().PQescapeLiteral(h.conn, m_kiosk.c_str(), m_kiosk.size());
    const std::string kiosk = quoted ? quoted : "''";
    hub::pq().PQfreemem(quoted);
    const std::string session = std::to_string(m_link.hub_session);
    for (std::size_t at = sql.find('$'); at != std::string::npos; at = sql.find('$', at + 1)) {
        if (at + 1 >= sql.size() || (sql[at + 1] != '1' && sql[at + 1] != '2')) continue;
        const std::string& value = sql[at + 1] == '1' ? session : kiosk;
        sql.replace(at, 2, value);
        at += value.size() - 1;
    }
    return sql;
}

// The kind the pull would record a row of this file under: an idea the scenario would refuse
// from another kiosk is "skipped" for its own kiosk too (pull_ideas).
const char* Syncer::pulled_kind(const Numbered& numbered) {
    if (std::string_view(numbered.kind) != "idea") return numbered.kind;
    Query idea(detail::handle_of(m_store), "SELECT step, idea FROM ideas WHERE id = ?1");
    if (!idea.bind(1, numbered.row).row()) return "skipped";
    const Scenario* s = scenario();
    const Step* step = s ? s->find_step(idea.text(0)) : nullptr;
    return !step || step->find_option(idea.text(1)) ? "skipped" : "idea";
}

// The hub numbers the push got back, recorded at once, so that the pull does not read these
// rows back from the hub. Only when the file had every row of the session up to the newest one
// before the push (`newest_before`, read under the push lock): the pull goes on after the
// highest number in the file, so every lower number must be in it. Otherwise, or when another
// sync of this file records rows meanwhile, the pull numbers them as before. In transactions of
// at most rows_per_pull rows, as the pull, each a run of numbers following the file's last.
Status Syncer::record_pushed(std::int64_t newest_before, std::vector<Numbered>& numbered) {
    if (numbered.empty() || m_numbers_unknown) return Status::success();
    sqlite3* db = detail::handle_of(m_store);
    Query has(db, "SELECT EXISTS (SELECT 1 FROM hub_rows WHERE seq = ?1 AND session = ?2)");
    Query later(db, "SELECT EXISTS (SELECT 1 FROM hub_rows WHERE seq > ?1 AND session = ?2)");
    if (!has || !later) return local_failure(m_store, "read the last hub row");
    if (newest_before > 0 && !(has.bind(1, newest_before).bind(2, m_session).row() && has.integer(0)))
        return Status::success();
    std::sort(numbered.begin(), numbered.end(), [](const Numbered& a, const Numbered& b) { return a.seq < b.seq; });
    std::int64_t last = newest_before;
    for (std::size_t from = 0; from < numbered.size(); from += rows_per_pull) {
        Store::Transaction transaction(m_store, Store::Durability::bulk);  // the hub keeps them too
        if (!transaction.status()) return transaction.status();
        const bool moved_on = later.bind(1, last).bind(2, m_session).row() && later.integer(0);
        later.reset();
        if (moved_on) return Status::success();
        const std::size_t to = std::min(numbered.size(), from + rows_per_pull);
        for (std::size_t i = from, end = from + 1; i < to; i = end, end = i + 1) {
            const char* kind = pulled_kind(numbered[i]);
            if (kind == numbered[i].kind)  // a run of rows one after another in the file and on the hub
                while (end < to && numbered[end].kind == kind && numbered[end].seq == numbered[end - 1].seq + 1 &&
                       numbered[end].row == numbered[end - 1].row + 1 && std::string_view(kind) != "idea")
                    ++end;
            const std::int64_t row = std::string_view(kind) == "skipped" ? 0 : numbered[i].row;
            if (Status kept = record_run(numbered[i].seq, kind, row, end - i); !kept) return kept;
        }
        if (Status committed = transaction.commit(); !committed) return committed;
        last = numbered[to - 1].seq;
    }
    return Status::success();
}

// Reading the file and COPY into the staging tables happen before the push lock is taken; the
// lock (held until COMMIT) covers only the statements that hand out sequence numbers, so the
// pushes of many kiosks overlap but for that part.
Status Syncer::push(SyncReport& report) {
    Phase phase("push");
    if (Status linked = ensure_link(); !linked) return linked;
    auto waiting = hub_rows_waiting(m_store, m_session);
    if (!waiting) return waiting.status();
    const bool heartbeat_due = std::chrono::steady_clock::now() - h.last_heartbeat > std::chrono::seconds(10);
    if (*waiting == 0 && !heartbeat_due) return Status::success();  // nothing to send: no hub transaction
    // A 100,000-row push sorts its staged rows by file order in memory, not on disk.
    if (Status begun = h.run("BEGIN; SET LOCAL work_mem = '64MB'", "start sending"); !begun) return begun;
    auto give_up = [&](Status status) {
        hub::Result rollback = h.exec("ROLLBACK");
        return status;
    };
    Staged staged[std::size(push_kinds)];
    for (std::size_t k = 0; k < std::size(push_kinds) && *waiting > 0; ++k) {
        Phase stage_phase("stage");
        if (Status copied = stage(push_kinds[k], staged[k]); !copied) return give_up(copied);
    }
    // Under the push lock, in one round trip (the statements sent together, answered in turn): on
    // a busy machine each round trip waits to be scheduled, and fifty kiosks wait in turn.
    Phase locked_phase("locked");
    std::vector<std::size_t> moving;
    for (std::size_t k = 0; k < std::size(push_kinds); ++k)
        if (!staged[k].empty()) moving.push_back(k);
    // "Last seen" and rows waiting for the facilitator's overview: when something was sent, and
    // now and then otherwise (not on every poll).
    const bool seen = !moving.empty() || heartbeat_due;
    if (Status warmed = warm_up(moving, seen); !warmed) return give_up(warmed);
    auto moves = [&](bool keyed) {
        std::string sql;
        for (std::size_t k : moving) {
            const PushKind& kind = push_kinds[k];
            sql += with_values(std::string(kind.move) + (keyed ? std::string(" ON CONFLICT (") + kind.unique +
                                                                     ") DO NOTHING RETURNING seq, " + kind.key
                                                               : std::string(" RETURNING seq"))) +
                   ";\n";
        }
        if (seen) sql += with_values("INSERT INTO workshop.syncs (kiosk, session, waiting) VALUES ($2, $1, 0)") + ";\n";
        return sql + "COMMIT";
    };
    std::vector<hub::Result> results = send_locked(std::string(hub::push_lock) + ";\n" + with_values(newest_row) +
                                                   ";\nSAVEPOINT plain;\n" + moves(false));
    // lock, newest, SAVEPOINT (or ROLLBACK TO), the moves, syncs, COMMIT
    const std::size_t answers = 4 + moving.size() + (seen ? 1 : 0);
    bool keyed = false;
    if (results.size() > 3 && results.size() <= 3 + moving.size() && results.back().state() == "23505" &&
        std::all_of(results.begin(), results.end() - 1, [](const hub::Result& r) { return r.ok(); })) {
        // A plain INSERT met a row the hub has: the same rows again, ON CONFLICT.
        Phase again_phase("again, on conflict");
        std::vector<hub::Result> again = send_locked("ROLLBACK TO SAVEPOINT plain;\n" + moves(true));
        results.resize(2);
        for (hub::Result& result : again) results.push_back(std::move(result));
        keyed = true;
    }
    for (const hub::Result& result : results)
        if (!result.ok()) return give_up(h.failure("record the rows sent", result));
    if (results.size() != answers) return give_up(h.failure("record the rows sent"));
    std::vector<Numbered> numbered;
    for (std::size_t i = 0; i < moving.size(); ++i)
        take_numbers(push_kinds[moving[i]], staged[moving[i]], results[3 + i], keyed, numbered, report);
    if (seen) h.last_heartbeat = std::chrono::steady_clock::now();
    Phase record_phase("record");
    return record_pushed(results[1].integer(0, 0), numbered);
}

Status Syncer::record_seq(std::int64_t seq, std::string_view kind, std::int64_t row) {
    // Prepared once per sync, not once per pulled row (a 100,000-ballot pull compiled it 100,000 times).
    if (!m_record_seq)
        m_record_seq = std::make_unique<Query>(detail::handle_of(m_store),
                                               "INSERT INTO hub_rows (seq, session, kind, row) VALUES (?1, ?2, ?3, ?4)");
    Query& add = *m_record_seq;
    if (!add.bind(1, seq).bind(2, m_session).bind(3, std::string(kind)).bind(4, row).done())
        return local_failure(m_store, "record a hub row");
    return Status::success();
}

// `count` rows of the file, from `row` on, numbered from `seq` on: one statement, not one per row
// (a 100,000-row push records its numbers in runs as long as a transaction).
Status Syncer::record_run(std::int64_t seq, std::string_view kind, std::int64_t row, std::size_t count) {
    if (count == 1) return record_seq(seq, kind, row);
    if (!m_record_run)
        m_record_run = std::make_unique<Query>(
            detail::handle_of(m_store),
            "WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i + 1 < ?5)"
            " INSERT INTO hub_rows (seq, session, kind, row) SELECT ?1 + i, ?2, ?3, ?4 + i FROM n");
    Query& add = *m_record_run;
    if (!add.bind(1, seq).bind(2, m_session).bind(3, std::string(kind)).bind(4, row)
             .bind(5, static_cast<std::int64_t>(count)).done())
        return local_failure(m_store, "record the hub rows");
    return Status::success();
}

Status Syncer::pull_ideas(const std::string& after, const std::string& upto, SyncReport& report) {
    hub::Result rows = h.exec("SELECT seq, step, idea, text, lang, submitted_at, screen, source FROM workshop.ideas"
                              " WHERE session = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
                              {std::to_string(m_link.hub_session), after, upto});
    if (!rows.ok()) return h.failure("read the ideas", rows);
    Query find(detail::handle_of(m_store), "SELECT id, text FROM ideas WHERE session = ?1 AND step = ?2 AND idea = ?3");
    for (int r = 0; r < rows.rows(); ++r) {
        Idea idea{rows.text(r, 2), rows.text(r, 1), rows.text(r, 3), rows.text(r, 4), rows.text(r, 5), false};
        find.bind(1, m_session).bind(2, idea.step).bind(3, idea.id);
        std::int64_t row = 0;
        bool clash = false;
        if (find.row()) {
            row = find.integer(0);
            clash = find.text(1) != idea.text;
        }
        find.reset();
        const Scenario* s = scenario();
        const Step* step = s ? s->find_step(idea.step) : nullptr;
        if (clash || !step || step->find_option(idea.id)) {  // the same id for another text: keep ours
            ++report.skipped;
            if (Status kept = record_seq(rows.integer(r, 0), "skipped", 0); !kept) return kept;
            continue;
        }
        if (row == 0) {
            const auto source = rows.text(r, 7) == "import" ? BallotSource::import
                                : rows.text(r, 7) == "synth" ? BallotSource::synth : BallotSource::kiosk;
            if (Status added = m_store.add_idea(m_session, idea, rows.text(r, 6), source); !added) return added;
            row = sqlite3_last_insert_rowid(detail::handle_of(m_store));
            ++report.pulled;
        }
        if (Status kept = record_seq(rows.integer(r, 0), "idea", row); !kept) return kept;
    }
    m_ideas.clear();
    m_option_ids.clear();
    return Status::success();
}

Status Syncer::pull_ballots(const std::string& after, const std::string& upto, SyncReport& report) {
    Phase phase("pull ballots");
    hub::Result rows = h.exec(
        "SELECT seq, visit, step, role, lang, cast_at, screen, source, array_to_string(options, E'\\x1f'),"
        " array_to_string(vals, ',') FROM workshop.ballots WHERE session = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
        {std::to_string(m_link.hub_session), after, upto});
    if (!rows.ok()) return h.failure("read the ballots", rows);
    Query find(detail::handle_of(m_store), "SELECT id FROM ballots WHERE session = ?1 AND visit = ?2 AND step = ?3");
    const Scenario* s = scenario();
    for (int r = 0; r < rows.rows(); ++r) {
        const std::int64_t seq = rows.integer(r, 0);
        Ballot ballot{rows.text(r, 1), rows.text(r, 2), {}, rows.text(r, 3), rows.text(r, 4), rows.text(r, 5), rows.text(r, 6)};
        find.bind(1, m_session).bind(2, ballot.visit).bind(3, ballot.step);
        std::int64_t row = find.row() ? find.integer(0) : 0;
        find.reset();
        if (row == 0) {
            const std::string options = rows.text(r, 8), values = rows.text(r, 9);
            for (std::size_t o = 0, v = 0; o <= options.size() && v <= values.size();) {
                std::size_t o_end = options.find(mark_separator, o), v_end = values.find(',', v);
                if (o_end == std::string::npos) o_end = options.size();
                if (v_end == std::string::npos) v_end = values.size();
                if (v_end > v) ballot.marks.push_back({options.substr(o, o_end - o), std::atoi(values.c_str() + v)});
                o = o_end + 1;
                v = v_end + 1;
            }
            // Checked like an imported ballot: a forged or broken row never enters a tally.
            const Step* step = s ? s->find_step(ballot.step) : nullptr;
            bool valid = step && step->takes_ballots();
            if (valid) {
                auto& ids = m_option_ids[ballot.step];
                if (!ids) {
                    auto ideas = m_store.ideas(m_session, ballot.step);
                    if (!ideas) return ideas.status();
                    m_ideas[ballot.step] = std::move(*ideas);
                    ids = std::make_unique<StepOptionIds>(*step, m_ideas[ballot.step]);
                }
                valid = check_ballot_marks(*s, ballot, *ids).empty();
            }
            if (!valid) {
                ++report.skipped;
                if (Status kept = record_seq(seq, "skipped", 0); !kept) return kept;
                continue;
            }
            const std::string source = rows.text(r, 7);
            auto added = m_store.add_ballot(m_session, ballot,
                                            source == "import" ? BallotSource::import
                                            : source == "synth" ? BallotSource::synth : BallotSource::kiosk);
            if (!added) return added.status();
            row = *added;
            ++report.pulled;
        }
        if (Status kept = record_seq(seq, "ballot", row); !kept) return kept;
    }
    return Status::success();
}

Status Syncer::pull_voids(const std::string& after, const std::string& upto, SyncReport& report) {
    hub::Result rows = h.exec("SELECT seq, visit, step, voided_by, voided_at, reason FROM workshop.voids"
                              " WHERE session = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
                              {std::to_string(m_link.hub_session), after, upto});
    if (!rows.ok()) return h.failure("read the voids", rows);
    Query find(detail::handle_of(m_store),
               "SELECT b.id, (SELECT v.id FROM voids AS v WHERE v.ballot = b.id) FROM ballots AS b"
               " WHERE b.session = ?1 AND b.visit = ?2 AND b.step = ?3");
    Query add(detail::handle_of(m_store), "INSERT INTO voids (ballot, voided_by, voided_at, reason) VALUES (?1, ?2, ?3, ?4)");
    for (int r = 0; r < rows.rows(); ++r) {
        find.bind(1, m_session).bind(2, rows.text(r, 1)).bind(3, rows.text(r, 2));
        std::int64_t ballot = 0, row = 0;
        if (find.row()) {
            ballot = find.integer(0);
            row = find.integer(1);
        }
        find.reset();
        if (ballot == 0) {  // its ballot was refused
            ++report.skipped;
            if (Status kept = record_seq(rows.integer(r, 0), "skipped", 0); !kept) return kept;
            continue;
        }
        if (row == 0) {
            if (!add.bind(1, ballot).bind(2, rows.text(r, 3)).bind(3, rows.text(r, 4)).bind(4, rows.text(r, 5)).done())
                return local_failure(m_store, "record a void");
            row = sqlite3_last_insert_rowid(detail::handle_of(m_store));
            ++report.pulled;
        }
        if (Status kept = record_seq(rows.integer(r, 0), "void", row); !kept) return kept;
    }
    return Status::success();
}

Status Syncer::pull_actions(const std::string& after, const std::string& upto, SyncReport& report) {
    hub::Result rows = h.exec("SELECT seq, origin, at, actor, action, step, target, detail FROM workshop.actions"
                              " WHERE session = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
                              {std::to_string(m_link.hub_session), after, upto});
    if (!rows.ok()) return h.failure("read the actions", rows);
    const std::string own = m_kiosk + "/" + m_link.id + "/";
    Query exists(detail::handle_of(m_store), "SELECT 1 FROM actions WHERE id = ?1 AND session = ?2");
    for (int r = 0; r < rows.rows(); ++r) {
        const std::string origin = rows.text(r, 1);
        std::int64_t row = 0;
        if (origin.compare(0, own.size(), own) == 0) {  // one of ours, back with its number
            row = std::strtoll(origin.c_str() + own.size(), nullptr, 10);
            const bool found = exists.bind(1, row).bind(2, m_session).row();
            exists.reset();
            if (!found) row = 0;
        }
        if (row == 0) {
            ActionRecord record{0, rows.text(r, 2), rows.text(r, 3), rows.text(r, 4), rows.text(r, 5), rows.text(r, 6),
                                rows.text(r, 7)};
            if (Status added = m_store.add_action(m_session, record); !added) return added;
            row = sqlite3_last_insert_rowid(detail::handle_of(m_store));
            ++report.pulled;
        }
        if (Status kept = record_seq(rows.integer(r, 0), "action", row); !kept) return kept;
    }
    return Status::success();
}


Status Syncer::pull(SyncReport& report) {
    Phase phase("pull");
    Query last(detail::handle_of(m_store), "SELECT COALESCE(MAX(seq), 0) FROM hub_rows WHERE session = ?1");
    if (!last) return local_failure(m_store, "read the last hub row");
    for (;;) {
        if (!last.bind(1, m_session).row()) return local_failure(m_store, "read the last hub row");
        const std::string after = std::to_string(last.integer(0));
        last.reset();
        bool more = false;
        if (Status pulled = pull_window(after, report, more); !pulled) return pulled;
        if (!more) return Status::success();
    }
}

// The next rows after hub number `after`, up to rows_per_pull of them, in one SQLite
// transaction; `more` says whether rows are left after them.
Status Syncer::pull_window(const std::string& after, SyncReport& report, bool& more) {
    Phase phase("pull window");
    const std::string session = std::to_string(m_link.hub_session);
    // Nothing new (the common case, once a second): no SQLite write lock is taken at all.
    hub::Result newest = h.exec(newest_row, {session});
    if (!newest.ok()) return h.failure("look for new rows", newest);
    if (newest.integer(0, 0) <= std::strtoll(after.c_str(), nullptr, 10)) return Status::success();
    // One snapshot of the hub for all four tables, cut after the window's last row.
    if (Status begun = h.run("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", "start reading"); !begun) return begun;
    hub::Result window = h.exec(
        "SELECT seq FROM (SELECT seq FROM workshop.ideas WHERE session = $1 AND seq > $2 UNION ALL"
        " SELECT seq FROM workshop.ballots WHERE session = $1 AND seq > $2 UNION ALL"
        " SELECT seq FROM workshop.voids WHERE session = $1 AND seq > $2 UNION ALL"
        " SELECT seq FROM workshop.actions WHERE session = $1 AND seq > $2) AS s ORDER BY seq OFFSET $3 LIMIT 1",
        {session, after, std::to_string(rows_per_pull - 1)});
    Status pulled = window.ok() ? Status::success() : h.failure("look for new rows", window);
    more = pulled && window.rows() > 0;
    const std::string upto = more ? window.text(0, 0) : std::string("9223372036854775807");
    Store::Transaction transaction(m_store, Store::Durability::bulk);  // the hub keeps them too
    if (pulled) pulled = transaction.status();
    if (pulled) pulled = pull_ideas(after, upto, report);
    if (pulled) pulled = pull_ballots(after, upto, report);
    if (pulled) pulled = pull_voids(after, upto, report);
    if (pulled) pulled = pull_actions(after, upto, report);
    hub::Result end = h.exec("COMMIT");
    if (!pulled) return pulled;
    return transaction.commit();
}

Outcome<SyncReport> Syncer::run(bool with_push, bool with_pull) {
    SyncReport report;
    if (with_push) {
        if (Status pushed = push(report); !pushed) {
            auto waiting = hub_rows_waiting(m_store, m_session);
            report.waiting = waiting ? static_cast<std::size_t>(*waiting) : 0;
            return pushed;
        }
    } else if (auto link = link_of(m_store, m_session)) {
        m_link = *link;
    }
    if (with_pull)
        if (Status pulled = pull(report); !pulled) return pulled;
    report.hub_session = m_link.hub_session;
    auto waiting = hub_rows_waiting(m_store, m_session);
    if (!waiting) return waiting.status();
    report.waiting = static_cast<std::size_t>(*waiting);
    return report;
}

// The kiosk name a sync or push goes by: the one given, which must be the hub login's own
// when the login is a kiosk role; else the login's kiosk, or this host's name.
static Outcome<std::string> kiosk_name_for(const std::string& role_name, const std::string& kiosk) {
    if (kiosk.empty()) return role_name.empty() ? host_name() : role_name;
    if (!role_name.empty() && role_name != kiosk)
        return Status::failure("this hub login belongs to kiosk `" + role_name + "`, but this kiosk is named `" + kiosk +
                               "`: set kiosk = \"" + role_name + "\" (or --kiosk " + role_name + ")");
    return kiosk;
}

Outcome<SyncReport> HubConnection::sync(Store& store, std::int64_t session, const std::string& kiosk) {
    if (Status schema = check_schema(); !schema) return schema;
    auto name = kiosk_name_for(m_impl->kiosk_role_name, kiosk);
    if (!name) return name.status();
    return Syncer(*m_impl, store, session, *name).run(true);
}

Outcome<SyncReport> HubConnection::push(Store& store, std::int64_t session, const std::string& kiosk) {
    if (Status schema = check_schema(); !schema) return schema;
    auto name = kiosk_name_for(m_impl->kiosk_role_name, kiosk);
    if (!name) return name.status();
    return Syncer(*m_impl, store, session, *name).run(true, false);
}

Outcome<std::int64_t> HubConnection::copy_session(Store& store, std::int64_t hub_session) {
    Impl& h = *m_impl;
    if (Status schema = check_schema(); !schema) return schema;
    hub::Result found = h.exec(
        "SELECT id, scenario_text, scenario_sha256, created_at, kiosk, created_by FROM workshop.sessions"
        " WHERE $1 = '0' OR id = $1::bigint ORDER BY id DESC LIMIT 1",
        {std::to_string(hub_session)});
    if (!found.ok()) return h.failure("read the session", found);
    if (found.rows() == 0)
        return Status::failure(hub_session ? "the hub has no session " + std::to_string(hub_session)
                                           : std::string("the hub holds no session yet"));
    const std::int64_t id = found.integer(0, 0);
    auto pictures = hub_pictures(h, id);
    if (!pictures) return pictures.status();
    ScenarioLoad load = parse_scenario(found.text(0, 1), "scenario of hub session " + std::to_string(id), &*pictures);
    if (!load.ok()) return Status::failure("the scenario stored with hub session " + std::to_string(id) +
                                           " cannot be read by this program:\n" + format_diagnostics(load.errors));
    load.scenario->sha256 = found.text(0, 2);
    std::int64_t local = 0;
    {
        Store::Transaction transaction(store, Store::Durability::bulk);
        if (!transaction.status()) return transaction.status();
        auto created = store.add_session(*load.scenario, found.text(0, 4), found.text(0, 5), found.text(0, 3), id);
        if (!created) return created.status();
        if (Status committed = transaction.commit(); !committed) return committed;
        local = *created;
    }
    Syncer syncer(h, store, local, "");
    if (Status linked = syncer.link_to(id); !linked) return linked;
    auto pulled = syncer.run(false);
    if (!pulled) return pulled.status();
    return local;
}

Outcome<std::optional<RoomMove>> HubConnection::room_move(Store& store, std::int64_t session,
                                                           std::string_view known_sha256) {
    Query q(detail::handle_of(store),
            "SELECT a.detail FROM actions AS a JOIN sessions AS s ON s.id = a.session WHERE a.session = ?1"
            " AND a.action = 'scenario_switched' AND a.detail <> s.scenario_sha256 ORDER BY a.id DESC LIMIT 1");
    if (!q) return local_failure(store, "look for a scenario switch");
    if (!q.bind(1, session).row()) return std::optional<RoomMove>{};
    RoomMove move;
    move.scenario_sha256 = q.text(0);
    if (move.scenario_sha256 == known_sha256) return std::optional<RoomMove>{};
    hub::Result found = m_impl->exec(
        "SELECT id, scenario_text FROM workshop.sessions WHERE scenario_sha256 = $1 ORDER BY id DESC LIMIT 1",
        {move.scenario_sha256});
    if (!found.ok()) return m_impl->failure("look up the scenario the room switched to", found);
    if (found.rows() == 0) return std::optional<RoomMove>{};
    move.hub_session = found.integer(0, 0);
    move.scenario_text = found.text(0, 1);
    auto pictures = hub_pictures(*m_impl, move.hub_session);
    if (!pictures) return pictures.status();
    move.pictures = std::move(*pictures);
    return std::optional<RoomMove>(std::move(move));
}

}  // namespace workshop
