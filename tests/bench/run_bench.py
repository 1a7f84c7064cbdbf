#!/usr/bin/env python3
"""Side-by-side benchmarks of `make bench`: each of our timings is measured in the same run as its
peer's, on the same data, and only the ratio is judged (absolute times on a shared 2-core machine
mean little). Prints one table of ratios, then how costs grow with size.

usage: run_bench.py --build BUILD_DIR [--quick] [--keep] [--strict] [--slow-arrival SPEC] [--only PART,...]
  --quick   smaller sizes and fewer repeats (a smoke test of the script, not a measurement)
  --keep    keep the temporary folder (data, hyperfine JSON, screenshots) and print its path
  --strict  exit 1 when a ratio misses its target or a cost grows faster than n log n
  --slow-arrival sleep:MS|spin:MS
            hub frame rows only: a deliberate slowdown of the UI thread per arrival (proves they can fail)
  --only    run only these parts: export, import, tally, report, commit, frame, screen, languages, tap,
            hub (default: all), hub-frames (only the hub's frame-time rows) or hub-push (only the
            hub's two push rows: one file, 50 kiosks); both are parts of hub
"""
import argparse
import json
import math
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BENCH = os.path.join(ROOT, "tests", "bench")
ROWS_SCENARIO = os.path.join(BENCH, "scenarios", "rows.toml")
TALLY_SCENARIO = os.path.join(BENCH, "scenarios", "tally.toml")
KIOSK_SCENARIO = os.path.join(ROOT, "scenarios", "almere-stakeholders.toml")
TEN_LANGUAGES_SCENARIO = os.path.join(BENCH, "scenarios", "ten_languages.toml")
TAP_SCENARIO = os.path.join(BENCH, "scenarios", "tap.toml")
HUB_SCENARIO = os.path.join(BENCH, "scenarios", "hub.toml")
PAGE = os.path.join(BENCH, "dot_vote_page.html")
SCREEN = (1280, 800)

# The ballot rows of a session exactly as ballots.csv lists them: same columns, same join, same
# order, and the same plan the engine uses (`+b.session`: a walk in rowid order, no sort).
EXPORT_SQL = ("SELECT b.session, b.visit, b.step, m.option, m.value, b.role, b.lang, b.cast_at, b.kiosk"
              " FROM ballots AS b JOIN marks AS m ON m.ballot = b.id"
              " WHERE +b.session = 1 AND NOT EXISTS (SELECT 1 FROM voids AS v WHERE v.ballot = b.id)"
              " ORDER BY b.id, m.seq")
# Borda points (20 options: rank r gets 20 - r) summed per step and option over the same rows.
TALLY_SQL = ("SELECT b.step, m.option, SUM(20 - m.value), COUNT(*)"
             " FROM ballots AS b JOIN marks AS m ON m.ballot = b.id"
             " WHERE b.session = 1 AND NOT EXISTS (SELECT 1 FROM voids AS v WHERE v.ballot = b.id)"
             " GROUP BY b.step, m.option")

PARTS = ("export", "import", "tally", "report", "commit", "frame", "screen", "languages", "tap", "hub", "hub-frames",
         "hub-push")

rows = []      # the ratio table: (name, ours, peer, ratio, target, ok)
growth = []    # (name, [(n, seconds)], exponent)
notes = []
SLOW_ARRIVAL = ""  # --slow-arrival: the hub frame rows' deliberate slowdown (bench_hub's WORKSHOP_BENCH_SLOW)


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(cmd, **kw):
    kw.setdefault("check", True)
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)


def keyvalues(line):
    return {k: float(v) for k, v in re.findall(r"(\w+)=(-?[\d.]+)", line)}


def q(*words):
    return " ".join(shlex.quote(str(w)) for w in words)


def hyperfine(tmp, label, commands, runs, prepare=None, warmup=1):
    """Median wall time (s) and mean user+sys (s) of each command, all in one hyperfine run."""
    out = os.path.join(tmp, f"hyperfine-{label}.json")
    cmd = ["hyperfine", "--style", "none", "--warmup", str(warmup), "--runs", str(runs), "--export-json", out]
    if prepare:
        cmd += ["--prepare", prepare]
    for name, command in commands:
        cmd += ["--command-name", name, command]
    run(cmd)
    with open(out) as f:
        results = json.load(f)["results"]
    return [(r["median"], r["user"] + r["system"]) for r in results]


def synth(workshop, db, scenario, visits, seed=1):
    start = time.monotonic()
    run([workshop, "synth", "--db", db, "--scenario", scenario, "--ballots", str(visits), "--seed", str(seed)])
    return time.monotonic() - start


def exponent(points):
    """Growth exponent k of t ~ n^k between the smallest and largest size."""
    (n0, t0), (n1, t1) = points[0], points[-1]
    if t0 <= 0 or t1 <= 0 or n0 == n1:
        return float("nan")
    return math.log(t1 / t0) / math.log(n1 / n0)


def add_row(name, ours, peer, target, unit="s", fmt="{:.3f}"):
    ratio = ours / peer if peer > 0 else float("inf")
    rows.append((name, fmt.format(ours) + " " + unit, fmt.format(peer) + " " + unit, ratio, target, ratio <= target))


# --- the engine: export, import, tally, durable commit -------------------------------------------

