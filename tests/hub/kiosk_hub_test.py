#!/usr/bin/env python3
"""kiosk_hub_test.py — three headless kiosks on one hub (hub.md), by script.

Kiosk A (on the hub) takes a voter who types an idea (stored when the voter confirms) and
keeps running (its script has no `quit`); kiosk B (on the hub)
waits with `wait_for` until that idea arrives over the hub and has its voter vote for it; kiosk
C runs the whole session without a hub and is synced afterwards with `workshop sync`. Then
every file's export equals `export --hub`, and the idea typed at A carries B's vote.
Usage: kiosk_hub_test.py --cli WORKSHOP --kiosk WORKSHOP-KIOSK
"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hub_test  # noqa: E402
from hub_test import check, run, add_kiosk, role_of, integrity_ok, sql  # noqa: E402
from pg_harness import PgServer  # noqa: E402

SCENARIO = os.path.join(HERE, "..", "..", "scenarios", "almere-stakeholders.toml")
IDEA = "Курси в Алмере для батьків з дітьми 3+ ґʼ"


def kiosk_folder(tmp, name, key):
    folder = os.path.join(tmp, name)
    os.makedirs(folder)
    if key:
        path = os.path.join(folder, "kiosk.toml")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(f'hub = "{key["hub"]}"\nhub_password = "{key["hub_password"]}"\nkiosk = "{key["kiosk"]}"\n')
    return os.path.join(folder, "workshop.db")


def kiosk_args(kiosk, db, script):
    return [kiosk, "--headless", "--scenario", SCENARIO, "--db", db, "--script", os.path.join(HERE, "scripts", script)]


def main(argv):
    cli, kiosk = os.path.abspath(argv[argv.index("--cli") + 1]), os.path.abspath(argv[argv.index("--kiosk") + 1])
    hub_test.CLI = cli
    hub_test.contract.CLI = cli
    tmp = tempfile.mkdtemp(prefix="workshop-hub-kiosks-")
    with PgServer() as pg:
        run("hub", "init", pg.url(), expect=0)
        keys = {n: add_kiosk(pg, n) for n in ("zaal-a", "zaal-b", "zaal-c")}
        dbs = {"a": kiosk_folder(tmp, "a", keys["zaal-a"]), "b": kiosk_folder(tmp, "b", keys["zaal-b"]),
               "c": kiosk_folder(tmp, "c", None)}
        a = subprocess.Popen(kiosk_args(kiosk, dbs["a"], "kiosk_a.kscript"), stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True)
        b = subprocess.run(kiosk_args(kiosk, dbs["b"], "kiosk_b.kscript"), capture_output=True, text=True, timeout=240)
        check(b.returncode == 0, f"kiosk B voted for the idea typed at kiosk A: {b.stdout}{b.stderr}")
        # A keeps running: its ballots reach the hub by themselves.
        deadline = time.time() + 90  # generous: CI machines are shared
        while time.time() < deadline and int(pg.psql("SELECT count(*) FROM workshop.ballots WHERE kiosk = 'zaal-a'")
                                             .stdout.strip() or 0) < 3:
            time.sleep(0.2)
        check(int(pg.psql("SELECT count(*) FROM workshop.ballots WHERE kiosk = 'zaal-a'").stdout) == 3,
              "kiosk A pushed its voter's 3 ballots while running")
        a.terminate()
        out, _ = a.communicate(timeout=30)
        check(a.returncode == 0 and "error" not in out, f"kiosk A ran its script and stopped cleanly on SIGTERM: {out}")
        c = subprocess.run(kiosk_args(kiosk, dbs["c"], "kiosk_c.kscript") + ["--kiosk", "zaal-c"], capture_output=True,
                           text=True, timeout=240)
        check(c.returncode == 0, f"kiosk C (no hub) ran its voter: {c.stdout}{c.stderr}")
        # B quit right after its voter; C was offline all session: each synced by hand now.
        for name, db in (("zaal-b", dbs["b"]), ("zaal-c", dbs["c"]), ("zaal-a", dbs["a"]), ("zaal-b", dbs["b"])):
            run("sync", "--db", db, "--hub", pg.url(role_of(name)), "--kiosk", name,
                password=keys[name]["hub_password"], expect=0)
        out_hub = os.path.join(tmp, "out-hub")
        run("export", "--hub", pg.url(), "--out", out_hub, expect=0)
        results = open(os.path.join(out_hub, "results.csv"), "rb").read()
        for name, db in dbs.items():
            out = os.path.join(tmp, "out-" + name)
            run("export", "--db", db, "--out", out, expect=0)
            check(open(os.path.join(out, "results.csv"), "rb").read() == results,
                  f"kiosk {name}: results.csv equals export --hub's")
            check(integrity_ok(db), f"kiosk {name}: integrity_check")
        ideas = sql(dbs["b"], "SELECT idea, kiosk FROM ideas WHERE text = ?", (IDEA,))
        check(len(ideas) == 2 and {k for _, k in ideas} == {"zaal-a", "zaal-c"},
              f"kiosk B has the idea from A and from C: {ideas}")
        from_a = [i for i, k in ideas if k == "zaal-a"]
        votes = sql(dbs["a"], "SELECT COUNT(*) FROM valid_ballot_rows WHERE option = ? AND kiosk = 'zaal-b'",
                    (from_a[0] if from_a else "",))
        check(votes == [(1,)], f"kiosk A received kiosk B's vote for A's idea: {votes}")
        kiosks = {r[0] for r in sql(dbs["a"], "SELECT DISTINCT kiosk FROM ballots")}
        check(kiosks == {"zaal-a", "zaal-b", "zaal-c"}, f"the kiosk column names every screen: {kiosks}")
        check(len(from_a) == 1 and from_a[0].startswith("idea-") and len(from_a[0]) == 41,
              f"an idea typed on a hub kiosk has a global id: {from_a}")
        log = pg.server_log()
        check(all(k["hub_password"] not in log for k in keys.values()), "no kiosk password in the server's log")
    return hub_test.verdict(tmp, "three kiosks on one hub: all checks passed")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
