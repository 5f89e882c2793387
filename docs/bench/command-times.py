#!/usr/bin/env python3
"""Runs every cjnb command in the given notebooks through `cjnb --timer` and reports the times.

usage: command-times.py CJNB NOTEBOOK...   prints the count, median, 95th percentile and slowest
Each notebook's commands run in one session from its own folder, as `cjnb run` would; the first
use of a bundled dataset includes reading it. Every session runs five times and each command's
time is its median over the five, so that one slow moment of a shared machine is not "the slowest".
"""
import os
import re
import statistics
import subprocess
import sys


def commands(path: str) -> list:
    text = open(path).read()
    return [m.group(1) for m in re.finditer(r"^```cjnb\n(.*?)\n```", text, re.S | re.M)]


def main() -> None:
    binary, notebooks = sys.argv[1], sys.argv[2:]
    times = []
    slowest = (0.0, "")
    for nb in notebooks:
        script = "\n".join(commands(nb)) + "\n"
        statements = [s for s in script.split("\n") if s.strip()]
        runs = []
        for _ in range(5):
            run = subprocess.run([binary, "--timer"], input=script, capture_output=True, text=True,
                                 cwd=os.path.dirname(os.path.abspath(nb)))
            runs.append([float(t) for t in re.findall(r"^time: ([0-9.]+) ms$", run.stderr, re.M)])
        found = [statistics.median(ts) for ts in zip(*runs)]
        times += found
        for statement, t in zip(statements, found):
            if t > slowest[0]:
                slowest = (t, statement)
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{len(times)} commands: median {statistics.median(times):.1f} ms, 95th percentile {p95:.1f} ms, "
          f"slowest {slowest[0]:.1f} ms ({slowest[1][:70]})")


if __name__ == "__main__":
    main()
