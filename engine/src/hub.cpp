// hub.cpp — the hub server side: connecting, the schema (privileges, row-level security,
// append-only triggers), kiosk roles and the status overview. Push and pull are in hub_sync.cpp.
#include <sys/random.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstdio>
#include <cstring>

#include "hub_pg.h"
#include "workshop/hub.h"

namespace workshop {

namespace {

// Random bytes from the kernel (blocks only before the pool is first seeded, at boot).
void random_bytes(unsigned char* out, std::size_t size) {
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n = ::getrandom(out + got, size - got, 0);
        if (n > 0) got += static_cast<std::size_t>(n);
    }
}

// The schema, version 1. Every data table carries `kiosk` (the kiosk whose role inserted the
// row; row-level security makes it the inserting role's own name) and `seq` (the hub's order).
const char* const schema_v1 = R"sql(
CREATE SCHEMA workshop;
CREATE TABLE workshop.meta (key text PRIMARY KEY, value text NOT NULL);
CREATE SEQUENCE workshop.seq;
CREATE TABLE workshop.kiosks (
    name       text PRIMARY KEY,
    role       name NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE FUNCTION workshop.kiosk_name() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT name FROM workshop.kiosks WHERE role = current_user $$;
CREATE TABLE workshop.sessions (
    id              bigserial PRIMARY KEY,
    seq             bigint NOT NULL DEFAULT nextval('workshop.seq'),
    scenario_id     text NOT NULL,
    scenario_title  text NOT NULL,
    scenario_sha256 text NOT NULL,
    scenario_text   text NOT NULL,
    created_at      text NOT NULL,
    created_by      text NOT NULL,
    kiosk           text NOT NULL
);
CREATE TABLE workshop.ballots (
    seq       bigint PRIMARY KEY DEFAULT nextval('workshop.seq'),
    session   bigint NOT NULL REFERENCES workshop.sessions (id),
    visit     text NOT NULL,
    step      text NOT NULL,
    role      text NOT NULL,
    lang      text NOT NULL,
    cast_at   text NOT NULL,
    screen    text NOT NULL,  -- the ballots.csv kiosk column
    source    text NOT NULL CHECK (source IN ('kiosk', 'import', 'synth')),
    options   text[] NOT NULL,
    vals      integer[] NOT NULL,
    kiosk     text NOT NULL,
    pushed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (session, visit, step)
);
CREATE TABLE workshop.voids (
    seq       bigint PRIMARY KEY DEFAULT nextval('workshop.seq'),
    session   bigint NOT NULL REFERENCES workshop.sessions (id),
    visit     text NOT NULL,
    step      text NOT NULL,
    voided_by text NOT NULL,
    voided_at text NOT NULL,
    reason    text NOT NULL,
    kiosk     text NOT NULL,
    pushed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (session, visit, step)
);
CREATE TABLE workshop.ideas (
    seq          bigint PRIMARY KEY DEFAULT nextval('workshop.seq'),
    session      bigint NOT NULL REFERENCES workshop.sessions (id),
    step         text NOT NULL,
    idea         text NOT NULL,
    text         text NOT NULL,
    lang         text NOT NULL,
    submitted_at text NOT NULL,
    screen       text NOT NULL,
    source       text NOT NULL CHECK (source IN ('kiosk', 'import', 'synth')),
    kiosk        text NOT NULL,
    pushed_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (session, step, idea)
);
CREATE TABLE workshop.actions (
    seq       bigint PRIMARY KEY DEFAULT nextval('workshop.seq'),
    session   bigint NOT NULL REFERENCES workshop.sessions (id),
    origin    text NOT NULL,  -- KIOSK/LINK/ROW: the row in the file it came from
    at        text NOT NULL,
    actor     text NOT NULL,
    action    text NOT NULL,
    step      text NOT NULL,
    target    text NOT NULL,
    detail    text NOT NULL,
    kiosk     text NOT NULL,
    pushed_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (session, origin)
);
CREATE TABLE workshop.syncs (
    seq     bigint PRIMARY KEY DEFAULT nextval('workshop.seq'),
    kiosk   text NOT NULL,
    session bigint NOT NULL REFERENCES workshop.sessions (id),
    at      timestamptz NOT NULL DEFAULT now(),
    waiting bigint NOT NULL
);

CREATE FUNCTION workshop.refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the workshop hub is append-only: % of % refused', TG_OP, TG_TABLE_NAME;
END $$;
CREATE FUNCTION workshop.notify_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('workshop_rows', TG_TABLE_NAME);
    RETURN NULL;
END $$;
)sql";

const char* const data_tables[] = {"sessions", "ballots", "voids", "ideas", "actions", "syncs"};

// What row-level security lets a kiosk role insert into `table`; `own` is the role's kiosk name.
std::string insert_check(const std::string& table, const std::string& own) {
    std::string check = "kiosk = " + own;
    if (table == "ballots") check += " AND (source <> 'kiosk' OR screen = kiosk)";  // a screen's own votes
    if (table == "actions") check += " AND left(origin, length(kiosk) + 1) = kiosk || '/'";
    if (table == "voids")  // only ballots this kiosk pushed
        check += " AND EXISTS (SELECT 1 FROM workshop.ballots AS b WHERE b.session = voids.session"
                 " AND b.visit = voids.visit AND b.step = voids.step AND b.kiosk = voids.kiosk)";
    return check;
}

// The per-table part: append-only triggers, NOTIFY, row-level security.
std::string table_rules(const std::string& table) {
    const std::string t = "workshop." + table;
    std::string sql;
    sql += "CREATE TRIGGER " + table + "_append_only BEFORE UPDATE OR DELETE ON " + t +
           " FOR EACH ROW EXECUTE FUNCTION workshop.refuse_change();\n";
    sql += "CREATE TRIGGER " + table + "_no_truncate BEFORE TRUNCATE ON " + t +
           " FOR EACH STATEMENT EXECUTE FUNCTION workshop.refuse_change();\n";
    if (table != "syncs")
        sql += "CREATE TRIGGER " + table + "_notify AFTER INSERT ON " + t +
               " FOR EACH STATEMENT EXECUTE FUNCTION workshop.notify_rows();\n";
    if (table != "sessions")  // what a pull reads: the session's rows after a number
        sql += "CREATE INDEX " + table + "_by_session ON " + t + " (session, seq);\n";
    sql += "ALTER TABLE " + t + " ENABLE ROW LEVEL SECURITY;\n";
    sql += "CREATE POLICY read_session ON " + t + " FOR SELECT USING (true);\n";
    sql += "CREATE POLICY insert_own ON " + t + " FOR INSERT WITH CHECK (" + insert_check(table, "workshop.kiosk_name()") + ");\n";
    return sql;
}

// Version 2, for a push of 100,000 rows in one statement (hub_sync.cpp):
// - the session a row names is checked once per statement (check_sessions, on the statement's
//   new rows) instead of once per row by a foreign key. The same guarantee: a session row is
//   never updated or deleted (the append-only triggers, no such privilege), so a session that
//   exists when a row is inserted exists for ever, which is all the foreign key added;
// - row-level security asks for the login's kiosk name once per statement (an InitPlan), not
//   once per row;
// - kiosk roles may create temporary tables (where a push stages its rows; see grants).
const char* const schema_v2 = R"sql(
CREATE FUNCTION workshop.check_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM added AS a WHERE NOT EXISTS (SELECT 1 FROM workshop.sessions AS s WHERE s.id = a.session)) THEN
        RAISE EXCEPTION 'a row of % names a session the hub does not have', TG_TABLE_NAME
            USING ERRCODE = 'foreign_key_violation';
    END IF;
    RETURN NULL;
