import Query
import Tables

/// One row per series: its sparkline, first and latest values and the change, so that 32 areas
/// fit on one screen.
struct SparkChart {
  let chart: ChartData
  let options: RenderOptions

  private var levels: [String] {
    options.ascii
      ? ["_", ".", "-", "~", "=", "+", "*", "#"] : ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]
  }

  func lines() -> [String] {
    let n = chart.periods.count
    guard let firstPeriod = chart.periods.first, let lastPeriod = chart.periods.last else {
      return ["  (no periods)"]
    }
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
        let level =
          high > low
          ? Int(((v - low) / (high - low) * Double(levels.count - 1)).rounded()) : levels.count / 2
        return levels[level]
      }.joined()
      // The values at the ends of the span the columns are headed with: a missing (or
      // suppressed) end is left blank, never replaced by a later year's figure.
      let first = s.values.first ?? nil
      let latest = s.values.last ?? nil
      let change =
        (first != nil && latest != nil) ? changeFormat.string((latest ?? 0) - (first ?? 0)) : ""
      return Row(
        name: s.name, spark: spark,
        cells: [
          first.map { chart.format.string($0) } ?? "", latest.map { chart.format.string($0) } ?? "",
          change,
        ], highlighted: s.highlighted)
    }
    var headers = ["first", "latest", "change"]
    var widths = headers.indices.map { c in
      max(TextLayout.width(headers[c]), rows.map { TextLayout.width($0.cells[c]) }.max() ?? 0)
    }
    // The periods above the line: both ends when they fit over it, else the first.
    let both = firstPeriod.description + " " + lastPeriod.description
    let sparkWidth = max(n, TextLayout.width(firstPeriod.description))
    let wideSpark = max(sparkWidth, TextLayout.width(both))
    let longest = rows.map { TextLayout.width($0.name) }.max() ?? 6
    let markerWidth = rows.contains { $0.highlighted } ? 2 : 0
    func fixed(_ spark: Int) -> Int {
      2 + 2 + spark + widths.reduce(0) { $0 + 2 + $1 } + markerWidth
    }
    var spark =
      n > 1 && fixed(wideSpark) + min(longest, 12) <= options.width ? wideSpark : sparkWidth
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
      periodsHeader =
        firstPeriod.description + String(repeating: " ", count: spark - TextLayout.width(both) + 1)
        + lastPeriod.description
    } else {
      periodsHeader = TextLayout.padRight(
        TextLayout.fit(firstPeriod.description, spark, ascii: options.ascii), spark)
    }
    var header =
      "  " + TextLayout.padRight("", labelWidth) + "  " + TextLayout.padRight(periodsHeader, spark)
    for (c, h) in headers.enumerated() { header += "  " + TextLayout.padLeft(h, widths[c]) }
    var lines = [Style.bold.apply(header, options)]
    for row in rows {
      let padded = TextLayout.padRight(row.spark, spark)
      let drawn =
        options.color
        ? (row.highlighted ? Style.yellow : Style.blue).apply(padded, options) : padded
      var line = "  " + ChartRenderer.label(row.name, labelWidth, options) + "  " + drawn
      for (c, cell) in row.cells.enumerated() { line += "  " + TextLayout.padLeft(cell, widths[c]) }
      if row.highlighted { line += " " + (options.ascii ? "<" : "◆") }
      while line.hasSuffix(" ") { line.removeLast() }
      lines.append(row.highlighted ? Style.bold.apply(line, options) : line)
    }
    if n > 1 && spark < TextLayout.width(both) {
      lines += TextLayout.wrap(
        "periods \(firstPeriod) to \(lastPeriod)", options.width, indent: "  "
      ).map { Style.dim.apply($0, options) }
    }
    let gaps = chart.series.contains { $0.values.contains { $0 == nil } }
    let note =
      "each line is scaled to its own lowest and highest value"
      + (gaps ? "; a blank is a missing period" : "")
    lines += TextLayout.wrap(note, options.width, indent: "  ").map { Style.dim.apply($0, options) }
    return lines
  }
}
