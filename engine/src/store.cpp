// store.cpp — the SQLite file: opening, migrating, transactions and every query.
//
// Every statement is prepared once and cached for the life of the connection (imports and
// exports run the same few statements millions of times). A statement borrowed from the cache
// is reset when the borrower goes out of scope, so an early return never leaves it running.
#include "workshop/store.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>
#include <optional>
#include <unordered_map>

#include "internal_access.h"
#include "store_schema.h"

namespace workshop {

std::string_view to_string(BallotSource source) {
    switch (source) {
    case BallotSource::kiosk: return "kiosk";
    case BallotSource::import: return "import";
    case BallotSource::synth: return "synth";
    }
    return "kiosk";
}

namespace {

std::optional<BallotSource> source_from(std::string_view text) {
    if (text == "kiosk") return BallotSource::kiosk;
    if (text == "import") return BallotSource::import;
    if (text == "synth") return BallotSource::synth;
    return std::nullopt;
}

// What a failed SQLite call means for the person at the screen, and what they can do.
std::string explain(int code, const std::string& path, const char* sqlite_message) {
    const std::string db = "database " + path;
    switch (code) {
    case SQLITE_READONLY_DBMOVED:
        return db + " has vanished (deleted, renamed or its disk removed): put the file back, or "
                    "restart with a new file; this change was not recorded";
    default: break;
    }
    switch (code & 0xFF) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return db + " is locked by another program (a second kiosk or a `workshop` command?): "
                    "wait until it is done, or close it, then try again";
    case SQLITE_READONLY:
        return db + " is read-only: make the file and its folder writable for this user, then try again";
    case SQLITE_FULL:
        return "the disk holding " + db + " is full: free some space, then try again "
               "(everything recorded before is safe)";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return db + " is damaged or is not a database: keep a copy of the file for inspection and "
                    "continue with a new file (an export can be re-imported with `workshop import`)";
    case SQLITE_IOERR:
        return "cannot read or write " + db + " (" + sqlite_message +
               "; disk removed or failing?): reconnect the disk, then try again";
    case SQLITE_CANTOPEN:
        return "cannot open " + db + ": check that the file and its folder exist and are accessible";
    case SQLITE_NOMEM:
        return "out of memory while using " + db + ": close other programs, then try again";
    default:
        return db + ": " + sqlite_message;
    }
}

// A statement borrowed from the cache; reset (and its bindings cleared) when it goes out of scope.
class Stmt {
public:
    explicit Stmt(sqlite3_stmt* stmt) : m_stmt(stmt) {}
    ~Stmt() {
        if (m_stmt) {
            sqlite3_reset(m_stmt);
            sqlite3_clear_bindings(m_stmt);
        }
    }
    Stmt(const Stmt&) = delete;
    Stmt& operator=(const Stmt&) = delete;

