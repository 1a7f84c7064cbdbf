// storage_fault_test.cpp — real storage faults under a running Session: a disk that is really
// full (a tiny tmpfs), a file made read-only (the immutable flag: even root cannot write), the
// file deleted, the file locked by another process (BEGIN EXCLUSIVE, exclusive locking mode).
// Each time: a clear Status, nothing recorded before is lost, and the next cast succeeds once
// the cause is gone. (session_test.cpp covers the in-process simulations: query_only,
// max_page_count, a lock from the same process, a renamed file.)
//
// The tmpfs needs a private mount namespace (root or CAP_SYS_ADMIN) and the immutable flag needs
// CAP_LINUX_IMMUTABLE on ext4/xfs/btrfs; without them those cases fall back (chmod, max_page_count)
// and say so in the test output.
#include <fcntl.h>
#include <linux/fs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>

#include "robust_support.h"
#include "internal_access.h"

using namespace workshop;

namespace {

std::unique_ptr<Session> open_session(const std::string& path) {
    SessionOptions options;
    options.kiosk_id = "fault-kiosk";
    auto session = Session::open(path, test::scenario(), options);
    INFO(session.message());
    REQUIRE(session.ok());
    return std::move(*session);
}

long long count(const std::string& path, const std::string& sql) {
    test::Connection db(path);
    return db.number(sql);
}

// The immutable flag (chattr +i): writes through open descriptors fail, new opens are read-only.
bool set_immutable(const std::string& path, bool on) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    int flags = 0;
    bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        ok = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    ::close(fd);
    return ok;
}

// Makes the database files immutable for the life of this object.
class ReadOnlyFiles {
public:
    explicit ReadOnlyFiles(const std::string& db) {
        for (const char* suffix : {"", "-wal"}) {
            const std::string path = db + suffix;
            if (!std::filesystem::exists(path)) continue;
            if (!set_immutable(path, true)) {
                release();
                return;
            }
            m_files.push_back(path);
        }
        m_ok = !m_files.empty();
    }
    ~ReadOnlyFiles() { release(); }
    ReadOnlyFiles(const ReadOnlyFiles&) = delete;
    ReadOnlyFiles& operator=(const ReadOnlyFiles&) = delete;
    bool ok() const { return m_ok; }
    void release() {
        for (const std::string& path : m_files) set_immutable(path, false);
        m_files.clear();
    }

private:
    std::vector<std::string> m_files;
    bool m_ok = false;
};

// A tmpfs of `kib` KiB at `dir`, in a mount namespace of this process's own (so it vanishes with
// the process, whatever happens). False when this process may not mount.
bool mount_tmpfs(const std::string& dir, int kib) {
    static const bool private_namespace =
        ::unshare(CLONE_NEWNS) == 0 && ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
    if (!private_namespace) return false;
    const std::string options = "size=" + std::to_string(kib) + "k,mode=0700";
    return ::mount("tmpfs", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV, options.c_str()) == 0;
}

// Fills the file system holding `dir` up to the last `leave` bytes with one file.
void fill_disk(const std::string& file, long long leave) {
    const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    REQUIRE(fd >= 0);
    const std::string block(4096, 'x');
    const auto free_bytes = [&] {
        return static_cast<long long>(std::filesystem::space(std::filesystem::path(file).parent_path()).available);
    };
    while (free_bytes() > leave)
        if (::write(fd, block.data(), block.size()) <= 0) break;
    ::close(fd);
}

