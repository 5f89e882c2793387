import Framework
import Tables

/// The argument grammar of each verb; `VerbTable` pairs each with its help.
extension Parser {
  /// where := 'where' expr
  mutating func whereVerb() throws(Diagnostic) -> Verb {
    guard !atStageEnd else {
      throw unexpected(expected: "a condition, as in `where area = \"Fife\"`")
    }
    return .filter(try expression())
  }

  /// select := 'select' NAME (',' NAME)*
  mutating func selectVerb() throws(Diagnostic) -> Verb { .select(try names("a column name")) }

  /// drop := 'drop' NAME (',' NAME)*
  mutating func dropVerb() throws(Diagnostic) -> Verb { .drop(try names("a column name")) }

  /// clean := 'clean' NAME (',' NAME)*
  mutating func cleanVerb() throws(Diagnostic) -> Verb { .clean(try names("a column name")) }

  /// rename := 'rename' NAME 'as' NAME (',' NAME 'as' NAME)*
  mutating func renameVerb() throws(Diagnostic) -> Verb {
    var pairs: [Renaming] = []
    repeat {
      let from = try name("the column to rename")
      try expect(word: "as", after: "rename \(from.text)")
      pairs.append(Renaming(from: from, to: try name("the new name")))
    } while accept(symbol: ",")
    return .rename(pairs)
  }

  /// derive := 'derive' NAME '=' expr
  mutating func deriveVerb() throws(Diagnostic) -> Verb {
    let n = try name("a name for the new column")
    try expect(symbol: "=", "`=` after the new column's name")
    return .derive(n, try expression())
  }

  /// sort := 'sort' NAME ['desc' | 'asc'] (',' NAME ['desc' | 'asc'])*
  mutating func sortVerb() throws(Diagnostic) -> Verb {
    var keys: [SortKey] = []
    repeat {
      let n = try name("a column to sort by")
      var descending = false
      if accept(word: "desc") { descending = true } else { _ = accept(word: "asc") }
      keys.append(SortKey(column: n, descending: descending))
    } while accept(symbol: ",")
    return .sort(keys)
  }

  /// top := 'top' N ['by' NAME]
  mutating func topVerb() throws(Diagnostic) -> Verb {
    let n = try integer("how many rows, as in `top 5`")
    return .top(n, by: accept(word: "by") ? try name("the column to rank by") : nil)
  }

  /// limit := 'limit' N
  mutating func limitVerb() throws(Diagnostic) -> Verb {
    .limit(try integer("how many rows, as in `limit 10`"))
  }

  /// group := 'group' 'by' NAME (',' NAME)* (AGG '(' [NAME] ')' ['as' NAME]) (',' ...)*
  mutating func groupVerb() throws(Diagnostic) -> Verb {
    try expect(word: "by", after: "group")
    var keys: [Name] = []
    var aggregates: [Aggregate] = []
    repeat {
      if peek.kind == .word, peek(1).isSymbol("("),
        let function = Aggregate.Function(rawValue: peek.text.lowercased())
      {
        aggregates.append(try aggregate(function))
      } else if peek.kind == .word, peek(1).isSymbol("(") {
        let t = peek
        throw Diagnostic.unknown(
          "aggregate", t.text, at: t.range, among: Aggregate.Function.allCases.map(\.rawValue),
          help: "aggregates: sum, mean, median, min, max, count")
      } else if aggregates.isEmpty {
        keys.append(try name("a column to group by"))
      } else {
        throw unexpected(expected: "an aggregate such as sum(value) after the aggregates")
      }
    } while accept(symbol: ",") || (peek.kind == .word && peek(1).isSymbol("("))
    guard !keys.isEmpty else {
      throw Diagnostic(
        "group by needs at least one column before the aggregates", at: previousRange)
    }
    return .group(keys: keys, aggregates: aggregates)
  }

  private mutating func aggregate(_ function: Aggregate.Function) throws(Diagnostic) -> Aggregate {
    let start = advance().range
    advance()  // (
    var column: Name?
    if !peek.isSymbol(")") { column = try name("a column inside the brackets") }
    try expect(symbol: ")", "`)`")
    if function != .count && column == nil {
      throw Diagnostic(
        "\(function.rawValue)() needs a column, as in \(function.rawValue)(value)",
        at: start.through(previousRange))
    }
    var alias: Name?
    if accept(word: "as") { alias = try name("a name for the aggregate") }
    return Aggregate(
      function: function, column: column, alias: alias, range: start.through(previousRange))
  }