    explicit operator bool() const { return m_stmt != nullptr; }
    // Text is bound without a copy (SQLITE_STATIC): it must outlive the statement's step(), so
    // temporaries are refused at compile time.
    Stmt& bind(int index, std::string_view text) {
        // A default string_view has no data pointer, which SQLite would bind as NULL, not ''.
        sqlite3_bind_text(m_stmt, index, text.data() ? text.data() : "", static_cast<int>(text.size()), SQLITE_STATIC);
        return *this;
    }
    Stmt& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Stmt& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Stmt& bind(int index, std::string&& text) = delete;
    Stmt& bind(int index, const std::string&& text) = delete;
    Stmt& bind(int index, std::int64_t value) {
        sqlite3_bind_int64(m_stmt, index, value);
        return *this;
    }
    Stmt& bind_blob(int index, std::string_view bytes) {  // as bind(text): bytes must outlive step()
        sqlite3_bind_blob64(m_stmt, index, bytes.data() ? bytes.data() : "", bytes.size(), SQLITE_STATIC);
        return *this;
    }
    int step() { return sqlite3_step(m_stmt); }
    void reset() { sqlite3_reset(m_stmt); }  // to run again with new bindings
    std::string_view text(int column) {
        const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
        return data ? std::string_view(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
                    : std::string_view();
    }
    std::string string(int column) { return std::string(text(column)); }
    std::string blob(int column) {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(m_stmt, column));
        return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
    }
    std::int64_t integer(int column) { return sqlite3_column_int64(m_stmt, column); }

private:
    sqlite3_stmt* m_stmt;
};

// The not-void test used by every query on valid ballots.
#define WS_NOT_VOID "NOT EXISTS (SELECT 1 FROM voids AS v WHERE v.ballot = b.id)"
// The page cache (KiB, as a negative cache_size): large for a kiosk's many small reads and for
// imports; small while one pass reads a whole session (each page is read once, and SQLite's
// sorter keeps up to the cache's size in memory before it spills).
#define WS_CACHE_KIB "-16384"
#define WS_SCAN_CACHE_KIB "-2048"

// ?8: the number wanted for the session; NULL (the next free number) when it is 0 or taken.
const char* const sql_add_session =
    "INSERT INTO sessions (id, scenario_id, scenario_title, scenario_sha256, scenario_text, created_at,"
    " kiosk, created_by) VALUES (CASE WHEN ?8 > 0 AND NOT EXISTS (SELECT 1 FROM sessions WHERE id = ?8)"
    " THEN ?8 END, ?1, ?2, ?3, ?4, ?5, ?6, ?7)";
const char* const sql_add_picture =
    "INSERT INTO session_pictures (session, path, sha256, bytes) VALUES (?1, ?2, ?3, ?4)";
const char* const sql_pictures = "SELECT path, sha256, bytes FROM session_pictures WHERE session = ?1 ORDER BY path";
const char* const sql_session_columns =
    "SELECT id, scenario_id, scenario_title, scenario_sha256, scenario_text, created_at, kiosk,"
    " created_by FROM sessions AS s WHERE id = ?1";
const char* const sql_latest_session =
    "SELECT id, scenario_id, scenario_title, scenario_sha256, scenario_text, created_at, kiosk,"
    " created_by FROM sessions AS s"
    " WHERE (?1 = '' OR scenario_id = ?1) AND (?2 = '' OR scenario_sha256 = ?2)"
    " AND (?3 = 0 OR NOT EXISTS (SELECT 1 FROM actions AS a"
    "                            WHERE a.session = s.id AND a.action = 'session_ended'))"
    " ORDER BY id DESC LIMIT 1";
const char* const sql_has_sessions_of = "SELECT EXISTS (SELECT 1 FROM sessions WHERE scenario_id = ?1)";
// OR ROLLBACK: no constraint of this statement aborts it halfway, so SQLite opens no
// sub-transaction per ballot (store_schema.cpp, ballots_no_replace). Every caller rolls back
// the whole transaction when a ballot cannot be recorded anyway.
const char* const sql_add_ballot =
    "INSERT OR ROLLBACK INTO ballots (session, visit, step, role, lang, cast_at, kiosk, source)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
// A ballot's marks go in with one statement (rows_per_mark_insert at most): a statement per
// mark cost more than the rows themselves. OR ROLLBACK, and the deferred foreign key, keep it
// free of a sub-transaction like the ballot's (store_schema.cpp).
constexpr std::size_t rows_per_mark_insert = 16;
std::string sql_add_marks(std::size_t rows) {
    std::string sql = "INSERT OR ROLLBACK INTO marks (ballot, seq, option, value) VALUES ";
    for (std::size_t i = 0; i < rows; ++i) sql += i == 0 ? "(?, ?, ?, ?)" : ", (?, ?, ?, ?)";
    return sql;
}
const char* const sql_find_ballot =
    "SELECT b.id, b.role, b.lang, b.cast_at, b.kiosk, b.source, NOT " WS_NOT_VOID
    " FROM ballots AS b WHERE b.session = ?1 AND b.visit = ?2 AND b.step = ?3";
const char* const sql_marks_of = "SELECT option, value FROM marks WHERE ballot = ?1 ORDER BY seq";
// Ballots come from two statements read side by side, both in rowid order: the ballots (of the
// session, or of one step through its index) and a plain walk over `marks`, which is stored in
// ballot order. Each ballot row is read once, not once per mark, and no mark costs an index
// seek: several times faster than a join on a million rows.
const char* const sql_session_ballots =
    "SELECT b.id, b.visit, b.step, b.role, b.lang, b.cast_at, b.kiosk FROM ballots AS b"
    " WHERE +b.session = ?1 AND b.id > ?3 AND " WS_NOT_VOID " ORDER BY b.id";  // `+`: rowid order, no sort
const char* const sql_step_ballots =
    "SELECT b.id, b.visit, b.step, b.role, b.lang, b.cast_at, b.kiosk FROM ballots AS b"
    " WHERE b.session = ?1 AND b.step = ?2 AND b.id > ?3 AND " WS_NOT_VOID " ORDER BY b.id";
const char* const sql_marks_from = "SELECT ballot, option, value FROM marks WHERE ballot >= ?1 ORDER BY ballot, seq";
// The ballots sorted by SQLite (its sorter spills to a temporary file past the cache), then
// each ballot's marks looked up: the two functions are registered for the duration of one
// for_each_ballot_ordered and run once per ballot, as it goes into the sorter. (Sorting the
// marks in the join instead costs a third more time.)
const char* const sql_session_ballots_ordered =
    "SELECT b.id, b.visit, b.step, b.role, b.lang, b.cast_at, b.kiosk FROM ballots AS b"
    " WHERE +b.session = ?1 AND " WS_NOT_VOID
    " ORDER BY workshop_ballot_group(b.step), workshop_ballot_key(b.visit), b.visit, b.id";
const char* const sql_ballot_counts =
    "SELECT b.role, COUNT(*) FROM ballots AS b WHERE b.session = ?1 AND b.step = ?2 AND " WS_NOT_VOID
    " GROUP BY b.role";
const char* const sql_visit_count =
    "SELECT COUNT(DISTINCT b.visit) FROM ballots AS b WHERE b.session = ?1 AND " WS_NOT_VOID;
// The live counts (StoreAccess::update_counts): once in full, then the ballots after row ?2
// only (`+`: by rowid, not the session's index), each counted as a visit when no earlier ballot
// of its visit is valid.
const char* const sql_counts_by_step =
    "SELECT b.step, b.role, COUNT(*) FROM ballots AS b WHERE b.session = ?1 AND " WS_NOT_VOID " GROUP BY b.step, b.role";
const char* const sql_counts_after =
    "SELECT b.step, b.role, COUNT(*), SUM(NOT EXISTS (SELECT 1 FROM ballots AS e WHERE e.session = b.session"
    " AND e.visit = b.visit AND e.id < b.id AND NOT EXISTS (SELECT 1 FROM voids AS w WHERE w.ballot = e.id)))"
    " FROM ballots AS b WHERE +b.session = ?1 AND b.id > ?2 AND " WS_NOT_VOID " GROUP BY b.step, b.role";
const char* const sql_newest_ballot = "SELECT COALESCE(MAX(id), 0) FROM ballots";
// The session's ballot order (hub.md, "hub order"; Session::shown_results): each valid ballot of
// a step with its hub number (0: not through the hub yet), and the ballots of a step numbered
// after ?2 up to ?3 (`+` and CROSS JOIN: a range of hub numbers, not every ballot of the step).
const char* const sql_step_ballot_numbers =
    "SELECT b.id, COALESCE((SELECT h.seq FROM hub_rows AS h WHERE h.kind = 'ballot' AND h.row = b.id), 0)"
    " FROM ballots AS b WHERE b.session = ?1 AND b.step = ?2 AND " WS_NOT_VOID " ORDER BY b.id";
const char* const sql_step_ballots_numbered =
    "SELECT h.seq, h.row FROM hub_rows AS h CROSS JOIN ballots AS b ON b.id = h.row"
    " WHERE h.seq > ?3 AND h.seq <= ?4 AND +h.session = ?1 AND +h.kind = 'ballot' AND b.step = ?2 AND " WS_NOT_VOID
    " ORDER BY h.seq";
const char* const sql_newest_hub_row = "SELECT COALESCE(MAX(seq), 0) FROM hub_rows";
const char* const sql_visits_by_role =
    "SELECT b.role, COUNT(DISTINCT b.visit) FROM ballots AS b WHERE b.session = ?1 AND " WS_NOT_VOID " GROUP BY b.role";
const char* const sql_visits_by_language =
    "SELECT b.lang, COUNT(DISTINCT b.visit) FROM ballots AS b WHERE b.session = ?1 AND " WS_NOT_VOID " GROUP BY b.lang";
const char* const sql_voided_by_step =
    "SELECT b.step, COUNT(*) FROM ballots AS b JOIN voids AS v ON v.ballot = b.id WHERE b.session = ?1 GROUP BY b.step";
const char* const sql_kiosks =
    "SELECT b.kiosk, MIN(b.cast_at) FROM ballots AS b WHERE b.session = ?1 AND " WS_NOT_VOID " GROUP BY b.kiosk";
const char* const sql_last_visit =
    "SELECT b.visit FROM ballots AS b WHERE b.session = ?1 AND b.source = ?2 AND (?3 = '' OR b.kiosk = ?3) AND "
    WS_NOT_VOID " ORDER BY b.id DESC LIMIT 1";
const char* const sql_void_visit =
    "INSERT INTO voids (ballot, voided_by, voided_at, reason)"
    " SELECT b.id, ?3, ?4, ?5 FROM ballots AS b WHERE b.session = ?1 AND b.visit = ?2 AND " WS_NOT_VOID
    " ORDER BY b.id";
const char* const sql_add_idea =
    "INSERT INTO ideas (session, step, idea, text, lang, submitted_at, kiosk, source)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
const char* const sql_ideas =
    "SELECT step, idea, text, lang, submitted_at, hidden FROM ideas_state"
    " WHERE session = ?1 AND (?2 = '' OR step = ?2) ORDER BY hub_seq IS NULL, hub_seq, idea_row";  // hub order
const char* const sql_add_action =
    "INSERT INTO actions (session, at, actor, action, step, target, detail)"
    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
// In the hub's order (docs/hub.md); actions not yet through the hub after, in file order.
const char* const sql_actions =
    "SELECT a.id, a.at, a.actor, a.action, a.step, a.target, a.detail FROM actions AS a"
    " LEFT JOIN hub_rows AS h ON h.kind = 'action' AND h.row = a.id"
    " WHERE a.session = ?1 ORDER BY h.seq IS NULL, h.seq, a.id";
const char* const sql_actions_named =
    "SELECT id, at, actor, action, step, target, detail FROM actions WHERE action = ?1 OR action = ?2 ORDER BY id";
const char* const sql_data_version = "PRAGMA data_version";

#undef WS_NOT_VOID

}  // namespace