def bench_export(tmp, workshop, sizes, runs):
    points = []
    synth_rate = None
    for visits in sizes:
        db = os.path.join(tmp, f"rows-{visits}.db")
        seconds = synth(workshop, db, ROWS_SCENARIO, visits)
        n = visits * 10  # rows.toml: ten ballot rows per visit
        synth_rate = (n, seconds)
        log(f"export: {n} rows ({seconds:.1f} s to synthesize)")
        out = os.path.join(tmp, f"export-{visits}")
        peer_csv = os.path.join(tmp, f"peer-{visits}.csv")
        (ours, ours_cpu), (peer, peer_cpu) = hyperfine(tmp, f"export-{visits}", [
            ("workshop export", q(workshop, "export", "--db", db, "--out", out)),
            ("sqlite3 -csv", q("sqlite3", "-csv", db, EXPORT_SQL) + " > " + q(peer_csv)),
        ], runs)
        with open(os.path.join(out, "ballots.csv"), "rb") as f:
            exported = sum(1 for _ in f) - 1
        if exported != n:
            raise SystemExit(f"bench: workshop export wrote {exported} ballot rows, expected {n}")
        points.append((n, ours, peer))
        shutil.rmtree(out)
        os.remove(peer_csv)
        if visits != sizes[-1]:
            os.remove(db)
    n, ours, peer = points[-1]
    add_row(f"export {n:,} ballot rows to CSV", ours, peer, 1.0)
    growth.append(("export (workshop export)", [(p[0], p[1]) for p in points]))
    growth.append(("export peer (sqlite3 -csv)", [(p[0], p[2]) for p in points]))
    notes.append(f"synth wrote {synth_rate[0]:,} ballot rows in {synth_rate[1]:.1f} s "
                 f"({synth_rate[0] / synth_rate[1]:,.0f} rows/s, validated, one transaction)")
    return os.path.join(tmp, f"rows-{sizes[-1]}.db")


def bench_import(tmp, workshop, visits, runs):
    db = os.path.join(tmp, "import-source.db")
    synth(workshop, db, ROWS_SCENARIO, visits, seed=7)
    out = os.path.join(tmp, "import-csv")
    run([workshop, "export", "--db", db, "--out", out])
    csv = os.path.join(out, "ballots.csv")
    n = visits * 10
    log(f"import: {n} rows")
    fresh = os.path.join(tmp, "import-fresh.db")
    prepare = q("rm", "-f", fresh, fresh + "-wal", fresh + "-shm", fresh + "-journal")
    (ours, _), (peer, _) = hyperfine(tmp, "import", [
        ("workshop import", q(workshop, "import", "--db", fresh, "--scenario", ROWS_SCENARIO, csv)),
        ("sqlite3 .import", q("sqlite3", fresh, f".import --csv {csv} bare")),
    ], runs, prepare=prepare)
    add_row(f"import {n:,} ballot rows (validated)", ours, peer, 2.0)
    shutil.rmtree(out)
    for f in (db, fresh):
        if os.path.exists(f):
            os.remove(f)


def bench_tally(tmp, workshop, sizes, runs):
    points = []
    for visits in sizes:
        db = os.path.join(tmp, f"tally-{visits}.db")
        seconds = synth(workshop, db, TALLY_SCENARIO, visits, seed=3)
        log(f"tally: {visits} ballots per step ({seconds:.1f} s to synthesize)")
        (ours, _), (peer, _) = hyperfine(tmp, f"tally-{visits}", [
            ("workshop tally", q(workshop, "tally", "--db", db)),
            ("sqlite3 GROUP BY", q("sqlite3", db, TALLY_SQL)),
        ], runs)
        points.append((visits, ours, peer))
        os.remove(db)
    n, ours, peer = points[-1]
    add_row(f"tally {n:,} ranking ballots x 20 options, Borda + Schulze", ours, peer, 1.0)
    growth.append(("tally (workshop tally)", [(p[0], p[1]) for p in points]))
    growth.append(("tally peer (sqlite3 GROUP BY)", [(p[0], p[2]) for p in points]))


def peak_rss_mib(command):
    """Peak resident memory (MiB) of one run of `command`, by GNU time."""
    proc = run(["/usr/bin/time", "-f", "peak_rss_kb=%M", *command])
    return keyvalues(proc.stderr.strip().splitlines()[-1])["peak_rss_kb"] / 1024


def bench_report(tmp, workshop, sizes, runs):
    """The PDF report and the workbook against `workshop export` (CSV) of the same session: time at
    the largest size, and peak memory at the smallest and the largest (it must not grow with n)."""
    out = os.path.join(tmp, "report-out")
    commands = lambda db: [
        ("workshop export (CSV)", [workshop, "export", "--db", db, "--out", out]),
        ("workshop report (PDF)", [workshop, "report", "--db", db, "--out", os.path.join(out, "r.pdf")]),
        ("workshop export --xlsx", [workshop, "export", "--db", db, "--xlsx", os.path.join(out, "r.xlsx")]),
    ]
    memory = {}  # command name -> [MiB at each size]
    for visits in sizes:
        db = os.path.join(tmp, f"report-{visits}.db")
        seconds = synth(workshop, db, ROWS_SCENARIO, visits, seed=5)
        log(f"report: {2 * visits} ballots, {10 * visits} rows ({seconds:.1f} s to synthesize)")
        for name, command in commands(db):
            os.makedirs(out, exist_ok=True)
            memory.setdefault(name, []).append(peak_rss_mib(command))
            shutil.rmtree(out, ignore_errors=True)
        os.makedirs(out)
        if visits == sizes[-1]:
            (csv_s, _), (pdf_s, _), (xlsx_s, _) = hyperfine(
                tmp, f"report-{visits}", [(name, q(*command)) for name, command in commands(db)], runs)
            add_row(f"report (PDF) of {2 * visits:,} ballots", pdf_s, csv_s, 1.0)
            add_row(f"workbook (xlsx) of {2 * visits:,} ballots ({10 * visits:,} ballot rows)", xlsx_s, csv_s, 1.0)
        shutil.rmtree(out, ignore_errors=True)
        os.remove(db)
    small, large = 2 * sizes[0], 2 * sizes[-1]
    for name, (first, last) in ((n, (m[0], m[-1])) for n, m in memory.items()):
        add_row(f"{name}: peak RSS at {large:,} vs {small:,} ballots", last, first, 1.2, unit="MiB", fmt="{:.1f}")


