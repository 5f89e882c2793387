import Query
import Tables

/// How SVG charts look: size, type and colours. The colours are the Analysis Function's
/// (GSS) palette, each at least 3:1 against white for graphical objects (WCAG 2.1, 1.4.11), and
/// told apart in greyscale by lightness, line dashes and marker shapes, never by hue alone.
public struct SVGStyle: Sendable, Equatable {
  /// The drawing's width in pixels (CSS px); its height follows from what it holds.
  public var width: Double
  public var fontFamily: String
  public var fontSize: Double
  /// Bars and points that are not highlighted.
  public var ordinary: String
  /// Scotland and named areas: darker, so that they stand out in greyscale too.
  public var highlight: String
  /// One colour per line series, in order; a dash pattern and marker shape go with each.
  public var series: [String]
  /// Text, axes and whiskers.
  public var ink: String
  /// Notes, tick labels and symbols of missing figures.
  public var secondaryInk: String
  /// Grid lines (decoration, not data).
  public var grid: String

  public init(
    width: Double = 680, fontFamily: String = "Arial, Helvetica, sans-serif", fontSize: Double = 12,
    ordinary: String = "#5694CA", highlight: String = "#12436D",
    series: [String] = [
      "#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1", "#2073BC", "#6B4C00",
    ],
    ink: String = "#0B0C0C", secondaryInk: String = "#505A5F", grid: String = "#D9D9D9"
  ) {
    self.width = width
    self.fontFamily = fontFamily
    self.fontSize = fontSize
    self.ordinary = ordinary
    self.highlight = highlight
    self.series = series
    self.ink = ink
    self.secondaryInk = secondaryInk
    self.grid = grid
  }

  public static let standard = SVGStyle()

  /// Dash patterns that tell line series apart in greyscale, one per series colour.
  static let dashes: [String?] = [nil, "6 3", "2 3", "8 3 2 3", "1 2", "10 4", "4 2 1 2", "12 2"]
}

/// Draws a chart as SVG: a pure function of the chart's data, its size and style, as
/// `ChartRenderer` is for the terminal. Every chart kind is drawn; the title above it and its
/// notes and source line beneath, as in official statistics.
///
/// ```
/// let svg = SVGRenderer.document(chart)                 // a file's text, with its declaration
/// let inline = SVGRenderer.element(chart, style: style)  // to put in HTML
/// ```
public enum SVGRenderer {
  /// The chart as a standalone SVG file.
  public static func document(_ chart: ChartData, style: SVGStyle = .standard) -> String {
    element(chart, style: style).document()
  }

  /// The chart as an `<svg>` element, for a file or to put inside HTML.
  public static func element(_ chart: ChartData, style: SVGStyle = .standard) -> XMLElement {
    var canvas = Canvas(style: style)
    let titleText = chart.title ?? chart.funnelPlot?.title ?? chart.valueName
    var y = 8.0
    for line in canvas.wrap(titleText, size: style.fontSize * 1.25, width: style.width - 16) {
      y += style.fontSize * 1.6
      canvas.text(line, x: 8, y: y, size: style.fontSize * 1.25, weight: "bold", role: "title")
    }
    y += style.fontSize * 0.8
    switch chart.kind {
    case .bar: y = BarDrawing(chart: chart, funnel: false).draw(&canvas, top: y)
    case .funnel: y = BarDrawing(chart: chart, funnel: true).draw(&canvas, top: y)
    case .line: y = LineDrawing(chart: chart).draw(&canvas, top: y)
    case .spark: y = SparkDrawing(chart: chart).draw(&canvas, top: y)
    case .funnelPlot:
      if let plot = chart.funnelPlot { y = FunnelPlotDrawing(plot: plot).draw(&canvas, top: y) }
    }
    y += style.fontSize * 0.5
    var footer = chart.notes.map(\.text)
    if chart.barsHaveIntervals { footer.append(ChartData.intervalKey) }
    if let source = chart.source { footer.append("Source: " + source) }
    for note in footer {
      for line in canvas.wrap(note, size: style.fontSize * 0.9, width: style.width - 16) {
        y += style.fontSize * 1.25
        canvas.text(
          line, x: 8, y: y, size: style.fontSize * 0.9, fill: style.secondaryInk, role: "note")
      }
    }
    y += 10
    let height = (y).rounded(.up)
    var svg = XMLElement(
      "svg",
      [
        ("xmlns", "http://www.w3.org/2000/svg"), ("width", Canvas.n(style.width)),
        ("height", Canvas.n(height)),
        ("viewBox", "0 0 \(Canvas.n(style.width)) \(Canvas.n(height))"), ("role", "img"),
        ("aria-label", titleText),
        ("font-family", style.fontFamily), ("font-size", Canvas.n(style.fontSize)),
      ])
    svg.append(XMLElement("title", text: titleText))
    svg.append(XMLElement("desc", text: description(chart)))
    svg.append(
      XMLElement(
        "rect",
        [
          ("x", "0"), ("y", "0"), ("width", Canvas.n(style.width)), ("height", Canvas.n(height)),
          ("fill", "#FFFFFF"),
        ]))
    svg.append(contentsOf: canvas.items)
    return svg
  }