namespace action {
bool is_reserved(std::string_view name) {
    for (std::string_view reserved : {session_created, session_paused, session_resumed, session_ended,
                                      step_opened, step_closed, results_revealed, results_hidden,
                                      idea_hidden, idea_shown, visit_voided, idea_added})
        if (name == reserved) return true;
    return false;
}
}  // namespace action

struct Store::Impl {
    sqlite3* db = nullptr;
    std::string path;
    dev_t device = 0;
    ino_t inode = 0;
    std::unordered_map<const char*, sqlite3_stmt*> statements;  // keyed by the SQL literal
    sqlite3_stmt* add_marks[rows_per_mark_insert] = {};         // [n - 1]: the insert of n marks
    Durability durability = Durability::full;
    std::int64_t data_version = -1;
    int scans = 0;  // session-wide reads under way (ScanCache)
    std::map<std::pair<std::int64_t, std::string>, std::int64_t> hub_numbered_below;  // (session, kind)

    ~Impl() {
        for (auto& [sql, stmt] : statements) sqlite3_finalize(stmt);
        for (sqlite3_stmt* stmt : add_marks) sqlite3_finalize(stmt);
        sqlite3_close_v2(db);
    }

    // The failure of the last call on this connection, as a sentence: "cannot DOING: why; what to do".
    Status failure(std::string_view doing, int code) const {
        return Status::failure("cannot " + std::string(doing) + ": " + explain(code, path, sqlite3_errmsg(db)));
    }
    Status failure(std::string_view doing) const { return failure(doing, sqlite3_extended_errcode(db)); }

    Stmt statement(const char* sql) {
        auto found = statements.find(sql);
        if (found != statements.end()) return Stmt(found->second);
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
            sqlite3_finalize(stmt);
            return Stmt(nullptr);
        }
        statements.emplace(sql, stmt);
        return Stmt(stmt);
    }

    Stmt marks_statement(std::size_t rows) {
        sqlite3_stmt*& stmt = add_marks[rows - 1];
        if (!stmt && sqlite3_prepare_v3(db, sql_add_marks(rows).c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                                        nullptr) != SQLITE_OK) {
            sqlite3_finalize(stmt);
            stmt = nullptr;
        }
        return Stmt(stmt);
    }

    Status exec(const char* sql, std::string_view doing) {
        if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return failure(doing);
        return Status::success();
    }

    // One integer from a query such as a PRAGMA, or nullopt on failure.
    std::optional<std::int64_t> integer(const char* sql) {
        sqlite3_stmt* stmt = nullptr;
        std::optional<std::int64_t> value;
        if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW)
            value = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        return value;
    }

    // A file deleted or replaced while open still accepts writes into the old inode: catch it
    // before writing anything that would then be lost.
    Status check_still_there() const {
        struct stat now {};
        if (::stat(path.c_str(), &now) != 0 || now.st_dev != device || now.st_ino != inode)
            return Status::failure("cannot write: " + explain(SQLITE_READONLY_DBMOVED, path, ""));
        return Status::success();
    }

    Status migrate();
};

