import Foundation

/// An OpenDocument spreadsheet (.ods, as LibreOffice saves it): its sheets, and any of them as
/// the CSV text LibreOffice would save, which the CSV reader then reads on the same terms as a
/// sheet of an .xlsx workbook.
///
/// The package is a zip of XML like .xlsx; the cells are in `content.xml`, as `table:table`
/// (a sheet), `table:table-row` and `table:table-cell`, each with its type (`office:value-type`)
/// and value (`office:value`, `office:date-value`, ...) and the text shown (`text:p`). Rows and
/// cells may say they repeat (`table:number-rows-repeated`, `table:number-columns-repeated`):
/// LibreOffice ends every sheet with a million empty rows that way. Empty repeats cost nothing;
/// repeats that hold something are filled in against the same bounds as a workbook's cells
/// (`Workbook.Limits`), so a few bytes claiming a billion cells are refused with the limit named.
public struct OpenDocument {
  public let path: String
  /// The sheets, in the order of their tabs.
  public let sheets: [String]
  private let content: [UInt8]

  /// Opens the spreadsheet at `path`.
  public init(path: String) throws(FileError) {
    self.path = path
    let file = try FileBytes.map(path)
    guard file.count > 0 else { throw FileError(.empty, path: path, message: "is empty (0 bytes)") }
    guard file.count <= Workbook.Limits.fileBytes else {
      throw FileError(
        .tooLarge, path: path,
        message:
          "is \(file.count >> 20) MB, more than the \(Workbook.Limits.fileBytes >> 20) MB cjnb reads as a spreadsheet",
        hint: "save the sheet as CSV and load that")
    }
    let archive = try Workbook.openPackage(
      file.bytes, path: path, kind: "an OpenDocument spreadsheet",
      notZipHint: "save it again from LibreOffice as .ods, or the sheet as CSV",
      maker: "LibreOffice")
    guard archive["content.xml"] != nil else {
      let isExcel = archive["xl/workbook.xml"] != nil
      throw FileError(
        .unreadable, path: path,
        message: "is a zip package but not an OpenDocument spreadsheet (no content.xml)",
        hint: isExcel
          ? "it is an Excel workbook: rename it to .xlsx and load that"
          : "save it again from LibreOffice as .ods, or the sheet as CSV")
    }
    content = try Workbook.extract(archive, "content.xml", path: path)
    var names: [String] = []
    var scanner = XMLScanner(content)
    var depth = 0
    do {
      while let event = try scanner.next() {
        switch event {
        case .start(let name, let attributes, let empty):
          guard XMLScanner.localName(name) == "table",
            name.hasPrefix("table:") || !name.contains(":")
          else { continue }
          if depth == 0 { names.append(attributes["table:name"] ?? "Sheet\(names.count + 1)") }
          if !empty { depth += 1 }
        case .end(let name):
          if XMLScanner.localName(name) == "table"
            && (name.hasPrefix("table:") || !name.contains(":"))
          {
            depth = max(0, depth - 1)
          }
        case .text: break
        }
      }
    } catch {
      throw Self.damaged(path, error)
    }
    guard !names.isEmpty else { throw FileError(.empty, path: path, message: "has no sheets") }
    sheets = names
  }

  /// The sheet called `name` (case ignored), or the only one when `name` is nil: as .xlsx picks.
  public func sheet(named name: String?) throws(FileError) -> String {
    sheets[try Workbook.sheetIndex(named: name, in: sheets, path: path)]
  }