def bench_commit(tmp, build, visits):
    folder = os.path.join(tmp, "commit")
    os.makedirs(folder)
    log(f"durable commit: {visits} visits")
    line = run([os.path.join(build, "tests", "bench", "bench_commit"), ROWS_SCENARIO, folder, str(visits)]).stdout
    kv = keyvalues(line)
    fs = run(["stat", "-f", "-c", "%T", folder]).stdout.strip()
    add_row("durable ballot commit, median (Session::cast_visit)", kv["ours_median_us"] / 1000,
            kv["peer_median_us"] / 1000, 1.5, unit="ms")
    notes.append(f"durable commit: {int(kv['bytes_per_visit'])} bytes per visit on {fs}; p90 ours "
                 f"{kv['ours_p90_us'] / 1000:.3f} ms, raw write+fsync {kv['peer_p90_us'] / 1000:.3f} ms")
    shutil.rmtree(folder)


# --- the kiosk: frame CPU time; idle, start-up and tap-to-photon under Xvfb -------------------------------------

def bench_frame(tmp, build, ideas, options, frames):
    exe = os.path.join(build, "tests", "bench", "bench_frame")
    if not os.path.exists(exe):
        notes.append("frame: bench_frame was not built (no workshop_kiosk_ui target); skipped")
        return
    log("frame CPU time, headless")
    shots = os.path.join(tmp, "screens")
    os.makedirs(shots)
    out = run([exe, "--frames", str(frames), "--ideas", ",".join(map(str, ideas)),
               "--options", ",".join(map(str, options)), "--screenshots", shots]).stdout
    by_screen = {}
    for line in out.splitlines():
        kv = keyvalues(line)
        screen = re.search(r"screen=(\w+)", line).group(1)
        by_screen.setdefault(screen, []).append((int(kv["n"]), kv["ours_median_us"], kv["peer_median_us"],
                                                 kv["peer_open_median_us"]))
    for screen, label in (("ideas", "ideas"), ("results", "options")):
        points = by_screen.get(screen, [])
        if not points:
            continue
        n, ours, peer, peer_open = points[-1]
        what = f"idea vote, {n} ideas" if screen == "ideas" else f"results, {n} options"
        # Only a note: a frame of a few microseconds is nothing a voter feels (the `tap` part is).
        notes.append(f"frame CPU time, {what}: {ours:.0f} us, {ours / peer:.2f}x ImGui's folded demo window "
                     f"({peer:.0f} us), {ours / peer_open:.1f}x the demo with its 9 sections unfolded "
                     f"({peer_open:.0f} us); screen 1920x1080, thread CPU time, median of {frames} frames")
        growth.append((f"frame: {what.split(',')[0]} ({label})", [(p[0], p[1] / 1e6) for p in points]))


