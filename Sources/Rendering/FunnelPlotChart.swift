import Query
import Tables

/// A funnel plot on a grid of characters: the denominator across, the rate or percentage up;
/// the benchmark's line, the 95% limits (`·`) and the 99.8% limits (`:`) around it, and a point
/// per area, its shape saying where it lies: `●` within the 95% limits, `▲` above, `▼` below
/// (`o`, `^`, `v` in ASCII). The areas outside are named in the notes beneath.
struct FunnelPlotChart {
  let plot: FunnelPlotData
  let options: RenderOptions
  /// The limits along the axis, worked out once per drawing.
  let limits: [FunnelPlotData.Limits]

  init(plot: FunnelPlotData, options: RenderOptions) {
    self.plot = plot
    self.options = options
    self.limits = plot.limitsAlongAxis()
  }

  private var glyphs:
    (
      within: String, above: String, below: String, highlighted: String, limit95: String,
      limit998: String, benchmark: String
    )
  {
    options.ascii ? ("o", "^", "v", "#", ".", ":", "-") : ("●", "▲", "▼", "◆", "·", ":", "─")
  }

  func lines() -> [String] {
    let g = glyphs
    guard !plot.points.isEmpty, plot.denominatorMax > 0 else { return ["  (no points to draw)"] }
    // The rise of the funnel is shown down to the smallest area's denominator; further left the
    // limits leave the chart.
    let smallest = plot.points.map(\.denominator).min() ?? 0
    let atSmallest = limits.first { $0.denominator >= smallest } ?? limits.last
    var values = plot.points.map(\.value) + [plot.benchmark]
    if let l = atSmallest { values += [l.lower998, l.upper998] }
    var low = values.min() ?? 0
    var high = values.max() ?? 1
    if plot.isProportion {
      low = max(0, low)
      high = min(100, high)
    } else {
      low = max(0, low)
    }
    if high <= low { high = low + 1 }
    let ticks = Ticks.ticks(low: low, high: high, count: 4)
    low = ticks.first ?? low
    high = ticks.last ?? high
    let intervals = max(1, ticks.count - 1)
    let rowsPerStep = max(1, Int((14.0 / Double(intervals)).rounded()))
    let height = intervals * rowsPerStep + 1
    let tickFormat = Ticks.labelFormat(plot.format, ticks: ticks)
    let tickLabels = ticks.map { tickFormat.string($0) }
    let axisWidth = tickLabels.map(TextLayout.width).max() ?? 1
    let plotWidth = max(20, options.width - 2 - axisWidth - 2)
    func column(_ n: Double) -> Int {
      min(plotWidth - 1, max(0, Int((n / plot.denominatorMax * Double(plotWidth - 1)).rounded())))
    }
    func row(_ v: Double) -> Int? {
      let r = Int(((v - low) / (high - low) * Double(height - 1)).rounded())
      return r >= 0 && r < height ? r : nil
    }

    // Layers, lowest first: the benchmark, the limits, the points.
    enum Layer: Int { case empty, benchmark, limit, within, outside, highlighted }
    var grid = [[String]](repeating: [String](repeating: " ", count: plotWidth), count: height)
    var layer = [[Layer]](repeating: [Layer](repeating: .empty, count: plotWidth), count: height)
    func put(_ glyph: String, _ r: Int?, _ c: Int, _ l: Layer) {
      guard let r, l.rawValue >= layer[r][c].rawValue else { return }
      grid[r][c] = glyph
      layer[r][c] = l
    }
    if let r = row(plot.benchmark) { for c in 0..<plotWidth { put(g.benchmark, r, c, .benchmark) } }
    for c in 1..<plotWidth {
      let n = Double(c) / Double(plotWidth - 1) * plot.denominatorMax
      // The sample nearest this column's denominator.
      let k = min(
        limits.count - 1,
        max(0, Int((n / plot.denominatorMax * Double(limits.count)).rounded()) - 1))
      guard limits.indices.contains(k) else { continue }
      let l = limits[k]
      // Left of the smallest area the limits rise steeply and say little: not drawn there.
      guard l.denominator >= smallest * 0.5 else { continue }
      put(g.limit95, row(l.lower95), c, .limit)
      put(g.limit95, row(l.upper95), c, .limit)
      put(g.limit998, row(l.lower998), c, .limit)
      put(g.limit998, row(l.upper998), c, .limit)
    }
    var taken = Set<Int>()
    var hidden = 0
    for p in plot.points {
      if let r = row(p.value), !taken.insert(r * plotWidth + column(p.denominator)).inserted {
        hidden += 1
      }
      let glyph =
        p.highlighted
        ? g.highlighted : p.position == .within ? g.within : p.position.isAbove ? g.above : g.below
      put(
        glyph, row(p.value), column(p.denominator),
        p.highlighted ? .highlighted : p.position == .within ? .within : .outside)
    }

    var lines: [String] = []
    let tickRows = Dictionary(
      ticks.map { (row($0) ?? -1, tickFormat.string($0)) }, uniquingKeysWith: { a, _ in a })
    let vertical = options.ascii ? "|" : "┤"
    let plain = options.ascii ? "|" : "│"
    for r in stride(from: height - 1, through: 0, by: -1) {
      let label =
        tickRows[r].map { TextLayout.padLeft($0, axisWidth) }
        ?? String(repeating: " ", count: axisWidth)
      var body = ""
      for c in 0..<plotWidth {
        let ch = grid[r][c]
        switch layer[r][c] {
        case .limit, .benchmark: body += Style.dim.apply(ch, options)
        case .outside: body += Style.red.apply(ch, options)
        case .highlighted: body += Style.yellow.apply(ch, options)
        default: body += ch
        }
      }
      var line = "  " + label + " " + (tickRows[r] != nil ? vertical : plain) + body
      while line.hasSuffix(" ") { line.removeLast() }
      lines.append(line)
    }
    // The denominator axis: readable ticks from 0, labelled where they fit.
    let xTicks = Ticks.ticks(low: 0, high: plot.denominatorMax, count: 4).filter {
      $0 <= plot.denominatorMax * 1.0001
    }
    var axis = [String](repeating: options.ascii ? "-" : "─", count: plotWidth)
    for t in xTicks { axis[column(t)] = options.ascii ? "+" : "┬" }
    lines.append(
      "  " + String(repeating: " ", count: axisWidth) + " " + (options.ascii ? "+" : "└")
        + axis.joined())
    var labelLine = [Character](repeating: " ", count: plotWidth + 12)
    var lastEnd = -2
    for t in xTicks {
      let text = Array(NumberFormatting.format(t, decimals: 0))
      let start = max(0, min(column(t) - text.count / 2, plotWidth + 12 - text.count))
      guard start > lastEnd + 1 else { continue }
      for (i, ch) in text.enumerated() { labelLine[start + i] = ch }
      lastEnd = start + text.count - 1
    }
    var xLabels = "  " + String(repeating: " ", count: axisWidth + 2) + String(labelLine)
    while xLabels.hasSuffix(" ") { xLabels.removeLast() }
    lines.append(xLabels)
    let across = TableRenderer.fold(plot.denominatorName, options)
    lines.append(
      "  " + String(repeating: " ", count: axisWidth + 2)
        + TextLayout.fit(
          "across: \(across); up: \(TableRenderer.fold(plot.valueName, options))",
          max(10, plotWidth), ascii: options.ascii))
    // The key.
    let highlighted = plot.points.contains { $0.highlighted }
    var key = ["\(g.within) within the 95% limits", "\(g.above) above", "\(g.below) below"]
    if highlighted {
      key.append(
        "\(g.highlighted) " + plot.points.filter(\.highlighted).map(\.label).joined(separator: ", ")
      )
    }
    key += [
      "\(g.benchmark) \(plot.benchmarkLabel) \(plot.format.string(plot.benchmark))",
      "\(g.limit95) 95% limits", "\(g.limit998) 99.8% limits",
    ]
    lines += packed(key.map { TableRenderer.fold($0, options) })
    if hidden > 0 {
      lines += TextLayout.wrap(
        "\(NumberFormatting.count(hidden, "point")) fall on a place another already holds; the list beneath names every area outside the limits",
        options.width, indent: "  ")
    }
    return lines
  }

  /// Key entries packed whole onto lines of the output's width.
  private func packed(_ entries: [String]) -> [String] {
    var out: [String] = []
    var line = "  "
    for entry in entries {
      let piece = TextLayout.fit(entry, max(10, options.width - 4), ascii: options.ascii)
      if line != "  " && TextLayout.width(line) + 3 + TextLayout.width(piece) > options.width {
        out.append(line)
        line = "  "
      }
      line += (line == "  " ? "" : "   ") + piece
    }
    if line != "  " { out.append(line) }
    return out
  }
}