Status Store::Impl::migrate() {
    const auto version = integer("PRAGMA user_version");
    const auto app = integer("PRAGMA application_id");
    if (!version || !app) return failure("read database " + path);
    const auto newer = [&](std::int64_t found) {
        return Status::failure("database " + path + " was made by a newer workshop (schema " +
                               std::to_string(found) + ", this program knows " +
                               std::to_string(schema_version) + "): upgrade the program");
    };
    const auto not_ours = [&] {
        return Status::failure(path + " is not a workshop database (it holds other data): give the "
                                      "path of a workshop database, or a new file name");
    };
    if (*version > schema_version) return newer(*version);
    if (*app != 0 && *app != application_id) return not_ours();
    if (*version == schema_version) return Status::success();

    // Migrate in one transaction: a failure leaves the file exactly as it was.
    if (Status begun = exec("BEGIN IMMEDIATE", "upgrade database " + path); !begun) return begun;
    const auto again = integer("PRAGMA user_version");  // another program may have just done it
    const auto tables = integer("SELECT COUNT(*) FROM sqlite_master");
    Status result = Status::success();
    if (!again || !tables) {
        result = failure("upgrade database " + path);
    } else if (*again > schema_version) {
        result = newer(*again);
    } else if (*again == 0 && *tables > 0) {
        result = not_ours();
    } else {
        for (const schema::Migration& migration : schema::migrations()) {
            if (migration.to <= *again) continue;
            if (sqlite3_exec(db, migration.sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
                result = failure("upgrade database " + path + " to schema " + std::to_string(migration.to));
                break;
            }
        }
        const std::string stamp = "PRAGMA user_version = " + std::to_string(schema_version) +
                                  "; PRAGMA application_id = " + std::to_string(application_id);
        if (result) result = exec(stamp.c_str(), "upgrade database " + path);
        if (result) result = exec("COMMIT", "upgrade database " + path);
    }
    if (!result && !sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
    return result;
}

Store::Store(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Store::~Store() = default;

Outcome<std::unique_ptr<Store>> Store::open(const std::string& path, OpenMode mode) {
    if (path.empty()) return Status::failure("no database file given: pass a file name such as workshop.db");
    auto impl = std::make_unique<Impl>();
    impl->path = path;

    struct stat info {};
    if (::stat(path.c_str(), &info) != 0) {
        if (errno != ENOENT)
            return Status::failure("cannot open database " + path + ": " + std::strerror(errno));
        if (mode == OpenMode::existing)
            return Status::failure("database " + path + " does not exist: check the path");
        // Created here, owner-only, before SQLite sees it: its -wal and -shm files copy this mode.
        const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0 && errno != EEXIST)
            return Status::failure("cannot create database " + path + ": " + std::strerror(errno) +
                                   ": check that the folder exists and is writable");
        if (fd >= 0) ::close(fd);
        if (::stat(path.c_str(), &info) != 0)
            return Status::failure("cannot create database " + path + ": " + std::strerror(errno));
    }
    if (S_ISDIR(info.st_mode)) return Status::failure(path + " is a folder, not a database file: give a file name");
    impl->device = info.st_dev;
    impl->inode = info.st_ino;

    // SQLite's memory statistics take a global mutex on every allocation it makes (a few percent
    // of an import) and nothing reads them. This only works before SQLite's first use, and
    // is harmlessly refused after it.
    static const int no_memory_statistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    (void)no_memory_statistics;

    // NOMUTEX: a Store is one connection for one thread, so SQLite need not lock around every
    // call (a fifth of the time of reading a million rows).
    if (sqlite3_open_v2(path.c_str(), &impl->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
        return impl->db ? impl->failure("open database " + path)
                        : Status::failure("cannot open database " + path + ": out of memory");
    sqlite3_extended_result_codes(impl->db, 1);
    sqlite3_busy_timeout(impl->db, 5000);

    // The first read tells a damaged or foreign file apart from a database.
    if (!impl->integer("PRAGMA application_id")) return impl->failure("open database " + path);
    if (sqlite3_db_readonly(impl->db, "main") == 1)
        return Status::failure("cannot open database " + path + ": " +
                               explain(SQLITE_READONLY, path, "read-only"));
    // temp_store = FILE: a sort or a DISTINCT larger than the cache goes to a temporary file
    // (deleted on close) instead of growing memory with the session; smaller ones never touch it.
    const char* const setup =
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;"
        " PRAGMA cache_size = " WS_CACHE_KIB " ; PRAGMA temp_store = FILE; PRAGMA journal_size_limit = 67108864";
    if (Status ready = impl->exec(setup, "open database " + path); !ready) return ready;
    if (Status migrated = impl->migrate(); !migrated) return migrated;
    return std::unique_ptr<Store>(new Store(std::move(impl)));
}

const std::string& Store::path() const { return m_impl->path; }
sqlite3* detail::StoreAccess::handle(Store& store) { return store.m_impl->db; }
void Store::set_busy_timeout(int milliseconds) { sqlite3_busy_timeout(m_impl->db, milliseconds); }

// --- transactions ---------------------------------------------------------------------------

Status Store::begin_write(Durability durability) {
    if (Status there = m_impl->check_still_there(); !there) return there;
    if (durability != m_impl->durability) {
        const char* pragma = durability == Durability::full ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = NORMAL";
        if (Status set = m_impl->exec(pragma, "start writing"); !set) return set;
        m_impl->durability = durability;
    }
    return m_impl->exec("BEGIN IMMEDIATE", "start writing");
}

Status Store::begin_read() { return m_impl->exec("BEGIN", "start reading"); }

Status Store::commit() {
    // add_ballot's guards roll the whole transaction back: a caller that went on regardless
    // must not be told that its (autocommitted) remainder was saved as one.
    if (sqlite3_get_autocommit(m_impl->db))
        return Status::failure("cannot save: the transaction was already rolled back by an earlier error");
    if (sqlite3_exec(m_impl->db, "COMMIT", nullptr, nullptr, nullptr) == SQLITE_OK) return Status::success();
    if (sqlite3_extended_errcode(m_impl->db) == SQLITE_CONSTRAINT_FOREIGNKEY) {
        rollback();  // foreign keys are checked here (deferred): a program error, not the user's
        return Status::failure("cannot save: a ballot or mark refers to a session or ballot that does not exist "
                               "(a program error); nothing was saved");
    }
    Status failed = m_impl->failure("save");
    rollback();  // a commit that failed (busy, full, I/O) is undone completely, never left half open
    return failed;
}

void Store::rollback() {
    if (!sqlite3_get_autocommit(m_impl->db)) sqlite3_exec(m_impl->db, "ROLLBACK", nullptr, nullptr, nullptr);
}

Store::Transaction::Transaction(Store& store, Durability durability) : m_store(store) {
    m_status = store.begin_write(durability);
    m_open = m_status.ok;
}
Store::Transaction::Transaction(Store& store) : m_store(store) {
    m_status = store.begin_read();
    m_open = m_status.ok;
}
Store::Transaction::~Transaction() {
    if (m_open) m_store.rollback();
}
Status Store::Transaction::commit() {
    if (!m_open) return m_status.ok ? Status::failure("the transaction was already finished") : m_status;
    m_open = false;
    return m_store.commit();
}

// --- sessions -------------------------------------------------------------------------------

Outcome<std::int64_t> Store::add_session(const Scenario& scenario, const std::string& kiosk,
                                         std::string_view created_by, const std::string& at) {
    return add_session(scenario, kiosk, created_by, at, 0);
}

Outcome<std::int64_t> Store::add_session(const Scenario& scenario, const std::string& kiosk,
                                         std::string_view created_by, const std::string& at,
                                         std::int64_t wanted_id) {
    Stmt stmt = m_impl->statement(sql_add_session);
    if (!stmt) return m_impl->failure("create a session");
    const std::string title = scenario.languages.empty() ? "" : scenario.title.in(scenario.default_language());
    stmt.bind(1, scenario.id).bind(2, title);
    stmt.bind(3, scenario.sha256).bind(4, scenario.source_text).bind(5, at).bind(6, kiosk).bind(7, created_by);
    stmt.bind(8, wanted_id);
    if (stmt.step() != SQLITE_DONE) return m_impl->failure("create a session");
    const std::int64_t id = sqlite3_last_insert_rowid(m_impl->db);
    for (const auto& [path, picture] : scenario.pictures) {
        Stmt add = m_impl->statement(sql_add_picture);
        if (!add) return m_impl->failure("store the session's pictures");
        add.bind(1, id).bind(2, path).bind(3, picture.sha256).bind_blob(4, picture.bytes);
        if (add.step() != SQLITE_DONE) return m_impl->failure("store the session's pictures");
    }
    ActionRecord created;
    created.at = at;
    created.actor = std::string(created_by);
    created.action = std::string(action::session_created);
    created.detail = "scenario " + scenario.id + " sha256 " + scenario.sha256 + " on " + kiosk;
    if (Status logged = add_action(id, created); !logged) return logged;
    return id;
}

namespace {
SessionRecord session_from(Stmt& stmt) {
    SessionRecord record;
    record.id = stmt.integer(0);
    record.scenario_id = stmt.string(1);
    record.scenario_title = stmt.string(2);
    record.scenario_sha256 = stmt.string(3);
    record.scenario_text = stmt.string(4);
    record.created_at = stmt.string(5);
    record.kiosk = stmt.string(6);
    record.created_by = stmt.string(7);
    return record;
}
}  // namespace

Outcome<std::optional<SessionRecord>> Store::session(std::int64_t id) {
    Stmt stmt = m_impl->statement(sql_session_columns);
    if (!stmt) return m_impl->failure("read the sessions");
    stmt.bind(1, id);
    const int rc = stmt.step();
    if (rc == SQLITE_ROW) return std::optional<SessionRecord>(session_from(stmt));
    if (rc == SQLITE_DONE) return std::optional<SessionRecord>();
    return m_impl->failure("read the sessions");
}

Outcome<std::optional<SessionRecord>> Store::latest_session(std::string_view scenario_id, std::string_view sha256,
                                                            bool unended_only) {
    Stmt stmt = m_impl->statement(sql_latest_session);
    if (!stmt) return m_impl->failure("read the sessions");
    stmt.bind(1, scenario_id).bind(2, sha256).bind(3, std::int64_t{unended_only});
    const int rc = stmt.step();
    if (rc == SQLITE_ROW) return std::optional<SessionRecord>(session_from(stmt));
    if (rc == SQLITE_DONE) return std::optional<SessionRecord>();
    return m_impl->failure("read the sessions");
}

Outcome<std::map<std::string, Picture>> Store::pictures(std::int64_t session) {
    Stmt stmt = m_impl->statement(sql_pictures);
    if (!stmt) return m_impl->failure("read the session's pictures");
    stmt.bind(1, session);
    std::map<std::string, Picture> out;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        std::string problem;
        std::optional<Picture> picture = read_picture(stmt.blob(2), problem);
        if (!picture || picture->sha256 != stmt.text(1))
            return Status::failure("picture " + stmt.string(0) + " stored with session " + std::to_string(session) +
                                   " in " + path() + " is damaged: keep a copy of the file for inspection");
        out.emplace(stmt.string(0), std::move(*picture));
    }
    if (rc != SQLITE_DONE) return m_impl->failure("read the session's pictures");
    return out;
}

Outcome<bool> Store::has_sessions_of(std::string_view scenario_id) {
    Stmt stmt = m_impl->statement(sql_has_sessions_of);
    if (!stmt) return m_impl->failure("read the sessions");
    stmt.bind(1, scenario_id);
    if (stmt.step() != SQLITE_ROW) return m_impl->failure("read the sessions");
    return stmt.integer(0) != 0;
}

// --- ballots --------------------------------------------------------------------------------

Outcome<std::int64_t> Store::add_ballot(std::int64_t session, const Ballot& ballot, BallotSource source) {
    std::int64_t id = 0;
    {
        Stmt stmt = m_impl->statement(sql_add_ballot);
        if (!stmt) return m_impl->failure("record a ballot");
        stmt.bind(1, session).bind(2, ballot.visit).bind(3, ballot.step).bind(4, ballot.role);
        stmt.bind(5, ballot.language).bind(6, ballot.cast_at).bind(7, ballot.kiosk).bind(8, to_string(source));
        if (stmt.step() != SQLITE_DONE) return m_impl->failure("record a ballot");
        id = sqlite3_last_insert_rowid(m_impl->db);
    }
    for (std::size_t first = 0; first < ballot.marks.size(); first += rows_per_mark_insert) {
        const std::size_t rows = std::min(rows_per_mark_insert, ballot.marks.size() - first);
        Stmt marks = m_impl->marks_statement(rows);
        if (!marks) return m_impl->failure("record a ballot");
        for (std::size_t i = 0; i < rows; ++i) {
            const Mark& mark = ballot.marks[first + i];
            const int at = static_cast<int>(4 * i);
            marks.bind(at + 1, id).bind(at + 2, static_cast<std::int64_t>(first + i + 1));
            marks.bind(at + 3, mark.option).bind(at + 4, std::int64_t{mark.value});
        }
        if (marks.step() != SQLITE_DONE) return m_impl->failure("record a ballot");
    }
    return id;
}

Outcome<std::optional<StoredBallot>> Store::find_ballot(std::int64_t session, std::string_view visit,
                                                        std::string_view step) {
    StoredBallot found;
    {
        Stmt stmt = m_impl->statement(sql_find_ballot);
        if (!stmt) return m_impl->failure("read the ballots");
        stmt.bind(1, session).bind(2, visit).bind(3, step);
        const int rc = stmt.step();
        if (rc == SQLITE_DONE) return std::optional<StoredBallot>();
        if (rc != SQLITE_ROW) return m_impl->failure("read the ballots");
        found.row = stmt.integer(0);
        found.ballot.visit = std::string(visit);
        found.ballot.step = std::string(step);
        found.ballot.role = stmt.string(1);
        found.ballot.language = stmt.string(2);
        found.ballot.cast_at = stmt.string(3);
        found.ballot.kiosk = stmt.string(4);
        found.source = source_from(stmt.text(5)).value_or(BallotSource::kiosk);
        found.is_void = stmt.integer(6) != 0;
    }
    Stmt marks = m_impl->statement(sql_marks_of);
    if (!marks) return m_impl->failure("read the ballots");
    marks.bind(1, found.row);
    int rc;
    while ((rc = marks.step()) == SQLITE_ROW)
        found.ballot.marks.push_back({marks.string(0), static_cast<int>(marks.integer(1))});
    if (rc != SQLITE_DONE) return m_impl->failure("read the ballots");
    return std::optional<StoredBallot>(std::move(found));
}

namespace {

// A ballot's own fields from a row of the ballot reads (id, visit, step, role, lang, cast_at, kiosk).
void read_ballot_fields(Stmt& row, Ballot& ballot) {
    ballot.visit.assign(row.text(1));
    ballot.step.assign(row.text(2));
    ballot.role.assign(row.text(3));
    ballot.language.assign(row.text(4));
    ballot.cast_at.assign(row.text(5));
    ballot.kiosk.assign(row.text(6));
}

// While alive, the connection's page cache is small (see WS_SCAN_CACHE_KIB); nested scans keep it.
class ScanCache {
public:
    ScanCache(sqlite3* db, int& depth) : m_db(db), m_depth(depth) {
        if (m_depth++ == 0) sqlite3_exec(m_db, "PRAGMA cache_size = " WS_SCAN_CACHE_KIB, nullptr, nullptr, nullptr);
    }
    ~ScanCache() {
        if (--m_depth == 0) sqlite3_exec(m_db, "PRAGMA cache_size = " WS_CACHE_KIB, nullptr, nullptr, nullptr);
    }
    ScanCache(const ScanCache&) = delete;
    ScanCache& operator=(const ScanCache&) = delete;

private:
    sqlite3* m_db;
    int& m_depth;
};

std::string_view value_text(sqlite3_value* value) {
    const auto* data = reinterpret_cast<const char*>(sqlite3_value_text(value));
    return data ? std::string_view(data, static_cast<std::size_t>(sqlite3_value_bytes(value))) : std::string_view();
}

// workshop_ballot_group(step) and workshop_ballot_key(visit) for one sorted read: registered on
// the connection while alive (DIRECTONLY: no view or trigger in the file can call them).
class OrderFunctions {
public:
    OrderFunctions(sqlite3* db, const Store::BallotOrder& order) : m_db(db), m_order(order) {
        const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_DIRECTONLY;
        m_ok = sqlite3_create_function_v2(db, "workshop_ballot_group", 1, flags, this, &group, nullptr, nullptr, nullptr) == SQLITE_OK &&
               sqlite3_create_function_v2(db, "workshop_ballot_key", 1, flags, this, &key, nullptr, nullptr, nullptr) == SQLITE_OK;
    }
    ~OrderFunctions() {
        for (const char* name : {"workshop_ballot_group", "workshop_ballot_key"})
            sqlite3_create_function_v2(m_db, name, 1, SQLITE_UTF8, nullptr, nullptr, nullptr, nullptr, nullptr);
    }
    OrderFunctions(const OrderFunctions&) = delete;
    OrderFunctions& operator=(const OrderFunctions&) = delete;
    bool ok() const { return m_ok; }

private:
    static void group(sqlite3_context* context, int, sqlite3_value** args) {
        auto* self = static_cast<OrderFunctions*>(sqlite3_user_data(context));
        sqlite3_result_int64(context, self->m_order.group(value_text(args[0])));
    }
    // SQLite's integers are signed: flipping the top bit keeps the unsigned order.
    static void key(sqlite3_context* context, int, sqlite3_value** args) {
        auto* self = static_cast<OrderFunctions*>(sqlite3_user_data(context));
        const std::uint64_t k = self->m_order.key(value_text(args[0])) ^ (std::uint64_t{1} << 63);
        sqlite3_result_int64(context, static_cast<std::int64_t>(k));
    }

    sqlite3* m_db;
    const Store::BallotOrder& m_order;
    bool m_ok = false;
};

}  // namespace

Status Store::for_each_ballot_ordered(std::int64_t session, const BallotOrder& order,
                                      const std::function<bool(Ballot&)>& each) {
    ScanCache small(m_impl->db, m_impl->scans);
    OrderFunctions functions(m_impl->db, order);
    if (!functions.ok()) return m_impl->failure("read the ballots");
    // Prepared afresh: the statement refers to this call's functions.
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(m_impl->db, sql_session_ballots_ordered, -1, &raw, nullptr) != SQLITE_OK) {
        sqlite3_finalize(raw);
        return m_impl->failure("read the ballots");
    }
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owned(raw, &sqlite3_finalize);
    Stmt ballots(raw);
    Stmt marks = m_impl->statement(sql_marks_of);
    if (!marks) return m_impl->failure("read the ballots");
    ballots.bind(1, session);
    Ballot ballot;
    int rc;
    while ((rc = ballots.step()) == SQLITE_ROW) {
        read_ballot_fields(ballots, ballot);
        ballot.marks.clear();
        marks.reset();
        marks.bind(1, ballots.integer(0));
        int mark_rc;
        while ((mark_rc = marks.step()) == SQLITE_ROW)
            ballot.marks.push_back({marks.string(0), static_cast<int>(marks.integer(1))});
        if (mark_rc != SQLITE_DONE) return m_impl->failure("read the ballots");
        if (!each(ballot)) return Status::success();
    }
    if (rc != SQLITE_DONE) return m_impl->failure("read the ballots");
    return Status::success();
}

Status Store::for_each_ballot(std::int64_t session, std::string_view step, const std::function<bool(Ballot&)>& each) {
    return detail::StoreAccess::for_each_ballot_after(*this, session, step, 0,
                                                      [&](std::int64_t, Ballot& ballot) { return each(ballot); });
}

Status detail::StoreAccess::for_each_ballot_after(Store& store, std::int64_t session, std::string_view step,
                                                  std::int64_t after,
                                                  const std::function<bool(std::int64_t, Ballot&)>& each) {
    Store::Impl* impl = store.m_impl.get();
    std::optional<ScanCache> small;  // a whole session's read, not the few rows since the last one
    if (after == 0) small.emplace(impl->db, impl->scans);
    Stmt ballots = impl->statement(step.empty() ? sql_session_ballots : sql_step_ballots);
    Stmt marks = impl->statement(sql_marks_from);
    if (!ballots || !marks) return impl->failure("read the ballots");
    ballots.bind(1, session);
    if (!step.empty()) ballots.bind(2, step);
    ballots.bind(3, after);
    int rc = SQLITE_DONE;
    int mark_rc = SQLITE_DONE;
    bool marks_started = false;
    Ballot ballot;
    std::vector<Mark> scratch;  // then one exact allocation per ballot, not a growing vector
    while ((rc = ballots.step()) == SQLITE_ROW) {
        const std::int64_t row = ballots.integer(0);
        if (!marks_started) {
            marks.bind(1, row);
            mark_rc = marks.step();
            marks_started = true;
        }
        read_ballot_fields(ballots, ballot);
        // Marks of void ballots, other sessions or other steps lie in between: step over them.
        while (mark_rc == SQLITE_ROW && marks.integer(0) < row) mark_rc = marks.step();
        scratch.clear();
        for (; mark_rc == SQLITE_ROW && marks.integer(0) == row; mark_rc = marks.step())
            scratch.push_back({marks.string(1), static_cast<int>(marks.integer(2))});
        ballot.marks.assign(std::make_move_iterator(scratch.begin()), std::make_move_iterator(scratch.end()));
        if (!each(row, ballot)) return Status::success();
    }
    if (rc != SQLITE_DONE || (mark_rc != SQLITE_DONE && mark_rc != SQLITE_ROW)) return impl->failure("read the ballots");
    return Status::success();
}

std::int64_t& detail::StoreAccess::hub_numbered_below(Store& store, std::int64_t session, std::string_view kind) {
    return store.m_impl->hub_numbered_below[{session, std::string(kind)}];
}

namespace {

// The two numbers of each row of `rows` (a ballot's row and hub number, in the statement's
// order), for the ballot order's two reads below.
template <typename Impl>
Status read_number_pairs(Impl& impl, Stmt& rows, const std::function<void(std::int64_t, std::int64_t)>& each) {
    if (!rows) return impl.failure("read the ballot order");
    int rc;
    while ((rc = rows.step()) == SQLITE_ROW) each(rows.integer(0), rows.integer(1));
    if (rc != SQLITE_DONE) return impl.failure("read the ballot order");
    return Status::success();
}

}  // namespace

Status detail::StoreAccess::for_each_ballot_number(Store& store, std::int64_t session, std::string_view step,
                                                  const std::function<void(std::int64_t, std::int64_t)>& each) {
    Store::Impl* impl = store.m_impl.get();
    ScanCache small(impl->db, impl->scans);
    Stmt rows = impl->statement(sql_step_ballot_numbers);
    if (rows) rows.bind(1, session).bind(2, step);
    return read_number_pairs(*impl, rows, each);
}

Status detail::StoreAccess::for_each_ballot_numbered(Store& store, std::int64_t session, std::string_view step,
                                                    std::int64_t after, std::int64_t upto,
                                                    const std::function<void(std::int64_t, std::int64_t)>& each) {
    Store::Impl* impl = store.m_impl.get();
    Stmt rows = impl->statement(sql_step_ballots_numbered);
    if (rows) rows.bind(1, session).bind(2, step).bind(3, after).bind(4, upto);
    return read_number_pairs(*impl, rows, each);
}

Outcome<std::int64_t> detail::StoreAccess::newest_hub_row(Store& store) {
    Stmt newest = store.m_impl->statement(sql_newest_hub_row);
    if (!newest || newest.step() != SQLITE_ROW) return store.m_impl->failure("read the hub order");
    return newest.integer(0);
}

Outcome<std::int64_t> detail::StoreAccess::newest_void(Store& store) {
    Stmt newest = store.m_impl->statement("SELECT COALESCE(MAX(id), 0) FROM voids");
    if (!newest || newest.step() != SQLITE_ROW) return store.m_impl->failure("read the voids");
    return newest.integer(0);
}

Status detail::StoreAccess::update_counts(Store& store, std::int64_t session, LiveCounts& counts) {
    Store::Impl* impl = store.m_impl.get();
    std::optional<Store::Transaction> snapshot;  // the voids and the ballots as of one moment
    if (sqlite3_get_autocommit(impl->db)) {
        snapshot.emplace(store);
        if (!snapshot->status()) return snapshot->status();
    }
    auto newest_void = StoreAccess::newest_void(store);
    if (!newest_void) return newest_void.status();
    if (*newest_void != counts.last_void) counts = LiveCounts{};
    counts.last_void = *newest_void;
    Stmt newest = impl->statement(sql_newest_ballot);
    if (!newest || newest.step() != SQLITE_ROW) return impl->failure("count the ballots");
    const std::int64_t newest_ballot = newest.integer(0);
    Stmt rows = impl->statement(counts.started ? sql_counts_after : sql_counts_by_step);
    if (!rows) return impl->failure("count the ballots");
    rows.bind(1, session);
    if (counts.started) rows.bind(2, counts.last_ballot);
    int rc;
    while ((rc = rows.step()) == SQLITE_ROW) {
        counts.ballots[rows.string(0)][rows.string(1)] += static_cast<int>(rows.integer(2));
        if (counts.started) counts.visits += static_cast<int>(rows.integer(3));
    }
    if (rc != SQLITE_DONE) return impl->failure("count the ballots");
    if (!counts.started) {
        auto visits = store.visit_count(session);
        if (!visits) return visits.status();
        counts.visits = *visits;
    }
    counts.started = true;
    counts.last_ballot = newest_ballot;
    return Status::success();
}

Status Store::load_ballots(std::int64_t session, const std::string& step, std::vector<Ballot>& out) {
    return for_each_ballot(session, step, [&](Ballot& ballot) {
        out.push_back(std::move(ballot));
        return true;
    });
}

Outcome<std::map<std::string, int>> Store::ballot_counts(std::int64_t session, const std::string& step) {
    Stmt stmt = m_impl->statement(sql_ballot_counts);
    if (!stmt) return m_impl->failure("count the ballots");
    stmt.bind(1, session).bind(2, step);
    std::map<std::string, int> counts;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) counts[stmt.string(0)] = static_cast<int>(stmt.integer(1));
    if (rc != SQLITE_DONE) return m_impl->failure("count the ballots");
    return counts;
}

Outcome<int> Store::visit_count(std::int64_t session) {
    Stmt stmt = m_impl->statement(sql_visit_count);
    if (!stmt) return m_impl->failure("count the visits");
    stmt.bind(1, session);
    if (stmt.step() != SQLITE_ROW) return m_impl->failure("count the visits");
    return static_cast<int>(stmt.integer(0));
}

Outcome<SessionFigures> Store::figures(std::int64_t session) {
    ScanCache small(m_impl->db, m_impl->scans);
    SessionFigures figures;
    const auto count_by = [&](const char* sql, std::map<std::string, int>& into) {
        Stmt stmt = m_impl->statement(sql);
        if (!stmt) return false;
        stmt.bind(1, session);
        int rc;
        while ((rc = stmt.step()) == SQLITE_ROW) into[stmt.string(0)] = static_cast<int>(stmt.integer(1));
        return rc == SQLITE_DONE;
    };
    if (!count_by(sql_visits_by_role, figures.visits_by_role) ||
        !count_by(sql_visits_by_language, figures.visits_by_language) ||
        !count_by(sql_voided_by_step, figures.voided_by_step))
        return m_impl->failure("count the visits");
    auto visits = visit_count(session);
    if (!visits) return visits.status();
    figures.visits = *visits;
    Stmt stmt = m_impl->statement(sql_kiosks);
    if (!stmt) return m_impl->failure("list the kiosks");
    stmt.bind(1, session);
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        figures.kiosks.push_back(stmt.string(0));  // GROUP BY gives them sorted
        const std::string first = stmt.string(1);
        if (figures.first_cast_at.empty() || first < figures.first_cast_at) figures.first_cast_at = first;
    }
    if (rc != SQLITE_DONE) return m_impl->failure("list the kiosks");
    return figures;
}

