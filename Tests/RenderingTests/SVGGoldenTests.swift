import Foundation
import Query
import Rendering
import Tables
import Testing

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// The SVG drawing of every chart case, against reviewed golden files (`Golden/NAME.svg`; review
/// them in a browser, then `RECORD_GOLDEN=1`).
@Suite("SVG charts against reviewed golden files")
struct SVGGoldenTests {

  /// Whether `text` is well-formed XML, with the parser's complaint when not.
  static func wellFormed(_ text: String) -> String? {
    let parser = XMLParser(data: Data(text.utf8))
    return parser.parse()
      ? nil
      : "\(parser.parserError.map { "\($0)" } ?? "not well-formed") at line \(parser.lineNumber)"
  }

  @Test(arguments: ChartCases.all.map(\.0))
  func golden(name: String) throws {
    let chart = try #require(ChartCases.all.first { $0.0 == name }?.1)
    let svg = SVGRenderer.document(chart)
    #expect(Self.wellFormed(svg) == nil, "\(name): \(Self.wellFormed(svg) ?? "")")
    try ChartGoldenTests.matchGolden(svg, file: "\(name).svg")
  }

  @Test func theSameChartGivesTheSameBytes() {
    for (_, chart) in ChartCases.all {
      #expect(SVGRenderer.document(chart) == SVGRenderer.document(chart))
    }
  }

  @Test func userTextIsEscapedByConstruction() {
    var chart = ChartCases.bars(
      .bar,
      [
        ChartData.Bar(label: "<script>alert(1)</script>", value: 3),
        ChartData.Bar(label: "A & \"B\"", value: 2),
      ])
    chart.title = "</text><script>x</script> & \u{1} <![CDATA["
    chart.notes = [Note("note <b>bold</b>")]
    chart.source = "a & b"
    let svg = SVGRenderer.document(chart)
    #expect(Self.wellFormed(svg) == nil)
    #expect(!svg.contains("<script>"))
    #expect(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(svg.contains("A &amp; &quot;B&quot;") || svg.contains("A &amp; \"B\""))
  }

  /// WCAG 2.1 relative luminance of `#RRGGBB`.
  static func luminance(_ hex: String) -> Double {
    let v = Int(hex.dropFirst(), radix: 16) ?? 0
    func channel(_ c: Int) -> Double {
      let s = Double(c) / 255
      return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * channel(v >> 16 & 0xFF) + 0.7152 * channel(v >> 8 & 0xFF) + 0.0722
      * channel(v & 0xFF)
  }

  static func contrast(_ a: String, _ b: String) -> Double {
    let (x, y) = (luminance(a), luminance(b))
    return (max(x, y) + 0.05) / (min(x, y) + 0.05)
  }

  /// Every colour that draws data is at least 3:1 against the white ground (WCAG 1.4.11), text
  /// at least 4.5:1 (1.4.3), and a highlighted bar is darker than the others by enough to tell
  /// them apart printed in greyscale.
  @Test func coloursPassContrastAndPrintInGreyscale() {
    let style = SVGStyle.standard
    for colour in [style.ordinary, style.highlight] + style.series {
      #expect(
        Self.contrast(colour, "#FFFFFF") >= 3, "\(colour): \(Self.contrast(colour, "#FFFFFF"))")
    }
    for colour in [style.ink, style.secondaryInk] {
      #expect(Self.contrast(colour, "#FFFFFF") >= 4.5, "\(colour)")
    }
    #expect(Self.contrast(style.ordinary, style.highlight) >= 2.5)
    // Series are told apart by dash and marker as well as colour: as many dashes as colours.
    for (name, chart) in ChartCases.all where chart.kind == .line {
      let svg = SVGRenderer.document(chart)
      let dashes = Set(
        svg.split(separator: "<").filter { $0.contains("class=\"series\"") }.map {
          $0.contains("stroke-dasharray")
            ? String($0.split(separator: "stroke-dasharray=\"")[1].prefix { $0 != "\"" }) : "solid"
        })
      #expect(
        dashes.count
          == Set(chart.series.indices.filter { i in chart.series[i].values.contains { $0 != nil } })
          .count || chart.series.count == 1, "\(name): \(dashes)")
    }
  }

  @Test func whiskersGapsAndSymbolsAreDrawn() throws {
    let whiskers = try #require(ChartCases.all.first { $0.0 == "bar-whiskers" }?.1)
    let svg = SVGRenderer.document(whiskers)
    #expect(svg.contains("class=\"whisker\""))
    #expect(svg.contains("65.9%–73.9%"))
    #expect(svg.contains(">[c]</text>"))
    var line = ChartCases.series(
      .line,
      [ChartData.Series(name: "Fife", values: [1, nil, 3], missing: [nil, .confidential, nil])],
      periods: Array(ChartCases.years.prefix(3)))
    line.source = "illustrative"
    let drawn = SVGRenderer.document(line)
    #expect(drawn.contains(">[c]</text>"))
    #expect(drawn.contains(">Source: illustrative</text>"))
    #expect(!drawn.contains("<polyline"), "a gap breaks the line: no two points in a row")
  }

  @Test func theTitleNamesTheDrawing() throws {
    let chart = try #require(ChartCases.all.first?.1)
    let svg = SVGRenderer.document(chart)
    #expect(svg.contains("role=\"img\""))
    #expect(svg.contains("<title>a chart</title>"))
  }
}
