import Query
import Tables

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
      out.append(
        Style.dim.apply(
          "  " + (options.ascii ? "..." : "…")
            + " \(chart.bars.count - bars.count) more (`chart bar all` to see them)", options))
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
    var fixed =
      2 + labelWidth + 2 + 2 + valueWidth + markerWidth + (shareWidth > 0 ? 2 + shareWidth : 0)
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
        if v < 0 {
          left = bar(length, leftward: true)
        } else {
          right = bar(length, leftward: false)
        }
      }
      if low >= 0, let l = b.lower, let u = b.upper, b.value != nil {
        right = whisker(right, lower: l * scale, upper: u * scale, width: area)
      }
      var body = ""
      if low < 0 {
        body = TextLayout.padLeft(left, leftWidth) + axis + TextLayout.padRight(right, rightWidth)
      } else {
        body = TextLayout.padRight(right, area)
      }
      var style: Style? = nil
      if options.color { style = b.highlighted ? .yellow : .blue }
      if let style { body = style.apply(body, options) }
      var line =
        "  " + ChartRenderer.label(b.label, labelWidth, options) + "  " + body + "  "
        + TextLayout.padLeft(texts[k], valueWidth)
      if shareWidth > 0 {
        line +=
          "  "
          + (funnel
            ? TextLayout.padLeft(shares[k], shareWidth)
            : TextLayout.padRight(shares[k], shareWidth))
      }
      if b.highlighted { line += " " + marker }
      while line.hasSuffix(" ") { line.removeLast() }
      lines.append(b.highlighted ? Style.bold.apply(line, options) : line)
    }
    if funnel && shareWidth > 0 {
      lines += TextLayout.wrap(
        "% is each stage's share of the stage before", options.width, indent: "  "
      ).map { Style.dim.apply($0, options) }
    }
    return lines
  }
}
