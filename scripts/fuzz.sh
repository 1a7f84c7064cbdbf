#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + libFuzzer) into build-fuzz and runs
# each for FUZZ_SECONDS (default 60). Exits non-zero when a target crashed, leaked, hung or broke
# an invariant; the input is then in build-fuzz/artifacts/<target>/ — copy it to
# tests/fuzz/regressions/<target>/ so that ctest replays it from then on.
#
#   FUZZ_SECONDS=600 scripts/fuzz.sh            # longer
#   FUZZ_TARGETS="import" scripts/fuzz.sh       # only some targets (scenario import kscript kiosk_config)
#   FUZZ_JOBS=2 scripts/fuzz.sh                 # parallel fuzzing processes per target
set -uo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${FUZZ_BUILD:-$root/build-fuzz}
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-scenario import kscript kiosk_config}
jobs=${FUZZ_JOBS:-1}
cc=${FUZZ_CC:-clang-14}
cxx=${FUZZ_CXX:-clang++-14}

command -v "$cxx" >/dev/null || { echo "fuzz: $cxx not found (scripts/install-deps.sh installs clang-14)" >&2; exit 2; }

flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" \
  -DWORKSHOP_FUZZ=ON -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" >/dev/null || exit 2
build_targets=()
for t in $targets; do build_targets+=(--target "fuzz_$t"); done
cmake --build "$build" -j "${JOBS:-2}" "${build_targets[@]}" || exit 2

export ASAN_OPTIONS=${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
failed=()
for t in $targets; do
  exe=$(find "$build/tests" -name "fuzz_$t" -type f -perm -u+x | head -1)
  [ -n "$exe" ] || { echo "fuzz: fuzz_$t was not built" >&2; failed+=("$t"); continue; }
  corpus=$build/corpus/$t            # grows from run to run; the seeds stay in the source tree
  artifacts=$build/artifacts/$t
  rm -rf "$artifacts"
  mkdir -p "$corpus" "$artifacts"
  parallel=()
  [ "$jobs" -gt 1 ] && parallel=(-jobs="$jobs" -workers="$jobs")
  dict=()
  [ -f "tests/fuzz/$t.dict" ] && dict=(-dict="$root/tests/fuzz/$t.dict")
  echo "== fuzz_$t: ${seconds}s"
  log=$build/fuzz_$t.log
  (cd "$build" && "$exe" "$corpus" "$root/tests/fuzz/corpus/$t" "${dict[@]}" \
      -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=65536 \
      "${parallel[@]}" -print_final_stats=1 -artifact_prefix="$artifacts/") >"$log" 2>&1
  rc=$?
  grep -E '^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::new_units_added)|^==[0-9]+==ERROR|SUMMARY|invariant broken' "$log" | head -8
  if [ $rc -ne 0 ] || ls "$artifacts" | grep -q .; then
    echo "fuzz_$t FAILED (exit $rc): see $log; inputs in $artifacts:" >&2
    ls -1 "$artifacts" >&2
    failed+=("$t")
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: crashes in: ${failed[*]} — copy the inputs to tests/fuzz/regressions/<target>/ and fix" >&2
  exit 1
fi
echo "fuzz: no crash in ${seconds}s per target ($targets)"
