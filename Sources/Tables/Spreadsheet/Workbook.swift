import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// An Excel workbook (.xlsx, as published tables come): its worksheets, and any of them as the
/// CSV text Excel itself would save, which the CSV reader then reads with everything it knows
/// about published tables (title rows, notes below, missing symbols, numbers as written).
///
/// Each sheet row becomes one line, so a line number in a message is the sheet's row number.
/// Cells are written as Excel shows their values: percentages (a `%` format) as `45.2%`, dates as
/// `2021-07-31`, numbers to 15 significant digits, booleans as TRUE and FALSE. Cells holding a
/// spreadsheet error (`#DIV/0!`, `#N/A`) are written empty and counted.
public struct Workbook {
  public struct Sheet: Sendable, Equatable {
    public let name: String
    /// The part in the package that holds its cells, e.g. `xl/worksheets/sheet1.xml`.
    let part: String
  }

  /// A sheet as CSV.
  public struct SheetText {
    public var bytes: [UInt8]
    /// Cells that held a spreadsheet error and were read as empty.
    public var errorCells: [(cell: String, error: String)]
  }

  /// What a workbook may unpack to. A few hundred bytes of zip can claim gigabytes, so each bound
  /// is checked as the bytes arrive, and a workbook past one is refused with the limit named.
  public enum Limits {
    /// Bytes one part (a sheet's XML, the shared strings) may unpack to: a sheet of about two
    /// million filled cells. Larger tables are better saved as CSV, which is read in parallel.
    public static let partBytes = 96 << 20
    /// Bytes of CSV text a sheet may become, after shared strings are expanded into every cell
    /// that uses them.
    public static let sheetTextBytes = 96 << 20
    /// Excel's own grid: rows 1-1,048,576, columns A-XFD. A reference beyond is damage.
    public static let rows = 1_048_576
    public static let columns = 16_384
    /// Cells of the rectangle from A1 to the last filled row and column, which the CSV text spans.
    public static let gridCells = 20_000_000
    /// The workbook file itself: a published table is a few megabytes.
    public static let fileBytes = 256 << 20
  }

  public let path: String
  /// The worksheets, in the order of their tabs (chart sheets are not tables and are left out).
  public let sheets: [Sheet]
  private let archive: ZipArchive
  private let date1904: Bool
  private let sharedStringsPart: String?
  private let stylesPart: String?

  /// Opens the workbook at `path`.
  public init(path: String) throws(FileError) {
    self.path = path
    let file = try FileBytes.map(path)
    guard file.count > 0 else { throw FileError(.empty, path: path, message: "is empty (0 bytes)") }
    guard file.count <= Limits.fileBytes else {
      throw FileError(
        .tooLarge, path: path,
        message:
          "is \(file.count >> 20) MB, more than the \(Limits.fileBytes >> 20) MB cjnb reads as a workbook",
        hint: "save the sheet as CSV and load that")
    }
    archive = try Self.openPackage(
      file.bytes, path: path, kind: "an .xlsx workbook",
      notZipHint: "an .xls file from before Excel 2007 needs saving as .xlsx or CSV first",
      maker: "Excel")
    let workbookPart = "xl/workbook.xml"
    guard archive[workbookPart] != nil else {
      throw FileError(
        .unreadable, path: path,
        message: "is a zip package but not an Excel workbook (no \(workbookPart))",
        hint: archive["content.xml"] != nil
          ? "it is an OpenDocument spreadsheet: rename it to .ods and load that"
          : "open and save it again as .xlsx, or the sheet as CSV")
    }
    let relationships = try Self.relationships(archive, part: workbookPart, path: path)
    var sheets: [Sheet] = []
    var date1904 = false
    var scanner = XMLScanner(try Self.extract(archive, workbookPart, path: path))
    do {
      while let event = try scanner.next() {
        guard case .start(let name, let attributes, _) = event else { continue }
        switch XMLScanner.localName(name) {
        case "workbookPr":
          date1904 = attributes["date1904"] == "1" || attributes["date1904"] == "true"
        case "sheet":
          let id = attributes.first { XMLScanner.localName($0.key) == "id" }?.value
          guard let sheetName = attributes["name"], let id, let target = relationships[id],
            target.type == "worksheet"
          else { continue }
          sheets.append(Sheet(name: sheetName, part: target.part))
        default: break
        }
      }
    } catch {
      throw Self.damaged(path, workbookPart, error)
    }
    guard !sheets.isEmpty else { throw FileError(.empty, path: path, message: "has no worksheets") }
    self.sheets = sheets
    self.date1904 = date1904
    sharedStringsPart = relationships.values.first { $0.type == "sharedStrings" }?.part
    stylesPart = relationships.values.first { $0.type == "styles" }?.part
  }

