import Framework
import Tables

extension Evaluator {
  /// `chart KIND ...`: works out what to draw; the renderer draws it at the output's width.
  func chart(_ frame: Frame, _ request: ChartRequest, at range: SourceRange) throws(Diagnostic)
    -> Frame
  {
    let table = frame.table
    guard table.rowCount > 0 else { throw Diagnostic("there are no rows to draw", at: range) }
    if let width = request.width, width < 20 || width > 400 {
      throw Diagnostic("a chart is between 20 and 400 characters wide", at: range)
    }
    var data: ChartData
    switch request.kind {
    case .bar: data = try barChart(table, request, at: range)
    case .line, .spark: data = try seriesChart(table, request, at: range)
    case .funnel: data = try funnelChart(table, request, at: range)
    }
    data.title = request.title ?? frame.title ?? contextTitle(table, excluding: [])
    // What was said with the table (the population year used, caveats) stays with the chart.
    data.notes = frame.notes + data.notes
    data.width = request.width
    data.ascii = request.ascii
    data.showAll = request.all
    data.source = Self.sourceLine(table.provenance)
    var result = frame
    result.display = .chart(data)
    if let path = request.path { try writeChart(data, to: path, replace: request.replace) }
    return result
  }

  /// The source line under a chart: the data's label and the attribution its licence asks for.
  static func sourceLine(_ p: Provenance) -> String? {
    let parts = [p.label, p.attribution].compactMap { $0 }
    return parts.isEmpty ? nil : parts.joined(separator: "; ")
  }

  /// `to "FILE.svg"`: the chart as SVG, put in place as `write` puts a table.
  func writeChart(_ data: ChartData, to path: Name, replace: Bool) throws(Diagnostic) {
    guard let draw = workspace.chartFile else {
      throw Diagnostic("charts cannot be written as SVG here", at: path.range)
    }
    let message = try putFile(
      Array(draw(data).utf8), at: path, replace: replace, what: "chart", notes: [])
    workspace.statusLines.append(message)
  }

  private func marked(_ label: String, _ request: ChartRequest) -> Bool {
    if let area = resolver.resolve(label) {
      if area.isScotland { return true }
      return request.highlight.contains {
        resolver.resolve($0.text) == area || workspace.group(named: $0.text)?.contains(area) == true
      }
    }
    return request.highlight.contains { $0.text.lowercased() == label.lowercased() }
  }

  private func barChart(_ table: Table, _ request: ChartRequest, at range: SourceRange)
    throws(Diagnostic) -> ChartData
  {
    let roles = Roles(table, resolver: resolver)
    let v = try valueColumn(request.value, in: table, at: range, verb: "chart bar")
    let labelColumn: Int
    if let by = request.by {
      labelColumn = try column(by, in: table)
    } else if let area = roles.area,
      GroupIndex(table: table, keys: [area]).count > 1 || table.rowCount == 1
    {
      labelColumn = area
    } else if let varying = varyingColumns(table, except: [v]).first {
      labelColumn = varying
    } else if let first = table.columns.indices.first(where: {
      $0 != v && table.columns[$0].type != .number
    }) {
      labelColumn = first
    } else {
      throw Diagnostic("a bar chart needs a column of labels", at: range)
    }
    guard case .number(let numbers) = table.columns[v].data else {
      throw Diagnostic("chart bar needs a number column", at: range)
    }
    // A rate's interval, `lower` and `upper` beside it, is drawn as a whisker on its bar.
    var bounds: (ColumnData, ColumnData)?
    if let lo = table.columnIndex(named: "lower"), let hi = table.columnIndex(named: "upper"),
      lo == v + 1, hi == v + 2
    {
      bounds = (table.columns[lo].data, table.columns[hi].data)
    }
    var seen: [String: Int] = [:]
    var bars: [ChartData.Bar] = []
    for i in 0..<table.rowCount {
      let label = Self.cellText(table.value(row: i, column: labelColumn))
      if seen[label] != nil {
        throw Diagnostic(
          "two rows are labelled \"\(label)\": one bar each needs one row each", at: range,
          help:
            "filter to one period and measure first, or choose the labels with `by COLUMN`; `chart line` draws periods"
        )
      }
      seen[label] = i
      let r = table.selection[i]
      let status = numbers.cellStatus(at: r)
      var bar = ChartData.Bar(
        label: label, value: status.isMissing ? nil : numbers.values[r], missing: status.missing,
        highlighted: marked(label, request))
      if let bounds, bar.value != nil, case .number(let l) = bounds.0,
        case .number(let u) = bounds.1,
        !l.cellStatus(at: r).isMissing, !u.cellStatus(at: r).isMissing
      {
        bar.lower = l.values[r]
        bar.upper = u.values[r]
      }
      bars.append(bar)
    }
    if !request.unsorted {
      bars = bars.enumerated().sorted { a, b in
        switch (a.element.value, b.element.value) {
        case (let x?, let y?): return x != y ? x > y : a.offset < b.offset
        case (nil, nil): return a.offset < b.offset
        case (nil, _): return false
        case (_, nil): return true
        }
      }.map(\.element)
    }
    var data = ChartData(
      kind: .bar, title: nil, valueName: table.columns[v].name,
      format: numbers.format.fitted(to: bars.compactMap(\.value)))
    data.bars = bars
    data.notes = Legend.lines(for: table.selectingColumns([v])).map { Note($0) }
    return data
  }

