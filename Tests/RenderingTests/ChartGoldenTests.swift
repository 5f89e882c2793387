import Foundation
import Query
import Rendering
import Tables
import Testing

/// Chart cases, each drawn at widths 40, 80 and 120 in Unicode and in ASCII.
enum ChartCases {
  static let councils = [
    "Aberdeen City", "Aberdeenshire", "Angus", "Argyll and Bute", "City of Edinburgh",
    "Clackmannanshire", "Dumfries and Galloway",
    "Dundee City", "East Ayrshire", "East Dunbartonshire", "East Lothian", "East Renfrewshire",
    "Falkirk", "Fife", "Glasgow City",
    "Highland", "Inverclyde", "Midlothian", "Moray", "Na h-Eileanan Siar", "North Ayrshire",
    "North Lanarkshire", "Orkney Islands",
    "Perth and Kinross", "Renfrewshire", "Scottish Borders", "Shetland Islands", "South Ayrshire",
    "South Lanarkshire", "Stirling",
    "West Dunbartonshire", "West Lothian",
  ]

  static let years = (2012...2023).map { Period.financialYear($0) }

  static func bars(
    _ kind: ChartData.Drawing, _ bars: [ChartData.Bar], format: NumberFormat = .integer
  ) -> ChartData {
    var data = ChartData(kind: kind, title: "a chart", valueName: "value", format: format)
    data.bars = bars
    return data
  }

  static func series(
    _ kind: ChartData.Drawing, _ series: [ChartData.Series], periods: [Period] = years,
    format: NumberFormat = .integer
  ) -> ChartData {
    var data = ChartData(kind: kind, title: "a chart", valueName: "value", format: format)
    data.periods = periods
    data.series = series
    return data
  }

  /// A funnel plot of counts `(label, count, denominator)` around `benchmark` (a proportion, or a
  /// rate per unit), its limits from `FunnelLimits` as `funnelplot` samples them.
  static func funnelPlot(
    _ rows: [(String, Double, Double)], benchmark: Double, proportion: Bool,
    highlight: String? = nil
  ) -> ChartData {
    let scale = proportion ? 100.0 : 10000.0
    func limits(_ n: Double) -> FunnelPlotData.Limits {
      FunnelPlotData.limits(at: n, benchmark: benchmark, scale: scale, isProportion: proportion)
    }
    let points = rows.map { label, o, n -> FunnelPlotData.Point in
      let l = limits(n)
      let v = scale * o / n
      let position: FunnelPlotData.Position =
        v > l.upper998
        ? .above998
        : v > l.upper95 ? .above95 : v < l.lower998 ? .below998 : v < l.lower95 ? .below95 : .within
      return FunnelPlotData.Point(
        label: label, numerator: o, denominator: n, value: v, position: position,
        highlighted: label == highlight)
    }
    let end = (rows.map(\.2).max() ?? 1) * 1.05
    let format: NumberFormat = proportion ? .percent : .oneDecimal
    var data = ChartData(
      kind: .funnelPlot, title: "a funnel plot", valueName: "rate", format: format)
    data.funnelPlot = FunnelPlotData(
      title: "a funnel plot", valueName: "rate",
      denominatorName: proportion ? "orders ended" : "population", format: format,
      benchmarkPerUnit: benchmark, scale: scale, benchmarkLabel: "Scotland",
      isProportion: proportion, per: proportion ? nil : 10000, points: points,
      denominatorMax: end)
    return data
  }

  /// A fixed wobble, so the cases are the same every run.
  static func value(_ i: Int, _ j: Int) -> Double { Double((i * 37 + j * 53) % 97) * 12.5 + 100 }

