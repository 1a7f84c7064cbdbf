#!/usr/bin/env python3
"""room_follows_test.py — hub.md guarantee 8, by script: the facilitator loads another scenario at
kiosk A; kiosk B of the same session switches with it, taking the scenario text from the hub (B
has no copy of that file on its disk), and B's next voter votes in it.
Usage: room_follows_test.py --cli WORKSHOP --kiosk WORKSHOP-KIOSK
"""
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time

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
SCRIPT_A = f"""hold 12 12 3.2s
type "{PIN}"
tap "OK"
tap "Load a scenario…"
tap "Welcome to Almere"
tap "Load it"
expect "Now running: “Welcome to Almere”"
tap "Exit facilitator mode"
"""
# B: between voters the room's new scenario arrives; then a voter of the welcome meeting.
SCRIPT_B = """expect "Van empathie naar perspectief"
wait_for "Welkom in Almere" 60
tap "Raak het scherm aan om te beginnen"
tap "English"
tap "Newcomer"
expect "Welcome!"
quit
"""


def main(argv):
    cli, kiosk = os.path.abspath(argv[argv.index("--cli") + 1]), os.path.abspath(argv[argv.index("--kiosk") + 1])
    hub_test.CLI = cli
    hub_test.contract.CLI = cli
    tmp = tempfile.mkdtemp(prefix="workshop-hub-room-")
    scenarios_a = os.path.join(tmp, "scenarios-a")
    os.makedirs(scenarios_a)
    shutil.copy(os.path.join(SCENARIOS, "welcome-meeting.toml"), scenarios_a)
    welcome_text = open(os.path.join(SCENARIOS, "welcome-meeting.toml"), encoding="utf-8").read()
    welcome_sha = hashlib.sha256(welcome_text.encode("utf-8")).hexdigest()
    with PgServer() as pg:
        run("hub", "init", pg.url(), expect=0)
        keys = {n: add_kiosk(pg, n) for n in ("zaal-a", "zaal-b")}
        dbs = {"a": kiosk_folder(tmp, "a", keys["zaal-a"]), "b": kiosk_folder(tmp, "b", keys["zaal-b"])}
        scripts = {}
        for name, text in (("a", SCRIPT_A), ("b", SCRIPT_B)):
            scripts[name] = os.path.join(tmp, name + ".kscript")
            with open(scripts[name], "w", encoding="utf-8") as f:
                f.write(text)

        with open(os.path.join(tmp, "a", "kiosk.toml"), "a", encoding="utf-8") as f:
            f.write('facilitator_language = "en"\n')

        def start(name, extra):
            return subprocess.Popen([kiosk, "--headless", "--scenario", FIRST, "--db", dbs[name],
                                     "--script", scripts[name]] + extra,
                                    stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

        b = start("b", [])
        # Both kiosks in one hub session of the first scenario before the room moves.
        deadline = time.time() + 60
        while time.time() < deadline and pg.psql("SELECT count(*) FROM workshop.sessions").stdout.strip() != "1":
            time.sleep(0.2)
        a = start("a", ["--pin", PIN, "--scenarios", scenarios_a])
        try:
            b_out, _ = b.communicate(timeout=120)
        except subprocess.TimeoutExpired:
            b.kill()
            b_out, _ = b.communicate()
        a.terminate()
        a_out, _ = a.communicate(timeout=30)
        check(a.returncode == 0, f"kiosk A loaded the welcome meeting: {a_out}")
        check(b.returncode == 0, f"kiosk B followed the room and took a voter in the welcome meeting: {b_out}")
        sessions = sql(dbs["b"], "SELECT scenario_id, scenario_sha256, scenario_text FROM sessions ORDER BY id")
        check([s[0] for s in sessions] == ["almere-stakeholders", "welcome-meeting"],
              f"kiosk B ran the first scenario, then the welcome meeting: {[s[0] for s in sessions]}")
        if len(sessions) == 2:
            check(sessions[1][1] == welcome_sha and sessions[1][2] == welcome_text,
                  "kiosk B's welcome meeting is the file A loaded, byte for byte (from the hub)")
        switched = sql(dbs["b"], "SELECT a.detail FROM actions AS a JOIN sessions AS s ON s.id = a.session"
                                 " WHERE a.action = 'scenario_switched' AND s.scenario_id = 'almere-stakeholders'")
        check(switched == [(welcome_sha,)], f"kiosk B has A's switch in the first session: {switched}")
        hub_sessions = pg.psql("SELECT scenario_id FROM workshop.sessions ORDER BY id").stdout.split()
        check(hub_sessions == ["almere-stakeholders", "welcome-meeting"], f"one hub session per scenario: {hub_sessions}")
    return hub_test.verdict(tmp, "the room follows: all checks passed")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
