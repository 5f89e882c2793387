import Tables

extension Evaluator {
  /// `rate A / B ... ci LEVEL`: each rate's confidence interval as `lower` and `upper` beside
  /// it. A percentage of whole counts (orders completed of orders ended) has the Wilson score
  /// interval; a rate per N has exact Poisson limits on its numerator's count.
  func withIntervals(
    _ frame: Frame, level: Double, numerator: RateOperand, denominator: RateOperand, per: Double?,
    at range: SourceRange
  ) throws(Diagnostic) -> Frame {
    let table = frame.table
    guard let rate = table.preferredValue.flatMap({ table.columnIndex(named: $0) }),
      let n = table.columnIndex(named: numerator.text),
      let d = table.columnIndex(named: denominator.text)
    else { throw Diagnostic("no rate to give an interval for", at: range) }
    var skipped = 0
    var large = 0
    let bounds: [(Value, Value)] = (0..<table.rowCount).map { r in
      let value = table.value(row: r, column: rate)
      if case .missing(let reason) = value { return (.missing(reason), .missing(reason)) }
      if case .number(let x, _) = table.value(row: r, column: n), x > Self.largestCount {
        large += 1
        return (.missing(.notAvailable), .missing(.notAvailable))
      }
      guard case .number(let x, _) = table.value(row: r, column: n),
        case .number(let y, _) = table.value(row: r, column: d),
        x >= 0, y > 0, x == x.rounded(), y == y.rounded()
      else {
        skipped += 1
        return (.missing(.notAvailable), .missing(.notAvailable))
      }
      if let per {
        let (lo, hi) = Intervals.poisson(x, level: level)
        return (.number(per * lo / y), .number(per * hi / y))
      }
      guard x <= y else {
        skipped += 1
        return (.missing(.notAvailable), .missing(.notAvailable))
      }
      let (lo, hi) = Intervals.wilson(x, y, level: level)
      return (.number(100 * lo), .number(100 * hi))
    }
    let method =
      per == nil ? "the Wilson score interval" : "exact Poisson limits on \(table.columns[n].name)"
    let why = "not whole counts" + (per == nil ? " within their denominator" : "")
    if let none = noInterval(
      bounds, skipped: skipped + large,
      why: large > 0 ? "too large (above 1,000,000,000) or \(why)" : why,
      column: table.columns[rate].name)
    {
      return noting(none, frame)
    }
    var notes = [
      Note(
        "lower, upper: the \(Self.levelText(level)) confidence interval (\(method); docs/methods.md)",
        columns: ["lower", "upper"])
    ]
    if skipped > 0 {
      notes.append(
        Note(
          "[x] in lower and upper: \(NumberFormatting.count(skipped, "row")) whose figures are \(why), so no interval",
          scope: .rows, columns: ["lower", "upper"]))
    }
    notes += suppressedNote(bounds) + largeNote(large)
    return adding(bounds, after: rate, to: frame, notes: notes)
  }