  /// What the chart shows in a sentence, for screen readers.
  public static func description(_ chart: ChartData) -> String {
    switch chart.kind {
    case .bar:
      return "Bar chart of \(chart.valueName): \(chart.bars.count) bars"
        + (chart.bars.contains { $0.upper != nil } ? ", each with its confidence interval" : "")
    case .funnel:
      return "Funnel of \(chart.bars.count) stages: "
        + chart.bars.map(\.label).joined(separator: ", ")
    case .line:
      return
        "Line chart of \(chart.valueName) from \(chart.periods.first?.description ?? "") to \(chart.periods.last?.description ?? ""): "
        + chart.series.map(\.name).joined(separator: ", ")
    case .spark:
      return
        "Small line charts of \(chart.valueName), one per series, from \(chart.periods.first?.description ?? "") to \(chart.periods.last?.description ?? "")"
    case .funnelPlot:
      guard let p = chart.funnelPlot else { return "Funnel plot" }
      return
        "Funnel plot of \(p.valueName) against \(p.denominatorName), \(p.points.count) points, with 95% and 99.8% control limits around \(p.benchmarkLabel)"
    }
  }

  public static func number(_ v: Double?, _ missing: MissingReason?, _ format: NumberFormat)
    -> String
  {
    ChartRenderer.number(v, missing, format)
  }
}

/// The elements of a drawing, added in order (later ones on top).
struct Canvas {
  let style: SVGStyle
  var items: [XMLElement] = []

  init(style: SVGStyle) { self.style = style }

  /// A coordinate with at most two decimals and no trailing zeros.
  static func n(_ v: Double) -> String {
    let r = (v * 100).rounded() / 100
    if r == r.rounded() { return String(Int(r)) }
    var s = String(r)
    if let dot = s.firstIndex(of: "."), s.distance(from: dot, to: s.endIndex) > 3 {
      s = String(s[..<s.index(dot, offsetBy: 3)])
    }
    return s
  }

  /// About how wide `s` is in the style's sans serif at `size` (Arial's average advance).
  func measure(_ s: String, size: Double? = nil) -> Double {
    var w = 0.0
    for ch in s {
      if "il.,:;'|!".contains(ch) {
        w += 0.28
      } else if "mwMW@".contains(ch) {
        w += 0.85
      } else if ch.isUppercase {
        w += 0.66
      } else if ch == " " {
        w += 0.28
      } else {
        w += 0.56
      }
    }
    return w * (size ?? style.fontSize)
  }