  /// pivot := 'pivot' NAME ['values' NAME]
  mutating func pivotVerb() throws(Diagnostic) -> Verb {
    let column = try name("the column whose values become columns, as in `pivot year`")
    return .pivot(
      column, values: accept(word: "values") ? try name("the column holding the values") : nil)
  }

  /// unpivot := 'unpivot' [NAME (',' NAME)*] ['as' NAME]
  mutating func unpivotVerb() throws(Diagnostic) -> Verb {
    var columns: [Name] = []
    if !atStageEnd && !peek.isWord("as") { columns = try names("a column to turn into rows") }
    return .unpivot(columns, as: accept(word: "as") ? try name("a name for the new column") : nil)
  }

  /// trend := 'trend' [NAME] ['over' NAME] ['by' NAME (',' NAME)*]
  mutating func trendVerb() throws(Diagnostic) -> Verb {
    var value: Name?
    if !atStageEnd && !peek.isWord("over") && !peek.isWord("by") {
      value = try name("the column to follow")
    }
    let over = accept(word: "over") ? try name("the period column") : nil
    let by = accept(word: "by") ? try names("a column that names the series") : []
    return .trend(value: value, over: over, by: by)
  }

  /// rolling := 'rolling' N ['sum' | 'mean'] ['over' NAME] ['by' NAME (',' NAME)*]
  mutating func rollingVerb() throws(Diagnostic) -> Verb {
    let n = try integer("how many periods each window pools, as in `rolling 3`")
    var mean: Bool?
    if accept(word: "sum") { mean = false } else if accept(word: "mean") { mean = true }
    let over = accept(word: "over") ? try name("the period column") : nil
    let by = accept(word: "by") ? try names("a column that names the series") : []
    guard atStageEnd else {
      throw unexpected(expected: "`sum`, `mean`, `over PERIOD` or `by COLUMN`")
    }
    return .rolling(n, mean: mean, over: over, by: by)
  }

  /// rate := 'rate' 'per' N 'population' [AGES] ['using' (YEAR | TABLE)] ['ci' [LEVEL]]
  ///       | 'rate' OPERAND '/' OPERAND ['as' NAME] ['by' NAME (',' NAME)*] ['per' N] ['ci' [LEVEL]]
  /// AGES := '16+' | '16-70' | 'all' ['ages']
  mutating func rateVerb() throws(Diagnostic) -> Verb {
    if peek.isWord("per") && peek(2).isWord("population") {
      advance()
      let per = try number("how many people the rate is per, as in `per 10000`")
      advance()  // population
      var ages: AgeBand?
      var agesRange: SourceRange?
      if peek.kind == .number, peek.text == "16" {
        let start = advance().range
        if accept(symbol: "+") {
          ages = .sixteenPlus
        } else if accept(symbol: "-"), peek.kind == .number {
          let upper = advance()
          guard upper.text == "70" else {
            throw Diagnostic(
              "populations are published for ages 16+, 16-70 and all ages",
              at: start.through(upper.range), label: "did you mean 16-70?")
          }
          ages = .sixteenToSeventy
        } else {
          throw unexpected(expected: "16+ or 16-70")
        }
        agesRange = start.through(previousRange)
      } else if peek.kind == .number {
        throw Diagnostic(
          "populations are published for ages 16+, 16-70 and all ages", at: peek.range,
          label: "expected 16+, 16-70 or all")
      } else if peek.isWord("all") {
        let start = advance().range
        _ = accept(word: "ages")
        ages = .all
        agesRange = start.through(previousRange)
      }
      var using: PopulationChoice?
      if accept(word: "using") {
        if peek.kind == .number {
          using = .year(try integer("the mid-year of the population to use, as in `using 2018`"))
        } else {
          using = .table(
            try name(
              "a mid-year, as in `using 2022`, or a table of your own populations, as in `using mypop`"
            ))
        }
      }
      let ci = peek.isWord("ci") ? try confidenceLevel() : 95
      return .ratePopulation(per: per, ages: ages, ageRange: agesRange, using: using, ci: ci)
    }
    let numerator = try rateOperand()
    try expect(
      symbol: "/",
      "`/` between the two measures, as in `rate \"cases completed\" / \"cases commenced\"`")
    let denominator = try rateOperand()
    var alias: Name?
    var by: [Name] = []
    var per: Double?
    var ci: Double? = 95
    while !atStageEnd {
      if peek.isWord("ci") {
        ci = try confidenceLevel()
      } else if accept(word: "as") {
        alias = try name("a name for the rate")
      } else if accept(word: "by") {
        by = try names("a column to keep apart")
      } else if accept(word: "per") {
        per = try number("what the rate is per, as in `per 1000`")
      } else {
        throw unexpected(expected: "`as`, `by`, `per` or `ci`")
      }
    }
    return .rate(numerator, denominator, as: alias, by: by, per: per, ci: ci)
  }

