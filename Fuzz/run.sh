#!/usr/bin/env bash
# Builds and runs the libFuzzer targets (docs/reliability.md). Called by `make fuzz`,
# `make fuzz-replay` and `make fuzz-regressions`, and by .ci/run.
#
#   Fuzz/run.sh build                 build every target (-sanitize=fuzzer,address, debug)
#   Fuzz/run.sh fuzz [SECONDS]        fuzz each target for SECONDS (FUZZ_SECONDS, default 60)
#   Fuzz/run.sh ci                    replay the seed corpus, then a short fuzz with a fixed seed
#   Fuzz/run.sh replay DIR...         run each target once over Fuzz/DIR/<target> (Corpus, Crashes)
#
# Environment: FUZZ_TARGETS (names, default all), FUZZ_SCRATCH (build folder, .build-fuzz),
# FUZZ_RUNS and FUZZ_CI_SECONDS (inputs per target in the ci run, 2000, and at most 60 s of it),
# FUZZ_CI_FUZZ (the targets the ci run fuzzes after replaying every target's seeds; default all),
# FUZZ_FLAGS (more libFuzzer flags),
# FUZZ_KEEP_GOING=1 (fuzz on past a crash, timeout or out-of-memory, in a child process each time,
# collecting every input that fails: useful while known defects are unfixed).
# New inputs libFuzzer finds go to $FUZZ_WORK/corpus/<target>, not into the committed corpus; an
# input that crashes, times out or runs out of memory goes to $FUZZ_WORK/crashes/<target>/ (FUZZ_WORK
# is .build-fuzz-work: not inside the build folder, whose artifacts/ SwiftPM empties when it
# resolves). Copy such an input to Fuzz/Crashes/<target>/ to keep it (see docs/reliability.md).
set -euo pipefail
cd "$(dirname "$0")/.."

SWIFT=${SWIFT:-swift}
SCRATCH=${FUZZ_SCRATCH:-.build-fuzz}
WORK=${FUZZ_WORK:-.build-fuzz-work}
TARGETS=${FUZZ_TARGETS:-FuzzCSV FuzzWorkbook FuzzWorkbookXML FuzzScript FuzzNotebook}
# Not `--sanitize fuzzer --sanitize address`: SwiftPM passes those as two -sanitize= flags in an
# order that changes from run to run, and swiftc keeps only the last, so a build had either no
# coverage (libFuzzer then only guesses) or no address checks. One flag with both is reliable.
BUILD_FLAGS="${FUZZ_CONFIGURATION:--c debug} --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address --scratch-path $SCRATCH"
# Inputs up to 64 KiB; one input may take 10 s and 2 GiB before it counts as a defect.
LIMITS="-max_len=65536 -timeout=${FUZZ_TIMEOUT:-10} -rss_limit_mb=2048 -malloc_limit_mb=2048"
# For the fuzz binaries, not the build: leaks are not defects here, and Swift's own backtracer
# would race the sanitizer's report (and can hang under ASan); libFuzzer reports.
FUZZ_ENV=(env "ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:malloc_context_size=5:symbolize=1}" "SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}")

build_one() {
  # The linker warns of every sanitizer symbol it cannot export: the log keeps them.
  if ! CJNB_FUZZ=1 "$SWIFT" build $BUILD_FLAGS --product "$1" > "$SCRATCH/build-$1.log" 2>&1; then
    grep -v 'Cannot export local symbol' "$SCRATCH/build-$1.log" | tail -40
    echo "building $1 failed (log: $SCRATCH/build-$1.log)" >&2
    exit 1
  fi
}

# The coverage counters libFuzzer finds in a binary (83513 in a debug build in December 2026).
counters() { "${FUZZ_ENV[@]}" "$1" -runs=0 2>&1 | sed -n 's/.*Loaded 1 modules *(\([0-9]*\) inline 8-bit counters.*/\1/p' | head -1; }

build() {
  local t start=$SECONDS n
  mkdir -p "$SCRATCH"
  for t in $TARGETS; do
    build_one "$t"
    # A fuzzer without coverage only guesses (the two-flag build above gave 7 counters, the entry
    # point's own), so a binary without it is refused.
    n=$(counters "$(binary "$t")")
    [ "${n:-0}" -ge 1000 ] || { echo "$t is built without coverage (${n:-no} counters)" >&2; exit 1; }
  done
  echo "== built $TARGETS in $((SECONDS - start)) s"
}

binary() { echo "$(CJNB_FUZZ=1 "$SWIFT" build $BUILD_FLAGS --show-bin-path)/$1"; }

