import Framework
import Tables

/// Writes findings about one series the way official statistics do.
///
/// ```
/// The number of cases commenced in Scotland rose by 20% between 2020-21 and 2021-22 to 2,700,
/// the highest level in the last decade.
/// ```
/// National counts are rounded to the nearest 10 (from 100 up) and ranges of earlier years to
/// the nearest 100 (from 1,000 up), as the house style has it; a council's counts are given as
/// they are; `round` overrides both. Equal after rounding is "unchanged".
/// Nothing is claimed as a trend without three continuous periods.
public struct Narrator: Sendable {
  /// What the series counts: "cases commenced".
  public var measure: String
  /// Where: "Scotland", "Fife"; nil when the table does not say.
  public var area: String?
  /// Percentages are narrated in percentage points, counts as numbers.
  public var isPercentage: Bool
  /// Decimals shown for values that are not counts.
  public var decimals: Int
  /// Round counts to this (1 for exact); nil for the house style.
  public var rounding: Int?

  /// Each period's confidence interval, when the figures have one (`rate`): the change between
  /// two periods is then said to be within what chance gives, or beyond it.
  public var intervals: [Period: Interval] = [:]
  /// "95%".
  public var level = "95%"
  /// Each period's verdict against a benchmark (`compare` after `rate`).
  public var benchmark: [Period: Benchmark] = [:]
  /// What the series is, when the measure's name would not read ("The completion rate").
  public var subjectOverride: String?