  /// The sheet called `name` (case ignored), or the only one when `name` is nil.
  public func sheet(named name: String?) throws(FileError) -> Sheet {
    sheets[try Self.sheetIndex(named: name, in: sheets.map(\.name), path: path)]
  }

  /// Which of a workbook's sheets (.xlsx or .ods) `name` picks, case ignored; the only one when
  /// `name` is nil. An error lists the sheets, suggests the first table after the front matter
  /// when none was named, and the closest name when the one given is not there.
  static func sheetIndex(named name: String?, in sheets: [String], path: String) throws(FileError)
    -> Int
  {
    let listed = sheets.map { "\"\($0)\"" }.joined(separator: ", ")
    guard let name else {
      if sheets.count == 1 { return 0 }
      throw FileError(
        .sheet, path: path, message: "has \(sheets.count) sheets: \(listed)",
        hint:
          "say which to load: load \"\(path)\" sheet \"\(sheets.first { !isFrontMatter($0) } ?? sheets[0])\""
      )
    }
    if let i = sheets.firstIndex(of: name)
      ?? sheets.firstIndex(where: { $0.lowercased() == name.lowercased() })
    {
      return i
    }
    let close = Suggestions.closest(to: name, in: sheets)
    throw FileError(
      .sheet, path: path, message: "has no sheet \"\(name)\"",
      hint: close.first.map { "did you mean \"\($0)\"? The sheets are \(listed)" }
        ?? "the sheets are \(listed)")
  }

  /// Cover, contents and notes sheets, which published workbooks put before their tables.
  static func isFrontMatter(_ name: String) -> Bool {
    let lower = name.lowercased()
    return [
      "cover", "contents", "content", "notes", "note", "about", "introduction", "metadata",
      "definitions", "glossary",
      "table_of_contents", "table of contents", "index", "symbols", "key", "readme",
    ].contains { lower.hasPrefix($0) }
  }

  /// The filled cells of a sheet, row by row, before they become CSV text.
  struct Grid {
    var rows: [(number: Int, cells: [(column: Int, text: String)])] = []
    var width = 0
    var errors: [(cell: String, error: String)] = []
  }

  /// The cells of `sheet` as CSV text, one line per row from the first.
  public func text(of sheet: Sheet) throws(FileError) -> SheetText {
    try grid(of: sheet).csv(sheet: sheet.name, path: path)
  }

