import Framework
import Tables

extension Evaluator {
  /// `assess [for PERIOD] [area "AREA"]`: for each national outcome with data, the headline
  /// measure of its indicator in one area, how it changed and moved, beside Scotland, with a
  /// column left for the partnership's assessment (section 23 of the 2016 Act).
  func assess(_ frame: Frame, for target: Name?, area areaName: Name?, at range: SourceRange)
    throws(Diagnostic) -> Frame
  {
    // The table given is what is assessed: its rows, periods and indicators.
    let table = frame.table
    let roles = Roles(table, resolver: resolver)
    let needs: [(String, Int?)] = [
      ("indicator", table.columnIndex(named: "indicator")), ("measure", roles.measure),
      ("area", roles.area),
      ("year", roles.period), ("value", roles.value),
    ]
    guard let measureColumn = roles.measure, let areaColumn = roles.area,
      let periodColumn = roles.period, let valueColumn = roles.value,
      table.columnIndex(named: "indicator") != nil
    else {
      let absent = needs.filter { $0.1 == nil }.map(\.0)
      throw Diagnostic(
        "assess needs a table shaped like the bundled indicators, and this one has no \(absent.joined(separator: ", no "))",
        at: range,
        help:
          "its columns are \(table.columnNames.joined(separator: ", ")); assess reads indicator, measure, area, year and value, as in: indicators | assess area \"Fife\""
      )
    }

    // The area: named, or the one council the table holds.
    let area: CouncilArea
    // A comparator group is assessed on its members pooled.
    var group: ComparatorGroup?
    if let areaName, resolver.resolve(areaName.text) == nil,
      let g = workspace.group(named: areaName.text)
    {
      group = g
      area = g.members[0]
    } else if let areaName {
      guard let resolved = resolver.resolve(areaName.text) else {
        throw Diagnostic(
          "\"\(areaName.text)\" is not a council area or Scotland", at: areaName.range,
          label: resolver.suggestions(for: areaName.text).first.map { "did you mean \"\($0)\"?" })
      }
      area = resolved
    } else {
      var found: [CouncilArea] = []
      for i in 0..<frame.table.rowCount {
        if case .text(let s) = frame.table.value(
          row: i, column: min(areaColumn, frame.table.columns.count - 1)),
          let a = resolver.resolve(s), !found.contains(a)
        {
          found.append(a)
        }
      }
      let councils = found.filter { !$0.isScotland }
      guard councils.count == 1 || (councils.isEmpty && found.count == 1) else {
        throw Diagnostic(
          "say which area to assess", at: range, label: "as in `assess area \"Fife\"`")
      }
      area = councils.first ?? found[0]
    }

    let subject =
      group.map { "\($0.name) (\($0.members.map(\.name).joined(separator: ", ")))" } ?? area.name
    func isSubject(_ a: CouncilArea) -> Bool { group?.contains(a) ?? (a == area) }

    // Every headline series of this area and of Scotland, by measure.
    var series: [String: [Period: Value]] = [:]
    var scotland: [String: [Period: Value]] = [:]
    var periods = Set<Period>()
    // Each distinct area name is resolved once.
    guard case .text(let areaText) = table.columns[areaColumn].data else {
      throw Diagnostic("assess needs an area column of names", at: range)
    }
    let wanted = areaText.dictionary.map { name -> CouncilArea? in
      guard let a = resolver.resolve(name), isSubject(a) || a.isScotland else { return nil }
      return a
    }
    // A group's figures: its members' counts summed, once every member has one.
    var pooled: [String: [Period: (sum: Double, members: Int, missing: MissingReason?)]] = [:]
    for i in 0..<table.rowCount {
      let code = areaText.codes[table.selection[i]]
      guard code != TextColumn.missingCode, let a = wanted[Int(code)],
        case .text(let measure) = table.value(row: i, column: measureColumn),
        case .period(let period) = table.value(row: i, column: periodColumn)
      else { continue }
      let key = measure.lowercased()
      if group != nil, isSubject(a) {
        var cell = pooled[key, default: [:]][period] ?? (0, 0, nil)
        switch table.value(row: i, column: valueColumn) {
        case .number(let x, _): cell.sum += x
        case .missing(let r): cell.missing = cell.missing ?? r
        default: cell.missing = cell.missing ?? .notAvailable
        }
        cell.members += 1
        pooled[key, default: [:]][period] = cell
        periods.insert(period)
      } else if isSubject(a) {
        series[key, default: [:]][period] = table.value(row: i, column: valueColumn)
        periods.insert(period)
      }
      if a.isScotland {
        scotland[key, default: [:]][period] = table.value(row: i, column: valueColumn)
      }
    }
    if let group {
      for (key, byPeriod) in pooled {
        for (period, cell) in byPeriod {
          series[key, default: [:]][period] =
            cell.missing.map { .missing($0) }
            ?? (cell.members == group.members.count ? .number(cell.sum) : .missing(.notAvailable))
        }
      }
      // A percentage is not summed: it is worked out again from the summed counts behind it.
      for indicator in PerformanceFramework.indicators {
        guard let headline = indicator.measures.last, headline.hasSuffix("(%)") else { continue }
        let key = headline.lowercased()
        guard indicator.measures.count >= 3 else {
          if series[key] != nil {
            series[key] = series[key]?.mapValues { _ in .missing(.notAvailable) }
          }
          continue
        }
        let numerator = series[indicator.measures[indicator.measures.count - 2].lowercased()] ?? [:]
        let denominator =
          series[indicator.measures[indicator.measures.count - 3].lowercased()] ?? [:]
        var percent: [Period: Value] = [:]
        for (period, _) in series[key] ?? [:] {
          if case .number(let x, _)? = numerator[period],
            case .number(let n, _)? = denominator[period], n > 0
          {
            percent[period] = .number(100 * x / n)
          } else {
            percent[period] =
              numerator[period]?.missingReason.map { .missing($0) } ?? .missing(.notAvailable)
          }
        }
        if series[key] != nil { series[key] = percent }
      }
    }
    guard let latestPeriod = periods.max() else {
      throw Diagnostic("there are no rows for \(subject) in this table", at: range)
    }
    // Scotland beside it: from the table given; when a filter left Scotland out, from the table
    // the pipeline started from, as long as the steps only chose rows (the same columns) so its
    // figures mean the same; otherwise there is no comparator, and the note says why.
    var comparatorNote: Note?
    if !area.isScotland && scotland.isEmpty {
      if let origin = frame.origin, origin.columnNames == table.columnNames,
        let source = Self.scotlandSeries(
          origin, roles: Roles(origin, resolver: resolver), resolver: resolver)
      {
        scotland = source
        comparatorNote = Note(
          "Scotland: from the table before the filters, which left it out", columns: ["Scotland"])
      } else {
        comparatorNote = Note(
          "Scotland: not in this table, and the steps before assess changed its columns, so there is no comparator; keep Scotland's rows (area in (\"\(group?.name ?? area.name)\", \"Scotland\")) before them",
          columns: ["Scotland"])
      }
    }
    var year = latestPeriod
    if let target {
      guard let p = Period(parsing: target.text, preferring: latestPeriod.kind), periods.contains(p)
      else {
        throw Diagnostic(
          "there is no \(target.text) in the table", at: target.range,
          label: "the table covers \(PeriodSpan(periods).summary)")
      }
      year = p
    }

    var rows: [[Value]] = []
    var withinChance: [String] = []
    var beyondChance: [String] = []
    var counted = false
    var missing: [String] = []
    var noScotlandYear: [String] = []
    var pandemic = false
    var short = false
    for outcome in PerformanceFramework.outcomes {
      for id in outcome.indicators {
        guard let indicator = PerformanceFramework.indicator(id),
          let headline = indicator.measures.last
        else { continue }
        guard let values = series[headline.lowercased()] else {
          missing.append(id)
          continue
        }
        let isPercent = headline.hasSuffix("(%)")
        // Each cell as its measure is written: counts whole, percentages with one decimal.
        func show(_ v: Value?, signed: Bool = false) -> Value {
          guard let v else { return .missing(.notAvailable) }
          guard case .number(let n, let m) = v else { return v }
          let format = NumberFormat(
            decimals: isPercent || n != n.rounded() ? 1 : 0, isSigned: signed)
          return .text(format.string(n, marker: m) + (isPercent ? (signed ? " pts" : "%") : ""))
        }
        let now = values[year]
        var change: Value = .missing(.notAvailable)
        if let a = now?.numberValue, let b = values[year.previous]?.numberValue {
          change = show(.number(a - b), signed: true)
        }
        let window = [year.previous.previous, year.previous, year]
        if window.contains(where: Conventions.isPandemic) { pandemic = true }
        let trio = window.compactMap { values[$0]?.numberValue }
        let direction: String
        if trio.count < 3 {
          direction = "too short"
          short = true
        } else if trio[0] < trio[1] && trio[1] < trio[2] {
          direction = "rising"
        } else if trio[0] > trio[1] && trio[1] > trio[2] {
          direction = "falling"
        } else if trio[0] == trio[1] && trio[1] == trio[2] {
          direction = "steady"
        } else {
          direction = "mixed"
        }
        let scotlandValue: Value =
          area.isScotland ? .missing(.notApplicable) : show(scotland[headline.lowercased()]?[year])
        if case .missing = scotlandValue, !area.isScotland, comparatorNote == nil,
          scotland[headline.lowercased()] != nil
        {
          // Scotland's series is there but not for this year: said, not left as a bare [x].
          noScotlandYear.append(id)
        }
        // A percentage of counts the table holds has an interval: Scotland's figure is set
        // against it, and the change against chance. A count is not compared: it reflects size.
        var against: Value = .missing(.notApplicable)
        if isPercent, indicator.measures.count >= 3, !area.isScotland {
          let numerator = indicator.measures[indicator.measures.count - 2].lowercased()
          let denominator = indicator.measures[indicator.measures.count - 3].lowercased()
          func interval(_ period: Period) -> (Double, Narrator.Interval)? {
            guard case .number(let x, _)? = series[numerator]?[period],
              case .number(let n, _)? = series[denominator]?[period],
              n > 0, x >= 0, x <= n, x == x.rounded(), n == n.rounded()
            else { return nil }
            let w = Intervals.wilson(x, n)
            return (100 * x / n, Narrator.Interval(lower: 100 * w.lower, upper: 100 * w.upper))
          }
          if let (_, i) = interval(year),
            case .number(let b, _)? = scotland[headline.lowercased()]?[year]
          {
            against = .text(b < i.lower ? "higher" : b > i.upper ? "lower" : "similar")
          } else {
            against = .missing(.notAvailable)
          }
          if let (a, ai) = interval(year), let (b, bi) = interval(year.previous) {
            if Narrator.withinChance(a, ai, b, bi) {
              withinChance.append(id)
            } else {
              beyondChance.append(id)
            }
          }
        } else if !isPercent {
          counted = true
        }
        rows.append([
          .text("\(outcome.number) \(outcome.text)"), .text(id), .text(headline),
          show(now), change, .text(direction), scotlandValue, against, .missing(.empty),
        ])
      }
    }
    guard !rows.isEmpty else {
      throw Diagnostic(
        "none of the national indicators' measures are in this table", at: range,
        help:
          "assess reads the measures of the bundled indicators dataset: explain indicators lists them"
      )
    }
    let names = [
      "national outcome", "indicator", "measure", "\(year)", "change", "direction", "Scotland",
      "compared", "assessment",
    ]
    let columns = names.enumerated().map { c, name in
      Column(name: name, data: ColumnData.build(rows.map { $0[c] }))
    }
    var result = Frame(
      table: Table(columns: columns, provenance: table.provenance), origin: frame.origin)
    result.title = "Section 23 annual report, draft: \(subject), \(year)"
    result.notes = [
      Note(
        "change: on \(year.previous) (pts: percentage points); direction: over \(year.previous.previous) to \(year)"
          + (short
            ? "; too short: fewer than three years of figures, so no trend can be claimed" : ""),
        columns: ["change", "direction"]),
      Note(
        "assessment: the partnership's judgement of whether each outcome was achieved, to be written",
        columns: ["assessment"]),
    ]
    if !area.isScotland {
      var text =
        "compared: with Scotland, for a percentage: higher or lower where Scotland's figure lies outside \(group.map { "the \($0.name) group" } ?? area.name)'s 95% confidence interval (Wilson, from the counts behind it), similar where it lies inside, a difference within the range expected by chance"
      if counted {
        text +=
          "; [z] for counts, which mostly reflect each area's size (compare rates per population instead)"
      }
      result.notes.append(Note(text, columns: ["compared"]))
    }
    if !withinChance.isEmpty || !beyondChance.isEmpty {
      var parts: [String] = []
      if !withinChance.isEmpty {
        parts.append(
          "within the range expected by chance for \(withinChance.joined(separator: ", "))")
      }
      if !beyondChance.isEmpty {
        parts.append("statistically significant for \(beyondChance.joined(separator: ", "))")
      }
      result.notes.append(
        Note(
          "change on \(year.previous) (95% intervals of the two years): "
            + parts.joined(separator: "; "), columns: ["change"]))
    }
    if pandemic {
      let years = Conventions.pandemicYears(year.kind)
      result.notes.append(
        Note(
          "† the years compared include the pandemic years \(years): take care",
          ascii: "the years compared include the pandemic years \(years): take care"))
    }
    if !missing.isEmpty {
      result.notes.append(Note("no data in this table for \(missing.joined(separator: ", "))"))
    }
    if let comparatorNote { result.notes.append(comparatorNote) }
    if !noScotlandYear.isEmpty {
      result.notes.append(
        Note(
          "Scotland has no figure for \(year) for \(noScotlandYear.joined(separator: ", "))",
          scope: .rows, columns: ["Scotland"]))
    }
    if let group {
      result.notes.append(
        Note(
          "\(group.name): the members' counts summed, each percentage worked out from the summed counts behind it; a figure is missing unless every member has one"
        ))
    }
    if area.isScotland {
      result.notes.append(
        Note(
          "Scotland is assessed against itself: the Scotland column is [z]", columns: ["Scotland"]))
    }
    result.display = .allRows
    return result
  }

  /// Scotland's series by measure in `table`, or nil when it has none.
  static func scotlandSeries(_ table: Table, roles: Roles, resolver: AreaResolver) -> [String:
    [Period: Value]]?
  {
    guard let measureColumn = roles.measure, let areaColumn = roles.area,
      let periodColumn = roles.period, let valueColumn = roles.value,
      case .text(let areaText) = table.columns[areaColumn].data
    else { return nil }
    let isScotland = areaText.dictionary.map { resolver.resolve($0)?.isScotland ?? false }
    var series: [String: [Period: Value]] = [:]
    for i in 0..<table.rowCount {
      let code = areaText.codes[table.selection[i]]
      guard code != TextColumn.missingCode, isScotland[Int(code)],
        case .text(let measure) = table.value(row: i, column: measureColumn),
        case .period(let period) = table.value(row: i, column: periodColumn)
      else { continue }
      series[measure.lowercased(), default: [:]][period] = table.value(row: i, column: valueColumn)
    }
    return series.isEmpty ? nil : series
  }
}
