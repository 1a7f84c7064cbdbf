// workshop hub init | add-kiosk | status, and workshop sync — the shared session on a
// PostgreSQL hub (hub.md). export --hub and tally --hub copy a hub session into a temporary
// file first (hub_copy below), so their files come from exactly the code a kiosk's export runs.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "cli_util.h"
#include "commands.h"
#include "hub_cli.h"
#include "workshop/exchange.h"
#include "workshop/hub.h"

namespace workshop::cli {

namespace {

const char* const hub_usage =
    "usage: workshop hub init URL\n"
    "       workshop hub add-kiosk URL NAME\n"
    "       workshop hub status URL\n"
    "\n"
    "The hub is a PostgreSQL database every kiosk of a session pushes its rows to and pulls\n"
    "the others' rows from. URL is a libpq connection string or URI, e.g.\n"
    "postgresql://workshop_admin@hub.local/workshop; the password comes from PGPASSFILE or\n"
    "PGPASSWORD, never from the command line.\n"
    "\n"
    "  init       create (or upgrade) the hub's schema, privileges and policies; idempotent;\n"
    "             refuses a hub made by a newer workshop\n"
    "  add-kiosk  create the PostgreSQL role of kiosk NAME with a random password and print\n"
    "             the lines for that kiosk's kiosk.toml (keep it mode 0600)\n"
    "  status     sessions, and per kiosk: last seen, rows pushed, rows waiting, ballots per step\n"
    "\n"
    "Exit status: 0 done, 2 usage, connection or database errors.\n";

const char* const sync_usage =
    "usage: workshop sync --db DB --hub URL [--kiosk NAME] [--session ID]\n"
    "\n"
    "One push and pull between a kiosk's database file and the hub: a kiosk that was offline\n"
    "all day, or paper ballots imported on a laptop. Rows the hub already has are not sent\n"
    "twice; the file receives every other kiosk's rows of the session.\n"
    "\n"
    "  --db DB        the database file\n"
    "  --hub URL      libpq connection string or URI (password from PGPASSFILE or PGPASSWORD)\n"
    "  --kiosk NAME   the name this file's rows go by on the hub (default: the hub login's kiosk,\n"
    "                 else this host's name)\n"
    "  --session ID   only this session of the file (default: every session in it)\n"
    "\n"
    "Exit status: 0 synced, 1 refused (the hub's open session runs another scenario file),\n"
    "2 usage, connection or database errors.\n";

Outcome<std::unique_ptr<HubConnection>> connect_hub(const std::string& url) {
    return HubConnection::connect(url);
}

int run_hub_status(HubConnection& hub) {
    auto sessions = hub.status();
    if (!sessions) return fail("hub", sessions.message());
    if (sessions->empty()) std::printf("no sessions yet\n");
    for (const HubSessionStatus& s : *sessions) {
        std::printf("session %lld: scenario %s (sha256 %.12s), created %s, %s\n", static_cast<long long>(s.id),
                    s.scenario_id.c_str(), s.scenario_sha256.c_str(), s.created_at.c_str(), s.state.c_str());
        for (const HubKioskStatus& k : s.kiosks) {
            std::printf("  kiosk %s: last seen %s, %lld rows pushed, %lld waiting; ballots:", k.name.c_str(),
                        k.last_seen.empty() ? "never" : k.last_seen.c_str(), static_cast<long long>(k.rows_pushed),
                        static_cast<long long>(k.rows_waiting));
            if (k.ballots_per_step.empty()) std::printf(" none");
            for (const auto& [step, count] : k.ballots_per_step)
                std::printf(" %s %lld", step.c_str(), static_cast<long long>(count));
            std::printf("\n");
        }
    }
    return exit_ok;
}

}  // namespace

int run_hub(int argc, char** argv) {
    const char* const command = "hub";
    const Args args = parse_args(argc, argv, {}, {});
    if (args.help) {
        std::fputs(hub_usage, stdout);
        return exit_ok;
    }
    if (!args.error.empty()) return usage_error(command, args.error, hub_usage);
    if (args.positional.empty()) return usage_error(command, "which hub command? init, add-kiosk or status", hub_usage);
    const std::string& what = args.positional[0];
    const std::size_t wanted = what == "add-kiosk" ? 3 : 2;
    if (what != "init" && what != "add-kiosk" && what != "status")
        return usage_error(command, "unknown hub command `" + what + "`", hub_usage);
    if (args.positional.size() < wanted)
        return usage_error(command, what == "add-kiosk" ? "add-kiosk needs URL and NAME" : what + " needs URL", hub_usage);
    if (args.positional.size() > wanted)
        return usage_error(command, "unexpected argument " + args.positional[wanted], hub_usage);

    auto hub = connect_hub(args.positional[1]);
    if (!hub) return fail(command, hub.message());
    if (what == "init") {
        if (Status done = (*hub)->init(); !done) return fail(command, done.message);
        std::printf("hub schema version %d ready\n", hub_schema_version);
        return exit_ok;
    }
    if (what == "add-kiosk") {
        auto lines = (*hub)->add_kiosk(args.positional[2]);
        if (!lines) return fail(command, lines.message());
        std::fputs(lines->c_str(), stdout);
        return exit_ok;
    }
    return run_hub_status(**hub);
}

int run_sync(int argc, char** argv) {
    const char* const command = "sync";
    const Args args = parse_args(argc, argv, {"db", "hub", "kiosk", "session"}, {});
    if (args.help) {
        std::fputs(sync_usage, stdout);
        return exit_ok;
    }
    if (!args.error.empty()) return usage_error(command, args.error, sync_usage);
    if (!args.has("db")) return usage_error(command, "--db DB is required", sync_usage);
    if (!args.has("hub")) return usage_error(command, "--hub URL is required", sync_usage);
    if (!args.positional.empty()) return usage_error(command, "unexpected argument " + args.positional.front(), sync_usage);
    std::optional<std::int64_t> only;
    if (args.has("session")) {
        only = parse_count(args.value("session"));
        if (!only) return usage_error(command, "--session needs a session number such as 1", sync_usage);
    }

    auto store = Store::open(args.value("db"), Store::OpenMode::existing);
    if (!store) return fail(command, store.message());
    std::vector<std::int64_t> sessions;
    if (only) {
        auto found = (*store)->session(*only);
        if (!found) return fail(command, found.message());
        if (!*found) return fail(command, "database " + args.value("db") + " has no session " + args.value("session"));
        sessions.push_back(*only);
    } else {
        for (std::int64_t id = 1;; ++id) {  // sessions are numbered from 1; a gap ends the walk
            auto found = (*store)->session(id);
            if (!found) return fail(command, found.message());
            if (!*found) {
                auto latest = (*store)->latest_session();
                if (!latest) return fail(command, latest.message());
                if (!*latest || (*latest)->id <= id) break;
                continue;
            }
            sessions.push_back(id);
        }
    }
    if (sessions.empty()) return fail(command, "database " + args.value("db") + " holds no session yet");

    auto hub = connect_hub(args.value("hub"));
    if (!hub) return fail(command, hub.message());
    const std::string kiosk = args.has("kiosk") ? args.value("kiosk") : std::string();
    int code = exit_ok;
    for (std::int64_t session : sessions) {
        auto report = (*hub)->sync(**store, session, kiosk);
        if (!report) {
            const bool refused = report.message().find(hub_other_scenario) != std::string::npos;
            fail(command, "session " + std::to_string(session) + ": " + report.message(), refused ? exit_rejected : exit_error);
            if (code == exit_ok || !refused) code = refused ? exit_rejected : exit_error;
            continue;
        }
        std::printf("session %lld = hub session %lld: %zu rows sent, %zu received, %zu refused, %zu waiting\n",
                    static_cast<long long>(session), static_cast<long long>(report->hub_session), report->pushed,
                    report->pulled, report->skipped, report->waiting);
    }
    return code;
}

HubCopy::~HubCopy() {
    if (!m_dir.empty()) {
        std::error_code ec;
        std::filesystem::remove_all(m_dir, ec);
    }
}

Status HubCopy::make(const std::string& url, std::optional<std::int64_t> session) {
    const char* tmp = std::getenv("TMPDIR");
    std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/workshop-hub-XXXXXX";
    if (!::mkdtemp(pattern.data())) return Status::failure("cannot make a temporary folder for the hub's session");
    m_dir = pattern;
    auto store = Store::open(m_dir + "/hub.db", Store::OpenMode::create);
    if (!store) return store.status();
    auto hub = HubConnection::connect(url);
    if (!hub) return hub.status();
    auto copied = (*hub)->copy_session(**store, session.value_or(0));
    if (!copied) return copied.status();
    m_path = m_dir + "/hub.db";
    m_session = *copied;
    return Status::success();
}

int use_hub(const char* command, Args& args, HubCopy& copy, const char* usage) {
    if (!args.has("hub")) return exit_ok;
    if (args.has("db")) return usage_error(command, "give --db DB or --hub URL, not both", usage);
    std::optional<std::int64_t> session;
    if (args.has("session")) {
        session = parse_count(args.value("session"));
        if (!session) return usage_error(command, "--session needs a session number such as 1", usage);
    }
    if (Status made = copy.make(args.value("hub"), session); !made) return fail(command, made.message);
    args.values["db"] = copy.path();
    args.values["session"] = std::to_string(copy.session());
    return exit_ok;
}

}  // namespace workshop::cli
