#!/usr/bin/env python3
"""room_follows_test.py — hub.md guarantee 8, by script: the facilitator loads another scenario at
kiosk A; kiosk B of the same session switches with it, taking the scenario text from the hub (B
has no copy of that file on its disk), and B's next voter votes in it. A scenario with pictures
travels with them: the hub keeps the pictures stored with the session (B never reads its own
disk), and `workshop export --hub` reads that session too. A voter in the middle of a turn at B when the room moves finishes that turn
in the scenario it began in; B follows once the voter is done (between voters only).
Usage: room_follows_test.py --cli WORKSHOP --kiosk WORKSHOP-KIOSK
"""
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import hub_test  # noqa: E402
from hub_test import check, run, add_kiosk, sql  # noqa: E402
from kiosk_hub_test import kiosk_folder  # noqa: E402
from pg_harness import PgServer  # noqa: E402

SCENARIOS = os.path.join(HERE, "..", "..", "scenarios")
FIRST = os.path.join(SCENARIOS, "almere-stakeholders.toml")
PIN = "246813"

# A: facilitator mode (hidden corner, PIN), load the welcome meeting from the scenarios folder.
SCRIPT_A = """hold 12 12 3.2s
type "{pin}"
tap "OK"
tap "Load a scenario…"
tap "{title}"
tap "Load it"
expect "Now running: “{title}” (session 2)."
tap "Exit facilitator mode"
"""
# B: between voters the room's new scenario arrives; then a voter of the welcome meeting.
# (B waits at most 60 s: its idle time-out is longer, so it is between voters all along.)
SCRIPT_B = """expect "Van empathie naar perspectief"
wait_for "{nl_title}" {seconds}
tap "Raak het scherm aan om te beginnen"
tap "English"
tap "Newcomer"
expect "Welcome!"
quit
"""

# B: a voter is on the dot vote when the room moves (B keeps running on the wall clock meanwhile:
# sleep); the turn goes on in the first scenario, and only then does B follow.
SCRIPT_B_TURN = """expect "Van empathie naar perspectief"
tap "Raak het scherm aan om te beginnen"
tap "English"
tap "Municipality"
tap "Next →"
expect "5 dots left"
sleep {seconds}
expect "5 dots left"
tap "Housing"
tap "Next →"
tap "Skip this question"
tap "Skip this question"
tap "✓ Confirm"
tap "Next →"
expect "Your choices have been saved."
tap "Done"
wait_for "{nl_title}" 60
quit
"""