  /// Words packed onto lines no wider than `width`.
  func wrap(_ s: String, size: Double, width: Double) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in s.split(separator: " ", omittingEmptySubsequences: false) {
      let candidate = line.isEmpty ? String(word) : line + " " + word
      if !line.isEmpty && measure(candidate, size: size) > width {
        lines.append(line)
        line = String(word)
      } else {
        line = candidate
      }
    }
    if !line.isEmpty || lines.isEmpty { lines.append(line) }
    return lines
  }

  /// `s` cut with an ellipsis to fit `width`.
  func fit(_ s: String, width: Double, size: Double? = nil) -> String {
    guard measure(s, size: size) > width else { return s }
    var t = s
    while !t.isEmpty && measure(t + "…", size: size) > width { t.removeLast() }
    return t + "…"
  }

  mutating func text(
    _ s: String, x: Double, y: Double, size: Double? = nil, anchor: String? = nil,
    weight: String? = nil,
    fill: String? = nil, role: String? = nil
  ) {
    var a: [(String, String)] = [("x", Self.n(x)), ("y", Self.n(y))]
    if let size, size != style.fontSize { a.append(("font-size", Self.n(size))) }
    if let anchor { a.append(("text-anchor", anchor)) }
    if let weight { a.append(("font-weight", weight)) }
    a.append(("fill", fill ?? style.ink))
    if let role { a.append(("class", role)) }
    items.append(XMLElement("text", a, text: s))
  }

  mutating func line(
    _ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, stroke: String, width: Double = 1,
    dash: String? = nil, role: String? = nil
  ) {
    var a: [(String, String)] = [
      ("x1", Self.n(x1)), ("y1", Self.n(y1)), ("x2", Self.n(x2)), ("y2", Self.n(y2)),
      ("stroke", stroke), ("stroke-width", Self.n(width)),
    ]
    if let dash { a.append(("stroke-dasharray", dash)) }
    if let role { a.append(("class", role)) }
    items.append(XMLElement("line", a))
  }

  mutating func rect(
    x: Double, y: Double, width: Double, height: Double, fill: String, stroke: String? = nil,
    dash: String? = nil, role: String? = nil, label: String? = nil
  ) {
    var a: [(String, String)] = [
      ("x", Self.n(x)), ("y", Self.n(y)), ("width", Self.n(max(0, width))),
      ("height", Self.n(height)), ("fill", fill),
    ]
    if let stroke { a += [("stroke", stroke), ("stroke-width", "1")] }
    if let dash { a.append(("stroke-dasharray", dash)) }
    if let role { a.append(("class", role)) }
    items.append(
      XMLElement("rect", a, label.map { [.element(XMLElement("title", text: $0))] } ?? []))
  }

  mutating func polyline(
    _ points: [(Double, Double)], stroke: String, width: Double, dash: String? = nil,
    role: String? = nil
  ) {
    guard points.count > 1 else { return }
    var a: [(String, String)] = [
      ("points", points.map { Self.n($0.0) + "," + Self.n($0.1) }.joined(separator: " ")),
      ("fill", "none"),
      ("stroke", stroke), ("stroke-width", Self.n(width)), ("stroke-linejoin", "round"),
    ]
    if let dash { a.append(("stroke-dasharray", dash)) }
    if let role { a.append(("class", role)) }
    items.append(XMLElement("polyline", a))
  }

  /// A marker of one of eight shapes, centred on (x, y).
  mutating func marker(
    _ shape: Int, x: Double, y: Double, r: Double, fill: String, stroke: String? = nil,
    role: String? = nil, label: String? = nil
  ) {
    let body: XMLElement
    let strokeAttrs: [(String, String)] =
      [("fill", fill)] + (stroke.map { [("stroke", $0), ("stroke-width", "1")] } ?? [])
    func poly(_ pts: [(Double, Double)]) -> XMLElement {
      XMLElement(
        "polygon",
        [
          (
            "points",
            pts.map { Self.n(x + $0.0 * r) + "," + Self.n(y + $0.1 * r) }.joined(separator: " ")
          )
        ] + strokeAttrs)
    }
    switch shape % 8 {
    case 0:
      body = XMLElement(
        "circle", [("cx", Self.n(x)), ("cy", Self.n(y)), ("r", Self.n(r))] + strokeAttrs)
    case 1:
      body = XMLElement(
        "rect",
        [
          ("x", Self.n(x - r * 0.85)), ("y", Self.n(y - r * 0.85)), ("width", Self.n(r * 1.7)),
          ("height", Self.n(r * 1.7)),
        ] + strokeAttrs)
    case 2: body = poly([(0, -1.2), (1.1, 0.8), (-1.1, 0.8)])
    case 3: body = poly([(0, -1.25), (1.25, 0), (0, 1.25), (-1.25, 0)])
    case 4: body = poly([(0, 1.2), (1.1, -0.8), (-1.1, -0.8)])
    case 5:
      body = XMLElement(
        "circle",
        [
          ("cx", Self.n(x)), ("cy", Self.n(y)), ("r", Self.n(r)), ("fill", "#FFFFFF"),
          ("stroke", fill), ("stroke-width", "2"),
        ])
    case 6:
      body = XMLElement(
        "rect",
        [
          ("x", Self.n(x - r * 0.8)), ("y", Self.n(y - r * 0.8)), ("width", Self.n(r * 1.6)),
          ("height", Self.n(r * 1.6)), ("fill", "#FFFFFF"), ("stroke", fill), ("stroke-width", "2"),
        ])
    default:
      body = poly([
        (-1, -0.3), (-0.3, -0.3), (-0.3, -1), (0.3, -1), (0.3, -0.3), (1, -0.3), (1, 0.3),
        (0.3, 0.3), (0.3, 1), (-0.3, 1), (-0.3, 0.3), (-1, 0.3),
      ])
    }
    var e = body
    if let role { e.attributes.append(("class", role)) }
    if let label { e.children.append(.element(XMLElement("title", text: label))) }
    items.append(e)
  }
}

