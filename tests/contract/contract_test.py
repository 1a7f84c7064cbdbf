#!/usr/bin/env python3
"""contract_test.py — black-box checks of cli-and-data.md and scenario-format.md through the
`workshop` binary, with an independent tally written from the contract's words alone.

Python stdlib only (csv, sqlite3). The binary comes from $WORKSHOP_CLI or the first argument.
Usage: contract_test.py [--cli PATH] CHECK   (CHECK: tally, roundtrip, import, csv, validate, synth)
"""
import csv
import hashlib
import io
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile

CLI = os.environ.get("WORKSHOP_CLI", "workshop")
FAILURES = []


def check(condition, what):
    if not condition:
        FAILURES.append(what)
        print("FAIL: " + what, file=sys.stderr)
    return condition


def run(*args, expect=None):
    proc = subprocess.run([CLI, *args], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if expect is not None:
        check(proc.returncode == expect,
              f"`workshop {' '.join(args)}` exited {proc.returncode}, expected {expect}\n"
              f"stdout: {proc.stdout}\nstderr: {proc.stderr}")
    return proc


# --- scenarios as data, written out as TOML -------------------------------------------------

def toml_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


def toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list):
        return "[\n" + "".join(f"  {toml_value(v)},\n" for v in value) + "]"
    raise TypeError(value)


def scenario_toml(s):
    out = [f"format = 1", f"id = {toml_string(s['id'])}",
           "languages = [" + ", ".join(toml_string(l) for l in s["languages"]) + "]",
           f"title = {toml_value(s['title'])}", ""]
    for role in s.get("roles", []):
        out += ["[[role]]", f"id = {toml_string(role['id'])}", f"label = {toml_value(role['label'])}", ""]
    for step in s["steps"]:
        out.append("[[step]]")
        for key, value in step.items():
            out.append(f"{key} = {toml_value(value)}")
        out.append("")
    return "\n".join(out)


def default_label(scenario, label):
    return label if isinstance(label, str) else label[scenario["languages"][0]]


def guarded(text):
    """The contract's formula guard (cli-and-data.md, CSV conventions)."""
    stripped = text.lstrip("'")
    return "'" + text if stripped[:1] in ("=", "+", "-", "@", "\t", "\r") and stripped else text


# Scenario A: every step type, two languages, roles, labels that need quoting and guarding.
SCENARIO_A = {
    "id": "contract-a",
    "languages": ["nl", "en"],
    "title": {"nl": "Contract A", "en": "Contract A (en)"},
    "roles": [{"id": "gemeente", "label": {"nl": "Gemeente", "en": "Municipality"}},
              {"id": "bewoner", "label": "Bewoner"}],
    "steps": [
        {"id": "intro", "type": "info", "title": "Welkom", "body": "Hallo"},
        {"id": "themes", "type": "dot_vote", "title": "Thema's", "dots": 5, "max_per_option": 3,
         "options": [{"id": "housing", "label": {"nl": "Huisvesting", "en": "Housing"}},
                     {"id": "work", "label": {"nl": "=Werk, en baan", "en": "Work"}},
                     {"id": "language", "label": {"nl": 'Taal "NL"', "en": "Language"}},
                     {"id": "health", "label": "-zorg en welzijn"}]},
        {"id": "agenda", "type": "ranking", "title": "Agenda", "rank_at_most": 3,
         "options": [{"id": k, "label": k.upper()} for k in ("a", "b", "c", "d", "e")]},
        {"id": "pref", "type": "ranking", "method": "schulze", "title": "Voorkeur", "rank_at_least": 2,
         "options": [{"id": k, "label": "@" + k} for k in ("w", "x", "y", "z")]},
        {"id": "ideas", "type": "idea_vote", "title": "Ideeën", "collect_ideas": True,
         "votes_per_participant": 2,
         "options": [{"id": "o1", "label": "Optie 1"}, {"id": "o2", "label": "+Optie 2"}]},
    ],
}