  /// The cells of the sheet called `sheet`, row by row from the first.
  func grid(of sheet: String) throws(FileError) -> Workbook.Grid {
    var grid = Workbook.Grid()
    var scanner = XMLScanner(content)
    var textBytes = 0
    let limits = Workbook.Limits.self
    func tooMany(_ what: String) -> FileError {
      FileError(
        .tooLarge, path: path, message: "sheet \"\(sheet)\" claims \(what)",
        hint:
          "the file is damaged or made to be too large: save the sheet as CSV from LibreOffice and load that"
      )
    }
    do {
      var depth = 0
      var inSheet = false
      var row = 0
      var column = 0
      var cells: [(column: Int, text: String)] = []
      var rowRepeats = 1
      var rowErrors: [(column: Int, error: String)] = []
      var inRow = false
      while let event = try scanner.next() {
        switch event {
        case .start(let name, let attributes, let empty):
          let local = XMLScanner.localName(name)
          if local == "table" && !name.hasPrefix("office:") {
            if depth == 0 && !inSheet && attributes["table:name"] == sheet { inSheet = true }
            if !empty { depth += 1 } else if inSheet { return grid }
            continue
          }
          guard inSheet, depth == 1 else { continue }
          switch local {
          case "table-row":
            rowRepeats = Self.repeats(attributes["table:number-rows-repeated"])
            cells = []
            rowErrors = []
            column = 0
            if empty {
              row += rowRepeats
              guard row <= limits.rows else {
                throw tooMany("more than Excel's \(NumberFormatting.count(limits.rows, "row"))")
              }
            } else {
              inRow = true
            }
          case "table-cell",
            "covered-table-cell" where inRow:
            let count = Self.repeats(attributes["table:number-columns-repeated"])
            let shown = empty ? "" : try Self.shownText(&scanner, closing: name)
            let text = Self.value(attributes, shown: shown)
            if Self.isError(attributes, shown) {
              rowErrors.append((min(column, limits.columns - 1), shown.isEmpty ? "#VALUE!" : shown))
            } else if !text.isEmpty {
              guard column + count <= limits.columns else {
                throw tooMany(
                  "a cell beyond column \(Workbook.columnName(limits.columns - 1)) in row \(row + 1)"
                )
              }
              for k in 0..<count {
                textBytes += text.utf8.count
                guard textBytes <= limits.sheetTextBytes else {
                  throw tooMany("more than \(limits.sheetTextBytes >> 20) MB of text")
                }
                cells.append((column + k, text))
              }
              grid.width = max(grid.width, column + count)
            }
            column += count
          default: break
          }
        case .end(let name):
          let local = XMLScanner.localName(name)
          if local == "table" && !name.hasPrefix("office:") {
            depth -= 1
            if inSheet && depth == 0 { return grid }
            continue
          }
          guard inSheet, depth == 1, local == "table-row", inRow else { continue }
          inRow = false
          for copy in 0..<min(rowRepeats, 100) {
            for e in rowErrors {
              grid.errors.append(
                (cell: "\(Workbook.columnName(e.column))\(row + 1 + copy)", error: e.error))
            }
          }
          if cells.isEmpty {
            row += rowRepeats
            guard row <= limits.rows else {
              throw tooMany("more than Excel's \(NumberFormatting.count(limits.rows, "row"))")
            }
            continue
          }
          // A row that holds something, repeated: each copy is a row of the table.
          guard row + rowRepeats <= limits.rows else {
            throw tooMany("more than Excel's \(NumberFormatting.count(limits.rows, "row"))")
          }
          let bytes = cells.reduce(0) { $0 + $1.text.utf8.count }
          if rowRepeats > 1 {
            textBytes += bytes * (rowRepeats - 1)
            guard textBytes <= limits.sheetTextBytes else {
              throw tooMany("more than \(limits.sheetTextBytes >> 20) MB of text")
            }
          }
          for _ in 0..<rowRepeats {
            row += 1
            grid.rows.append((row, cells))
          }
          // The rectangle the rows span, checked as they come rather than once they are all in.
          guard row * grid.width <= limits.gridCells else {
            try grid.checkSize(sheet: sheet, path: path); continue
          }
        case .text: break
        }
      }
    } catch {
      throw Self.damaged(path, error)
    }
    return grid
  }

  /// A repeat count: 1 when absent or unreadable. Bounded by the caller against the grid.
  static func repeats(_ text: String?) -> Int {
    guard let text, let n = Int(text.trimming(" ")), n >= 1 else { return 1 }
    return min(n, Workbook.Limits.rows + 1)
  }