END $$;
)sql";

// Also in version 2: the pictures a session's scenario names (`image = ...`), stored with the
// session by the kiosk that opened it, so that the room follows a scenario with pictures and
// `export --hub` reads it (hub.md, guarantee 8). The hub itself checks each picture's hash.
const char* const schema_v2_pictures = R"sql(
CREATE TABLE workshop.session_pictures (
    session   bigint NOT NULL REFERENCES workshop.sessions (id),
    path      text NOT NULL,
    sha256    text NOT NULL,
    bytes     bytea NOT NULL CHECK (length(bytes) <= 4194304),
    kiosk     text NOT NULL,
    pushed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (session, path),
    CHECK (sha256 = encode(sha256(bytes), 'hex'))
);
CREATE TRIGGER session_pictures_append_only BEFORE UPDATE OR DELETE ON workshop.session_pictures
    FOR EACH ROW EXECUTE FUNCTION workshop.refuse_change();
CREATE TRIGGER session_pictures_no_truncate BEFORE TRUNCATE ON workshop.session_pictures
    FOR EACH STATEMENT EXECUTE FUNCTION workshop.refuse_change();
ALTER TABLE workshop.session_pictures ENABLE ROW LEVEL SECURITY;
CREATE POLICY read_session ON workshop.session_pictures FOR SELECT USING (true);
CREATE POLICY insert_own ON workshop.session_pictures FOR INSERT WITH CHECK (kiosk = (SELECT workshop.kiosk_name())
    AND EXISTS (SELECT 1 FROM workshop.sessions AS s WHERE s.id = session_pictures.session AND s.kiosk = session_pictures.kiosk));
)sql";

