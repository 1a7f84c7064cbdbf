// crash_test.cpp — a kiosk killed at any moment loses no confirmed visit.
//
// A child process casts visits in a loop and, after each cast_visit that returned success,
// writes the visit id into a pipe. The parent kills it with SIGKILL at a random moment, then
// checks the file: integrity_check is ok and every reported visit is there exactly once, whole.
// Several rounds on the same file, each child resuming the session the last one left.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <map>
#include <set>

#include "support/database.h"
#include "support/scenarios.h"
#include "support/temp_dir.h"

using namespace workshop;

namespace {

// The child: never returns. Exit codes tell the parent what went wrong before the kill.
[[noreturn]] void cast_until_killed(const std::string& path, int pipe_out) {
    ScenarioLoad load = parse_scenario(test::scenario_text(), "test.toml");
    if (!load.ok()) ::_exit(3);
    auto session = Session::open(path, *load.scenario);
    if (!session.ok()) ::_exit(4);
    for (int i = 0; i < 1000000; ++i) {
        const std::string visit = (*session)->new_visit_id();
        if (!(*session)->cast_visit(test::visit(visit, i % 2 ? "resident" : "council"))) ::_exit(5);
        const std::string line = visit + "\n";
        if (::write(pipe_out, line.data(), line.size()) != static_cast<ssize_t>(line.size())) ::_exit(6);
    }
    ::_exit(0);
}

}  // namespace

TEST_CASE("visits confirmed before a SIGKILL are all there, exactly once") {
    test::TempDir dir;
    const std::string path = dir / "crash.db";
    std::mt19937 random(std::random_device{}());
    std::set<std::string> reported;

    for (int round = 0; round < 6; ++round) {
        int fds[2];
        REQUIRE(::pipe(fds) == 0);
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            ::close(fds[0]);
            cast_until_killed(path, fds[1]);
        }
        ::close(fds[1]);

        // Read what the child reports until a random moment, then kill it mid-flight.
        const auto kill_at = std::chrono::steady_clock::now() +
                             std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 400)(random));
        std::string received;
        char buffer[4096];
        bool killed = false;
        for (;;) {
            const auto now = std::chrono::steady_clock::now();
            if (!killed && now >= kill_at) {
                ::kill(child, SIGKILL);
                killed = true;
            }
            pollfd p{fds[0], POLLIN, 0};
            const int wait_ms =
                killed ? 1000
                       : static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(kill_at - now).count()) + 1;
            if (::poll(&p, 1, wait_ms) <= 0) continue;
            const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
            if (n <= 0) break;  // the child is gone and the pipe is drained
            received.append(buffer, static_cast<std::size_t>(n));
        }
        ::close(fds[0]);
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        INFO("round " << round << ", child status " << status);
        REQUIRE(WIFSIGNALED(status));  // killed by us, not failed on its own
        CHECK(WTERMSIG(status) == SIGKILL);

        // Only whole lines are reports: a write cut by the kill is not a confirmed visit.
        const std::size_t complete = received.rfind('\n');
        std::istringstream lines(complete == std::string::npos ? std::string() : received.substr(0, complete + 1));
        for (std::string visit; std::getline(lines, visit);) CHECK(reported.insert(visit).second);

        test::Connection db(path);
        CHECK(db.query("PRAGMA integrity_check") == "ok\n");
        if (db.number("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ballots'") == 0) {
            CHECK(reported.empty());  // killed before even the schema was committed
            continue;
        }
        // visit -> "ballots|marks", for every visit in the file.
        std::map<std::string, std::string> stored;
        std::istringstream rows(db.query("SELECT b.visit, COUNT(DISTINCT b.id), COUNT(*) FROM ballots AS b"
                                         " JOIN marks AS m ON m.ballot = b.id GROUP BY b.visit"));
        for (std::string row; std::getline(rows, row);) {
            const std::size_t bar = row.find('|');
            stored[row.substr(0, bar)] = row.substr(bar + 1);
        }
        for (const std::string& visit : reported) {
            INFO("visit " << visit);
            CHECK(stored[visit] == "3|5");
        }
        // A visit is all or nothing, reported or not.
        CHECK(db.number("SELECT COUNT(*) FROM (SELECT visit FROM ballots GROUP BY visit HAVING COUNT(*) <> 3)") == 0);
        CHECK(db.number("SELECT COUNT(DISTINCT session) FROM ballots") <= 1);
    }
    CHECK(reported.size() > 0);
}