  public struct Interval: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public init(lower: Double, upper: Double) {
      self.lower = lower
      self.upper = upper
    }
  }

  public struct Benchmark: Sendable, Equatable {
    /// higher, lower or similar.
    public var verdict: String
    public var name: String
    public var value: Double
    public init(verdict: String, name: String, value: Double) {
      self.verdict = verdict
      self.name = name
      self.value = value
    }
  }

  public init(measure: String, area: String?, isPercentage: Bool, decimals: Int, rounding: Int?) {
    self.measure = measure
    self.area = area
    self.isPercentage = isPercentage
    self.decimals = decimals
    self.rounding = rounding
  }

  /// The sentences about `target` (the latest period with a value when nil). `points` are the
  /// periods with values; `missing` the periods whose value is missing, with why.
  public func narrate(
    _ points: [(Period, Double)], missing: [(Period, MissingReason)], target: Period?
  ) -> [String] {
    let sorted = points.sorted { $0.0 < $1.0 }
    var sentences: [String] = []
    // The latest period is the latest the table has, with a value or not: a suppressed latest
    // figure is said, not skipped.
    var goal = target ?? (sorted.map(\.0) + missing.map(\.0)).max()
    if let wanted = goal, !sorted.contains(where: { $0.0 == wanted }) {
      let why =
        missing.first { $0.0 == wanted }.map {
          " (\($0.1.symbol.isEmpty ? "empty" : $0.1.symbol): \($0.1.meaning))"
        } ?? ""
      let isMissingRow = missing.contains { $0.0 == wanted }
      let before = sorted.last { $0.0 < wanted }
      sentences.append("There is no figure for \(wanted)\(isMissingRow ? why : " in the table").")
      guard let before else { return sentences }
      sentences.append("The latest figure before it is for \(before.0).")
      goal = before.0
    }
    guard let goal, let index = sorted.firstIndex(where: { $0.0 == goal }) else {
      return sentences + ["There are no figures to describe."]
    }
    let upTo = Array(sorted[...index])
    let value = upTo[index].1
    let subject = self.subject

    // Change on the previous period.
    if index > 0 {
      let (previousPeriod, previous) = upTo[index - 1]
      let gap =
        previousPeriod.isFollowed(by: goal) ? "" : " (there is no figure for the years between)"
      if show(value) == show(previous) {
        sentences.append(
          "\(subject) was unchanged between \(previousPeriod) and \(goal) at \(show(value))\(gap)\(rankClause(upTo))."
        )
      } else {
        let rose = value > previous
        sentences.append(
          "\(subject) \(rose ? "rose" : "fell") by \(change(from: previous, to: value)) between \(previousPeriod) and \(goal) to \(show(value))\(gap)\(rankClause(upTo))."
        )
      }
      if show(value) != show(previous), let now = intervals[goal],
        let before = intervals[previousPeriod]
      {
        sentences.append(
          Self.withinChance(value, now, previous, before)
            ? "The change is within the range expected by chance (the \(level) confidence intervals of the two years)."
            : "The change is statistically significant: larger than chance alone would give at the \(level) level."
        )
      }
    } else {
      sentences.append("\(subject) was \(show(value)) in \(goal), the first year with a figure.")
    }
    if let b = benchmark[goal] {
      let interval =
        intervals[goal].map {
          " (\(level) confidence interval \(show($0.lower)) to \(show($0.upper)))"
        } ?? ""
      switch b.verdict {
      case "higher":
        sentences.append(
          "It is statistically significantly higher than \(b.name)'s \(show(b.value))\(interval).")
      case "lower":
        sentences.append(
          "It is statistically significantly lower than \(b.name)'s \(show(b.value))\(interval).")
      default:
        sentences.append(
          "It is similar to \(b.name)'s \(show(b.value)): the difference is within the range expected by chance\(interval)."
        )
      }
    }

    // A new peak or trough measured against the one before.
    if index >= 2, let clause = previousExtreme(upTo) { sentences.append(clause) }

    // The range of the earlier years, when there are enough of them, over the same span the
    // rank is given in (the last decade, when there is one), so the two sentences agree.
    if index >= 4 {
      let window = upTo.count >= 10 ? Array(upTo.suffix(10)) : upTo
      let earlier = Array(window.dropLast(2))
      if let low = earlier.map(\.1).min(), let high = earlier.map(\.1).max(),
        let first = earlier.first, let last = earlier.last
      {
        sentences.append(
          "From \(first.0) to \(last.0) the \(isPercentage ? "percentage" : subjectOverride != nil ? "rate" : "number") ranged from \(showRange(low)) to \(showRange(high))."
        )
      }
    }

    // Successive rises or falls, only over three or more continuous periods.
    let run = continuousRun(upTo)
    if run.count >= Conventions.minimumTrendPeriods {
      let changes = zip(run, run.dropFirst()).map { $1.1 - $0.1 }
      var streak = 0
      let direction = changes.last.map { $0 > 0 } ?? true
      for c in changes.reversed() {
        guard c != 0, (c > 0) == direction else { break }
        streak += 1
      }
      if streak >= 2 {
        let start = run[run.count - 1 - streak].0
        sentences.append("It has \(direction ? "risen" : "fallen") in each year since \(start).")
      }
    } else {
      sentences.append(
        "With fewer than three continuous years of figures, no trend can be claimed.")
    }

    // The pandemic caveat, where the comparison touches those years.
    let compared = index > 0 ? [upTo[index - 1].0, goal] : [goal]
    if compared.contains(where: Conventions.isPandemic) {
      sentences.append(
        "Figures for \(Conventions.pandemicYears(goal.kind)) were affected by the pandemic, so comparisons with them should be made with care."
      )
    }
    return sentences
  }

  /// Whether the change from `b` (interval `bi`) to `a` (interval `ai`) is within what chance
  /// gives: whether the interval of the difference holds 0. The difference's interval is made
  /// from the two intervals by the method of variance estimates recovery (Newcombe 1998 for
  /// proportions with Wilson intervals; Zou and Donner 2008 in general; docs/methods.md).
  public static func withinChance(_ a: Double, _ ai: Interval, _ b: Double, _ bi: Interval) -> Bool
  {
    let (low, high) = differenceInterval(a, ai, b, bi)
    return low <= 0 && 0 <= high
  }

  /// The interval of a − b from the intervals of a and b (MOVER).
  public static func differenceInterval(_ a: Double, _ ai: Interval, _ b: Double, _ bi: Interval)
    -> (lower: Double, upper: Double)
  {
    let d = a - b
    let low = d - ((a - ai.lower) * (a - ai.lower) + (bi.upper - b) * (bi.upper - b)).squareRoot()
    let high = d + ((ai.upper - a) * (ai.upper - a) + (b - bi.lower) * (b - bi.lower)).squareRoot()
    return (low, high)
  }

  /// "The number of cases commenced in Fife".
  var subject: String {
    let place = area.map { " in \($0)" } ?? ""
    if let subjectOverride { return subjectOverride + place }
    return isPercentage
      ? "The percentage of \(measure)\(place)" : "The number of \(measure)\(place)"
  }

  /// ", the highest in the last decade", ", the second lowest since 2017-18".
  private func rankClause(_ upTo: [(Period, Double)]) -> String {
    let decade = upTo.count >= 10
    let window = decade ? Array(upTo.suffix(10)) : upTo
    guard window.count >= 3, let latest = window.last?.1 else { return "" }
    let scope = decade ? "in the last decade" : "since \(window[0].0)"
    let shown = window.map { show($0.1) }
    let mine = show(latest)
    let higher = Set(shown.filter { compareShown($0, mine) > 0 }).count
    let lower = Set(shown.filter { compareShown($0, mine) < 0 }).count
    let tied = shown.filter { $0 == mine }.count > 1 ? "joint " : ""
    let level = isPercentage ? "" : " level"
    switch (higher, lower) {
    case (0, _): return ", the \(tied)highest\(level) \(scope)"
    case (_, 0): return ", the \(tied)lowest\(level) \(scope)"
    case (1, _): return ", the \(tied)second highest\(level) \(scope)"
    case (_, 1): return ", the \(tied)second lowest\(level) \(scope)"
    default: return ""
    }
  }

  /// "This was 20% higher than the previous highest, 470 in 2019-20."
  private func previousExtreme(_ upTo: [(Period, Double)]) -> String? {
    let window = upTo.count >= 10 ? Array(upTo.suffix(10)) : upTo
    guard let latest = window.last, window.count >= 3 else { return nil }
    let earlier = window.dropLast()
    if let peak = earlier.max(by: { $0.1 < $1.1 }), show(latest.1) != show(peak.1),
      latest.1 > peak.1,
      peak.0 != upTo[upTo.count - 2].0
    {
      return
        "That is \(change(from: peak.1, to: latest.1)) more than the previous highest, \(show(peak.1)) in \(peak.0)."
    }
    if let trough = earlier.min(by: { $0.1 < $1.1 }), show(latest.1) != show(trough.1),
      latest.1 < trough.1,
      trough.0 != upTo[upTo.count - 2].0
    {
      return
        "That is \(change(from: trough.1, to: latest.1)) less than the previous lowest, \(show(trough.1)) in \(trough.0)."
    }
    return nil
  }

  /// The latest run of consecutive periods.
  private func continuousRun(_ upTo: [(Period, Double)]) -> [(Period, Double)] {
    guard var run = upTo.last.map({ [$0] }) else { return [] }
    for point in upTo.dropLast().reversed() {
      guard let head = run.first, point.0.isFollowed(by: head.0) else { break }
      run.insert(point, at: 0)
    }
    return run
  }

  /// "20%" for counts (one decimal when under 1%), "2.1 percentage points" for percentages.
  private func change(from a: Double, to b: Double) -> String {
    if isPercentage {
      let points = abs(b - a)
      return
        "\(NumberFormatting.format(points, decimals: max(1, decimals))) percentage point\(NumberFormatting.format(points, decimals: max(1, decimals)) == "1.0" ? "" : "s")"
    }
    guard a != 0 else { return "\(show(abs(b - a)))" }
    let pct = abs(100 * (b - a) / a)
    let text =
      pct < 1
      ? NumberFormatting.format(pct, decimals: 1) : NumberFormatting.format(pct, decimals: 0)
    return "\(text)%"
  }

  /// A value as the finding states it: a rounded count, or a percentage with its decimals.
  func show(_ v: Double) -> String {
    if isPercentage { return NumberFormatting.format(v, decimals: max(1, decimals)) + "%" }
    if v != v.rounded() { return NumberFormatting.format(v, decimals: max(1, decimals)) }
    let unit = Double(rounding ?? (abs(v) >= 100 ? Int(Conventions.headlineRounding) : 1))
    return NumberFormatting.format((v / unit).rounded(.toNearestOrAwayFromZero) * unit, decimals: 0)
  }

  /// A value at the end of a range of earlier years: to the nearest 100 from 1,000 up.
  func showRange(_ v: Double) -> String {
    if isPercentage || v != v.rounded() { return show(v) }
    let unit = Double(
      rounding ?? (abs(v) >= 1000 ? Int(Conventions.rangeRounding) : (abs(v) >= 100 ? 10 : 1)))
    return NumberFormatting.format((v / unit).rounded(.toNearestOrAwayFromZero) * unit, decimals: 0)
  }

  private func compareShown(_ a: String, _ b: String) -> Int {
    let x = Double(a.filter { $0.isNumber || $0 == "." || $0 == "-" }) ?? 0
    let y = Double(b.filter { $0.isNumber || $0 == "." || $0 == "-" }) ?? 0
    return x < y ? -1 : (x > y ? 1 : 0)
  }
}

