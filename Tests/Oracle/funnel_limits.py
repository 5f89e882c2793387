#!/usr/bin/env python3
"""cjnb's funnel plot control limits against scipy's distributions, an independent implementation.

Each round makes a table of the 32 councils and Scotland with random counts of two measures,
runs `rate "a" / "b" by area | funnelplot` (percentages: binomial limits) and
`rate "a" / "b" per 1000 by area | funnelplot` (rates: Poisson limits) in the built binary,
and writes the result with full precision. The same limits are then worked out here from
scipy.stats.binom and scipy.stats.poisson, by the method of D. J. Spiegelhalter, "Funnel plots
for comparing institutional performance", Statistics in Medicine 24 (2005) 1185-1202,
appendix A.1.1: for a tail probability P, r = ppf(P), the smallest count with cdf(r) >= P;
alpha = (cdf(r) - P) / (cdf(r) - cdf(r - 1)); the limit is (r - alpha) / n. The benchmark is
Scotland's row; the 95% limits use P = 0.025 and 0.975, the 99.8% limits 0.001 and 0.999. Each
area's position (above, within, below) is checked too.

The rounds include the edges: denominators of 1 and 2, counts of 0 (0%) and of the whole
denominator (100%), and denominators near 100,000.

    python3 Tests/Oracle/funnel_limits.py --cjnb .build/debug/cjnb [--seed S]

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

COUNCILS = [
    "Aberdeen City", "Aberdeenshire", "Angus", "Argyll and Bute", "City of Edinburgh", "Clackmannanshire",
    "Dumfries and Galloway", "Dundee City", "East Ayrshire", "East Dunbartonshire", "East Lothian",
    "East Renfrewshire", "Falkirk", "Fife", "Glasgow City", "Highland", "Inverclyde", "Midlothian", "Moray",
    "Na h-Eileanan Siar", "North Ayrshire", "North Lanarkshire", "Orkney Islands", "Perth and Kinross",
    "Renfrewshire", "Scottish Borders", "Shetland Islands", "South Ayrshire", "South Lanarkshire", "Stirling",
    "West Dunbartonshire", "West Lothian",
]

TAILS = {"95% lower": 0.025, "95% upper": 0.975, "99.8% lower": 0.001, "99.8% upper": 0.999}


def spiegelhalter(p, cdf, ppf):
    r = ppf(p)
    at = cdf(r)
    step = at - cdf(r - 1)
    return r if step <= 0 else r - (at - p) / step


def binomial_limit(p, n, p0):
    if n < 1:
        return 0.0 if p < 0.5 else 1.0
    value = spiegelhalter(p, lambda r: stats.binom.cdf(r, n, p0), lambda q: stats.binom.ppf(q, n, p0)) / n
    return min(1.0, max(0.0, value))


def poisson_limit(p, n, theta):
    mu = theta * n
    value = spiegelhalter(p, lambda r: stats.poisson.cdf(r, mu), lambda q: stats.poisson.ppf(q, mu)) / n
    return max(0.0, value)


def position(value, lim):
    if value > lim["99.8% upper"]:
        return "above the 99.8% limit"
    if value > lim["95% upper"]:
        return "above the 95% limit, within 99.8%"
    if value < lim["99.8% lower"]:
        return "below the 99.8% limit"
    if value < lim["95% lower"]:
        return "below the 95% limit, within 99.8%"
    return "within the 95% limits"


def random_table(rng, proportion, edges):
    rows = []
    for i, name in enumerate(COUNCILS):
        if edges and i < 8:
            # 0%, 100%, denominators of 1 and 2, a large denominator.
            n = [1, 1, 2, 2, 5, 100000, 99991, 37][i]
            k = [0, 1, 0, 2, 5, 71000, 0, 37][i] if proportion else [0, 1, 0, 2, 9, 460, 0, 1][i]
        else:
            n = rng.choice([rng.randint(3, 60), rng.randint(60, 2000), rng.randint(2000, 20000)])
            if not proportion:
                n *= rng.choice([1, 10, 30])
            rate = rng.uniform(0.55, 0.85) if proportion else rng.uniform(0.002, 0.009)
            k = min(n, max(0, round(n * rate * rng.uniform(0.8, 1.2)))) if proportion else max(0, round(n * rate * rng.uniform(0.7, 1.3)))
        rows.append((name, k, n))
    sk = sum(k for _, k, _ in rows)
    sn = sum(n for _, _, n in rows)
    rows.append(("Scotland", sk, sn))
    return rows


def run_cjnb(cjnb, folder, rows, per):
    with open(os.path.join(folder, "t.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["area", "measure", "value"])
        for name, k, n in rows:
            w.writerow([name, "a", k])
            w.writerow([name, "b", n])
    rate = 't | rate "a" / "b"' + (f" per {per}" if per else "") + " by area"
    script = f'load "t.csv" as t; {rate} | funnelplot | write csv to "out.csv" replace'
    p = subprocess.run([cjnb, "-c", script], cwd=folder, capture_output=True, text=True, timeout=300)
    if p.returncode != 0:
        raise SystemExit(f"cjnb failed: {p.stderr}")
    with open(os.path.join(folder, "out.csv"), newline="") as f:
        return {r["area"]: r for r in csv.DictReader(f)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cjnb", required=True)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--rounds", type=int, default=6)
    args = parser.parse_args()
    args.cjnb = os.path.abspath(args.cjnb)
    rng = random.Random(args.seed)
    print(f"funnel limits: seed {args.seed}, {args.rounds} rounds of 32 areas, percentages and rates, "
          f"cjnb against scipy {__import__('scipy').__version__}")
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="cjnb-funnel-") as folder:
        for round_ in range(args.rounds):
            for proportion in (True, False):
                rows = random_table(rng, proportion, edges=round_ == 0)
                per = None if proportion else 1000
                scale = 100.0 if proportion else 1000.0
                got = run_cjnb(args.cjnb, folder, rows, per)
                sk, sn = rows[-1][1], rows[-1][2]
                theta = sk / sn
                for name, k, n in rows[:-1]:
                    have = got.get(name)
                    if have is None:
                        failed += 1
                        print(f"FAIL {name}: not in cjnb's table")
                        continue
                    want = {}
                    for column, p in TAILS.items():
                        want[column] = scale * (binomial_limit(p, n, theta) if proportion else poisson_limit(p, n, theta))
                    ok = all(math.isclose(float(have[c]), w, rel_tol=1e-7, abs_tol=1e-9) for c, w in want.items())
                    value = scale * k / n
                    ok = ok and math.isclose(float(have["rate"]), value, rel_tol=1e-12, abs_tol=1e-12)
                    ok = ok and have["position"] == position(value, want)
                    if ok:
                        passed += 1
                    else:
                        failed += 1
                        kind = "binomial" if proportion else "poisson"
                        print(f"FAIL {kind} {name} {k}/{n} around {theta}: cjnb "
                              f"{[have[c] for c in TAILS]} {have['position']!r}, scipy {list(want.values())} {position(value, want)!r}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