  /// `rate per N population ... ci LEVEL`: exact Poisson limits on each count, per N people.
  func populationIntervals(
    _ frame: Frame, level: Double, count: String, per: Double, at range: SourceRange
  ) throws(Diagnostic) -> Frame {
    let table = frame.table
    guard let rate = table.columnIndex(named: "rate"), let c = table.columnIndex(named: count),
      let p = table.columnIndex(named: "population")
    else {
      throw Diagnostic("no rate to give an interval for", at: range)
    }
    var skipped = 0
    var large = 0
    let bounds: [(Value, Value)] = (0..<table.rowCount).map { r in
      if case .missing(let reason) = table.value(row: r, column: rate) {
        return (.missing(reason), .missing(reason))
      }
      if case .number(let x, _) = table.value(row: r, column: c), x > Self.largestCount {
        large += 1
        return (.missing(.notAvailable), .missing(.notAvailable))
      }
      guard case .number(let x, _) = table.value(row: r, column: c),
        case .number(let pop, _) = table.value(row: r, column: p),
        x >= 0, x == x.rounded(), pop > 0
      else {
        skipped += 1
        return (.missing(.notAvailable), .missing(.notAvailable))
      }
      let (lo, hi) = Intervals.poisson(x, level: level)
      return (.number(per * lo / pop), .number(per * hi / pop))
    }
    if let none = noInterval(
      bounds, skipped: skipped + large,
      why: large > 0
        ? "too large (above 1,000,000,000) or \(count) is not a whole count"
        : "\(count) is not a whole count", column: "rate")
    {
      return noting(none, frame)
    }
    var notes = [
      Note(
        "lower, upper: the \(Self.levelText(level)) confidence interval (exact Poisson limits on \(count); docs/methods.md)",
        columns: ["lower", "upper"])
    ]
    if skipped > 0 {
      notes.append(
        Note(
          "[x] in lower and upper: \(NumberFormatting.count(skipped, "row")) whose \(count) is not a whole count, so no interval",
          scope: .rows, columns: ["lower", "upper"]))
    }
    notes += suppressedNote(bounds) + largeNote(large)
    return adding(bounds, after: rate, to: frame, notes: notes)
  }

  /// The largest count given an interval: exact limits are checked against scipy to 1e-11
  /// up to 10^8 and cost more beyond; a larger count is said to have none (a note, as for
  /// figures that are not counts).
  static let largestCount = 1_000_000_000.0

  /// "95%", "99.8%".
  static func levelText(_ level: Double) -> String {
    NumberFormatting.format(level, decimals: level == level.rounded() ? 0 : 1) + "%"
  }

  /// When no row can have an interval (none of the figures are counts), the columns would be
  /// nothing but [x]: they are left out and a note says why.
  private func noInterval(_ bounds: [(Value, Value)], skipped: Int, why: String, column: String)
    -> Note?
  {
    guard skipped > 0, !bounds.contains(where: { $0.0.numberValue != nil }) else { return nil }
    return Note(
      "no confidence interval: the figures are \(why), and an interval needs counts (docs/methods.md)",
      columns: [column])
  }

  private func noting(_ note: Note, _ frame: Frame) -> Frame {
    var result = frame
    result.notes.append(note)
    return result
  }

  private func largeNote(_ large: Int) -> [Note] {
    guard large > 0 else { return [] }
    return [
      Note(
        "[x] in lower and upper: \(NumberFormatting.count(large, "row")) whose count is above 1,000,000,000, beyond cjnb's exact limits, so no interval",
        scope: .rows, columns: ["lower", "upper"])
    ]
  }

  /// A rate whose count is suppressed has no interval either: its bounds keep the count's symbol.
  private func suppressedNote(_ bounds: [(Value, Value)]) -> [Note] {
    let hidden = bounds.filter {
      if case .missing(let r) = $0.0 { r == .confidential } else { false }
    }.count
    guard hidden > 0 else { return [] }
    return [
      Note(
        "[c] in lower and upper: \(NumberFormatting.count(hidden, "row")) whose count is suppressed, so no interval either (one would give the count away)",
        scope: .rows, columns: ["lower", "upper"])
    ]
  }

  private func adding(_ bounds: [(Value, Value)], after rate: Int, to frame: Frame, notes: [Note])
    -> Frame
  {
    let table = frame.table.materialized()
    guard case .number(let r) = table.columns[rate].data else { return frame }
    var columns = table.columns
    columns.insert(
      Column(name: "lower", data: ColumnData.build(bounds.map(\.0), format: r.format)), at: rate + 1
    )
    columns.insert(
      Column(name: "upper", data: ColumnData.build(bounds.map(\.1), format: r.format)), at: rate + 2
    )
    var result = frame
    var t = Table(columns: columns, provenance: table.provenance)
    t.preferredValue = table.preferredValue
    result.table = t
    result.notes += notes
    return result
  }
}
