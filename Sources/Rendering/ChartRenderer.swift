import Query
import Tables

/// Draws charts in the terminal: horizontal bars, lines over periods, a sparkline per series,
/// and funnels. Unicode block and box characters by default; with `ascii`, only 7-bit ASCII.
public enum ChartRenderer {
  public static func render(_ chart: ChartData, options base: RenderOptions) -> String {
    var options = base
    if chart.ascii { options.ascii = true }
    if let width = chart.width { options.width = width }
    var lines: [String] = []
    if let title = chart.title { lines.append(Style.bold.apply(TableRenderer.fold(title, options), options)) }
    switch chart.kind {
    case .bar: lines += BarChart(chart: chart, options: options).lines()
    case .funnel: lines += BarChart(chart: chart, options: options).funnelLines()
    case .line: lines += LineChart(chart: chart, options: options).lines()
    case .spark: lines += SparkChart(chart: chart, options: options).lines()
    case .funnelPlot: lines += chart.funnelPlot.map { FunnelPlotChart(plot: $0, options: options).lines() } ?? []
    }
    var notes = chart.notes.map { options.ascii ? ($0.ascii ?? $0.text) : $0.text }
    if chart.barsHaveIntervals {
      notes.append((options.ascii ? "[--]" : "├─┤") + " on each bar: lower to upper, the confidence interval")
    }
    for note in notes {
      for line in TextLayout.wrap(TableRenderer.fold(note, options), options.width, indent: "  ") {
        lines.append(Style.dim.apply(line, options))
      }
    }
    return lines.joined(separator: "\n")
  }

  /// Labels as shown: shortened to fit, in ASCII when asked.
  static func label(_ s: String, _ width: Int, _ options: RenderOptions) -> String {
    TextLayout.padRight(TextLayout.fit(TableRenderer.fold(s, options), width, ascii: options.ascii), width)
  }

  static func number(_ v: Double?, _ missing: MissingReason?, _ format: NumberFormat) -> String {
    guard let v else { return missing.map { $0 == .empty ? "(empty)" : $0.symbol } ?? "[x]" }
    return format.string(v)
  }
}

/// Horizontal bars from a zero line: negative values to its left, positive to its right.
struct BarChart {
  let chart: ChartData
  let options: RenderOptions

  private var fullBlock: String { options.ascii ? "#" : "█" }
  private static let eighths = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"]

  /// A bar `length` cells long (fractions in eighths on Unicode), growing right or left.
  private func bar(_ length: Double, leftward: Bool) -> String {
    let whole = Int(length)
    let fraction = options.ascii || leftward ? 0 : Int(((length - Double(whole)) * 8).rounded())
    var s = String(repeating: fullBlock, count: whole)
    if fraction == 8 { s += fullBlock } else if fraction > 0 { s += Self.eighths[fraction] }
    if options.ascii && length - Double(whole) >= 0.5 { s += fullBlock }
    if s.isEmpty && length > 0 { s = options.ascii ? "|" : "▏" }
    return s
  }

  private var marker: String { options.ascii ? "<" : "◆" }

  func lines() -> [String] {
    let limit = chart.showAll ? Int.max : 40
    let bars = chart.bars.count > limit ? Array(chart.bars.prefix(30)) : chart.bars
    var out = layout(bars, funnel: false)
    if bars.count < chart.bars.count {
      out.append(Style.dim.apply("  " + (options.ascii ? "..." : "…") + " \(chart.bars.count - bars.count) more (`chart bar all` to see them)", options))
    }
    return out
  }

  func funnelLines() -> [String] { layout(chart.bars, funnel: true) }

  /// The bar with its interval drawn over it: `├` where the lower limit falls inside the bar,
  /// `─` on to the upper limit, `┤` at it (`[`, `-`, `]` in ASCII). A limit within the bar's last
  /// cell is not drawn apart from it; the figures beside the bar give it.
  private func whisker(_ drawn: String, lower: Double, upper: Double, width: Int) -> String {
    var cells = drawn.map { String($0) }
    let end = cells.count
    let lowCell = min(max(0, Int(lower)), width - 1)
    let highCell = min(max(0, Int(upper)), width - 1)
    if highCell >= end {
      while cells.count < highCell { cells.append(options.ascii ? "-" : "─") }
      cells.append(options.ascii ? "]" : "┤")
    }
    if lowCell < end - 1 { cells[lowCell] = options.ascii ? "[" : "├" }
    return cells.joined()
  }

