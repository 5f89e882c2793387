import Query
import Rendering
import Tables

/// A notebook as a Word document (.docx): its headings and narrative as Word headings and
/// paragraphs, its tables as real Word tables (a repeated header row, numbers right-aligned,
/// symbols as they are, the notes under each table), and its charts as native Word charts, with
/// their figures in the chart, which a report editor can resize, restyle and re-colour in Word or
/// LibreOffice (docs/report-output.md says why these and not pictures).
///
/// Everything is built as XML values, escaped by construction.
public enum WordDocument {
  static let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
  static let r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let wp = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
  static let a = "http://schemas.openxmlformats.org/drawingml/2006/main"
  static let c = "http://schemas.openxmlformats.org/drawingml/2006/chart"

  public struct Failure: Error, CustomStringConvertible {
    public var description: String
  }

  /// The document's bytes.
  public static func bytes(
    _ document: NotebookDocument, results: [CellResult], settings: Export.Settings
  ) throws(Failure) -> [UInt8] {
    var builder = Builder(settings: settings)
    for piece in Export.pieces(document, results, settings) { builder.add(piece) }
    let title = document.title ?? builder.firstHeading ?? "cjnb notebook"
    do {
      return try ZipPackage.bytes(builder.parts(title: title))
    } catch {
      throw Failure(description: error.description)
    }
  }

  // MARK: - Building

  struct Builder {
    let settings: Export.Settings
    var body: [XMLElement] = []
    var charts: [(part: String, xml: XMLElement, workbook: [UInt8]?)] = []
    var figureCount = 0
    var tableCount = 0
    var firstHeading: String?

    init(settings: Export.Settings) { self.settings = settings }

    mutating func add(_ piece: Export.Piece) {
      switch piece {
      case .narrative(let text): narrative(text)
      case .command(let source):
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
          body.append(paragraph([run(String(line))], style: "Code"))
        }
      case .table(let frame, let table): self.table(frame, table)
      case .markdown(_, let frame): self.table(frame, frame.table)
      case .preformatted(let text): preformatted(text)
      case .chart(let chart, let text): self.chart(chart, text: text)
      case .paragraph(let text): body.append(paragraph(inline(text)))
      }
    }