/// Horizontal bars from a zero line, value labels beside them, a rate's interval as a whisker;
/// a missing bar is a gap with its symbol. Funnel stages are bars in their order with each
/// stage's share of the one before.
struct BarDrawing {
  let chart: ChartData
  let funnel: Bool

  func draw(_ c: inout Canvas, top: Double) -> Double {
    let s = c.style
    let bars = chart.bars
    let rowHeight = s.fontSize * 1.75
    let barHeight = s.fontSize * 1.15
    let longest = bars.map { c.measure($0.label) }.max() ?? 40
    let labelWidth = min(longest + 4, s.width * 0.34)
    let values = bars.compactMap(\.value)
    var texts = bars.map { SVGRenderer.number($0.value, $0.missing, chart.format) }
    var previous: Double?
    for (k, b) in bars.enumerated() {
      if let l = b.lower, let u = b.upper {
        texts[k] += " (" + chart.format.string(l) + "–" + chart.format.string(u) + ")"
      }
      if funnel {
        if let p = previous, let v = b.value, p > 0 {
          texts[k] += " (" + NumberFormatting.format(100 * v / p, decimals: 0) + "%)"
        }
        previous = b.value
      }
    }
    let valueWidth = (texts.map { c.measure($0) }.max() ?? 20) + 8
    let plotLeft = 8 + labelWidth + 8
    let plotRight = s.width - 8 - valueWidth
    let low = min(0, values.min() ?? 0, bars.compactMap(\.lower).min() ?? 0)
    var high = max(0, values.max() ?? 0, bars.compactMap(\.upper).max() ?? 0)
    if high == low { high = low + 1 }
    let ticks = Ticks.ticks(low: low, high: high, count: 5)
    let lo = ticks.first ?? low
    let hi = ticks.last ?? high
    func x(_ v: Double) -> Double { plotLeft + (v - lo) / (hi - lo) * (plotRight - plotLeft) }
    let plotTop = top + 4
    let plotBottom = plotTop + Double(bars.count) * rowHeight
    let tickFormat = Ticks.labelFormat(chart.format, ticks: ticks)
    for t in ticks {
      c.line(x(t), plotTop, x(t), plotBottom, stroke: s.grid, role: "grid")
      c.text(
        tickFormat.string(t), x: x(t), y: plotBottom + s.fontSize * 1.2, size: s.fontSize * 0.9,
        anchor: "middle", fill: s.secondaryInk, role: "tick")
    }
    let zero = x(0)
    for (k, b) in bars.enumerated() {
      let rowTop = plotTop + Double(k) * rowHeight
      let mid = rowTop + rowHeight / 2
      c.text(
        c.fit(b.label, width: labelWidth), x: plotLeft - 8, y: mid + s.fontSize * 0.35,
        anchor: "end", weight: b.highlighted ? "bold" : nil, role: "label")
      var end = zero
      if let v = b.value {
        let fill = b.highlighted ? s.highlight : s.ordinary
        let a = min(zero, x(v))
        c.rect(
          x: a, y: mid - barHeight / 2, width: abs(x(v) - zero), height: barHeight, fill: fill,
          role: b.highlighted ? "bar highlighted" : "bar",
          label: b.label + ": " + texts[k])
        end = max(zero, x(v))
        if let l = b.lower, let u = b.upper {
          // A white line beneath the black one, so that the whisker shows on the dark bars too.
          for (stroke, width) in [("#FFFFFF", 4.0), (s.ink, 1.5)] {
            c.line(x(l), mid, x(u), mid, stroke: stroke, width: width, role: "whisker")
            c.line(
              x(l), mid - barHeight * 0.35, x(l), mid + barHeight * 0.35, stroke: stroke,
              width: width, role: "whisker")
            c.line(
              x(u), mid - barHeight * 0.35, x(u), mid + barHeight * 0.35, stroke: stroke,
              width: width, role: "whisker")
          }
          end = max(end, x(u))
        }
      } else {
        // A gap, outlined, with the symbol that says why.
        c.rect(
          x: zero, y: mid - barHeight / 2, width: 0, height: barHeight, fill: "none", role: "gap")
      }
      c.text(
        texts[k], x: end + 6, y: mid + s.fontSize * 0.35, weight: b.highlighted ? "bold" : nil,
        fill: b.value == nil ? s.secondaryInk : s.ink, role: b.value == nil ? "missing" : "value")
    }
    if low < 0 || true {
      c.line(zero, plotTop, zero, plotBottom, stroke: s.ink, width: 1, role: "axis")
    }
    var y = plotBottom + s.fontSize * 1.2
    y += s.fontSize * 1.3
    c.text(
      funnel ? "count" : chart.valueName, x: (plotLeft + plotRight) / 2, y: y,
      size: s.fontSize * 0.9, anchor: "middle", fill: s.secondaryInk, role: "axis-label")
    if funnel && bars.count > 1 {
      y += s.fontSize * 1.3
      c.text(
        "% is each stage's share of the stage before", x: 8, y: y, size: s.fontSize * 0.9,
        fill: s.secondaryInk, role: "note")
    }
    return y
  }
}

