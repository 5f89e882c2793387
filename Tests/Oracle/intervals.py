#!/usr/bin/env python3
"""cjnb's confidence intervals against scipy's, an independent implementation.

For random counts and denominators, and the edges (0 of n, n of n, 1 of 1, counts of 0 and 1),
`rate "a" / "b" ci LEVEL` (the Wilson score interval of a percentage) and
`rate "a" / "b" per 1000 ci LEVEL` (exact Poisson limits) are run in the built binary and written
with full precision; scipy gives the same intervals by its own methods:
scipy.stats.binomtest(k, n).proportion_ci(method="wilson") and scipy.stats.chi2.ppf.

    python3 Tests/Oracle/intervals.py --cjnb .build/debug/cjnb [--seed S]

The last line is "N passed, M failed".
"""

import argparse
import csv
import math
import os
import random
import subprocess
import sys
import tempfile
import time

from scipy import stats


def cjnb_intervals(cjnb, folder, pairs, level, per):
    with open(os.path.join(folder, "t.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["area", "measure", "value"])
        for i, (k, n) in enumerate(pairs):
            w.writerow([f"area {i:04d}", "a", k])
            w.writerow([f"area {i:04d}", "b", n])
    rate = 't | rate "a" / "b"' + (f" per {per}" if per else "") + f" ci {level}"
    script = f'load "t.csv" as t; {rate} | write csv to "out.csv" replace'
    p = subprocess.run([cjnb, "-c", script], cwd=folder, capture_output=True, text=True, timeout=120)
    if p.returncode != 0:
        raise SystemExit(f"cjnb failed: {p.stderr}")
    with open(os.path.join(folder, "out.csv"), newline="") as f:
        rows = list(csv.DictReader(f))
    return {r["area"]: (float(r["lower"]), float(r["upper"])) for r in rows}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cjnb", required=True)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--cases", type=int, default=300)
    args = parser.parse_args()
    args.cjnb = os.path.abspath(args.cjnb)
    rng = random.Random(args.seed)
    edges = [(0, 1), (1, 1), (0, 50), (50, 50), (1, 2), (0, 1000), (999, 1000), (1, 100000), (3, 7)]
    pairs = edges + []
    while len(pairs) < args.cases:
        n = rng.choice([rng.randint(1, 20), rng.randint(1, 500), rng.randint(1, 100000)])
        pairs.append((rng.randint(0, n), n))
    print(f"intervals: seed {args.seed}, {len(pairs)} counts, cjnb against scipy {stats.__name__.split('.')[0]} "
          f"{__import__('scipy').__version__}")
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="cjnb-intervals-") as folder:
        for level in (95, 99.8):
            alpha = 1 - level / 100
            # Percentages: the Wilson score interval.
            got = cjnb_intervals(args.cjnb, folder, pairs, level, None)
            for i, (k, n) in enumerate(pairs):
                ci = stats.binomtest(k, n).proportion_ci(confidence_level=level / 100, method="wilson")
                want = (100 * ci.low, 100 * ci.high)
                have = got[f"area {i:04d}"]
                if all(math.isclose(h, w, rel_tol=1e-9, abs_tol=1e-9) for h, w in zip(have, want)):
                    passed += 1
                else:
                    failed += 1
                    print(f"FAIL wilson {k}/{n} at {level}%: cjnb {have}, scipy {want}")
            # Rates per 1,000: exact Poisson limits on the count.
            got = cjnb_intervals(args.cjnb, folder, pairs, level, 1000)
            for i, (k, n) in enumerate(pairs):
                low = 0.0 if k == 0 else stats.chi2.ppf(alpha / 2, 2 * k) / 2
                high = stats.chi2.ppf(1 - alpha / 2, 2 * k + 2) / 2
                want = (1000 * low / n, 1000 * high / n)
                have = got[f"area {i:04d}"]
                if all(math.isclose(h, w, rel_tol=1e-8, abs_tol=1e-9) for h, w in zip(have, want)):
                    passed += 1
                else:
                    failed += 1
                    print(f"FAIL poisson {k} per {n} at {level}%: cjnb {have}, scipy {want}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
