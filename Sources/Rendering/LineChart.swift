import Query
import Tables

/// Series drawn over periods on a grid of characters, with a y axis of readable ticks, an x axis
/// labelled with the periods as written, and a legend. A missing period breaks the line.
struct LineChart {
  let chart: ChartData
  let options: RenderOptions

  private var glyphs: [String] { options.ascii ? ["*", "o", "+", "x", "#", "@", "%", "&"] : ["●", "■", "▲", "◆", "○", "□", "△", "◇"] }
  private var segment: String { options.ascii ? "." : "·" }

  func lines() -> [String] {
    let values = chart.series.flatMap { $0.values.compactMap { $0 } }
    guard let minimum = values.min(), let maximum = values.max() else { return ["  (no values to draw)"] }
    var low = minimum
    var high = maximum
    if low == high {
      low -= max(1, abs(low) * 0.1)
      high += max(1, abs(high) * 0.1)
      if minimum >= 0 { low = max(0, low) }
    }
    // Counts get whole ticks.
    let whole = chart.format.decimals == 0 && values.allSatisfy { $0 == $0.rounded() }
    if whole && high - low < 4 {
      low = low.rounded(.down)
      high = max(high.rounded(.up), low + 4)
    }
    let ticks = Ticks.ticks(low: low, high: high, count: 4)
    low = ticks.first ?? low
    high = ticks.last ?? high
    // About ten rows, as many to each step between ticks so the ticks sit evenly up the axis.
    let intervals = max(1, ticks.count - 1)
    // (Nearest to ten rows; on a tie, the taller.)
    let rowsPerStep = (1...9).max { a, b in
      let (da, db) = (abs(intervals * a - 9), abs(intervals * b - 9))
      return da != db ? da > db : a < b
    } ?? 1
    let height = intervals * rowsPerStep + 1
    var tickFormat = chart.format
    tickFormat.isSigned = false
    let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
    if step < 1 { tickFormat.decimals = max(tickFormat.decimals, step < 0.1 ? 2 : 1) } else if step == step.rounded() { tickFormat.decimals = 0 }
    let tickLabels = ticks.map { tickFormat.string($0) }
    let axisWidth = tickLabels.map(TextLayout.width).max() ?? 1
    let plotWidth = max(10, options.width - 2 - axisWidth - 2)
    let n = chart.periods.count
    func x(_ k: Int) -> Int { n <= 1 ? plotWidth / 2 : Int((Double(k) * Double(plotWidth - 1) / Double(n - 1)).rounded()) }
    func y(_ v: Double) -> Int { Int(((v - low) / (high - low) * Double(height - 1)).rounded()) }

    var grid = [[String]](repeating: [String](repeating: " ", count: plotWidth), count: height)
    var styles = [[Int]](repeating: [Int](repeating: -1, count: plotWidth), count: height)
    for (s, series) in chart.series.enumerated() {
      let glyph = glyphs[s % glyphs.count]
      var previous: (Int, Int)?
      for (k, value) in series.values.enumerated() {
        guard let value else {
          previous = nil
          continue
        }
        let point = (x(k), y(value))
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

    var lines: [String] = []
    let tickRows = Dictionary(ticks.map { (y($0), tickFormat.string($0)) }, uniquingKeysWith: { a, _ in a })
    let vertical = options.ascii ? "|" : "┤"
    let plain = options.ascii ? "|" : "│"
    for row in stride(from: height - 1, through: 0, by: -1) {
      let label = tickRows[row].map { TextLayout.padLeft($0, axisWidth) } ?? String(repeating: " ", count: axisWidth)
      var body = ""
      for c in 0..<plotWidth {
        let ch = grid[row][c]
        let s = styles[row][c]
        body += s >= 0 && options.color ? Style.series[s % Style.series.count].apply(ch, options) : ch
      }
      var line = "  " + label + " " + (tickRows[row] != nil ? vertical : plain) + body
      while line.hasSuffix(" ") { line.removeLast() }
      lines.append(line)
    }
    // The x axis: a tick under each period, labels where they fit.
    var axis = [String](repeating: options.ascii ? "-" : "─", count: plotWidth)
    for k in 0..<n { axis[x(k)] = options.ascii ? "+" : "┬" }
    lines.append("  " + String(repeating: " ", count: axisWidth) + " " + (options.ascii ? "+" : "└") + axis.joined())
    var labelLine = [Character](repeating: " ", count: plotWidth + 12)
    var lastEnd = -2
    let labels = chart.periods.map(\.description)
    let labelWidth = labels.map(\.count).max() ?? 4
    let every = max(1, Int((Double(labelWidth + 2) * Double(max(1, n - 1)) / Double(max(1, plotWidth - labelWidth))).rounded(.up)))
    // Every `every`-th period counted back from the last, so that the latest is always labelled;
    // and the first, so that the span reads from the axis: where it would crowd the label after
    // it, that one gives way (two labels only: the first gives way to the latest).
    var labelled = Array(stride(from: n - 1, through: 0, by: -every).reversed())
    if labelled.first != 0 { labelled.insert(0, at: 0) }
    func span(_ k: Int) -> (Int, Int) {
      let count = labels[k].count
      let start = max(0, min(x(k) - count / 2, plotWidth - count))
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
      for (i, ch) in text.enumerated() where start + i < labelLine.count { labelLine[start + i] = ch }
      lastEnd = end
    }
    var xLabels = "  " + String(repeating: " ", count: axisWidth + 2) + String(labelLine)
    while xLabels.hasSuffix(" ") { xLabels.removeLast() }
    lines.append(xLabels)
    // The legend, when there is more than one series or the series has a name worth saying.
    if chart.series.count > 1 || chart.series.first.map({ $0.name != chart.valueName }) == true {
      // Entries are packed whole: a marker never parts from its name.
      var line = "  "
      var lineWidth = 2
      for (s, series) in chart.series.enumerated() {
        let glyph = glyphs[s % glyphs.count]
        let styled = options.color ? Style.series[s % Style.series.count].apply(glyph, options) : glyph
        let name = TextLayout.fit(TableRenderer.fold(series.name, options), max(8, options.width - 6), ascii: options.ascii)
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
    }
    return lines
  }
}