def tiny_png():
    """A valid 1x1 PNG, made here (stdlib only)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(b"\x00\xff\x80\x00")) + chunk(b"IEND", b""))


def welcome_with_pictures(folder):
    """The welcome meeting as another scenario whose first role has a picture (beside the file)."""
    text = open(os.path.join(SCENARIOS, "welcome-meeting.toml"), encoding="utf-8").read()
    text = text.replace('id = "welcome-meeting"', 'id = "welcome-pictures"', 1)
    text = text.replace('nl = "Welkom in Almere", en = "Welcome to Almere"',
                        'nl = "Welkom met plaatjes", en = "Welcome with pictures"', 1)
    text = text.replace('icon = "user-plus"', 'image = "pictures/newcomer.png"', 1)
    os.makedirs(os.path.join(folder, "pictures"), exist_ok=True)
    with open(os.path.join(folder, "pictures", "newcomer.png"), "wb") as f:
        f.write(tiny_png())
    with open(os.path.join(folder, "welcome-pictures.toml"), "w", encoding="utf-8") as f:
        f.write(text)
    return text


def switch_room(kiosk, tmp, pg, to, nl_title, b_seconds, script_b=SCRIPT_B):
    """B starts on the first scenario, A loads `to` (en title) in facilitator mode; returns
    (A's and B's exit status and output, B's database)."""
    keys = {n: add_kiosk(pg, n) for n in ("zaal-a", "zaal-b")}
    dbs = {"a": kiosk_folder(tmp, "a", keys["zaal-a"]), "b": kiosk_folder(tmp, "b", keys["zaal-b"])}
    with open(os.path.join(tmp, "a", "kiosk.toml"), "a", encoding="utf-8") as f:
        f.write('facilitator_language = "en"\n')
    scripts = {"a": SCRIPT_A.format(pin=PIN, title=to), "b": script_b.format(nl_title=nl_title, seconds=b_seconds)}
    for name, text in scripts.items():
        scripts[name] = os.path.join(tmp, name + ".kscript")
        with open(scripts[name], "w", encoding="utf-8") as f:
            f.write(text)

    def start(name, extra):
        return subprocess.Popen([kiosk, "--headless", "--scenario", FIRST, "--db", dbs[name],
                                 "--script", scripts[name]] + extra,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    b = start("b", [])
    # Both kiosks in one hub session of the first scenario before the room moves.
    deadline = time.time() + 60
    while time.time() < deadline and pg.psql("SELECT count(*) FROM workshop.sessions").stdout.strip() != "1":
        time.sleep(0.2)
    a = start("a", ["--pin", PIN, "--scenarios", os.path.join(tmp, "scenarios-a")])
    try:
        b_out, _ = b.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        b.kill()
        b_out, _ = b.communicate()
    a.terminate()
    a_out, _ = a.communicate(timeout=30)
    return (a.returncode, a_out), (b.returncode, b_out), dbs["b"]


def check_follows(kiosk, tmp):
    os.makedirs(os.path.join(tmp, "scenarios-a"))
    shutil.copy(os.path.join(SCENARIOS, "welcome-meeting.toml"), os.path.join(tmp, "scenarios-a"))
    welcome_text = open(os.path.join(SCENARIOS, "welcome-meeting.toml"), encoding="utf-8").read()
    welcome_sha = hashlib.sha256(welcome_text.encode("utf-8")).hexdigest()
    with PgServer() as pg:
        run("hub", "init", pg.url(), expect=0)
        a, b, db_b = switch_room(kiosk, tmp, pg, "Welcome to Almere", "Welkom in Almere", 60)
        check(a[0] == 0, f"kiosk A loaded the welcome meeting: {a[1]}")
        check(b[0] == 0, f"kiosk B followed the room and took a voter in the welcome meeting: {b[1]}")
        sessions = sql(db_b, "SELECT scenario_id, scenario_sha256, scenario_text FROM sessions ORDER BY id")
        check([s[0] for s in sessions] == ["almere-stakeholders", "welcome-meeting"],
              f"kiosk B ran the first scenario, then the welcome meeting: {[s[0] for s in sessions]}")
        if len(sessions) == 2:
            check(sessions[1][1] == welcome_sha and sessions[1][2] == welcome_text,
                  "kiosk B's welcome meeting is the file A loaded, byte for byte (from the hub)")
        switched = sql(db_b, "SELECT a.detail FROM actions AS a JOIN sessions AS s ON s.id = a.session"
                             " WHERE a.action = 'scenario_switched' AND s.scenario_id = 'almere-stakeholders'")
        check(switched == [(welcome_sha,)], f"kiosk B has A's switch in the first session: {switched}")
        hub_sessions = pg.psql("SELECT scenario_id FROM workshop.sessions ORDER BY id").stdout.split()
        check(hub_sessions == ["almere-stakeholders", "welcome-meeting"], f"one hub session per scenario: {hub_sessions}")


def check_between_voters(kiosk, tmp):
    """The room moves while a voter is mid-turn at B: that turn is cast in the first scenario,
    after B learnt of the move, and B follows once the voter is done."""
    os.makedirs(os.path.join(tmp, "scenarios-a"))
    shutil.copy(os.path.join(SCENARIOS, "welcome-meeting.toml"), os.path.join(tmp, "scenarios-a"))
    with PgServer() as pg:
        run("hub", "init", pg.url(), expect=0)
        a, b, db_b = switch_room(kiosk, tmp, pg, "Welcome to Almere", "Welkom in Almere", 25, SCRIPT_B_TURN)
        check(a[0] == 0, f"kiosk A loaded the welcome meeting: {a[1]}")
        check(b[0] == 0, f"kiosk B finished its voter's turn, then followed the room: {b[1]}")
        sessions = [r[0] for r in sql(db_b, "SELECT scenario_id FROM sessions ORDER BY id")]
        check(sessions == ["almere-stakeholders", "welcome-meeting"], f"kiosk B followed after the voter: {sessions}")
        cast = sql(db_b, "SELECT b.cast_at FROM ballots AS b JOIN sessions AS s ON s.id = b.session"
                         " WHERE s.scenario_id = 'almere-stakeholders' AND b.kiosk = 'zaal-b' AND b.step = 'themes'")
        moved = sql(db_b, "SELECT a.at FROM actions AS a JOIN sessions AS s ON s.id = a.session"
                          " WHERE a.action = 'scenario_switched' AND s.scenario_id = 'almere-stakeholders'")
        check(len(cast) == 1 and len(moved) == 1, f"B's voter cast one ballot, and A's switch reached B: {cast} {moved}")
        if len(cast) == 1 and len(moved) == 1:
            check(moved[0][0] < cast[0][0], f"the voter finished in the first scenario after the room had moved: "
                                            f"switched at {moved[0][0]}, cast at {cast[0][0]}")


def check_pictures_travel(kiosk, tmp):
    """A scenario with pictures travels with them: B follows, votes in it, and stores the very
    picture A's session stored; the hub keeps it with the session, and export --hub reads it."""
    welcome_with_pictures(os.path.join(tmp, "scenarios-a"))
    with PgServer() as pg:
        run("hub", "init", pg.url(), expect=0)
        a, b, db_b = switch_room(kiosk, tmp, pg, "Welcome with pictures", "Welkom met plaatjes", 60)
        check(a[0] == 0, f"kiosk A loaded the scenario with pictures: {a[1]}")
        check(b[0] == 0, f"kiosk B followed the room and took a voter in the pictured scenario: {b[1]}")
        sessions = [r[0] for r in sql(db_b, "SELECT scenario_id FROM sessions ORDER BY id")]
        check(sessions == ["almere-stakeholders", "welcome-pictures"], f"kiosk B followed: {sessions}")
        png = tiny_png()
        stored = sql(db_b, "SELECT p.path, p.sha256, p.bytes FROM session_pictures AS p JOIN sessions AS s"
                           " ON s.id = p.session WHERE s.scenario_id = 'welcome-pictures'")
        check(stored == [("pictures/newcomer.png", hashlib.sha256(png).hexdigest(), png)],
              f"kiosk B's session holds A's picture, byte for byte: {[r[:2] for r in stored]}")
        on_hub = pg.psql("SELECT p.path, p.kiosk FROM workshop.session_pictures AS p JOIN workshop.sessions AS s"
                         " ON s.id = p.session WHERE s.scenario_id = 'welcome-pictures'").stdout.split()
        check(on_hub == ["pictures/newcomer.png|zaal-a"], f"the hub keeps the picture with the session A opened: {on_hub}")
        check(not sql(db_b, "SELECT detail FROM actions WHERE action = 'room_not_followed'"), "kiosk B logged no refusal")
        out = os.path.join(tmp, "hub-export")
        proc = run("export", "--hub", pg.url(), "--session", "2", "--out", out, expect=0)
        check(os.path.exists(os.path.join(out, "results.csv")), f"export --hub reads the pictured session: {proc.stderr}")


def main(argv):
    cli, kiosk = os.path.abspath(argv[argv.index("--cli") + 1]), os.path.abspath(argv[argv.index("--kiosk") + 1])
    hub_test.CLI = cli
    hub_test.contract.CLI = cli
    tmp = tempfile.mkdtemp(prefix="workshop-hub-room-")
    check_follows(kiosk, os.path.join(tmp, "follows"))
    check_between_voters(kiosk, os.path.join(tmp, "between"))
    check_pictures_travel(kiosk, os.path.join(tmp, "pictures"))
    return hub_test.verdict(tmp, "the room follows: all checks passed")

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