  /// The filled cells of `sheet`.
  func grid(of sheet: Sheet) throws(FileError) -> Grid {
    let strings = try sharedStrings()
    let formats = try cellFormats()
    var scanner = XMLScanner(try Self.extract(archive, sheet.part, path: path))
    var errors: [(cell: String, error: String)] = []
    var rows: [(number: Int, cells: [(column: Int, text: String)])] = []
    var width = 0
    var textBytes = 0
    let tooLong = FileError(
      .tooLarge, path: path,
      message:
        "sheet \"\(sheet.name)\" would be more than \(Limits.sheetTextBytes >> 20) MB of text once its shared strings are filled in",
      hint: "save the sheet as CSV and load that")
    do {
      var rowNumber = 0
      var cells: [(column: Int, text: String)] = []
      var inRow = false
      while let event = try scanner.next() {
        switch event {
        case .start(let name, let attributes, let empty):
          switch XMLScanner.localName(name) {
          case "row":
            if let r = attributes["r"] {
              guard let n = Int(r.trimming(" ")), n >= 1, n <= Limits.rows else {
                throw FileError(
                  .unreadable, path: path,
                  message:
                    "has a row numbered \(r.prefix(24)) in \(sheet.part), outside Excel's rows 1-1,048,576",
                  hint: "the workbook is damaged: open and save it again in Excel")
              }
              rowNumber = n
            } else {
              rowNumber += 1
            }
            guard rowNumber <= Limits.rows else {
              throw FileError(
                .unreadable, path: path,
                message: "has more rows than Excel's 1,048,576 in \(sheet.part)",
                hint: "the workbook is damaged: open and save it again in Excel")
            }
            cells = []
            inRow = !empty
            if empty { rows.append((rowNumber, [])) }
          case "c" where inRow:
            let column =
              attributes["r"].flatMap(Self.columnIndex) ?? ((cells.last?.column ?? -1) + 1)
            guard column < Limits.columns else {
              throw FileError(
                .unreadable, path: path,
                message:
                  "has a cell beyond Excel's last column XFD in row \(rowNumber) of \(sheet.part)",
                hint: "the workbook is damaged: open and save it again in Excel")
            }
            let cell = empty ? Cell() : try Self.readCell(&scanner)
            let reference = attributes["r"] ?? "\(Self.columnName(column))\(rowNumber)"
            let text = try value(
              of: cell, type: attributes["t"], style: attributes["s"].flatMap { Int($0) },
              strings: strings, formats: formats, reference: reference, errors: &errors)
            if !text.isEmpty {
              // Shared strings multiply: count the text as it is filled in, before it is kept.
              textBytes += text.utf8.count
              if textBytes > Limits.sheetTextBytes { throw tooLong }
              cells.append((column, text))
              width = max(width, column + 1)
            }
          default: break
          }
        case .end(let name):
          if inRow && XMLScanner.localName(name) == "row" {
            rows.append((rowNumber, cells))
            inRow = false
          }
        case .text: break
        }
      }
    } catch {
      throw Self.damaged(path, sheet.part, error)
    }
    return Grid(rows: rows, width: width, errors: errors)
  }

  // MARK: - Cells

  private struct Cell {
    var value: String?
    var inline: String?
  }

  private static func readCell(_ scanner: inout XMLScanner) throws(XMLScanner.Malformed) -> Cell {
    var cell = Cell()
    while let event = try scanner.next() {
      switch event {
      case .start(let name, _, let empty):
        guard !empty else { continue }
        switch XMLScanner.localName(name) {
        case "v": cell.value = try scanner.text(of: name)
        case "is": cell.inline = try scanner.text(of: name, excluding: ["rPh", "phoneticPr"])
        default: _ = try scanner.text(of: name)  // formulas and the rest
        }
      case .end(let name):
        if XMLScanner.localName(name) == "c" { return cell }
      case .text: break
      }
    }
    throw XMLScanner.Malformed(offset: 0, message: "a cell that never closes")
  }

  /// What the cell shows, as text the CSV reader reads back to the same value.
  private func value(
    of cell: Cell, type: String?, style: Int?, strings: [String], formats: [NumberKind],
    reference: String,
    errors: inout [(cell: String, error: String)]
  ) throws(FileError) -> String {
    switch type {
    case "s":
      guard let v = cell.value, let index = Int(v.trimming(" ")), index >= 0, index < strings.count
      else {
        throw FileError(
          .unreadable, path: path,
          message: "cell \(reference) points at a shared string that is not there",
          hint: "the workbook is damaged: open and save it again in Excel")
      }
      return Self.unescaped(strings[index])
    case "inlineStr": return Self.unescaped(cell.inline ?? cell.value ?? "")
    case "str": return Self.unescaped(cell.value ?? "")
    case "b": return cell.value == "1" ? "TRUE" : cell.value == "0" ? "FALSE" : ""
    case "e":
      errors.append((reference, cell.value ?? "#VALUE!"))
      return ""
    case "d": return cell.value ?? ""
    default:
      guard let raw = cell.value?.trimming(" "), !raw.isEmpty else { return cell.inline ?? "" }
      guard let number = Double(raw) else { return raw }
      let kind = style.flatMap { $0 < formats.count ? formats[$0] : nil } ?? .number
      switch kind {
      case .number: return Self.significant(number)
      // As Excel shows it, and writes it to CSV: 0.700611 in a 0.0% cell is 70.1%.
      case .percent(let decimals):
        return NumberFormatting.format(number * 100, decimals: decimals, grouping: false) + "%"
      case .date: return Self.date(serial: number, date1904: date1904)
      }
    }
  }

