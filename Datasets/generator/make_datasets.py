#!/usr/bin/env python3
"""Writes cjnb's bundled datasets into Datasets/.

usage: python3 Datasets/generator/make_datasets.py [--check]

  areas.csv       the 32 council areas and Scotland, codes old and new, other names
  population.csv  NRS mid-year population estimates 1998-2018 by area and age band, the series
                  before the Census 2022 rebase
                  (from ../shared/reference-data/nrs-population-by-council-1998-2018.csv)
  population-current.csv
                  the current (Census-2022-based) series: ages 16+ and 16-70 for mid-2022 and
                  mid-2024, all ages 2011-2024
                  (from ../shared/reference-data/nrs-population-by-council-2011-2024.csv)
  indicators.csv  ILLUSTRATIVE council-level figures for the ten national indicators of the
                  Community Justice Performance Framework, 2012-13 to 2023-24
  published.csv   the national figures quoted in FRAMEWORK.md, as published (rounded)

The illustrative data is made from a fixed seed, so the same script always writes the same
bytes; --check compares instead of writing and exits 1 when a file differs. The Scotland series
are set by hand to agree with the published national figures; council figures share each
Scotland total out by population aged 16 to 70, times a fixed per-council propensity and a small
yearly wobble, rounded so that the councils add up to Scotland exactly. Counts from 1 to 4 are
suppressed as [c], with a second cell suppressed wherever a single one could be worked back from
the Scotland total.
"""
import csv
import io
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
REFERENCE = os.path.join(OUT, "..", "..", "shared", "reference-data")
SEED = 20121314
YEARS = list(range(2012, 2024))  # financial years by the calendar year they start in


def fy(y):
    return f"{y}-{(y + 1) % 100:02d}"


# name, current code, code before 2018 (when recoded), other names. Must agree with
# Sources/Framework/Areas/CouncilArea.swift (a test checks).
AREAS = [
    ("Aberdeen City", "S12000033", "", ["Aberdeen", "City of Aberdeen"]),
    ("Aberdeenshire", "S12000034", "", []),
    ("Angus", "S12000041", "", []),
    ("Argyll and Bute", "S12000035", "", ["Argyll"]),
    ("City of Edinburgh", "S12000036", "", ["Edinburgh", "Edinburgh City", "Edinburgh, City of"]),
    ("Clackmannanshire", "S12000005", "", ["Clacks"]),
    ("Dumfries and Galloway", "S12000006", "", ["Dumfries"]),
    ("Dundee City", "S12000042", "", ["Dundee", "City of Dundee"]),
    ("East Ayrshire", "S12000008", "", []),
    ("East Dunbartonshire", "S12000045", "", []),
    ("East Lothian", "S12000010", "", []),
    ("East Renfrewshire", "S12000011", "", []),
    ("Falkirk", "S12000014", "", []),
    ("Fife", "S12000047", "S12000015", []),
    ("Glasgow City", "S12000049", "S12000046", ["Glasgow", "City of Glasgow"]),
    ("Highland", "S12000017", "", ["Highlands", "The Highland Council"]),
    ("Inverclyde", "S12000018", "", []),
    ("Midlothian", "S12000019", "", []),
    ("Moray", "S12000020", "", []),
    ("Na h-Eileanan Siar", "S12000013", "", ["Eilean Siar", "Comhairle nan Eilean Siar", "Western Isles",
                                           "Na h-Eileanan an Iar", "Outer Hebrides"]),
    ("North Ayrshire", "S12000021", "", []),
    ("North Lanarkshire", "S12000050", "S12000044", []),
    ("Orkney Islands", "S12000023", "", ["Orkney"]),
    ("Perth and Kinross", "S12000048", "S12000024", ["Perth"]),
    ("Renfrewshire", "S12000038", "", []),
    ("Scottish Borders", "S12000026", "", ["Borders", "The Scottish Borders"]),
    ("Shetland Islands", "S12000027", "", ["Shetland"]),
    ("South Ayrshire", "S12000028", "", []),
    ("South Lanarkshire", "S12000029", "", []),
    ("Stirling", "S12000030", "", []),
    ("West Dunbartonshire", "S12000039", "", []),
    ("West Lothian", "S12000040", "", []),
]
SCOTLAND = ("Scotland", "S92000003", "", ["All Scotland", "Scotland total"])

