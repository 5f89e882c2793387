import Framework
import Tables

extension Evaluator {
  /// `trend [VALUE] [over PERIOD] [by SERIES]`: change per period and what each series shows.
  ///
  /// Works on typed arrays throughout, so that a million rows take milliseconds: the rows are
  /// arranged series by series in time order (one look each when the data is written that way,
  /// see ``SeriesRows``), the followed columns are gathered into that order once, and each new
  /// column is written front to back by one pass, the passes split over two cores.
  func trend(_ frame: Frame, value: Name?, over: Name?, by: [Name], at range: SourceRange)
    throws(Diagnostic) -> Frame
  {
    let table = frame.table
    let v = try valueColumn(value, in: table, at: range, verb: "trend")
    let p = try periodColumn(over, in: table, at: range, verb: "trend")
    var seriesColumns: [Int] = []
    if by.isEmpty {
      seriesColumns = varyingColumns(table, except: [v, p])
    } else {
      for name in by { seriesColumns.append(try column(name, in: table)) }
    }
    guard case .number(let numbers) = table.columns[v].data,
      case .period(let periods) = table.columns[p].data
    else {
      throw Diagnostic("trend needs a number column and a period column", at: range)
    }
    // Rolling windows are followed by their last period; their labels go with it, not apart.
    let windows = frame.rolling.flatMap { w in
      w.periodColumn.lowercased() == table.columns[p].name.lowercased()
        ? table.columnIndex(named: w.labelColumn) : nil
    }
    if let w = windows { seriesColumns.removeAll { $0 == w } }

    // The order of the periods, by code; missing periods go last and are left out.
    let byTime = periods.dictionary.indices.sorted {
      periods.dictionary[$0] < periods.dictionary[$1]
    }
    var periodRank = [Int32](repeating: 0, count: periods.dictionary.count)
    for (rank, code) in byTime.enumerated() { periodRank[code] = Int32(rank) }

    // Series in the order of their key columns, rows in series order and by period within each.
    let series = GroupIndex(table: table, keys: seriesColumns)
    let representatives = table.selecting(rows: series.representatives.map { Int32($0) })
    let seriesOrder = RowOrder(
      table: representatives, keys: seriesColumns.map { ($0, false) },
      roles: Roles(table, resolver: resolver)
    )
    .sortedViewRows(representatives)
    var positionOfSeries = [Int32](repeating: 0, count: series.count)
    for (position, s) in seriesOrder.enumerated() { positionOfSeries[Int(s)] = Int32(position) }
    let rows: SeriesRows
    do {
      rows = try SeriesRows(
        selection: table.selection, periodCodes: periods.codes, periodRank: periodRank,
        groupOfRow: series.groupOfRow, positionOfSeries: positionOfSeries)
    } catch {
      let period = periods.dictionary[Int(periods.codes[error.row])]
      let label =
        seriesColumns.isEmpty
        ? ""
        : " in "
          + seriesColumns.map {
            Self.cellText(
              table.value(row: series.representatives[Int(seriesOrder[error.series])], column: $0))
          }.joined(separator: ", ")
      throw Diagnostic(
        "two rows for \(period)\(label): a trend needs one value per period", at: range,
        help: "filter to one measure and area, or say which columns name the series with `by`")
    }
    let kept = rows.count
    // The followed columns in trend order: as they are when the rows already are in that order,
    // else gathered. Every pass below then reads them front to back.
    let gather: [Int32]? =
      switch (rows.order, table.selection) {
      case (let order?, _): order
      case (nil, .rows(let view)): view
      case (nil, .all): nil
      }
    func followedColumn(_ c: Int) -> Column {
      Column(
        name: table.columns[c].name,
        data: gather.map { table.columns[c].data.gathering($0) } ?? table.columns[c].data)
    }
    // Gathering reads all over memory: the values on one core, the keys and periods on the other.
    let (followedValue, followedKeys) = Parallel.both(
      size: gather == nil ? 0 : kept, { followedColumn(v) },
      { (seriesColumns + (windows.map { [$0] } ?? []) + [p]).map(followedColumn) })
    let followed = followedKeys + [followedValue]
    guard case .number(let followedNumbers) = followed[followed.count - 1].data,
      case .period(let followedPeriods) = followed[followed.count - 2].data
    else { throw Diagnostic("trend needs a number column and a period column", at: range) }
    let passes = TrendPasses(
      values: followedNumbers.values, statuses: followedNumbers.status,
      periodCodes: followedPeriods.codes.words,
      start: rows.start, periods: periods.dictionary,
      window: windows != nil ? frame.rolling?.length ?? 1 : 1)
    // What each series shows: in words for a few series, as a digest for many.
    let summarise = series.count <= 6
    // The columns made on two cores, about half the work on each (measured on a million rows:
    // changes 15 ms and notes 5 on one; the digest 9 and directions 8 on the other).
    let ((changes, notes), (directions, digest)) = Parallel.both(
      size: kept, { (passes.changes(), passes.notes()) },
      { (passes.directions(), summarise ? (highest: 0, lowest: 0, short: 0) : passes.digest()) })
    let summaries: [SeriesSummary] =
      !summarise
      ? []
      : (0..<series.count).map { k in
        let label: String? =
          seriesColumns.isEmpty
          ? nil
          : seriesColumns.map {
            Self.cellText(table.value(row: series.representatives[Int(seriesOrder[k])], column: $0))
          }.joined(separator: ", ")
        return SeriesSummary(name: label, points: passes.points(ofSeries: k))
      }

    // Shown as the followed values need: a loaded column of counts and percentages shows counts whole.
    var format = numbers.format
    if format.adaptsDecimals && format.decimals > 0 {
      let (values, statuses) = (passes.values, passes.statuses)
      format = format.fitted(
        to: values.indices.lazy.filter { statuses?[$0].isMissing != true }.map { values[$0] })
    }
    // Percentages change by percentage points: no relative change for their rows.
    let roles = Roles(table, resolver: resolver)
    let unitColumn = MeasureUnit.unitColumn(table)
    let isPercent = MeasureUnit.percentages(
      in: table, value: v, measure: roles.measure, unit: unitColumn)
    let percentSeries = (0..<series.count).map { k in
      isPercent(series.representatives[Int(seriesOrder[k])])
    }
    var percentStatus = changes.percentStatus
    for (k, isPercent) in percentSeries.enumerated() where isPercent {
      // The first period keeps its dash (nothing before it); every other row is [z].
      for j in (rows.start[k] + 1)..<max(rows.start[k] + 1, rows.start[k + 1]) {
        percentStatus[j] = .missing(.notApplicable)
      }
    }
    let allPercent = !percentSeries.isEmpty && percentSeries.allSatisfy { $0 }
    var columns = followed
    var changeFormat = format
    changeFormat.isSigned = true
    changeFormat.isPercent = false
    columns.append(
      Column(
        name: allPercent ? "change (pts)" : "change",
        data: .number(
          NumberColumn(values: changes.change, status: changes.changeStatus, format: changeFormat)))
    )
    if !allPercent {
      columns.append(
        Column(
          name: "% change",
          data: .number(
            NumberColumn(values: changes.percent, status: percentStatus, format: .percentChange))))
    }
    columns.append(
      Column(
        name: "direction",
        data: .text(
          TextColumn(
            codes: directions.codes, dictionary: ["up", "down", "same"], status: directions.status))
      ))
    if !notes.dictionary.isEmpty {
      columns.append(
        Column(
          name: "note",
          data: .text(
            TextColumn(codes: notes.codes, dictionary: notes.dictionary, status: notes.status))))
    }

    var trended = Table(columns: columns, provenance: table.provenance)
    // The figures trended stay the table's value for the next verb (narrate), whatever their name.
    if table.columns[v].name.lowercased() != "value" {
      trended.preferredValue = table.columns[v].name
    }
    var result = Frame(table: trended, origin: frame.origin)
    result.title = frame.title ?? contextTitle(table, excluding: seriesColumns)
    result.context = constantContext(table, excluding: seriesColumns).merging(frame.context) {
      new, _ in new
    }
    result.hints = ["direction": .directions, "note": .cautions]
    let kind = periods.dictionary.first?.kind
    let unit = kind == .financialYear || kind == .calendarYear ? "year" : "period"
    if summarise {
      result.notes = summaries.enumerated().map { k, summary in
        Note(
          summary.describe(format: format, unit: unit, percentage: percentSeries[k]), scope: .rows)
      }
    } else {
      var line =
        "\(NumberFormatting.format(Double(series.count), decimals: 0)) series: the latest value is the highest in its span for \(NumberFormatting.format(Double(digest.highest), decimals: 0)) and the lowest for \(NumberFormatting.format(Double(digest.lowest), decimals: 0))"
      if digest.short > 0 {
        line +=
          "; \(NumberFormatting.format(Double(digest.short), decimals: 0)) have fewer than three continuous \(unit)s (no trend can be claimed)"
      }
      result.notes = [
        Note(line, scope: .rows),
        Note("pick one series with `where` to see what it shows", scope: .rows),
      ]
    }
    if allPercent {
      result.notes.append(
        Note(
          "change (pts): in percentage points, as official statistics give changes in percentages",
          columns: ["change (pts)"]))
    } else if percentSeries.contains(true) {
      result.notes.append(
        Note(
          "% change: [z] for percentages, whose change is in percentage points",
          columns: ["% change"]))
    }
    if let rolling = frame.rolling, windows != nil {
      result.notes.append(
        Note(
          "\(rolling.labelColumn): rolling windows of \(rolling.length), followed by their last \(unit); each change is between windows that share \(rolling.length - 1) of their \(rolling.length) \(unit)s, so it moves less than the \(unit)s do",
          columns: [rolling.labelColumn]))
    }
    if kept < table.rowCount {
      let left = table.rowCount - kept
      result.notes.append(
        Note(
          "left out \(NumberFormatting.count(left, "row")) with no \(table.columns[p].name)",
          scope: .rows))
    }
    if notes.anyPandemic {
      let kind = (0..<table.rowCount).lazy.compactMap { r -> Period.Kind? in
        if case .period(let p) = table.value(row: r, column: p) { return p.kind }
        return nil
      }.first
      let years = Conventions.pandemicYears(kind)
      let what = windows != nil ? "windows holding the pandemic years" : "pandemic years"
      result.notes.append(
        Note(
          "† \(what) (\(years)): compare across them with care",
          ascii: "\(what) (\(years)): compare across them with care"))
    }
    return result
  }

