#!/usr/bin/env python3
"""The benchmarks of docs/performance.md, cjnb beside its peers, in one run (make bench).

Every comparison is made in interleaved rounds: each round runs every tool once, in an order
shuffled per round (seeded), so that a slow minute of a shared machine falls on all of them
alike. A figure is the median over the rounds with its range (lowest to highest), and a ratio
between two tools is taken within each round, then its median and range given: a ratio of
medians would hide a round in which the order flipped.

Wall time is measured around the whole process (start-up, interpreter and imports included:
what a user waits for); peak memory is the process's maximum resident set, from wait4. Steps
inside cjnb are its own `--timer` figures; DuckDB's are its `.timer on` figures.

usage: bench.py --cjnb BIN [--work DIR] [--rounds N] [--sizes 100000,1000000,...] [--page docs/performance.md]
The results replace the part of the page between its `<!-- bench:begin -->` and
`<!-- bench:end -->` markers (printed instead when --page is not given).
"""
import argparse
import datetime
import math
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
SHARED = os.path.join(os.path.dirname(ROOT), "shared", "bench")
# GNU time (Debian's `time` package, installed by .ci/bench-prerequisites.sh) measures each peak.
TIME = shutil.which("time", path="/usr/bin:/bin") or "/usr/bin/time"


def run(argv, cwd, stdin=None):
    """(wall seconds, peak resident MB, stderr text) of one process; its output is discarded.

    The peak is GNU time's maximum resident set of the command alone. (wait4's ru_maxrss for
    a child of this script counts the pages the child had from the fork, before its exec: the
    interpreter's own, about 96 MB, which hid every smaller peak.)"""
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        start = _now()
        p = subprocess.Popen([TIME, "-q", "-f", "%M", "-o", peak.name] + argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err, stdin=stdin)
        p.wait()
        wall = _now() - start
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
        kb = peak.read().strip().splitlines()
    if p.returncode != 0:
        raise SystemExit(f"failed ({p.returncode}): {' '.join(argv)}\n{text}")
    return wall, int(kb[-1]) / 1024, text


def _now():
    import time
    return time.perf_counter()


def timer_steps(stderr):
    """The `time: N ms` lines cjnb --timer writes, in order, as milliseconds."""
    return [float(m) for m in re.findall(r"^time: ([0-9.]+) ms$", stderr, re.M)]


def duck_steps(stderr_or_out):
    return [float(m) * 1000 for m in re.findall(r"Run Time \(s\): real ([0-9.]+)", stderr_or_out)]


def median_range(values, fmt):
    return f"{fmt(statistics.median(values))} ({fmt(min(values))}-{fmt(max(values))})"


def seconds(x):
    return f"{x:.3f} s"


def ms(x):
    return f"{x:.1f} ms" if x < 100 else f"{x:.0f} ms"


def mb(x):
    return f"{x:,.0f} MB"


class Peers:
    def __init__(self, cjnb, work):
        self.cjnb = cjnb
        self.work = work
        import duckdb_cli
        self.duck = os.path.join(os.path.dirname(duckdb_cli.__file__), "duckdb")

    def query(self, tool, csv):
        """The whole query as each tool is asked it: load, keep one measure, sum by area, print."""
        if tool == "cjnb":
            return [self.cjnb, "-q", "-c", f'load "{csv}" as t; t | where measure = "cases commenced" | group by area sum(value)']
        if tool == "DuckDB CLI":
            return [self.duck, "-c", f"select area, sum(value) as value from read_csv('{csv}', nullstr='[c]') where measure = 'cases commenced' group by area order by area"]
        if tool == "pandas":
            return [sys.executable, "-c", "import pandas as pd\n"
                    f"df = pd.read_csv({csv!r}, na_values=['[c]'], keep_default_na=False)\n"
                    "print(df[df.measure == 'cases commenced'].groupby('area')['value'].sum().to_string())"]
        if tool == "polars":
            return [sys.executable, "-c", "import polars as pl\n"
                    f"df = pl.read_csv({csv!r}, null_values=['[c]'])\n"
                    "print(df.filter(pl.col('measure') == 'cases commenced').group_by('area').agg(pl.col('value').sum()).sort('area'))"]
        raise ValueError(tool)