  /// `ci` (95%), `ci 99.8`, or `ci off`: the level of confidence intervals, nil for none. With
  /// no `ci` at all, nil too; the callers make 95 the default.
  mutating func confidenceLevel() throws(Diagnostic) -> Double? {
    guard accept(word: "ci") else { return nil }
    if accept(word: "off") { return nil }
    guard peek.kind == .number else {
      if peek.kind == .word, !["as", "by", "per", "using"].contains(peek.text.lowercased()) {
        throw Diagnostic(
          "unknown confidence level `\(peek.text)`", at: peek.range,
          label: "as in `ci 95`, `ci 99.8` or `ci off`")
      }
      return 95
    }
    let t = advance()
    guard let level = Double(t.text), level > 50, level < 100 else {
      throw Diagnostic(
        "a confidence level is a percentage between 50 and 100", at: t.range,
        label: "as in `ci 95` or `ci 99.8`")
    }
    return level
  }

  private mutating func rateOperand() throws(Diagnostic) -> RateOperand {
    let t = peek
    switch t.kind {
    case .string:
      advance()
      return .measure(t.text, t.range)
    case .word, .quotedName:
      advance()
      return .column(Name(t.text, t.range))
    default:
      throw unexpected(expected: "a measure in quotes or a column name")
    }
  }

  /// compare := 'compare' 'with' ('scotland' | STRING (',' STRING)*)
  mutating func compareVerb() throws(Diagnostic) -> Verb {
    try expect(word: "with", after: "compare")
    return .compare(
      with: try names("an area, as in `compare with scotland` or `compare with \"Fife\"`"))
  }

  /// join := 'join' ['inner' | 'left'] TABLE 'on' KEY (',' KEY)*
  /// KEY  := NAME ['=' NAME]
  mutating func joinVerb() throws(Diagnostic) -> Verb {
    var keepAll = false
    if peek.isWord("left") || peek.isWord("inner"),
      peek(1).kind == .word || peek(1).kind == .quotedName, !peek(1).isWord("on")
    {
      keepAll = advance().text.lowercased() == "left"
    }
    let table = try name("the table to join, as in `join mypop on area, year`")
    try expect(word: "on", after: "join \(table.text)")
    var keys: [JoinKey] = []
    repeat {
      let left = try name("a column to match on, as in `on area` or `on area = council`")
      var right = left
      if accept(symbol: "=") {
        right = try name("the column of \(table.text) to match \(left.text) with")
      }
      keys.append(JoinKey(left: left, right: right))
    } while accept(symbol: ",")
    guard atStageEnd else {
      throw unexpected(expected: "`,` and another column, or the end of the stage")
    }
    return .join(table, on: keys, keepAll: keepAll)
  }

  /// share := 'share' 'of' 'scotland'
  mutating func shareVerb() throws(Diagnostic) -> Verb {
    try expect(word: "of", after: "share")
    guard accept(word: "scotland") else {
      throw unexpected(expected: "`scotland`: share of scotland")
    }
    return .share
  }

  /// funnel := 'funnel' STRING ('>' STRING)+ ['by' NAME (',' NAME)*]
  ///         | 'funnel' 'plot' ...   (the funnel plot, written as two words)
  mutating func funnelVerb() throws(Diagnostic) -> Verb {
    if accept(word: "plot") { return try funnelPlotVerb() }
    var stages = [try string("the first stage, a measure in quotes")]
    while accept(symbol: ">") { stages.append(try string("the next stage, a measure in quotes")) }
    guard stages.count >= 2 else { throw unexpected(expected: "`>` and the next stage") }
    let by = accept(word: "by") ? try names("a column to keep apart") : []
    return .funnel(stages, by: by)
  }