/// The x axis of periods: the first and the last always, others where they fit.
struct PeriodAxis {
  static func labelled(_ periods: [Period], positions: [Double], canvas c: Canvas) -> [Int] {
    guard !periods.isEmpty else { return [] }
    let n = periods.count
    if n == 1 { return [0] }
    let widest = periods.map { c.measure($0.description, size: c.style.fontSize * 0.9) }.max() ?? 40
    var chosen = [0]
    var lastRight = positions[0] + widest / 2
    let lastLeft = positions[n - 1] - widest / 2
    for k in 1..<(n - 1) {
      let left = positions[k] - widest / 2
      if left > lastRight + 10 && positions[k] + widest / 2 < lastLeft - 10 {
        chosen.append(k)
        lastRight = positions[k] + widest / 2
      }
    }
    chosen.append(n - 1)
    return chosen
  }
}

/// Series over periods: a y axis of readable ticks, the periods as written beneath, each series
/// with its colour, dash and marker, broken where a value is missing (its symbol shown there).
struct LineDrawing {
  let chart: ChartData

  func draw(_ c: inout Canvas, top: Double) -> Double {
    let s = c.style
    let values = chart.series.flatMap { $0.values.compactMap { $0 } }
    let low = min(0, values.min() ?? 0)
    var high = max(0, values.max() ?? 0)
    if high == low { high = low + 1 }
    let ticks = Ticks.ticks(low: low, high: high, count: 5)
    let lo = ticks.first ?? low
    let hi = ticks.last ?? high
    let tickFormat = Ticks.labelFormat(chart.format, ticks: ticks)
    let tickWidth =
      ticks.map { c.measure(tickFormat.string($0), size: s.fontSize * 0.9) }.max() ?? 20
    let plotLeft = 8 + tickWidth + 8
    let plotRight = s.width - 24
    let plotTop = top + 6
    let plotHeight = max(160, s.width * 0.42)
    let plotBottom = plotTop + plotHeight
    let n = chart.periods.count
    let xs = (0..<n).map { k in
      n <= 1
        ? (plotLeft + plotRight) / 2
        : plotLeft + 10 + Double(k) * (plotRight - plotLeft - 20) / Double(n - 1)
    }
    func y(_ v: Double) -> Double { plotBottom - (v - lo) / (hi - lo) * plotHeight }
    for t in ticks {
      c.line(
        plotLeft, y(t), plotRight, y(t), stroke: t == 0 ? s.ink : s.grid,
        role: t == 0 ? "axis" : "grid")
      c.text(
        tickFormat.string(t), x: plotLeft - 6, y: y(t) + s.fontSize * 0.3, size: s.fontSize * 0.9,
        anchor: "end", fill: s.secondaryInk, role: "tick")
    }
    c.line(plotLeft, plotTop, plotLeft, plotBottom, stroke: s.ink, role: "axis")
    c.line(plotLeft, plotBottom, plotRight, plotBottom, stroke: s.ink, role: "axis")
    for k in PeriodAxis.labelled(chart.periods, positions: xs, canvas: c) {
      c.line(xs[k], plotBottom, xs[k], plotBottom + 4, stroke: s.ink, role: "axis")
      c.text(
        chart.periods[k].description, x: xs[k], y: plotBottom + s.fontSize * 1.3,
        size: s.fontSize * 0.9, anchor: "middle", fill: s.secondaryInk, role: "period")
    }
    // A gap's symbol, once per period, just above the axis.
    var symbolShown = Set<Int>()
    for (i, series) in chart.series.enumerated() {
      let colour = s.series[i % s.series.count]
      let dash = SVGStyle.dashes[i % SVGStyle.dashes.count]
      let width = series.highlighted ? 3.0 : 2.0
      var run: [(Double, Double)] = []
      var runs: [[(Double, Double)]] = []
      for k in 0..<n {
        if let v = series.values[k] {
          run.append((xs[k], y(v)))
        } else {
          if !run.isEmpty { runs.append(run) }
          run = []
          if let reason = series.missingReason(at: k), reason != .empty, !symbolShown.contains(k) {
            symbolShown.insert(k)
            c.text(
              reason.symbol, x: xs[k], y: plotBottom - 6, size: s.fontSize * 0.85, anchor: "middle",
              fill: s.secondaryInk, role: "missing")
          }
        }
      }
      if !run.isEmpty { runs.append(run) }
      for r in runs { c.polyline(r, stroke: colour, width: width, dash: dash, role: "series") }
      for k in 0..<n {
        if let v = series.values[k] {
          c.marker(
            i, x: xs[k], y: y(v), r: series.highlighted ? 4.5 : 3.5, fill: colour, role: "point",
            label: "\(series.name), \(chart.periods[k]): \(chart.format.string(v))")
        }
      }
    }
    var yy = plotBottom + s.fontSize * 1.3
    // The key: each series' marker, dash and name, packed across.
    yy += s.fontSize * 1.6
    var x = 8.0
    for (i, series) in chart.series.enumerated() {
      let colour = s.series[i % s.series.count]
      let w = 34 + c.measure(series.name) + 16
      if x + w > s.width - 8 && x > 8 {
        x = 8
        yy += s.fontSize * 1.6
      }
      c.line(
        x, yy - s.fontSize * 0.35, x + 26, yy - s.fontSize * 0.35, stroke: colour,
        width: series.highlighted ? 3 : 2, dash: SVGStyle.dashes[i % SVGStyle.dashes.count],
        role: "key")
      c.marker(i, x: x + 13, y: yy - s.fontSize * 0.35, r: 3.5, fill: colour, role: "key")
      c.text(series.name, x: x + 32, y: yy, weight: series.highlighted ? "bold" : nil, role: "key")
      x += w
    }
    return yy
  }
}

