#!/usr/bin/env bash
# The benchmarks of docs/performance.md, in one run beside the peers.
# Needs: a release build (make release), hyperfine, GNU time, python3; for the peers,
# pip install duckdb-cli pandas (../shared/bench/peers.sh).
# usage: docs/bench/run.sh [WORKDIR]      (default /tmp/cjnb-bench)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
shared="$root/../shared/bench"
work=${1:-/tmp/cjnb-bench}
mkdir -p "$work"
cjnb="$(cd "$root" && swift build -c release --show-bin-path)/cjnb"
[ -x "$cjnb" ] || { echo "build first: make release" >&2; exit 1; }

echo "== machine"
echo "$(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(uname -sr); $("$cjnb" --version)"

echo "== data"
[ -f "$work/ind1m.csv" ] || python3 "$shared/make-indicator-csv.py" 1000000 "$work/ind1m.csv"
[ -f "$work/series1m.csv" ] || python3 "$root/docs/bench/make-series-csv.py" 1000000 "$work/series1m.csv"
# The same series with their rows in a random (but repeatable) order.
[ -f "$work/shuffled1m.csv" ] || { head -1 "$work/series1m.csv"; tail -n +2 "$work/series1m.csv" | shuf --random-source=<(yes); } > "$work/shuffled1m.csv"
ls -l "$work/ind1m.csv" "$work/series1m.csv" "$work/shuffled1m.csv" | awk '{print $5, $9}'

q1='load "ind1m.csv" as t; t | where measure = "cases commenced" | group by area sum(value)'
cd "$work"

echo "== whole process, beside the peers (hyperfine, 5 runs after 1 warm-up)"
"$shared/peers.sh" "$work/ind1m.csv" \
  -n cjnb-load-describe "$cjnb -c 'load \"ind1m.csv\" as t; describe t'" \
  -n cjnb-query "$cjnb -c '$q1'"

echo "== peak memory (GNU time, maximum resident set)"
duck=$(python3 -c 'import duckdb_cli, os; print(os.path.join(os.path.dirname(duckdb_cli.__file__), "duckdb"))')
measure() { /usr/bin/time -f "$1: %e s, %M KB" "${@:2}" > /dev/null; }
measure "cjnb load+describe" "$cjnb" -c 'load "ind1m.csv" as t; describe t'
measure "cjnb query" "$cjnb" -c "$q1"
measure "duckdb-cli query" "$duck" -c "select area, sum(value) as value from read_csv('$work/ind1m.csv', nullstr='[c]') where measure = 'cases commenced' group by area order by area"
measure "pandas query" python3 /tmp/peers_q1.py

echo "== each verb on a million rows (--timer, median of 9 runs)"
verb() {
  local name=$1 script=$2 n=$3
  for i in 1 2 3 4 5 6 7 8 9; do "$cjnb" --timer -c "$script" 2>&1 >/dev/null | grep '^time:' | sed -n "${n}p"; done |
    awk -v name="$name" '{print $2}' | sort -n | sed -n 5p | xargs -I{} echo "$name: {} ms"
}
verb "load 1M rows" 'load "ind1m.csv" as t' 1
verb "where (1M rows)" 'load "ind1m.csv" as t; let w = t | where measure = "cases commenced"' 2
verb "group by area (1M rows)" 'load "ind1m.csv" as t; let g = t | group by area' 2
verb "group by area, measure, year (1M rows)" 'load "ind1m.csv" as t; let g = t | group by area, measure, year' 2
verb "trend (1M rows, 83,333 series)" 'load "series1m.csv" as s; let x = s | trend' 2
verb "trend (the same rows shuffled)" 'load "shuffled1m.csv" as s; let x = s | trend' 2
verb "describe (1M rows)" 'load "ind1m.csv" as t; describe t' 2

echo "== every command of the docs and notebooks on the bundled datasets"
python3 "$root/docs/bench/command-times.py" "$cjnb" "$root/README.md" "$root/docs/language.md" "$root"/Notebooks/*.md

echo "== start-up to the first prompt (pseudo-terminal)"
python3 "$root/docs/bench/first-prompt.py" "$cjnb" 20

echo "== replaying every notebook (cjnb check Notebooks/*.md)"
hyperfine -N -w 1 -r 10 "$cjnb check $(ls "$root"/Notebooks/*.md | tr '\n' ' ')" 2>&1 | grep -E "Time|Range"