  /// chart := 'chart' ('bar' | 'line' | 'spark' | 'funnel') [NAME] ['over' NAME] ['by' NAME]
  ///          ['width' N] ['title' STRING] ['ascii'] ['all'] ['unsorted'] ['highlight' STRING (',' STRING)*]
  mutating func chartVerb() throws(Diagnostic) -> Verb {
    let t = peek
    guard t.kind == .word, let kind = ChartKind(rawValue: t.text.lowercased()) else {
      if t.kind == .word {
        throw Diagnostic.unknown(
          "chart", t.text, at: t.range, among: ChartKind.allCases.map(\.rawValue),
          help: "charts: bar, line, spark, funnel")
      }
      throw unexpected(expected: "a kind of chart: bar, line, spark or funnel")
    }
    advance()
    var request = ChartRequest(kind: kind)
    let options: Set<String> = [
      "over", "by", "width", "title", "ascii", "all", "unsorted", "highlight", "to",
    ]
    if !atStageEnd, !(peek.kind == .word && options.contains(peek.text.lowercased())) {
      // A word followed by a number can only be a misspelt option (`wdth 60`).
      if peek.kind == .word && peek(1).kind == .number {
        throw Diagnostic(
          "unknown chart option `\(peek.text)`", at: peek.range,
          label: Suggestions.closest(to: peek.text, in: Array(options)).first.map {
            "did you mean `\($0)`?"
          },
          help:
            "options: over COLUMN, by COLUMN, width N, title \"...\", ascii, all, unsorted, highlight \"AREA\", to \"FILE.svg\""
        )
      }
      request.value = try name("the column to draw")
    }
    while !atStageEnd {
      let option = peek
      guard option.kind == .word, options.contains(option.text.lowercased()) else {
        throw Diagnostic(
          "unknown chart option \(option.quoted)", at: option.range,
          label: option.kind == .word
            ? Suggestions.closest(to: option.text, in: Array(options)).first.map {
              "did you mean `\($0)`?"
            } : nil,
          help:
            "options: over COLUMN, by COLUMN, width N, title \"...\", ascii, all, unsorted, highlight \"AREA\", to \"FILE.svg\""
        )
      }
      advance()
      switch option.text.lowercased() {
      case "over": request.over = try name("the period column")
      case "by": request.by = try name("the column that names the series")
      case "width": request.width = try integer("a width in characters")
      case "title": request.title = try string("a title in quotes").text
      case "ascii": request.ascii = true
      case "all": request.all = true
      case "unsorted": request.unsorted = true
      case "to":
        request.path = try svgPath()
        request.replace = accept(word: "replace")
      default: request.highlight = try names("an area to mark, in quotes")
      }
    }
    return .chart(request)
  }

  /// funnelplot := 'funnelplot' ['pooled' | 'against' STRING] ['width' N] ['title' STRING] ['ascii']
  ///               ['highlight' STRING (',' STRING)*]
  mutating func funnelPlotVerb() throws(Diagnostic) -> Verb {
    var request = FunnelPlotRequest()
    let options = ["pooled", "against", "width", "title", "ascii", "highlight", "to"]
    while !atStageEnd {
      let option = peek
      guard option.kind == .word, options.contains(option.text.lowercased()) else {
        throw Diagnostic(
          "unknown funnel plot option \(option.quoted)", at: option.range,
          label: option.kind == .word
            ? Suggestions.closest(to: option.text, in: options).first.map {
              "did you mean `\($0)`?"
            } : nil,
          help:
            "options: pooled, against \"AREA\", width N, title \"...\", ascii, highlight \"AREA\", to \"FILE.svg\""
        )
      }
      advance()
      switch option.text.lowercased() {
      case "pooled": request.pooled = true
      case "against":
        request.against = try name(
          "an area in quotes or a group, as in `against \"Highland\"` or `against islands`")
      case "width": request.width = try integer("a width in characters")
      case "title": request.title = try string("a title in quotes").text
      case "ascii": request.ascii = true
      case "to":
        request.path = try svgPath()
        request.replace = accept(word: "replace")
      default: request.highlight = try names("an area to mark, in quotes")
      }
    }
    if request.pooled, let against = request.against {
      throw Diagnostic("say `pooled` or `against`, not both", at: against.range)
    }
    return .funnelPlot(request)
  }