# Scotland series, 2012-13 .. 2023-24. Calibrated to the published national figures
# (FRAMEWORK.md): diversion cases commenced 2,700 in 2021-22, up 20% on 2020-21 and the highest
# in a decade; bail supervision cases commenced 570 in 2021-22 (highest) and 470 in 2019-20
# (second highest); CPOs commenced 12,150 in 2021-22, 49% above 2020-21, the second lowest in
# the decade, 16,100 to 19,500 a year from 2012-13 to 2019-20. The rest is illustrative.
SCOTLAND_SERIES = {
    "cases commenced": [2104, 2018, 1960, 1987, 2071, 2012, 2129, 2243, 2251, 2702, 2648, 2871],
    "assessments undertaken": [3561, 3412, 3388, 3457, 3583, 3641, 3792, 3958, 3419, 4312, 4588, 4881],
    "cases completed": [1518, 1472, 1431, 1451, 1502, 1469, 1538, 1612, 1559, 1891, 1962, 2049],
    "referrals from custody centres": [3822, 4011, 4248, 4533, 4871, 5118, 5462, 5709, 4983, 5893, 6241, 6528],
    "bail assessments": [1204, 1150, 1098, 1210, 1266, 1318, 1402, 1498, 1377, 1755, 1690, 1812],
    "bail cases commenced": [318, 296, 305, 342, 361, 389, 412, 471, 402, 568, 545, 612],
    "bail cases completed": [190, 183, 181, 207, 220, 234, 246, 280, 236, 331, 325, 360],
    "CPOs commenced": [19487, 18946, 18123, 17804, 17465, 17012, 16654, 16112, 8153, 12151, 14366, 15020],
    "CPOs ended": [18904, 19052, 18397, 17951, 17606, 17148, 16797, 16302, 9906, 11204, 13811, 14598],
    "DTTOs commenced": [622, 591, 563, 541, 522, 505, 482, 468, 251, 342, 379, 401],
    "DTTOs ended": [598, 603, 577, 552, 530, 514, 493, 476, 302, 318, 361, 392],
    "treatment transfers from custody": [611, 638, 655, 689, 702, 745, 781, 812, 731, 861, 904, 947],
    "homelessness applications from prison": [2251, 2183, 2139, 2094, 1982, 1948, 1893, 1831, 1418, 1562, 1641, 1709],
    "employability participants": [21436, 22190, 22874, 23512, 24160, 24731, 25398, 25942, 19877, 23304, 24816, 25537],
    "voluntary throughcare commenced": [1021, 1088, 1152, 1209, 1284, 1331, 1392, 1448, 1213, 1521, 1609, 1682],
}
# Completion: completed (successfully) over ended, Scotland, per year.
CPO_COMPLETION = [0.692, 0.701, 0.703, 0.709, 0.712, 0.718, 0.721, 0.713, 0.662, 0.689, 0.703, 0.711]
DTTO_COMPLETION = [0.481, 0.492, 0.488, 0.497, 0.503, 0.511, 0.507, 0.499, 0.431, 0.468, 0.482, 0.489]
CONVICTIONS_SHARE = [0.094, 0.097, 0.101, 0.104, 0.106, 0.109, 0.112, 0.115, 0.108, 0.117, 0.121, 0.124]
# NI10 comes from a national survey: Scotland only, and not every year ([x] otherwise).
NI10 = {2012: 63.4, 2014: 65.1, 2016: 68.2, 2017: 69.0, 2018: 70.3, 2019: 71.6, 2021: 72.9, 2023: 74.1}

MEASURES = [  # indicator, measure, kind
    ("NI1", "assessments undertaken", "count"), ("NI1", "cases commenced", "count"),
    ("NI1", "cases completed", "count"),
    ("NI2", "referrals from custody centres", "count"),
    ("NI3", "bail assessments", "count"), ("NI3", "bail cases commenced", "count"),
    ("NI3", "bail cases completed", "count"),
    ("NI4", "CPOs commenced", "count"), ("NI4", "CPOs ended", "count"), ("NI4", "CPOs completed", "count"),
    ("NI4", "CPOs completed (%)", "percent"),
    ("NI5", "DTTOs commenced", "count"), ("NI5", "DTTOs ended", "count"), ("NI5", "DTTOs completed", "count"),
    ("NI5", "DTTOs completed (%)", "percent"),
    ("NI6", "treatment transfers from custody", "count"),
    ("NI7", "homelessness applications from prison", "count"),
    ("NI8", "employability participants", "count"),
    ("NI8", "employability participants with convictions", "count"),
    ("NI8", "participants with convictions (%)", "percent"),
    ("NI9", "voluntary throughcare commenced", "count"),
    ("NI10", "people who agree a community sentence is better (%)", "percent"),
]

SUPPRESS_BELOW = 5


def read_population():
    path = os.path.join(REFERENCE, "nrs-population-by-council-1998-2018.csv")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    pop = {}
    for r in rows:
        pop[(r["Area"], int(r["Year"]))] = (int(r["Population_16plus"]), int(r["Population_16to70"]),
                                            int(r["Population_all_ages"]))
    return pop