  static let all: [(String, ChartData)] = [
    (
      "bar-32-areas",
      bars(
        .bar,
        councils.enumerated().map {
          ChartData.Bar(
            label: $0.element, value: value($0.offset, 1), highlighted: $0.element == "Fife")
        } + [ChartData.Bar(label: "Scotland", value: 700, highlighted: true)], format: .oneDecimal)
    ),
    ("bar-one-point", bars(.bar, [ChartData.Bar(label: "Fife", value: 1234)])),
    (
      "bar-all-zeros",
      bars(.bar, ["Fife", "Angus", "Moray"].map { ChartData.Bar(label: $0, value: 0) })
    ),
    (
      "bar-negative",
      bars(
        .bar,
        [
          ("Fife", 120.0), ("Angus", -45.0), ("Moray", 80.0), ("Falkirk", -110.0),
          ("Scotland", 12.0),
        ].map { ChartData.Bar(label: $0.0, value: $0.1, highlighted: $0.0 == "Scotland") },
        format: .change)
    ),
    (
      "bar-missing",
      bars(
        .bar,
        [
          ChartData.Bar(label: "Fife", value: 120),
          ChartData.Bar(label: "Orkney Islands", value: nil, missing: .confidential),
          ChartData.Bar(label: "Shetland Islands", value: nil, missing: .notAvailable),
          ChartData.Bar(label: "Moray", value: 40),
        ])
    ),
    (
      "line-one-point",
      series(
        .line, [ChartData.Series(name: "Fife", values: [2700])], periods: [.financialYear(2021)])
    ),
    (
      "line-all-zeros",
      series(.line, [ChartData.Series(name: "value", values: years.map { _ in 0 })])
    ),
    (
      "line-negative",
      series(
        .line,
        [
          ChartData.Series(name: "change", values: years.indices.map { Double(($0 * 29) % 13) - 6 })
        ], format: .change)
    ),
    (
      "line-missing",
      series(
        .line,
        [
          ChartData.Series(
            name: "Fife", values: years.indices.map { $0 == 3 || $0 == 8 ? nil : value($0, 2) })
        ])
    ),
    (
      "line-gap",
      series(
        .line,
        [
          ChartData.Series(
            name: "Fife", values: years.indices.map { (5...6).contains($0) ? nil : value($0, 3) })
        ])
    ),
    (
      "line-six-series",
      series(
        .line,
        (0..<6).map { s in
          ChartData.Series(
            name: councils[s * 5], values: years.indices.map { value($0, s) }, highlighted: s == 2)
        })
    ),
    (
      "spark-32-areas",
      series(
        .spark,
        councils.enumerated().map { i, name in
          ChartData.Series(
            name: name, values: years.indices.map { value($0, i) }, highlighted: name == "Fife")
        })
    ),
    (
      "spark-one-point",
      series(
        .spark, [ChartData.Series(name: "Fife", values: [12])], periods: [.financialYear(2021)])
    ),
    (
      "spark-all-zeros",
      series(.spark, [ChartData.Series(name: "Fife", values: years.map { _ in 0 })])
    ),
    (
      "spark-negative",
      series(
        .spark, [ChartData.Series(name: "Fife", values: years.indices.map { Double($0) - 6 })],
        format: .change)
    ),
    (
      "spark-missing",
      series(
        .spark,
        [
          ChartData.Series(
            name: "Fife", values: years.indices.map { $0 % 4 == 1 ? nil : value($0, 4) }),
          ChartData.Series(name: "Angus", values: years.map { _ in nil }),
        ])
    ),
    (
      "spark-gap",
      series(
        .spark,
        [
          ChartData.Series(
            name: "Fife", values: years.indices.map { (4...5).contains($0) ? nil : value($0, 5) })
        ])
    ),
    (
      "spark-six-series",
      series(
        .spark,
        (0..<6).map { s in
          ChartData.Series(name: councils[s * 5], values: years.indices.map { value($0, s) })
        })
    ),
    (
      "bar-whiskers",
      bars(
        .bar,
        [
          ("Midlothian", 82.3, 76.6, 86.9), ("Na h-Eileanan Siar", 82.2, 68.7, 90.7),
          ("Glasgow City", 78.9, 77.1, 80.7), ("Scotland", 71.1, 70.4, 71.8),
          ("Fife", 70.1, 65.9, 73.9), ("Orkney Islands", 0, 0, 43.4),
        ].map {
          ChartData.Bar(
            label: $0.0, value: $0.1, highlighted: $0.0 == "Scotland", lower: $0.2, upper: $0.3)
        } + [ChartData.Bar(label: "Shetland Islands", value: nil, missing: .confidential)],
        format: .percent)
    ),
    (
      "funnelplot-proportions",
      funnelPlot(
        councils.enumerated().map { i, name in
          let n = Double(40 + (i * 97) % 1900)
          return (name, (n * (0.62 + Double((i * 13) % 21) / 100)).rounded(), n)
        }, benchmark: 0.711, proportion: true, highlight: "Fife")
    ),
    (
      "funnelplot-rates",
      funnelPlot(
        councils.enumerated().map { i, name in
          let n = Double(15000 + (i * 23011) % 420000)
          return (name, (n * (0.0030 + Double((i * 7) % 19) / 10000)).rounded(), n)
        }, benchmark: 0.0043, proportion: false)
    ),
    (
      "funnelplot-two-areas",
      funnelPlot(
        [("Orkney Islands", 0, 12), ("Shetland Islands", 12, 12)], benchmark: 0.5, proportion: true)
    ),
    (
      "funnel-stages",
      bars(
        .funnel,
        [
          ("assessments undertaken", 4881.0), ("cases commenced", 2871.0),
          ("cases completed", 2049.0),
        ].map { ChartData.Bar(label: $0.0, value: $0.1) })
    ),
    (
      "funnel-one-point", bars(.funnel, [ChartData.Bar(label: "assessments undertaken", value: 12)])
    ),
    (
      "funnel-all-zeros",
      bars(.funnel, ["assessed", "started", "finished"].map { ChartData.Bar(label: $0, value: 0) })
    ),
    (
      "funnel-missing",
      bars(
        .funnel,
        [
          ChartData.Bar(label: "assessed", value: 80),
          ChartData.Bar(label: "started", value: nil, missing: .confidential),
          ChartData.Bar(label: "finished", value: 30),
        ])
    ),
  ]