std::string upgrade_to_v2() {
    std::string sql = std::string(schema_v2) + schema_v2_pictures;
    for (const char* name : {"ballots", "voids", "ideas", "actions"}) {
        const std::string table = name;
        sql += "ALTER TABLE workshop." + table + " DROP CONSTRAINT " + table + "_session_fkey;\n"
               "CREATE TRIGGER " + table + "_session AFTER INSERT ON workshop." + table +
               " REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION workshop.check_sessions();\n";
    }
    for (const char* table : data_tables)
        sql += std::string("ALTER POLICY insert_own ON workshop.") + table + " WITH CHECK (" +
               insert_check(table, "(SELECT workshop.kiosk_name())") + ");\n";
    return sql;
}

// Privileges of the group role every kiosk role belongs to: read, insert, nothing else.
const char* const grants = R"sql(
DO $$ BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'workshop_kiosk') THEN
        CREATE ROLE workshop_kiosk NOLOGIN;
    END IF;
END $$;
REVOKE ALL ON SCHEMA workshop FROM PUBLIC;
GRANT USAGE ON SCHEMA workshop TO workshop_kiosk;
REVOKE ALL ON ALL TABLES IN SCHEMA workshop FROM workshop_kiosk;
GRANT SELECT ON ALL TABLES IN SCHEMA workshop TO workshop_kiosk;
-- Insert only into the columns a kiosk fills: the hub's own (those with a default: seq, the
-- session id, pushed_at, at) are never a kiosk's to set. A row with a chosen seq would sit outside
-- the hub's order: skipped by pulls, yet counted by export --hub.
DO $$ DECLARE t text; columns text; BEGIN
    FOREACH t IN ARRAY ARRAY['sessions', 'ballots', 'voids', 'ideas', 'actions', 'syncs', 'session_pictures'] LOOP
        CONTINUE WHEN to_regclass('workshop.' || t) IS NULL;  -- pictures from version 2 on
        SELECT string_agg(quote_ident(column_name), ', ') INTO columns FROM information_schema.columns
            WHERE table_schema = 'workshop' AND table_name = t AND column_default IS NULL;
        EXECUTE format('GRANT INSERT (%s) ON workshop.%I TO workshop_kiosk', columns, t);
    END LOOP;
END $$;
GRANT USAGE ON ALL SEQUENCES IN SCHEMA workshop TO workshop_kiosk;
DO $$ BEGIN  -- a push stages its rows in temporary tables (PUBLIC may do so unless revoked)
    EXECUTE format('GRANT TEMPORARY ON DATABASE %I TO workshop_kiosk', current_database());
EXCEPTION WHEN insufficient_privilege THEN
    RAISE WARNING 'kiosks keep the database''s own TEMPORARY privilege (only its owner can grant it)';
END $$;
)sql";

std::string newer_schema(int found) {
    return "the hub was set up by a newer workshop (hub schema " + std::to_string(found) + ", this program knows " +
           std::to_string(hub_schema_version) + "): upgrade workshop on this machine";
}