  /// A chart's file: a path in quotes ending in .svg.
  mutating func svgPath() throws(Diagnostic) -> Name {
    let path = try string("a file path in quotes ending in .svg, as in `to \"chart.svg\"`")
    guard path.text.lowercased().hasSuffix(".svg") else {
      throw Diagnostic(
        "a chart is written as SVG: the file's name ends in .svg", at: path.range,
        label: "not an .svg file")
    }
    return path
  }

  /// narrate := 'narrate' ['for' PERIOD] ['round' N]
  mutating func narrateVerb() throws(Diagnostic) -> Verb {
    var period: Name?
    var round: Int?
    while !atStageEnd {
      if accept(word: "for") {
        period = try periodName("a period, as in `for 2021-22`")
      } else if accept(word: "round") {
        round = try integer("what to round counts to, as in `round 10`")
      } else {
        throw unexpected(expected: "`for PERIOD` or `round N`")
      }
    }
    return .narrate(for: period, round: round)
  }

  /// A period as written after `for`: 2023-24, 2019, "2019 Q1".
  mutating func periodName(_ expected: String) throws(Diagnostic) -> Name {
    let t = peek
    guard t.kind == .period || t.kind == .number || t.kind == .string else {
      throw unexpected(expected: expected)
    }
    advance()
    return Name(t.text, t.range)
  }

  /// assess := 'assess' ['for' PERIOD] ['area' STRING]
  mutating func assessVerb() throws(Diagnostic) -> Verb {
    var period: Name?
    var area: Name?
    while !atStageEnd {
      if accept(word: "for") {
        period = try periodName("a period, as in `for 2023-24`")
      } else if accept(word: "area") {
        area = try name("an area in quotes or a group, as in `area \"Fife\"` or `area islands`")
      } else {
        throw unexpected(expected: "`for PERIOD` or `area \"AREA\"`")
      }
    }
    return .assess(for: period, area: area)
  }

  /// write := 'write' ('csv' | 'tsv' | 'json' | 'md' | 'xlsx') ['to' STRING ['replace']] ['suppress' 'below' N] ['round' N] ['for' 'excel']
  mutating func writeVerb() throws(Diagnostic) -> Verb {
    let t = peek
    guard t.kind == .word, let format = WriteFormat(rawValue: t.text.lowercased()) else {
      throw unexpected(expected: "a format: csv, tsv, json, md or xlsx")
    }
    advance()
    var request = WriteRequest(format: format)
    while !atStageEnd {
      if accept(word: "to") {
        request.path = try string("a file path in quotes")
        request.replace = accept(word: "replace")
      } else if accept(word: "suppress") {
        try expect(word: "below", after: "suppress")
        let n = try integer("the smallest count to show, as in `suppress below 5`")
        guard n > 0 else { throw Diagnostic("suppress below a positive count", at: previousRange) }
        request.suppressBelow = n
      } else if accept(word: "round") {
        let n = try integer("what to round counts to, as in `round 5`")
        guard n > 0 else { throw Diagnostic("round to a positive number", at: previousRange) }
        request.round = n
      } else if peek.isWord("for") {
        let start = advance().range
        try expect(word: "excel", after: "for")
        guard format == .csv || format == .tsv else {
          throw Diagnostic("`for excel` is for csv and tsv files", at: start.through(previousRange))
        }
        request.forExcel = true
      } else {
        throw unexpected(expected: "`to \"PATH\"`, `suppress below N`, `round N` or `for excel`")
      }
    }
    if format == .xlsx {
      guard let path = request.path, path.text != "-" else {
        throw Diagnostic(
          "a workbook is a file: `write xlsx to \"FILE.xlsx\"`", at: t.range, label: "no file named"
        )
      }
      guard path.text.lowercased().hasSuffix(".xlsx") else {
        throw Diagnostic(
          "a workbook's name ends in .xlsx", at: path.range, label: "not an .xlsx file")
      }
    }
    return .write(request)
  }

  /// describe := 'describe'
  mutating func describeVerb() throws(Diagnostic) -> Verb { .describe }

  /// show := 'show' ['all']
  mutating func showVerb() throws(Diagnostic) -> Verb { .show(all: accept(word: "all")) }
}