# Scenario B: tiny steps, so ties and Schulze cycles are common.
SCENARIO_B = {
    "id": "contract-b",
    "languages": ["en"],
    "title": "Contract B",
    "steps": [
        {"id": "pick", "type": "dot_vote", "title": "Pick", "dots": 1,
         "options": [{"id": "p", "label": "P"}, {"id": "q", "label": "Q"}]},
        {"id": "cycle", "type": "ranking", "method": "schulze", "title": "Cycle",
         "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]},
        {"id": "approve", "type": "idea_vote", "title": "Approve",
         "options": [{"id": "u", "label": "U"}, {"id": "v", "label": "V"}, {"id": "t", "label": "T"}]},
        {"id": "borda", "type": "ranking", "title": "Borda", "rank_at_least": 1, "rank_at_most": 2,
         "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}, {"id": "c", "label": "C"}]},
    ],
}


# --- the independent tally -----------------------------------------------------------------

def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def expected_results(scenario, ballots_rows, idea_rows, session):
    """results.csv rows (as lists of strings) from ballots.csv and ideas.csv, by the contract."""
    ballots = {}  # (ballot, step) -> {option: value}, in order of first appearance
    for row in ballots_rows:
        ballots.setdefault((row["ballot"], row["step"]), {})[row["option"]] = int(row["value"])
    out = []
    for step in scenario["steps"]:
        if step["type"] == "info":
            continue
        candidates = [(o["id"], guarded(default_label(scenario, o["label"]))) for o in step.get("options", [])]
        if step["type"] == "idea_vote":
            candidates += [(i["idea"], i["text"]) for i in idea_rows
                           if i["step"] == step["id"] and i["hidden"] == "0"]
        ids = [c[0] for c in candidates]
        n = len(ids)
        cast = [marks for (ballot, step_id), marks in ballots.items() if step_id == step["id"]]
        score = {c: 0 for c in ids}
        method = ""
        if step["type"] == "dot_vote":
            for marks in cast:
                for option, value in marks.items():
                    score[option] += value
        elif step["type"] == "idea_vote":
            for marks in cast:
                for option in marks:
                    if option in score:
                        score[option] += 1
        elif step.get("method", "borda") == "borda":
            method = "borda"
            for marks in cast:
                for option, rank in marks.items():
                    score[option] += n - rank
        else:
            method = "schulze"
            d = {x: {y: 0 for y in ids} for x in ids}
            for marks in cast:
                for x in ids:
                    for y in ids:
                        if x == y:
                            continue
                        rx, ry = marks.get(x), marks.get(y)
                        if rx is not None and (ry is None or rx < ry):
                            d[x][y] += 1
            p = {x: {y: (d[x][y] if x != y and d[x][y] > d[y][x] else 0) for y in ids} for x in ids}
            for i in ids:
                for x in ids:
                    if x == i:
                        continue
                    for y in ids:
                        if y == i or y == x:
                            continue
                        p[x][y] = max(p[x][y], min(p[x][i], p[i][y]))
            for x in ids:
                score[x] = sum(1 for y in ids if y != x and p[x][y] > p[y][x])
        order = sorted(range(n), key=lambda k: (-score[ids[k]], k))
        for place, k in enumerate(order):
            # Competition ranking: 1 + the number of options with a strictly higher score.
            position = 1 + sum(1 for c in ids if score[c] > score[ids[k]])
            out.append([str(session), step["id"], step["type"], method, ids[k], candidates[k][1],
                        str(score[ids[k]]), str(position), str(len(cast))])
    return out


def results_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


RESULTS_HEADER = ["session", "step", "step_type", "method", "option", "label", "score", "position", "ballots"]
BALLOTS_HEADER = ["session", "ballot", "step", "option", "value", "role", "lang", "cast_at", "kiosk"]
IDEAS_HEADER = ["session", "step", "idea", "text", "lang", "submitted_at", "hidden"]


def compare_export(scenario, out_dir, what):
    header, rows = results_rows(os.path.join(out_dir, "results.csv"))
    check(header[:9] == RESULTS_HEADER, f"{what}: results.csv header {header}")
    ballots = read_csv(os.path.join(out_dir, "ballots.csv"))
    ideas = read_csv(os.path.join(out_dir, "ideas.csv"))
    session = rows[0][0] if rows else "1"
    expected = expected_results(scenario, ballots, ideas, session)
    got = [r[:9] for r in rows]
    if not check(got == expected, f"{what}: results.csv differs from the independent tally"):
        for e, g in zip(expected, got):
            if e != g:
                print(f"  expected {e}\n  got      {g}", file=sys.stderr)
        if len(expected) != len(got):
            print(f"  {len(expected)} rows expected, {len(got)} written", file=sys.stderr)
    return ballots, ideas


def quarter_hour(at):
    """2024-05-01T09:37:12Z -> 2024-05-01T09:30:00Z (ballot secrecy in exports)."""
    minute = int(at[14:16]) // 15 * 15
    return f"{at[:14]}{minute:02d}:00Z"


def db_ballot_rows(db, session, step_ids):
    """The database's valid ballot rows as the export must list them: by step (file order), then
    by the first 8 bytes of SHA-256("SESSION:BALLOT"), then the ballot's marks in order; cast_at
    cut to the quarter hour."""
    con = sqlite3.connect(db)
    try:
        rows = [tuple(str(v) for v in r) for r in con.execute(
            "SELECT session, ballot, step, option, value, role, lang, cast_at, kiosk FROM valid_ballot_rows"
            " WHERE session = ? ORDER BY ballot_row, mark_seq", (session,))]
    finally:
        con.close()
    rows = [r[:7] + (quarter_hour(r[7]),) + r[8:] for r in rows]
    key = lambda r: (step_ids.index(r[2]), hashlib.sha256(f"{r[0]}:{r[1]}".encode()).digest()[:8], r[1])
    return sorted(rows, key=key)  # stable: a ballot's marks keep their order


def write(path, text, newline="\n"):
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(text.replace("\n", newline))


# --- checks ---------------------------------------------------------------------------------

def check_tally(tmp):
    """synth data sets and hand-made ties, recomputed independently from ballots.csv."""
    for scenario in (SCENARIO_A, SCENARIO_B):
        path = os.path.join(tmp, scenario["id"] + ".toml")
        write(path, scenario_toml(scenario))
        for seed, count in ((1, 1), (7, 40), (42, 300)):
            db = os.path.join(tmp, f"{scenario['id']}-{seed}.db")
            out = os.path.join(tmp, f"{scenario['id']}-{seed}")
            run("synth", "--db", db, "--scenario", path, "--ballots", str(count), "--seed", str(seed), expect=0)
            run("export", "--db", db, "--out", out, expect=0)
            ballots, _ = compare_export(scenario, out, f"{scenario['id']} seed {seed}")
            steps = [s for s in scenario["steps"] if s["type"] != "info"]
            for step in steps:
                cast = {b["ballot"] for b in ballots if b["step"] == step["id"]}
                check(len(cast) == count, f"synth seed {seed}: step {step['id']} has {len(cast)} ballots, not {count}")
            exported = [tuple(r[k] for k in BALLOTS_HEADER) for r in ballots]
            step_ids = [s["id"] for s in scenario["steps"]]
            check(exported == db_ballot_rows(db, 1, step_ids),
                  f"{scenario['id']} seed {seed}: ballots.csv differs from the database (rows, order or times)")

    # Hand-made: a Condorcet cycle (three-way tie), Borda and dot ties, a void ballot.
    path = os.path.join(tmp, "b.toml")
    write(path, scenario_toml(SCENARIO_B))
    rows = ["ballot,step,option,value"]
    cycle = [("a", "b", "c")] * 3 + [("b", "c", "a")] * 3 + [("c", "a", "b")] * 3
    for i, order in enumerate(cycle):
        rows += [f"v{i},cycle,{o},{r}" for r, o in enumerate(order, 1)]
        rows.append(f"v{i},pick,{'p' if i % 2 else 'q'},1")
        rows += [f"v{i},borda,{o},{r}" for r, o in enumerate(order[:1 + i % 2], 1)]
        rows.append(f"v{i},approve,{'uvt'[i % 3]},1")
    rows.append("v9,pick,p,1")
    write(os.path.join(tmp, "hand.csv"), "\n".join(rows) + "\n")
    db = os.path.join(tmp, "hand.db")
    run("import", "--db", db, "--scenario", path, os.path.join(tmp, "hand.csv"), expect=0)
    con = sqlite3.connect(db)
    con.execute("INSERT INTO voids (ballot, voided_by, voided_at, reason) SELECT id, 'test', '2024-05-01T09:30:00Z',"
                " 'contract test' FROM ballots WHERE visit = 'v0' AND step = 'cycle'")
    con.commit()
    con.close()
    run("export", "--db", db, "--out", os.path.join(tmp, "hand"), expect=0)
    compare_export(SCENARIO_B, os.path.join(tmp, "hand"), "hand-made ties")
    _, rows = results_rows(os.path.join(tmp, "hand", "results.csv"))
    pick = [r for r in rows if r[1] == "pick"]
    check([r[4:] for r in pick] == [["p", "P", "5", "1", "10"], ["q", "Q", "5", "1", "10"]],
          f"dot tie: p and q share position 1 in file order: {pick}")
    cycle_rows = [r for r in rows if r[1] == "cycle"]
    check([r[6:] for r in cycle_rows] == [["1", "1", "8"], ["0", "2", "8"], ["0", "2", "8"]],
          f"Schulze after one void ballot: c beats a only: {cycle_rows}")


def sample_a_with_ideas(tmp, db, scenario_path):
    """Session of scenario A with collected ideas (one hidden), ties and rankings."""
    write(os.path.join(tmp, "a-ideas.csv"),
          "step,idea,text,lang,submitted_at,hidden\n"
          "ideas,idea-1,=1+1 meer bankjes,nl,2024-05-01T09:30:00Z,0\n"
          'ideas,idea-2,"Fietsen, veel ""fietsen""",en,2024-05-01T09:31:00Z,0\n'
          "ideas,idea-3,verborgen,nl,2024-05-01T09:32:00Z,1\n"
          "ideas,idea-4,niemand stemt,,2024-05-01T09:33:00Z,0\n")
    write(os.path.join(tmp, "a-ballots.csv"),
          "ballot,step,option,value,role,lang,cast_at\n"
          "k1,themes,housing,3,gemeente,nl,2024-05-01T10:00:00Z\n"
          "k1,themes,work,2,gemeente,nl,2024-05-01T10:00:00Z\n"
          "k1,agenda,c,1,gemeente,nl,2024-05-01T10:00:00Z\n"
          "k1,pref,x,1,gemeente,nl,2024-05-01T10:00:00Z\n"
          "k1,pref,w,2,gemeente,nl,2024-05-01T10:00:00Z\n"
          "k1,ideas,idea-1,1,gemeente,nl,2024-05-01T10:00:00Z\n"
          "k1,ideas,idea-3,1,gemeente,nl,2024-05-01T10:00:00Z\n"
          "k2,themes,work,3,,en,\n"
          "k2,themes,housing,2,,en,\n"
          "k2,agenda,b,1,,en,\n"
          "k2,agenda,c,2,,en,\n"
          "k2,pref,w,1,,en,\n"
          "k2,pref,x,2,,en,\n"
          "k2,ideas,o2,1,,en,\n"
          "k2,ideas,idea-2,1,,en,\n")
    run("import", "--db", db, "--scenario", scenario_path, os.path.join(tmp, "a-ballots.csv"),
        os.path.join(tmp, "a-ideas.csv"), expect=0)
    run("synth", "--db", db, "--scenario", scenario_path, "--ballots", "25", "--seed", "5", expect=0)


def check_roundtrip(tmp):
    """ballots.csv + ideas.csv of one export, into an empty database: the same results.csv."""
    path = os.path.join(tmp, "a.toml")
    write(path, scenario_toml(SCENARIO_A))
    path_b = os.path.join(tmp, "b.toml")
    write(path_b, scenario_toml(SCENARIO_B))
    db = os.path.join(tmp, "first.db")
    # Session 1 holds another scenario, so the session of interest is 2.
    run("synth", "--db", db, "--scenario", path_b, "--ballots", "3", expect=0)
    sample_a_with_ideas(tmp, db, path)
    first = os.path.join(tmp, "first")
    run("export", "--db", db, "--out", first, expect=0)
    ballots, ideas = compare_export(SCENARIO_A, first, "round trip, first export")
    check(any(i["hidden"] == "1" for i in ideas) and len(ideas) >= 4, "the sample has collected and hidden ideas")
    check(all(r["session"] == "2" for r in ballots), "without --session, export takes the newest session")

    db2 = os.path.join(tmp, "second.db")
    run("import", "--db", db2, "--scenario", path, os.path.join(first, "ballots.csv"),
        os.path.join(first, "ideas.csv"), expect=0)
    second = os.path.join(tmp, "second")
    run("export", "--db", db2, "--out", second, expect=0)
    for name in ("results.csv", "ballots.csv", "ideas.csv"):
        with open(os.path.join(first, name), "rb") as a, open(os.path.join(second, name), "rb") as b:
            check(a.read() == b.read(), f"round trip: {name} is not byte-identical")
    again = run("import", "--db", db2, "--scenario", path, os.path.join(first, "ballots.csv"),
                os.path.join(first, "ideas.csv"), expect=0)
    check("nothing new" in again.stdout, f"a re-import says it changed nothing: {again.stdout!r}")

    # An empty session (no ballots, no ideas) makes the round trip too.
    empty_db = os.path.join(tmp, "empty.db")
    write(os.path.join(tmp, "header.csv"), "ballot,step,option,value\n")
    run("import", "--db", empty_db, "--scenario", path, os.path.join(tmp, "header.csv"), expect=0)
    run("export", "--db", empty_db, "--out", os.path.join(tmp, "empty1"), expect=0)
    compare_export(SCENARIO_A, os.path.join(tmp, "empty1"), "empty session")
    run("import", "--db", os.path.join(tmp, "empty2.db"), "--scenario", path, os.path.join(tmp, "empty1", "ballots.csv"),
        os.path.join(tmp, "empty1", "ideas.csv"), expect=0)
    run("export", "--db", os.path.join(tmp, "empty2.db"), "--out", os.path.join(tmp, "empty2"), expect=0)
    for name in ("results.csv", "ballots.csv", "ideas.csv"):
        with open(os.path.join(tmp, "empty1", name), "rb") as a, open(os.path.join(tmp, "empty2", name), "rb") as b:
            check(a.read() == b.read(), f"round trip of an empty session: {name} is not byte-identical")


def table_counts(db):
    con = sqlite3.connect(db)
    try:
        return {t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("sessions", "ballots", "marks", "voids", "ideas", "actions")}
    finally:
        con.close()


def check_import(tmp):
    """All or nothing, every problem with its line, columns by name, re-import idempotent."""
    path = os.path.join(tmp, "a.toml")
    write(path, scenario_toml(SCENARIO_A))
    db = os.path.join(tmp, "import.db")
    good = os.path.join(tmp, "good.csv")
    # Columns in another order, an extra column, CRLF.
    write(good, "Lang,Extra,Value,Option,Step,Ballot,Role\n"
                "nl,x,2,housing,themes,g1,gemeente\n"
                "nl,x,1,work,themes,g1,gemeente\n"
                "nl,x,1,a,agenda,g1,gemeente\n", newline="\r\n")
    first = run("import", "--db", db, "--scenario", path, good, expect=0)
    before = table_counts(db)
    again = run("import", "--db", db, "--scenario", path, good, expect=0)
    check(table_counts(db) == before, "re-import changes nothing")
    check("nothing new" in again.stdout or "already" in again.stdout, f"re-import says so: {again.stdout!r}")
    check(first.stdout != again.stdout, "first import and re-import say different things")

    bad = os.path.join(tmp, "bad.csv")
    lines = [
        "ballot,step,option,value,role,lang",   # 1
        "b1,themes,housing,4,,",                 # 2 above max_per_option
        "b1,themes,nope,1,,",                    # 3 unknown option
        "b2,nostep,a,1,,",                       # 4 unknown step
        "b3,agenda,a,one,,",                     # 5 bad number
        "b4,agenda,a,1,,",                       # 6
        "b4,agenda,a,1,,",                       # 7 duplicate row
        "b5,agenda,a,1,,",                       # 8
        "b5,agenda,b,3,,",                       # 9 rank 3 of 2
        "b6,ideas,o1,1,,",                       # 10
        "b6,ideas,o2,1,,",                       # 11
        "b6,ideas,idea-9,1,,",                   # 12 unknown idea, and 3 approvals
        "b7,themes,work,1,mayor,",               # 13 unknown role
        "g9,themes,work,1,,",                    # 14 fine
    ]
    write(bad, "\n".join(lines) + "\n")
    proc = run("import", "--db", db, "--scenario", path, bad, expect=1)
    check(table_counts(db) == before, "a rejected import leaves the database exactly as it was")
    for line in (2, 3, 4, 5, 7, 9, 12, 13):
        check(re.search(rf"^{re.escape(bad)}:{line}: error: ", proc.stderr, re.M) is not None,
              f"the problem on line {line} is reported as FILE:{line}: error: ...\n{proc.stderr}")
    check(re.search(rf"^{re.escape(bad)}:14: ", proc.stderr, re.M) is None, "line 14 is fine")
    for line in proc.stderr.splitlines():
        check(re.match(rf"^{re.escape(bad)}:\d+: error: \S", line) or line.startswith("workshop import: "),
              f"every line of stderr is a diagnostic or the summary: {line!r}")

    missing = os.path.join(tmp, "missing.csv")
    write(missing, "ballot,step,value\nm1,themes,1\n")
    proc = run("import", "--db", db, "--scenario", path, missing, expect=1)
    check(re.search(rf"^{re.escape(missing)}:1: error: .*`option`", proc.stderr, re.M) is not None,
          f"a missing required column is named: {proc.stderr}")

    # Without --session an import goes to the newest session of that scenario.
    write(os.path.join(tmp, "more.csv"), "ballot,step,option,value\ng2,themes,work,1\n")
    run("import", "--db", db, "--scenario", path, os.path.join(tmp, "more.csv"), expect=0)
    check(table_counts(db)["sessions"] == 1, "a second import adds to the same session")


def check_csv(tmp):
    """CSV conventions: comma, CRLF, no BOM, quoting, formula guard; ';' with --bom."""
    path = os.path.join(tmp, "a.toml")
    write(path, scenario_toml(SCENARIO_A))
    db = os.path.join(tmp, "csv.db")
    sample_a_with_ideas(tmp, db, path)
    out = os.path.join(tmp, "plain")
    run("export", "--db", db, "--out", out, expect=0)
    for name, header in (("results.csv", RESULTS_HEADER), ("ballots.csv", BALLOTS_HEADER), ("ideas.csv", IDEAS_HEADER)):
        with open(os.path.join(out, name), "rb") as f:
            data = f.read()
        check(not data.startswith(b"\xef\xbb\xbf"), f"{name}: no BOM by default")
        check(data.startswith(",".join(header).encode() + b"\r\n"), f"{name}: header {data[:80]!r}")
        check(data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b""), f"{name}: every line ends in CRLF")
    with open(os.path.join(out, "results.csv"), "rb") as f:
        results = f.read().decode()
    check('"\'=Werk, en baan"' in results, "a label with a comma is quoted, with its formula guard")
    check('Taal ""NL""' in results and '"Taal ""NL"""' in results, "a quote is doubled inside a quoted field")
    check("'-zorg en welzijn" in results, "a label beginning with - is guarded")
    check(",'@w," in results, "a label beginning with @ is guarded")
    check(",'+Optie 2," in results, "a label beginning with + is guarded")
    with open(os.path.join(out, "ideas.csv"), "rb") as f:
        ideas = f.read().decode()
    check(",'=1+1 meer bankjes," in ideas, "an idea text beginning with = is guarded")
    for row in read_csv(os.path.join(out, "ballots.csv")):
        check(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z", row["cast_at"]) is not None,
              f"cast_at is ISO 8601 UTC: {row['cast_at']}")
        check(row["kiosk"] != "", "every ballot names its kiosk")

    dutch = os.path.join(tmp, "dutch")
    run("export", "--db", db, "--out", dutch, "--delimiter", ";", "--bom", expect=0)
    for name, header in (("results.csv", RESULTS_HEADER), ("ballots.csv", BALLOTS_HEADER), ("ideas.csv", IDEAS_HEADER)):
        with open(os.path.join(dutch, name), "rb") as f:
            data = f.read()
        check(data.startswith(b"\xef\xbb\xbf" + ";".join(header).encode() + b"\r\n"), f"{name}: BOM and ';' {data[:60]!r}")
        with open(os.path.join(out, name), newline="", encoding="utf-8") as f:
            plain = list(csv.reader(f))
        text = data[3:].decode()
        check(list(csv.reader(io.StringIO(text, newline=""), delimiter=";")) == plain,
              f"{name}: the ';' file holds the same fields as the ',' file")
    with open(os.path.join(dutch, "results.csv"), "rb") as f:
        check('"\'=Werk, en baan"' in f.read().decode(), "a field with a comma is quoted in a ';' file too")


def check_validate(tmp):
    good = os.path.join(tmp, "good.toml")
    write(good, scenario_toml(SCENARIO_A))
    run("validate", good, expect=0)
    bad = os.path.join(tmp, "bad.toml")
    write(bad, "\n".join([
        'format = 1',                       # 1
        'id = "bad"',                       # 2
        'languages = ["nl", "en"]',         # 3
        'title = { en = "only en" }',       # 4 no default-language text
        'colour = 1',                       # 5 unknown key, no close one
        '[[step]]',                         # 6
        'id = "s"',                         # 7
        'type = "dot_vote"',                # 8
        'title = "S"',                      # 9
        'dtos = 3',                         # 10 typo
        'dots = 2',                         # 11
        'max_per_option = 3',               # 12 above dots
        'options = [ { id = "a", label = "A", color = "red" }, { id = "a", label = "B" } ]',  # 13
        '[[step]]',                         # 14
        'id = "s"',                         # 15 duplicate
        'type = "info"',                    # 16
        'title = 5',                        # 17 wrong type
        'body = ""',                        # 18 an empty body is allowed
    ]) + "\n")
    proc = run("validate", bad, good, expect=1)
    errors = proc.stderr.strip().splitlines()
    for line in errors:
        check(re.match(rf"^{re.escape(bad)}:\d+:\d+: error: \S", line), f"PATH:LINE:COLUMN: error: MESSAGE: {line!r}")
    lines = [int(m.group(1)) for m in (re.match(rf"^{re.escape(bad)}:(\d+):", l) for l in errors) if m]
    for line in (4, 5, 10, 12, 13, 15, 17):
        check(line in lines, f"an error on line {line} of the scenario\n{proc.stderr}")
    check(18 not in lines, f"an empty body is no error\n{proc.stderr}")
    check(lines.count(13) == 2, f"a bad colour and a duplicate option id: two errors on line 13\n{proc.stderr}")
    check(any("did you mean `dots`?" in l for l in errors), "a typo names the closest key")
    check(any(":5:1: error:" in l and "did you mean `" in l for l in errors), "every unknown key names the closest known key")
    syntax = os.path.join(tmp, "syntax.toml")
    write(syntax, 'format = 1\nid = "x"\ntitle = "unterminated\n')
    proc = run("validate", syntax, expect=1)
    check(re.match(rf"^{re.escape(syntax)}:3:\d+: error: ", proc.stderr) is not None, f"syntax error position: {proc.stderr}")
    run("validate", os.path.join(tmp, "nothing-here.toml"), expect=2)
    run("validate", expect=2)


def ballot_problems(scenario, ballots_rows, idea_rows):
    """Rule violations (scenario-format.md, "a valid ballot for this step") in ballots.csv rows."""
    steps = {s["id"]: s for s in scenario["steps"]}
    ballots = {}
    for row in ballots_rows:
        ballots.setdefault((row["ballot"], row["step"]), []).append((row["option"], int(row["value"])))
    problems = []
    for (ballot, step_id), marks in ballots.items():
        step = steps.get(step_id)
        if step is None or step["type"] == "info":
            problems.append(f"{ballot}: no such voting step {step_id}")
            continue
        ids = {o["id"] for o in step.get("options", [])}
        if step["type"] == "idea_vote":
            ids |= {i["idea"] for i in idea_rows if i["step"] == step_id}
        options = [m[0] for m in marks]
        values = [m[1] for m in marks]
        if len(set(options)) != len(options) or not set(options) <= ids:
            problems.append(f"{ballot}/{step_id}: unknown or repeated options {options}")
        if step["type"] == "dot_vote":
            most = step.get("max_per_option", step["dots"])
            total = sum(values)
            if any(v < 1 or v > most for v in values) or not 1 <= total <= step["dots"] or \
                    (step.get("require_all_dots") and total != step["dots"]):
                problems.append(f"{ballot}/{step_id}: dots {values}")
        elif step["type"] == "ranking":
            k = len(values)
            if not step.get("rank_at_least", 1) <= k <= step.get("rank_at_most", len(step["options"])) or \
                    sorted(values) != list(range(1, k + 1)):
                problems.append(f"{ballot}/{step_id}: ranks {values}")
        else:
            limit = step.get("votes_per_participant")
            if any(v != 1 for v in values) or not 1 <= len(values) <= (limit or len(values)):
                problems.append(f"{ballot}/{step_id}: approvals {values}")
    return problems


# Tight limits, so that a synth that ignores one of them is caught.
SCENARIO_LIMITS = {
    "id": "contract-limits",
    "languages": ["en"],
    "title": "Limits",
    "steps": [
        {"id": "all-dots", "type": "dot_vote", "title": "All dots", "dots": 7, "max_per_option": 2,
         "require_all_dots": True, "options": [{"id": f"o{i}", "label": f"O{i}"} for i in range(1, 5)]},
        {"id": "few-dots", "type": "dot_vote", "title": "Few dots", "dots": 3, "max_per_option": 1,
         "options": [{"id": f"o{i}", "label": f"O{i}"} for i in range(1, 7)]},
        {"id": "exact", "type": "ranking", "method": "schulze", "title": "Exactly three", "rank_at_least": 3,
         "rank_at_most": 3, "options": [{"id": f"r{i}", "label": f"R{i}"} for i in range(1, 6)]},
        {"id": "one", "type": "idea_vote", "title": "One approval", "votes_per_participant": 1,
         "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
        {"id": "open", "type": "idea_vote", "title": "Open", "collect_ideas": True, "max_idea_length": 10},
    ],
}


def check_synth(tmp):
    """synth: N valid ballots for every voting step, ideas included; --help everywhere."""
    for scenario in (SCENARIO_A, SCENARIO_B, SCENARIO_LIMITS):
        path = os.path.join(tmp, scenario["id"] + ".toml")
        write(path, scenario_toml(scenario))
        db = os.path.join(tmp, scenario["id"] + ".db")
        run("synth", "--db", db, "--scenario", path, "--ballots", "150", "--seed", "11", expect=0)
        out = os.path.join(tmp, scenario["id"])
        run("export", "--db", db, "--out", out, expect=0)
        ballots, ideas = compare_export(scenario, out, f"synth {scenario['id']}")
        problems = ballot_problems(scenario, ballots, ideas)
        check(not problems, f"synth {scenario['id']}: invalid ballots: {problems[:5]}")
        for step in scenario["steps"]:
            if step["type"] != "info":
                count = len({b["ballot"] for b in ballots if b["step"] == step["id"]})
                check(count == 150, f"synth {scenario['id']}: step {step['id']} has {count} ballots, not 150")
    only_ideas = {
        "id": "contract-ideas", "languages": ["en"], "title": "Ideas",
        "steps": [{"id": "collect", "type": "idea_vote", "title": "Your ideas", "collect_ideas": True}],
    }
    path = os.path.join(tmp, "ideas.toml")
    write(path, scenario_toml(only_ideas))
    db = os.path.join(tmp, "ideas.db")
    run("synth", "--db", db, "--scenario", path, "--ballots", "12", expect=0)
    out = os.path.join(tmp, "ideas")
    run("export", "--db", db, "--out", out, expect=0)
    ballots, ideas = compare_export(only_ideas, out, "synth with collected ideas only")
    check(len({b["ballot"] for b in ballots}) == 12, "synth: 12 ballots for an idea step without options")
    check(len(ideas) > 0, "synth collects ideas when a step has nothing to vote on")
    again = run("synth", "--db", db, "--scenario", path, "--ballots", "12", expect=0)
    check("nothing new" in again.stdout, "the same seed twice records nothing new")
    tally = run("tally", "--db", db, expect=0)
    check("collect" in tally.stdout and "ballots" in tally.stdout, f"tally prints the step: {tally.stdout}")
    for command in ("validate", "import", "export", "tally", "synth"):
        proc = run(command, "--help", expect=0)
        check(proc.stdout.startswith(f"usage: workshop {command}"), f"{command} --help prints its usage")
    run("--help", expect=0)
    run("frobnicate", expect=2)


CHECKS = {"tally": check_tally, "roundtrip": check_roundtrip, "import": check_import, "csv": check_csv,
          "validate": check_validate, "synth": check_synth}


def main(argv):
    global CLI
    args = list(argv)
    if len(args) >= 2 and args[0] == "--cli":
        CLI = args[1]
        args = args[2:]
    names = args or list(CHECKS)
    for name in names:
        tmp = tempfile.mkdtemp(prefix=f"workshop-contract-{name}-")
        try:
            CHECKS[name](tmp)
        finally:
            if not FAILURES:
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                print(f"(files kept in {tmp})", file=sys.stderr)
    if FAILURES:
        print(f"{len(FAILURES)} contract check(s) failed", file=sys.stderr)
        return 1
    print("all contract checks passed: " + ", ".join(names))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
