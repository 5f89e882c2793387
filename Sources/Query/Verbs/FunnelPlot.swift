import Framework
import Tables

extension Evaluator {
  /// `funnelplot [pooled] [width N] [title "..."] [ascii] [highlight "AREA", ...]`: each area's
  /// rate or percentage against its denominator, with 95% and 99.8% control limits around the
  /// benchmark (Scotland, or the areas pooled), and the areas outside them named.
  func funnelPlot(_ frame: Frame, _ request: FunnelPlotRequest, at range: SourceRange)
    throws(Diagnostic) -> Frame
  {
    let table = frame.table
    let makeRate =
      "make the rate first, as in `rate \"CPOs completed\" / \"CPOs ended\" by area | funnelplot` or `rate per 10000 population | funnelplot`"
    guard let basis = frame.rateBasis, let n = table.columnIndex(named: basis.numerator),
      let d = table.columnIndex(named: basis.denominator),
      let rateColumn = table.columnIndex(named: basis.rate)
    else {
      throw Diagnostic(
        "a funnel plot needs the count and the denominator behind each rate, and this table has no rate made by `rate`",
        at: range, help: makeRate)
    }
    if let width = request.width, width < 40 || width > 400 {
      throw Diagnostic("a funnel plot is between 40 and 400 characters wide", at: range)
    }
    let roles = Roles(table, resolver: resolver)
    guard let areaColumn = roles.area ?? roles.areas.first else {
      throw Diagnostic("a funnel plot compares areas, and this table has no area column", at: range)
    }
    if let p = roles.period, varies(table, p) {
      throw Diagnostic(
        "a funnel plot compares areas in one period, and this table has \(GroupIndex(table: table, keys: [p]).count) (\(table.columns[p].name))",
        at: range,
        help:
          "filter to one with `where \(table.columns[p].name) = ...`, or pool the years first: rolling"
      )
    }
    let isProportion = basis.isProportion
    let scale = basis.per ?? 100
    var benchmarkArea: CouncilArea?
    var benchmarkGroup: ComparatorGroup?
    if let against = request.against, resolver.resolve(against.text) == nil,
      let group = workspace.group(named: against.text)
    {
      benchmarkGroup = group
    } else if let against = request.against {
      guard let area = resolver.resolve(against.text) else {
        throw Diagnostic(
          "\"\(against.text)\" is not a council area or Scotland", at: against.range,
          label: resolver.suggestions(for: against.text).first.map { "did you mean \"\($0)\"?" })
      }
      benchmarkArea = area
    } else if !request.pooled {
      benchmarkArea = .scotland
    }

    struct Row {
      var label: String
      var area: CouncilArea?
      var count: Double
      var denominator: Double
    }
    var rows: [Row] = []
    var benchmarkRow: Row?
    var absent: [String] = []
    var seen = Set<String>()
    for i in 0..<table.rowCount {
      let label = Self.cellText(table.value(row: i, column: areaColumn))
      guard seen.insert(label.lowercased()).inserted else {
        throw Diagnostic(
          "two rows for \(label): a funnel plot has one point per area", at: range,
          help: "filter to one measure and period first, or make the rate `by area`")
      }
      let area = resolver.resolve(label)
      guard case .number(let o, _) = table.value(row: i, column: n),
        case .number(let m, _) = table.value(row: i, column: d), m > 0
      else {
        let why =
          table.value(row: i, column: rateColumn).missingReason ?? table.value(row: i, column: n)
          .missingReason ?? table.value(row: i, column: d).missingReason
        absent.append(
          "\(label) (\(why.map { $0.symbol.isEmpty ? "empty" : $0.symbol } ?? "a zero denominator"))"
        )
        continue
      }
      guard o >= 0, o == o.rounded(), !isProportion || (m == m.rounded() && o <= m) else {
        throw Diagnostic(
          "a funnel plot needs whole counts\(isProportion ? " of their denominator" : ""): \(label) has \(NumberFormatting.plain(o)) of \(NumberFormatting.plain(m))",
          at: range,
          help:
            "control limits are for counts: a percentage of orders, a rate of cases per population")
      }
      let row = Row(label: area?.name ?? label, area: area, count: o, denominator: m)
      if let benchmarkArea, area == benchmarkArea {
        benchmarkRow = row
      } else if area?.isScotland != true {
        rows.append(row)
      }
    }
    guard rows.count <= 1_000 else {
      throw Diagnostic(
        "a funnel plot of \(NumberFormatting.format(Double(rows.count), decimals: 0)) areas is more than it can draw or name (1,000 at most)",
        at: range,
        help: "filter to the areas to compare first, with where")
    }
    guard rows.count >= 2 else {
      throw Diagnostic(
        "a funnel plot needs at least two areas with figures, and this table has \(rows.count)",
        at: range)
    }
    if let benchmarkArea, benchmarkRow == nil {
      throw Diagnostic(
        "\(benchmarkArea.name) is not in this table, so there is no benchmark",
        at: request.against?.range ?? range,
        label: benchmarkArea.isScotland
          ? "keep Scotland's rows, or say `pooled` to use the areas shown together" : nil,
        help: "`funnelplot pooled` sets the limits around the areas' pooled figure")
    }
    // A group's benchmark is its members' counts pooled; they stay on the plot.
    let pooledRows =
      benchmarkGroup.map { g in rows.filter { $0.area.map(g.contains) ?? false } } ?? rows
    if let g = benchmarkGroup, pooledRows.count < g.members.count {
      let absent = g.members.filter { m in !pooledRows.contains { $0.area == m } }.map(\.name)
      throw Diagnostic(
        "the \(g.name) group's benchmark needs every member's figure, and \(absent.joined(separator: ", ")) \(absent.count == 1 ? "has" : "have") none here",
        at: request.against?.range ?? range)
    }
    let benchmarkCount = benchmarkRow?.count ?? pooledRows.reduce(0) { $0 + $1.count }
    let benchmarkDenominator =
      benchmarkRow?.denominator ?? pooledRows.reduce(0) { $0 + $1.denominator }
    let theta = benchmarkCount / benchmarkDenominator
    guard theta > 0, !isProportion || theta < 1 else {
      throw Diagnostic(
        "the benchmark is \(isProportion ? (theta <= 0 ? "0%" : "100%") : "a rate of 0"), so every limit is the benchmark itself: there is no funnel to draw",
        at: range)
    }
    let benchmarkLabel =
      benchmarkRow?.label ?? benchmarkGroup.map { "\($0.name) pooled" }
      ?? "the \(rows.count) areas pooled"

    // Exact limits cost more as the counts grow: bounded, and said when passed.
    let largest = rows.map(\.denominator).max() ?? 1
    let axisEnd = Self.niceCeiling(largest * 1.05)
    if !isProportion && theta * axisEnd > FunnelLimits.largestPoissonMean {
      throw Diagnostic(
        "a funnel plot of counts this large (about \(NumberFormatting.format(theta * axisEnd, decimals: 0)) expected at the largest denominator) is beyond cjnb's exact Poisson limits, which go to 10,000,000",
        at: range,
        help:
          "at such counts the limits hug the benchmark: compare with scotland on the rates and their intervals instead"
      )
    }
    if isProportion && axisEnd > FunnelLimits.largestTrials {
      throw Diagnostic(
        "a funnel plot of percentages of more than 1,000,000,000 is beyond cjnb's exact binomial limits",
        at: range)
    }
    func limits(at m: Double) -> FunnelPlotData.Limits {
      FunnelPlotData.limits(at: m, benchmark: theta, scale: scale, isProportion: isProportion)
    }
    let format: NumberFormat = isProportion ? .percent : .oneDecimal
    var points: [FunnelPlotData.Point] = []
    var own: [FunnelPlotData.Limits] = []
    for row in rows {
      if Interruption.isRequested { throw Diagnostic.interrupted }
      let l = limits(at: row.denominator)
      let value = scale * row.count / row.denominator
      let position: FunnelPlotData.Position =
        value > l.upper998
        ? .above998
        : value > l.upper95
          ? .above95 : value < l.lower998 ? .below998 : value < l.lower95 ? .below95 : .within
      let highlighted = request.highlight.contains { h in
        if let a = row.area, let g = workspace.group(named: h.text), resolver.resolve(h.text) == nil
        {
          return g.contains(a)
        }
        if let a = row.area, let b = resolver.resolve(h.text) { return a == b }
        return h.text.lowercased() == row.label.lowercased()
      }
      points.append(
        FunnelPlotData.Point(
          label: row.label, numerator: row.count, denominator: row.denominator, value: value,
          position: position, highlighted: highlighted))
      own.append(l)
    }
    // The table of points and their limits, in the order of the rows.
    let denominatorFormat: NumberFormat = {
      if case .number(let c) = table.columns[d].data { return c.format }
      return .integer
    }()
    let countFormat: NumberFormat = {
      if case .number(let c) = table.columns[n].data { return c.format }
      return .integer
    }()
    var columns = [
      Column(
        name: table.columns[areaColumn].name, data: ColumnData.build(points.map { .text($0.label) })
      )
    ]
    columns.append(
      Column(
        name: table.columns[n].name,
        data: ColumnData.build(points.map { .number($0.numerator) }, format: countFormat)))
    columns.append(
      Column(
        name: table.columns[d].name,
        data: ColumnData.build(points.map { .number($0.denominator) }, format: denominatorFormat)))
    columns.append(
      Column(
        name: basis.rate, data: ColumnData.build(points.map { .number($0.value) }, format: format)))
    for (name, path) in [
      ("95% lower", \FunnelPlotData.Limits.lower95), ("95% upper", \.upper95),
      ("99.8% lower", \.lower998), ("99.8% upper", \.upper998),
    ] {
      columns.append(
        Column(
          name: name, data: ColumnData.build(own.map { .number($0[keyPath: path]) }, format: format)
        ))
    }
    columns.append(
      Column(name: "position", data: ColumnData.build(points.map { .text($0.position.rawValue) })))
    var out = Table(columns: columns, provenance: table.provenance)
    out.preferredValue = basis.rate
    var result = Frame(table: out, origin: frame.origin)
    // Its table still holds the counts behind each rate.
    result.rateBasis = basis
    let title = request.title ?? frame.title ?? contextTitle(table, excluding: [])
    result.title = title
    result.context = frame.context

    // What the limits are, and the areas outside them, named.
    let benchmarkText = format.string(scale * theta)
    let of =
      isProportion
      ? "\(NumberFormatting.format(benchmarkCount, decimals: 0)) of \(NumberFormatting.format(benchmarkDenominator, decimals: 0))"
      : "\(NumberFormatting.format(benchmarkCount, decimals: 0)) / \(NumberFormatting.format(benchmarkDenominator, decimals: 0)) × \(NumberFormatting.format(scale, decimals: 0))"
    // The rate's own notes still hold (the population used), but not those of its interval.
    var notes = frame.notes.filter { note in
      note.columns.isEmpty || !note.columns.allSatisfy { ["lower", "upper"].contains($0) }
    }
    notes.append(Note("benchmark: \(benchmarkLabel), \(benchmarkText) (\(of))"))
    notes.append(
      Note(
        "limits: 95% and 99.8% around the benchmark, exact \(isProportion ? "binomial" : "Poisson") quantiles interpolated as in Spiegelhalter (2005); a point outside the 99.8% limits is unlikely to be chance alone (docs/methods.md)"
      ))
    for position in FunnelPlotData.Position.allCases where position.isOutside {
      let named = points.filter { $0.position == position }
      guard !named.isEmpty else { continue }
      let sorted = named.sorted { position.isAbove ? $0.value > $1.value : $0.value < $1.value }
      notes.append(
        Note(
          "\(position.rawValue): "
            + sorted.map { "\($0.label) (\(format.string($0.value)))" }.joined(separator: ", "),
          scope: .rows))
    }
    let inside = points.filter { $0.position == .within }.count
    notes.append(
      Note(
        inside == points.count
          ? "every area is within the 95% limits: the differences between them are within what chance gives"
          : "within the 95% limits: \(NumberFormatting.count(inside, "area")) of \(points.count)",
        scope: .rows))
    if !absent.isEmpty {
      notes.append(
        Note("not drawn, having no figure: " + absent.joined(separator: ", "), scope: .rows))
    }
    result.notes = notes

    var data = ChartData(kind: .funnelPlot, title: title, valueName: basis.rate, format: format)
    data.funnelPlot = FunnelPlotData(
      title: title, valueName: basis.rate, denominatorName: table.columns[d].name, format: format,
      benchmarkPerUnit: theta, scale: scale, benchmarkLabel: benchmarkLabel,
      isProportion: isProportion, per: basis.per, points: points,
      denominatorMax: axisEnd)
    data.notes = notes
    data.width = request.width
    data.ascii = request.ascii
    data.source = Self.sourceLine(table.provenance)
    result.display = .chart(data)
    if let path = request.path { try writeChart(data, to: path, replace: request.replace) }
    return result
  }

  /// 1, 2, 2.5 or 5 times a power of ten, at or above x.
  static func niceCeiling(_ x: Double) -> Double {
    guard x > 0, x.isFinite else { return 1 }
    var magnitude = 1.0
    while magnitude * 10 <= x { magnitude *= 10 }
    while magnitude > x { magnitude /= 10 }
    for m in [1.0, 2.0, 2.5, 5.0, 10.0] where m * magnitude >= x { return m * magnitude }
    return 10 * magnitude
  }
}
