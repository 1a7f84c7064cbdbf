#!/usr/bin/env python3
"""kill_test.py — SIGKILL the kiosk's write path and `workshop import` at random moments.

Each round starts, at random, a kiosk (kill_helper: Session::cast_visit, the path a confirmed
visit takes), an import of a ballots file (`workshop import`), both at once on the same database,
or (with --kiosk) the headless kiosk playing a voting script — and kills them after a random
delay. Some rounds start on a brand-new database file, so kills land in its creation too.
After every round the database must be sound:

  * PRAGMA integrity_check and foreign_key_check pass, and the file opens with the engine again;
  * every visit reported confirmed is present exactly once, with exactly the marks cast;
  * no visit is partial: each visit in the database has all its ballots and all their marks;
  * an import is all or nothing (all of it when the command finished with exit 0);
  * the kiosk resumes the same session (Session::open with resume continues the same id).

  kill_test.py --helper kill_helper --cli workshop --scenario S.toml --workdir DIR [--rounds 50]
  (WORKSHOP_KILL_ROUNDS and WORKSHOP_KILL_SEED override the defaults)
"""
import argparse
import csv
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

failures = []


def fail(message):
    failures.append(message)
    print("FAIL: " + message, flush=True)


def parse_marks(described):
    """'step:opt=1,opt=2;step2:a=1' -> {step: sorted [(opt, value)]}"""
    ballots = {}
    for part in filter(None, described.split(";")):
        step, marks = part.split(":", 1)
        ballots[step] = sorted((m.split("=")[0], int(m.split("=")[1])) for m in marks.split(","))
    return ballots


def read_ballots_file(path):
    expected = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            expected.setdefault(row["ballot"], {}).setdefault(row["step"], []).append((row["option"], int(row["value"])))
    return {v: {s: sorted(m) for s, m in steps.items()} for v, steps in expected.items()}


def has_ballots_table(con):
    """False for a file killed before its schema was written (the engine creates it on open)."""
    return con.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'ballots'").fetchone()[0] == 1


def stored_visits(db, like):
    con = sqlite3.connect(db)
    try:
        if not has_ballots_table(con):
            return {}, set()
        rows = con.execute(
            "SELECT b.visit, b.step, m.option, m.value, b.session FROM ballots b LEFT JOIN marks m ON m.ballot = b.id"
            " WHERE b.visit LIKE ? ORDER BY b.id, m.seq", (like,)).fetchall()
    finally:
        con.close()
    visits, sessions = {}, set()
    for visit, step, option, value, session in rows:
        sessions.add(session)
        marks = visits.setdefault(visit, {}).setdefault(step, [])
        if option is not None:
            marks.append((option, value))
    return {v: {s: sorted(m) for s, m in steps.items()} for v, steps in visits.items()}, sessions


def check_database(db, label):
    con = sqlite3.connect(db)
    try:
        integrity = con.execute("PRAGMA integrity_check").fetchall()
        if integrity != [("ok",)]:
            fail(f"{label}: integrity_check: {integrity[:5]}")
        fk = con.execute("PRAGMA foreign_key_check").fetchall()
        if fk:
            fail(f"{label}: foreign_key_check: {fk[:5]}")
        if not has_ballots_table(con):
            return
        dup = con.execute("SELECT session, visit, step, COUNT(*) FROM ballots GROUP BY 1, 2, 3 HAVING COUNT(*) > 1").fetchall()
        if dup:
            fail(f"{label}: a ballot recorded twice: {dup[:5]}")
        empty = con.execute("SELECT b.visit, b.step FROM ballots b WHERE NOT EXISTS (SELECT 1 FROM marks m WHERE m.ballot = b.id)").fetchall()
        if empty:
            fail(f"{label}: ballots without marks: {empty[:5]}")
    except sqlite3.DatabaseError as e:
        fail(f"{label}: the database cannot be read: {e}")
    finally:
        con.close()


