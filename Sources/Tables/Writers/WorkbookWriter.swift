/// A table as an Excel workbook in the accessible-table style of the Government Statistical
/// Service ("Releasing statistics in spreadsheets"): a cover sheet with the title, the source and
/// what the workbook holds; a notes sheet; the table on a sheet of its own under its title, with
/// one header row, marked as an Excel table. Numbers are numbers with a number format; a missing
/// figure is its symbol as published (`[c]`, `[x]`), and a marked one its figure and marker as
/// text (`123[p]`), which is what cjnb's `load` reads back.
///
/// ```
/// let bytes = try WorkbookWriter.bytes(table, title: "Cases commenced", notes: ["..."])
/// ```
public enum WorkbookWriter {
  public struct Refusal: Error, CustomStringConvertible {
    public var description: String
  }

  /// Excel's limits, which a workbook that opens without repair keeps within.
  public static let maxRows = 1_048_576
  public static let maxColumns = 16_384
  public static let maxCellText = 32_767

  /// The name of the sheet that holds the table.
  public static let tableSheet = "Table_1"

  static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
  static let pkg = "http://schemas.openxmlformats.org/package/2006/relationships"

  /// The workbook's bytes. `notes` are the table's notes as shown under it, with the meaning of
  /// its symbols; `source` is its source line.
  public static func bytes(_ table: Table, title: String?, notes: [String], source: String?)
    throws(Refusal) -> [UInt8]
  {
    let parts = try self.parts(table, title: title, notes: notes, source: source)
    do {
      return try ZipPackage.bytes(parts)
    } catch {
      throw Refusal(description: error.description)
    }
  }

  /// The package's parts, for a workbook of its own or one inside another package (a chart's data).
  public static func parts(_ table: Table, title: String?, notes: [String], source: String?)
    throws(Refusal) -> [(path: String, bytes: [UInt8])]
  {
    guard table.rowCount + 5 <= maxRows else {
      throw Refusal(
        description:
          "\(NumberFormatting.count(table.rowCount, "row")) are more than an Excel sheet holds (1,048,576 with its title and header)"
      )
    }
    guard table.columns.count <= maxColumns else {
      throw Refusal(
        description: "\(table.columns.count) columns are more than an Excel sheet holds (16,384)")
    }
    let heading = title ?? "Table 1"
    var allNotes = notes
    if let label = table.provenance.label, !allNotes.contains(label) { allNotes.append(label) }

    var styles = Styles()
    let cover = try coverSheet(heading, rows: table.rowCount, notes: allNotes.count, source: source)
    let notesSheet = try notesSheet(allNotes)
    let (tableSheetXML, tableXML) = try tableSheet(table, heading, source: source, styles: &styles)

    func x(_ e: XMLElement) -> [UInt8] { Array(e.document().utf8) }
    let sheetType = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
    let sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    let contentTypes = contentTypes(
      [
        ("/xl/workbook.xml", "\(sml).sheet.main+xml"),
        ("/xl/worksheets/sheet1.xml", sheetType), ("/xl/worksheets/sheet2.xml", sheetType),
        ("/xl/worksheets/sheet3.xml", sheetType), ("/xl/tables/table1.xml", "\(sml).table+xml"),
        ("/xl/styles.xml", "\(sml).styles+xml"),
      ] + propertyParts)
    let rootRels = relationships([
      (
        "rId1",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument",
        "xl/workbook.xml"
      ),
      (
        "rId2",
        "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
        "docProps/core.xml"
      ),
      (
        "rId3",
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
        "docProps/app.xml"
      ),
    ])
    let workbook = XMLElement(
      "workbook", [("xmlns", main), ("xmlns:r", rel)],
      [
        .element(
          XMLElement("bookViews", [], [.element(XMLElement("workbookView", [("activeTab", "0")]))])),
        .element(
          XMLElement(
            "sheets", [],
            [
              .element(
                XMLElement("sheet", [("name", "Cover"), ("sheetId", "1"), ("r:id", "rId1")])),
              .element(
                XMLElement("sheet", [("name", "Notes"), ("sheetId", "2"), ("r:id", "rId2")])),
              .element(
                XMLElement("sheet", [("name", tableSheet), ("sheetId", "3"), ("r:id", "rId3")])),
            ])),
      ])
    let workbookRels = relationships([
      ("rId1", "\(rel)/worksheet", "worksheets/sheet1.xml"),
      ("rId2", "\(rel)/worksheet", "worksheets/sheet2.xml"),
      ("rId3", "\(rel)/worksheet", "worksheets/sheet3.xml"),
      ("rId4", "\(rel)/styles", "styles.xml"),
    ])
    let sheetRels = relationships([("rId1", "\(rel)/table", "../tables/table1.xml")])
    let core = XMLElement(
      "cp:coreProperties",
      [
        ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
        ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
      ],
      [
        .element(XMLElement("dc:title", text: heading)),
        .element(XMLElement("dc:creator", text: "cjnb")),
        .element(XMLElement("dc:language", text: "en-GB")),
      ])
    let app = XMLElement(
      "Properties",
      [("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties")],
      [.element(XMLElement("Application", text: "cjnb"))])
    return [
      ("[Content_Types].xml", x(contentTypes)),
      ("_rels/.rels", x(rootRels)),
      ("docProps/core.xml", x(core)),
      ("docProps/app.xml", x(app)),
      ("xl/workbook.xml", x(workbook)),
      ("xl/_rels/workbook.xml.rels", x(workbookRels)),
      ("xl/styles.xml", x(styles.element())),
      ("xl/worksheets/sheet1.xml", x(cover)),
      ("xl/worksheets/sheet2.xml", x(notesSheet)),
      ("xl/worksheets/sheet3.xml", x(tableSheetXML)),
      ("xl/worksheets/_rels/sheet3.xml.rels", x(sheetRels)),
      ("xl/tables/table1.xml", x(tableXML)),
    ]
  }

