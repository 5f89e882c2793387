/// A verb of the language: its name, how it is written, what it does, an example, and its
/// grammar. Parsing, `help` and completion all read this one table.
public struct VerbSpec: Sendable {
  public let name: String
  /// How it is written: `group by COLS [AGG(COL) [as NAME], ...]`.
  public let usage: String
  /// One line: what it does.
  public let summary: String
  /// More: the rules a reader should know.
  public let details: String
  /// A command that runs on the bundled datasets.
  public let example: String
  let parse: @Sendable (inout Parser) throws(Diagnostic) -> Verb
  /// What tab completion offers after the verb's name.
  public var follows: Follows = .nothing

  public enum Follows: Sendable {
    case nothing
    /// The columns of the table in hand: `where`, `select`, `sort`.
    case columns
    /// The tables in scope, where the verb starts a statement: `describe`, `show`.
    case tables
  }
}

/// Every verb, in the order `help` lists them.
public enum VerbTable {
  public static let all: [VerbSpec] = [
    VerbSpec(
      name: "where", usage: "where CONDITION",
      summary: "keep the rows that meet a condition",
      details: """
        Compare with = != < <= > >=, test lists with in (...), ranges with between A and B, combine with \
        and, or, not, and find gaps with `is missing`. `year last 5` keeps the latest five periods. Areas \
        match by any of their names or codes; periods compare in time order; text compares without regard \
        to case. A cell that is missing meets no comparison, only `is missing`.
        """,
      example:
        #"indicators | where measure = "cases commenced" and area = "Edinburgh" and year last 3"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.whereVerb() },
      follows: .columns),
    VerbSpec(
      name: "select", usage: "select COLUMN, ...",
      summary: "keep these columns, in this order",
      details:
        "Column names that are not plain words go in backticks or quotes: select area, `2019-20`.",
      example:
        #"indicators | where measure = "CPOs commenced" and year = 2023-24 | select area, value | limit 3"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.selectVerb() },
      follows: .columns),
    VerbSpec(
      name: "drop", usage: "drop COLUMN, ...",
      summary: "leave these columns out",
      details: "",
      example:
        #"indicators | where area = "Fife" and year = 2023-24 and indicator = "NI1" | drop area_code, indicator"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.dropVerb() }, follows: .columns
    ),
    VerbSpec(
      name: "clean", usage: "clean COLUMN, ...",
      summary:
        "read a column of numbers that has a few stray words as numbers, the words as missing cells",
      details:
        "A column read as text because a few cells are neither numbers nor symbols (\"see note\"): each such cell becomes missing, marked [?], and the note says how many and which. Symbols (x, [c], n/a) keep their reasons.",
      example: #"stray | clean value"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.cleanVerb() }),
    VerbSpec(
      name: "rename", usage: "rename COLUMN as NAME, ...",
      summary: "give columns new names",
      details: "",
      example: #"areas | rename area_code as code | limit 2"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.renameVerb() },
      follows: .columns),
    VerbSpec(
      name: "derive", usage: "derive NAME = EXPRESSION",
      summary: "add a column worked out from others (+ - * / and brackets, and functions)",
      details: """
        A missing cell makes the result missing, with its symbol; dividing by zero gives [z]. Functions: upper, lower, \
        trim, replace(X, "PATTERN", "WITH"), extract(X, "PATTERN") (patterns matched in time linear in the text), \
        area_code(X) and area_name(X) (any name or code of an area; [x] for one that is not, counted in a note).
        """,
      example:
        #"population | where year = 2018 and area = "Fife" | pivot ages | derive over_70 = `all ages` - `16-70`"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.deriveVerb() }),
    VerbSpec(
      name: "sort", usage: "sort COLUMN [desc], ...",
      summary: "order the rows",
      details:
        "Periods sort in time order, numbers by size, text alphabetically; missing cells go last.",
      example:
        #"indicators | where measure = "CPOs completed (%)" and year = 2023-24 | sort value desc | select area, value | limit 3"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.sortVerb() }, follows: .columns
    ),
    VerbSpec(
      name: "top", usage: "top N [by COLUMN]",
      summary: "the N rows with the highest values (of the value column unless named)",
      details: "",
      example:
        #"indicators | where measure = "cases commenced" and year = 2023-24 and area != "Scotland" | top 3"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.topVerb() }, follows: .columns),
    VerbSpec(
      name: "limit", usage: "limit N",
      summary: "the first N rows",
      details: "",
      example: "areas | limit 3",
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.limitVerb() }),
    VerbSpec(
      name: "group",
      usage:
        "group by COLUMN, ... [AGGREGATE(COLUMN) [as NAME], ...]  |  group NAME = (\"AREA\", ...)",
      summary: "one row per group, with aggregates: sum, mean, median, min, max, count()",
      details: """
        Without aggregates, sums the value column. Missing cells are skipped, and a group that had any \
        is marked [i] (incomplete) with a note; a group with nothing but missing cells stays missing. \
        `group islands = ("Orkney Islands", "Shetland Islands", "Na h-Eileanan Siar")` on a line of its own \
        names a comparator group instead (any name of each area; a typo is named with the closest): \
        `where area in islands`, `compare with islands` (the members' pooled figure), `chart ... highlight \
        islands`, `funnelplot against islands`, `assess area islands` (the members' counts pooled).
        """,
      example:
        #"indicators | where measure = "cases commenced" and area != "Scotland" | group by year"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.groupVerb() }),
    VerbSpec(
      name: "pivot", usage: "pivot COLUMN [values COLUMN]",
      summary: "long to wide: one column per value of COLUMN",
      details:
        "The other columns name the rows; two rows for the same cell are an error (group first).",
      example:
        #"indicators | where indicator = "NI1" and area = "Scotland" and year last 3 | drop area_code, area, indicator | pivot year"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.pivotVerb() },
      follows: .columns),
    VerbSpec(
      name: "unpivot", usage: "unpivot [COLUMN, ...] [as NAME]",
      summary: "wide to long: these columns (all number columns if none named) become rows",
      details:
        "The column names go in NAME (read as periods when they are periods); the cells in value.",
      example: #"population | where year = 2018 and area = "Fife" | pivot ages | unpivot as ages"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.unpivotVerb() },
      follows: .columns),
    VerbSpec(
      name: "trend", usage: "trend [COLUMN] [over PERIOD] [by COLUMN, ...]",
      summary: "change, % change and direction per period, and what the series shows",
      details: """
        Per series: the span, the change over it, whether the latest value is the highest or lowest in \
        the span, a note when fewer than three continuous periods leave no trend to claim, and a † on \
        the pandemic years 2020-21 and 2021-22. Series are split by the text columns that vary.
        """,
      example:
        #"indicators | where measure = "cases commenced" and area = "Scotland" and year last 6 | trend"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.trendVerb() },
      follows: .columns),
    VerbSpec(
      name: "rolling", usage: "rolling N [sum|mean] [over PERIOD] [by COLUMN, ...]",
      summary:
        "pool each run of N consecutive periods into one figure, labelled 2021-22 to 2023-24",
      details: """
        Counts are summed (pooled) unless `mean`; percentages are averaged, since a sum of them means \
        nothing. A window needs all N periods: a gap in the periods breaks it, never bridged, and a note \
        names the gap; a window holding a missing figure is missing. The period column holds each \
        window's last period, so `trend` follows the windows; `rate` after it gives pooled rates, and \
        `rate per N population` divides by the window's summed populations.
        """,
      example:
        #"indicators | where measure = "CPOs commenced" and area = "Orkney Islands" and year last 6 | rolling 3 | trend"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.rollingVerb() }),
    VerbSpec(
      name: "rate",
      usage:
        "rate A / B [as NAME] [by COLUMN, ...] [per N] [ci LEVEL|off]  |  rate per N population [16+|16-70|all] [using YEAR] [ci LEVEL|off]",
      summary: "a ratio of two measures or columns, or a rate per N people",
      details: """
        Measures in quotes are rows of a long table, summed within each group; plain words are columns. \
        The ratio is a percentage unless `per N` says otherwise. A zero or missing denominator gives a \
        missing value with its reason. `rate per 10000 population 16-70` joins the NRS mid-year estimate \
        for the calendar year a financial year starts in and shows the year used; a period with no \
        estimate of its own is an error unless `using YEAR` chooses one. Every rate comes with its 95% \
        confidence interval as `lower` and `upper` (the Wilson score interval for a percentage, exact \
        Poisson limits for a rate per N); `ci 99.8` changes the level and `ci off` leaves them out. A \
        suppressed count has no interval; figures that are not counts have none, and a note says so.
        """,
      example:
        #"indicators | where year = 2023-24 and area in ("Fife", "Falkirk", "Scotland") | rate "CPOs completed" / "CPOs ended" as completion by area"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.rateVerb() }),
    VerbSpec(
      name: "compare", usage: "compare with scotland | compare with AREA, ...",
      summary: "add the comparator's value, the difference and each area's rank among the 32",
      details:
        "Rank 1 is the highest value. The comparator's rows are taken from the table before it was filtered when need be.",
      example:
        #"indicators | where measure = "CPOs completed (%)" and area = "Fife" and year last 3 | compare with scotland | select year, value, Scotland, difference, rank"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.compareVerb() }),
    VerbSpec(
      name: "join", usage: "join [inner|left] TABLE on COLUMN [= COLUMN], ...",
      summary: "add the columns of another table, matching rows on areas, periods or values",
      details: """
        Areas match through the resolver (any name or code, old or new), periods by their type (a financial \
        year never matches a calendar year). The other table must have one row for each key. Rows that match \
        nothing are counted and named in a note: an inner join (the default) leaves them out, `left` keeps \
        them with empty cells. No row matching at all is an error.
        """,
      example:
        #"indicators | where measure = "CPOs commenced" and year = 2022-23 and area in ("Fife", "Falkirk") | select area, value | join areas on area"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.joinVerb() }),
    VerbSpec(
      name: "share", usage: "share of scotland",
      summary:
        "each area's count as a percentage of Scotland's total for the same period and measure",
      details: """
        Only counts add up to Scotland's total: a percentage or a rate is refused, with the reason. Scotland's \
        figure is taken from the table before it was filtered when need be. A share mostly reflects an area's \
        size; it is a proportion of a whole count, not an estimate, so it has no interval.
        """,
      example:
        #"indicators | where measure = "CPOs commenced" and year = 2023-24 | share of scotland | top 5 by `share of Scotland` | select area, value, `share of Scotland`"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.shareVerb() }),
    VerbSpec(
      name: "funnel", usage: "funnel \"A\" > \"B\" > \"C\" [by COLUMN, ...]",
      summary: "attrition between stages: counts and the percentage kept at each step",
      details:
        "Names the step with the largest drop, and says that the stages counted in one year are not the same people (each share compares two counts). For funnel plots of rates, see funnelplot.",
      example:
        #"indicators | where area = "Scotland" and year = 2023-24 | funnel "assessments undertaken" > "cases commenced" > "cases completed""#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.funnelVerb() }),
    VerbSpec(
      name: "chart",
      usage:
        "chart bar|line|spark|funnel [COLUMN] [over PERIOD] [by COLUMN] [width N] [title \"...\"] [ascii] [all] [to \"FILE.svg\" [replace]]",
      summary: "draw the table in the terminal",
      details:
        "bar: one bar per row, sorted by value, Scotland marked; a rate's interval (lower, upper) is drawn as a whisker ├─┤ with its limits beside it. line: series over periods. spark: a sparkline per series. funnel: the stages of `funnel` (for funnel plots, see funnelplot). `to \"FILE.svg\"` also writes the chart as SVG for a report (docs/report-output.md).",
      example:
        #"indicators | where measure = "cases commenced" and area = "Scotland" | chart line width 60"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.chartVerb() }),
    VerbSpec(
      name: "funnelplot",
      usage:
        "funnelplot [pooled | against \"AREA\"] [width N] [title \"...\"] [ascii] [highlight \"AREA\", ...] [to \"FILE.svg\" [replace]]",
      summary:
        "a funnel plot: each area's rate against its denominator, within 95% and 99.8% limits around Scotland",
      details: """
        Follows `rate`, whose counts and denominators it needs, for one period. The limits are exact \
        binomial (a percentage) or Poisson (a rate per N) quantiles around the benchmark, interpolated as \
        in Spiegelhalter (2005): Scotland's figure, the areas' pooled figure with `pooled`, or an area's \
        with `against`. Areas outside the limits are named beneath. One word, so it is not the attrition \
        `funnel`; `funnel plot` means the same.
        """,
      example:
        #"indicators | where year = 2023-24 | rate "CPOs completed" / "CPOs ended" by area | funnelplot highlight "Fife""#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.funnelPlotVerb() }),
    VerbSpec(
      name: "narrate", usage: "narrate [for PERIOD] [round N]",
      summary: "sentences about a single series in the style of official statistics",
      details:
        "Counts are rounded to the nearest 10 (ranges to 100) unless `round N` says otherwise. On a rate with its interval, says whether the change is within the range expected by chance or statistically significant; after compare with scotland, whether the area is similar to Scotland or statistically significantly higher or lower.",
      example:
        #"indicators | where measure = "cases commenced" and area = "Scotland" | narrate for 2021-22"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.narrateVerb() }),
    VerbSpec(
      name: "assess", usage: "assess [for PERIOD] [area \"AREA\" | area GROUP]",
      summary:
        "a draft of the section 23 table: each national outcome's indicator, its change and direction, Scotland, and a column to assess",
      details: """
        For each national outcome with data in a table shaped like the bundled indicators (indicator, \
        measure, area, year, value): the headline measure of its indicator, its value in the year, the \
        change on the year before, its direction over the three years to it, the value for Scotland, \
        `compared` (similar, higher or lower than Scotland by the area's 95% interval, for percentages; \
        counts are not compared), and an empty assessment column for the partnership's judgement. A note \
        says which changes are within the range expected by chance. `write md` gives it as a \
        Markdown table for the annual report.
        """,
      example: #"indicators | assess for 2023-24 area "Fife""#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.assessVerb() }),
    VerbSpec(
      name: "write",
      usage:
        "write csv|tsv|json|md|xlsx [to \"PATH\" [replace]] [suppress below N] [round N] [for excel]",
      summary:
        "the table as CSV, TSV, JSON or a Markdown table, on screen (to \"-\": standard output) or to a file",
      details:
        "Files are written whole or not at all. In CSV, TSV and JSON a number cell holds a number or nothing; its symbol or marker goes in COLUMN_status beside it, which load reads back. `write xlsx to \"FILE.xlsx\"` writes an accessible workbook (cover, notes, the table on sheet Table_1 with number formats; `load \"FILE.xlsx\" sheet \"Table_1\"` reads it back). `suppress below N` hides counts under N as [c], and a second cell where one could be worked back.",
      example:
        #"indicators | where indicator = "NI3" and area = "Orkney Islands" and year = 2023-24 | select measure, value | write csv"#,
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.writeVerb() }),
    VerbSpec(
      name: "describe", usage: "describe [TABLE]",
      summary: "columns, types, roles, periods, areas and missing cells",
      details: "",
      example: "describe indicators",
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.describeVerb() },
      follows: .tables),
    VerbSpec(
      name: "show", usage: "show [TABLE] [all]",
      summary: "the table's rows (the first 20 unless all)",
      details: "",
      example: "show published",
      parse: { (p: inout Parser) throws(Diagnostic) -> Verb in try p.showVerb() }, follows: .tables),
  ]

  /// Words of the grammar, other than verbs, after which a column is written (`by`, `and`,
  /// `join ... on`).
  public static let columnKeywords: Set<String> = [
    "and", "or", "not", "by", "over", "values", "on",
  ]

  /// Words after which another table is named, part-way along a pipeline: `join TABLE`,
  /// `join left TABLE`, `rate ... using TABLE`.
  public static let tableWords: Set<String> = ["join", "inner", "left", "using"]

  /// The verb called `name`, ignoring case.
  public static func named(_ name: String) -> VerbSpec? {
    let lower = name.lowercased()
    return all.first { $0.name == lower }
  }
}
