#!/usr/bin/env python3
"""hub_test.py — the hub (shared/docs/hub.md) against a real PostgreSQL this test starts itself.

Black-box through the `workshop` binary and psql; the expected results come from the independent
tally of tests/contract/contract_test.py. One server per run (pg_harness.py); each CHECK is one
ctest entry. Usage: hub_test.py --cli PATH CHECK   (CHECK: cli, converge, faults, security, staged, upgrade)
"""
import csv
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "contract"))
import contract_test as contract  # noqa: E402
from pg_harness import PgServer, pg_bin  # noqa: E402

CLI = "workshop"
FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL: " + what, file=sys.stderr)
    return condition


def verdict(tmp, passed):
    """The exit status of a hub test script: files kept when a check failed, removed otherwise."""
    failures = FAILURES + contract.FAILURES
    if failures:
        print(f"{len(failures)} check(s) failed (files kept in {tmp})", file=sys.stderr)
        return 1
    shutil.rmtree(tmp, ignore_errors=True)
    print(passed)
    return 0


def run(*args, expect=None, password=None):
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    if password is not None:
        env["PGPASSWORD"] = password
    proc = subprocess.run([CLI, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, env=env)
    if expect is not None:
        check(proc.returncode == expect,
              f"`workshop {' '.join(args)}` exited {proc.returncode}, expected {expect}\n"
              f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


def add_kiosk(pg, name):
    out = run("hub", "add-kiosk", pg.url(), name, expect=0).stdout
    lines = dict(re.findall(r'^(\w+) = "(.*)"$', out, re.M))
    check(set(lines) == {"hub", "hub_password", "kiosk"}, f"add-kiosk prints kiosk.toml lines: {out}")
    check(lines.get("kiosk") == name, f"add-kiosk names the kiosk: {out}")
    return lines


def role_of(name):
    return "kiosk_" + re.sub(r"[^a-z0-9]", "", name.lower())


def integrity_ok(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def sql(db, statement, params=()):
    con = sqlite3.connect(db)
    try:
        rows = con.execute(statement, params).fetchall()
        con.commit()
        return rows
    finally:
        con.close()


def scenario_file(tmp, scenario=None, name="a.toml"):
    path = os.path.join(tmp, name)
    contract.write(path, contract.scenario_toml(scenario or contract.SCENARIO_A))
    return path


def exports_agree(tmp, dbs, pg, scenario, what):
    """Guarantee 3: each file's export equals export --hub (results bytes, ballot and idea rows)."""
    hub_out = os.path.join(tmp, "out-hub")
    shutil.rmtree(hub_out, ignore_errors=True)
    run("export", "--hub", pg.url(), "--out", hub_out, expect=0)
    ballots, ideas = contract.compare_export(scenario, hub_out, f"{what}: export --hub vs the independent tally")
    with open(os.path.join(hub_out, "results.csv"), "rb") as f:
        results = f.read()
    rows = lambda path: sorted(open(path, encoding="utf-8").read().splitlines()[1:])
    for db in dbs:
        out = os.path.join(tmp, "out-" + os.path.basename(db))
        shutil.rmtree(out, ignore_errors=True)
        run("export", "--db", db, "--out", out, expect=0)
        with open(os.path.join(out, "results.csv"), "rb") as f:
            check(f.read() == results, f"{what}: results.csv of {db} equals export --hub's")
        for name in ("ballots.csv", "ideas.csv"):
            check(rows(os.path.join(out, name)) == rows(os.path.join(hub_out, name)),
                  f"{what}: the rows of {name} of {db} equal export --hub's")
        check(integrity_ok(db), f"{what}: integrity_check of {db}")
    take_home_agrees(tmp, dbs[0], pg, hub_out, what)
    tally_hub = run("tally", "--hub", pg.url(), expect=0).stdout
    tally_db = run("tally", "--db", dbs[0], expect=0).stdout
    # The same tables; the header names who created the copy and when.
    check(tally_hub.split("\n", 2)[2] == tally_db.split("\n", 2)[2], f"{what}: tally --hub equals a synced kiosk's tally")
    return ballots, ideas


def sheet_rows(xml, shared):
    """A sheet's rows as text; the ballots sheet's as a set (its order follows the local session
    number, as ballots.csv's does: hub.md promises the same set of rows). A shared string is
    written out as its text (`shared`: the <si> contents): its number follows that order too."""
    xml = re.sub(r'<c( r="[A-Z]*\d+")? t="s"><v>(\d+)</v></c>',
                 lambda m: f'<c{m.group(1) or ""} t="s"><is>{shared[int(m.group(2))]}</is></c>', xml)
    rows = [re.sub(r' r="[A-Z]*\d+"', "", row) for row in re.findall(r"<row .*?</row>", xml)]
    return sorted(rows) if ">cast_at<" in xml else rows


def take_home_agrees(tmp, db, pg, hub_out, what, hub_session=None, db_session=None):
    """report --hub and export --hub --xlsx show what they show of a synced kiosk's file."""
    texts, sheets = {}, {}
    session = lambda n: ["--session", str(n)] if n else []
    for source, where in (("hub", ["--hub", pg.url(), *session(hub_session)]), ("db", ["--db", db, *session(db_session)])):
        pdf, book = os.path.join(tmp, f"report-{source}.pdf"), os.path.join(tmp, f"results-{source}.xlsx")
        run("report", *where, "--out", pdf, expect=0)
        run("export", *where, "--xlsx", book, expect=0)
        texts[source] = subprocess.run(["pdftotext", "-layout", pdf, "-"], capture_output=True, text=True,
                                       check=True).stdout
        with zipfile.ZipFile(book) as z:
            names = z.namelist()
            shared = re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode()) \
                if "xl/sharedStrings.xml" in names else []
            sheets[source] = {n: sheet_rows(z.read(n).decode(), shared) for n in names
                              if n.startswith("xl/worksheets/sheet")}
    check(texts["hub"] == texts["db"], f"{what}: report --hub has the text of a synced kiosk's report")
    check(sheets["hub"] == sheets["db"] and len(sheets["hub"]) >= 3,
          f"{what}: every sheet of export --hub --xlsx equals a synced kiosk's workbook")
    if not hub_out:
        return
    # Each step's numbers as results.csv of export --hub has them (label, then its score).
    flat = re.sub(r"\s+", " ", texts["hub"])
    with open(os.path.join(hub_out, "results.csv"), encoding="utf-8") as f:
        for row in csv.DictReader(f):
            label = re.sub(r"^'(?=[=+\-@\t\r])", "", row["label"])  # the CSV's formula guard
            check(re.search(re.escape(label) + r" .{0,40}?\b" + re.escape(row["score"]) + r"\b", flat),
                  f"{what}: report --hub shows {row['step']}/{row['option']} with score {row['score']}\n{flat}")


def numbers_agree(pg, db, what, hub_session=1):
    """Every hub number in the file is the hub's number of that same row (a push records the
    numbers it gets back; a pull those it reads), and every row of the session is numbered."""
    hub = lambda query: {tuple(line.split("|")) for line in pg.psql(f"{query} WHERE session = {hub_session}")
                         .stdout.splitlines()}
    local = lambda query: {tuple(str(v) for v in row) for row in sql(db, query)}
    for kind, hub_rows, file_rows in (
            ("ballot", "SELECT seq, visit, step FROM workshop.ballots",
             "SELECT h.seq, b.visit, b.step FROM hub_rows AS h JOIN ballots AS b ON h.kind = 'ballot' AND h.row = b.id"),
            ("idea", "SELECT seq, step, idea FROM workshop.ideas",
             "SELECT h.seq, i.step, i.idea FROM hub_rows AS h JOIN ideas AS i ON h.kind = 'idea' AND h.row = i.id"),
            ("void", "SELECT seq, visit, step FROM workshop.voids",
             "SELECT h.seq, b.visit, b.step FROM hub_rows AS h JOIN voids AS v ON h.kind = 'void' AND h.row = v.id"
             " JOIN ballots AS b ON b.id = v.ballot"),
            ("action", "SELECT seq, action, target FROM workshop.actions",
             "SELECT h.seq, a.action, a.target FROM hub_rows AS h JOIN actions AS a ON h.kind = 'action' AND h.row = a.id")):
        on_hub, in_file = hub(hub_rows), local(file_rows)
        check(in_file == on_hub, f"{what}: the hub numbers of the {kind}s in {db} are the hub's "
                                 f"({len(in_file - on_hub)} differ, {len(on_hub - in_file)} missing)")


def hub_count(pg, table, where="true"):
    return int(pg.psql(f"SELECT count(*) FROM workshop.{table} WHERE {where}").stdout.strip())


# --- checks ---------------------------------------------------------------------------------

def check_cli(tmp, pg):
    """init (idempotent), add-kiosk, status, --help and exit codes; no password in logs."""
    run("hub", "init", pg.url(), expect=0)
    run("hub", "init", pg.url(), expect=0)
    for command in (["hub"], ["sync"]):
        proc = run(*command, "--help", expect=0)
        check(proc.stdout.startswith(f"usage: workshop {command[0]}"), f"{command[0]} --help prints its usage")
    run("hub", expect=2)
    run("hub", "frobnicate", pg.url(), expect=2)
    run("hub", "add-kiosk", pg.url(), expect=2)
    run("sync", "--db", "x.db", expect=2)
    run("export", "--db", "x.db", "--hub", pg.url(), "--out", tmp, expect=2)
    run("hub", "status", "host=/nonexistent dbname=workshop", expect=2)
    one = add_kiosk(pg, "zaal-1")
    check(one["hub"].startswith("postgresql://kiosk_zaal1@"), f"the kiosk's URL names its role: {one['hub']}")
    run("hub", "add-kiosk", pg.url(), "zaal-1", expect=2)
    run("hub", "add-kiosk", pg.url(), "bad name!", expect=2)
    two = add_kiosk(pg, "zaal-2")
    check(one["hub_password"] != two["hub_password"] and len(one["hub_password"]) >= 20, "random passwords")
    # The printed URL works with the printed password, and only with it.
    check(pg.psql("SELECT workshop.kiosk_name()", user="kiosk_zaal1", password=one["hub_password"]).stdout.strip()
          == "zaal-1", "the kiosk role logs in with its password")
    check(pg.psql("SELECT 1", user="kiosk_zaal1", password="wrong", check=False).returncode != 0,
          "a wrong password is refused")
    db = os.path.join(tmp, "k1.db")
    path = scenario_file(tmp)
    run("synth", "--db", db, "--scenario", path, "--ballots", "5", "--seed", "3", expect=0)
    run("sync", "--db", db, "--hub", pg.url("kiosk_zaal1"), password=one["hub_password"], expect=0)
    status = run("hub", "status", pg.url(), expect=0).stdout
    check(re.search(r"session 1: scenario contract-a .* running", status), f"status lists the session: {status}")
    check(re.search(r"kiosk zaal-1: last seen \d{4}-\d\d-\d\dT[\d:]+Z, \d+ rows pushed, 0 waiting; ballots: .*themes 5",
                    status), f"status lists the kiosk: {status}")
    log = pg.server_log()
    for secret in (one["hub_password"], two["hub_password"]):
        check(secret not in log, "a kiosk password is not in the server's log")
        check(secret not in status, "a kiosk password is not in the status")


def check_converge(tmp, pg):
    """Kiosks, an offline kiosk and paper ballots from two laptops: every export agrees."""
    run("hub", "init", pg.url(), expect=0)
    keys = {name: add_kiosk(pg, name) for name in ("k1", "k2", "k3", "laptop-a", "laptop-b")}
    path = scenario_file(tmp)
    dbs = {name: os.path.join(tmp, name + ".db") for name in keys}
    sync = lambda name, expect=0: run("sync", "--db", dbs[name], "--hub", pg.url(role_of(name)),
                                      password=keys[name]["hub_password"], expect=expect)
    # k2 has collected ideas (one hidden) and hand-made ballots; k1 and k3 synthetic visits.
    contract.CLI = CLI
    contract.sample_a_with_ideas(tmp, dbs["k2"], path)
    run("synth", "--db", dbs["k1"], "--scenario", path, "--ballots", "40", "--seed", "1", expect=0)
    run("synth", "--db", dbs["k3"], "--scenario", path, "--ballots", "30", "--seed", "2", expect=0)
    sync("k1")
    sync("k2")
    # A ballot voided and an idea hidden at one kiosk apply at every kiosk.
    sql(dbs["k1"], "INSERT INTO voids (ballot, voided_by, voided_at, reason) SELECT id, 'facilitator',"
        " '2024-05-01T11:00:00Z', 'undo' FROM ballots ORDER BY id DESC LIMIT 1")
    sql(dbs["k2"], "INSERT INTO actions (session, at, actor, action, step, target) VALUES"
        " (1, '2024-05-01T11:00:00Z', 'facilitator', 'idea_hidden', 'ideas', 'idea-4')")
    sync("k2")
    sync("k1")
    sync("k2")
    exports_agree(tmp, [dbs["k1"], dbs["k2"]], pg, contract.SCENARIO_A, "two kiosks")
    for name in ("k1", "k2"):
        numbers_agree(pg, dbs[name], f"{name} after pushes and pulls")
    hidden = sql(dbs["k1"], "SELECT hidden FROM ideas_state WHERE idea = 'idea-4'")
    check(hidden == [(1,)], f"an idea hidden at k2 is hidden at k1: {hidden}")
    # The same paper ballots imported on two laptops: recorded once.
    paper = os.path.join(tmp, "paper.csv")
    # (With cast_at in the file: without it each laptop would stamp its own import time.)
    contract.write(paper, "ballot,step,option,value,cast_at,kiosk\n" + "".join(
        f"paper-{i},themes,housing,{1 + i % 3},2024-05-01T12:00:00Z,box-a\n" for i in range(20)))
    for laptop in ("laptop-a", "laptop-b"):
        run("import", "--db", dbs[laptop], "--scenario", path, paper, expect=0)
        sync(laptop)
    check(hub_count(pg, "ballots", "visit LIKE 'paper-%'") == 20, "paper ballots synced from two laptops are recorded once")
    # k3 was offline all session: synced at the end.
    sync("k3")
    for name in ("k1", "k2", "laptop-a", "laptop-b", "k3"):
        sync(name)
    ballots, _ = exports_agree(tmp, list(dbs.values()), pg, contract.SCENARIO_A, "five files")
    for name in dbs:
        numbers_agree(pg, dbs[name], f"{name} at the end")
    visits = {b["ballot"] for b in ballots if b["step"] == "themes"}
    check(len(visits) == 40 + (2 + 25) + 30 + 20, f"every visit counted once: {len(visits)}")
    check({b["kiosk"] for b in ballots} >= {"box-a"}, "the kiosk column keeps the paper ballots' origin")
    # Nothing is sent twice: one more round changes nothing.
    for name in dbs:
        out = sync(name).stdout
        check(" 0 rows sent, 0 received" in out, f"a second sync of {name} sends and receives nothing: {out}")
    # Guarantee 4: another version of the scenario file does not join, and says why.
    other = dict(contract.SCENARIO_A, title={"nl": "Andere versie", "en": "Another version"})
    other_path = scenario_file(tmp, other, "a2.toml")
    db = os.path.join(tmp, "other.db")
    run("synth", "--db", db, "--scenario", other_path, "--ballots", "2", "--seed", "9", expect=0)
    proc = run("sync", "--db", db, "--hub", pg.url(), "--kiosk", "k9", expect=1)
    check("differs" in proc.stderr and "sha256" in proc.stderr, f"the refusal says why: {proc.stderr}")
    check(hub_count(pg, "sessions") == 1, "a refused file opens no session")
    # A file that held another session first has the hub's session under another local number:
    # its report and workbook go by the hub's number, as its export does.
    late = os.path.join(tmp, "late.db")
    run("synth", "--db", late, "--scenario", scenario_file(tmp, contract.SCENARIO_B, "b.toml"), "--ballots", "3",
        "--seed", "4", expect=0)
    run("synth", "--db", late, "--scenario", path, "--ballots", "2", "--seed", "41", expect=0)
    run("sync", "--db", late, "--hub", pg.url(), "--kiosk", "late-1", expect=0)
    local = sql(late, "SELECT id FROM sessions WHERE scenario_id = 'contract-a'")
    check(local == [(2,)], f"the late file's session of scenario A is its second: {local}")
    take_home_agrees(tmp, late, pg, None, "a session numbered 2 locally and 1 on the hub", hub_session=1, db_session=2)


def check_faults(tmp, pg):
    """Hub restarted, kiosks SIGKILLed mid-push and mid-pull: nothing lost, nothing doubled."""
    run("hub", "init", pg.url(), expect=0)
    path = scenario_file(tmp)
    db = os.path.join(tmp, "k5.db")
    run("synth", "--db", db, "--scenario", path, "--ballots", "1500", "--seed", "5", expect=0)
    # The hub stopped: sync fails with exit 2 and keeps everything; after the restart it goes.
    pg.stop()
    proc = run("sync", "--db", db, "--hub", pg.url(), "--kiosk", "k5", expect=2)
    check("cannot connect to the hub" in proc.stderr, f"a stopped hub is named: {proc.stderr}")
    pg.start()
    rng = random.Random(15)
    env = dict(os.environ)
    killed = 0
    for round_ in range(8):
        p = subprocess.Popen([CLI, "sync", "--db", db, "--hub", pg.url(), "--kiosk", "k5"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.02, 0.4))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
            killed += 1
        p.wait()
        check(integrity_ok(db), f"round {round_}: integrity_check after a kill")
        if round_ == 3:  # more rows between kills, as at a kiosk
            run("synth", "--db", db, "--scenario", path, "--ballots", "1700", "--seed", "5", expect=0)
    print(f"faults: {killed} of 8 syncs killed mid-way")
    run("sync", "--db", db, "--hub", pg.url(), "--kiosk", "k5", expect=0)
    local = sql(db, "SELECT count(*) FROM ballots")[0][0]
    check(hub_count(pg, "ballots") == local == 1700 * 4, f"every ballot once on the hub: {hub_count(pg, 'ballots')} vs {local}")
    # A replica killed mid-pull.
    replica = os.path.join(tmp, "replica.db")
    run("synth", "--db", replica, "--scenario", path, "--ballots", "1", "--seed", "77", expect=0)
    for round_ in range(5):
        p = subprocess.Popen([CLI, "sync", "--db", replica, "--hub", pg.url(), "--kiosk", "r1"], env=env,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.02, 0.3))
        if p.poll() is None:
            p.send_signal(signal.SIGKILL)
        p.wait()
        check(integrity_ok(replica), f"pull round {round_}: integrity_check after a kill")
    run("sync", "--db", replica, "--hub", pg.url(), "--kiosk", "r1", expect=0)
    run("sync", "--db", db, "--hub", pg.url(), "--kiosk", "k5", expect=0)  # k5 receives the replica's visit
    exports_agree(tmp, [db, replica], pg, contract.SCENARIO_A, "after kills")
    check(sql(replica, "SELECT count(*) FROM ballots")[0][0] == 1701 * 4, "the replica holds every ballot once")
    pull_in_windows(tmp, pg, path)


def pull_in_windows(tmp, pg, path):
    """A kiosk joining a large session pulls it in SQLite transactions of at most 2,000 rows, so a
    voter's cast there never waits long for the file's write lock: a reader of the file sees
    the backlog arrive in steps, never all at once (docs/hub.md)."""
    fresh = os.path.join(tmp, "joining.db")
    run("synth", "--db", fresh, "--scenario", path, "--ballots", "1", "--seed", "78", expect=0)
    p = subprocess.Popen([CLI, "sync", "--db", fresh, "--hub", pg.url(), "--kiosk", "j1"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = set()
    while p.poll() is None:
        try:
            seen.add(sql(fresh, "SELECT count(*) FROM hub_rows")[0][0])
        except sqlite3.OperationalError:  # the file's schema is still being created
            pass
        time.sleep(0.002)
    check(p.returncode == 0, f"the joining kiosk synced (exit {p.returncode})")
    final = sql(fresh, "SELECT count(*) FROM hub_rows")[0][0]
    steps = sorted(n for n in seen if 0 < n < final)
    check(final > 6000 and steps, f"the backlog of {final} hub rows arrived in steps, seen: {sorted(seen)}")


def check_security(tmp, pg):
    """Append-only and row-level security for kiosk roles; a newer hub schema is refused."""
    run("hub", "init", pg.url(), expect=0)
    one, two = add_kiosk(pg, "s1"), add_kiosk(pg, "s2")
    path = scenario_file(tmp)
    dbs = []
    for name, key, seed in (("s1", one, 1), ("s2", two, 2)):
        db = os.path.join(tmp, name + ".db")
        run("synth", "--db", db, "--scenario", path, "--ballots", "3", "--seed", str(seed), expect=0)
        run("sync", "--db", db, "--hub", pg.url("kiosk_" + name), password=key["hub_password"], expect=0)
        dbs.append(db)
    as_s1 = lambda statement: pg.psql(statement, user="kiosk_s1", password=one["hub_password"], check=False)
    refused = {
        "update a ballot": "UPDATE workshop.ballots SET step = 'x'",
        "update its own ballot": "UPDATE workshop.ballots SET step = 'x' WHERE kiosk = 's1'",
        "delete a ballot": "DELETE FROM workshop.ballots",
        "truncate": "TRUNCATE workshop.ballots CASCADE",
        "delete an action": "DELETE FROM workshop.actions",
        "insert a ballot naming another kiosk":
            "INSERT INTO workshop.ballots (session, visit, step, role, lang, cast_at, screen, source, options, vals, kiosk)"
            " VALUES (1, 'forged', 'themes', '', '', 'now', 's2', 'kiosk', '{housing}', '{1}', 's2')",
        "insert a screen vote naming another screen":
            "INSERT INTO workshop.ballots (session, visit, step, role, lang, cast_at, screen, source, options, vals, kiosk)"
            " VALUES (1, 'forged', 'themes', '', '', 'now', 's2', 'kiosk', '{housing}', '{1}', 's1')",
        "void another kiosk's ballot":
            "INSERT INTO workshop.voids (session, visit, step, voided_by, voided_at, reason, kiosk)"
            " SELECT session, visit, step, 'x', 'now', '', 's1' FROM workshop.ballots WHERE kiosk = 's2' LIMIT 1",
        "insert an action in another kiosk's name":
            "INSERT INTO workshop.actions (session, origin, at, actor, action, step, target, detail, kiosk)"
            " VALUES (1, 's2/x/1', 'now', 'x', 'session_ended', '', '', '', 's1')",
        "change the schema version": "UPDATE workshop.meta SET value = '0'",
        "choose its ballot's place in the hub's order":
            "INSERT INTO workshop.ballots (seq, session, visit, step, role, lang, cast_at, screen, source, options, vals,"
            " kiosk) VALUES (1000000, 1, 'own-seq', 'themes', '', '', 'now', 's1', 'kiosk', '{housing}', '{1}', 's1')",
        "choose when it synced": "INSERT INTO workshop.syncs (kiosk, session, waiting, at) VALUES ('s1', 1, 0, now())",
        "store a picture whose hash is not its bytes":
            "INSERT INTO workshop.session_pictures (session, path, sha256, bytes, kiosk)"
            " VALUES (1, 'p.png', repeat('0', 64), '\\x00', 's1')",
        # (a foreign key before hub schema 2, a check per statement since)
        "insert a ballot in a session the hub does not have":
            "INSERT INTO workshop.ballots (session, visit, step, role, lang, cast_at, screen, source, options, vals, kiosk)"
            " VALUES (999, 'stray', 'themes', '', '', 'now', 's1', 'kiosk', '{housing}', '{1}', 's1')",
        "insert many rows, one in a session the hub does not have":
            "INSERT INTO workshop.ballots (session, visit, step, role, lang, cast_at, screen, source, options, vals, kiosk)"
            " SELECT CASE WHEN n = 500 THEN 999 ELSE 1 END, 'stray-' || n, 'themes', '', '', 'now', 's1', 'kiosk',"
            " '{housing}', '{1}', 's1' FROM generate_series(1, 1000) AS n",
    }
    before = hub_count(pg, "ballots"), hub_count(pg, "voids"), hub_count(pg, "actions")
    for what, statement in refused.items():
        check(as_s1(statement).returncode != 0, f"a kiosk role cannot {what}")
    check((hub_count(pg, "ballots"), hub_count(pg, "voids"), hub_count(pg, "actions")) == before,
          "the refused statements changed nothing")
    check(pg.psql("UPDATE workshop.ballots SET step = 'x'", check=False).returncode != 0,
          "even the hub's owner cannot update a recorded ballot (trigger)")
    # Pictures go with a session only from the kiosk that opened it (s1 here), never under another name.
    picture = "INSERT INTO workshop.session_pictures (session, path, sha256, bytes, kiosk) VALUES (1, '{path}'," \
              " encode(sha256('\\x00'::bytea), 'hex'), '\\x00', '{kiosk}')"
    as_s2 = lambda statement: pg.psql(statement, user="kiosk_s2", password=two["hub_password"], check=False)
    check(as_s2(picture.format(path="a.png", kiosk="s2")).returncode != 0,
          "a kiosk role cannot add a picture to a session another kiosk opened")
    check(as_s1(picture.format(path="b.png", kiosk="s2")).returncode != 0,
          "a kiosk role cannot add a picture in another kiosk's name")
    check(as_s1(picture.format(path="c.png", kiosk="s1")).returncode == 0,
          "the kiosk that opened the session adds its pictures")
    check(as_s1("UPDATE workshop.session_pictures SET bytes = '\\x01'").returncode != 0,
          "a stored picture cannot be replaced")
    # Its own rows it may insert (what sync does).
    check(as_s1("INSERT INTO workshop.ballots (session, visit, step, role, lang, cast_at, screen, source, options, vals,"
                " kiosk) VALUES (1, 'own', 'themes', '', '', 'now', 's1', 'kiosk', '{housing}', '{1}', 's1')")
          .returncode == 0, "a kiosk role inserts its own rows")
    # A sync that names another kiosk is refused before anything is sent.
    proc = run("sync", "--db", dbs[0], "--hub", pg.url("kiosk_s1"), "--kiosk", "s2", password=one["hub_password"],
               expect=2)
    check("belongs to kiosk `s1`" in proc.stderr, f"a login used under another name is refused: {proc.stderr}")
    # A newer hub schema is refused by init, sync and export --hub.
    pg.psql("UPDATE workshop.meta SET value = '99' WHERE key = 'schema_version'")
    for args in (("hub", "init", pg.url()), ("sync", "--db", dbs[0], "--hub", pg.url(), "--kiosk", "s1"),
                 ("export", "--hub", pg.url(), "--out", os.path.join(tmp, "x"))):
        proc = run(*args, expect=2)
        check("newer workshop" in proc.stderr, f"{args[0]} names the newer schema: {proc.stderr}")
    check(pg.psql("SELECT value FROM workshop.meta WHERE key = 'schema_version'").stdout.strip() == "99",
          "a refused init leaves the newer schema as it was")


PUSH_LOCK = 1465077840  # hub.cpp: every push holds it while it hands out sequence numbers


def wait_until(condition, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return check(False, what)


def check_staged(tmp, pg):
    """A push stages its rows by COPY before it takes the push lock. Killed right there (its rows
    staged, the lock held by someone else), it leaves nothing on the hub and nothing in the file;
    the next sync sends every row exactly once. Not killed, it takes nothing before its turn."""
    run("hub", "init", pg.url(), expect=0)
    path = scenario_file(tmp)
    db = os.path.join(tmp, "k7.db")
    run("synth", "--db", db, "--scenario", path, "--ballots", "5", "--seed", "7", expect=0)
    run("sync", "--db", db, "--hub", pg.url(), "--kiosk", "k7", expect=0)  # joined: the next push stages at once
    run("synth", "--db", db, "--scenario", path, "--ballots", "3000", "--seed", "7", expect=0)
    holder = subprocess.Popen([pg_bin("psql"), "-X", "-q", "-d", pg.url()], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    holder.stdin.write(f"SELECT pg_advisory_lock({PUSH_LOCK});\n")
    holder.stdin.flush()
    waiting = lambda: pg.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'workshop'"
                              f" AND wait_event = 'advisory' AND query LIKE '%{PUSH_LOCK}%'").stdout.strip()
    p = subprocess.Popen([CLI, "sync", "--db", db, "--hub", pg.url(), "--kiosk", "k7"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    staged = wait_until(lambda: waiting() == "1", 60, "the push waits for the lock with its rows staged")
    p.send_signal(signal.SIGKILL)
    p.wait()
    holder.stdin.close()  # the lock goes with the session; the orphaned push then finds no client
    holder.wait()
    wait_until(lambda: pg.psql("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'workshop'")
               .stdout.strip() == "0", 60, "the killed push's server process ends")
    if staged:
        check(hub_count(pg, "ballots") == 5 * 4, f"a push killed after COPY left nothing: {hub_count(pg, 'ballots')}")
        check(sql(db, "SELECT count(*) FROM hub_rows WHERE kind = 'ballot'")[0][0] == 5 * 4,
              "the file numbered none of the rows of the killed push")
    check(integrity_ok(db), "integrity_check after the kill")
    unsent = sql(db, "SELECT (SELECT count(*) FROM ballots) + (SELECT count(*) FROM actions"
                     " WHERE action <> 'session_created') - (SELECT count(*) FROM hub_rows)")[0][0]
    out = run("sync", "--db", db, "--hub", pg.url(), "--kiosk", "k7", expect=0).stdout
    check(unsent > 2995 * 4 and f" {unsent} rows sent," in out, f"the retry sends the {unsent} rows left once: {out}")
    check(hub_count(pg, "ballots") == 3000 * 4, f"every ballot once on the hub: {hub_count(pg, 'ballots')}")
    out = run("sync", "--db", db, "--hub", pg.url(), "--kiosk", "k7", expect=0).stdout
    check(" 0 rows sent, 0 received" in out, f"a second sync sends and receives nothing: {out}")
    numbers_agree(pg, db, "after a push killed with its rows staged")
    # A push that finds the lock held runs its INSERTs on no rows while it waits (Syncer::warm_up):
    # no row and no number is taken before its turn; then every row arrives once.
    run("synth", "--db", db, "--scenario", path, "--ballots", "3100", "--seed", "7", expect=0)
    holder = subprocess.Popen([pg_bin("psql"), "-X", "-q", "-d", pg.url()], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    holder.stdin.write(f"SELECT pg_advisory_lock({PUSH_LOCK});\n")
    holder.stdin.flush()
    wait_until(lambda: pg.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                               f" AND objid = {PUSH_LOCK}").stdout.strip() == "1", 60, "the lock is held")
    numbered = pg.psql("SELECT last_value FROM workshop.seq").stdout.strip()
    unsent = sql(db, "SELECT (SELECT count(*) FROM ballots) + (SELECT count(*) FROM actions"
                     " WHERE action <> 'session_created') - (SELECT count(*) FROM hub_rows)")[0][0]
    p = subprocess.Popen([CLI, "sync", "--db", db, "--hub", pg.url(), "--kiosk", "k7"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=dict(os.environ, WORKSHOP_HUB_TRACE="1"))
    if wait_until(lambda: waiting() == "1", 60, "the second push waits for the lock"):
        check(pg.psql("SELECT last_value FROM workshop.seq").stdout.strip() == numbered,
              "a push waiting for the lock took no hub number")
        check(hub_count(pg, "ballots") == 3000 * 4, f"a push waiting for the lock recorded nothing: {hub_count(pg, 'ballots')}")
    holder.stdin.close()
    holder.wait()
    out, err = p.communicate(timeout=120)
    check(p.returncode == 0 and unsent >= 100 * 4 and f" {unsent} rows sent," in out,
          f"the waiting push sends its {unsent} rows once it has the lock: {out} {err}")
    check("hub trace: warm up" in err, f"the waiting push ran its statements on no rows while it waited: {err}")
    check(hub_count(pg, "ballots") == 3100 * 4, f"every ballot once on the hub: {hub_count(pg, 'ballots')}")
    numbers_agree(pg, db, "after a push that waited for the lock")


def check_committed(tmp, pg):
    """A push whose COMMIT reached the hub but whose numbers never reached the file (a kiosk killed
    right after COMMIT: here a copy of the file made before that push) sends those rows again with
    new ones: a push first tries a plain INSERT, which meets the rows the hub has; the same rows then
    go again ON CONFLICT. Nothing is doubled, the new rows arrive, and the file gets every number."""
    run("hub", "init", pg.url(), expect=0)
    path = scenario_file(tmp)
    db, copy = os.path.join(tmp, "k9.db"), os.path.join(tmp, "k9-before.db")
    run("synth", "--db", db, "--scenario", path, "--ballots", "5", "--seed", "9", expect=0)
    run("sync", "--db", db, "--hub", pg.url(), "--kiosk", "k9", expect=0)  # joined: the copy keeps the link
    run("synth", "--db", db, "--scenario", path, "--ballots", "300", "--seed", "9", expect=0)
    source, target = sqlite3.connect(db), sqlite3.connect(copy)
    source.backup(target)
    source.close()
    target.close()
    run("sync", "--db", db, "--hub", pg.url(), "--kiosk", "k9", expect=0)
    check(hub_count(pg, "ballots") == 300 * 4, f"the first push recorded every ballot: {hub_count(pg, 'ballots')}")
    actions = hub_count(pg, "actions")
    run("synth", "--db", copy, "--scenario", path, "--ballots", "310", "--seed", "9", expect=0)
    os.environ["WORKSHOP_HUB_TRACE"] = "1"
    try:
        proc = run("sync", "--db", copy, "--hub", pg.url(), "--kiosk", "k9", expect=0)
    finally:
        del os.environ["WORKSHOP_HUB_TRACE"]
    out = proc.stdout
    check("hub trace: again, on conflict" in proc.stderr, f"the plain INSERT met the rows the hub had: {proc.stderr}")
    sent = hub_count(pg, "ballots") - 300 * 4 + hub_count(pg, "actions") - actions
    check(hub_count(pg, "ballots") == 310 * 4, f"every ballot once on the hub, the new ones too: {hub_count(pg, 'ballots')}")
    check(sent > 0 and f" {sent} rows sent," in out, f"the push reports only the {sent} rows the hub did not have: {out}")
    check(sql(copy, "SELECT count(*) FROM ballots")[0][0] == 310 * 4, "the file kept its ballots")
    numbers_agree(pg, copy, "a push of rows the hub had already")
    check(integrity_ok(copy), "integrity_check after the push")


def check_upgrade(tmp, pg):
    """`hub init` upgrades a hub of schema version 1 (per-row foreign keys and policies) to this
    program's; its rows stay, and a file syncs into it as into a new hub."""
    env = dict(os.environ, WORKSHOP_HUB_INIT_VERSION="1")
    proc = subprocess.run([CLI, "hub", "init", pg.url()], capture_output=True, text=True, env=env)
    check(proc.returncode == 0, f"a version 1 hub is made for the test: {proc.stderr}")
    version = lambda: pg.psql("SELECT value FROM workshop.meta WHERE key = 'schema_version'").stdout.strip()
    check(version() == "1", f"the hub is at version 1: {version()}")
    foreign_keys = lambda: pg.psql("SELECT count(*) FROM pg_constraint WHERE contype = 'f'"
                                   " AND connamespace = 'workshop'::regnamespace").stdout.strip()
    check(foreign_keys() == "5", f"version 1 has its five foreign keys: {foreign_keys()}")
    path = scenario_file(tmp)
    db = os.path.join(tmp, "k8.db")
    run("synth", "--db", db, "--scenario", path, "--ballots", "40", "--seed", "8", expect=0)
    proc = run("sync", "--db", db, "--hub", pg.url(), "--kiosk", "k8", expect=2)
    check("run `workshop hub init URL` to upgrade" in proc.stderr, f"an older hub is named: {proc.stderr}")
    # A version 1 hub with a session and a ballot in it, as a version 1 program wrote them.
    pg.psql("INSERT INTO workshop.sessions (scenario_id, scenario_title, scenario_sha256, scenario_text, created_at,"
            " created_by, kiosk) VALUES ('old', 'Old', 'x', 'x', '2024-01-01T00:00:00Z', 'facilitator', 'k0');"
            "INSERT INTO workshop.ballots (session, visit, step, role, lang, cast_at, screen, source, options, vals, kiosk)"
            " VALUES (1, 'v1-visit', 'themes', '', 'nl', '2024-01-01T00:00:00Z', 'k0', 'kiosk', '{housing}', '{1}', 'k0')")
    out = run("hub", "init", pg.url(), expect=0).stdout
    check(version() == "2", f"init upgraded the hub to version 2: {version()} ({out})")
    check(foreign_keys() == "2", f"only the syncs' and the new pictures' foreign keys are left: {foreign_keys()}")
    check(pg.psql("SELECT to_regclass('workshop.session_pictures') IS NOT NULL").stdout.strip() == "t",
          "the upgrade made the pictures' table")
    policies = pg.psql("SELECT count(*) FROM pg_policies WHERE schemaname = 'workshop' AND policyname = 'insert_own'"
                       " AND with_check LIKE '%( SELECT workshop.kiosk_name()%'").stdout.strip()
    check(policies == "7", f"every insert policy asks for the kiosk name once per statement: {policies}")
    check(hub_count(pg, "ballots", "visit = 'v1-visit'") == 1, "the version 1 rows stay")
    check(pg.psql("INSERT INTO workshop.ballots (session, visit, step, role, lang, cast_at, screen, source, options, vals,"
                  " kiosk) VALUES (7, 'x', 'themes', '', '', 'now', 'k0', 'kiosk', '{housing}', '{1}', 'k0')",
                  check=False).returncode != 0, "the upgraded hub refuses a row of a session it does not have")
    run("hub", "init", pg.url(), expect=0)  # idempotent at version 2
    check(version() == "2", "a second init changes nothing")
    key = add_kiosk(pg, "k8")
    run("sync", "--db", db, "--hub", pg.url("kiosk_k8"), password=key["hub_password"], expect=0)
    check(hub_count(pg, "ballots", "kiosk = 'k8'") == 40 * 4, "a kiosk role pushes into the upgraded hub")
    numbers_agree(pg, db, "a file synced into the upgraded hub", hub_session=2)


CHECKS = {"cli": check_cli, "converge": check_converge, "faults": check_faults, "security": check_security,
          "staged": check_staged, "committed": check_committed, "upgrade": check_upgrade}


def main(argv):
    global CLI
    args = list(argv)
    if len(args) >= 2 and args[0] == "--cli":
        CLI = os.path.abspath(args[1])
        args = args[2:]
    contract.CLI = CLI
    names = args or list(CHECKS)
    with PgServer() as pg:
        for name in names:
            pg.psql("DROP SCHEMA IF EXISTS workshop CASCADE")
            tmp = tempfile.mkdtemp(prefix=f"workshop-hub-{name}-")
            try:
                CHECKS[name](tmp, pg)
            finally:
                if not FAILURES and not contract.FAILURES:
                    shutil.rmtree(tmp, ignore_errors=True)
                else:
                    print(f"(files kept in {tmp})", file=sys.stderr)
    failures = FAILURES + contract.FAILURES
    if failures:
        print(f"{len(failures)} hub check(s) failed", file=sys.stderr)
        return 1
    print("all hub checks passed: " + ", ".join(names))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