  /// A cell of a plain data sheet.
  public enum GridCell: Equatable, Sendable {
    case text(String)
    case number(Double)
    case empty
  }

  /// A workbook of one sheet, `Sheet1`, with a header row and columns beneath: the data behind a
  /// chart, embedded in a Word document so that Word's Edit Data opens it.
  public static func dataWorkbook(_ columns: [(header: String, cells: [GridCell])]) throws(Refusal)
    -> [UInt8]
  {
    let height = columns.map(\.cells.count).max() ?? 0
    guard height + 1 <= maxRows, columns.count <= maxColumns else {
      throw Refusal(description: "the chart's data is more than a sheet holds")
    }
    var header: [XMLElement] = []
    for (k, column) in columns.enumerated() {
      header.append(try textCell("\(columnName(k))1", column.header, style: Styles.bold))
    }
    var rows = [row(1, header)]
    for r in 0..<height {
      var cells: [XMLElement] = []
      for (k, column) in columns.enumerated() where r < column.cells.count {
        let ref = "\(columnName(k))\(r + 2)"
        switch column.cells[r] {
        case .text(let s): cells.append(try textCell(ref, s))
        case .number(let x) where x.isFinite:
          cells.append(
            XMLElement(
              "c", [("r", ref)], [.element(XMLElement("v", [], text: NumberFormatting.data(x)))]))
        default: continue
        }
      }
      rows.append(row(r + 2, cells))
    }
    func x(_ e: XMLElement) -> [UInt8] { Array(e.document().utf8) }
    let sml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    let contentTypes = contentTypes([
      ("/xl/workbook.xml", "\(sml).sheet.main+xml"),
      ("/xl/worksheets/sheet1.xml", "\(sml).worksheet+xml"),
      ("/xl/styles.xml", "\(sml).styles+xml"),
    ])
    let workbook = XMLElement(
      "workbook", [("xmlns", main), ("xmlns:r", rel)],
      [
        .element(
          XMLElement(
            "sheets", [],
            [
              .element(
                XMLElement("sheet", [("name", "Sheet1"), ("sheetId", "1"), ("r:id", "rId1")]))
            ]))
      ])
    let parts: [(path: String, bytes: [UInt8])] = [
      ("[Content_Types].xml", x(contentTypes)),
      ("_rels/.rels", x(relationships([("rId1", "\(rel)/officeDocument", "xl/workbook.xml")]))),
      ("xl/workbook.xml", x(workbook)),
      (
        "xl/_rels/workbook.xml.rels",
        x(
          relationships([
            ("rId1", "\(rel)/worksheet", "worksheets/sheet1.xml"),
            ("rId2", "\(rel)/styles", "styles.xml"),
          ]))
      ),
      ("xl/styles.xml", x(Styles().element())),
      (
        "xl/worksheets/sheet1.xml",
        x(sheet(rows, widths: columns.map { c in Double(min(40, max(10, c.header.count + 2))) }))
      ),
    ]
    do {
      return try ZipPackage.bytes(parts)
    } catch {
      throw Refusal(description: error.description)
    }
  }