  /// The text of a cell's paragraphs, one line each; spaces (`text:s`), tabs and line breaks as
  /// written; comments (`office:annotation`) are not the cell's text.
  static func shownText(_ scanner: inout XMLScanner, closing cell: String) throws(XMLScanner
    .Malformed) -> String
  {
    var text = ""
    var paragraphs = 0
    var skipping = 0
    var depth = 0
    while let event = try scanner.next() {
      switch event {
      case .text(let t): if skipping == 0 { text += t }
      case .start(let name, let attributes, let empty):
        let local = XMLScanner.localName(name)
        if skipping > 0 {
          if !empty { skipping += 1 }
          continue
        }
        if local == "annotation" || local == "table" {
          if !empty { skipping = 1 }
          continue
        }
        switch local {
        case "p", "h":
          if paragraphs > 0 { text += "\n" }
          paragraphs += 1
        case "s":
          text += String(
            repeating: " ", count: min(max(1, Int(attributes["text:c"] ?? "1") ?? 1), 256))
        case "tab": text += "\t"
        case "line-break": text += "\n"
        default: break
        }
        if !empty { depth += 1 }
      case .end(let name):
        if skipping > 0 {
          skipping -= 1
          continue
        }
        if depth == 0 {
          guard XMLScanner.localName(name) == XMLScanner.localName(cell) else {
            throw XMLScanner.Malformed(offset: 0, message: "</\(name)> where </\(cell)> belongs")
          }
          return text
        }
        depth -= 1
      }
    }
    throw XMLScanner.Malformed(offset: 0, message: "a cell that never closes")
  }

  /// What the cell shows, as text the CSV reader reads back to the same value: numbers from
  /// their full value, percentages as shown (`45.2%`), dates as `2021-07-31`.
  static func value(_ attributes: [String: String], shown: String) -> String {
    switch attributes["office:value-type"] ?? attributes["calcext:value-type"] {
    case "float"?, "currency"?:
      guard let v = attributes["office:value"].flatMap({ Double($0.trimming(" ")) }) else {
        return shown
      }
      return Workbook.significant(v)
    case "percentage"?:
      guard let v = attributes["office:value"].flatMap({ Double($0.trimming(" ")) }), v.isFinite
      else { return shown }
      // The places LibreOffice shows: 45.2% has one.
      let places =
        shown.split(separator: ".").dropFirst().first.map { $0.prefix { $0.isNumber }.count } ?? 0
      return NumberFormatting.format(v * 100, decimals: min(places, 15), grouping: false) + "%"
    case "date"?:
      guard let d = attributes["office:date-value"], d.count >= 10 else { return shown }
      let day = String(d.prefix(10))
      if let t = d.firstIndex(of: "T") {
        let time = d[d.index(after: t)...].prefix(5)
        if time.count == 5 && time != "00:00" { return day + " " + time }
      }
      return day
    case "boolean"?:
      switch attributes["office:boolean-value"]?.lowercased() {
      case "true"?: return "TRUE"
      case "false"?: return "FALSE"
      default: return shown
      }
    default:
      // A string may be held in an attribute rather than shown in paragraphs.
      return shown.isEmpty ? attributes["office:string-value"] ?? "" : shown
    }
  }

  /// A formula that failed: LibreOffice marks it `calcext:value-type="error"`, and older files
  /// only show its code.
  static func isError(_ attributes: [String: String], _ text: String) -> Bool {
    if attributes["calcext:value-type"] == "error" { return true }
    guard attributes["table:formula"] != nil else { return false }
    return [
      "#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "Err:502", "Err:504",
      "Err:508", "Err:511",
    ].contains(text)
  }

  private static func damaged(_ path: String, _ error: any Error) -> FileError {
    if let error = error as? FileError { return error }
    let detail =
      (error as? XMLScanner.Malformed).map { "\($0.message) at byte \($0.offset)" } ?? "\(error)"
    return FileError(
      .unreadable, path: path, message: "has a damaged content.xml: \(detail)",
      hint: "open and save it again in LibreOffice, or save the sheet as CSV")
  }
}

extension OpenDocument {
  /// Reads the sheet called `name` (or the only one) as a table, as `Workbook.read` does.
  public static func read(path: String, sheet name: String?, options: CSVOptions = CSVOptions())
    throws(FileError) -> (result: CSVResult, sheet: String)
  {
    let document = try OpenDocument(path: path)
    let sheet = try document.sheet(named: name)
    let grid = try document.grid(of: sheet)
    var front: [String: Workbook.Grid] = [:]
    for other in document.sheets where other != sheet && Workbook.isFrontMatter(other) {
      front[other] = try? document.grid(of: other)
    }
    return try Workbook.finish(grid: grid, front: front, sheet: sheet, path: path, options: options)
  }
}
