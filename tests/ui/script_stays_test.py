#!/usr/bin/env python3
"""script_stays_test.py — a script that runs out of lines without `quit` leaves the headless
kiosk running (script.h; issue 15: a kiosk that keeps syncing); SIGTERM then ends it cleanly,
with what the script's voter cast on file. A script with `quit` still ends by itself.
Usage: script_stays_test.py KIOSK SCENARIO FOLDER
"""
import os
import signal
import sqlite3
import subprocess
import sys
import time

VOTE = """tap "Raak het scherm aan om te beginnen"
tap "English"
tap "Employer"
tap "Next →"
tap "Housing"
tap "Next →"
tap "Skip this question"
tap "Skip this question"
expect "Check your choices"
tap "✓ Confirm"
"""


def main(kiosk, scenario, folder):
    os.makedirs(folder, exist_ok=True)
    failures = []
    for name, text, stays in (("stays", VOTE, True), ("quits", VOTE + "quit\n", False)):
        script, db = os.path.join(folder, name + ".kscript"), os.path.join(folder, name + ".db")
        for path in (db, db + "-wal", db + "-shm"):
            if os.path.exists(path):
                os.remove(path)
        with open(script, "w", encoding="utf-8") as f:
            f.write(text)
        proc = subprocess.Popen([kiosk, "--headless", "--scenario", scenario, "--db", db, "--script", script],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            rc = proc.wait(timeout=8 if stays else 60)
        except subprocess.TimeoutExpired:
            rc = None
        if stays:
            if rc is not None:
                failures.append(f"without quit the kiosk ended by itself (exit {rc}): {proc.stdout.read()}")
                continue
            proc.send_signal(signal.SIGTERM)
            rc = proc.wait(timeout=30)
        out = proc.stdout.read()
        if rc != 0:
            failures.append(f"{name}: exit {rc}, expected 0: {out}")
        ballots = sqlite3.connect(db).execute("SELECT COUNT(*) FROM ballots").fetchone()[0]
        if ballots == 0:
            failures.append(f"{name}: the script's voter has no ballot on file")
    for f in failures:
        print("FAIL:", f, file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