CURRENT_BANDS = {"16+": "16+", "16-70": "16-70", "all": "all ages"}


def read_current_population():
    """The current series, checked: every council and Scotland each year and band, the Scotland
    rows the sum of the councils."""
    path = os.path.join(REFERENCE, "nrs-population-by-council-2011-2024.csv")
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    by_code = {c: n for n, c, _, _ in AREAS + [SCOTLAND]}
    figures = {}
    for r in rows:
        code, band = r["area_code"], CURRENT_BANDS[r["age_band"]]
        if code not in by_code:
            raise SystemExit(f"{path}: unknown area code {code}")
        figures[(code, int(r["year"]), band)] = int(r["population"])
    cells = sorted({(y, b) for _, y, b in figures})
    for y, b in cells:
        councils = [figures.get((c, y, b)) for _, c, _, _ in AREAS]
        if None in councils or (SCOTLAND[1], y, b) not in figures:
            raise SystemExit(f"{path}: mid-{y} {b} does not cover every council and Scotland")
        if sum(councils) != figures[(SCOTLAND[1], y, b)]:
            raise SystemExit(f"{path}: mid-{y} {b}: the councils do not add up to Scotland")
    return figures, cells


def share_out(total, weights):
    """Integers proportional to weights that add up to total exactly (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    base = [int(x) for x in raw]
    left = total - sum(base)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - base[i]), i))
    for i in order[:left]:
        base[i] += 1
    return base


def build_indicators(pop):
    rng = random.Random(SEED)
    names = [a[0] for a in AREAS]
    # A council's propensity for each family of measures stays put from year to year.
    families = ["diversion", "custody", "bail", "cpo", "dtto", "health", "housing", "employ", "throughcare"]
    propensity = {(n, fam): rng.uniform(0.6, 1.6) for fam in families for n in names}
    family_of = {
        "cases commenced": "diversion", "assessments undertaken": "diversion",
        "referrals from custody centres": "custody", "bail assessments": "bail", "bail cases commenced": "bail",
        "CPOs commenced": "cpo", "CPOs ended": "cpo", "DTTOs commenced": "dtto", "DTTOs ended": "dtto",
        "treatment transfers from custody": "health", "homelessness applications from prison": "housing",
        "employability participants": "employ", "voluntary throughcare commenced": "throughcare",
    }

    def base_weights(year, family):
        py = min(year, 2018)
        return [pop[(n, py)][1] * propensity[(n, family)] * rng.uniform(0.92, 1.08) for n in names]

    values = {}  # (measure, year) -> list of true council values (ints or floats)
    for y in YEARS:
        i = y - 2012
        for measure, family in family_of.items():
            values[(measure, y)] = share_out(SCOTLAND_SERIES[measure][i], base_weights(y, family))
        # Stages that follow another: shared out by the stage before, with a local rate.
        def follow(total, before):
            w = [b * rng.uniform(0.85, 1.15) for b in before]
            out = share_out(total, w)
            return [min(o, b) for o, b in zip(out, before)]
        values[("cases completed", y)] = follow(SCOTLAND_SERIES["cases completed"][i], values[("cases commenced", y)])
        values[("bail cases completed", y)] = follow(SCOTLAND_SERIES["bail cases completed"][i],
                                                     values[("bail cases commenced", y)])
        cpo_done = round(SCOTLAND_SERIES["CPOs ended"][i] * CPO_COMPLETION[i])
        values[("CPOs completed", y)] = follow(cpo_done, values[("CPOs ended", y)])
        dtto_done = round(SCOTLAND_SERIES["DTTOs ended"][i] * DTTO_COMPLETION[i])
        values[("DTTOs completed", y)] = follow(dtto_done, values[("DTTOs ended", y)])
        convicted = round(SCOTLAND_SERIES["employability participants"][i] * CONVICTIONS_SHARE[i])
        values[("employability participants with convictions", y)] = follow(
            convicted, values[("employability participants", y)])
    # Every stage's council figures add up to the Scotland figure.
    for (measure, y), v in values.items():
        assert sum(v) == scotland_total(values, measure, y), (measure, y)
    return values


def scotland_total(values, measure, y):
    return sum(values[(measure, y)])


def suppressed_cells(values):
    """(measure, year, council index) of cells shown as [c]: counts 1 to 4, plus, where only one
    council would be suppressed in a measure and year, the next smallest count, so that the
    Scotland total cannot give the suppressed figure away."""
    hidden = set()
    for (measure, y), v in values.items():
        primary = [k for k, x in enumerate(v) if 0 < x < SUPPRESS_BELOW]
        for k in primary:
            hidden.add((measure, y, k))
        if len(primary) == 1:
            others = sorted((x, k) for k, x in enumerate(v) if k not in primary and x > 0)
            if others:
                hidden.add((measure, y, others[0][1]))
    return hidden


def pct(numerator, denominator):
    return f"{100 * numerator / denominator:.1f}" if denominator else "[z]"


def write_csv(path, header, rows, check):
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    text = buffer.getvalue()
    if check:
        with open(path, newline="") as f:
            same = f.read() == text
        print(("same     " if same else "DIFFERENT") + " " + os.path.relpath(path, OUT))
        return same
    with open(path, "w", newline="") as f:
        f.write(text)
    print(f"wrote {os.path.relpath(path, OUT)}: {len(rows)} rows")
    return True


def main():
    check = "--check" in sys.argv
    pop = read_population()
    ok = True

    ok &= write_csv(os.path.join(OUT, "areas.csv"), ["area_code", "area", "area_code_before_2018", "other_names"],
                    [[c, n, old, "; ".join(other)] for n, c, old, other in AREAS + [SCOTLAND]], check)

    bands = [("16+", 0), ("16-70", 1), ("all ages", 2)]
    rows = []
    for n, c, _, _ in AREAS + [SCOTLAND]:
        for y in range(1998, 2019):
            for band, k in bands:
                rows.append([c, n, y, band, pop[(n, y)][k]])
    ok &= write_csv(os.path.join(OUT, "population.csv"), ["area_code", "area", "year", "ages", "value"], rows, check)

    current, cells = read_current_population()
    order = {b: k for b, k in bands}
    rows = []
    for n, c, _, _ in AREAS + [SCOTLAND]:
        for y, band in sorted(cells, key=lambda cell: (cell[0], order[cell[1]])):
            rows.append([c, n, y, band, current[(c, y, band)]])
    ok &= write_csv(os.path.join(OUT, "population-current.csv"), ["area_code", "area", "year", "ages", "value"], rows, check)

    values = build_indicators(pop)
    hidden = suppressed_cells(values)
    rows = []
    for indicator, measure, kind in MEASURES:
        for k, (n, c, _, _) in enumerate(AREAS + [SCOTLAND]):
            is_scotland = k == len(AREAS)
            for y in YEARS:
                rows.append([c, n, fy(y), indicator, measure, cell(values, hidden, measure, kind, y, k, is_scotland)])
    ok &= write_csv(os.path.join(OUT, "indicators.csv"),
                    ["area_code", "area", "year", "indicator", "measure", "value"], rows, check)

    published = [
        ["S92000003", "Scotland", "2021-22", "NI1", "cases commenced", "2700",
         "diversion from prosecution; rounded to the nearest 10; up 20% on 2020-21, the highest in a decade"],
        ["S92000003", "Scotland", "2019-20", "NI3", "bail cases commenced", "470",
         "bail supervision; rounded to the nearest 10; the second highest in the decade to 2021-22"],
        ["S92000003", "Scotland", "2021-22", "NI3", "bail cases commenced", "570",
         "bail supervision; rounded to the nearest 10; the highest in a decade"],
        ["S92000003", "Scotland", "2021-22", "", "structured deferred sentences", "930",
         "rounded to the nearest 10"],
        ["S92000003", "Scotland", "2021-22", "NI4", "CPOs commenced", "12150",
         "rounded to the nearest 10; 49% above 2020-21; the second lowest in the decade; "
         "16,100 to 19,500 a year from 2012-13 to 2019-20"],
    ]
    ok &= write_csv(os.path.join(OUT, "published.csv"),
                    ["area_code", "area", "year", "indicator", "measure", "value", "note"], published, check)
    sys.exit(0 if ok else 1)


def cell(values, hidden, measure, kind, y, k, is_scotland):
    if measure.startswith("people who agree"):
        if not is_scotland or y not in NI10:
            return "[x]"
        return f"{NI10[y]:.1f}"
    if kind == "count":
        v = values[(measure, y)]
        if is_scotland:
            return str(sum(v))
        return "[c]" if (measure, y, k) in hidden else str(v[k])
    # Percentages from the counts behind them; hidden when either count is.
    num, den = {
        "CPOs completed (%)": ("CPOs completed", "CPOs ended"),
        "DTTOs completed (%)": ("DTTOs completed", "DTTOs ended"),
        "participants with convictions (%)": ("employability participants with convictions", "employability participants"),
    }[measure]
    if is_scotland:
        return pct(sum(values[(num, y)]), sum(values[(den, y)]))
    if (num, y, k) in hidden or (den, y, k) in hidden:
        return "[c]"
    return pct(values[(num, y)][k], values[(den, y)][k])


if __name__ == "__main__":
    main()