Outcome<std::string> Store::last_visit(std::int64_t session, BallotSource source, std::string_view kiosk) {
    Stmt stmt = m_impl->statement(sql_last_visit);
    if (!stmt) return m_impl->failure("find the last visit");
    stmt.bind(1, session).bind(2, to_string(source)).bind(3, kiosk);
    const int rc = stmt.step();
    if (rc == SQLITE_ROW) return stmt.string(0);
    if (rc == SQLITE_DONE) return std::string();
    return m_impl->failure("find the last visit");
}

Outcome<int> Store::void_visit(std::int64_t session, const std::string& visit, const std::string& who,
                               const std::string& at, const std::string& reason) {
    Stmt stmt = m_impl->statement(sql_void_visit);
    if (!stmt) return m_impl->failure("void the visit");
    stmt.bind(1, session).bind(2, visit).bind(3, who).bind(4, at).bind(5, reason);
    if (stmt.step() != SQLITE_DONE) return m_impl->failure("void the visit");
    return sqlite3_changes(m_impl->db);
}

// --- ideas ----------------------------------------------------------------------------------

Status Store::add_idea(std::int64_t session, const Idea& idea, const std::string& kiosk, BallotSource source) {
    Stmt stmt = m_impl->statement(sql_add_idea);
    if (!stmt) return m_impl->failure("record the idea");
    stmt.bind(1, session).bind(2, idea.step).bind(3, idea.id).bind(4, idea.text).bind(5, idea.language);
    stmt.bind(6, idea.submitted_at).bind(7, kiosk).bind(8, to_string(source));
    if (stmt.step() != SQLITE_DONE) return m_impl->failure("record the idea");
    return Status::success();
}

