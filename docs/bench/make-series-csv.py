#!/usr/bin/env python3
"""Writes a long table of ROWS rows in which every (series, year) pair is distinct, so that
`trend` has ROWS rows to work on: ROWS / 12 series over the financial years 2012-13 .. 2023-24.

usage: make-series-csv.py ROWS OUT.csv
"""
import random
import sys


def main() -> None:
    rows, out = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(20261124)
    years = [f"{y}-{(y + 1) % 100:02d}" for y in range(2012, 2024)]
    with open(out, "w", newline="") as f:
        f.write("series,year,value\n")
        for s in range(rows // len(years)):
            level = rng.randint(50, 5000)
            for y in years:
                level = max(0, level + rng.randint(-level // 10 - 1, level // 10 + 1))
                value = "[c]" if rng.random() < 0.02 else str(level)
                f.write(f"S{s:06d},{y},{value}\n")


if __name__ == "__main__":
    main()