    mutating func preformatted(_ text: String) {
      for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        body.append(paragraph([run(String(line))], style: "Code"))
      }
    }

    /// Markdown narrative, as far as reports use it: headings, paragraphs, bullet and numbered
    /// items, block quotes; bold, italic and code within a line. Anything else is kept as text.
    mutating func narrative(_ text: String) {
      var paragraphLines: [String] = []
      func flush() {
        if !paragraphLines.isEmpty {
          body.append(paragraph(inline(paragraphLines.joined(separator: " "))))
        }
        paragraphLines = []
      }
      var inFence = false
      for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let line = String(raw)
        let trimmed = line.trimmingSpaces()
        if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
          flush()
          inFence.toggle()
          continue
        }
        if inFence {
          body.append(paragraph([run(line)], style: "Code"))
          continue
        }
        if trimmed.isEmpty {
          flush()
          continue
        }
        if trimmed.hasPrefix("#") {
          let level = trimmed.prefix { $0 == "#" }.count
          let rest = trimmed.dropFirst(level)
          if level <= 6, rest.first == " " || rest.isEmpty {
            flush()
            let heading = String(rest).trimmingSpaces()
            if firstHeading == nil { firstHeading = heading }
            body.append(paragraph(inline(heading), style: "Heading\(min(level, 4))"))
            continue
          }
        }
        if let item = Self.listItem(trimmed) {
          flush()
          body.append(
            paragraph([run(item.marker + "\t")] + inline(item.text), style: "ListParagraph"))
          continue
        }
        if trimmed.hasPrefix(">") {
          flush()
          body.append(
            paragraph(inline(String(trimmed.dropFirst()).trimmingSpaces()), style: "Quote"))
          continue
        }
        paragraphLines.append(trimmed)
      }
      flush()
    }

    static func listItem(_ line: String) -> (marker: String, text: String)? {
      for bullet in ["- ", "* ", "+ "] where line.hasPrefix(bullet) {
        return ("•", String(line.dropFirst(2)))
      }
      let digits = line.prefix { $0.isNumber }
      if !digits.isEmpty, digits.count < 4 {
        let rest = line.dropFirst(digits.count)
        if rest.hasPrefix(". ") || rest.hasPrefix(") ") {
          return (digits + ".", String(rest.dropFirst(2)))
        }
      }
      return nil
    }

    /// Runs for one line of Markdown: `**bold**`, `*italic*` or `_italic_`, `` `code` ``, and
    /// `[text](url)` as its text followed by the address in brackets.
    func inline(_ text: String) -> [XMLElement] {
      var runs: [XMLElement] = []
      var current = ""
      var bold = false
      var italic = false
      var chars = Array(text)
      var i = 0
      func emit() {
        if !current.isEmpty { runs.append(run(current, bold: bold, italic: italic)) }
        current = ""
      }
      while i < chars.count {
        let ch = chars[i]
        if ch == "\\", i + 1 < chars.count {
          current.append(chars[i + 1])
          i += 2
          continue
        }
        if ch == "*" && i + 1 < chars.count && chars[i + 1] == "*"
          || ch == "_" && i + 1 < chars.count && chars[i + 1] == "_"
        {
          emit()
          bold.toggle()
          i += 2
          continue
        }
        if (ch == "*" || ch == "_")
          && (italic
            || (i + 1 < chars.count && !chars[i + 1].isWhitespace && chars[(i + 1)...].contains(ch)))
        {
          // An underscore inside a word (snake_case) is a letter, not emphasis.
          if ch == "_" && !italic && i > 0 && (chars[i - 1].isLetter || chars[i - 1].isNumber) {
            current.append(ch)
            i += 1
            continue
          }
          emit()
          italic.toggle()
          i += 1
          continue
        }
        if ch == "`", let end = chars[(i + 1)...].firstIndex(of: "`") {
          emit()
          runs.append(run(String(chars[(i + 1)..<end]), code: true))
          i = end + 1
          continue
        }
        if ch == "[", let close = chars[(i + 1)...].firstIndex(of: "]"), close + 1 < chars.count,
          chars[close + 1] == "(",
          let end = chars[(close + 2)...].firstIndex(of: ")")
        {
          current += String(chars[(i + 1)..<close])
          let url = String(chars[(close + 2)..<end])
          if !url.isEmpty && !url.hasPrefix("#") { current += " (\(url))" }
          i = end + 1
          continue
        }
        current.append(ch)
        i += 1
      }
      emit()
      chars = []
      return runs
    }

    func run(
      _ text: String, bold: Bool = false, italic: Bool = false, code: Bool = false, size: Int? = nil
    ) -> XMLElement {
      var props: [XMLNode] = []
      if code { props.append(.element(XMLElement("w:rStyle", [("w:val", "CodeChar")]))) }
      if bold { props.append(.element(XMLElement("w:b"))) }
      if italic { props.append(.element(XMLElement("w:i"))) }
      if let size { props.append(.element(XMLElement("w:sz", [("w:val", String(size))]))) }
      var children: [XMLNode] = props.isEmpty ? [] : [.element(XMLElement("w:rPr", [], props))]
      // Tabs are Word's own element; the rest is text, its spaces kept.
      let pieces = text.split(separator: "\t", omittingEmptySubsequences: false)
      for (k, piece) in pieces.enumerated() {
        if k > 0 { children.append(.element(XMLElement("w:tab"))) }
        if !piece.isEmpty {
          children.append(
            .element(XMLElement("w:t", [("xml:space", "preserve")], text: String(piece))))
        }
      }
      return XMLElement("w:r", [], children)
    }

    func paragraph(
      _ runs: [XMLElement], style: String? = nil, align: String? = nil, keepNext: Bool = false
    ) -> XMLElement {
      var props: [XMLNode] = []
      if let style { props.append(.element(XMLElement("w:pStyle", [("w:val", style)]))) }
      if keepNext { props.append(.element(XMLElement("w:keepNext"))) }
      if let align { props.append(.element(XMLElement("w:jc", [("w:val", align)]))) }
      return XMLElement(
        "w:p", [],
        (props.isEmpty ? [] : [.element(XMLElement("w:pPr", [], props))])
          + runs.map { .element($0) })
    }

    // MARK: Tables

    mutating func table(_ frame: Frame, _ table: Table) {
      tableCount += 1
      if let title = frame.title {
        body.append(
          paragraph([run("Table \(tableCount): " + title)], style: "Caption", keepNext: true))
      }
      let formats = CellText.formats(table)
      let right = table.columns.indices.map { table.alignsRight(column: $0) }
      let widthEach = max(600, 9000 / max(1, table.columns.count))
      var rows: [XMLNode] = []
      func cell(_ text: String, right: Bool, header: Bool) -> XMLNode {
        let tcPr = XMLElement(
          "w:tcPr", [],
          [.element(XMLElement("w:tcW", [("w:w", String(widthEach)), ("w:type", "dxa")]))])
        return .element(
          XMLElement(
            "w:tc", [],
            [
              .element(tcPr),
              .element(
                paragraph(
                  [run(text, bold: header)], style: "TableText", align: right ? "right" : nil)),
            ]))
      }
      // The header row repeats on each page and is marked as headers for screen readers.
      let headerProps = XMLElement(
        "w:trPr", [], [.element(XMLElement("w:tblHeader")), .element(XMLElement("w:cantSplit"))])
      rows.append(
        .element(
          XMLElement(
            "w:tr", [],
            [.element(headerProps)]
              + table.columns.indices.map {
                cell(table.columns[$0].name, right: right[$0], header: true)
              })))
      for r in 0..<table.rowCount {
        var cells: [XMLNode] = [
          .element(XMLElement("w:trPr", [], [.element(XMLElement("w:cantSplit"))]))
        ]
        for k in table.columns.indices {
          let v = table.value(row: r, column: k)
          cells.append(cell(CellText.shown(v, format: formats[k]), right: right[k], header: false))
        }
        rows.append(.element(XMLElement("w:tr", [], cells)))
      }
      let border: [XMLNode] = ["top", "left", "bottom", "right", "insideH", "insideV"].map {
        .element(
          XMLElement(
            "w:\($0)",
            [("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "B1B4B6")]))
      }
      let tblPr = XMLElement(
        "w:tblPr", [],
        [
          .element(XMLElement("w:tblStyle", [("w:val", "ReportTable")])),
          .element(XMLElement("w:tblW", [("w:w", "0"), ("w:type", "auto")])),
          .element(XMLElement("w:tblBorders", [], border)),
          .element(
            XMLElement(
              "w:tblLook",
              [
                ("w:val", "04A0"), ("w:firstRow", "1"), ("w:lastRow", "0"), ("w:firstColumn", "1"),
                ("w:lastColumn", "0"), ("w:noHBand", "1"), ("w:noVBand", "1"),
              ])),
        ] + (frame.title.map { [.element(XMLElement("w:tblCaption", [("w:val", $0)]))] } ?? []))
      let grid = XMLElement(
        "w:tblGrid", [],
        table.columns.indices.map { _ in
          .element(XMLElement("w:gridCol", [("w:w", String(widthEach))]))
        })
      body.append(XMLElement("w:tbl", [], [.element(tblPr), .element(grid)] + rows))
      for note in Export.tableNotes(frame, table, settings) {
        body.append(paragraph([run(note)], style: "TableNote"))
      }
      body.append(paragraph([], style: "TableNote"))
    }

    // MARK: Charts

    mutating func chart(_ chart: ChartData, text: String) {
      guard let drawn = WordChart.chartSpace(chart),
        let workbook = try? WorkbookWriter.dataWorkbook(drawn.data)
      else {
        // A kind Word draws no chart of (many small lines): the text drawing, in monospace.
        preformatted(text)
        return
      }
      figureCount += 1
      let n = charts.count + 1
      let part = "charts/chart\(n).xml"
      charts.append((part, drawn.xml, workbook))
      let title = chart.title ?? chart.funnelPlot?.title ?? chart.valueName
      body.append(
        paragraph([run("Figure \(figureCount): " + title)], style: "Caption", keepNext: true))
      let size = WordChart.size(chart)
      let inline = XMLElement(
        "wp:inline", [("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0")],
        [
          .element(XMLElement("wp:extent", [("cx", String(size.cx)), ("cy", String(size.cy))])),
          .element(
            XMLElement("wp:effectExtent", [("l", "0"), ("t", "0"), ("r", "0"), ("b", "0")])),
          .element(
            XMLElement(
              "wp:docPr",
              [
                ("id", String(n)), ("name", "Chart \(n)"), ("title", title),
                ("descr", SVGRenderer.description(chart)),
              ])),
          .element(XMLElement("wp:cNvGraphicFramePr")),
          .element(
            XMLElement(
              "a:graphic", [("xmlns:a", a)],
              [
                .element(
                  XMLElement(
                    "a:graphicData", [("uri", c)],
                    [
                      .element(
                        XMLElement(
                          "c:chart", [("xmlns:c", c), ("xmlns:r", r), ("r:id", "rIdChart\(n)")]))
                    ]))
              ])),
        ])
      body.append(
        paragraph(
          [XMLElement("w:r", [], [.element(XMLElement("w:drawing", [], [.element(inline)]))])],
          keepNext: true))
      var notes = chart.notes.map { settings.render.ascii ? ($0.ascii ?? $0.text) : $0.text }
      if chart.barsHaveIntervals { notes.append(ChartData.intervalKey) }
      if let source = chart.source { notes.append("Source: " + source) }
      for note in notes { body.append(paragraph([run(note)], style: "TableNote")) }
      body.append(paragraph([], style: "TableNote"))
    }

    // MARK: The package

    func parts(title: String) -> [(path: String, bytes: [UInt8])] {
      func x(_ e: XMLElement) -> [UInt8] { Array(e.document().utf8) }
      let sectPr = XMLElement(
        "w:sectPr", [],
        [
          .element(XMLElement("w:pgSz", [("w:w", "11906"), ("w:h", "16838")])),
          .element(
            XMLElement(
              "w:pgMar",
              [
                ("w:top", "1134"), ("w:right", "1134"), ("w:bottom", "1134"), ("w:left", "1134"),
                ("w:header", "567"), ("w:footer", "567"), ("w:gutter", "0"),
              ])),
        ])
      let document = XMLElement(
        "w:document",
        [("xmlns:w", w), ("xmlns:r", r), ("xmlns:wp", wp), ("xmlns:a", a), ("xmlns:c", c)],
        [
          .element(XMLElement("w:body", [], body.map { .element($0) } + [.element(sectPr)]))
        ])
      let wml = "application/vnd.openxmlformats-officedocument.wordprocessingml"
      let contentTypes = WorkbookWriter.contentTypes(
        [
          ("/word/document.xml", "\(wml).document.main+xml"),
          ("/word/styles.xml", "\(wml).styles+xml"), ("/word/settings.xml", "\(wml).settings+xml"),
        ] + WorkbookWriter.propertyParts
          + charts.map {
            (
              "/word/" + $0.part,
              "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
            )
          },
        // The charts' figures travel in embedded workbooks.
        defaults: charts.isEmpty
          ? [] : [("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
      let rootRels = WorkbookWriter.relationships([
        ("rId1", "\(r)/officeDocument", "word/document.xml"),
        (
          "rId2",
          "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
          "docProps/core.xml"
        ),
        ("rId3", "\(r)/extended-properties", "docProps/app.xml"),
      ])
      var documentRels = [
        ("rIdStyles", "\(r)/styles", "styles.xml"),
        ("rIdSettings", "\(r)/settings", "settings.xml"),
      ]
      for (k, chart) in charts.enumerated() {
        documentRels.append(("rIdChart\(k + 1)", "\(r)/chart", chart.part))
      }
      let core = XMLElement(
        "cp:coreProperties",
        [
          ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
          ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ],
        [
          .element(XMLElement("dc:title", text: title)),
          .element(XMLElement("dc:creator", text: "cjnb")),
          .element(XMLElement("dc:language", text: "en-GB")),
        ])
      let app = XMLElement(
        "Properties",
        [("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties")],
        [.element(XMLElement("Application", text: "cjnb"))])
      let settingsXML = XMLElement(
        "w:settings", [("xmlns:w", w)],
        [
          .element(XMLElement("w:defaultTabStop", [("w:val", "357")])),
          .element(
            XMLElement(
              "w:compat", [],
              [
                .element(
                  XMLElement(
                    "w:compatSetting",
                    [
                      ("w:name", "compatibilityMode"),
                      ("w:uri", "http://schemas.microsoft.com/office/word"), ("w:val", "15"),
                    ]))
              ])),
        ])
      var parts: [(path: String, bytes: [UInt8])] = [
        ("[Content_Types].xml", x(contentTypes)),
        ("_rels/.rels", x(rootRels)),
        ("docProps/core.xml", x(core)),
        ("docProps/app.xml", x(app)),
        ("word/document.xml", x(document)),
        ("word/_rels/document.xml.rels", x(WorkbookWriter.relationships(documentRels))),
        ("word/styles.xml", x(WordStyles.element())),
        ("word/settings.xml", x(settingsXML)),
      ]
      for (k, chart) in charts.enumerated() {
        parts.append(("word/" + chart.part, x(chart.xml)))
        if let workbook = chart.workbook {
          let name = "Microsoft_Excel_Worksheet\(k + 1).xlsx"
          parts.append(
            (
              "word/charts/_rels/chart\(k + 1).xml.rels",
              x(WorkbookWriter.relationships([("rId1", "\(r)/package", "../embeddings/" + name)]))
            ))
          parts.append(("word/embeddings/" + name, workbook))
        }
      }
      return parts
    }
  }
}

/// The styles a report editor finds by name: Normal, Title, Heading 1 to 4 (with outline levels,
/// so that the navigation pane and a table of contents see them), Caption, Table Text, Table
/// Note, Quote, List Paragraph and Code.
enum WordStyles {
  static func element() -> XMLElement {
    func style(
      _ id: String, _ name: String, type: String = "paragraph", basedOn: String? = "Normal",
      next: String? = nil, outline: Int? = nil,
      bold: Bool = false, italic: Bool = false, size: Int? = nil, font: String? = nil,
      colour: String? = nil, before: Int? = nil, after: Int? = nil,
      keepNext: Bool = false, indent: Int? = nil, isDefault: Bool = false
    ) -> XMLNode {
      var attrs: [(String, String)] = [("w:type", type), ("w:styleId", id)]
      if isDefault { attrs.append(("w:default", "1")) }
      var children: [XMLNode] = [.element(XMLElement("w:name", [("w:val", name)]))]
      if let basedOn { children.append(.element(XMLElement("w:basedOn", [("w:val", basedOn)]))) }
      if let next { children.append(.element(XMLElement("w:next", [("w:val", next)]))) }
      children.append(.element(XMLElement("w:qFormat")))
      if type == "paragraph" {
        var p: [XMLNode] = []
        if keepNext { p.append(.element(XMLElement("w:keepNext"))) }
        if before != nil || after != nil {
          p.append(
            .element(
              XMLElement(
                "w:spacing", [("w:before", String(before ?? 0)), ("w:after", String(after ?? 0))])))
        }
        if let indent {
          p.append(
            .element(
              XMLElement("w:ind", [("w:left", String(indent)), ("w:hanging", String(indent))])))
        }
        if let outline {
          p.append(.element(XMLElement("w:outlineLvl", [("w:val", String(outline))])))
        }
        if !p.isEmpty { children.append(.element(XMLElement("w:pPr", [], p))) }
      }
      var rp: [XMLNode] = []
      if let font {
        rp.append(
          .element(XMLElement("w:rFonts", [("w:ascii", font), ("w:hAnsi", font), ("w:cs", font)])))
      }
      if bold { rp.append(.element(XMLElement("w:b"))) }
      if italic { rp.append(.element(XMLElement("w:i"))) }
      if let colour { rp.append(.element(XMLElement("w:color", [("w:val", colour)]))) }
      if let size { rp.append(.element(XMLElement("w:sz", [("w:val", String(size))]))) }
      if !rp.isEmpty { children.append(.element(XMLElement("w:rPr", [], rp))) }
      return .element(XMLElement("w:style", attrs, children))
    }
    let defaults = XMLElement(
      "w:docDefaults", [],
      [
        .element(
          XMLElement(
            "w:rPrDefault", [],
            [
              .element(
                XMLElement(
                  "w:rPr", [],
                  [
                    .element(
                      XMLElement(
                        "w:rFonts",
                        [
                          ("w:ascii", "Arial"), ("w:hAnsi", "Arial"), ("w:cs", "Arial"),
                          ("w:eastAsia", "Arial"),
                        ])),
                    .element(XMLElement("w:sz", [("w:val", "22")])),
                    .element(XMLElement("w:lang", [("w:val", "en-GB")])),
                  ]))
            ])),
        .element(
          XMLElement(
            "w:pPrDefault", [],
            [
              .element(
                XMLElement(
                  "w:pPr", [],
                  [
                    .element(
                      XMLElement(
                        "w:spacing",
                        [("w:after", "120"), ("w:line", "276"), ("w:lineRule", "auto")]))
                  ]))
            ])),
      ])
    let tableStyle = XMLNode.element(
      XMLElement(
        "w:style", [("w:type", "table"), ("w:styleId", "ReportTable")],
        [
          .element(XMLElement("w:name", [("w:val", "Report Table")])),
          .element(
            XMLElement(
              "w:tblPr", [],
              [
                .element(
                  XMLElement(
                    "w:tblCellMar", [],
                    [
                      .element(XMLElement("w:left", [("w:w", "85"), ("w:type", "dxa")])),
                      .element(XMLElement("w:right", [("w:w", "85"), ("w:type", "dxa")])),
                    ]))
              ])),
          .element(
            XMLElement(
              "w:tblStylePr", [("w:type", "firstRow")],
              [
                .element(XMLElement("w:rPr", [], [.element(XMLElement("w:b"))])),
                .element(
                  XMLElement(
                    "w:tcPr", [],
                    [
                      .element(
                        XMLElement(
                          "w:shd", [("w:val", "clear"), ("w:color", "auto"), ("w:fill", "F3F2F1")]))
                    ])),
              ])),
        ]))
    return XMLElement(
      "w:styles", [("xmlns:w", WordDocument.w)],
      [
        .element(defaults),
        style("Normal", "Normal", basedOn: nil, isDefault: true),
        style("Title", "Title", next: "Normal", bold: true, size: 40, after: 240),
        style(
          "Heading1", "heading 1", next: "Normal", outline: 0, bold: true, size: 32, before: 360,
          after: 120, keepNext: true),
        style(
          "Heading2", "heading 2", next: "Normal", outline: 1, bold: true, size: 28, before: 280,
          after: 100, keepNext: true),
        style(
          "Heading3", "heading 3", next: "Normal", outline: 2, bold: true, size: 24, before: 240,
          after: 80, keepNext: true),
        style(
          "Heading4", "heading 4", next: "Normal", outline: 3, bold: true, size: 22, before: 200,
          after: 60, keepNext: true),
        style(
          "Caption", "caption", next: "Normal", bold: true, size: 20, before: 200, after: 80,
          keepNext: true),
        style("TableText", "Table Text", size: 18, before: 20, after: 20),
        style("TableNote", "Table Note", size: 16, colour: "505A5F", before: 20, after: 20),
        style("Quote", "Quote", italic: true, indent: 0),
        style("ListParagraph", "List Paragraph", indent: 357),
        style("Code", "Code", size: 17, font: "Consolas", before: 0, after: 0),
        style("CodeChar", "Code Char", type: "character", basedOn: nil, font: "Consolas"),
        tableStyle,
      ])
  }
}

/// A chart as a native Word chart part (DrawingML): bars (with a rate's interval as error bars
/// and Scotland in the darker colour), lines over periods (gaps left as gaps), funnel stages,
/// and funnel plots as a scatter of the areas with the benchmark and control limits as lines.
enum WordChart {
  static let c = WordDocument.c
  static let a = WordDocument.a

  /// 1, 2 or 5 times a power of ten, at or above `x`.
  static func niceStep(_ x: Double) -> Double {
    guard x > 0, x.isFinite else { return 1 }
    var m = 1.0
    while m * 10 <= x { m *= 10 }
    while m > x { m /= 10 }
    for k in [1.0, 2.0, 5.0, 10.0] where k * m >= x { return k * m }
    return 10 * m
  }

  /// The chart's size in EMU: 16 cm wide, as tall as its bars need.
  static func size(_ chart: ChartData) -> (cx: Int, cy: Int) {
    let cm = 360_000
    switch chart.kind {
    case .bar, .funnel:
      return (
        16 * cm, min(23 * cm, Int(Double(cm) * (2.0 + 0.75 * Double(max(1, chart.bars.count)))))
      )
    case .line, .spark: return (16 * cm, 9 * cm)
    case .funnelPlot: return (16 * cm, 11 * cm)
    }
  }

  /// A chart part, or nil for a kind Word has no chart of (sparklines of more than eight series).
  static func chartSpace(_ chart: ChartData) -> (
    xml: XMLElement, data: [(header: String, cells: [WorkbookWriter.GridCell])]
  )? {
    let style = SVGStyle.standard
    func hex(_ s: String) -> String { String(s.dropFirst()) }
    func v(_ name: String, _ value: String) -> XMLNode {
      .element(XMLElement("c:" + name, [("val", value)]))
    }
    func fill(_ colour: String) -> XMLNode {
      .element(
        XMLElement("a:solidFill", [], [.element(XMLElement("a:srgbClr", [("val", hex(colour))]))]))
    }
    func spPr(_ children: [XMLNode]) -> XMLNode { .element(XMLElement("c:spPr", [], children)) }
    func line(_ colour: String?, width: Int = 19050, dash: String? = nil) -> XMLNode {
      guard let colour else {
        return .element(XMLElement("a:ln", [], [.element(XMLElement("a:noFill"))]))
      }
      var children: [XMLNode] = [fill(colour)]
      if let dash { children.append(.element(XMLElement("a:prstDash", [("val", dash)]))) }
      return .element(XMLElement("a:ln", [("w", String(width))], children))
    }
    // The figures go in the chart (its cache, which Word and LibreOffice draw) and in the
    // embedded sheet the references point at (which Word's Edit Data opens); a column of the same
    // figures is written once.
    var columns: [(header: String, cells: [WorkbookWriter.GridCell])] = []
    func column(_ header: String, _ cells: [WorkbookWriter.GridCell]) -> String {
      if let k = columns.firstIndex(where: { $0.cells == cells }) {
        return WorkbookWriter.columnName(k)
      }
      columns.append((header, cells))
      return WorkbookWriter.columnName(columns.count - 1)
    }
    func range(_ letter: String, _ count: Int) -> XMLNode {
      .element(XMLElement("c:f", text: "Sheet1!$\(letter)$2:$\(letter)$\(max(2, count + 1))"))
    }
    func strLit(_ values: [String], header: String = "label") -> XMLNode {
      let letter = column(header, values.map { .text($0) })
      let cache = XMLElement(
        "c:strCache", [],
        [v("ptCount", String(values.count))]
          + values.enumerated().map { k, s in
            .element(
              XMLElement("c:pt", [("idx", String(k))], [.element(XMLElement("c:v", text: s))]))
          })
      return .element(XMLElement("c:strRef", [], [range(letter, values.count), .element(cache)]))
    }
    func numLit(_ values: [Double?], format: String = "General", header: String = "value")
      -> XMLNode
    {
      let letter = column(header, values.map { $0.map { .number($0) } ?? .empty })
      var children: [XMLNode] = [
        .element(XMLElement("c:formatCode", text: format)), v("ptCount", String(values.count)),
      ]
      for (k, value) in values.enumerated() {
        if let value, value.isFinite {
          children.append(
            .element(
              XMLElement(
                "c:pt", [("idx", String(k))],
                [.element(XMLElement("c:v", text: NumberFormatting.data(value)))])))
        }
      }
      return .element(
        XMLElement(
          "c:numRef", [],
          [range(letter, values.count), .element(XMLElement("c:numCache", [], children))]))
    }
    func tx(_ name: String) -> XMLNode {
      .element(XMLElement("c:tx", [], [.element(XMLElement("c:v", text: name))]))
    }
    func axisTitle(_ text: String) -> XMLNode {
      .element(
        XMLElement(
          "c:title", [],
          [
            .element(
              XMLElement(
                "c:tx", [],
                [
                  .element(
                    XMLElement(
                      "c:rich", [],
                      [
                        .element(XMLElement("a:bodyPr")),
                        .element(
                          XMLElement(
                            "a:p", [],
                            [
                              .element(
                                XMLElement(
                                  "a:pPr", [],
                                  [.element(XMLElement("a:defRPr", [("sz", "900"), ("b", "0")]))])),
                              .element(
                                XMLElement(
                                  "a:r", [],
                                  [
                                    .element(
                                      XMLElement(
                                        "a:rPr", [("lang", "en-GB"), ("sz", "900"), ("b", "0")])),
                                    .element(XMLElement("a:t", text: text)),
                                  ])),
                            ])),
                      ]))
                ])),
            v("overlay", "0"),
          ]))
    }
    let format = WorkbookWriter.formatCode(chart.format)
    var plot: [XMLNode] = [.element(XMLElement("c:layout"))]
    var axes: [XMLNode] = []
    var legend = false

    func catAx(_ id: String, cross: String, reversed: Bool, position: String, delete: Bool = false)
      -> XMLNode
    {
      .element(
        XMLElement(
          "c:catAx", [],
          [
            v("axId", id),
            .element(
              XMLElement("c:scaling", [], [v("orientation", reversed ? "maxMin" : "minMax")])),
            v("delete", delete ? "1" : "0"),
            v("axPos", position), v("majorTickMark", "out"), v("minorTickMark", "none"),
            v("tickLblPos", "low"),
            spPr([line(style.ink, width: 9525)]), v("crossAx", cross), v("crosses", "autoZero"),
            v("auto", "1"), v("lblAlgn", "ctr"), v("lblOffset", "100"),
            v("tickLblSkip", "1"), v("noMultiLvlLbl", "0"),
          ]))
    }
    func valAx(
      _ id: String, cross: String, position: String, title: String?, numberFormat: String,
      crosses: String = "autoZero", min: Double? = nil, max: Double? = nil
    ) -> XMLNode {
      var scaling: [XMLNode] = [v("orientation", "minMax")]
      if let max { scaling.append(v("max", NumberFormatting.data(max))) }
      if let min { scaling.append(v("min", NumberFormatting.data(min))) }
      var children: [XMLNode] = [
        v("axId", id), .element(XMLElement("c:scaling", [], scaling)), v("delete", "0"),
        v("axPos", position),
        .element(XMLElement("c:majorGridlines", [], [spPr([line(style.grid, width: 6350)])])),
      ]
      if let title { children.append(axisTitle(title)) }
      children += [
        .element(XMLElement("c:numFmt", [("formatCode", numberFormat), ("sourceLinked", "0")])),
        v("majorTickMark", "out"), v("minorTickMark", "none"),
        v("tickLblPos", "nextTo"), spPr([line(style.ink, width: 9525)]), v("crossAx", cross),
        v("crosses", crosses), v("crossBetween", "between"),
      ]
      return .element(XMLElement("c:valAx", [], children))
    }
    func flags() -> [XMLNode] {
      [
        v("showLegendKey", "0"), v("showVal", "1"), v("showCatName", "0"), v("showSerName", "0"),
        v("showPercent", "0"), v("showBubbleSize", "0"),
      ]
    }
    /// Figures at each bar's base; white on the darker bars of highlighted areas.
    func dataLabels(_ format: String, light: [Int] = []) -> XMLNode {
      let white = XMLElement(
        "c:txPr", [],
        [
          .element(XMLElement("a:bodyPr")), .element(XMLElement("a:lstStyle")),
          .element(
            XMLElement(
              "a:p", [],
              [
                .element(
                  XMLElement(
                    "a:pPr", [],
                    [
                      .element(
                        XMLElement("a:defRPr", [("sz", "900"), ("b", "1")], [fill("#FFFFFF")]))
                    ])),
                .element(XMLElement("a:endParaRPr", [("lang", "en-GB")])),
              ])),
        ])
      let each: [XMLNode] = light.map { k in
        .element(
          XMLElement(
            "c:dLbl", [],
            [
              v("idx", String(k)),
              .element(XMLElement("c:numFmt", [("formatCode", format), ("sourceLinked", "0")])),
              .element(white), v("dLblPos", "inBase"),
            ] + flags()))
      }
      return .element(
        XMLElement(
          "c:dLbls", [],
          each + [
            .element(XMLElement("c:numFmt", [("formatCode", format), ("sourceLinked", "0")])),
            // At the bar's base, clear of the whiskers at its end.
            v("dLblPos", "inBase"),
            v("showLegendKey", "0"), v("showVal", "1"), v("showCatName", "0"),
            v("showSerName", "0"), v("showPercent", "0"), v("showBubbleSize", "0"),
          ]))
    }

    switch chart.kind {
    case .bar, .funnel:
      let bars = chart.bars
      // Missing bars keep their place; their symbol is in the label, so the gap says why.
      let labels = bars.map { b in
        b.value == nil ? "\(b.label) \(SVGRenderer.number(nil, b.missing, chart.format))" : b.label
      }
      var series: [XMLNode] = [
        v("idx", "0"), v("order", "0"), tx(chart.kind == .funnel ? "count" : chart.valueName),
        spPr([fill(style.ordinary)]), v("invertIfNegative", "0"),
      ]
      for (k, b) in bars.enumerated() where b.highlighted {
        series.append(
          .element(
            XMLElement(
              "c:dPt", [],
              [
                v("idx", String(k)), v("invertIfNegative", "0"), v("bubble3D", "0"),
                spPr([fill(style.highlight)]),
              ])))
      }
      series.append(dataLabels(format, light: bars.indices.filter { bars[$0].highlighted }))
      // Labels and figures first in the embedded sheet, the intervals after them.
      let categories = strLit(labels, header: chart.kind == .funnel ? "stage" : "label")
      let figures = numLit(
        bars.map(\.value), format: format, header: chart.kind == .funnel ? "count" : chart.valueName
      )
      if bars.contains(where: { $0.upper != nil }) {
        let plus = bars.map { b -> Double? in b.value.flatMap { v in b.upper.map { $0 - v } } ?? 0 }
        let minus = bars.map { b -> Double? in b.value.flatMap { v in b.lower.map { v - $0 } } ?? 0
        }
        series.append(
          .element(
            XMLElement(
              "c:errBars", [],
              [
                v("errBarType", "both"), v("errValType", "cust"), v("noEndCap", "0"),
                .element(
                  XMLElement(
                    "c:plus", [], [numLit(plus, header: "upper limit minus \(chart.valueName)")])),
                .element(
                  XMLElement(
                    "c:minus", [], [numLit(minus, header: "\(chart.valueName) minus lower limit")])),
                spPr([line(style.ink, width: 15875)]),
              ])))
      }
      series.append(.element(XMLElement("c:cat", [], [categories])))
      series.append(.element(XMLElement("c:val", [], [figures])))
      plot.append(
        .element(
          XMLElement(
            "c:barChart", [],
            [
              v("barDir", "bar"), v("grouping", "clustered"), v("varyColors", "0"),
              .element(XMLElement("c:ser", [], series)), v("gapWidth", "40"), v("axId", "1"),
              v("axId", "2"),
            ])))
      axes = [
        catAx("1", cross: "2", reversed: true, position: "l"),
        valAx(
          "2", cross: "1", position: "b", title: chart.kind == .funnel ? "count" : chart.valueName,
          numberFormat: format, crosses: "max"),
      ]
    case .line, .spark:
      guard chart.series.count <= 8 else { return nil }
      let markers = ["circle", "square", "triangle", "diamond", "x", "star", "dash", "plus"]
      let dashes = [
        "solid", "dash", "sysDot", "dashDot", "sysDash", "lgDash", "lgDashDot", "lgDashDotDot",
      ]
      var lineChart: [XMLNode] = [v("grouping", "standard"), v("varyColors", "0")]
      for (i, s) in chart.series.enumerated() {
        let colour = style.series[i % style.series.count]
        lineChart.append(
          .element(
            XMLElement(
              "c:ser", [],
              [
                v("idx", String(i)), v("order", String(i)), tx(s.name),
                spPr([
                  line(colour, width: s.highlighted ? 38100 : 22225, dash: dashes[i % dashes.count])
                ]),
                .element(
                  XMLElement(
                    "c:marker", [],
                    [
                      v("symbol", markers[i % markers.count]), v("size", s.highlighted ? "7" : "5"),
                      spPr([fill(colour), line(colour, width: 9525)]),
                    ])),
                .element(
                  XMLElement(
                    "c:cat", [], [strLit(chart.periods.map(\.description), header: "period")])),
                .element(
                  XMLElement("c:val", [], [numLit(s.values, format: format, header: s.name)])),
                v("smooth", "0"),
              ])))
      }
      lineChart += [v("marker", "1"), v("axId", "1"), v("axId", "2")]
      plot.append(.element(XMLElement("c:lineChart", [], lineChart)))
      axes = [
        catAx("1", cross: "2", reversed: false, position: "b"),
        valAx("2", cross: "1", position: "l", title: chart.valueName, numberFormat: format),
      ]
      legend = chart.series.count > 1
    case .funnelPlot:
      guard let p = chart.funnelPlot else { return nil }
      let pointFormat = WorkbookWriter.formatCode(p.format)
      var scatter: [XMLNode] = [v("scatterStyle", "lineMarker"), v("varyColors", "0")]
      let named = p.points.filter(\.highlighted).map(\.label)
      let pointsName =
        "areas (▲ ▼ outside the 95% limits"
        + (named.isEmpty ? ")" : ", ◆ " + named.joined(separator: ", ") + ")")
      var points: [XMLNode] = [
        v("idx", "0"), v("order", "0"), tx(pointsName), spPr([line(nil)]),
        .element(
          XMLElement(
            "c:marker", [],
            [
              v("symbol", "circle"), v("size", "6"),
              spPr([fill(style.ordinary), line("#FFFFFF", width: 6350)]),
            ])),
      ]
      for (k, point) in p.points.enumerated() where point.highlighted || point.position.isOutside {
        let symbol = point.highlighted ? "diamond" : "triangle"
        points.append(
          .element(
            XMLElement(
              "c:dPt", [],
              [
                v("idx", String(k)),
                .element(
                  XMLElement(
                    "c:marker", [],
                    [
                      v("symbol", symbol), v("size", point.highlighted ? "9" : "7"),
                      spPr([fill(style.highlight), line("#FFFFFF", width: 6350)]),
                    ])),
                v("bubble3D", "0"),
              ])))
      }
      points.append(
        .element(
          XMLElement("c:xVal", [], [numLit(p.points.map(\.denominator), header: p.denominatorName)])
        ))
      points.append(
        .element(
          XMLElement(
            "c:yVal", [], [numLit(p.points.map(\.value), format: pointFormat, header: p.valueName)])
        ))
      points.append(v("smooth", "0"))
      let smallest = p.points.map(\.denominator).min() ?? 0
      let limits = p.limitsAlongAxis().filter { $0.denominator >= smallest * 0.5 }
      let curves: [(String, String, String, [Double])] = [
        (
          "\(p.benchmarkLabel) \(p.format.string(p.benchmark))", style.ink, "solid",
          limits.map { _ in p.benchmark }
        ),
        ("95% limits", style.secondaryInk, "dash", limits.map(\.upper95)),
        ("95% limits", style.secondaryInk, "dash", limits.map(\.lower95)),
        ("99.8% limits", style.secondaryInk, "sysDot", limits.map(\.upper998)),
        ("99.8% limits", style.secondaryInk, "sysDot", limits.map(\.lower998)),
      ]
      // The limits first and the areas last: LibreOffice reads a scatter's first series' x values
      // as every series', so the series that share them go first.
      for (k, curve) in curves.enumerated() {
        scatter.append(
          .element(
            XMLElement(
              "c:ser", [],
              [
                v("idx", String(k + 1)), v("order", String(k)), tx(curve.0),
                spPr([line(curve.1, width: 15875, dash: curve.2)]),
                .element(XMLElement("c:marker", [], [v("symbol", "none")])),
                .element(
                  XMLElement(
                    "c:xVal", [],
                    [numLit(limits.map(\.denominator), header: "\(p.denominatorName) (limits)")])),
                .element(
                  XMLElement(
                    "c:yVal", [],
                    [
                      numLit(
                        curve.3.map { $0 }, format: pointFormat,
                        header: k == 0
                          ? curve.0
                          : [
                            "", "upper 95% limit", "lower 95% limit", "upper 99.8% limit",
                            "lower 99.8% limit",
                          ][k])
                    ])),
                v("smooth", "0"),
              ])))
      }
      points[1] = v("order", String(curves.count))
      scatter.append(.element(XMLElement("c:ser", [], points)))
      scatter += [v("axId", "1"), v("axId", "2")]
      plot.append(.element(XMLElement("c:scatterChart", [], scatter)))
      var values = p.points.map(\.value) + [p.benchmark]
      if let l = limits.first { values += [l.lower998, l.upper998] }
      let low = Swift.max(0, values.min() ?? 0)
      let high = p.isProportion ? Swift.min(100, values.max() ?? 100) : (values.max() ?? 1)
      let step = niceStep((high - low) / 5)
      axes = [
        valAx(
          "1", cross: "2", position: "b", title: p.denominatorName, numberFormat: "#,##0", min: 0,
          max: p.denominatorMax),
        valAx(
          "2", cross: "1", position: "l", title: p.valueName, numberFormat: pointFormat,
          min: (low / step).rounded(.down) * step, max: (high / step).rounded(.up) * step),
      ]
      legend = true
    }
    var chartChildren: [XMLNode] = [
      v("autoTitleDeleted", "1"), .element(XMLElement("c:plotArea", [], plot + axes)),
    ]
    if legend {
      // A funnel plot's lower limits share their upper limits' entries.
      let hidden: [XMLNode] =
        chart.kind == .funnelPlot
        ? [2, 4].map { k in
          .element(XMLElement("c:legendEntry", [], [v("idx", String(k)), v("delete", "1")]))
        } : []
      chartChildren.append(
        .element(XMLElement("c:legend", [], [v("legendPos", "b")] + hidden + [v("overlay", "0")])))
    }
    chartChildren += [v("plotVisOnly", "1"), v("dispBlanksAs", "gap")]
    let text = XMLElement(
      "c:txPr", [],
      [
        .element(XMLElement("a:bodyPr")), .element(XMLElement("a:lstStyle")),
        .element(
          XMLElement(
            "a:p", [],
            [
              .element(
                XMLElement(
                  "a:pPr", [],
                  [
                    .element(
                      XMLElement(
                        "a:defRPr", [("sz", "900")],
                        [
                          fill(style.ink), .element(XMLElement("a:latin", [("typeface", "Arial")])),
                        ]))
                  ])), .element(XMLElement("a:endParaRPr", [("lang", "en-GB")])),
            ])),
      ])
    let xml = XMLElement(
      "c:chartSpace", [("xmlns:c", c), ("xmlns:a", a), ("xmlns:r", WordDocument.r)],
      [
        v("date1904", "0"), v("lang", "en-GB"), v("roundedCorners", "0"),
        .element(XMLElement("c:chart", [], chartChildren)),
        spPr([fill("#FFFFFF"), line(nil)]),
        .element(text),
        // The embedded sheet of the figures (the chart part's relationship rId1).
        .element(XMLElement("c:externalData", [("r:id", "rId1")], [v("autoUpdate", "0")])),
      ])
    return (xml, columns)
  }
}

extension String {
  func trimmingSpaces() -> String {
    var s = Substring(self)
    while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
    while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
    return String(s)
  }
}