/// One small line per series with its first and latest value and the change between them.
struct SparkDrawing {
  let chart: ChartData

  func draw(_ c: inout Canvas, top: Double) -> Double {
    let s = c.style
    let rowHeight = s.fontSize * 2
    var changeFormat = chart.format
    changeFormat.isSigned = true
    let rows = chart.series.map { series -> [String] in
      let first = series.values.first ?? nil
      let latest = series.values.last ?? nil
      let change =
        (first != nil && latest != nil) ? changeFormat.string((latest ?? 0) - (first ?? 0)) : ""
      return [
        first.map { chart.format.string($0) } ?? (series.missingReason(at: 0)?.symbol ?? ""),
        latest.map { chart.format.string($0) }
          ?? (series.missingReason(at: series.values.count - 1)?.symbol ?? ""), change,
      ]
    }
    let headers = ["first", "latest", "change"]
    let columnWidths = headers.indices.map { k in
      max(c.measure(headers[k]), rows.map { c.measure($0[k]) }.max() ?? 0) + 14
    }
    let longest = chart.series.map { c.measure($0.name) }.max() ?? 40
    let labelWidth = min(longest + 4, s.width * 0.34)
    let sparkLeft = 8 + labelWidth + 10
    let sparkRight = s.width - 8 - columnWidths.reduce(0, +) - 10
    var y = top + s.fontSize
    // Headings: the span over the lines, the columns over theirs.
    let first = chart.periods.first?.description ?? ""
    let last = chart.periods.last?.description ?? ""
    c.text(first, x: sparkLeft, y: y, size: s.fontSize * 0.9, fill: s.secondaryInk, role: "period")
    if chart.periods.count > 1 {
      c.text(
        last, x: sparkRight, y: y, size: s.fontSize * 0.9, anchor: "end", fill: s.secondaryInk,
        role: "period")
    }
    var cx = sparkRight + 10
    for k in headers.indices {
      cx += columnWidths[k]
      c.text(
        headers[k], x: cx, y: y, size: s.fontSize * 0.9, anchor: "end", weight: "bold",
        role: "heading")
    }
    y += 4
    let n = chart.periods.count
    for (i, series) in chart.series.enumerated() {
      let rowTop = y + Double(i) * rowHeight
      let present = series.values.compactMap { $0 }
      let low = present.min() ?? 0
      let high = present.max() ?? 0
      func py(_ v: Double) -> Double {
        high > low
          ? rowTop + rowHeight - 4 - (v - low) / (high - low) * (rowHeight - 8)
          : rowTop + rowHeight / 2
      }
      func px(_ k: Int) -> Double {
        n <= 1
          ? (sparkLeft + sparkRight) / 2
          : sparkLeft + 4 + Double(k) * (sparkRight - sparkLeft - 8) / Double(n - 1)
      }
      if i % 2 == 0 {
        c.rect(
          x: 4, y: rowTop, width: s.width - 8, height: rowHeight, fill: "#F3F2F1", role: "band")
      }
      let baseline = rowTop + rowHeight / 2 + s.fontSize * 0.35
      c.text(
        c.fit(series.name, width: labelWidth), x: 8, y: baseline,
        weight: series.highlighted ? "bold" : nil, role: "label")
      let colour = series.highlighted ? s.highlight : s.ordinary
      var run: [(Double, Double)] = []
      for k in 0..<n {
        if let v = series.values[k] {
          run.append((px(k), py(v)))
        } else {
          c.polyline(run, stroke: colour, width: 1.75, role: "series")
          run = []
        }
      }
      c.polyline(run, stroke: colour, width: 1.75, role: "series")
      for k in 0..<n {
        if let v = series.values[k],
          k == n - 1
            || (k > 0 ? series.values[k - 1] == nil : true)
              && (k < n - 1 ? series.values[k + 1] == nil : true)
        {
          c.marker(
            0, x: px(k), y: py(v), r: 2.5, fill: colour, role: "point",
            label: "\(series.name), \(chart.periods[k]): \(chart.format.string(v))")
        }
      }
      cx = sparkRight + 10
      for k in headers.indices {
        cx += columnWidths[k]
        c.text(
          rows[i][k], x: cx, y: baseline, anchor: "end", weight: series.highlighted ? "bold" : nil,
          role: "value")
      }
    }
    return y + Double(chart.series.count) * rowHeight + 4
  }
}

