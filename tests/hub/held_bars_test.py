#!/usr/bin/env python3
"""held_bars_test.py — two kiosks on one hub whose ballots interleave show the same held bars.

While a step's voting is open, a shared screen holds the tally of the first (floor(n/g) - 1)*g
valid ballots in the session's ballot order (hub order, then the kiosk's own ballots not yet pushed):
once both kiosks have synced, each kiosk's screen (a fresh screen on its file, as after a restart)
shows the same bars, never bars a ballot apart. The numbers are worked out by hand below.
Usage: held_bars_test.py --cli WORKSHOP --held-bars HELD_BARS
"""
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hub_test  # noqa: E402
from hub_test import check, run, add_kiosk, role_of  # noqa: E402
from pg_harness import PgServer  # noqa: E402

SCENARIO = """format = 1
id = "held-bars"
languages = ["en"]
title = "Held bars"

[results]
min_group_size = 2

[[step]]
id = "pick"
type = "dot_vote"
title = "Pick one"
dots = 1
options = [{ id = "p", label = "P" }, { id = "q", label = "Q" }, { id = "r", label = "R" }]
"""


def main(argv):
    cli = os.path.abspath(argv[argv.index("--cli") + 1])
    tool = os.path.abspath(argv[argv.index("--held-bars") + 1])
    hub_test.CLI = cli
    hub_test.contract.CLI = cli
    tmp = tempfile.mkdtemp(prefix="workshop-hub-held-")
    scenario = os.path.join(tmp, "held.toml")
    with open(scenario, "w") as f:
        f.write(SCENARIO)
    with PgServer() as pg:
        run("hub", "init", pg.url(), expect=0)
        keys = {n: add_kiosk(pg, n) for n in ("zaal-a", "zaal-b")}
        dbs = {n: os.path.join(tmp, n + ".db") for n in keys}

        def cast(kiosk, visit, option):
            r = subprocess.run([tool, "cast", scenario, dbs[kiosk], kiosk, visit, "pick", option],
                               capture_output=True, text=True)
            check(r.returncode == 0, f"{kiosk} casts {visit}: {r.stderr}")

        def sync(kiosk):
            run("sync", "--db", dbs[kiosk], "--hub", pg.url(role_of(kiosk)), "--kiosk", kiosk,
                password=keys[kiosk]["hub_password"], expect=0)

        def bars(kiosk):
            r = subprocess.run([tool, "show", scenario, dbs[kiosk], "pick"], capture_output=True, text=True)
            check(r.returncode == 0, f"{kiosk} shows its bars: {r.stderr}")
            return r.stdout.strip()

        def both_show(expected, what):
            for kiosk in dbs:
                got = bars(kiosk)
                check(got == expected, f"{what}: {kiosk} shows {got!r}, expected {expected!r}")

        cast("zaal-a", "a1", "p")
        sync("zaal-a")
        cast("zaal-b", "b1", "q")  # B offline for a while
        cast("zaal-b", "b2", "q")
        cast("zaal-a", "a2", "p")
        sync("zaal-a")
        sync("zaal-b")  # B's b1, b2 get numbers after a2: a1 a2 b1 b2
        for visit, option in (("a3", "r"), ("a4", "r"), ("a5", "p"), ("a6", "p")):
            cast("zaal-a", visit, option)  # not pushed yet: after every numbered ballot at A
        check(bars("zaal-a") == "4/6: p=2 r=2 q=0, groups 4", "A alone holds a1 a2 a3 a4 (a step behind)")
        sync("zaal-a")  # a3-a6 numbered after b2: A's order is a1 a2 b1 b2 a3 a4 a5 a6
        sync("zaal-b")
        both_show("6/8: p=2 q=2 r=2, groups 6", "after sync, the first six are a1 a2 b1 b2 a3 a4 everywhere")
        cast("zaal-a", "a7", "p")
        cast("zaal-b", "b3", "q")
        for kiosk in ("zaal-a", "zaal-b", "zaal-a"):
            sync(kiosk)  # a7 before b3: a1 a2 b1 b2 a3-a6 | a7 b3
        both_show("8/10: p=4 q=2 r=2, groups 8", "after sync, the first eight are a1 a2 b1 b2 a3-a6 everywhere")
        # A screen of a kiosk that keeps running sees the same as a fresh one: the hub's numbers
        # reached both files (hub_rows), and the order is theirs.
        count = hub_test.sql(dbs["zaal-b"], "SELECT COUNT(*) FROM hub_rows WHERE kind = 'ballot'")
        check(count == [(10,)], f"B's file has a hub number for all 10 ballots: {count}")
    return hub_test.verdict(tmp, "held bars on two kiosks of one hub: all checks passed")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
