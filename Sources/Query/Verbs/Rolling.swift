import Framework
import Tables

/// How `rolling` pooled a table's periods, for the verbs after it: `trend` follows the windows
/// and keeps their labels; `rate per N population` sums the populations of a window's years.
public struct RollingWindows: Sendable, Equatable {
  /// The column of labels, `2021-22 to 2023-24`.
  public var labelColumn: String
  /// The period column, holding each window's last period.
  public var periodColumn: String
  public var length: Int
  public var mean: Bool

  static let gapPrefix = "a gap breaks the window, never bridged: "
  static let missingInfix = " held a missing figure, so "

  /// A note of `rolling` about its windows' gaps and missing figures.
  static func isWindowNote(_ note: Note) -> Bool {
    note.text.hasPrefix(gapPrefix) || note.text.contains(missingInfix)
  }
}

extension Evaluator {
  /// `rolling N [sum | mean] [over PERIOD] [by COLUMN, ...]`: each run of N consecutive periods
  /// of a series pooled into one figure, labelled `2021-22 to 2023-24`. Counts are summed unless
  /// `mean`; percentages are averaged (a sum of them means nothing). A window needs all N
  /// periods: a gap in the periods breaks it, and a missing figure in it makes it missing.
  func rolling(
    _ frame: Frame, length: Int, mean requestedMean: Bool?, over: Name?, by: [Name],
    at range: SourceRange
  ) throws(Diagnostic) -> Frame {
    let table = frame.table
    guard length >= 2, length <= 20 else {
      throw Diagnostic(
        "a rolling window is 2 to 20 periods long", at: range, label: "as in `rolling 3`")
    }
    let v = try valueColumn(nil, in: table, at: range, verb: "rolling")
    let p = try periodColumn(over, in: table, at: range, verb: "rolling")
    guard case .number(let numbers) = table.columns[v].data,
      case .period(let periods) = table.columns[p].data
    else {
      throw Diagnostic("rolling needs a number column and a period column", at: range)
    }
    // Series: the columns named, or every column that is not a number or the period.
    var keys: [Int] = []
    if by.isEmpty {
      keys = table.columns.indices.filter { $0 != p && table.columns[$0].type != .number }
    } else {
      for name in by { keys.append(try column(name, in: table)) }
    }
    let roles = Roles(table, resolver: resolver)
    let unit = MeasureUnit.unitColumn(table)
    let groups = GroupIndex(table: table, keys: keys)
    let rowsByGroup = groups.rowsByGroup()
    let percentGroups = (0..<groups.count).map { g in
      MeasureUnit.isPercentage(
        table, value: v, row: groups.representatives[g], measure: roles.measure, unit: unit)
    }
    if requestedMean == false, let g = percentGroups.firstIndex(of: true) {
      let what =
        roles.measure.map { Self.cellText(table.value(row: groups.representatives[g], column: $0)) }
        ?? table.columns[v].name
      throw Diagnostic(
        "\"\(what)\" is a percentage, and a sum of percentages means nothing", at: range,
        help:
          "`rolling \(length) mean` averages them; or pool the counts behind it and take the rate: rolling \(length) | rate \"A\" / \"B\""
      )
    }

    struct Window {
      var group: Int
      var end: Period
      var value: Value
    }
    var windows: [Window] = []
    var gaps: [String] = []
    var incomplete = 0
    var averaged = false
    for g in 0..<groups.count {
      // The series' cells by period; two rows for one period cannot be pooled.
      var byPeriod: [Period: Value] = [:]
      for i in rowsByGroup[g] {
        guard let period = periods.value(at: table.selection[i]) else { continue }
        guard byPeriod[period] == nil else {
          let label = keys.map { Self.cellText(table.value(row: i, column: $0)) }.joined(
            separator: ", ")
          throw Diagnostic(
            "two rows for \(period)\(label.isEmpty ? "" : " in \(label)"): a rolling window needs one value per period",
            at: range,
            help: "filter to one measure first, or say which columns name the series with `by`")
        }
        byPeriod[period] = table.value(row: i, column: v)
      }
      let sorted = byPeriod.keys.sorted()
      let useMean = requestedMean ?? percentGroups[g]
      if useMean { averaged = true }
      var brokenAt: [Period] = []
      for end in sorted {
        let span = (0..<length).map {
          Period(kind: end.kind, ordinal: end.ordinal - Int32(length - 1 - $0))
        }
        guard let first = span.first, first >= (sorted.first ?? end) else { continue }
        let cells = span.map { byPeriod[$0] }
        if cells.contains(where: { $0 == nil }) {
          // A window the series' span covers but a missing period breaks.
          if let missingPeriod = span.first(where: { byPeriod[$0] == nil }),
            !brokenAt.contains(missingPeriod)
          {
            brokenAt.append(missingPeriod)
          }
          continue
        }
        var sum = 0.0
        var marker: ValueMarker?
        var reason: MissingReason?
        for cell in cells {
          switch cell {
          case .number(let x, let m)?:
            sum += x
            if marker == nil { marker = m }
          case .missing(let r)?: if reason == nil { reason = r }
          default: if reason == nil { reason = .notAvailable }
          }
        }
        if let reason {
          incomplete += 1
          windows.append(Window(group: g, end: end, value: .missing(reason)))
        } else {
          windows.append(
            Window(group: g, end: end, value: .number(useMean ? sum / Double(length) : sum, marker))
          )
        }
      }
      if !brokenAt.isEmpty {
        let label = keys.filter { varies(table, $0) }.map {
          Self.cellText(table.value(row: groups.representatives[g], column: $0))
        }.joined(separator: ", ")
        gaps.append(
          (label.isEmpty ? "" : "\(label): ")
            + "no figure for \(brokenAt.map(\.description).joined(separator: ", "))")
      }
    }
    guard !windows.isEmpty else {
      throw Diagnostic(
        "no series has \(length) consecutive periods to pool", at: range,
        help: gaps.isEmpty
          ? "a shorter window: rolling \(max(2, length - 1))"
          : "the gaps: \(gaps.prefix(3).joined(separator: "; "))")
    }

    // The table of windows, series by series in time order.
    let order = RowOrder(table: table, keys: keys.map { ($0, false) }, roles: roles)
    let groupOrder = (0..<groups.count).sorted {
      order.before(
        table.selection[groups.representatives[$0]], table.selection[groups.representatives[$1]])
    }
    var rank = [Int](repeating: 0, count: groups.count)
    for (k, g) in groupOrder.enumerated() { rank[g] = k }
    windows.sort {
      rank[$0.group] != rank[$1.group] ? rank[$0.group] < rank[$1.group] : $0.end < $1.end
    }
    let physical = windows.map { Int32(table.selection[groups.representatives[$0.group]]) }
    let kind = periods.dictionary.first?.kind
    let labelName = kind == .financialYear || kind == .calendarYear ? "years" : "periods"
    var columns: [Column] = []
    for c in table.columns.indices where keys.contains(c) || c == p {
      if c == p {
        columns.append(
          Column(
            name: labelName,
            data: ColumnData.build(
              windows.map { w in
                .text(
                  "\(Period(kind: w.end.kind, ordinal: w.end.ordinal - Int32(length - 1))) to \(w.end)"
                )
              })))
        columns.append(
          Column(
            name: table.columns[p].name, data: ColumnData.build(windows.map { .period($0.end) })))
      } else {
        columns.append(
          Column(name: table.columns[c].name, data: table.columns[c].data.gathering(physical)))
      }
    }
    var format = numbers.format
    if averaged && !format.isPercent { format.decimals = max(1, format.decimals) }
    columns.append(
      Column(
        name: table.columns[v].name, data: ColumnData.build(windows.map(\.value), format: format)))
    var out = Table(columns: columns, provenance: table.provenance)
    out.preferredValue = table.columns[v].name
    var result = Frame(table: out, origin: nil)
    result.title = frame.title ?? contextTitle(table, excluding: keys.filter { varies(table, $0) })
    result.context = frame.context
    result.rolling = RollingWindows(
      labelColumn: labelName, periodColumn: table.columns[p].name, length: length, mean: averaged)
    let how =
      averaged
      ? (requestedMean == true
        ? "the mean over each"
        : "the unweighted mean over each (percentages are averaged, not summed)")
      : "the sum over each (pooled)"
    let unitName =
      kind.map { $0 == .financialYear || $0 == .calendarYear ? "years" : $0.pluralName }
      ?? "periods"
    result.notes = [
      Note(
        "\(labelName): windows of \(length) consecutive \(unitName); \(table.columns[v].name) is \(how); \(table.columns[p].name) is the last of them, and a series' first window ends at its \(length == 2 ? "second" : length == 3 ? "third" : "\(length)th") \(unitName.dropLast())",
        columns: [labelName])
    ]
    if !gaps.isEmpty {
      result.notes.append(
        Note(
          RollingWindows.gapPrefix + gaps.prefix(4).joined(separator: "; ")
            + (gaps.count > 4 ? "; and \(gaps.count - 4) more series" : ""), scope: .rows))
    }
    if incomplete > 0 {
      result.notes.append(
        Note(
          "\(NumberFormatting.count(incomplete, "window"))" + RollingWindows.missingInfix
            + "\(incomplete == 1 ? "it is" : "they are") missing too (a pooled figure needs every period)",
          scope: .rows))
    }
    return result
  }
}
