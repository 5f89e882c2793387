import Query
import Tables

/// Series drawn over periods on a grid of characters, with a y axis of readable ticks, an x axis
/// labelled with the periods as written, and a legend. A missing period breaks the line.
struct LineChart {
  let chart: ChartData
  let options: RenderOptions

  private var glyphs: [String] {
    options.ascii
      ? ["*", "o", "+", "x", "#", "@", "%", "&"] : ["●", "■", "▲", "◆", "○", "□", "△", "◇"]
  }
  private var segment: String { options.ascii ? "." : "·" }

  /// The lines of the chart, top to bottom: the plot with its y axis, the x axis, the period
  /// labels and the legend.
  func lines() -> [String] {
    let values = chart.series.flatMap { $0.values.compactMap { $0 } }
    guard let minimum = values.min(), let maximum = values.max() else {
      return ["  (no values to draw)"]
    }
    let scale = Scale(values, minimum: minimum, maximum: maximum, format: chart.format)
    let axisWidth = scale.ticks.map { TextLayout.width(scale.tickFormat.string($0)) }.max() ?? 1
    let across = Across(
      periods: chart.periods.count, plotWidth: max(10, options.width - 2 - axisWidth - 2))
    let (grid, styles) = plot(scale, across)
    var lines = plotRows(grid, styles, scale, axisWidth: axisWidth)
    lines.append(xAxis(across, axisWidth: axisWidth))
    lines.append(periodLabels(across, axisWidth: axisWidth))
    lines += legend()
    return lines
  }

  /// The y axis: the range drawn, its readable ticks, and how many rows it has.
  struct Scale {
    var low: Double
    var high: Double
    var ticks: [Double]
    var height: Int
    var tickFormat: NumberFormat

    init(_ values: [Double], minimum: Double, maximum: Double, format: NumberFormat) {
      var low = minimum
      var high = maximum
      if low == high {
        low -= max(1, abs(low) * 0.1)
        high += max(1, abs(high) * 0.1)
        if minimum >= 0 { low = max(0, low) }
      }
      // Counts get whole ticks.
      let whole = format.decimals == 0 && values.allSatisfy { $0 == $0.rounded() }
      if whole && high - low < 4 {
        low = low.rounded(.down)
        high = max(high.rounded(.up), low + 4)
      }
      let ticks = Ticks.ticks(low: low, high: high, count: 4)
      self.low = ticks.first ?? low
      self.high = ticks.last ?? high
      self.ticks = ticks
      // About ten rows, as many to each step between ticks so the ticks sit evenly up the axis.
      let intervals = max(1, ticks.count - 1)
      // (Nearest to ten rows; on a tie, the taller.)
      let rowsPerStep =
        (1...9).max { a, b in
          let (da, db) = (abs(intervals * a - 9), abs(intervals * b - 9))
          return da != db ? da > db : a < b
        } ?? 1
      height = intervals * rowsPerStep + 1
      self.tickFormat = Ticks.labelFormat(format, ticks: ticks)
    }

    /// The row (0 at the bottom) of the value `v`.
    func row(_ v: Double) -> Int { Int(((v - low) / (high - low) * Double(height - 1)).rounded()) }
  }

  /// The x axis: a column for each period, spread across the plot.
  struct Across {
    let periods: Int
    let plotWidth: Int

    /// The column of the `k`th period.
    func column(_ k: Int) -> Int {
      periods <= 1
        ? plotWidth / 2 : Int((Double(k) * Double(plotWidth - 1) / Double(periods - 1)).rounded())
    }
  }

  /// The grid of characters: each series' markers joined by segments, and which series drew
  /// each cell (-1 for none).
  private func plot(_ scale: Scale, _ across: Across) -> (grid: [[String]], styles: [[Int]]) {
    let plotWidth = across.plotWidth
    var grid = [[String]](
      repeating: [String](repeating: " ", count: plotWidth), count: scale.height)
    var styles = [[Int]](repeating: [Int](repeating: -1, count: plotWidth), count: scale.height)
    for (s, series) in chart.series.enumerated() {
      let glyph = glyphs[s % glyphs.count]
      var previous: (Int, Int)?
      for (k, value) in series.values.enumerated() {
        guard let value else {
          previous = nil
          continue
        }
        let point = (across.column(k), scale.row(value))
        if let p = previous {
          // Bresenham between the two points, leaving the ends for the markers.
          let steps = max(abs(point.0 - p.0), abs(point.1 - p.1))
          if steps > 1 {
            for t in 1..<steps {
              let cx = p.0 + Int((Double(point.0 - p.0) * Double(t) / Double(steps)).rounded())
              let cy = p.1 + Int((Double(point.1 - p.1) * Double(t) / Double(steps)).rounded())
              if grid[cy][cx] == " " {
                grid[cy][cx] = segment
                styles[cy][cx] = s
              }
            }
          }
        }
        grid[point.1][point.0] = glyph
        styles[point.1][point.0] = s
        previous = point
      }
    }
    return (grid, styles)
  }

