#!/usr/bin/env python3
"""Side-by-side benchmarks of `make bench`: each of our timings is measured in the same run as its
peer's, on the same data, and only the ratio is judged (absolute times on a shared 2-core machine
mean little). Prints one table of ratios, then how costs grow with size.

usage: run_bench.py --build BUILD_DIR [--quick] [--keep] [--strict] [--only PART,...]
  --quick   smaller sizes and fewer repeats (a smoke test of the script, not a measurement)
  --keep    keep the temporary folder (data, hyperfine JSON, screenshots) and print its path
  --strict  exit 1 when a ratio misses its target or a cost grows faster than n log n
  --only    run only these parts: export, import, tally, report, commit, frame, screen (default: all)
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

PARTS = ("export", "import", "tally", "report", "commit", "frame", "screen")

rows = []      # the ratio table: (name, ours, peer, ratio, target, ok)
growth = []    # (name, [(n, seconds)], exponent)
notes = []


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


# --- the kiosk: frame CPU time, idle and start-up under Xvfb -------------------------------------

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
        add_row(f"frame CPU time: {what} (vs ShowDemoWindow)", ours, peer, 1.0, unit="us", fmt="{:.0f}")
        notes.append(f"frame, {what}: {ours / peer_open:.1f}x the demo window with its 9 sections unfolded "
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


def bench_screen(tmp, build, runs, idle):
    probe = os.path.join(build, "tests", "bench", "bench_screen_probe")
    kiosk_exe = os.path.join(build, "kiosk", "workshop-kiosk")
    chromium = shutil.which("chromium")
    missing = [p for p, ok in ((probe, os.path.exists(probe)), (kiosk_exe, os.path.exists(kiosk_exe)),
                               ("chromium", chromium)) if not ok]
    if missing:
        notes.append(f"kiosk idle and start-up: skipped, missing {', '.join(map(str, missing))}")
        return
    xvfb = Xvfb()
    env = dict(os.environ, DISPLAY=xvfb.display)
    env.pop("WAYLAND_DISPLAY", None)

    def kiosk(i):
        return [kiosk_exe, "--scenario", KIOSK_SCENARIO, "--db", os.path.join(tmp, f"kiosk-{i}.db")]

    def browser(i):
        profile = os.path.join(tmp, f"chromium-{i}")
        return [chromium, "--kiosk", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-quic", "--disable-features=Translate", "--window-position=0,0",
                f"--window-size={SCREEN[0]},{SCREEN[1]}", f"--user-data-dir={profile}", "file://" + PAGE]

    def probe_run(name, cmd, learn):
        ref = os.path.join(tmp, f"{name}.ref")
        args = [probe, "--reference", ref, "--timeout", "60", "--settle", "3"]
        args += ["--learn"] if learn else ["--idle", str(idle)]
        result = run(args + ["--"] + cmd, env=env, check=False)
        if result.returncode != 0:
            raise SystemExit(f"bench: {name} did not show a steady picture:\n{result.stdout}{result.stderr[-2000:]}")
        return keyvalues(result.stdout)

    try:
        log("kiosk and chromium under Xvfb: learning each settled picture")
        probe_run("kiosk", kiosk("learn"), True)
        probe_run("chromium", browser("learn"), True)
        samples = {"kiosk": [], "chromium": []}
        for i in range(runs):  # interleaved, so drift on the machine hits both alike
            log(f"kiosk and chromium under Xvfb: run {i + 1} of {runs}")
            samples["kiosk"].append(probe_run("kiosk", kiosk(i), False))
            samples["chromium"].append(probe_run("chromium", browser(i), False))
    finally:
        xvfb.stop()

    def med(name, key):
        return statistics.median(s[key] for s in samples[name])

    add_row(f"kiosk idle {idle:g} s on the attract screen: CPU (vs chromium --kiosk)",
            med("kiosk", "idle_cpu_s"), med("chromium", "idle_cpu_s"), 0.1)
    add_row("kiosk idle: peak PSS, all processes", med("kiosk", "pss_peak_kb") / 1024,
            med("chromium", "pss_peak_kb") / 1024, 0.2, unit="MiB", fmt="{:.1f}")
    add_row("kiosk idle: peak RSS, all processes", med("kiosk", "rss_peak_kb") / 1024,
            med("chromium", "rss_peak_kb") / 1024, 0.2, unit="MiB", fmt="{:.1f}")
    add_row("start to first frame (settled picture on screen)", med("kiosk", "first_frame_ms"),
            med("chromium", "first_frame_ms"), 0.2, unit="ms", fmt="{:.0f}")
    version = run([chromium, "--version"], check=False).stdout.strip()
    notes.append(f"peer browser: {version}, software rendering (--disable-gpu); kiosk: Mesa llvmpipe under Xvfb "
                 f"{SCREEN[0]}x{SCREEN[1]}; medians of {runs} interleaved runs, fresh database and profile each")
    notes.append("start-up: first change on screen (an empty window counts) after "
                 f"{med('kiosk', 'first_change_ms'):.0f} ms (kiosk) and {med('chromium', 'first_change_ms'):.0f} ms "
                 f"(chromium); chromium ran {med('chromium', 'processes'):.0f} processes")


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
    args = parser.parse_args()
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
        }
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