  /// Excel writes control characters in text as `_x000D_`.
  static func unescaped(_ s: String) -> String {
    guard s.contains("_x") else { return s }
    var out = ""
    var rest = Substring(s)
    while let start = rest.range(of: "_x") {
      out += rest[..<start.lowerBound]
      let after = rest[start.upperBound...]
      let hex = after.prefix(4)
      if hex.count == 4, after.dropFirst(4).first == "_", let code = UInt32(hex, radix: 16),
        let scalar = Unicode.Scalar(code)
      {
        out.unicodeScalars.append(scalar)
        rest = after.dropFirst(5)
      } else {
        out += "_x"
        rest = after
      }
    }
    return out + rest
  }

  static func appendQuoted(_ field: String, to out: inout [UInt8]) {
    let needsQuotes = field.utf8.contains {
      $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D
    }
    guard needsQuotes else {
      out.append(contentsOf: field.utf8)
      return
    }
    out.append(UInt8(ascii: "\""))
    for b in field.utf8 {
      if b == UInt8(ascii: "\"") { out.append(b) }
      out.append(b)
    }
    out.append(UInt8(ascii: "\""))
  }

  /// `A` is 0, `Z` 25, `AA` 26; from a reference such as `AB12`.
  static func columnIndex(_ reference: String) -> Int? {
    var n = 0
    var letters = 0
    for b in reference.utf8 {
      let upper = b & ~0x20
      guard upper >= UInt8(ascii: "A") && upper <= UInt8(ascii: "Z") else { break }
      // ZZZ at most (past XFD is refused by the reader): a longer run of letters is no column,
      // and counting on would overflow.
      letters += 1
      if letters > 3 { return nil }
      n = n * 26 + Int(upper - UInt8(ascii: "A")) + 1
    }
    return letters > 0 ? n - 1 : nil
  }

  static func columnName(_ index: Int) -> String {
    var n = index + 1
    var name = ""
    while n > 0 {
      let r = (n - 1) % 26
      name = String(UnicodeScalar(UInt8(ascii: "A") + UInt8(r))) + name
      n = (n - 1) / 26
    }
    return name
  }

  // MARK: - Shared strings and styles

  private func sharedStrings() throws(FileError) -> [String] {
    guard let part = sharedStringsPart, archive[part] != nil else { return [] }
    var scanner = XMLScanner(try Self.extract(archive, part, path: path))
    var strings: [String] = []
    do {
      while let event = try scanner.next() {
        guard case .start(let name, _, let empty) = event, XMLScanner.localName(name) == "si" else {
          continue
        }
        // Rich text keeps the text of its runs; phonetic guides are not the text.
        strings.append(empty ? "" : try scanner.text(of: name, excluding: ["rPh", "phoneticPr"]))
      }
    } catch {
      throw Self.damaged(path, part, error)
    }
    return strings
  }

  /// What each cell format (the `s` of a cell) shows a number as.
  private func cellFormats() throws(FileError) -> [NumberKind] {
    guard let part = stylesPart, archive[part] != nil else { return [] }
    var scanner = XMLScanner(try Self.extract(archive, part, path: path))
    var codes: [Int: String] = [:]
    var kinds: [NumberKind] = []
    var inCellFormats = false
    do {
      while let event = try scanner.next() {
        switch event {
        case .start(let name, let attributes, let empty):
          switch XMLScanner.localName(name) {
          case "numFmt":
            if let id = attributes["numFmtId"].flatMap({ Int($0) }),
              let code = attributes["formatCode"]
            {
              codes[id] = code
            }
          case "cellXfs": inCellFormats = !empty
          case "xf" where inCellFormats:
            let id = attributes["numFmtId"].flatMap { Int($0) } ?? 0
            kinds.append(Self.kind(ofFormat: id, code: codes[id]))
          default: break
          }
        case .end(let name):
          if XMLScanner.localName(name) == "cellXfs" { inCellFormats = false }
        case .text: break
        }
      }
    } catch {
      throw Self.damaged(path, part, error)
    }
    return kinds
  }
}