  /// The six drawings of a case, one after another with a header each.
  static func drawings(_ chart: ChartData) -> [(String, String)] {
    var out: [(String, String)] = []
    for ascii in [false, true] {
      for width in [40, 80, 120] {
        out.append(
          (
            "width \(width), \(ascii ? "ascii" : "unicode")",
            ChartRenderer.render(chart, options: RenderOptions(width: width, ascii: ascii))
          ))
      }
    }
    return out
  }
}

@Suite("Charts against reviewed golden files")
struct ChartGoldenTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .appendingPathComponent("Golden").path

  @Test(arguments: ChartCases.all.map(\.0))
  func golden(name: String) throws {
    let chart = try #require(ChartCases.all.first { $0.0 == name }?.1)
    let text = ChartCases.drawings(chart).map { "=== \($0.0) ===\n\($0.1)\n" }.joined(
      separator: "\n")
    try Self.matchGolden(text, file: "\(name).txt")
  }

  /// `text` against the reviewed file `Golden/FILE`, or written there with `RECORD_GOLDEN=1`.
  static func matchGolden(
    _ text: String, file: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let path = folder + "/" + file
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
      try text.write(toFile: path, atomically: true, encoding: .utf8)
      return
    }
    let expected = try String(contentsOfFile: path, encoding: .utf8)
    #expect(
      text == expected, "differs from Golden/\(file); review, then RECORD_GOLDEN=1",
      sourceLocation: sourceLocation)
  }

  @Test func everyByteOfEveryASCIIChartIsBelow0x80() {
    for (name, chart) in ChartCases.all {
      for width in [20, 40, 80, 120, 200] {
        let text = ChartRenderer.render(chart, options: RenderOptions(width: width, ascii: true))
        #expect(text.utf8.allSatisfy { $0 < 0x80 }, "\(name) at \(width)")
      }
      var asked = chart
      asked.ascii = true
      asked.title = "Café · naïve – “quoted”"
      asked.notes = [Note("note with † and ▲")]
      #expect(
        ChartRenderer.render(asked, options: RenderOptions(width: 80)).utf8.allSatisfy {
          $0 < 0x80
        }, "\(name) with ascii asked")
    }
  }

  @Test func linesFitTheWidth() {
    for (name, chart) in ChartCases.all {
      for width in [40, 80, 120] {
        for ascii in [false, true] {
          for line in ChartRenderer.render(
            chart, options: RenderOptions(width: width, ascii: ascii)
          ).split(separator: "\n") {
            #expect(TextLayout.width(String(line)) <= width, "\(name) at \(width): \(line)")
          }
        }
      }
    }
  }

  @Test func ticksSitEvenlyUpTheAxis() {
    for (name, chart) in ChartCases.all where chart.kind == .line {
      let lines = ChartRenderer.render(chart, options: RenderOptions(width: 80)).split(
        separator: "\n", omittingEmptySubsequences: false)
      let tickRows = lines.indices.filter { lines[$0].contains("┤") }
      guard tickRows.count > 2 else { continue }
      let gaps = Set(zip(tickRows.dropFirst(), tickRows).map { $0 - $1 })
      #expect(gaps.count == 1, "\(name): ticks on rows \(tickRows)")
    }
  }

  /// The x axis names where the span starts and ends, whatever the width and however many
  /// periods, and its labels never run together.
  @Test func firstAndLatestPeriodsAreLabelled() {
    for count in [2, 3, 5, 8, 12, 20, 30] {
      let periods = (0..<count).map { Period.financialYear(1995 + $0) }
      let chart = ChartCases.series(
        .line,
        [ChartData.Series(name: "value", values: periods.indices.map { Double($0 * 7 % 5) })],
        periods: periods)
      for width in [40, 50, 60, 80, 100, 120, 160] {
        let lines = ChartRenderer.render(chart, options: RenderOptions(width: width)).split(
          separator: "\n"
        ).map(String.init)
        guard let axis = lines.firstIndex(where: { $0.contains("└") }) else {
          Issue.record("\(count) periods at width \(width): no x axis")
          continue
        }
        let labels = lines[axis + 1].split(separator: " ").map(String.init)
        #expect(
          labels.first == periods.first?.description,
          "\(count) periods at width \(width): \(lines[axis + 1])")
        #expect(
          labels.last == periods.last?.description,
          "\(count) periods at width \(width): \(lines[axis + 1])")
        #expect(
          labels.allSatisfy { Period(parsing: $0) != nil },
          "\(count) periods at width \(width): \(lines[axis + 1])")
      }
    }
  }

  @Test func colourOnlyWhenAsked() {
    let chart = ChartCases.all[0].1
    #expect(!ChartRenderer.render(chart, options: RenderOptions(width: 80)).contains("\u{1B}["))
    #expect(
      ChartRenderer.render(chart, options: RenderOptions(width: 80, color: true)).contains(
        "\u{1B}["))
  }
}