extension Evaluator {
  /// `narrate [for PERIOD] [round N]`: findings about the table's one series.
  func narrate(_ frame: Frame, for target: Name?, round: Int?, at range: SourceRange)
    throws(Diagnostic) -> Frame
  {
    let table = frame.table
    let roles = Roles(table, resolver: resolver)
    let v = try valueColumn(nil, in: table, at: range, verb: "narrate")
    let p = try periodColumn(nil, in: table, at: range, verb: "narrate")
    // Its sentences are about years; a window of years read as its last year would mislead.
    if let windows = frame.rolling,
      windows.periodColumn.lowercased() == table.columns[p].name.lowercased()
    {
      throw Diagnostic(
        "narrate describes years one by one, and these figures are rolling windows of \(windows.length)",
        at: range,
        help: "narrate the yearly figures (before rolling), or follow the windows with trend")
    }
    var derived = [
      "change", "% change", "direction", "note", "population", "population year", "significance",
      "rank",
    ]
    if let label = frame.rolling?.labelColumn { derived.append(label) }
    let varying = varyingColumns(table, except: [v, p]).filter {
      !derived.contains(table.columns[$0].name)
    }
    if let first = varying.first {
      throw Diagnostic(
        "narrate describes one series, but \(table.columns[first].name) has \(GroupIndex(table: table, keys: [first]).count) values here",
        at: range,
        help: "choose one with `where \(table.columns[first].name) = \"...\"`")
    }
    guard case .number(let numbers) = table.columns[v].data,
      case .period(let periods) = table.columns[p].data
    else {
      throw Diagnostic("narrate needs numbers over periods", at: range)
    }
    var points: [(Period, Double)] = []
    var missing: [(Period, MissingReason)] = []
    var seen = Set<Period>()
    for i in 0..<table.rowCount {
      let r = table.selection[i]
      guard let period = periods.value(at: r) else { continue }
      guard seen.insert(period).inserted else {
        throw Diagnostic("two rows for \(period): narrate needs one value per period", at: range)
      }
      if let reason = numbers.cellStatus(at: r).missing {
        missing.append((period, reason))
      } else {
        points.append((period, numbers.values[r]))
      }
    }
    var goal: Period?
    if let target {
      let kinds = Set(periods.dictionary.map(\.kind))
      guard
        let parsed = Period(parsing: target.text, preferring: kinds.count == 1 ? kinds.first : nil)
      else {
        throw Diagnostic("\"\(target.text)\" is not a period", at: target.range)
      }
      guard seen.contains(parsed) else {
        let available = PeriodSpan(seen)
        throw Diagnostic(
          "there is no row for \(parsed)", at: target.range,
          label: "the table covers \(available.summary)")
      }
      goal = parsed
    }
    let measureName: String
    if let m = roles.measure, case .text(let s) = table.value(row: 0, column: m) {
      measureName = s
    } else {
      measureName = frame.context[.measure] ?? table.columns[v].name
    }
    let madeByRate = frame.rateBasis.flatMap { $0.rate == table.columns[v].name ? $0 : nil }
    let isPercentage =
      madeByRate.map(\.isProportion)
      ?? (table.rowCount > 0
        && MeasureUnit.isPercentage(
          table, value: v, row: 0, measure: roles.measure, unit: MeasureUnit.unitColumn(table))
        || MeasureUnit.isPercentage(name: measureName))
    var cleanMeasure = measureName
    // A column called value says nothing: the label every row shares says what is counted
    // (`where \`Main penalty\` = "Community payback order"`), so the words never read "the number of value".
    if measureName.lowercased() == "value" || measureName.lowercased().hasSuffix("_value"),
      table.rowCount > 0
    {
      let labels = table.columns.indices.filter { i in
        guard i != v, !roles.areas.contains(i), i != roles.measure,
          case .text(let first) = table.value(row: 0, column: i)
        else { return false }
        return (0..<table.rowCount).allSatisfy { table.value(row: $0, column: i) == .text(first) }
      }
      if let i = labels.first, case .text(let label) = table.value(row: 0, column: i) {
        let second = label.dropFirst().first
        cleanMeasure =
          second?.isLowercase ?? false ? label.prefix(1).lowercased() + label.dropFirst() : label
      }
    }
    for suffix in [" (%)", " %", "(%)"] where cleanMeasure.hasSuffix(suffix) {
      cleanMeasure = String(cleanMeasure.dropLast(suffix.count))
    }
    // "percentage of people who ..." is narrated as "The percentage of people who ...".
    for prefix in ["percentage of ", "proportion of ", "% of "]
    where cleanMeasure.lowercased().hasPrefix(prefix) {
      cleanMeasure = String(cleanMeasure.dropFirst(prefix.count))
    }
    var area = frame.context[.area]
    if let a = roles.area, case .text(let s) = table.value(row: 0, column: a) {
      area = resolver.resolve(s)?.name ?? s
    }
    // The house style rounds national headline counts; a council's counts are given as they are.
    let council = area.flatMap { resolver.resolve($0) }.map { !$0.isScotland } ?? false
    var narrator = Narrator(
      measure: cleanMeasure, area: area, isPercentage: isPercentage,
      decimals: numbers.format.decimals,
      rounding: round ?? (council ? 1 : nil))
    // A rate's interval (lower and upper beside it) and its verdict against a benchmark.
    if let lo = table.columnIndex(named: "lower"), let hi = table.columnIndex(named: "upper"),
      lo == v + 1, hi == v + 2
    {
      for i in 0..<table.rowCount {
        guard case .period(let period) = table.value(row: i, column: p),
          case .number(let l, _) = table.value(row: i, column: lo),
          case .number(let u, _) = table.value(row: i, column: hi)
        else { continue }
        narrator.intervals[period] = Narrator.Interval(lower: l, upper: u)
      }
      if let note = frame.notes.first(where: { $0.text.hasPrefix("lower, upper: the ") }),
        let end = note.text.dropFirst("lower, upper: the ".count).firstIndex(of: " ")
      {
        narrator.level = String(note.text.dropFirst("lower, upper: the ".count)[..<end])
      }
    }
    if let sig = table.columnIndex(named: "significance"),
      let difference = table.columnIndex(named: "difference"),
      difference > 0,
      let comparator = table.columns.indices.last(where: {
        $0 < difference && table.columns[$0].type == .number
      })
    {
      for i in 0..<table.rowCount {
        guard case .period(let period) = table.value(row: i, column: p),
          case .text(let verdict) = table.value(row: i, column: sig),
          case .number(let b, _) = table.value(row: i, column: comparator)
        else { continue }
        narrator.benchmark[period] = Narrator.Benchmark(
          verdict: verdict, name: table.columns[comparator].name, value: b)
      }
    }
    // A rate made by `rate` is named by what it divides.
    if let basis = frame.rateBasis, basis.rate == table.columns[v].name {
      if basis.rate != "rate" {
        narrator.subjectOverride = "The \(basis.rate) rate"
      } else if let per = basis.per, basis.denominator == "population" {
        narrator.subjectOverride =
          "The rate of \(cleanMeasure) per \(NumberFormatting.format(per, decimals: 0)) people"
      } else if let per = basis.per {
        narrator.subjectOverride =
          "The rate of \(basis.numerator) per \(NumberFormatting.format(per, decimals: 0)) \(basis.denominator)"
      } else {
        narrator.subjectOverride = "\(basis.numerator) as a percentage of \(basis.denominator)"
      }
    }
    var result = frame
    result.display = .prose(
      narrator.narrate(points, missing: missing, target: goal).joined(separator: " "))
    return result
  }
}
