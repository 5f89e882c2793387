#!/usr/bin/env python3
"""Round trips of cjnb's machine-readable files through independent readers.

Random tables with awkward text (separators, quotes, line ends, accents, leading = and -),
numbers with up to 15 significant digits, missing cells with each published symbol and numbers
with markers, are loaded by cjnb and written as CSV, TSV and JSON. Then:

- cjnb reads each file back to the same table: written again as CSV it gives the same bytes;
- pandas (read_csv, read_json) and DuckDB (read_csv, read_json) read every number column as
  numbers, with the values of the source, a missing cell as NaN/NULL and its symbol in the
  NAME_status column;
- jq, when installed, parses the JSON.

A failure prints the seed and the table's source, to replay with --seed.
"""
import argparse
import json
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile

import duckdb
import pandas

MISSING = ["[c]", "[x]", "[z]", "[low]", "[u]", "..", "*"]
MARKERS = ["[p]", "[e]", "[r]", "[b]"]
WORDS = ["Fife", "Na h-Eileanan Siar", "Dumfries & Galloway", "a, b", 'say "hi"', "line\nbreak",
         "=SUM(A1)", "-dash", "café", "tab\there", "semi;colon", "pipe|d", "  spaced"]


def number_text(rng):
    kind = rng.random()
    if kind < 0.4:
        return str(rng.randint(-5000, 200000))
    digits = rng.randint(1, 15)
    mantissa = rng.randint(1, 10 ** digits - 1)
    exponent = rng.randint(-digits - 3, 3)
    value = float(f"{mantissa}e{exponent}") * (-1 if rng.random() < 0.2 else 1)
    return repr(value)


def make_table(rng):
    n_numbers = rng.randint(1, 3)
    n_rows = rng.randint(1, 30)
    header = ["label"] + [f"n{i}" for i in range(n_numbers)]
    rows = []
    truth = []  # per row: label text, then per number column (value or None, status or "")
    for r in range(n_rows):
        label = rng.choice(WORDS) + f" {r}"
        cells = [label]
        facts = [label]
        for _ in range(n_numbers):
            roll = rng.random()
            if roll < 0.15:
                symbol = rng.choice(MISSING)
                cells.append(symbol)
                facts.append((None, symbol))
            elif roll < 0.25:
                text = number_text(rng)
                marker = rng.choice(MARKERS)
                cells.append(text + marker)
                facts.append((float(text), marker))
            else:
                text = number_text(rng)
                cells.append(text)
                facts.append((float(text), ""))
        rows.append(cells)
        truth.append(facts)
    return header, rows, truth


def csv_quote(s):
    if any(c in s for c in ',"\n\r') or s != s.strip():
        return '"' + s.replace('"', '""') + '"'
    return s


def run(cjnb, folder, script):
    r = subprocess.run([cjnb, "-q", "-c", script], cwd=folder, capture_output=True, text=True, timeout=120)
    if r.returncode != 0:
        raise AssertionError(f"cjnb failed: {r.stderr}")
    return r.stdout


def same_number(got, want):
    if want is None:
        return got is None or (isinstance(got, float) and math.isnan(got))
    return got is not None and not (isinstance(got, float) and math.isnan(got)) and float(got) == want