  /// Text columns (and periods other than the one followed) whose values differ between rows.
  func varyingColumns(_ table: Table, except: [Int]) -> [Int] {
    table.columns.indices.filter { i in
      !except.contains(i) && table.columns[i].type != .number && varies(table, i)
    }
  }

  /// Whether a column holds more than one value (a missing cell counts as one) in the view;
  /// stops at the second.
  func varies(_ table: Table, _ i: Int) -> Bool {
    guard table.rowCount > 1 else { return false }
    func differs(_ codes: Codes) -> Bool {
      let first = codes[table.selection[0]]
      for r in 1..<table.rowCount where codes[table.selection[r]] != first { return true }
      return false
    }
    switch table.columns[i].data {
    case .text(let c): return differs(c.codes)
    case .period(let c): return differs(c.codes)
    default: return GroupIndex(table: table, keys: [i]).count > 1
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
    for (role, index) in [
      (Roles.Role.measure, roles.measure), (.area, roles.area), (.period, roles.period),
    ] {
      guard let i = index, !excluding.contains(i), table.rowCount > 0, !varies(table, i) else {
        continue
      }
      do {
        switch table.value(row: 0, column: i) {
        case .text(let s): context[role] = s
        case .period(let p): context[role] = p.description
        default: break
        }
      }
    }
    return context
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
    return (
      1 + values.filter { $0 > latest }.count, 1 + values.filter { $0 < latest }.count,
      values.filter { $0 == latest }.count > 1
    )
  }

  /// "the highest", "the second lowest", "the 4th highest of 12".
  var rankPhrase: String? {
    guard points.count > 1 else { return nil }
    let (top, bottom, tied) = latestRank
    let equal = tied ? "equal " : ""
    if top == 1 && bottom == 1 {
      return "the same as every other \(points.count > 2 ? "value" : "value")"
    }
    if top == 1 { return "the \(equal)highest" }
    if bottom == 1 { return "the \(equal)lowest" }
    if top == 2 { return "the \(equal)second highest" }
    if bottom == 2 { return "the \(equal)second lowest" }
    return "the \(equal)\(Self.ordinal(top)) highest of \(points.count)"
  }

  static func ordinal(_ n: Int) -> String {
    let suffix =
      (n % 100 >= 11 && n % 100 <= 13)
      ? "th" : (["th", "st", "nd", "rd"] + Array(repeating: "th", count: 6))[n % 10]
    return "\(n)\(suffix)"
  }

  func describe(format: NumberFormat, unit: String, percentage: Bool = false) -> String {
    let prefix = name.map { "\($0): " } ?? "series: "
    guard let first = points.first, let last = points.last else { return prefix + "no values" }
    let s = span
    var line = prefix + (first.0 == last.0 ? "\(first.0) only" : "\(first.0) .. \(last.0)")
    let gaps = s.gaps
    line += " (\(NumberFormatting.count(points.count, unit))"
    line +=
      gaps.isEmpty
      ? (points.count > 1 ? ", continuous)" : ")")
      : ", gap\(gaps.count == 1 ? "" : "s"): \(gaps.prefix(3).map(\.description).joined(separator: ", ")))"
    if let rank = rankPhrase { line += "; latest \(format.string(last.1)) is \(rank) in the span" }
    if points.count > 1 {
      var plain = format
      plain.isSigned = true
      plain.isPercent = false
      if percentage {
        plain.decimals = max(1, plain.decimals)
        let points = plain.string(last.1 - first.1)
        line += "; \(points) percentage point\(points == "+1.0" || points == "-1.0" ? "" : "s")"
      } else {
        line += "; \(plain.string(last.1 - first.1))"
        if first.1 != 0 {
          line += " (\(NumberFormat.percentChange.string(100 * (last.1 - first.1) / first.1)))"
        }
      }
      line += " since \(first.0)"
    }
    if !hasTrend { line += "; fewer than three continuous \(unit)s: no trend can be claimed" }
    return line
  }
}