  /// `[Content_Types].xml` of an Office package: the defaults for `.rels` and `.xml`, then
  /// `defaults` (extension, content type), then an override (part, content type) per part, in
  /// order. One place for the workbooks and Word documents alike, beside `relationships`.
  public static func contentTypes(
    _ overrides: [(part: String, type: String)], defaults: [(String, String)] = []
  ) -> XMLElement {
    let allDefaults =
      [
        ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
        ("xml", "application/xml"),
      ]
      + defaults
    return XMLElement(
      "Types", [("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")],
      allDefaults.map {
        .element(XMLElement("Default", [("Extension", $0.0), ("ContentType", $0.1)]))
      }
        + overrides.map {
          .element(XMLElement("Override", [("PartName", $0.part), ("ContentType", $0.type)]))
        })
  }

  /// The content types of the parts every package holds: its core and app properties.
  public static let propertyParts: [(part: String, type: String)] = [
    ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml"),
    ("/docProps/app.xml", "application/vnd.openxmlformats-officedocument.extended-properties+xml"),
  ]

  public static func relationships(_ list: [(String, String, String)]) -> XMLElement {
    XMLElement(
      "Relationships", [("xmlns", pkg)],
      list.map {
        .element(XMLElement("Relationship", [("Id", $0.0), ("Type", $0.1), ("Target", $0.2)]))
      })
  }

  /// `A`, `B`, ... `Z`, `AA`: a column's letters.
  public static func columnName(_ index: Int) -> String {
    var n = index + 1
    var s = ""
    while n > 0 {
      let r = (n - 1) % 26
      s = String(UnicodeScalar(UInt8(65 + r))) + s
      n = (n - 1) / 26
    }
    return s
  }

  static func textCell(_ ref: String, _ text: String, style: Int = 0) throws(Refusal) -> XMLElement
  {
    guard text.count <= maxCellText else {
      throw Refusal(
        description:
          "cell \(ref) holds \(NumberFormatting.count(text.count, "character")), more than the 32,767 an Excel cell holds"
      )
    }
    var t = XMLElement("t", [], text: text)
    if text.first?.isWhitespace == true || text.last?.isWhitespace == true || text.contains("\n") {
      t.attributes.append(("xml:space", "preserve"))
    }
    var a: [(String, String)] = [("r", ref)]
    if style != 0 { a.append(("s", String(style))) }
    a.append(("t", "inlineStr"))
    return XMLElement("c", a, [.element(XMLElement("is", [], [.element(t)]))])
  }

  static func row(_ number: Int, _ cells: [XMLElement]) -> XMLElement {
    XMLElement("row", [("r", String(number))], cells.map { .element($0) })
  }

  static func sheet(_ rows: [XMLElement], widths: [Double], extra: [XMLElement] = []) -> XMLElement
  {
    var children: [XMLNode] = []
    if !widths.isEmpty {
      children.append(
        .element(
          XMLElement(
            "cols", [],
            widths.enumerated().map { k, w in
              .element(
                XMLElement(
                  "col",
                  [
                    ("min", String(k + 1)), ("max", String(k + 1)),
                    ("width", String(Int(w.rounded()))), ("customWidth", "1"),
                  ]))
            })))
    }
    children.append(.element(XMLElement("sheetData", [], rows.map { .element($0) })))
    return XMLElement(
      "worksheet", [("xmlns", main), ("xmlns:r", rel)], children + extra.map { .element($0) })
  }

  static func coverSheet(_ title: String, rows: Int, notes: Int, source: String?) throws(Refusal)
    -> XMLElement
  {
    var lines: [(String, Int)] = [
      (title, Styles.title),
      (
        "This workbook holds one table, on the worksheet \(tableSheet), of \(NumberFormatting.count(rows, "row")), and its notes on the worksheet Notes.",
        0
      ),
      ("Source", Styles.bold), (source ?? "cjnb", 0),
      ("Notes", Styles.bold),
      (
        notes == 0
          ? "There are no notes."
          : "\(NumberFormatting.count(notes, "note")) on the Notes worksheet: the table's caveats and the meaning of its symbols.",
        0
      ),
      ("Contents", Styles.bold), ("\(tableSheet): \(title)", 0),
    ]
    lines = lines.filter { !$0.0.isEmpty }
    var out: [XMLElement] = []
    for (k, line) in lines.enumerated() {
      out.append(row(k + 1, [try textCell("A\(k + 1)", line.0, style: line.1)]))
    }
    return sheet(out, widths: [100])
  }

