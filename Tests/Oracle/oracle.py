#!/usr/bin/env python3
"""Differential tests of cjnb's verbs against DuckDB, an independent implementation.

Random long tables (areas, periods, measures, missing cells of several kinds, ties, gaps,
Scotland beside its councils) are run through where, sort, top, group by (each aggregate),
trend, compare, pivot and rate in the built cjnb binary, and the same questions are asked of
DuckDB in SQL. Every figure must agree; a missing cell must be missing in both.

    python3 Tests/Oracle/oracle.py --cjnb .build/debug/cjnb [--seed S] [--tables N]
    python3 Tests/Oracle/oracle.py --cjnb ... --seed S --only TABLE:QUERY   # replay one case

A failure is shrunk to the fewest rows that still disagree and printed with the command that
replays it. The last line is "N passed, M failed".
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

import duckdb

COUNCILS = ["Aberdeen City", "Angus", "Clackmannanshire", "Dundee City", "East Lothian", "Falkirk",
            "Fife", "Highland", "Inverclyde", "Moray", "Orkney Islands", "Perth and Kinross"]
YEARS = [f"{y}-{(y + 1) % 100:02d}" for y in range(2014, 2024)]
MISSING = ["[c]", "[x]", ""]


def make_table(rng):
    """Rows of (area, year, measure, value-as-written); value is None when missing."""
    areas = rng.sample(COUNCILS, rng.randint(2, 6))
    if rng.random() < 0.7:
        areas.append("Scotland")
    years = sorted(rng.sample(YEARS, rng.randint(3, 7)))
    measures = ["a", "b"] if rng.random() < 0.6 else ["a"]
    whole = rng.random() < 0.7
    rows = []
    for area in areas:
        for measure in measures:
            for year in years:
                if rng.random() < 0.1:
                    continue  # a gap
                if rng.random() < 0.15:
                    rows.append((area, year, measure, rng.choice(MISSING)))
                elif whole:
                    rows.append((area, year, measure, str(rng.randint(0, 40))))
                else:
                    rows.append((area, year, measure, str(rng.randint(0, 400) / 4)))
    rng.shuffle(rows) if rng.random() < 0.3 else None
    return rows


def value_of(text):
    """A number as cjnb writes it, with any marker it carries (`5[i]`, `7[p]`); None when missing."""
    text = text.strip()
    if text.endswith("]") and "[" in text and not text.startswith("["):
        text = text[:text.index("[")]
    try:
        return float(text)
    except ValueError:
        return None


def queries(rows, rng):
    """(name, cjnb pipeline, SQL, how to compare) for a table."""
    areas = sorted({r[0] for r in rows})
    years = sorted({r[1] for r in rows})
    measures = sorted({r[2] for r in rows})
    councils = [a for a in areas if a != "Scotland"]
    k = rng.randint(0, 40)
    pick = rng.sample(areas, min(2, len(areas)))
    year = rng.choice(years)
    n = rng.randint(1, 8)
    inlist = ", ".join(f'"{a}"' for a in pick)
    sqllist = ", ".join(f"'{a}'" for a in pick)
    out = [
        ("where-gt", f"t | where value > {k}", f"select area, year, measure, value from t where value > {k} order by rid", "ordered"),
        ("where-in-and", f"t | where area in ({inlist}) and year >= {year}",
         f"select area, year, measure, value from t where area in ({sqllist}) and year >= '{year}' order by rid", "ordered"),
        ("where-not", f"t | where not (value > {k} or area = \"{pick[0]}\")",
         f"select area, year, measure, value from t where not (value > {k} or area = '{pick[0]}') order by rid", "ordered"),
        ("where-missing", "t | where value is missing", "select area, year, measure, value from t where value is null order by rid", "ordered"),
        ("where-between", f"t | where value between {k} and {k + 10}",
         f"select area, year, measure, value from t where value between {k} and {k + 10} order by rid", "ordered"),
        ("sort-desc", "t | sort value desc", "select area, year, measure, value from t order by value desc nulls last, rid", "ordered"),
        ("top", f"t | top {n} by value",
         f"select area, year, measure, value from t where value is not null order by value desc, rid limit {n}", "ordered"),
        ("group-area", "t | group by area sum(value) as s, mean(value) as m, median(value) as md, min(value) as lo, max(value) as hi, count(value) as n, count() as rows",
         "select area, sum(value) as s, avg(value) as m, median(value) as md, min(value) as lo, max(value) as hi, count(value) as n, count(*) as rows from t group by area",
         ("keyed", ["area"])),
        ("group-year-measure", "t | group by year, measure sum(value) as s",
         "select year, measure, sum(value) as s from t group by year, measure", ("keyed", ["year", "measure"])),
    ]
    # trend: each series (area, measure) in time order, the change on the row before.
    series = "area, measure" if len(measures) > 1 else "area"
    out.append(("trend", "t | trend" + (" by area, measure" if len(measures) > 1 else " by area"),
                f"select area, year, {'measure, ' if len(measures) > 1 else ''}value, value - lag(value) over (partition by {series} order by year) as change, "
                f"row_number() over (partition by {series} order by year) as position from t",
                ("keyed", ["area", "year"] + (["measure"] if len(measures) > 1 else []))))
    if "Scotland" in areas:
        out.append(("compare", "t | compare with scotland",
                    "select t.area, t.year, t.measure, t.value, s.value as Scotland, t.value - s.value as difference, "
                    "case when t.area = 'Scotland' or t.value is null then null else "
                    "(select count(*) from t c where c.area != 'Scotland' and c.year = t.year and c.measure = t.measure and c.value > t.value) + 1 end as rank_position, "
                    "(select count(*) from t c where c.area != 'Scotland' and c.year = t.year and c.measure = t.measure and c.value is not null) as rank_of "
                    "from t left join t s on s.area = 'Scotland' and s.year = t.year and s.measure = t.measure order by t.rid", "compare"))
    if len(years) > 1:
        cases = ", ".join(f"max(case when year = '{y}' then value end) as \"{y}\"" for y in years)
        present = ", ".join(f"max(case when year = '{y}' then 1 end) as \"has {y}\"" for y in years)
        out.append(("pivot", "t | pivot year", f"select area, measure, {cases}, {present} from t group by area, measure", ("pivot", years)))
    if measures == ["a", "b"]:
        out.append(("rate", 't | rate "a" / "b"',
                    # Every area and year with either measure; a side that is not there is missing.
                    "select coalesce(x.year, y.year) as year, coalesce(x.area, y.area) as area, x.value as a, y.value as b, "
                    "case when y.value = 0 then null else 100 * x.value / y.value end as rate "
                    "from (select * from t where measure = 'a') x full outer join (select * from t where measure = 'b') y "
                    "on x.area = y.area and x.year = y.year", ("keyed", ["year", "area"])))
    return out


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def read_csv(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


NUMERIC = {"value", "s", "m", "md", "lo", "hi", "n", "rows", "change", "Scotland", "difference", "a", "b", "rate"}


def cell(row, name):
    text = row.get(name)
    if text is None:
        return None
    return value_of(text) if name in NUMERIC or name[:4].isdigit() else text


def check(kind, got_rows, want):
    """None when they agree, else a description of the first difference."""
    cols = [d[0] for d in want.description]
    expected = [dict(zip(cols, r)) for r in want.fetchall()]
    if kind == "ordered":
        if len(got_rows) != len(expected):
            return f"{len(got_rows)} rows, DuckDB {len(expected)}"
        for i, (g, e) in enumerate(zip(got_rows, expected)):
            for c in cols:
                gv, ev = cell(g, c), e[c]
                if c in NUMERIC:
                    if not close(gv, ev):
                        return f"row {i + 1} {c}: {gv} vs DuckDB {ev}"
                elif gv != ev:
                    return f"row {i + 1} {c}: {gv!r} vs DuckDB {ev!r}"
        return None
    if kind == "compare":
        if len(got_rows) != len(expected):
            return f"{len(got_rows)} rows, DuckDB {len(expected)}"
        for i, (g, e) in enumerate(zip(got_rows, expected)):
            for c in ["value", "Scotland", "difference"]:
                if not close(cell(g, c), e[c]):
                    return f"row {i + 1} {c}: {cell(g, c)} vs DuckDB {e[c]}"
            rank = g.get("rank", "")
            if e["rank_position"] is not None and e["rank_of"] >= 2:
                if rank != f"{e['rank_position']} of {e['rank_of']}":
                    return f"row {i + 1} rank: {rank!r} vs DuckDB {e['rank_position']} of {e['rank_of']}"
            elif rank.endswith(" of 1") or (" of " in rank and e["rank_position"] is None):
                return f"row {i + 1} rank: {rank!r} where there is none to give"
        return None
    if kind[0] == "pivot":
        years = kind[1]
        got = {(g["area"], g.get("measure")): g for g in got_rows}
        if len(got) != len(expected):
            return f"{len(got)} rows, DuckDB {len(expected)}"
        for e in expected:
            g = got.get((e["area"], e["measure"]))
            if g is None:
                return f"no row for {e['area']}, {e['measure']}"
            for y in years:
                if not close(cell(g, y), e[y]):
                    return f"{e['area']} {y}: {cell(g, y)} vs DuckDB {e[y]}"
        return None
    # A key column that holds one value may be left out of cjnb's table (trend names its one
    # series in the title instead).
    keys = [k for k in kind[1] if not got_rows or k in got_rows[0] or len({e[k] for e in expected}) > 1]
    got = {tuple(g[k] for k in keys): g for g in got_rows}
    if len(got) != len(expected):
        return f"{len(got)} groups, DuckDB {len(expected)}"
    for e in expected:
        key = tuple(e[k] for k in keys)
        g = got.get(key)
        if g is None and not keys:
            g = got_rows[0] if got_rows else None
        if g is None:
            return f"no row for {key}"
        for c in cols:
            if c in keys or c == "position" or (c not in g and len({x[c] for x in expected}) == 1):
                continue
            gv, ev = cell(g, c), e[c]
            if c == "change" and e.get("position") == 1:
                ev = None  # the first period of a series has no change: cjnb writes "-"
            if not close(gv, ev):
                return f"{key} {c}: {gv} vs DuckDB {ev}"
    return None


def run_case(cjnb, rows, query, folder):
    name, pipeline, sql, kind = query
    with open(os.path.join(folder, "t.csv"), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["area", "year", "measure", "value"])
        w.writerows(rows)
    out = os.path.join(folder, "out.csv")
    if os.path.exists(out):
        os.unlink(out)
    script = f'load "t.csv" as t; {pipeline} | write csv to "out.csv" replace'
    p = subprocess.run([cjnb, "-c", script], cwd=folder, capture_output=True, text=True, timeout=60)
    if p.returncode != 0 or not os.path.exists(out):
        return f"cjnb failed ({p.returncode}): {p.stderr.strip()[:400]}"
    con = duckdb.connect()
    con.execute("create table t(rid integer, area varchar, year varchar, measure varchar, value double)")
    con.executemany("insert into t values (?, ?, ?, ?, ?)", [(i, r[0], r[1], r[2], value_of(r[3])) for i, r in enumerate(rows)])
    try:
        return check(kind, read_csv(out), con.execute(sql))
    finally:
        con.close()


def shrink(cjnb, rows, query, folder, problem):
    """Fewer rows that still disagree in the same way, one row out at a time."""
    crashed = problem.startswith("cjnb failed")
    changed = True
    while changed:
        changed = False
        for i in range(len(rows)):
            smaller = rows[:i] + rows[i + 1:]
            if not smaller:
                continue
            again = run_case(cjnb, smaller, query, folder)
            if again is not None and again.startswith("cjnb failed") == crashed:
                rows = smaller
                changed = True
                break
    return rows


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cjnb", required=True)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100000)
    parser.add_argument("--tables", type=int, default=40)
    parser.add_argument("--only", help="TABLE:QUERY, as a failure prints it")
    args = parser.parse_args()
    cjnb = os.path.abspath(args.cjnb)
    print(f"oracle: seed {args.seed}, {args.tables} random tables, cjnb against DuckDB {duckdb.__version__}")
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="cjnb-oracle-") as folder:
        for t in range(args.tables):
            rng = random.Random(args.seed * 1000 + t)
            rows = make_table(rng)
            for query in queries(rows, rng):
                if args.only and args.only != f"{t}:{query[0]}":
                    continue
                problem = run_case(cjnb, rows, query, folder)
                if problem is None:
                    passed += 1
                    continue
                failed += 1
                small = shrink(cjnb, rows, query, folder, problem)
                print(f"FAIL table {t} {query[0]}: {problem}")
                print(f"  cjnb: {query[1]}")
                print(f"  sql:  {query[2]}")
                print(f"  smallest table that disagrees ({len(small)} of {len(rows)} rows): {run_case(cjnb, small, query, folder)}")
                print("    area,year,measure,value")
                for r in small:
                    print("    " + ",".join(f'"{v}"' if "," in v else v for v in r))
                print(f"  replay: python3 {sys.argv[0]} --cjnb {args.cjnb} --seed {args.seed} --tables {t + 1} --only {t}:{query[0]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