def interleaved(rounds, jobs, seed):
    """{name: [(wall, peak, stderr) per round]}: every job once per round, in a shuffled order."""
    rng = random.Random(seed)
    results = {name: [] for name, _ in jobs}
    for _ in range(rounds):
        order = list(jobs)
        rng.shuffle(order)
        for name, job in order:
            results[name].append(job())
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cjnb", required=True)
    ap.add_argument("--work", default="/tmp/cjnb-bench")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--sizes", default="100000,1000000,3000000,10000000")
    ap.add_argument("--page")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    work = args.work
    os.makedirs(work, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    peers = Peers(os.path.abspath(args.cjnb), work)
    out = []
    say = out.append
    log = lambda s: print(s, file=sys.stderr, flush=True)

    import duckdb_cli  # noqa: F401
    import pandas
    import polars
    version = subprocess.run([peers.duck, "-version"], capture_output=True, text=True).stdout.strip()
    cjnb_version = subprocess.run([peers.cjnb, "--version"], capture_output=True, text=True).stdout.strip()
    say(f"Made by `make bench` (docs/bench/bench.py) on {datetime.date.today().isoformat()}: "
        f"{os.cpu_count()} cores, {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, "
        f"{platform.system()} {platform.release()}; cjnb {cjnb_version} (release build), DuckDB CLI {version}, "
        f"pandas {pandas.__version__}, polars {polars.__version__}, Python {platform.python_version()}. "
        f"{args.rounds} interleaved rounds per comparison; each figure is the median, with the range "
        "over the rounds in brackets.")
    say("")

    # The data.
    files = {}
    for n in sizes:
        path = os.path.join(work, f"ind{n}.csv")
        if not os.path.exists(path):
            log(f"making {path}")
            subprocess.run([sys.executable, os.path.join(SHARED, "make-indicator-csv.py"), str(n), path], check=True)
        files[n] = path
    series = os.path.join(work, "series1m.csv")
    if not os.path.exists(series):
        subprocess.run([sys.executable, os.path.join(HERE, "make-series-csv.py"), "1000000", series], check=True)

    # 1. The whole query at every size.
    tools = ["cjnb", "DuckDB CLI", "pandas", "polars"]
    say("### The whole query, beside the peers")
    say("")
    say("Load the file, keep `measure = \"cases commenced\"`, sum `value` by area, print; one process each.")
    say("")
    say("| rows (file) | tool | wall time | peak memory | cjnb's time / the tool's, per round |")
    say("| --- | --- | ---: | ---: | ---: |")
    scaling = {t: [] for t in tools}
    targets = []  # (measure, target, measured, met)
    query_ratios = {}
    peaks_at = {}
    for n in sizes:
        log(f"query at {n} rows")
        jobs = [(t, (lambda t=t: run(peers.query(t, files[n]), work))) for t in tools]
        r = interleaved(args.rounds, jobs, args.seed + n)
        size_mb = os.path.getsize(files[n]) / 1e6
        for t in tools:
            walls = [x[0] for x in r[t]]
            peaks = [x[1] for x in r[t]]
            scaling[t].append((n, statistics.median(walls), statistics.median(peaks)))
            peaks_at[(t, n)] = statistics.median(peaks)
            ratio = ""
            if t != "cjnb":
                ratios = [c[0] / o[0] for c, o in zip(r["cjnb"], r[t])]
                faster = sum(1 for q in ratios if q < 1)
                ratio = f"{median_range(ratios, lambda q: f'{q:.2f}')}; faster in {faster} of {len(ratios)}"
                if t == "DuckDB CLI":
                    query_ratios[n] = ratios
            say(f"| {n:,} ({size_mb:,.0f} MB) | {t} | {median_range(walls, seconds)} | {median_range(peaks, mb)} | {ratio} |")
    say("")
    for n, ratios in query_ratios.items():
        m = statistics.median(ratios)
        targets.append((f"whole query, cjnb / DuckDB CLI, {n:,} rows", "below 1.0 (goal 0.7)", median_range(ratios, lambda q: f"{q:.2f}"), "yes" if m < 1 else "no"))
    big = sizes[-1]
    columns_mb = big * 37 / 1e6  # 7 text columns of 4-byte codes, a column of 8-byte numbers and its status byte
    cj = peaks_at[("cjnb", big)]
    targets.append((f"peak memory, {big:,} rows", f"at most 1.25x the loaded columns ({1.25 * columns_mb:,.0f} MB), below pandas and polars",
                    f"{mb(cj)} (pandas {mb(peaks_at[('pandas', big)])}, polars {mb(peaks_at[('polars', big)])})",
                    "yes" if cj <= 1.25 * columns_mb and cj < peaks_at[("pandas", big)] and cj < peaks_at[("polars", big)] else "no"))
    if 1000000 in sizes:
        cj1, dk1 = peaks_at[("cjnb", 1000000)], peaks_at[("DuckDB CLI", 1000000)]
        targets.append(("peak memory, 1,000,000 rows", f"at most DuckDB's ({mb(dk1)})", mb(cj1), "yes" if cj1 <= dk1 else "no"))
    say("How the cost grows, per million rows (median time and memory divided by millions of rows):")
    say("")
    say("| tool | " + " | ".join(f"{n:,}" for n in sizes) + " | exponent (time) |")
    say("| --- | " + " | ".join("---:" for _ in sizes) + " | ---: |")
    for t in tools:
        cells = [f"{w / (n / 1e6):.3f} s, {p / (n / 1e6):,.0f} MB" for n, w, p in scaling[t]]
        (n0, w0, _), (n1, w1, _) = scaling[t][0], scaling[t][-1]
        exponent = math.log(w1 / w0) / math.log(n1 / n0) if n1 > n0 else float("nan")
        say(f"| {t} | " + " | ".join(cells) + f" | {exponent:.2f} |")
    say("")

    # 2. Reading a million rows, beside a one-core C loop that only splits and interns.
    million = files.get(1000000) or files[sizes[0]]
    split = os.path.join(work, "split")
    subprocess.run(["cc", "-O2", "-o", split, os.path.join(HERE, "split.c")], check=True)
    log("load beside the C loop")
    r = interleaved(args.rounds, [
        ("cjnb load", lambda: run([peers.cjnb, "--timer", "-q", "-c", f'load "{million}" as t'], work)),
        ("cjnb load + describe", lambda: run([peers.cjnb, "-q", "-c", f'load "{million}" as t; describe t'], work)),
        ("C split and intern, one core", lambda: run([split, million], work)),
    ], args.seed)
    load_ms = [timer_steps(x[2])[0] for x in r["cjnb load"]]
    c_ms = [x[0] * 1000 for x in r["C split and intern, one core"]]
    say("### Reading a million rows")
    say("")
    say("| measure | figure |")
    say("| --- | ---: |")
    say(f"| cjnb `load` (its --timer step) | {median_range(load_ms, ms)} |")
    say(f"| cjnb load and describe, whole process | {median_range([x[0] for x in r['cjnb load + describe']], seconds)}, {median_range([x[1] for x in r['cjnb load + describe']], mb)} |")
    say(f"| a one-core C loop that splits and dictionary-encodes (docs/bench/split.c), whole process | {median_range(c_ms, ms)} |")
    load_ratio = [a / b for a, b in zip(load_ms, c_ms)]
    say(f"| cjnb's load / the C loop, per round | {median_range(load_ratio, lambda q: f'{q:.2f}')} |")
    targets.append(("load of 1M rows (72 MB)", "within 2x a one-core C loop that splits and dictionary-encodes", f"{median_range(load_ms, ms)}, {median_range(load_ratio, lambda q: f'{q:.2f}')}x the C loop", "yes" if statistics.median(load_ratio) <= 2 else "no"))
    say("")

    # 3. Writing a million rows, and top 10, beside DuckDB's own timer.
    log("write csv and top 10")
    out_csv = os.path.join(work, "out.csv")
    duck_script = [peers.duck, "-c", ".timer on", "-c", f"create table t as select * from read_csv('{million}', nullstr='[c]')",
                   "-c", f"copy t to '{out_csv}' (header)", "-c", "select * from t order by value desc limit 10"]

    def duck_run():
        p = subprocess.run(duck_script, cwd=work, capture_output=True, text=True, check=True)
        return (0, 0, p.stdout + p.stderr)
    r = interleaved(args.rounds, [
        ("cjnb", lambda: run([peers.cjnb, "--timer", "-q", "-c", f'load "{million}" as t; t | write csv to "{out_csv}" replace; t | top 10'], work)),
        ("duckdb", duck_run),
    ], args.seed)
    cj = [timer_steps(x[2]) for x in r["cjnb"]]
    dk = [duck_steps(x[2]) for x in r["duckdb"]]
    say("### Writing and ranking a million rows")
    say("")
    say("| step | cjnb | DuckDB CLI | cjnb / DuckDB, per round |")
    say("| --- | ---: | ---: | ---: |")
    for label, ci, di in [("`write csv` to a file / `COPY t TO`", 1, 1), ("`top 10` / `order by value desc limit 10`", 2, 2)]:
        a = [s[ci] for s in cj]
        b = [s[di] for s in dk]
        say(f"| {label} | {median_range(a, ms)} | {median_range(b, ms)} | {median_range([x / y for x, y in zip(a, b)], lambda q: f'{q:.2f}')} |")
        if ci == 1:
            targets.append(("`write csv` of 1M rows", "at most DuckDB's `COPY`", f"{median_range(a, ms)} (DuckDB {median_range(b, ms)})", "yes" if statistics.median(a) <= statistics.median(b) else "no"))
        else:
            targets.append(("`top 10` on 1M rows", "under 10 ms", median_range(a, ms), "yes" if statistics.median(a) < 10 else "no"))
    say("")

    # 4. Every verb on the largest table, loaded once.
    biggest = files[sizes[-1]]
    verbs = [
        ("where measure = \"cases commenced\"", 'let x = t | where measure = "cases commenced"'),
        ("select area, value", "let x = t | select area, value"),
        ("derive v2 = value * 2", "let x = t | derive v2 = value * 2"),
        ("sort value desc", "let x = t | sort value desc"),
        ("top 10", "let x = t | top 10"),
        ("limit 10", "let x = t | limit 10"),
        ("group by area", "let x = t | group by area"),
        ("group by area, measure, year", "let x = t | group by area, measure, year"),
        ("pivot year", "let x = t | where measure = \"cases commenced\" and sex = \"Male\" and age_group = \"16-17\" | group by area, year | pivot year"),
        ("describe", "describe t"),
    ]
    log("every verb on the largest table")
    script = f'load "{biggest}" as t; ' + "; ".join(v for _, v in verbs)
    steps = [timer_steps(run([peers.cjnb, "--timer", "-q", "-c", script], work)[2]) for _ in range(args.rounds)]
    trend = [timer_steps(run([peers.cjnb, "--timer", "-q", "-c", f'load "{series}" as s; let x = s | trend'], work)[2])[1] for _ in range(args.rounds)]
    say(f"### Every verb on {sizes[-1]:,} loaded rows")
    say("")
    say("Each verb's --timer step after one load, over the rounds (`pivot` on the rows it keeps); "
        "`trend` on 83,333 series of 12 years (docs/bench/make-series-csv.py, 1M rows).")
    say("")
    say("| verb | time |")
    say("| --- | ---: |")
    say(f"| load | {median_range([s[0] for s in steps], ms)} |")
    for i, (label, _) in enumerate(verbs):
        say(f"| `{label}` | {median_range([s[i + 1] for s in steps], ms)} |")
    say(f"| `trend` (1M rows) | {median_range(trend, ms)} |")
    verb_medians = {label: statistics.median([st[i + 1] for st in steps]) for i, (label, _) in enumerate(verbs)}
    slowest = max(verb_medians, key=verb_medians.get)
    targets.append((f"every verb on {big:,} loaded rows", "under 200 ms", f"slowest `{slowest}` {ms(verb_medians[slowest])}", "yes" if verb_medians[slowest] < 200 else "no"))
    quick = {k: v for k, v in verb_medians.items() if k.startswith("group by") or k == "describe"}
    slow_quick = max(quick, key=quick.get)
    targets.append((f"`describe` and `group by` on {big:,} rows", "under 100 ms", f"slowest `{slow_quick}` {ms(quick[slow_quick])}", "yes" if quick[slow_quick] < 100 else "no"))
    say("")

    # 5. Checking the notebooks.
    log("cjnb check")
    # The files make test checks: README, the docs written as notebooks, and Notebooks/.
    docs = [os.path.join(ROOT, "README.md"), os.path.join(ROOT, "docs", "language.md")] + sorted(
        os.path.join(ROOT, "docs", f) for f in os.listdir(os.path.join(ROOT, "docs")) if f.startswith("loading") and f.endswith(".md")) + sorted(
        os.path.join(ROOT, "Notebooks", f) for f in os.listdir(os.path.join(ROOT, "Notebooks")) if f.endswith(".md"))
    checks = [run([peers.cjnb, "check"] + docs, ROOT)[0] * 1000 for _ in range(max(args.rounds, 10))]
    say("### Checking the notebooks")
    say("")
    say(f"`cjnb check` of README.md, docs/language.md, docs/loading*.md and Notebooks/ ({len(docs)} files), whole process: "
        f"{median_range(checks, ms)}.")
    targets.append(("`cjnb check` of README, docs/language.md and Notebooks", "under 50 ms", median_range(checks, ms), "yes" if statistics.median(checks) < 50 else "no"))
    say("")

    # 6. Interactive figures.
    log("bundled commands and the first prompt")
    commands = subprocess.run([sys.executable, os.path.join(HERE, "command-times.py"), peers.cjnb] + docs, capture_output=True, text=True, check=True).stdout.strip()
    prompt = subprocess.run([sys.executable, os.path.join(HERE, "first-prompt.py"), peers.cjnb, "20"], capture_output=True, text=True, check=True).stdout.strip()
    say("### Interactive figures")
    say("")
    say(f"- Every command of README.md, docs/language.md and Notebooks/ on the bundled datasets, in their sessions, each the median of five sessions: {commands}.")
    say(f"- Start-up to the first prompt in a pseudo-terminal: {prompt}.")
    say("")

    summary = ["### The targets (issue 18)", "", "| measure | target | measured | met |", "| --- | --- | --- | --- |"]
    summary += [f"| {m} | {t} | {v} | {ok} |" for m, t, v, ok in targets]
    out[2:2] = summary + [""]
    text = "\n".join(out)
    if args.page:
        page = open(args.page, encoding="utf-8").read()
        begin, end = "<!-- bench:begin -->", "<!-- bench:end -->"
        if begin not in page or end not in page:
            raise SystemExit(f"{args.page} has no {begin} ... {end} markers")
        head, rest = page.split(begin, 1)
        _, tail = rest.split(end, 1)
        with open(args.page + ".tmp", "w", encoding="utf-8") as f:
            f.write(head + begin + "\n" + text + "\n" + end + tail)
        os.replace(args.page + ".tmp", args.page)
        log(f"wrote {args.page}")
    else:
        print(text)


if __name__ == "__main__":
    main()