  static func notesSheet(_ notes: [String]) throws(Refusal) -> XMLElement {
    var out = [row(1, [try textCell("A1", "Notes", style: Styles.title)])]
    out.append(
      row(
        2,
        [
          try textCell(
            "A2",
            notes.isEmpty
              ? "There are no notes for this table."
              : "This worksheet holds one table of \(NumberFormatting.count(notes.count, "note")).")
        ]))
    if !notes.isEmpty {
      out.append(
        row(
          3,
          [
            try textCell("A3", "Note number", style: Styles.bold),
            try textCell("B3", "Note text", style: Styles.bold),
          ]))
      for (k, note) in notes.enumerated() {
        out.append(
          row(
            k + 4, [try textCell("A\(k + 4)", "[note \(k + 1)]"), try textCell("B\(k + 4)", note)]))
      }
    }
    return sheet(out, widths: [14, 100])
  }

  static func tableSheet(_ table: Table, _ title: String, source: String?, styles: inout Styles)
    throws(Refusal) -> (XMLElement, XMLElement)
  {
    var out = [row(1, [try textCell("A1", title, style: Styles.title)])]
    out.append(
      row(
        2,
        [
          try textCell(
            "A2",
            "This worksheet holds one table. Its notes are on the worksheet Notes."
              + (source.map { " Source: " + ($0.hasSuffix(".") ? $0 : $0 + ".") } ?? ""))
        ]))
    let headerRow = 3
    let columns = table.columns
    var names = Set<String>()
    var header: [XMLElement] = []
    for (c, column) in columns.enumerated() {
      // An Excel table's column names are its header cells, unique and never empty.
      var name = column.name.isEmpty ? "column \(c + 1)" : column.name
      while names.contains(name.lowercased()) { name += "_" }
      names.insert(name.lowercased())
      header.append(
        try textCell(
          "\(columnName(c))\(headerRow)", name,
          style: table.alignsRight(column: c) ? Styles.headerRight : Styles.bold))
    }
    out.append(row(headerRow, header))
    let formats = CellText.formats(table)
    let numberStyles = formats.map { $0.map { styles.style(for: $0) } }
    var widths = columns.map { Double(max(8, min(60, $0.name.count + 2))) }
    for r in 0..<table.rowCount {
      let n = headerRow + 1 + r
      var cells: [XMLElement] = []
      for c in columns.indices {
        let ref = "\(columnName(c))\(n)"
        let v = table.value(row: r, column: c)
        switch v {
        case .number(let x, nil) where x.isFinite:
          cells.append(
            XMLElement(
              "c", [("r", ref), ("s", String(numberStyles[c] ?? 0))],
              [.element(XMLElement("v", [], text: NumberFormatting.data(x)))]))
          widths[c] = max(widths[c], Double(min(60, (formats[c]?.string(x).count ?? 8) + 2)))
        case .missing(.empty):
          continue
        default:
          let text = CellText.data(v)
          cells.append(
            try textCell(ref, text, style: table.alignsRight(column: c) ? Styles.right : 0))
          widths[c] = max(widths[c], Double(min(60, text.count + 2)))
        }
      }
      out.append(row(n, cells))
    }
    let last = "\(columnName(max(0, columns.count - 1)))\(headerRow + max(1, table.rowCount))"
    let ref = "A\(headerRow):\(last)"
    let tablePart = XMLElement(
      "tableParts", [("count", "1")], [.element(XMLElement("tablePart", [("r:id", "rId1")]))])
    var tableColumns = XMLElement("tableColumns", [("count", String(columns.count))])
    var seen = Set<String>()
    for (c, column) in columns.enumerated() {
      var name = column.name.isEmpty ? "column \(c + 1)" : column.name
      while seen.contains(name.lowercased()) { name += "_" }
      seen.insert(name.lowercased())
      tableColumns.append(XMLElement("tableColumn", [("id", String(c + 1)), ("name", name)]))
    }
    let tableXML = XMLElement(
      "table",
      [
        ("xmlns", main), ("id", "1"), ("name", tableSheet), ("displayName", tableSheet),
        ("ref", ref),
        ("headerRowCount", "1"), ("totalsRowShown", "0"),
      ],
      [
        .element(XMLElement("autoFilter", [("ref", ref)])),
        .element(tableColumns),
        .element(
          XMLElement(
            "tableStyleInfo",
            [
              ("name", "TableStyleLight1"), ("showFirstColumn", "0"), ("showLastColumn", "0"),
              ("showRowStripes", "0"), ("showColumnStripes", "0"),
            ])),
      ])
    return (sheet(out, widths: widths, extra: [tablePart]), tableXML)
  }