// Another program holding a lock on the database until told to let go: a Python child with its
// own SQLite (a fork of this process would inherit SQLite's per-process lock bookkeeping).
class OtherProcess {
public:
    // `sql` (statements separated by ';') runs in the child, which then holds on for
    // `hold_ms` milliseconds, or until release() when hold_ms < 0.
    OtherProcess(const std::string& db, const std::string& sql, int hold_ms = -1) {
        static const char* const child =
            "import sqlite3, sys, time\n"
            "con = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0)\n"
            "try:\n"
            "    for statement in filter(None, (s.strip() for s in sys.argv[2].split(';'))):\n"
            "        con.execute(statement).fetchall()\n"
            "    status = 'k'\n"
            "except Exception as e:\n"
            "    status = 'x'\n"
            "    print(e, file=sys.stderr)\n"
            "sys.stdout.write(status)\n"
            "sys.stdout.flush()\n"
            "hold = int(sys.argv[3])\n"
            "time.sleep(hold / 1000) if hold >= 0 else sys.stdin.read(1)\n"
            "if con.in_transaction: con.execute('ROLLBACK' if hold < 0 else 'COMMIT')\n"
            "con.close()\n";
        std::signal(SIGPIPE, SIG_IGN);  // the child may be gone when we tell it to go
        int ready[2], go[2];
        REQUIRE(::pipe2(ready, O_CLOEXEC) == 0);
        REQUIRE(::pipe2(go, O_CLOEXEC) == 0);
        m_pid = ::fork();
        REQUIRE(m_pid >= 0);
        if (m_pid == 0) {
            ::dup2(go[0], 0);
            ::dup2(ready[1], 1);
            const std::string hold = std::to_string(hold_ms);
            ::execlp("python3", "python3", "-c", child, db.c_str(), sql.c_str(), hold.c_str(), nullptr);
            ::_exit(127);
        }
        ::close(ready[1]);
        ::close(go[0]);
        m_go = go[1];
        char status = 0;
        REQUIRE(::read(ready[0], &status, 1) == 1);
        ::close(ready[0]);  // the child writes that one byte only
        m_locked = status == 'k';
    }
    ~OtherProcess() { release(); }
    OtherProcess(const OtherProcess&) = delete;
    OtherProcess& operator=(const OtherProcess&) = delete;
    bool locked() const { return m_locked; }
    void release() {
        if (m_pid <= 0) return;
        (void)!::write(m_go, "g", 1);
        ::close(m_go);
        int status = 0;
        ::waitpid(m_pid, &status, 0);
        m_pid = 0;
    }

private:
    pid_t m_pid = 0;
    int m_go = -1;
    bool m_locked = false;
};

}  // namespace

TEST_CASE("a really full disk: the visit is refused clearly, nothing is lost, the retry succeeds") {
    test::TempDir dir;
    const std::string disk = dir / "disk";
    std::filesystem::create_directory(disk);
    if (!mount_tmpfs(disk, 2048)) {
        WARN("cannot mount a tmpfs here (needs CAP_SYS_ADMIN): session_test covers a full disk with max_page_count");
        return;
    }
    struct Unmount {
        std::string dir;
        ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
    } unmount{disk};

    const std::string path = disk + "/full.db";
    auto session = open_session(path);
    REQUIRE(session->cast_visit(test::visit("before")));
    fill_disk(disk + "/filler", 64 * 1024);

    Status cast;
    int recorded = 1;
    std::string failed_visit;
    for (int i = 0; i < 100000 && cast; ++i) {
        failed_visit = "v" + std::to_string(i);
        cast = session->cast_visit(test::visit(failed_visit));
        if (cast) ++recorded;
    }
    REQUIRE_FALSE(cast);
    INFO(cast.message);
    CHECK_THAT(cast.message, Catch::Contains(path));
    CHECK_THAT(cast.message, Catch::Contains("full"));
    CHECK(session->last_storage_error() == cast.message);
    // The kiosk keeps asking for state every frame on a full disk: it answers.
    CHECK(session->state() == SessionState::running);
    CHECK(session->visit_count() == recorded);

    std::filesystem::remove(disk + "/filler");
    const Status retried = session->cast_visit(test::visit(failed_visit));
    INFO(retried.message);
    REQUIRE(retried);
    CHECK(session->last_storage_error().empty());
    for (int i = 0; i < 20; ++i) REQUIRE(session->cast_visit(test::visit("after" + std::to_string(i))));
    CHECK(count(path, "SELECT COUNT(*) FROM ballots") == 3LL * (recorded + 1 + 20));
    CHECK(count(path, "SELECT COUNT(*) FROM ballots WHERE visit = '" + failed_visit + "'") == 3);
    test::Connection check(path);
    CHECK(check.query("PRAGMA integrity_check") == "ok\n");
}

