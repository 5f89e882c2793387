import Framework
import Tables

extension Evaluator {
  /// `trend [VALUE] [over PERIOD] [by SERIES]`: change per period and what each series shows.
  func trend(_ frame: Frame, value: Name?, over: Name?, by: [Name], at range: SourceRange) throws(Diagnostic) -> Frame {
    let table = frame.table
    let v = try valueColumn(value, in: table, at: range, verb: "trend")
    let p = try periodColumn(over, in: table, at: range, verb: "trend")
    var seriesColumns: [Int] = []
    if by.isEmpty {
      seriesColumns = varyingColumns(table, except: [v, p])
    } else {
      for name in by { seriesColumns.append(try column(name, in: table)) }
    }
    guard case .number(let numbers) = table.columns[v].data, case .period(let periods) = table.columns[p].data else {
      throw Diagnostic("trend needs a number column and a period column", at: range)
    }

    // Rows in series order, each series in time order.
    let series = GroupIndex(table: table, keys: seriesColumns)
    var seriesRows = series.rowsByGroup()
    for s in seriesRows.indices {
      seriesRows[s].sort { a, b in
        let (x, y) = (periods.value(at: table.selection[a]), periods.value(at: table.selection[b]))
        switch (x, y) {
        case (let x?, let y?): return x < y
        case (nil, _): return false
        default: return true
        }
      }
    }
    let seriesOrder = RowOrder(table: table, keys: seriesColumns.map { ($0, false) }, roles: Roles(table, resolver: resolver))
    let orderedSeries = seriesRows.indices.sorted { a, b in
      let (x, y) = (table.selection[series.representatives[a]], table.selection[series.representatives[b]])
      return seriesOrder.before(x, y) || (!seriesOrder.before(y, x) && a < b)
    }

    var outputRows: [Int32] = []
    var change: [Value] = []
    var percent: [Value] = []
    var direction: [Value] = []
    var note: [Value] = []
    var summaries: [SeriesSummary] = []
    var anyPandemic = false
    let names = seriesColumns.map { table.columns[$0].name }

    for s in orderedSeries {
      let rows = seriesRows[s]
      var previous: (Period, Double?, MissingReason?)?
      var points: [(Period, Double)] = []
      for i in rows {
        let r = table.selection[i]
        guard let period = periods.value(at: r) else { continue }
        if let previous, previous.0 == period {
          let label = seriesColumns.isEmpty ? "" : " in " + seriesColumns.map { Self.cellText(table.value(row: i, column: $0)) }.joined(separator: ", ")
          throw Diagnostic("two rows for \(period)\(label): a trend needs one value per period", at: range,
            help: "filter to one measure and area, or say which columns name the series with `by`")
        }
        outputRows.append(Int32(r))
        let status = numbers.cellStatus(at: r)
        let current: Double? = status.isMissing ? nil : numbers.values[r]
        var notes: [String] = []
        if Conventions.isPandemic(period) {
          notes.append("pandemic")
          anyPandemic = true
        }
        if let previous {
          if !previous.0.isFollowed(by: period) { notes.append("since \(previous.0)") }
          if let now = current, let before = previous.1 {
            let delta = now - before
            change.append(.number(delta))
            percent.append(before == 0 ? .missing(.notApplicable) : .number(100 * delta / before))
            direction.append(.text(delta > 0 ? "up" : (delta < 0 ? "down" : "same")))
          } else {
            let reason = status.missing ?? previous.2 ?? .notAvailable
            change.append(.missing(reason))
            percent.append(.missing(reason))
            direction.append(.missing(reason))
          }
        } else {
          change.append(.missing(.dash))
          percent.append(.missing(.dash))
          direction.append(.missing(.empty))
        }
        note.append(notes.isEmpty ? .missing(.empty) : .text(notes.joined(separator: ", ")))
        if let current { points.append((period, current)) }
        previous = (period, current, status.missing)
      }
      let label = seriesColumns.isEmpty ? nil : series.representatives[s]
      summaries.append(SeriesSummary(
        name: label.map { row in names.indices.map { Self.cellText(table.value(row: row, column: seriesColumns[$0])) }.joined(separator: ", ") },
        points: points))
    }

    // Shown as the followed values need: a loaded column of counts and percentages shows counts whole.
    let format = numbers.format.fitted(to: outputRows.lazy.filter { !numbers.cellStatus(at: Int($0)).isMissing }.map { numbers.values[Int($0)] })
    let gathered = seriesColumns + [p, v]
    var columns = gathered.map { Column(name: table.columns[$0].name, data: table.columns[$0].data.gathering(outputRows)) }
    var changeFormat = format
    changeFormat.isSigned = true
    changeFormat.isPercent = false
    columns.append(Column(name: "change", data: ColumnData.build(change, format: changeFormat)))
    columns.append(Column(name: "% change", data: ColumnData.build(percent, format: .percentChange)))
    columns.append(Column(name: "direction", data: .text(TextColumn(direction.map(\.textValue), missing: .empty).settingReasons(direction))))
    if note.contains(where: { !$0.isMissing }) {
      columns.append(Column(name: "note", data: .text(TextColumn(note.map(\.textValue), missing: .empty))))
    }

    var result = Frame(table: Table(columns: columns, provenance: table.provenance), origin: frame.origin)
    result.title = frame.title ?? contextTitle(table, excluding: seriesColumns)
    result.context = constantContext(table, excluding: seriesColumns).merging(frame.context) { new, _ in new }
    result.hints = ["direction": .symbols(["up": "▲", "down": "▼", "same": "="])]
    result.hints["note"] = .symbols(["pandemic": "†"])
    result.notes = seriesNotes(summaries, format: format, kind: periods.dictionary.first?.kind)
    if anyPandemic {
      result.notes.append(Note("† pandemic years (\(Conventions.pandemicYears)): compare across them with care",
        ascii: "pandemic years (\(Conventions.pandemicYears)): compare across them with care"))
    }
    return result
  }

