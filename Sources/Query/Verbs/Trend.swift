import Framework
import Tables

extension Evaluator {
  /// `trend [VALUE] [over PERIOD] [by SERIES]`: change per period and what each series shows.
  ///
  /// Works on typed arrays throughout, so that a million rows take milliseconds: rows are
  /// bucketed by series with a counting sort, ordered within each series by the rank of their
  /// period code, and the changes are written straight into number columns.
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
    let n = table.rowCount

    // The order of the periods, by code; missing periods go last and are left out.
    let byTime = periods.dictionary.indices.sorted { periods.dictionary[$0] < periods.dictionary[$1] }
    var periodRank = [Int32](repeating: 0, count: periods.dictionary.count)
    for (rank, code) in byTime.enumerated() { periodRank[code] = Int32(rank) }

    // Series in the order of their key columns; rows bucketed by series, then by period.
    let series = GroupIndex(table: table, keys: seriesColumns)
    let representatives = table.selecting(rows: series.representatives.map { Int32($0) })
    let seriesOrder = RowOrder(table: representatives, keys: seriesColumns.map { ($0, false) }, roles: Roles(table, resolver: resolver))
      .sortedViewRows(representatives)
    var positionOfSeries = [Int](repeating: 0, count: series.count)
    for (position, s) in seriesOrder.enumerated() { positionOfSeries[Int(s)] = position }
    var start = [Int](repeating: 0, count: series.count + 1)
    let physical = table.selection.physicalRows
    let rowPosition = FillBuffer<Int32>(count: n, repeating: -1)
    var kept = 0
    periods.codes.withUnsafeBufferPointer { codes in
      for i in 0..<n where codes[Int(physical[i])] != PeriodColumn.missingCode {
        let k = positionOfSeries[Int(series.groupOfRow[i])]
        rowPosition[i] = Int32(k)
        start[k + 1] += 1
        kept += 1
      }
    }
    for k in 0..<series.count { start[k + 1] += start[k] }
    let positions = rowPosition.finish()
    var fill = start
    let bucketed: [Int32] = Array(unsafeUninitializedCapacity: kept) { buffer, count in
      for i in 0..<n where positions[i] >= 0 {
        let k = Int(positions[i])
        buffer[fill[k]] = physical[i]
        fill[k] += 1
      }
      count = kept
    }
    // Within a series, by period: series are short, so insertion sort. Series of data written in
    // time order are already sorted and cost one comparison a row.
    var order = bucketed
    for k in 0..<series.count {
      var j = start[k] + 1
      while j < start[k + 1] {
        let row = order[j]
        let rank = periodRank[Int(periods.codes[Int(row)])]
        var m = j - 1
        while m >= start[k] && periodRank[Int(periods.codes[Int(order[m])])] > rank {
          order[m + 1] = order[m]
          m -= 1
        }
        order[m + 1] = row
        if m >= start[k] && periodRank[Int(periods.codes[Int(order[m])])] == rank {
          let period = periods.dictionary[Int(periods.codes[Int(row)])]
          let s = seriesOrder[k]
          let label = seriesColumns.isEmpty ? "" : " in " + seriesColumns.map { Self.cellText(table.value(row: series.representatives[Int(s)], column: $0)) }.joined(separator: ", ")
          throw Diagnostic("two rows for \(period)\(label): a trend needs one value per period", at: range,
            help: "filter to one measure and area, or say which columns name the series with `by`")
        }
        j += 1
      }
    }

    // Changes, row by row.
    let change = FillBuffer<Double>(count: kept, repeating: 0)
    let percent = FillBuffer<Double>(count: kept, repeating: 0)
    let changeStatus = FillBuffer<CellStatus>(count: kept, repeating: .present)
    let percentStatus = FillBuffer<CellStatus>(count: kept, repeating: .present)
    let direction = FillBuffer<UInt32>(count: kept, repeating: 0)
    let directionStatus = FillBuffer<CellStatus>(count: kept, repeating: .present)
    let noteCodes = FillBuffer<UInt32>(count: kept, repeating: TextColumn.missingCode)
    var noteDictionary: [String] = []
    var noteIndex: [Int: UInt32] = [:]
    var pandemicCodes = [Bool](repeating: false, count: periods.dictionary.count)
    for (code, period) in periods.dictionary.enumerated() { pandemicCodes[code] = Conventions.isPandemic(period) }
    var anyPandemic = false
    var summaries: [SeriesSummary] = []
    let summarise = series.count <= 6