/// Each area's figure against its denominator, with the benchmark and the 95% and 99.8% control
/// limits; points above and below the limits have shapes of their own, named areas are labelled.
struct FunnelPlotDrawing {
  let plot: FunnelPlotData

  func draw(_ c: inout Canvas, top: Double) -> Double {
    let s = c.style
    guard !plot.points.isEmpty, plot.denominatorMax > 0 else {
      c.text("(no points to draw)", x: 8, y: top + s.fontSize, role: "note")
      return top + s.fontSize * 1.5
    }
    let limits = plot.limitsAlongAxis()
    let smallest = plot.points.map(\.denominator).min() ?? 0
    let atSmallest = limits.first { $0.denominator >= smallest } ?? limits.last
    var values = plot.points.map(\.value) + [plot.benchmark]
    if let l = atSmallest { values += [l.lower998, l.upper998] }
    var low = max(0, values.min() ?? 0)
    var high = values.max() ?? 1
    if plot.isProportion { high = min(100, high) }
    if high <= low { high = low + 1 }
    let ticks = Ticks.ticks(low: low, high: high, count: 5)
    low = ticks.first ?? low
    high = ticks.last ?? high
    let tickFormat = Ticks.labelFormat(plot.format, ticks: ticks)
    let tickWidth =
      ticks.map { c.measure(tickFormat.string($0), size: s.fontSize * 0.9) }.max() ?? 20
    let plotLeft = 8 + tickWidth + 8
    let plotRight = s.width - 32
    c.text(
      plot.valueName, x: 8, y: top + s.fontSize * 0.6, size: s.fontSize * 0.9, fill: s.secondaryInk,
      role: "axis-label")
    let plotTop = top + s.fontSize * 1.6
    let plotHeight = max(200, s.width * 0.5)
    let plotBottom = plotTop + plotHeight
    func x(_ d: Double) -> Double { plotLeft + d / plot.denominatorMax * (plotRight - plotLeft) }
    func y(_ v: Double) -> Double { plotBottom - (v - low) / (high - low) * plotHeight }
    for t in ticks {
      c.line(plotLeft, y(t), plotRight, y(t), stroke: s.grid, role: "grid")
      c.text(
        tickFormat.string(t), x: plotLeft - 6, y: y(t) + s.fontSize * 0.3, size: s.fontSize * 0.9,
        anchor: "end", fill: s.secondaryInk, role: "tick")
    }
    let xTicks = Ticks.ticks(low: 0, high: plot.denominatorMax, count: 5).filter {
      $0 <= plot.denominatorMax * 1.0001
    }
    for t in xTicks {
      c.line(x(t), plotBottom, x(t), plotBottom + 4, stroke: s.ink, role: "axis")
      c.text(
        NumberFormatting.format(t, decimals: 0), x: x(t), y: plotBottom + s.fontSize * 1.3,
        size: s.fontSize * 0.9, anchor: "middle", fill: s.secondaryInk, role: "tick")
    }
    c.line(plotLeft, plotTop, plotLeft, plotBottom, stroke: s.ink, role: "axis")
    c.line(plotLeft, plotBottom, plotRight, plotBottom, stroke: s.ink, role: "axis")
    // The limits, where they fall inside the plot; 95% dashed, 99.8% dotted, the benchmark solid.
    func curve(_ value: (FunnelPlotData.Limits) -> Double) -> [(Double, Double)] {
      limits.filter { $0.denominator >= smallest * 0.5 }.map { ($0.denominator, value($0)) }.filter
      { $0.1 >= low && $0.1 <= high }.map { (x($0.0), y($0.1)) }
    }
    c.polyline(curve(\.upper998), stroke: s.secondaryInk, width: 1.5, dash: "2 3", role: "limit998")
    c.polyline(curve(\.lower998), stroke: s.secondaryInk, width: 1.5, dash: "2 3", role: "limit998")
    c.polyline(curve(\.upper95), stroke: s.secondaryInk, width: 1.5, dash: "7 4", role: "limit95")
    c.polyline(curve(\.lower95), stroke: s.secondaryInk, width: 1.5, dash: "7 4", role: "limit95")
    c.line(
      plotLeft, y(plot.benchmark), plotRight, y(plot.benchmark), stroke: s.ink, width: 1.5,
      role: "benchmark")
    // Points: within as circles, above as triangles up, below as triangles down, named areas as diamonds.
    let ordered = plot.points.enumerated().sorted {
      ($0.element.highlighted ? 1 : 0, $0.offset) < ($1.element.highlighted ? 1 : 0, $1.offset)
    }.map(\.element)
    for p in ordered {
      let shape = p.highlighted ? 3 : p.position.isOutside ? (p.position.isAbove ? 2 : 4) : 0
      let fill = p.highlighted || p.position.isOutside ? s.highlight : s.ordinary
      let label =
        "\(p.label): \(plot.format.string(p.value)) (\(NumberFormatting.format(p.numerator, decimals: 0)) of \(NumberFormatting.format(p.denominator, decimals: 0))), \(p.position.rawValue)"
      c.marker(
        shape, x: x(p.denominator), y: y(min(max(p.value, low), high)), r: p.highlighted ? 5.5 : 4,
        fill: fill, stroke: "#FFFFFF", role: "point", label: label)
      if p.highlighted {
        let px = x(p.denominator)
        let right = px + 8 + c.measure(p.label) < plotRight
        c.text(
          p.label, x: right ? px + 8 : px - 8, y: y(min(max(p.value, low), high)) - 6,
          anchor: right ? nil : "end", weight: "bold", role: "label")
      }
    }
    var yy = plotBottom + s.fontSize * 1.3
    yy += s.fontSize * 1.3
    c.text(
      plot.denominatorName, x: (plotLeft + plotRight) / 2, y: yy, size: s.fontSize * 0.9,
      anchor: "middle", fill: s.secondaryInk, role: "axis-label")
    // The key.
    yy += s.fontSize * 1.7
    var kx = 8.0
    func entry(_ text: String, _ draw: (inout Canvas, Double, Double) -> Void) {
      let w = 30 + c.measure(text) + 16
      if kx + w > s.width - 8 && kx > 8 {
        kx = 8
        yy += s.fontSize * 1.6
      }
      draw(&c, kx, yy - s.fontSize * 0.35)
      c.text(text, x: kx + 28, y: yy, role: "key")
      kx += w
    }
    entry("within the 95% limits") { c, x, y in
      c.marker(0, x: x + 12, y: y, r: 4, fill: s.ordinary, role: "key")
    }
    entry("above") { c, x, y in c.marker(2, x: x + 12, y: y, r: 4, fill: s.highlight, role: "key") }
    entry("below") { c, x, y in c.marker(4, x: x + 12, y: y, r: 4, fill: s.highlight, role: "key") }
    let named = plot.points.filter(\.highlighted).map(\.label)
    if !named.isEmpty {
      entry(named.joined(separator: ", ")) { c, x, y in
        c.marker(3, x: x + 12, y: y, r: 5, fill: s.highlight, role: "key")
      }
    }
    entry("\(plot.benchmarkLabel) \(plot.format.string(plot.benchmark))") { c, x, y in
      c.line(x, y, x + 24, y, stroke: s.ink, width: 1.5, role: "key")
    }
    entry("95% limits") { c, x, y in
      c.line(x, y, x + 24, y, stroke: s.secondaryInk, width: 1.5, dash: "7 4", role: "key")
    }
    entry("99.8% limits") { c, x, y in
      c.line(x, y, x + 24, y, stroke: s.secondaryInk, width: 1.5, dash: "2 3", role: "key")
    }
    return yy
  }
}
