#!/usr/bin/env python3
"""Where a kiosk tap's time goes: the `tap` part of run_bench.py once, with the kiosk's
--trace-taps and the probe's --trace, both on the monotonic clock, joined tap by tap.

    python3 tests/bench/tap_phases.py --build build-bench [--taps 30] [ENV=VALUE ...]

ENV=VALUE pairs go to the kiosk (e.g. LP_NUM_THREADS=1). Prints the median and p90 of each phase:
sent -> input (the X server and the kiosk waking), -> built (the frames a tap passes through),
-> damage (which rectangles changed), -> drawn (draw commands submitted), -> finished (llvmpipe
done filling: a glFinish made only when tracing), -> copied (GLX_MESA_copy_sub_buffer), -> seen
(the probe's next look at the watched box). The glFinish makes a traced tap a little slower than
an untraced one: the bench's numbers come from run_bench.py."""
import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import run_bench  # noqa: E402  (its plan, scenario and Xvfb)

PHASES = ("input", "built", "damage", "drawn", "finished", "copied")
FRAME = re.compile(r"tap: woke ([\d.]+) input ([\d.]+) built ([\d.]+) \(\d+ frames\) damage ([\d.]+) drawn ([\d.]+) "
                   r"finished ([\d.]+) copied ([\d.]+) \((\d+) rects, (\d+) pixels\)")
TAP = re.compile(r"tap \d+ sent ([\d.]+) seen ([\d.]+)")


def percentile(values, q):
    values = sorted(values)
    return values[int(q * (len(values) - 1) + 0.5)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", required=True)
    ap.add_argument("--taps", type=int, default=30)
    ap.add_argument("env", nargs="*", help="ENV=VALUE for the kiosk")
    args = ap.parse_args()
    plan = run_bench.TAP_PLANS["kiosk"]
    tmp = tempfile.mkdtemp(prefix="tap-phases-")
    probe = os.path.join(args.build, "tests", "bench", "bench_screen_probe")
    cmd = [probe, "--taps", str(args.taps), "--timeout", "60", "--settle", "2", "--trace",
           "--watch", ",".join(map(str, plan["watch"]))]
    for flag, points in (("--start-tap", plan["start"]), ("--tap", plan["taps"])):
        for x, y in points:
            cmd += [flag, f"{x},{y}"]
    cmd += ["--"] + run_bench.kiosk_command(os.path.join(args.build, "kiosk", "workshop-kiosk"), tmp,
                                            run_bench.TAP_SCENARIO, "phases") + ["--trace-taps"]
    xvfb = run_bench.Xvfb()
    try:
        env = dict(os.environ, DISPLAY=xvfb.display, **dict(kv.split("=", 1) for kv in args.env))
        env.pop("WAYLAND_DISPLAY", None)
        result = subprocess.run(cmd, env=env, capture_output=True, text=True)
    finally:
        xvfb.stop()
    if result.returncode != 0:
        raise SystemExit(f"tap_phases: the probe failed:\n{result.stdout}{result.stderr[-2000:]}")
    frames = [tuple(map(float, m)) for m in FRAME.findall(result.stderr)]
    rows = []
    for sent, seen in (tuple(map(float, m)) for m in TAP.findall(result.stderr)):
        mine = [f for f in frames if sent <= f[0] <= seen + 100]  # the first frame presented after the tap
        if mine:
            woke, *stamps, rects, pixels = mine[0]
            rows.append(dict(zip(PHASES, stamps), sent=sent, seen=seen, rects=rects, pixels=pixels))
    if not rows:
        raise SystemExit("tap_phases: no tap matched a traced frame")
    print(result.stdout.splitlines()[0])
    print(f"{len(rows)} taps; ms, median / p90 (rectangles {statistics.median(r['rects'] for r in rows):.0f}, "
          f"pixels {statistics.median(r['pixels'] for r in rows):.0f}):")
    previous = "sent"
    for phase in PHASES + ("seen",):
        took = [r[phase] - r[previous] for r in rows]
        print(f"  {previous:>8} -> {phase:<8} {statistics.median(took):6.2f} / {percentile(took, 0.9):6.2f}")
        previous = phase
    total = [r["seen"] - r["sent"] for r in rows]
    print(f"  {'sent':>8} -> {'seen':<8} {statistics.median(total):6.2f} / {percentile(total, 0.9):6.2f}")


if __name__ == "__main__":
    main()