TEST_CASE("a full disk when the kiosk starts: a clear message, and a normal start once there is room") {
    test::TempDir dir;
    const std::string disk = dir / "disk";
    std::filesystem::create_directory(disk);
    if (!mount_tmpfs(disk, 1024)) {
        WARN("cannot mount a tmpfs here (needs CAP_SYS_ADMIN): skipped");
        return;
    }
    struct Unmount {
        std::string dir;
        ~Unmount() { ::umount2(dir.c_str(), MNT_DETACH); }
    } unmount{disk};
    fill_disk(disk + "/filler", 0);

    const std::string path = disk + "/new.db";
    auto refused = Session::open(path, test::scenario());
    REQUIRE_FALSE(refused.ok());
    INFO(refused.message());
    CHECK_THAT(refused.message(), Catch::Contains(path));
    CHECK((refused.message().find("full") != std::string::npos ||
           refused.message().find("No space") != std::string::npos));

    std::filesystem::remove(disk + "/filler");
    auto session = open_session(path);
    REQUIRE(session->cast_visit(test::visit("v1")));
    CHECK(count(path, "SELECT COUNT(*) FROM ballots") == 3);
}

TEST_CASE("a database file made read-only under the running kiosk: refused clearly, recovers") {
    test::TempDir dir;
    const std::string path = dir / "readonly.db";
    auto session = open_session(path);
    REQUIRE(session->cast_visit(test::visit("v1")));
    ReadOnlyFiles read_only(path);
    if (!read_only.ok()) {
        WARN("the immutable flag is not available here (needs CAP_LINUX_IMMUTABLE and ext4/xfs/btrfs): "
             "session_test covers a read-only connection with query_only");
        return;
    }
    const Status refused = session->cast_visit(test::visit("v2"));
    REQUIRE_FALSE(refused);
    INFO(refused.message);
    CHECK_THAT(refused.message, Catch::Contains(path));
    CHECK_THAT(refused.message, Catch::Contains("try again"));
    CHECK(session->last_storage_error() == refused.message);
    CHECK(session->visit_count() == 1);

    read_only.release();
    const Status retried = session->cast_visit(test::visit("v2"));
    INFO(retried.message);
    REQUIRE(retried);
    CHECK(session->last_storage_error().empty());
    CHECK(count(path, "SELECT COUNT(*) FROM ballots") == 6);
    test::Connection check(path);
    CHECK(check.query("PRAGMA integrity_check") == "ok\n");
}

TEST_CASE("a kiosk started on a read-only database file says so and starts once it is writable") {
    test::TempDir dir;
    const std::string path = dir / "readonly.db";
    std::int64_t id = 0;
    {
        auto session = open_session(path);
        id = session->id();
        REQUIRE(session->cast_visit(test::visit("v1")));
    }
    const std::string before = test::dump(path);
    bool immutable = true;
    ReadOnlyFiles read_only(path);
    if (!read_only.ok()) {
        immutable = false;
        REQUIRE(::chmod(path.c_str(), 0400) == 0);
        if (::access(path.c_str(), W_OK) == 0) {
            WARN("neither the immutable flag nor chmod make a file read-only here (root without "
                 "CAP_LINUX_IMMUTABLE): skipped");
            return;
        }
    }
    auto refused = Session::open(path, test::scenario());
    REQUIRE_FALSE(refused.ok());
    INFO(refused.message());
    CHECK_THAT(refused.message(), Catch::Contains(path));
    CHECK_THAT(refused.message(), Catch::Contains("read-only"));

    if (immutable) read_only.release();
    else REQUIRE(::chmod(path.c_str(), 0600) == 0);
    CHECK(test::dump(path) == before);
    auto session = open_session(path);
    CHECK(session->id() == id);  // the same session resumes
    REQUIRE(session->cast_visit(test::visit("v2")));
    CHECK(session->visit_count() == 2);
}