class Kiosk:
    """kill_helper casting visits; collects what it reported."""

    def __init__(self, args, db, prefix):
        self.prefix = prefix
        self.proc = subprocess.Popen([args.helper, db, args.scenario, prefix, "100000"],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.casting, self.confirmed, self.refused, self.session = {}, set(), [], None

    def collect(self):
        out, err = self.proc.communicate()
        for line in out.decode("utf-8", "replace").splitlines():
            word, _, rest = line.partition(" ")
            if word == "session":
                self.session = int(rest)
            elif word == "casting":
                visit, _, described = rest.partition(" ")
                self.casting[visit] = parse_marks(described)
            elif word == "confirmed":
                self.confirmed.add(rest)
            elif word == "refused":
                self.refused.append(rest)
        self.stderr = err.decode("utf-8", "replace")
        return self

    def check(self, db, label, sessions_seen):
        stored, sessions = stored_visits(db, self.prefix + "-%")
        sessions_seen |= sessions
        for visit in self.confirmed:
            if visit not in stored:
                fail(f"{label}: visit {visit} was confirmed but is not in the database")
            elif stored[visit] != self.casting[visit]:
                fail(f"{label}: confirmed visit {visit} is stored as {stored[visit]}, cast as {self.casting[visit]}")
        for visit, ballots in stored.items():
            if visit not in self.casting:
                fail(f"{label}: visit {visit} in the database was never cast")
            elif ballots != self.casting[visit]:
                fail(f"{label}: visit {visit} is partial: stored {ballots}, cast {self.casting[visit]}")
        return len(self.confirmed), len(stored)


class Import:
    """`workshop import` of a generated ballots file."""

    def __init__(self, args, db, prefix, work, visits):
        self.prefix = prefix
        self.file = os.path.join(work, prefix + ".csv")
        subprocess.run([args.helper, "--csv", self.file, args.scenario, prefix, str(visits)], check=True)
        self.expected = read_ballots_file(self.file)
        self.proc = subprocess.Popen([args.cli, "import", "--db", db, "--scenario", args.scenario, self.file],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def collect(self):
        out, err = self.proc.communicate()
        self.output = (out + err).decode("utf-8", "replace")
        return self

    def check(self, db, label, sessions_seen):
        stored, sessions = stored_visits(db, self.prefix + "-%")
        sessions_seen |= sessions
        finished = self.proc.returncode == 0
        if self.proc.returncode not in (0, -signal.SIGKILL):
            fail(f"{label}: import exited {self.proc.returncode}: {self.output.strip()[:300]}")
        if stored and stored != self.expected:
            fail(f"{label}: import is partial: {len(stored)} of {len(self.expected)} visits stored")
        if finished and stored != self.expected:
            fail(f"{label}: import said done (exit 0) but {len(stored)} of {len(self.expected)} visits are stored")
        return finished, bool(stored)


class HeadlessKiosk:
    """workshop-kiosk --headless --script: the whole kiosk, taps included."""

    def __init__(self, args, db):
        self.proc = subprocess.Popen([args.kiosk, "--headless", "--scenario", args.scenario, "--db", db,
                                      "--script", args.kiosk_script],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    # What one visit of vote_forever.kscript records: marks per step.
    VISIT = {"themes": 2, "agenda": 2, "ideas": 1}

    def collect(self):
        out, err = self.proc.communicate()
        self.output = (out + err).decode("utf-8", "replace")
        if self.proc.returncode not in (0, -signal.SIGKILL):
            fail(f"headless kiosk exited {self.proc.returncode}: {self.output.strip()[:300]}")
        return self

    def check(self, db, label):
        """Every visit the headless kiosk recorded is whole; returns how many there are."""
        con = sqlite3.connect(db)
        try:
            if not has_ballots_table(con):
                return 0
            rows = con.execute("SELECT b.visit, b.step, COUNT(m.seq) FROM ballots b LEFT JOIN marks m ON m.ballot = b.id"
                               " WHERE b.source = 'kiosk' AND b.kiosk != 'kill-helper' GROUP BY 1, 2").fetchall()
        finally:
            con.close()
        visits = {}
        for visit, step, marks in rows:
            visits.setdefault(visit, {})[step] = marks
        for visit, steps in visits.items():
            if steps != self.VISIT:
                fail(f"{label}: headless visit {visit} is partial: {steps}")
        return len(visits)


def restart(args, db, prefix, label):
    """An unkilled kiosk run of 3 visits; returns its session id (None when it failed)."""
    done = subprocess.run([args.helper, db, args.scenario, prefix, "3"], capture_output=True, text=True)
    if done.returncode != 0 or done.stdout.count("confirmed") != 3:
        fail(f"{label}: the kiosk does not start and record again: {(done.stdout + done.stderr).strip()[:300]}")
        return None
    return int(done.stdout.splitlines()[0].split()[1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--helper", required=True)
    parser.add_argument("--cli", required=True)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--kiosk", help="workshop-kiosk, for headless rounds")
    parser.add_argument("--kiosk-script", help="the script the headless kiosk plays")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("WORKSHOP_KILL_ROUNDS", "50")))
    parser.add_argument("--seed", type=int, default=int(os.environ.get("WORKSHOP_KILL_SEED", "20240501")))
    parser.add_argument("--max-delay", type=float, default=0.6, help="latest kill, in seconds")
    args = parser.parse_args()

    rng = random.Random(args.seed)
    os.makedirs(args.workdir, exist_ok=True)
    for name in os.listdir(args.workdir):
        os.unlink(os.path.join(args.workdir, name))
    db = os.path.join(args.workdir, "kill.db")
    sessions = set()
    totals = {"confirmed": 0, "stored": 0, "imports_done": 0, "imports_killed_empty": 0,
              "imports_killed_whole": 0, "fresh_db": 0, "headless": 0, "headless_visits": 0, "rounds": 0}
    kinds = ["kiosk", "import", "both"] + (["headless"] if args.kiosk and args.kiosk_script else [])
    started = time.time()

    for r in range(args.rounds):
        kind = kinds[r % len(kinds)] if r < len(kinds) else rng.choice(kinds)
        # Every tenth round kills on a brand-new file (its creation and schema included).
        round_db = os.path.join(args.workdir, f"fresh-{r}.db") if r % 10 == 5 else db
        totals["fresh_db"] += round_db != db
        label = f"round {r} ({kind}{', fresh file' if round_db != db else ''})"
        runners = []
        if kind in ("kiosk", "both"):
            runners.append(Kiosk(args, round_db, f"k{r}"))
        if kind in ("import", "both"):
            runners.append(Import(args, round_db, f"i{r}", args.workdir, rng.choice([5, 50, 400])))
        if kind == "headless":
            runners.append(HeadlessKiosk(args, round_db))
        # The headless kiosk builds its fonts first: give it time to reach the voting too.
        time.sleep(rng.uniform(0.0, args.max_delay * (4 if kind == "headless" else 1)))
        for runner in runners:
            if runner.proc.poll() is None:
                runner.proc.send_signal(signal.SIGKILL)
        for runner in runners:
            runner.collect()

        check_database(round_db, label)
        round_sessions = set()
        for runner in runners:
            if isinstance(runner, Kiosk):
                if runner.proc.returncode not in (0, -signal.SIGKILL):
                    fail(f"{label}: kiosk exited {runner.proc.returncode}: {runner.stderr.strip()[:300]}")
                confirmed, stored = runner.check(round_db, label, round_sessions)
                totals["confirmed"] += confirmed
                totals["stored"] += stored
                if runner.session is not None:
                    round_sessions.add(runner.session)
            elif isinstance(runner, Import):
                finished, any_stored = runner.check(round_db, label, round_sessions)
                key = "imports_done" if finished else ("imports_killed_whole" if any_stored else "imports_killed_empty")
                totals[key] += 1
            else:
                totals["headless"] += 1
                totals["headless_visits"] = max(totals["headless_visits"], runner.check(round_db, label))
        if round_db == db:
            sessions |= round_sessions
        else:
            if len(round_sessions) > 1:
                fail(f"{label}: ballots of one fresh file in several sessions: {round_sessions}")
            # Killed while the file was being created: the engine still opens it and records.
            restart(args, round_db, "after", label)
        totals["rounds"] += 1

    # The kiosk resumes: a final, unkilled run continues the one session of the main file.
    session = restart(args, db, "final", "after all rounds")
    if session is not None:
        sessions.add(session)
    if len(sessions) != 1:
        fail(f"the kiosk did not resume one session: sessions {sorted(sessions)}")
    check_database(db, "final")

    elapsed = time.time() - started
    print("kill test: {rounds} rounds ({fresh_db} on a fresh file, {headless} headless kiosk, "
          "{headless_visits} visits whole) in {t:.0f}s: "
          "{confirmed} visits confirmed and found, {stored} visits stored in all; imports: {imports_done} finished, "
          "{imports_killed_empty} killed before commit, {imports_killed_whole} killed after commit; seed {seed}"
          .format(t=elapsed, seed=args.seed, **totals))
    if failures:
        print(f"{len(failures)} failures")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