Outcome<std::vector<Idea>> Store::ideas(std::int64_t session, std::string_view step) {
    Stmt stmt = m_impl->statement(sql_ideas);
    if (!stmt) return m_impl->failure("read the ideas");
    stmt.bind(1, session).bind(2, step);
    std::vector<Idea> ideas;
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        Idea& idea = ideas.emplace_back();
        idea.step = stmt.string(0);
        idea.id = stmt.string(1);
        idea.text = stmt.string(2);
        idea.language = stmt.string(3);
        idea.submitted_at = stmt.string(4);
        idea.hidden = stmt.integer(5) != 0;
    }
    if (rc != SQLITE_DONE) return m_impl->failure("read the ideas");
    return ideas;
}

// --- the audit log --------------------------------------------------------------------------

Status Store::add_action(std::int64_t session, const ActionRecord& record) {
    Stmt stmt = m_impl->statement(sql_add_action);
    if (!stmt) return m_impl->failure("record the action");
    stmt.bind(1, session).bind(2, record.at).bind(3, record.actor).bind(4, record.action);
    stmt.bind(5, record.step).bind(6, record.target).bind(7, record.detail);
    if (stmt.step() != SQLITE_DONE) return m_impl->failure("record the action");
    return Status::success();
}

namespace {

// The rows of an actions query; false when reading failed.
bool read_actions(Stmt& stmt, std::vector<ActionRecord>& out) {
    int rc;
    while ((rc = stmt.step()) == SQLITE_ROW) {
        ActionRecord& record = out.emplace_back();
        record.id = stmt.integer(0);
        record.at = stmt.string(1);
        record.actor = stmt.string(2);
        record.action = stmt.string(3);
        record.step = stmt.string(4);
        record.target = stmt.string(5);
        record.detail = stmt.string(6);
    }
    return rc == SQLITE_DONE;
}

}  // namespace

Outcome<std::vector<ActionRecord>> Store::actions(std::int64_t session) {
    Stmt stmt = m_impl->statement(sql_actions);
    std::vector<ActionRecord> actions;
    if (!stmt || !read_actions(stmt.bind(1, session), actions)) return m_impl->failure("read the audit log");
    return actions;
}

Outcome<std::vector<ActionRecord>> Store::actions_named(std::string_view a, std::string_view b) {
    Stmt stmt = m_impl->statement(sql_actions_named);
    std::vector<ActionRecord> actions;
    if (!stmt || !read_actions(stmt.bind(1, a).bind(2, b), actions)) return m_impl->failure("read the audit log");
    return actions;
}

bool Store::changed_elsewhere() {
    Stmt stmt = m_impl->statement(sql_data_version);
    if (!stmt || stmt.step() != SQLITE_ROW) return true;  // unsure: let the caller reload
    const std::int64_t version = stmt.integer(0);
    const bool changed = m_impl->data_version != -1 && version != m_impl->data_version;
    m_impl->data_version = version;
    return changed;
}

std::string Store::now() {
    const std::time_t seconds = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm utc {};
    gmtime_r(&seconds, &utc);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace workshop