TEST_CASE("a database file deleted under the running kiosk: refused clearly, an export rescues everything") {
    test::TempDir dir;
    const std::string path = dir / "deleted.db";
    auto session = open_session(path);
    for (int i = 0; i < 5; ++i) REQUIRE(session->cast_visit(test::visit("v" + std::to_string(i))));
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);

    const Status refused = session->cast_visit(test::visit("v5"));
    REQUIRE_FALSE(refused);
    INFO(refused.message);
    CHECK_THAT(refused.message, Catch::Contains(path));
    CHECK_THAT(refused.message, Catch::Contains("vanished"));
    CHECK(session->last_storage_error() == refused.message);
    CHECK_FALSE(std::filesystem::exists(path));  // refusing wrote no new, empty file either
    // What was recorded is still reachable through the open connection: counts, results, export.
    CHECK(session->visit_count() == 5);
    auto exported = session->export_csv(dir / "rescue");
    INFO(exported.message());
    REQUIRE(exported.ok());
    CHECK(exported->ballot_rows == 5 * 5);  // per visit: 2 dot rows, 2 ranks, 1 approval

    // The export imported into a new database brings back every recorded visit.
    BallotBatch batch;
    batch.ballots_file = dir / "rescue/ballots.csv";
    batch.ideas_file = dir / "rescue/ideas.csv";
    const Scenario scenario = test::scenario();
    REQUIRE(read_ballots_csv(test::read_text(batch.ballots_file), scenario, batch).empty());
    REQUIRE(read_ideas_csv(test::read_text(batch.ideas_file), scenario, batch).empty());
    auto store = Store::open(dir / "new.db");
    REQUIRE(store.ok());
    const ImportOutcome imported = record_batch(**store, scenario, batch);
    INFO(imported.status.message << format_diagnostics(imported.rejected));
    REQUIRE(imported.ok());
    CHECK(imported.report.visits_recorded == 5);
}

TEST_CASE("a database locked by another process (BEGIN EXCLUSIVE): refused clearly, then recorded") {
    test::TempDir dir;
    const std::string path = dir / "locked.db";
    auto session = open_session(path);
    REQUIRE(session->cast_visit(test::visit("v1")));
    detail::store_of(*session).set_busy_timeout(200);

    OtherProcess other(path, "BEGIN EXCLUSIVE; INSERT INTO actions (session, at, actor, action) VALUES (1, 'x', 'other', 'x')");
    REQUIRE(other.locked());
    const Status refused = session->cast_visit(test::visit("v2"));
    REQUIRE_FALSE(refused);
    INFO(refused.message);
    CHECK_THAT(refused.message, Catch::Contains(path));
    CHECK_THAT(refused.message, Catch::Contains("locked by another program"));
    // Reading goes on while another program writes (WAL): the screen still shows the right state.
    CHECK(session->state() == SessionState::running);
    CHECK(session->visit_count() == 1);

    other.release();
    REQUIRE(session->cast_visit(test::visit("v2")));
    CHECK(session->last_storage_error().empty());
    CHECK(count(path, "SELECT COUNT(*) FROM ballots") == 6);
    CHECK(count(path, "SELECT COUNT(*) FROM actions WHERE actor = 'other'") == 0);  // its rollback
}

TEST_CASE("a lock held briefly by another process only delays the visit") {
    test::TempDir dir;
    const std::string path = dir / "brief.db";
    auto session = open_session(path);
    detail::store_of(*session).set_busy_timeout(5000);
    OtherProcess other(path, "BEGIN EXCLUSIVE", 300);
    REQUIRE(other.locked());
    const Status cast = session->cast_visit(test::visit("v1"));  // waits for the lock, then writes
    INFO(cast.message);
    CHECK(cast);
    other.release();
    CHECK(count(path, "SELECT COUNT(*) FROM ballots") == 3);
}

TEST_CASE("a kiosk started while another program holds the database exclusively: clear, then starts") {
    test::TempDir dir;
    const std::string path = dir / "exclusive.db";
    std::int64_t id = 0;
    {
        auto session = open_session(path);
        id = session->id();
        REQUIRE(session->cast_visit(test::visit("v1")));
    }
    // locking_mode=EXCLUSIVE keeps the file locked after the transaction, for readers too. (While
    // the kiosk has the file open nobody can take it so: the kiosk holds a shared lock.)
    OtherProcess other(path, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT; SELECT COUNT(*) FROM ballots");
    REQUIRE(other.locked());
    auto refused = Session::open(path, test::scenario());  // waits the store's busy timeout first
    REQUIRE_FALSE(refused.ok());
    INFO(refused.message());
    CHECK_THAT(refused.message(), Catch::Contains(path));
    CHECK_THAT(refused.message(), Catch::Contains("locked by another program"));

    other.release();
    auto session = open_session(path);
    CHECK(session->id() == id);
    REQUIRE(session->cast_visit(test::visit("v2")));
    CHECK(session->visit_count() == 2);
}
