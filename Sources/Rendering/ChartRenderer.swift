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
    if let title = chart.title {
      lines.append(Style.bold.apply(TableRenderer.fold(title, options), options))
    }
    switch chart.kind {
    case .bar: lines += BarChart(chart: chart, options: options).lines()
    case .funnel: lines += BarChart(chart: chart, options: options).funnelLines()
    case .line: lines += LineChart(chart: chart, options: options).lines()
    case .spark: lines += SparkChart(chart: chart, options: options).lines()
    case .funnelPlot:
      lines += chart.funnelPlot.map { FunnelPlotChart(plot: $0, options: options).lines() } ?? []
    }
    var notes = chart.notes.map { options.ascii ? ($0.ascii ?? $0.text) : $0.text }
    if chart.barsHaveIntervals {
      notes.append(
        (options.ascii ? "[--]" : "├─┤") + " on each bar: lower to upper, the confidence interval")
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
    TextLayout.padRight(
      TextLayout.fit(TableRenderer.fold(s, options), width, ascii: options.ascii), width)
  }

  static func number(_ v: Double?, _ missing: MissingReason?, _ format: NumberFormat) -> String {
    guard let v else { return missing.map { $0 == .empty ? "(empty)" : $0.symbol } ?? "[x]" }
    return format.string(v)
  }
}