  /// Text columns (and periods other than the one followed) whose values differ between rows.
  func varyingColumns(_ table: Table, except: [Int]) -> [Int] {
    table.columns.indices.filter { i in
      guard !except.contains(i), table.columns[i].type != .number else { return false }
      return GroupIndex(table: table, keys: [i]).count > 1
    }
  }

  /// "cases commenced · Scotland": the measure and area when each has one value.
  func contextTitle(_ table: Table, excluding: [Int]) -> String? {
    let context = constantContext(table, excluding: excluding)
    let parts = [context[.measure], context[.area], context[.period]].compactMap { $0 }
    return parts.isEmpty ? nil : parts.joined(separator: " · ")
  }

  /// The measure and area of the table when each has one value.
  func constantContext(_ table: Table, excluding: [Int]) -> [Roles.Role: String] {
    let roles = Roles(table, resolver: resolver)
    var context: [Roles.Role: String] = [:]
    for (role, index) in [(Roles.Role.measure, roles.measure), (.area, roles.area), (.period, roles.period)] {
      guard let i = index, !excluding.contains(i) else { continue }
      let groups = GroupIndex(table: table, keys: [i])
      if groups.count == 1, let row = groups.representatives.first {
        switch table.value(row: row, column: i) {
        case .text(let s): context[role] = s
        case .period(let p): context[role] = p.description
        default: break
        }
      }
    }
    return context
  }

  /// One line per series, or a digest when there are many.
  private func seriesNotes(_ summaries: [SeriesSummary], format: NumberFormat, kind: Period.Kind?) -> [Note] {
    let unit = kind == .financialYear || kind == .calendarYear ? "year" : "period"
    if summaries.count <= 6 {
      return summaries.map { Note($0.describe(format: format, unit: unit)) }
    }
    let highest = summaries.filter { $0.latestRank.fromTop == 1 && $0.points.count > 1 }.count
    let lowest = summaries.filter { $0.latestRank.fromBottom == 1 && $0.points.count > 1 }.count
    let short = summaries.filter { !$0.hasTrend }.count
    var line = "\(summaries.count) series: the latest value is the highest in its span for \(highest) and the lowest for \(lowest)"
    if short > 0 { line += "; \(short) have fewer than three continuous \(unit)s (no trend can be claimed)" }
    return [Note(line), Note("pick one series with `where` to see what it shows")]
  }
}

/// What a series shows: its span, its change, where its latest value ranks.
struct SeriesSummary {
  var name: String?
  /// Periods with a value, in time order.
  var points: [(Period, Double)]

  var span: PeriodSpan { PeriodSpan(points.map(\.0)) }
  var hasTrend: Bool { span.latestContinuousRun.count >= Conventions.minimumTrendPeriods }

  /// The latest value's place from the top and the bottom, and whether it ties.
  var latestRank: (fromTop: Int, fromBottom: Int, tied: Bool) {
    guard let latest = points.last?.1 else { return (0, 0, false) }
    let values = points.map(\.1)
    return (1 + values.filter { $0 > latest }.count, 1 + values.filter { $0 < latest }.count, values.filter { $0 == latest }.count > 1)
  }

  /// "the highest", "the second lowest", "the 4th highest of 12".
  var rankPhrase: String? {
    guard points.count > 1 else { return nil }
    let (top, bottom, tied) = latestRank
    let equal = tied ? "equal " : ""
    if top == 1 && bottom == 1 { return "the same as every other \(points.count > 2 ? "value" : "value")" }
    if top == 1 { return "the \(equal)highest" }
    if bottom == 1 { return "the \(equal)lowest" }
    if top == 2 { return "the \(equal)second highest" }
    if bottom == 2 { return "the \(equal)second lowest" }
    return "the \(equal)\(Self.ordinal(top)) highest of \(points.count)"
  }

  static func ordinal(_ n: Int) -> String {
    let suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : (["th", "st", "nd", "rd"] + Array(repeating: "th", count: 6))[n % 10]
    return "\(n)\(suffix)"
  }

  func describe(format: NumberFormat, unit: String) -> String {
    let prefix = name.map { "\($0): " } ?? "series: "
    guard let first = points.first, let last = points.last else { return prefix + "no values" }
    let s = span
    var line = prefix + (first.0 == last.0 ? "\(first.0) only" : "\(first.0) .. \(last.0)")
    let gaps = s.gaps
    line += " (\(NumberFormatting.count(points.count, unit))"
    line += gaps.isEmpty ? (points.count > 1 ? ", continuous)" : ")") : ", gap\(gaps.count == 1 ? "" : "s"): \(gaps.prefix(3).map(\.description).joined(separator: ", ")))"
    if let rank = rankPhrase { line += "; latest \(format.string(last.1)) is \(rank) in the span" }
    if points.count > 1 {
      var plain = format
      plain.isSigned = true
      plain.isPercent = false
      line += "; \(plain.string(last.1 - first.1))"
      if first.1 != 0 { line += " (\(NumberFormat.percentChange.string(100 * (last.1 - first.1) / first.1)))" }
      line += " since \(first.0)"
    }
    if !hasTrend { line += "; fewer than three continuous \(unit)s: no trend can be claimed" }
    return line
  }
}

extension CategoricalColumn where Element == String {
  /// The same cells with the missing ones' reasons taken from `values`.
  func settingReasons(_ values: [Value]) -> TextColumn {
    guard status != nil else { return self }
    return TextColumn(codes: codes, dictionary: dictionary, status: values.map { $0.missingReason.map { CellStatus.missing($0) } ?? .present })
  }
}