class Xvfb:
    def __init__(self):
        for n in range(90, 140):
            if not os.path.exists(f"/tmp/.X11-unix/X{n}") and not os.path.exists(f"/tmp/.X{n}-lock"):
                self.display = f":{n}"
                break
        else:
            raise SystemExit("bench: no free X display number")
        self.proc = subprocess.Popen(["Xvfb", self.display, "-screen", "0", f"{SCREEN[0]}x{SCREEN[1]}x24",
                                      "-nolisten", "tcp"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(100):
            if os.path.exists(f"/tmp/.X11-unix/X{self.display[1:]}"):
                return
            time.sleep(0.05)
        raise SystemExit("bench: Xvfb did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def screen_tools(build, what):
    """The probe, the kiosk and chromium, or None (with a note) when one is missing."""
    probe = os.path.join(build, "tests", "bench", "bench_screen_probe")
    kiosk_exe = os.path.join(build, "kiosk", "workshop-kiosk")
    chromium = shutil.which("chromium")
    missing = [p for p, ok in ((probe, os.path.exists(probe)), (kiosk_exe, os.path.exists(kiosk_exe)),
                               ("chromium", chromium)) if not ok]
    if missing:
        notes.append(f"{what}: skipped, missing {', '.join(map(str, missing))}")
        return None
    return probe, kiosk_exe, chromium


def kiosk_command(kiosk_exe, tmp, scenario, name):
    return [kiosk_exe, "--scenario", scenario, "--db", os.path.join(tmp, f"kiosk-{name}.db")]


def chromium_command(chromium, tmp, name):
    """The peer: the dot-vote page in a fresh profile, full screen, software rendering."""
    profile = os.path.join(tmp, f"chromium-{name}")
    return [chromium, "--kiosk", "--no-sandbox", "--disable-gpu", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-quic", "--disable-features=Translate", "--window-position=0,0",
            f"--window-size={SCREEN[0]},{SCREEN[1]}", f"--user-data-dir={profile}", "file://" + PAGE]


screen_medians = {}  # scenario -> the kiosk's medians, for the ten-language comparison


def bench_screen(tmp, build, runs, idle, scenario=KIOSK_SCENARIO, what=""):
    """Idle CPU and memory and start to first frame of the kiosk showing `scenario`, against chromium
    showing the dot-vote page; `what` names the scenario in the rows (empty: the default one)."""
    tools = screen_tools(build, f"kiosk idle and start-up{what}")
    if not tools:
        return
    probe, kiosk_exe, chromium = tools
    xvfb = Xvfb()
    env = dict(os.environ, DISPLAY=xvfb.display)
    env.pop("WAYLAND_DISPLAY", None)
    tag = os.path.splitext(os.path.basename(scenario))[0]

    def probe_run(name, cmd, learn):
        ref = os.path.join(tmp, f"{name}-{tag}.ref")
        args = [probe, "--reference", ref, "--timeout", "60", "--settle", "3"]
        args += ["--learn"] if learn else ["--idle", str(idle)]
        result = run(args + ["--"] + cmd, env=env, check=False)
        if result.returncode != 0:
            raise SystemExit(f"bench: {name} did not show a steady picture:\n{result.stdout}{result.stderr[-2000:]}")
        return keyvalues(result.stdout)

    try:
        log(f"kiosk{what} and chromium under Xvfb: learning each settled picture")
        probe_run("kiosk", kiosk_command(kiosk_exe, tmp, scenario, f"{tag}-learn"), True)
        probe_run("chromium", chromium_command(chromium, tmp, f"{tag}-learn"), True)
        samples = {"kiosk": [], "chromium": []}
        for i in range(runs):  # interleaved, so drift on the machine hits both alike
            log(f"kiosk{what} and chromium under Xvfb: run {i + 1} of {runs}")
            samples["kiosk"].append(probe_run("kiosk", kiosk_command(kiosk_exe, tmp, scenario, f"{tag}-{i}"), False))
            samples["chromium"].append(probe_run("chromium", chromium_command(chromium, tmp, f"{tag}-{i}"), False))
    finally:
        xvfb.stop()

    def med(name, key):
        return statistics.median(s[key] for s in samples[name])

    screen_medians[scenario] = {k: med("kiosk", k) for k in ("rss_peak_kb", "pss_peak_kb", "first_frame_ms")}
    add_row(f"kiosk{what} idle {idle:g} s on the attract screen: CPU (vs chromium --kiosk)",
            med("kiosk", "idle_cpu_s"), med("chromium", "idle_cpu_s"), 0.1)
    add_row(f"kiosk{what} idle: peak PSS, all processes", med("kiosk", "pss_peak_kb") / 1024,
            med("chromium", "pss_peak_kb") / 1024, 0.2, unit="MiB", fmt="{:.1f}")
    add_row(f"kiosk{what} idle: peak RSS, all processes", med("kiosk", "rss_peak_kb") / 1024,
            med("chromium", "rss_peak_kb") / 1024, 0.2, unit="MiB", fmt="{:.1f}")
    add_row(f"start to first frame{what} (settled picture on screen)", med("kiosk", "first_frame_ms"),
            med("chromium", "first_frame_ms"), 0.2, unit="ms", fmt="{:.0f}")
    version = run([chromium, "--version"], check=False).stdout.strip()
    notes.append(f"peer browser: {version}, software rendering (--disable-gpu); kiosk{what}: Mesa llvmpipe under Xvfb "
                 f"{SCREEN[0]}x{SCREEN[1]}; medians of {runs} interleaved runs, fresh database and profile each")
    notes.append(f"start-up{what}: first change on screen (an empty window counts) after "
                 f"{med('kiosk', 'first_change_ms'):.0f} ms (kiosk) and {med('chromium', 'first_change_ms'):.0f} ms "
                 f"(chromium); chromium ran {med('chromium', 'processes'):.0f} processes")


def bench_languages(tmp, build, runs, idle):
    """The same rows with all ten kiosk languages in the scenario (every script in the atlas)."""
    bench_screen(tmp, build, runs, idle, scenario=TEN_LANGUAGES_SCENARIO, what=", ten languages")
    three, ten = screen_medians.get(KIOSK_SCENARIO), screen_medians.get(TEN_LANGUAGES_SCENARIO)
    if three and ten:
        notes.append(f"ten languages against the three of {os.path.basename(KIOSK_SCENARIO)}: peak RSS "
                     f"{ten['rss_peak_kb'] / three['rss_peak_kb']:.2f}x ({(ten['rss_peak_kb'] - three['rss_peak_kb']) / 1024:+.1f} MiB), "
                     f"PSS {ten['pss_peak_kb'] / three['pss_peak_kb']:.2f}x, start to first frame "
                     f"{ten['first_frame_ms'] / three['first_frame_ms']:.2f}x")


# Where to tap at 1280x800 (the Xvfb screen), for each program: the first card ("Huisvesting",
# which gets a dot) and its "−" (which takes it back), in turn; and the box to watch, the row of
# dots left under the prompt (it changes with every dot given or taken back, and with nothing
# else: not with a button's pressed look). The kiosk first leaves its attract screen.
TAP_PLANS = {
    "kiosk": {"start": [(640, 400)], "taps": [(330, 330), (531, 407)], "watch": (28, 160, 124, 26)},
    "chromium": {"start": [], "taps": [(330, 330), (500, 405)], "watch": (36, 176, 150, 38)},
}


def bench_tap(tmp, build, taps, rounds):
    """Tap-to-photon: a tap sent to the X server until the changed picture is on screen, for the
    kiosk and for chromium showing the same dot-vote screen, interleaved in rounds."""
    tools = screen_tools(build, "tap-to-photon")
    if not tools:
        return
    probe, kiosk_exe, chromium = tools
    xvfb = Xvfb()
    env = dict(os.environ, DISPLAY=xvfb.display)
    env.pop("WAYLAND_DISPLAY", None)
    latencies = {"kiosk": [], "chromium": []}

    def probe_run(name, cmd, count):
        plan = TAP_PLANS[name]
        args = [probe, "--taps", str(count), "--timeout", "60", "--settle", "2",
                "--watch", ",".join(map(str, plan["watch"])), "--dump", os.path.join(tmp, f"{name}-tap-failed.ppm")]
        for x, y in plan["start"]:
            args += ["--start-tap", f"{x},{y}"]
        for x, y in plan["taps"]:
            args += ["--tap", f"{x},{y}"]
        result = run(args + ["--"] + cmd, env=env, check=False)
        if result.returncode != 0:
            raise SystemExit(f"bench: tap-to-photon in {name} failed (the screen then: {name}-tap-failed.ppm, kept "
                             f"with --keep):\n{result.stdout}{result.stderr[-2000:]}")
        found = re.search(r"tap_ms=([\d.,]+)", result.stdout)
        latencies[name] += [float(v) for v in found.group(1).split(",")]

    try:
        for i in range(rounds):  # interleaved, so drift on the machine hits both alike
            log(f"tap-to-photon under Xvfb: round {i + 1} of {rounds}, {taps} taps each")
            probe_run("kiosk", kiosk_command(kiosk_exe, tmp, TAP_SCENARIO, f"tap-{i}"), taps)
            probe_run("chromium", chromium_command(chromium, tmp, f"tap-{i}"), taps)
    finally:
        xvfb.stop()
    ours, peer = statistics.median(latencies["kiosk"]), statistics.median(latencies["chromium"])
    n = len(latencies["kiosk"])
    add_row(f"tap-to-photon, dot vote: median of {n} taps (vs chromium)", ours, peer, 0.5, unit="ms", fmt="{:.1f}")

    def p90(v):
        return sorted(v)[int(0.9 * (len(v) - 1) + 0.5)]

    notes.append(f"tap-to-photon: XTest press+release until the dots-left row changed, polled every 0.5 ms; p90 "
                 f"kiosk {p90(latencies['kiosk']):.1f} ms, chromium {p90(latencies['chromium']):.1f} ms; "
                 f"{rounds} interleaved rounds of {taps} taps (a card, then its minus), fresh profile and database each")


# --- the hub: freshness, pushes, and the kiosk's frames while it syncs ------------------------------

# A push's rows as the hub stores a ballot, for the peer's \copy: the same columns and values.
HUB_ROWS_SQL = ("SELECT b.visit, b.step, b.role, b.lang, b.cast_at, b.kiosk, b.source,"
                " '{' || group_concat(m.option, ',') || '}', '{' || group_concat(m.value, ',') || '}'"
                " FROM ballots AS b JOIN marks AS m ON m.ballot = b.id GROUP BY b.id ORDER BY b.id")
BARE_TABLE = ("CREATE TABLE bare (session bigint, visit text, step text, role text, lang text, cast_at text,"
              " screen text, source text, options text[], vals integer[], kiosk text)")
BARE_COLUMNS = "bare (visit, step, role, lang, cast_at, screen, source, options, vals)"
# The same table with the keys the hub's ballots table needs (hub.cpp): its order, one row per
# visit and step (nothing doubled), the pull's index, the session it belongs to.
KEYED_TABLE = ("CREATE TABLE sessions (id bigint PRIMARY KEY); INSERT INTO sessions VALUES (1);"
               " CREATE SEQUENCE seq; CREATE TABLE bare (seq bigint PRIMARY KEY DEFAULT nextval('seq'),"
               " session bigint NOT NULL DEFAULT 1 REFERENCES sessions (id), visit text, step text, role text,"
               " lang text, cast_at text, screen text, source text, options text[], vals integer[], kiosk text,"
               " UNIQUE (session, visit, step)); CREATE INDEX bare_by_session ON bare (session, seq)")
# The bare table with only the key that "nothing doubled" needs: visit ids are random (UUIDv4:
# a time-ordered id would give away the voting order), so each row lands at a random place in it.
UNIQUE_TABLE = ("CREATE TABLE bare (session bigint NOT NULL DEFAULT 1, visit text, step text, role text, lang text,"
                " cast_at text, screen text, source text, options text[], vals integer[], kiosk text,"
                " UNIQUE (session, visit, step))")


class Hub:
    """A private PostgreSQL (tests/hub/pg_harness.py) and fresh hub databases in it."""

    def __init__(self, workshop):
        sys.path.insert(0, os.path.join(ROOT, "tests", "hub"))
        import pg_harness
        self.pg = pg_harness.PgServer(log_statements=False).__enter__()
        self.psql_bin = pg_harness.pg_bin("psql")
        self.workshop = workshop
        self.count = 0

    def fresh(self, init=True):
        """The URL of a new, empty database (with the hub schema when `init`)."""
        self.count += 1
        name = f"hub{self.count}"
        self.pg.psql(f"CREATE DATABASE {name}")
        url = self.pg.url().replace("dbname=workshop", f"dbname={name}")
        if init:
            run([self.workshop, "hub", "init", url])
        return url

    def stop(self):
        self.pg.__exit__(None, None, None)


def timed(cmd):
    start = time.monotonic()
    run(cmd)
    return time.monotonic() - start


def copy_db(source, target):
    for suffix in ("-wal", "-shm"):
        if os.path.exists(target + suffix):
            os.remove(target + suffix)
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)


def bench_hub_freshness(tmp, hub, exe, visits, repeats):
    results = []
    for i in range(repeats):
        folder = os.path.join(tmp, f"fresh-{i}")
        os.makedirs(folder)
        log(f"hub freshness: {visits} visits, run {i + 1} of {repeats}")
        results.append(keyvalues(run([exe, "freshness", hub.fresh(), HUB_SCENARIO, folder, str(visits)]).stdout))
    med = {k: statistics.median(r[k] for r in results) for k in ("p50_ms", "p95_ms", "max_ms")}
    add_row(f"hub freshness A->B replica, p95 of {visits} visits (peer: the 1 s target)", med["p95_ms"], 1000, 1.0,
            unit="ms", fmt="{:.1f}")
    notes.append(f"hub freshness: p50 {med['p50_ms']:.1f} ms, p95 {med['p95_ms']:.1f} ms, longest {med['max_ms']:.1f} ms "
                 f"(medians of {repeats} runs of {visits} visits each; cast at kiosk A committed, until kiosk B's file "
                 f"holds it; both through the kiosk's sync thread, LISTEN/NOTIFY)")


def bench_hub_push(tmp, hub, big, ballots, repeats):
    csv = os.path.join(tmp, "hub-rows.csv")
    with open(csv, "w") as f:
        subprocess.run(["sqlite3", "-csv", big, HUB_ROWS_SQL], stdout=f, check=True)
    work = os.path.join(tmp, "push.db")
    ours, peer, keyed, unique = [], [], [], []

    def copy_into(table):
        url = hub.fresh(init=False)
        run([hub.psql_bin, "-X", "-q", "-d", url, "-c", table])
        return timed([hub.psql_bin, "-X", "-q", "-d", url, "-c", f"\\copy {BARE_COLUMNS} FROM '{csv}' CSV"])

    for i in range(repeats):  # interleaved, each on fresh data
        log(f"hub push: {ballots} ballots, run {i + 1} of {repeats}")
        url = hub.fresh()
        copy_db(big, work)
        ours.append(timed([hub.workshop, "sync", "--db", work, "--hub", url, "--kiosk", "bench-1"]))
        peer.append(copy_into(BARE_TABLE))
        keyed.append(copy_into(KEYED_TABLE))
        unique.append(copy_into(UNIQUE_TABLE))
    add_row(f"hub: workshop sync of {ballots:,} ballots from one file (vs psql \\copy into a bare table)",
            statistics.median(ours), statistics.median(peer), 2.0)
    add_row(f"hub: the same sync (vs psql \\copy into a table with the hub's keys)",
            statistics.median(ours), statistics.median(keyed), 2.0)
    notes.append(f"hub push: psql \\copy into the bare table with only the one-row-per-visit-and-step key took "
                 f"{statistics.median(unique) / statistics.median(peer):.2f}x the bare table, with all the hub's keys "
                 f"{statistics.median(keyed) / statistics.median(peer):.2f}x (medians of {repeats})")
    os.remove(csv)


def bench_hub_kiosks(tmp, hub, exe, big, ballots, kiosks, repeats):
    log(f"hub: {kiosks} kiosk files of {ballots // kiosks} ballots")
    sources = []
    for k in range(kiosks):
        db = os.path.join(tmp, f"kiosk-source-{k}.db")
        synth(hub.workshop, db, HUB_SCENARIO, ballots // kiosks, seed=100 + k)
        sources.append(db)
    many = [os.path.join(tmp, f"kiosk-{k}.db") for k in range(kiosks)]
    one = os.path.join(tmp, "kiosk-one.db")
    ours, peer = [], []
    for i in range(repeats):
        log(f"hub: {kiosks} kiosks pushing at once vs one, run {i + 1} of {repeats}")
        for source, target in zip(sources, many):
            copy_db(source, target)
        ours.append(keyvalues(run([exe, "push", hub.fresh(), *many]).stdout)["seconds"])
        copy_db(big, one)
        peer.append(keyvalues(run([exe, "push", hub.fresh(), one]).stdout)["seconds"])
    add_row(f"hub: {kiosks} kiosks pushing {ballots:,} ballots at once (vs one kiosk pushing as many)",
            statistics.median(ours), statistics.median(peer), 1.5)


# The frame rows ask "does the UI thread's frame get longer because of the hub?". On a shared
# 2-core machine a frame's wall time mostly says how long other programs held the CPUs, so each
# frame counts its wall time less the time the UI thread sat runnable waiting for a CPU (Linux
# schedstat, per thread): time it blocked on a lock, the disk or the network still counts, and
# so does its own work. Quiet and busy windows alternate within one run (drift hits both alike);
# the row is the median over the rounds of each window's longest frame, the raw wall and CPU
# times go into a note. `--slow-arrival sleep:5` (bench_hub only) proves the rows can fail.
FRAME_METRIC = "longest frame less CPU queueing"


def frame_rounds(exe, args, what):
    """Medians over the rounds of each window's longest frame (net of run-queue waits); the raw
    wall and CPU times, run-queue waits and blocked frames go into a note."""
    env = dict(os.environ, WORKSHOP_BENCH_SLOW=SLOW_ARRIVAL) if SLOW_ARRIVAL else None
    out = run([exe, "frames", *map(str, args)], env=env).stdout
    rounds = [keyvalues(line) for line in out.splitlines() if line.startswith("round=")]

    def med(key):
        return statistics.median(r[key] for r in rounds)

    def each(key):
        return " / ".join(f"{r[key]:.2f}" for r in rounds)

    if not all(r["schedstat"] for r in rounds):
        notes.append(f"hub frames, {what}: /proc/self/task/TID/schedstat unavailable: the row compares plain wall time")
    def total(key):
        return sum(int(r[key]) for r in rounds)

    notes.append(f"hub frames, {what}: {len(rounds)} rounds; longest frame less CPU queueing, busy {each('busy_ms')} "
                 f"against quiet {each('quiet_ms')} ms. Raw: longest wall time {each('busy_wall_ms')} against "
                 f"{each('quiet_wall_ms')} ms (medians {med('busy_wall_ms'):.2f} / {med('quiet_wall_ms'):.2f}); "
                 f"left out, the UI thread's waits for a CPU inside frames: {sum(r['busy_queued_sum_ms'] for r in rounds):.1f} "
                 f"ms in all, at most {max(r['busy_queued_max_ms'] for r in rounds):.2f} in one frame (quiet "
                 f"{sum(r['quiet_queued_sum_ms'] for r in rounds):.1f}, {max(r['quiet_queued_max_ms'] for r in rounds):.2f}); "
                 f"longest UI-thread CPU time, medians {med('busy_cpu_ms'):.2f} against {med('quiet_cpu_ms'):.2f} ms; "
                 f"frames in which the UI thread blocked {total('busy_blocked')} of {total('busy_frames')} (quiet "
                 f"{total('quiet_blocked')} of {total('quiet_frames')}); frames that took in an arrival "
                 f"{total('busy_arrivals')} (quiet {total('quiet_arrivals')})")
    return med("quiet_ms"), med("busy_ms"), rounds


def bench_hub_frames(tmp, hub, exe, big, ballots, burst, window, rounds):
    folder = os.path.join(tmp, "frames")
    os.makedirs(folder)
    if SLOW_ARRIVAL:
        notes.append(f"hub frames: DELIBERATE SLOWDOWN --slow-arrival {SLOW_ARRIVAL} (the UI thread, once per arrival, "
                     "inside the frame): these rows show the bench can fail, they do not measure the kiosk")
    bursts = []
    for r in range(rounds):
        db = os.path.join(folder, f"burst-{r}.db")
        synth(hub.workshop, db, HUB_SCENARIO, burst, seed=500 + r)
        bursts.append(db)
    log(f"hub frames: the voter's screen while {burst} ballots of another kiosk arrive ({rounds} rounds)")
    quiet, busy, got = frame_rounds(exe, [hub.fresh(), HUB_SCENARIO, os.path.join(folder, "vote.db"), "vote", "burst",
                                          window, rounds, *bursts], "burst")
    add_row(f"hub: kiosk's {FRAME_METRIC} while it pulls {burst:,} ballots (vs the same screen, no sync)", busy, quiet,
            1.2, unit="ms", fmt="{:.2f}")
    notes.append(f"hub frames: 60 frames/s, 1920x1080 headless; the burst's window lasts until the screen has all of it "
                 f"({', '.join('%.1f' % (r['busy_frames'] / 60) for r in got)} s), the quiet one as long; pulled per "
                 "round: " + ", ".join(str(int(r["pulled"])) for r in got))
    results = os.path.join(folder, "results.db")
    copy_db(big, results)
    log(f"hub frames: a revealed {os.path.basename(big)} session receiving 10 ballots/s")
    trickle_rounds = 2 * rounds
    quiet, busy, got = frame_rounds(exe, [hub.fresh(), HUB_SCENARIO, results, "results", "trickle", window,
                                          trickle_rounds], "revealed results")
    add_row(f"hub: revealed results of {ballots:,} ballots receiving 10 ballots/s, {FRAME_METRIC} (vs idle)", busy, quiet,
            1.2, unit="ms", fmt="{:.2f}")
    notes.append(f"hub results: windows of {window} s; ballots cast elsewhere and pulled per round: "
                 + ", ".join(f"{int(r['cast_elsewhere'])}/{int(r['pulled'])}" for r in got))
    for name, url in (("stopped hub (no server on the socket)", f"host={folder} port=1 dbname=none user=none"),
                      ("unreachable hub address", "host=10.255.255.1 port=5432 dbname=none user=none connect_timeout=5")):
        log(f"hub frames: {name}")
        # Windows longer than the sync thread's 3 s between attempts: each holds one.
        quiet, busy, _ = frame_rounds(exe, [url, HUB_SCENARIO, os.path.join(folder, "dead.db"), "vote", "nohub",
                                            max(window, 3.5), rounds], name)
        add_row(f"hub: {FRAME_METRIC} with a {name} (vs no hub)", busy, quiet, 1.2, unit="ms", fmt="{:.2f}")


def bench_hub(tmp, build, workshop, quick, rows=("freshness", "push", "frames")):
    exe = os.path.join(build, "tests", "bench", "bench_hub")
    psql_missing = not os.path.exists(exe) or not glob_exists("/usr/lib/postgresql/*/bin/initdb")
    if psql_missing:
        notes.append("hub: skipped (bench_hub not built or PostgreSQL's initdb missing)")
        return
    ballots = 10000 if quick else 100000
    big = os.path.join(tmp, "hub-big.db")
    seconds = synth(workshop, big, HUB_SCENARIO, ballots, seed=11)
    log(f"hub: {ballots} ballots synthesized in {seconds:.1f} s")
    hub = Hub(workshop)
    try:
        if "freshness" in rows:
            bench_hub_freshness(tmp, hub, exe, 30 if quick else 200, 1 if quick else 3)
        if "push" in rows:
            bench_hub_push(tmp, hub, big, ballots, 1 if quick else 3)
            bench_hub_kiosks(tmp, hub, exe, big, ballots, 50, 1 if quick else 3)
        if "frames" in rows:
            bench_hub_frames(tmp, hub, exe, big, ballots, 2000 if quick else 20000, 1 if quick else 2, 1 if quick else 5)
    finally:
        hub.stop()


def glob_exists(pattern):
    import glob
    return bool(glob.glob(pattern))


# --- the report ----------------------------------------------------------------------------------

def print_report(elapsed):
    print()
    print("Benchmarks against peers (ratio = ours / peer, measured side by side in this run)")
    print()
    header = ("benchmark", "ours", "peer", "ratio", "target", "pass")
    table = [header] + [(n, o, p, f"{r:.2f}", f"<= {t:g}", "yes" if ok else "NO") for n, o, p, r, t, ok in rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(header))]
    for k, r in enumerate(table):
        print("  ".join(c.ljust(widths[i]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
        if k == 0:
            print("  ".join("-" * w for w in widths))
    print()
    print("Cost growth from 10x smaller (k in t ~ n^k: 1 = linear, ~1.1-1.2 = n log n, 2 = quadratic)")
    print()
    for name, points in growth:
        k = exponent(points)
        sizes = "  ".join(f"n={n:,}: {t * 1000:.2f} ms" for n, t in points)
        verdict = "ok" if k <= 1.3 else "NOT linear/n log n"
        print(f"  {name:34s} {sizes}   k={k:.2f} {verdict}")
    if notes:
        print()
        for n in notes:
            print(f"  note: {n}")
    print()
    print(f"  {sum(1 for r in rows if r[5])} of {len(rows)} ratios within target; total time {elapsed / 60:.1f} min")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--build", required=True)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--strict", action="store_true")
    parser.add_argument("--only", default=",".join(PARTS),
                        help="comma-separated parts to run: " + ", ".join(PARTS))
    parser.add_argument("--slow-arrival", default="", metavar="sleep:MS|spin:MS",
                        help="hub frame rows: the UI thread sleeps (or computes) MS in each frame that took in an "
                             "arrival, to show the rows can fail")
    args = parser.parse_args()
    global SLOW_ARRIVAL
    SLOW_ARRIVAL = args.slow_arrival
    only = set(args.only.split(","))
    if not only <= set(PARTS):
        parser.error(f"--only: unknown part(s) {', '.join(sorted(only - set(PARTS)))}; known: {', '.join(PARTS)}")
    build = os.path.abspath(args.build)
    workshop = os.path.join(build, "engine", "workshop")
    started = time.monotonic()
    tmp = tempfile.mkdtemp(prefix="workshop-bench-")
    try:
        quick = args.quick
        parts = {
            "export": lambda: bench_export(tmp, workshop, [1000, 3162, 10000] if quick else [10000, 31623, 100000],
                                           runs=2 if quick else 5),
            "import": lambda: bench_import(tmp, workshop, 2000 if quick else 20000, runs=2 if quick else 5),
            "tally": lambda: bench_tally(tmp, workshop, [1000, 3162, 10000] if quick else [10000, 31623, 100000],
                                         runs=2 if quick else 5),
            "report": lambda: bench_report(tmp, workshop, [1000, 5000] if quick else [10000, 50000],
                                           runs=2 if quick else 5),
            "commit": lambda: bench_commit(tmp, build, 50 if quick else 300),
            "frame": lambda: bench_frame(tmp, build, [50, 158, 500], [6, 19, 60], frames=50 if quick else 300),
            "screen": lambda: bench_screen(tmp, build, runs=1 if quick else 5, idle=3 if quick else 10),
            "languages": lambda: bench_languages(tmp, build, runs=1 if quick else 5, idle=3 if quick else 10),
            "tap": lambda: bench_tap(tmp, build, taps=10 if quick else 30, rounds=1 if quick else 2),
            "hub": lambda: bench_hub(tmp, build, workshop, quick),
            "hub-frames": lambda: bench_hub(tmp, build, workshop, quick, rows=("frames",)),
            "hub-push": lambda: bench_hub(tmp, build, workshop, quick, rows=("push",)),
        }
        if "hub" in only:
            only -= {"hub-frames", "hub-push"}  # their rows are part of `hub`
        for part in PARTS:  # always in this order, whatever the order given to --only
            if part in only:
                parts[part]()
    finally:
        if args.keep:
            log(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print_report(time.monotonic() - started)
    within = all(r[5] for r in rows) and all(exponent(points) <= 1.3 for _, points in growth)
    return 1 if args.strict and not within else 0


if __name__ == "__main__":
    sys.exit(main())
