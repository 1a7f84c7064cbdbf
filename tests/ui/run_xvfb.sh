#!/bin/sh
# run_xvfb.sh KIOSK SCENARIO SCRIPT OUTDIR — the real GLFW/OpenGL window under a virtual X
# server, driven by a script that takes screenshots with glReadPixels. Exit 77 (skipped) only
# when xvfb-run is not installed.
set -eu
kiosk=$1 scenario=$2 script=$3 out=$4
command -v xvfb-run >/dev/null 2>&1 || { echo "xvfb-run is not installed: skipped"; exit 77; }
rm -rf "$out"
mkdir -p "$out"
# Under `make test-sanitize`: Mesa's GL driver is unloaded at exit and leaves a few allocations
# LeakSanitizer can no longer name (112 bytes, in no module of ours). Leaks in our own code are
# checked by every headless test; here only ASan's memory errors count.
if [ -n "${ASAN_OPTIONS:-}" ]; then export ASAN_OPTIONS="$ASAN_OPTIONS:detect_leaks=0"; fi
xvfb-run -a -s "-screen 0 1920x1080x24" \
  "$kiosk" --windowed 1920x1080 --scenario "$scenario" --db "$out/workshop.db" \
  --script "$script" --screenshots "$out" --trace-startup 2> "$out/stderr.txt" || { cat "$out/stderr.txt"; exit 1; }
cat "$out/stderr.txt"
# --trace-startup names every phase, in the order they end on the main thread.
phases=$(sed -n 's/.*start-up: \(.*\) at [0-9.]* ms (CPU: this thread [0-9.]* ms, all [0-9.]* ms)$/\1/p' "$out/stderr.txt" | grep -v 'second thread' | tr '\n' '|')
expected="GLFW connected to the display|window and OpenGL context|ImGui backend and font texture|first frame drawn|first frame presented|"
[ "$phases" = "$expected" ] || { echo "start-up phases: $phases (expected $expected)"; exit 1; }
for phase in 'scenario, database and App' 'fonts'; do
  grep -q "start-up: $phase (second thread) at" "$out/stderr.txt" || { echo "no start-up trace of the second thread: $phase"; exit 1; }
done
# On X11 the kiosk makes the OpenGL context itself (platform/window_context.h), not by GLFW's
# walk over every framebuffer config of the X server.
grep -q "start-up: the context made with GLX for the window's visual$" "$out/stderr.txt" || { echo "the OpenGL context was not made with GLX directly"; exit 1; }
grep -q 'start-up: font atlas [0-9]* glyphs in [0-9]* fonts ([0-9 +]*), texture [0-9]*x[0-9]*, [0-9.]* ms of CPU$' "$out/stderr.txt" || { echo "no font atlas in the start-up trace"; exit 1; }
# A script's screenshots come from the whole atlas: its first frame is not made with fewer glyphs.
if grep -q "start-up: the other screens' glyphs" "$out/stderr.txt"; then echo "a script's kiosk built its atlas in two steps"; exit 1; fi
for shot in window-attract.png window-dot-vote.png window-keyboard.png; do
  [ -s "$out/$shot" ] || { echo "missing screenshot: $out/$shot"; exit 1; }
done
# A real frame is not one flat colour: the PNG of a drawn screen is well over a few KB.
size=$(wc -c < "$out/window-dot-vote.png")
[ "$size" -gt 20000 ] || { echo "window-dot-vote.png looks empty ($size bytes)"; exit 1; }
# Without a script (a kiosk for people): the first frame has only the attract screen's glyphs and
# the rest follow once it is on screen, at the first input or after a moment of quiet
# (App::FontScope, complete_fonts in main.cpp).
xvfb-run -a -s "-screen 0 1280x800x24" sh -c '
  "$1" --windowed 1280x800 --scenario "$2" --db "$3/people.db" --trace-startup 2> "$3/people.txt" &
  kiosk=$!
  for i in $(seq 600); do grep -q "the other screens" "$3/people.txt" && break; sleep 0.1; done
  kill $kiosk; wait $kiosk || true' sh "$kiosk" "$scenario" "$out"
cat "$out/people.txt"
phases=$(sed -n 's/.*start-up: \(.*\) at [0-9.]* ms (CPU: this thread [0-9.]* ms, all [0-9.]* ms)$/\1/p' "$out/people.txt" | grep -v 'second thread' | tr '\n' '|')
expected="GLFW connected to the display|window and OpenGL context|ImGui backend and font texture|first frame drawn|first frame presented|the other screens' glyphs|"
[ "$phases" = "$expected" ] || { echo "start-up phases without a script: $phases (expected $expected)"; exit 1; }
echo "screenshots in $out"