  /// The number format Excel shows a cjnb format with: separators, decimals, a sign for changes,
  /// a percent sign after the figure (the cell holds 71.1, not 0.711, as the table does).
  public static func formatCode(_ f: NumberFormat) -> String {
    var code = f.usesGrouping ? "#,##0" : "0"
    if f.decimals > 0 { code += "." + String(repeating: "0", count: min(f.decimals, 15)) }
    if f.isPercent { code += "\"%\"" }
    if f.isSigned { return "+\(code);-\(code);\(code)" }
    return code
  }

  /// The cell formats: the fixed ones, then one per number format used.
  struct Styles {
    static let bold = 1
    static let title = 2
    static let right = 3
    static let headerRight = 4
    var codes: [String] = []

    mutating func style(for format: NumberFormat) -> Int {
      let code = WorkbookWriter.formatCode(format)
      if let k = codes.firstIndex(of: code) { return 5 + k }
      codes.append(code)
      return 4 + codes.count
    }

    func element() -> XMLElement {
      func font(bold: Bool, size: Int) -> XMLNode {
        .element(
          XMLElement(
            "font", [],
            (bold ? [.element(XMLElement("b"))] : []) + [
              .element(XMLElement("sz", [("val", String(size))])),
              .element(XMLElement("name", [("val", "Arial")])),
            ]))
      }
      var xfs: [XMLNode] = [
        .element(
          XMLElement(
            "xf",
            [("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0")])
        ),
        .element(
          XMLElement(
            "xf",
            [
              ("numFmtId", "0"), ("fontId", "1"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"),
              ("applyFont", "1"),
            ])),
        .element(
          XMLElement(
            "xf",
            [
              ("numFmtId", "0"), ("fontId", "2"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"),
              ("applyFont", "1"),
            ])),
        .element(
          XMLElement(
            "xf",
            [
              ("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"),
              ("applyAlignment", "1"),
            ],
            [.element(XMLElement("alignment", [("horizontal", "right")]))])),
        .element(
          XMLElement(
            "xf",
            [
              ("numFmtId", "0"), ("fontId", "1"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"),
              ("applyFont", "1"), ("applyAlignment", "1"),
            ],
            [.element(XMLElement("alignment", [("horizontal", "right")]))])),
      ]
      for k in codes.indices {
        xfs.append(
          .element(
            XMLElement(
              "xf",
              [
                ("numFmtId", String(164 + k)), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"),
                ("xfId", "0"), ("applyNumberFormat", "1"),
              ])))
      }
      var children: [XMLNode] = []
      if !codes.isEmpty {
        children.append(
          .element(
            XMLElement(
              "numFmts", [("count", String(codes.count))],
              codes.enumerated().map { k, code in
                .element(
                  XMLElement("numFmt", [("numFmtId", String(164 + k)), ("formatCode", code)]))
              })))
      }
      children += [
        .element(
          XMLElement(
            "fonts", [("count", "3")],
            [font(bold: false, size: 11), font(bold: true, size: 11), font(bold: true, size: 15)])),
        .element(
          XMLElement(
            "fills", [("count", "2")],
            [
              .element(
                XMLElement(
                  "fill", [], [.element(XMLElement("patternFill", [("patternType", "none")]))])),
              .element(
                XMLElement(
                  "fill", [], [.element(XMLElement("patternFill", [("patternType", "gray125")]))])),
            ])),
        .element(
          XMLElement(
            "borders", [("count", "1")],
            [
              .element(
                XMLElement(
                  "border", [],
                  ["left", "right", "top", "bottom", "diagonal"].map { .element(XMLElement($0)) }))
            ])),
        .element(
          XMLElement(
            "cellStyleXfs", [("count", "1")],
            [
              .element(
                XMLElement(
                  "xf", [("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0")]))
            ])),
        .element(XMLElement("cellXfs", [("count", String(xfs.count))], xfs)),
        .element(
          XMLElement(
            "cellStyles", [("count", "1")],
            [
              .element(
                XMLElement("cellStyle", [("name", "Normal"), ("xfId", "0"), ("builtinId", "0")]))
            ])),
      ]
      return XMLElement("styleSheet", [("xmlns", WorkbookWriter.main)], children)
    }
  }
}
