import Foundation

extension Workbook.Grid {
  /// Refuses a sheet whose rectangle from A1 to its last filled cell is past the limit, before
  /// any work on its rows.
  func checkSize(sheet: String, path: String) throws(FileError) {
    let limits = Workbook.Limits.self
    let lastRow = rows.reduce(0) { $1.cells.isEmpty ? $0 : max($0, $1.number) }
    guard lastRow * width <= limits.gridCells else {
      let corner = "\(Workbook.columnName(max(0, width - 1)))\(lastRow)"
      throw FileError(
        .tooLarge, path: path,
        message:
          "sheet \"\(sheet)\" spans A1:\(corner), \(NumberFormatting.count(lastRow * width, "cell")), more than the \(NumberFormatting.count(limits.gridCells, "cell")) cjnb reads from a sheet",
        hint: "delete the stray cells far from the table, or save the table as CSV")
    }
  }

  /// The rows as CSV text: every row from the first, padded to the used width as Excel's own
  /// CSV is, so that a line number is the sheet's row number.
  func csv(sheet: String, path: String) throws(FileError) -> Workbook.SheetText {
    let limits = Workbook.Limits.self
    let tooLong = FileError(
      .tooLarge, path: path,
      message:
        "sheet \"\(sheet)\" would be more than \(limits.sheetTextBytes >> 20) MB of text once its shared strings are filled in",
      hint: "save the sheet as CSV and load that")
    var out: [UInt8] = []
    try checkSize(sheet: sheet, path: path)
    let filled = rows.filter { !$0.cells.isEmpty }.sorted(by: { $0.number < $1.number })
    var line = 1
    for row in filled {
      while line < row.number {
        out.append(contentsOf: repeatElement(UInt8(ascii: ","), count: max(0, width - 1)))
        out.append(0x0A)
        line += 1
        if out.count > limits.sheetTextBytes { throw tooLong }
      }
      var fields = [String](repeating: "", count: width)
      for (column, text) in row.cells where column < width { fields[column] = text }
      for (k, field) in fields.enumerated() {
        if k > 0 { out.append(UInt8(ascii: ",")) }
        Workbook.appendQuoted(field, to: &out)
        if out.count > limits.sheetTextBytes { throw tooLong }
      }
      out.append(0x0A)
      line += 1
    }
    return Workbook.SheetText(bytes: out, errorCells: errors)
  }
}

extension Workbook {
  /// Reads the sheet called `name` (or the only one) as a table. Errors and notes name rows as
  /// the sheet numbers them; a note says which cells held spreadsheet errors. The cover, notes
  /// and contents sheets are read too, for what the table's notes and symbols mean.
  public static func read(path: String, sheet name: String?, options: CSVOptions = CSVOptions())
    throws(FileError) -> (result: CSVResult, sheet: String)
  {
    let workbook = try Workbook(path: path)
    let sheet = try workbook.sheet(named: name)
    let grid = try workbook.grid(of: sheet)
    var front: [String: Grid] = [:]
    for other in workbook.sheets where other != sheet && isFrontMatter(other.name) {
      front[other.name] = try? workbook.grid(of: other)
    }
    return try finish(grid: grid, front: front, sheet: sheet.name, path: path, options: options)
  }

  /// A sheet's cells read as a published table: its layout recognised (`PublishedLayout`), then
  /// read as CSV text by the CSV reader.
  static func finish(
    grid original: Grid, front: [String: Grid], sheet: String, path: String, options: CSVOptions
  ) throws(FileError) -> (result: CSVResult, sheet: String) {
    try original.checkSize(sheet: sheet, path: path)
    var grid = original
    var layout = PublishedLayout(front: front)
    if options.skipLines == nil { layout.prepare(&grid) }
    let text = try grid.csv(sheet: sheet, path: path)
    guard !text.bytes.isEmpty else {
      throw FileError(.empty, path: path, message: "sheet \"\(sheet)\" has no cells with values")
    }
    var result: CSVResult
    do {
      result = try CSVReader.read(bytes: text.bytes, name: path, options: options)
    } catch {
      var error = error
      error.sheet = sheet
      throw error
    }
    if !text.errorCells.isEmpty {
      let shown = text.errorCells.prefix(4).map { "\($0.cell) \($0.error)" }.joined(separator: ", ")
      let more = text.errorCells.count > 4 ? " and \(text.errorCells.count - 4) more" : ""
      result.notes.append(
        "\(NumberFormatting.count(text.errorCells.count, "cell")) held a spreadsheet error and read as empty: \(shown)\(more)"
      )
    }
    layout.tidy(&result)
    result.table.provenance.source = path
    return (result, sheet)
  }
}