// "zaal-1" -> "kiosk_zaal1": letters and digits of the name, lower case.
std::string role_of(const std::string& name) {
    std::string role = "kiosk_";
    for (unsigned char c : name)
        if (std::isalnum(c)) role += static_cast<char>(std::tolower(c));
    return role;
}

bool valid_kiosk_name(const std::string& name) {
    if (name.empty() || name.size() > 50) return false;
    for (unsigned char c : name)
        if (!std::isalnum(c) && c != '-' && c != '_' && c != '.') return false;
    return true;
}

std::string percent_encoded(std::string_view text) {
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else {
            char hex[4];
            std::snprintf(hex, sizeof hex, "%%%02X", c);
            out += hex;
        }
    }
    return out;
}

// The hub's schema version, 0 when the database has no workshop schema.
Outcome<int> schema_version(HubConnection::Impl& h) {
    hub::Result exists = h.exec("SELECT to_regclass('workshop.meta') IS NOT NULL");
    if (!exists.ok()) return h.failure("read the hub's schema version", exists);
    if (exists.text(0, 0) != "t") return 0;
    hub::Result version = h.exec("SELECT value FROM workshop.meta WHERE key = 'schema_version'");
    if (!version.ok()) return h.failure("read the hub's schema version", version);
    if (version.rows() == 0) return 0;
    return static_cast<int>(version.integer(0, 0));
}

}  // namespace

std::string new_global_id() {
    unsigned char b[16];
    random_bytes(b, sizeof b);
    b[6] = static_cast<unsigned char>((b[6] & 0x0F) | 0x40);  // version 4
    b[8] = static_cast<unsigned char>((b[8] & 0x3F) | 0x80);  // RFC 4122 variant
    static const char hex[] = "0123456789abcdef";
    std::string id;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
        id += hex[b[i] >> 4];
        id += hex[b[i] & 0xF];
    }
    return id;
}

hub::Result HubConnection::Impl::exec(const std::string& sql, const std::vector<std::string>& params) {
    if (params.empty()) return hub::Result(hub::pq().PQexec(conn, sql.c_str()));  // may hold several statements
    std::vector<const char*> values;
    values.reserve(params.size());
    for (const std::string& p : params) values.push_back(p.c_str());
    return hub::Result(hub::pq().PQexecParams(conn, sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(),
                                    nullptr, nullptr, 0));
}

Status HubConnection::Impl::failure(std::string_view doing, const hub::Result& result) const {
    std::string why = result.error();
    if (why.empty()) why = hub::pq().PQerrorMessage(conn);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    if (hub::pq().PQstatus(conn) != CONNECTION_OK) why += " (the connection to the hub was lost; it is tried again)";
    return Status::failure("cannot " + std::string(doing) + " on the hub: " + why);
}

Status HubConnection::Impl::failure(std::string_view doing) const { return failure(doing, hub::Result()); }

Status HubConnection::Impl::run(const std::string& sql, std::string_view doing) {
    hub::Result result = exec(sql);
    if (!result.ok()) return failure(doing, result);
    return Status::success();
}