  private func layout(_ bars: [ChartData.Bar], funnel: Bool) -> [String] {
    let values = bars.compactMap(\.value)
    let texts = bars.map { ChartRenderer.number($0.value, $0.missing, chart.format) }
    var shares: [String] = []
    if funnel {
      // Each stage against the one directly before it; none across a missing stage.
      var previous: Double?
      for b in bars {
        if let p = previous, let v = b.value, p > 0 {
          shares.append(NumberFormatting.format(100 * v / p, decimals: 0) + "%")
        } else {
          shares.append("")
        }
        previous = b.value
      }
    }
    // A confidence interval, where a bar has one: its limits in figures beside the value.
    let intervals = bars.map { b -> String in
      guard let l = b.lower, let u = b.upper else { return "" }
      return chart.format.string(l) + (options.ascii ? "-" : "–") + chart.format.string(u)
    }
    if intervals.contains(where: { !$0.isEmpty }) { shares = intervals }
    let valueWidth = texts.map(TextLayout.width).max() ?? 1
    var shareWidth = shares.map(TextLayout.width).max() ?? 0
    let markerWidth = bars.contains { $0.highlighted } ? 2 : 0
    let longest = bars.map { TextLayout.width($0.label) }.max() ?? 1
    let labelWidth = min(longest, max(8, options.width / 3))
    var fixed = 2 + labelWidth + 2 + 2 + valueWidth + markerWidth + (shareWidth > 0 ? 2 + shareWidth : 0)
    // Too narrow for the limits in figures beside the whiskers: the whiskers alone.
    if !funnel && shareWidth > 0 && options.width - fixed < 12 {
      fixed -= 2 + shareWidth
      shareWidth = 0
      shares = []
    }
    let area = max(4, options.width - fixed)

    let low = min(0, values.min() ?? 0, bars.compactMap(\.lower).min() ?? 0)
    let high = max(0, values.max() ?? 0, bars.compactMap(\.upper).max() ?? 0)
    let span = high - low
    let leftWidth = span > 0 ? Int((Double(area) * -low / span).rounded()) : 0
    let rightWidth = area - leftWidth - (low < 0 ? 1 : 0)
    let scale = span > 0 ? Double(low < 0 ? area - 1 : area) / span : 0
    let axis = options.ascii ? "|" : "│"

    var lines: [String] = []
    for (k, b) in bars.enumerated() {
      var left = ""
      var right = ""
      if let v = b.value {
        let length = abs(v) * scale
        if v < 0 { left = bar(length, leftward: true) } else { right = bar(length, leftward: false) }
      }
      if low >= 0, let l = b.lower, let u = b.upper, b.value != nil { right = whisker(right, lower: l * scale, upper: u * scale, width: area) }
      var body = ""
      if low < 0 {
        body = TextLayout.padLeft(left, leftWidth) + axis + TextLayout.padRight(right, rightWidth)
      } else {
        body = TextLayout.padRight(right, area)
      }
      var style: Style? = nil
      if options.color { style = b.highlighted ? .yellow : .blue }
      if let style { body = style.apply(body, options) }
      var line = "  " + ChartRenderer.label(b.label, labelWidth, options) + "  " + body + "  " + TextLayout.padLeft(texts[k], valueWidth)
      if shareWidth > 0 { line += "  " + (funnel ? TextLayout.padLeft(shares[k], shareWidth) : TextLayout.padRight(shares[k], shareWidth)) }
      if b.highlighted { line += " " + marker }
      while line.hasSuffix(" ") { line.removeLast() }
      lines.append(b.highlighted ? Style.bold.apply(line, options) : line)
    }
    if funnel && shareWidth > 0 {
      lines += TextLayout.wrap("% is each stage's share of the stage before", options.width, indent: "  ").map { Style.dim.apply($0, options) }
    }
    return lines
  }
}

/// Readable tick steps: 1, 2 or 5 times a power of ten.
enum Ticks {
  static func step(for span: Double, count: Int) -> Double {
    guard span > 0, span.isFinite else { return 1 }
    let raw = span / Double(max(1, count))
    var magnitude = 1.0
    while magnitude * 10 <= raw { magnitude *= 10 }
    while magnitude > raw { magnitude /= 10 }
    for m in [1.0, 2.0, 5.0, 10.0] where m * magnitude >= raw { return m * magnitude }
    return 10 * magnitude
  }

  /// Ticks covering `low...high`, on multiples of the step.
  static func ticks(low: Double, high: Double, count: Int = 5) -> [Double] {
    let step = step(for: high - low, count: count)
    let first = (low / step).rounded(.down) * step
    let last = (high / step).rounded(.up) * step
    var ticks: [Double] = []
    var t = first
    while t <= last + step / 2 {
      ticks.append(abs(t) < step / 1e6 ? 0 : t)
      t += step
    }
    return ticks.count >= 2 ? ticks : [first, first + step]
  }
}

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

/// One row per series: its sparkline, first and latest values and the change, so that 32 areas
/// fit on one screen.
struct SparkChart {
  let chart: ChartData
  let options: RenderOptions