  /// The plot's rows, top first, each after its tick label (or none) and the y axis.
  private func plotRows(_ grid: [[String]], _ styles: [[Int]], _ scale: Scale, axisWidth: Int)
    -> [String]
  {
    var lines: [String] = []
    let tickRows = Dictionary(
      scale.ticks.map { (scale.row($0), scale.tickFormat.string($0)) },
      uniquingKeysWith: { a, _ in a })
    let vertical = options.ascii ? "|" : "┤"
    let plain = options.ascii ? "|" : "│"
    for row in stride(from: scale.height - 1, through: 0, by: -1) {
      let label =
        tickRows[row].map { TextLayout.padLeft($0, axisWidth) }
        ?? String(repeating: " ", count: axisWidth)
      var body = ""
      for c in 0..<grid[row].count {
        let ch = grid[row][c]
        let s = styles[row][c]
        body +=
          s >= 0 && options.color ? Style.series[s % Style.series.count].apply(ch, options) : ch
      }
      var line = "  " + label + " " + (tickRows[row] != nil ? vertical : plain) + body
      while line.hasSuffix(" ") { line.removeLast() }
      lines.append(line)
    }
    return lines
  }

  /// The x axis: a tick under each period.
  private func xAxis(_ across: Across, axisWidth: Int) -> String {
    var axis = [String](repeating: options.ascii ? "-" : "─", count: across.plotWidth)
    for k in 0..<across.periods { axis[across.column(k)] = options.ascii ? "+" : "┬" }
    return "  " + String(repeating: " ", count: axisWidth) + " " + (options.ascii ? "+" : "└")
      + axis.joined()
  }

  /// The periods as written under the axis, where they fit.
  private func periodLabels(_ across: Across, axisWidth: Int) -> String {
    let n = across.periods
    let plotWidth = across.plotWidth
    var labelLine = [Character](repeating: " ", count: plotWidth + 12)
    var lastEnd = -2
    let labels = chart.periods.map(\.description)
    let labelWidth = labels.map(\.count).max() ?? 4
    let every = max(
      1,
      Int(
        (Double(labelWidth + 2) * Double(max(1, n - 1)) / Double(max(1, plotWidth - labelWidth)))
          .rounded(.up)))
    // Every `every`-th period counted back from the last, so that the latest is always labelled;
    // and the first, so that the span reads from the axis: where it would crowd the label after
    // it, that one gives way (two labels only: the first gives way to the latest).
    var labelled = Array(stride(from: n - 1, through: 0, by: -every).reversed())
    if labelled.first != 0 { labelled.insert(0, at: 0) }
    func span(_ k: Int) -> (Int, Int) {
      let count = labels[k].count
      let start = max(0, min(across.column(k) - count / 2, plotWidth - count))
      return (start, start + count - 1)
    }
    if labelled.count > 1 && span(labelled[0]).1 + 1 >= span(labelled[1]).0 {
      labelled.remove(at: labelled.count > 2 ? 1 : 0)
    }
    // The latest keeps its place: a label that would run into it gives way.
    let latestStart = labelled.last.map { span($0).0 } ?? plotWidth
    for k in labelled {
      let text = Array(labels[k])
      let (start, end) = span(k)
      guard start > lastEnd + 1, k == labelled.last || end + 1 < latestStart else { continue }
      for (i, ch) in text.enumerated() where start + i < labelLine.count {
        labelLine[start + i] = ch
      }
      lastEnd = end
    }
    var xLabels = "  " + String(repeating: " ", count: axisWidth + 2) + String(labelLine)
    while xLabels.hasSuffix(" ") { xLabels.removeLast() }
    return xLabels
  }

  /// The legend, when there is more than one series or the series has a name worth saying;
  /// entries are packed whole, so that a marker never parts from its name.
  private func legend() -> [String] {
    guard chart.series.count > 1 || chart.series.first.map({ $0.name != chart.valueName }) == true
    else { return [] }
    var lines: [String] = []
    var line = "  "
    var lineWidth = 2
    for (s, series) in chart.series.enumerated() {
      let glyph = glyphs[s % glyphs.count]
      let styled =
        options.color ? Style.series[s % Style.series.count].apply(glyph, options) : glyph
      let name = TextLayout.fit(
        TableRenderer.fold(series.name, options), max(8, options.width - 6), ascii: options.ascii)
      let width = TextLayout.width(glyph) + 1 + TextLayout.width(name)
      if lineWidth > 2 && lineWidth + 3 + width > options.width {
        lines.append(line)
        line = "  "
        lineWidth = 2
      }
      if lineWidth > 2 {
        line += "   "
        lineWidth += 3
      }
      line += styled + " " + name
      lineWidth += width
    }
    lines.append(line)
    return lines
  }
}