HubConnection::HubConnection(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
HubConnection::~HubConnection() = default;

Outcome<std::unique_ptr<HubConnection>> HubConnection::connect(const std::string& url, const std::string& password) {
    // dbname may be a whole connection string or URI (expand_dbname); the password travels as
    // its own parameter, so it never sits in a string that could be printed.
    std::vector<const char*> keys = {"dbname", "connect_timeout", "application_name"};
    std::vector<const char*> values = {url.c_str(), "5", "workshop"};
    if (!password.empty()) {
        keys.push_back("password");
        values.push_back(password.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    if (std::string why; !hub::open_libpq(why)) return Status::failure("cannot connect to the hub: " + why);
    auto impl = std::make_unique<Impl>();
    impl->conn = hub::pq().PQconnectdbParams(keys.data(), values.data(), 1);
    if (!impl->conn) return Status::failure("cannot connect to the hub: out of memory");
    if (hub::pq().PQstatus(impl->conn) != CONNECTION_OK) {
        std::string why = hub::pq().PQerrorMessage(impl->conn);
        while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
        return Status::failure("cannot connect to the hub: " + why +
                               " (check the hub address, that the server runs, and the kiosk's password)");
    }
    // temp_buffers: a push stages its rows in temporary tables (hub_sync.cpp); 100,000 ballots
    // stay in memory. Taken only as far as used, and settable only before the first use.
    hub::Result quiet = impl->exec("SET client_min_messages = warning; SET temp_buffers = '64MB'");
    return std::unique_ptr<HubConnection>(new HubConnection(std::move(impl)));
}

Status HubConnection::check_schema() {
    auto version = schema_version(*m_impl);
    if (!version) return version.status();
    if (*version == 0)
        return Status::failure("the hub database has no workshop schema yet: run `workshop hub init URL` once");
    const int found = *version;
    if (found > hub_schema_version) return Status::failure(newer_schema(found));
    if (found < hub_schema_version)
        return Status::failure("the hub's schema is older than this program's: run `workshop hub init URL` to upgrade it");
    hub::Result who = m_impl->exec("SELECT coalesce(workshop.kiosk_name(), ''), "
                                   "(SELECT value FROM workshop.meta WHERE key = 'hub_id')");
    if (!who.ok()) return m_impl->failure("read the hub's kiosks", who);
    m_impl->kiosk_role_name = who.text(0, 0);
    m_impl->hub_id = who.text(0, 1);
    return Status::success();
}

Status HubConnection::init() {
    Impl& h = *m_impl;
    if (Status begun = h.run("BEGIN", "start setting up the schema"); !begun) return begun;
    auto give_up = [&](Status status) {
        hub::Result rollback = h.exec("ROLLBACK");
        return status;
    };
    if (Status locked = h.run(hub::push_lock, "lock the hub"); !locked) return give_up(locked);
    auto version = schema_version(h);
    if (!version) return give_up(version.status());
    if (*version > hub_schema_version) return give_up(Status::failure(newer_schema(*version)));
    // A new hub is made as version 1 and upgraded from there, as an existing one is.
    // WORKSHOP_HUB_INIT_VERSION stops at an older version (for the tests of the upgrade).
    const char* stop = std::getenv("WORKSHOP_HUB_INIT_VERSION");
    const int target = stop ? std::clamp(std::atoi(stop), 1, hub_schema_version) : hub_schema_version;
    if (*version == 0) {
        std::string sql = schema_v1;
        for (const char* table : data_tables) sql += table_rules(table);
        if (Status made = h.run(sql, "create the schema"); !made) return give_up(made);
        hub::Result meta = h.exec("INSERT INTO workshop.meta VALUES ('schema_version', '1'), ('hub_id', $1)",
                                  {new_global_id()});
        if (!meta.ok()) return give_up(h.failure("record the schema version", meta));
    }
    if (*version < 2 && target >= 2)
        if (Status upgraded = h.run(upgrade_to_v2(), "upgrade the schema to version 2"); !upgraded) return give_up(upgraded);
    if (*version < target) {
        hub::Result meta = h.exec("UPDATE workshop.meta SET value = $1 WHERE key = 'schema_version'",
                                  {std::to_string(target)});
        if (!meta.ok()) return give_up(h.failure("record the schema version", meta));
    }
    if (Status granted = h.run(grants, "grant the kiosks' privileges"); !granted) return give_up(granted);
    if (Status done = h.run("COMMIT", "commit the schema"); !done) return done;
    if (target < hub_schema_version) return Status::success();
    return check_schema();
}

Outcome<std::string> HubConnection::add_kiosk(const std::string& name) {
    Impl& h = *m_impl;
    if (!valid_kiosk_name(name))
        return Status::failure("kiosk name `" + name + "` is not usable: use letters, digits, '-', '_' or '.' (at most 50)");
    if (Status schema = check_schema(); !schema) return schema;
    const std::string role = role_of(name);
    unsigned char raw[24];
    random_bytes(raw, sizeof raw);
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string password;
    for (unsigned char c : raw) password += alphabet[c % (sizeof alphabet - 1)];
    // Only the SCRAM verifier reaches the server: the password is in no statement, log or list.
    char* verifier = hub::pq().PQencryptPasswordConn(h.conn, password.c_str(), role.c_str(), "scram-sha-256");
    if (!verifier) return h.failure("prepare the kiosk's password");
    std::string secret(verifier);
    hub::pq().PQfreemem(verifier);
    char* quoted_role = hub::pq().PQescapeIdentifier(h.conn, role.c_str(), role.size());
    char* quoted_secret = hub::pq().PQescapeLiteral(h.conn, secret.c_str(), secret.size());
    const std::string create = std::string("CREATE ROLE ") + quoted_role + " LOGIN PASSWORD " + quoted_secret +
                               " IN ROLE workshop_kiosk";
    hub::pq().PQfreemem(quoted_role);
    hub::pq().PQfreemem(quoted_secret);

    if (Status begun = h.run("BEGIN", "add the kiosk"); !begun) return begun;
    hub::Result taken = h.exec("SELECT (SELECT name FROM workshop.kiosks WHERE name = $1 OR role = $2 LIMIT 1),"
                               " EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $2)",
                               {name, role});
    Status problem = Status::success();
    if (!taken.ok()) problem = h.failure("look up the kiosks", taken);
    else if (!taken.null(0, 0))
        problem = Status::failure("the hub already has kiosk `" + taken.text(0, 0) + "` (role " + role +
                                  "): choose another name");
    else if (taken.text(0, 1) == "t")
        problem = Status::failure("the server already has a role named " + role + ": choose another kiosk name");
    if (problem) {
        hub::Result made = h.exec(create);
        if (!made.ok()) problem = h.failure("create the kiosk's role", made);
    }
    if (problem) {
        hub::Result row = h.exec("INSERT INTO workshop.kiosks (name, role) VALUES ($1, $2)", {name, role});
        if (!row.ok()) problem = h.failure("record the kiosk", row);
    }
    if (!problem) {
        hub::Result rollback = h.exec("ROLLBACK");
        return problem;
    }
    if (Status done = h.run("COMMIT", "add the kiosk"); !done) return done;

    // The kiosk's address: this connection's server and database, the kiosk's role as user.
    const std::string host = hub::pq().PQhost(h.conn) ? hub::pq().PQhost(h.conn) : "";
    std::string uri = "postgresql://" + role + "@";
    if (!host.empty() && host.front() == '/') uri += percent_encoded(host);
    else uri += host;
    if (hub::pq().PQport(h.conn) && *hub::pq().PQport(h.conn)) uri += std::string(":") + hub::pq().PQport(h.conn);
    uri += "/" + percent_encoded(hub::pq().PQdb(h.conn) ? hub::pq().PQdb(h.conn) : "");
    PQconninfoOption* options = hub::pq().PQconninfo(h.conn);
    for (PQconninfoOption* o = options; o && o->keyword; ++o)
        if (std::strcmp(o->keyword, "sslmode") == 0 && o->val && std::strcmp(o->val, "prefer") != 0 &&
            std::strcmp(o->val, "disable") != 0)
            uri += std::string("?sslmode=") + o->val;
    hub::pq().PQconninfoFree(options);
    return "# kiosk.toml lines for kiosk " + name + " (keep this file mode 0600)\n"
           "hub = \"" + uri + "\"\n"
           "hub_password = \"" + password + "\"\n"
           "kiosk = \"" + name + "\"\n";
}

Outcome<std::vector<HubSessionStatus>> HubConnection::status() {
    Impl& h = *m_impl;
    if (Status schema = check_schema(); !schema) return schema;
    hub::Result sessions = h.exec(
        "SELECT s.id, s.scenario_id, s.scenario_sha256, s.created_at,"
        " coalesce((SELECT CASE a.action WHEN 'session_paused' THEN 'paused' WHEN 'session_ended' THEN 'ended'"
        "  ELSE 'running' END FROM workshop.actions AS a WHERE a.session = s.id"
        "  AND a.action IN ('session_paused', 'session_resumed', 'session_ended') ORDER BY a.seq DESC LIMIT 1),"
        " 'running') FROM workshop.sessions AS s ORDER BY s.id");
    if (!sessions.ok()) return h.failure("read the sessions", sessions);
    std::vector<HubSessionStatus> out;
    for (int r = 0; r < sessions.rows(); ++r) {
        HubSessionStatus& s = out.emplace_back();
        s.id = sessions.integer(r, 0);
        s.scenario_id = sessions.text(r, 1);
        s.scenario_sha256 = sessions.text(r, 2);
        s.created_at = sessions.text(r, 3);
        s.state = sessions.text(r, 4);
        const std::string id = std::to_string(s.id);
        hub::Result kiosks = h.exec(
            "WITH pushed AS (SELECT kiosk FROM workshop.ballots WHERE session = $1"
            "  UNION ALL SELECT kiosk FROM workshop.ideas WHERE session = $1"
            "  UNION ALL SELECT kiosk FROM workshop.voids WHERE session = $1"
            "  UNION ALL SELECT kiosk FROM workshop.actions WHERE session = $1),"
            " names AS (SELECT kiosk FROM pushed UNION SELECT kiosk FROM workshop.syncs WHERE session = $1)"
            " SELECT n.kiosk, (SELECT count(*) FROM pushed AS p WHERE p.kiosk = n.kiosk),"
            "  coalesce((SELECT to_char(y.at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || ' ' || y.waiting"
            "   FROM workshop.syncs AS y WHERE y.kiosk = n.kiosk AND y.session = $1 ORDER BY y.seq DESC LIMIT 1), '')"
            " FROM names AS n ORDER BY n.kiosk",
            {id});
        if (!kiosks.ok()) return h.failure("read the kiosks", kiosks);
        for (int k = 0; k < kiosks.rows(); ++k) {
            HubKioskStatus& kiosk = s.kiosks.emplace_back();
            kiosk.name = kiosks.text(k, 0);
            kiosk.rows_pushed = kiosks.integer(k, 1);
            const std::string seen = kiosks.text(k, 2);
            if (const auto space = seen.find(' '); space != std::string::npos) {
                kiosk.last_seen = seen.substr(0, space);
                kiosk.rows_waiting = std::strtoll(seen.c_str() + space + 1, nullptr, 10);
            }
        }
        hub::Result counts = h.exec(
            "SELECT b.kiosk, b.step, count(*) FROM workshop.ballots AS b WHERE b.session = $1 AND NOT EXISTS"
            " (SELECT 1 FROM workshop.voids AS v WHERE v.session = b.session AND v.visit = b.visit AND v.step = b.step)"
            " GROUP BY b.kiosk, b.step ORDER BY b.kiosk, b.step",
            {id});
        if (!counts.ok()) return h.failure("count the ballots", counts);
        for (int c = 0; c < counts.rows(); ++c)
            for (HubKioskStatus& kiosk : s.kiosks)
                if (kiosk.name == counts.text(c, 0)) kiosk.ballots_per_step[counts.text(c, 1)] = counts.integer(c, 2);
    }
    return out;
}

Status HubConnection::listen() { return m_impl->run("LISTEN workshop_rows", "listen for new rows"); }

bool HubConnection::wait_for_rows(int milliseconds) {
    PGconn* conn = m_impl->conn;
    const auto drain = [&] {
        bool any = false;
        hub::pq().PQconsumeInput(conn);
        while (PGnotify* note = hub::pq().PQnotifies(conn)) {
            any = true;
            hub::pq().PQfreemem(note);
        }
        return any;
    };
    if (drain()) return true;
    const int socket = hub::pq().PQsocket(conn);
    if (socket < 0) return false;
    fd_set read_set;
    FD_ZERO(&read_set);
    FD_SET(socket, &read_set);
    timeval timeout{milliseconds / 1000, (milliseconds % 1000) * 1000};
    if (::select(socket + 1, &read_set, nullptr, nullptr, &timeout) <= 0) return false;
    return drain();
}

bool HubConnection::alive() { return hub::pq().PQstatus(m_impl->conn) == CONNECTION_OK; }

}  // namespace workshop
