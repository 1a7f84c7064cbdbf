#!/usr/bin/env bash
# `make bench`: benchmarks against peers, measured side by side (tests/bench/run_bench.py).
# Installs the extra Debian packages it needs (skipping installed ones), builds a Release build
# into build-bench with -DWORKSHOP_BENCH=ON, runs everything and prints one table of ratios.
# Arguments go to run_bench.py: --quick (a smoke test with small sizes), --keep (keep the data),
# --strict (exit 1 when a ratio misses its target), --only PART,... (export, import, tally, report,
# commit, frame, screen, languages, tap, hub, hub-push), e.g. `bash scripts/bench.sh --strict` or `--only export,import`.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config python3 sqlite3 libsqlite3-dev
  hyperfine time chromium xvfb xauth x11-utils libx11-dev libxext-dev
  libxtst-dev fonts-dejavu-core libgl1-mesa-dri libglx-mesa0 postgresql libpq-dev
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

build=build-bench
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DWORKSHOP_BENCH=ON >/dev/null
targets=(workshop bench_commit)
# The kiosk's targets exist only when the kiosk is configured (WORKSHOP_BUILD_KIOSK).
known=$(cmake --build "$build" --target help)
for t in workshop-kiosk bench_frame bench_screen_probe bench_hub; do
  if grep -qx "\.\.\. $t" <<<"$known"; then targets+=("$t"); fi
done
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"
exec python3 tests/bench/run_bench.py --build "$build" "$@"