  private var levels: [String] { options.ascii ? ["_", ".", "-", "~", "=", "+", "*", "#"] : ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] }

  func lines() -> [String] {
    let n = chart.periods.count
    guard let firstPeriod = chart.periods.first, let lastPeriod = chart.periods.last else { return ["  (no periods)"] }
    var changeFormat = chart.format
    changeFormat.isSigned = true
    struct Row {
      var name: String
      var spark: String
      var cells: [String]
      var highlighted: Bool
    }
    var rows: [Row] = chart.series.map { s in
      let present = s.values.compactMap { $0 }
      let low = present.min() ?? 0
      let high = present.max() ?? 0
      let spark = s.values.map { v -> String in
        guard let v else { return " " }
        let level = high > low ? Int(((v - low) / (high - low) * Double(levels.count - 1)).rounded()) : levels.count / 2
        return levels[level]
      }.joined()
      // The values at the ends of the span the columns are headed with: a missing (or
      // suppressed) end is left blank, never replaced by a later year's figure.
      let first = s.values.first ?? nil
      let latest = s.values.last ?? nil
      let change = (first != nil && latest != nil) ? changeFormat.string((latest ?? 0) - (first ?? 0)) : ""
      return Row(name: s.name, spark: spark, cells: [first.map { chart.format.string($0) } ?? "", latest.map { chart.format.string($0) } ?? "", change], highlighted: s.highlighted)
    }
    var headers = ["first", "latest", "change"]
    var widths = headers.indices.map { c in max(TextLayout.width(headers[c]), rows.map { TextLayout.width($0.cells[c]) }.max() ?? 0) }
    // The periods above the line: both ends when they fit over it, else the first.
    let both = firstPeriod.description + " " + lastPeriod.description
    let sparkWidth = max(n, TextLayout.width(firstPeriod.description))
    let wideSpark = max(sparkWidth, TextLayout.width(both))
    let longest = rows.map { TextLayout.width($0.name) }.max() ?? 6
    let markerWidth = rows.contains { $0.highlighted } ? 2 : 0
    func fixed(_ spark: Int) -> Int { 2 + 2 + spark + widths.reduce(0) { $0 + 2 + $1 } + markerWidth }
    var spark = n > 1 && fixed(wideSpark) + min(longest, 12) <= options.width ? wideSpark : sparkWidth
    // Narrow output: leave out the first value, then the change, before squeezing the names.
    while fixed(spark) + 6 > options.width && headers.count > 1 {
      let drop = headers.count == 3 ? 0 : 1
      headers.remove(at: drop)
      widths.remove(at: drop)
      for k in rows.indices { rows[k].cells.remove(at: drop) }
    }
    if fixed(spark) + 6 > options.width { spark = sparkWidth }
    let labelWidth = max(6, min(longest, options.width - fixed(spark)))
    let periodsHeader: String
    if n > 1 && spark >= TextLayout.width(both) {
      periodsHeader = firstPeriod.description + String(repeating: " ", count: spark - TextLayout.width(both) + 1) + lastPeriod.description
    } else {
      periodsHeader = TextLayout.padRight(TextLayout.fit(firstPeriod.description, spark, ascii: options.ascii), spark)
    }
    var header = "  " + TextLayout.padRight("", labelWidth) + "  " + TextLayout.padRight(periodsHeader, spark)
    for (c, h) in headers.enumerated() { header += "  " + TextLayout.padLeft(h, widths[c]) }
    var lines = [Style.bold.apply(header, options)]
    for row in rows {
      let padded = TextLayout.padRight(row.spark, spark)
      let drawn = options.color ? (row.highlighted ? Style.yellow : Style.blue).apply(padded, options) : padded
      var line = "  " + ChartRenderer.label(row.name, labelWidth, options) + "  " + drawn
      for (c, cell) in row.cells.enumerated() { line += "  " + TextLayout.padLeft(cell, widths[c]) }
      if row.highlighted { line += " " + (options.ascii ? "<" : "◆") }
      while line.hasSuffix(" ") { line.removeLast() }
      lines.append(row.highlighted ? Style.bold.apply(line, options) : line)
    }
    if n > 1 && spark < TextLayout.width(both) {
      lines += TextLayout.wrap("periods \(firstPeriod) to \(lastPeriod)", options.width, indent: "  ").map { Style.dim.apply($0, options) }
    }
    let gaps = chart.series.contains { $0.values.contains { $0 == nil } }
    let note = "each line is scaled to its own lowest and highest value" + (gaps ? "; a blank is a missing period" : "")
    lines += TextLayout.wrap(note, options.width, indent: "  ").map { Style.dim.apply($0, options) }
    return lines
  }
}