def check_readers(folder, header, truth):
    numbers = header[1:]
    problems = []
    frames = {
        "pandas read_csv": pandas.read_csv(os.path.join(folder, "t.csv"), keep_default_na=False, na_values={c: [""] for c in numbers}),
        "pandas read_csv (tsv)": pandas.read_csv(os.path.join(folder, "t.tsv"), sep="\t", keep_default_na=False, na_values={c: [""] for c in numbers}),
        "pandas read_json": pandas.read_json(os.path.join(folder, "t.json"), orient="records", dtype=False, precise_float=True),
    }
    for name, frame in frames.items():
        for c in numbers:
            # A column all of whose cells are missing has no numbers to type (pandas gives it
            # the object type from JSON, DuckDB VARCHAR).
            if all(f[1 + numbers.index(c)][0] is None for f in truth):
                continue
            if not pandas.api.types.is_numeric_dtype(frame[c]):
                problems.append(f"{name}: column {c} is {frame[c].dtype}, not numeric")
                continue
            for r, facts in enumerate(truth):
                want, status = facts[1 + numbers.index(c)]
                got = frame[c].iloc[r]
                got = None if pandas.isna(got) else float(got)
                if not same_number(got, want):
                    problems.append(f"{name}: row {r} {c} is {got!r}, want {want!r}")
                scol = c + "_status"
                has_status = any(f[1 + numbers.index(c)][1] for f in truth)
                if has_status:
                    got_status = frame[scol].iloc[r] if scol in frame else "<no column>"
                    got_status = "" if got_status is None or (isinstance(got_status, float) and math.isnan(got_status)) else got_status
                    if got_status != status:
                        problems.append(f"{name}: row {r} {scol} is {got_status!r}, want {status!r}")
        labels = list(frame["label"])
        if labels != [f[0] for f in truth]:
            problems.append(f"{name}: labels differ: {labels[:3]!r}...")
    numeric = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE"}
    for name, query in [("duckdb read_csv", "read_csv('t.csv')"), ("duckdb read_json", "read_json('t.json')")]:
        con = duckdb.connect()
        con.execute(f"set file_search_path = '{folder}'")
        rel = con.sql(f"select * from {query}")
        types = dict(zip(rel.columns, [str(t) for t in rel.types]))
        rows = rel.fetchall()
        for c in numbers:
            # A column all of whose cells are missing has no numbers to type.
            if all(f[1 + numbers.index(c)][0] is None for f in truth):
                continue
            if types.get(c) not in numeric:
                problems.append(f"{name}: column {c} is {types.get(c)}, not numeric")
                continue
            i = rel.columns.index(c)
            for r, facts in enumerate(truth):
                want = facts[1 + numbers.index(c)][0]
                if not same_number(rows[r][i], want):
                    problems.append(f"{name}: row {r} {c} is {rows[r][i]!r}, want {want!r}")
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cjnb", required=True)
    parser.add_argument("--tables", type=int, default=25)
    parser.add_argument("--seed", type=int)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)
    jq = shutil.which("jq")
    failures = 0
    for t in range(args.tables):
        header, rows, truth = make_table(rng)
        with tempfile.TemporaryDirectory(prefix="cjnb-roundtrip-") as folder:
            source = ",".join(header) + "\n" + "".join(",".join(csv_quote(c) for c in row) + "\n" for row in rows)
            with open(os.path.join(folder, "in.csv"), "w", encoding="utf-8", newline="") as f:
                f.write(source)
            types = ", ".join(f"{c} number" for c in header[1:])
            try:
                run(args.cjnb, folder, f'load "in.csv" as t type {types}; t | write csv to "t.csv"; t | write tsv to "t.tsv"; t | write json to "t.json"')
                first = open(os.path.join(folder, "t.csv"), encoding="utf-8").read()
                problems = []
                for back in ["t.csv", "t.tsv", "t.json"]:
                    again = run(args.cjnb, folder, f'load "{back}" as b type {types}; b | write csv')
                    if again != first:
                        problems.append(f"cjnb reading {back} back and writing CSV differs:\n{again}\nfrom\n{first}")
                problems += check_readers(folder, header, truth)
                if jq:
                    r = subprocess.run([jq, "-e", "length"], stdin=open(os.path.join(folder, "t.json")), capture_output=True, text=True)
                    if r.returncode != 0 or r.stdout.strip() != str(len(rows)):
                        problems.append(f"jq: {r.stderr or r.stdout}")
            except AssertionError as e:
                problems = [str(e)]
            if problems:
                failures += 1
                print(f"round trip {t} (seed {seed}) failed:\n  " + "\n  ".join(problems[:8]) + f"\nsource:\n{source}", file=sys.stderr)
                if failures >= 3:
                    break
    if failures:
        sys.exit(1)
    print(f"round trips: {args.tables} random tables through cjnb, pandas {pandas.__version__}, DuckDB {duckdb.__version__}{' and jq' if jq else ''}: the same figures (seed {seed})")


if __name__ == "__main__":
    main()