  private func seriesChart(_ table: Table, _ request: ChartRequest, at range: SourceRange)
    throws(Diagnostic) -> ChartData
  {
    let v = try valueColumn(
      request.value, in: table, at: range, verb: "chart \(request.kind.rawValue)")
    let p = try periodColumn(
      request.over, in: table, at: range, verb: "chart \(request.kind.rawValue)")
    guard case .number(let numbers) = table.columns[v].data,
      case .period(let periodData) = table.columns[p].data
    else {
      throw Diagnostic("a line needs numbers over periods", at: range)
    }
    var seriesColumns: [Int] = []
    if let by = request.by {
      seriesColumns = [try column(by, in: table)]
    } else {
      seriesColumns = varyingColumns(table, except: [v, p])
    }
    // Area codes go with area names; name series by the names alone.
    let roles = Roles(table, resolver: resolver)
    if seriesColumns.count > 1, let area = roles.area, seriesColumns.contains(area) {
      seriesColumns.removeAll { $0 != area && roles.areas.contains($0) }
    }
    let groups = GroupIndex(table: table, keys: seriesColumns)
    if request.kind == .line && groups.count > 8 {
      throw Diagnostic(
        "\(groups.count) series are too many for one line chart (8 at most)", at: range,
        help: "`chart spark` draws one small line per series; or filter with `where`")
    }
    // Every period from the first to the last, so that gaps show.
    var used: [Period] = []
    for i in 0..<table.rowCount {
      if let period = periodData.value(at: table.selection[i]) { used.append(period) }
    }
    let span = PeriodSpan(used)
    guard span.kinds.count <= 1, let first = span.first, let last = span.last else {
      throw Diagnostic(
        span.isEmpty
          ? "there are no periods to draw"
          : "the periods mix \(span.kinds.map(\.pluralName).joined(separator: " and "))", at: range)
    }
    let periods = (first.ordinal...last.ordinal).map { Period(kind: first.kind, ordinal: $0) }
    guard periods.count <= 400 else {
      throw Diagnostic("\(periods.count) periods are too many to draw", at: range)
    }

    var series: [ChartData.Series] = []
    let order = RowOrder(table: table, keys: seriesColumns.map { ($0, false) }, roles: roles)
    let rowsByGroup = groups.rowsByGroup()
    let orderedGroups = (0..<groups.count).sorted {
      order.before(
        table.selection[groups.representatives[$0]], table.selection[groups.representatives[$1]])
    }
    for g in orderedGroups {
      var values = [Double?](repeating: nil, count: periods.count)
      var missing = [MissingReason?](repeating: nil, count: periods.count)
      var filled = Set<Int>()
      for i in rowsByGroup[g] {
        let r = table.selection[i]
        guard let period = periodData.value(at: r) else { continue }
        let k = Int(period.ordinal - first.ordinal)
        if filled.contains(k) {
          throw Diagnostic(
            "two rows for \(period) in one series", at: range,
            help: "filter to one measure and area, or choose the series with `by COLUMN`")
        }
        filled.insert(k)
        let status = numbers.cellStatus(at: r)
        values[k] = status.isMissing ? nil : numbers.values[r]
        missing[k] = status.missing
      }
      let name =
        seriesColumns.isEmpty
        ? table.columns[v].name
        : seriesColumns.map {
          Self.cellText(table.value(row: groups.representatives[g], column: $0))
        }.joined(separator: ", ")
      series.append(
        ChartData.Series(
          name: name, values: values, highlighted: marked(name, request),
          missing: missing.contains { $0 != nil } ? missing : []))
    }
    let format = numbers.format.fitted(to: series.flatMap { $0.values.compactMap { $0 } })
    var data = ChartData(
      kind: request.kind == .line ? .line : .spark, title: nil, valueName: table.columns[v].name,
      format: format)
    data.periods = periods
    data.series = series
    if !span.gaps.isEmpty {
      data.notes.append(
        Note(
          "no data for \(span.gaps.prefix(4).map(\.description).joined(separator: ", ")): the line breaks there"
        ))
    }
    return data
  }

  private func funnelChart(_ table: Table, _ request: ChartRequest, at range: SourceRange)
    throws(Diagnostic) -> ChartData
  {
    guard let stage = table.columnIndex(named: "stage"),
      let count = table.columnIndex(named: "count"),
      case .number(let numbers) = table.columns[count].data
    else {
      throw Diagnostic(
        "chart funnel draws what `funnel` gives", at: range,
        help:
          "for example: | funnel \"assessments undertaken\" > \"cases commenced\" > \"cases completed\" | chart funnel"
      )
    }
    var bars: [ChartData.Bar] = []
    var seen = Set<String>()
    for i in 0..<table.rowCount {
      let label = Self.cellText(table.value(row: i, column: stage))
      if seen.contains(label) {
        throw Diagnostic(
          "the funnel has more than one group; draw one at a time", at: range,
          help: "filter to one group with `where` first")
      }
      seen.insert(label)
      let r = table.selection[i]
      let status = numbers.cellStatus(at: r)
      bars.append(
        ChartData.Bar(
          label: label, value: status.isMissing ? nil : numbers.values[r], missing: status.missing))
    }
    var data = ChartData(
      kind: .funnel, title: nil, valueName: "count",
      format: numbers.format.fitted(to: bars.compactMap(\.value)))
    data.bars = bars
    return data
  }
}