# fuzz_one TARGET FLAGS...: fuzzes with the committed seeds; returns libFuzzer's status.
fuzz_one() {
  local t=$1; shift
  mkdir -p "$WORK/corpus/$t" "$WORK/crashes/$t"
  # shellcheck disable=SC2086
  "${FUZZ_ENV[@]}" "$BIN/$t" $LIMITS ${FUZZ_FLAGS:-} -artifact_prefix="$WORK/crashes/$t/" -print_final_stats=1 "$@" \
    "$WORK/corpus/$t" "Fuzz/Corpus/$t"
}

replay() {
  local failed=0 t kind files
  mkdir -p "$WORK"
  for kind in "$@"; do
    for t in $TARGETS; do
      [ -d "Fuzz/$kind/$t" ] || continue
      files=$(find "Fuzz/$kind/$t" -type f ! -name 'README.md' | sort)
      [ -n "$files" ] || continue
      echo "== $t: replaying Fuzz/$kind/$t ($(echo "$files" | wc -l) inputs)"
      # shellcheck disable=SC2086
      "${FUZZ_ENV[@]}" "$BIN/$t" $LIMITS -runs=1 $files > "$WORK/replay-$t.log" 2>&1 || { failed=1; tail -40 "$WORK/replay-$t.log"; echo "== $t: FAILED on Fuzz/$kind/$t"; }
    done
  done
  return $failed
}

command=${1:-fuzz}; shift || true
case "$command" in
  build) build ;;
  fuzz)
    seconds=${1:-${FUZZ_SECONDS:-60}}
    build; BIN=$(dirname "$(binary FuzzCSV)")
    failed=""
    for t in $TARGETS; do
      echo "== $t: fuzzing for $seconds s"
      keep=""
      [ "${FUZZ_KEEP_GOING:-0}" = 1 ] && keep="-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1"
      # The folder is made here: on a first run in a fresh work folder it is not there yet, and
      # ls failing inside the pipe would end the script (set -e with pipefail).
      mkdir -p "$WORK/crashes/$t"
      before=$(ls "$WORK/crashes/$t" | wc -l)
      # shellcheck disable=SC2086
      status=0; fuzz_one "$t" -max_total_time="$seconds" $keep > "$WORK/fuzz-$t.log" 2>&1 || status=1
      # With FUZZ_KEEP_GOING libFuzzer exits 0 after crashes: the new inputs tell.
      [ $status = 0 ] && [ "$(ls "$WORK/crashes/$t" | wc -l)" = "$before" ] || failed="$failed $t"
      grep -E '^(stat::number_of_executed_units|#[0-9]+ +DONE)|ERROR: |SUMMARY: ' "$WORK/fuzz-$t.log" || true
    done
    if [ -n "$failed" ]; then
      echo "fuzzing found defects in:$failed; inputs in $WORK/crashes/, logs in $WORK/fuzz-*.log" >&2
      exit 1
    fi
    ;;
  ci)
    # The seed corpus must replay clean, and a run of FUZZ_RUNS inputs per target (at most
    # FUZZ_CI_SECONDS) must find nothing. The seed is fixed, but the order libFuzzer reads the
    # corpus folder in, and the CSV reader's threads, still vary between clones, so two runs do
    # not try the same inputs: a failure is a real defect with its input saved, not a flake.
    build; BIN=$(dirname "$(binary FuzzCSV)")
    replay Corpus
    failed=""
    for t in ${FUZZ_CI_FUZZ:-$TARGETS}; do
      rm -rf "$WORK/corpus/$t" "$WORK/crashes/$t"
      start=$(date +%s)
      fuzz_one "$t" -seed=1 -runs="${FUZZ_RUNS:-2000}" -max_total_time="${FUZZ_CI_SECONDS:-60}" > "$WORK/fuzz-$t.log" 2>&1 || { failed="$failed $t"; tail -60 "$WORK/fuzz-$t.log"; }
      echo "== $t: $(grep -m1 -o 'stat::number_of_executed_units: [0-9]*' "$WORK/fuzz-$t.log" || echo '?') in $(( $(date +%s) - start )) s"
    done
    [ -z "$failed" ] || { echo "fuzzing found defects in:$failed (inputs in $WORK/crashes/)" >&2; exit 1; }
    ;;
  replay)
    build; BIN=$(dirname "$(binary FuzzCSV)")
    replay "${@:-Corpus}"
    ;;
  *) echo "usage: Fuzz/run.sh build | fuzz [SECONDS] | ci | replay Corpus|Crashes" >&2; exit 2 ;;
esac