    var digest = (highest: 0, lowest: 0, short: 0)
    // One key per period code such that a period directly follows another when its key is one more.
    let successionKey = periods.dictionary.map { Int64($0.kind.rawValue) << 40 | Int64($0.ordinal) }
    let periodCodes = periods.codes
    let values = numbers.values
    let statuses = numbers.status
    periodCodes.withUnsafeBufferPointer { periodCodes in
      values.withUnsafeBufferPointer { values in
        for k in 0..<series.count {
          var previousRow = -1
          var runLength = 0
          var lastPresentKey = Int64.min
          var latest: Double?
          var points: [(Period, Double)] = []
          for j in start[k]..<start[k + 1] {
            let r = Int(order[j])
            let code = Int(periodCodes[r])
            let status = statuses?[r] ?? .present
            let missing = status.isMissing
            // A note is the pandemic mark and the period a gap goes back to: one small integer.
            var noteKey = 0
            if pandemicCodes[code] {
              noteKey = 1
              anyPandemic = true
            }
            if previousRow >= 0 {
              let previousCode = Int(periodCodes[previousRow])
              let previousStatus = statuses?[previousRow] ?? .present
              if successionKey[code] != successionKey[previousCode] + 1 { noteKey |= (previousCode + 1) << 1 }
              if !missing && !previousStatus.isMissing {
                let before = values[previousRow]
                let delta = values[r] - before
                change[j] = delta
                if before == 0 { percentStatus[j] = .missing(.notApplicable) } else { percent[j] = 100 * delta / before }
                direction[j] = delta > 0 ? 0 : (delta < 0 ? 1 : 2)
              } else {
                let reason = status.missing ?? previousStatus.missing ?? .notAvailable
                changeStatus[j] = .missing(reason)
                percentStatus[j] = .missing(reason)
                directionStatus[j] = .missing(reason)
                direction[j] = TextColumn.missingCode
              }
            } else {
              changeStatus[j] = .missing(.dash)
              percentStatus[j] = .missing(.dash)
              directionStatus[j] = .missing(.empty)
              direction[j] = TextColumn.missingCode
            }
            if noteKey != 0 {
              if let c = noteIndex[noteKey] {
                noteCodes[j] = c
              } else {
                var parts: [String] = []
                if noteKey & 1 == 1 { parts.append("pandemic") }
                if noteKey >> 1 > 0 { parts.append("since \(periods.dictionary[(noteKey >> 1) - 1])") }
                let c = UInt32(noteDictionary.count)
                noteIndex[noteKey] = c
                noteDictionary.append(parts.joined(separator: ", "))
                noteCodes[j] = c
              }
            }
            if !missing {
              let key = successionKey[code]
              runLength = key == lastPresentKey + 1 ? runLength + 1 : 1
              lastPresentKey = key
              latest = values[r]
              if summarise { points.append((periods.dictionary[code], values[r])) }
            }
            previousRow = r
          }
          if summarise {
            let label: String? = seriesColumns.isEmpty ? nil
              : seriesColumns.map { Self.cellText(table.value(row: series.representatives[Int(seriesOrder[k])], column: $0)) }.joined(separator: ", ")
            summaries.append(SeriesSummary(name: label, points: points))
            continue
          }
          // The digest: where each latest value stands in its own series.
          if let latest {
            var above = 0
            var below = 0
            var present = 0
            for j in start[k]..<start[k + 1] {
              let r = Int(order[j])
              if statuses?[r].isMissing == true { continue }
              present += 1
              if values[r] > latest { above += 1 } else if values[r] < latest { below += 1 }
            }
            if present > 1 && above == 0 { digest.highest += 1 }
            if present > 1 && below == 0 { digest.lowest += 1 }
          }
          if runLength < Conventions.minimumTrendPeriods { digest.short += 1 }
        }
      }
    }

    // Shown as the followed values need: a loaded column of counts and percentages shows counts whole.
    var format = numbers.format
    if format.adaptsDecimals && format.decimals > 0 {
      format = format.fitted(to: order.lazy.filter { statuses?[Int($0)].isMissing != true }.map { values[Int($0)] })
    }
    var columns = (seriesColumns + [p, v]).map { Column(name: table.columns[$0].name, data: table.columns[$0].data.gathering(order)) }
    var changeFormat = format
    changeFormat.isSigned = true
    changeFormat.isPercent = false
    columns.append(Column(name: "change", data: .number(NumberColumn(values: change.finish(), status: changeStatus.finish(), format: changeFormat))))
    columns.append(Column(name: "% change", data: .number(NumberColumn(values: percent.finish(), status: percentStatus.finish(), format: .percentChange))))
    columns.append(Column(name: "direction", data: .text(TextColumn(codes: direction.finish(), dictionary: ["up", "down", "same"], status: directionStatus.finish()))))
    let notes = noteCodes.finish()
    if !noteDictionary.isEmpty {
      let noteStatus = notes.map { $0 == TextColumn.missingCode ? CellStatus.missing(.empty) : .present }
      columns.append(Column(name: "note", data: .text(TextColumn(codes: notes, dictionary: noteDictionary, status: noteStatus))))
    }

    var result = Frame(table: Table(columns: columns, provenance: table.provenance), origin: frame.origin)
    result.title = frame.title ?? contextTitle(table, excluding: seriesColumns)
    result.context = constantContext(table, excluding: seriesColumns).merging(frame.context) { new, _ in new }
    result.hints = ["direction": .symbols(["up": "▲", "down": "▼", "same": "="]), "note": .symbols(["pandemic": "†"])]
    let kind = periods.dictionary.first?.kind
    let unit = kind == .financialYear || kind == .calendarYear ? "year" : "period"
    if summarise {
      result.notes = summaries.map { Note($0.describe(format: format, unit: unit)) }
    } else {
      var line = "\(NumberFormatting.format(Double(series.count), decimals: 0)) series: the latest value is the highest in its span for \(NumberFormatting.format(Double(digest.highest), decimals: 0)) and the lowest for \(NumberFormatting.format(Double(digest.lowest), decimals: 0))"
      if digest.short > 0 { line += "; \(NumberFormatting.format(Double(digest.short), decimals: 0)) have fewer than three continuous \(unit)s (no trend can be claimed)" }
      result.notes = [Note(line), Note("pick one series with `where` to see what it shows")]
    }
    if anyPandemic {
      result.notes.append(Note("† pandemic years (\(Conventions.pandemicYears)): compare across them with care",
        ascii: "pandemic years (\(Conventions.pandemicYears)): compare across them with care"))
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
    func differs(_ codes: [UInt32]) -> Bool {
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
    for (role, index) in [(Roles.Role.measure, roles.measure), (.area, roles.area), (.period, roles.period)] {
      guard let i = index, !excluding.contains(i), table.rowCount > 0, !varies(table, i) else { continue }
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
