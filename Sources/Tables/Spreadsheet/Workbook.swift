import Foundation
import ZIPFoundation

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
  private let archive: Archive
  private let date1904: Bool
  private let sharedStringsPart: String?
  private let stylesPart: String?

  /// Opens the workbook at `path`.
  public init(path: String) throws(CSVError) {
    self.path = path
    let file = try FileBytes.map(path)
    guard file.count > 0 else { throw CSVError(.empty, path: path, message: "is empty (0 bytes)") }
    guard file.count <= Limits.fileBytes else {
      throw CSVError(.tooLarge, path: path, message: "is \(file.count >> 20) MB, more than the \(Limits.fileBytes >> 20) MB cjnb reads as a workbook",
        hint: "save the sheet as CSV and load that")
    }
    // A damaged zip's directory can point past the end of the file: said plainly here, before
    // ZIPFoundation's reader meets it.
    switch Self.zipDirectoryProblem(file.bytes) {
    case nil: break
    case "no end record"?, "shorter than a zip's end record"?:
      throw CSVError(.unreadable, path: path, message: "is not an .xlsx workbook (it is not a zip package)",
        hint: "an .xls file from before Excel 2007 needs saving as .xlsx or CSV first")
    case let problem?:
      throw CSVError(.unreadable, path: path, message: "is a damaged zip package (\(problem))",
        hint: "open and save it again in Excel, or save the sheet as CSV")
    }
    do {
      // Read from the file, not from memory: ZIPFoundation's in-memory reader traps on an offset
      // past the end of its data (found by the workbook fuzz target); reading a file past its
      // end gives short reads, which it reports as errors.
      archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    } catch {
      throw CSVError(.unreadable, path: path, message: "is not an .xlsx workbook (it is not a zip package)",
        hint: "an .xls file from before Excel 2007 needs saving as .xlsx or CSV first")
    }
    let workbookPart = "xl/workbook.xml"
    guard archive[workbookPart] != nil else {
      throw CSVError(.unreadable, path: path, message: "is a zip package but not an Excel workbook (no \(workbookPart))",
        hint: archive["content.xml"] != nil ? "it is an OpenDocument spreadsheet: rename it to .ods and load that" : "open and save it again as .xlsx, or the sheet as CSV")
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
          guard let sheetName = attributes["name"], let id, let target = relationships[id], target.type == "worksheet" else { continue }
          sheets.append(Sheet(name: sheetName, part: target.part))
        default: break
        }
      }
    } catch {
      throw Self.damaged(path, workbookPart, error)
    }
    guard !sheets.isEmpty else { throw CSVError(.empty, path: path, message: "has no worksheets") }
    self.sheets = sheets
    self.date1904 = date1904
    sharedStringsPart = relationships.values.first { $0.type == "sharedStrings" }?.part
    stylesPart = relationships.values.first { $0.type == "styles" }?.part
  }

  /// Why the zip's end record and central directory cannot be read within the file, or nil.
  /// Checks what the reader will follow: the end-of-central-directory record (with its comment),
  /// the directory's offset and size, and each entry's header and local header offset.
  static func zipDirectoryProblem(_ b: UnsafeBufferPointer<UInt8>) -> String? {
    let n = b.count
    func u16(_ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
    func u32(_ i: Int) -> Int { u16(i) | u16(i + 2) << 16 }
    guard n >= 22 else { return "shorter than a zip's end record" }
    // The end record is within the last 64 KB + 22 bytes, signature PK\u{5}\u{6}.
    var end: Int?
    var i = n - 22
    while i >= max(0, n - 22 - 65_535) {
      if b[i] == 0x50 && b[i + 1] == 0x4B && b[i + 2] == 0x05 && b[i + 3] == 0x06 {
        end = i
        break
      }
      i -= 1
    }
    guard let end else { return "no end record" }
    let entries = u16(end + 10)
    let size = u32(end + 12)
    let offset = u32(end + 16)
    let comment = u16(end + 20)
    guard end + 22 + comment <= n else { return "its comment runs past the end" }
    // ZIP64 marks these as 0xFFFFFFFF; such an archive is checked by its reader.
    if size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF { return nil }
    guard offset <= end, offset + size <= end else { return "its directory lies past the end of the file" }
    var p = offset
    for _ in 0..<entries {
      guard p + 46 <= offset + size, u32(p) == 0x0201_4B50 else { return "an entry of its directory is cut off" }
      let nameLength = u16(p + 28)
      let extraLength = u16(p + 30)
      let commentLength = u16(p + 32)
      let local = u32(p + 42)
      let compressed = u32(p + 20)
      if local != 0xFFFF_FFFF && compressed != 0xFFFF_FFFF {
        guard local + 30 <= n, u32(local) == 0x0403_4B50 else { return "an entry points past the end of the file" }
        let localName = u16(local + 26)
        let localExtra = u16(local + 28)
        guard local + 30 + localName + localExtra + compressed <= n else { return "an entry's data runs past the end of the file" }
      }
      p += 46 + nameLength + extraLength + commentLength
    }
    return nil
  }

  /// The sheet called `name` (case ignored), or the only one when `name` is nil.
  public func sheet(named name: String?) throws(CSVError) -> Sheet {
    sheets[try Self.sheetIndex(named: name, in: sheets.map(\.name), path: path)]
  }

  /// Which of a workbook's sheets (.xlsx or .ods) `name` picks, case ignored; the only one when
  /// `name` is nil. An error lists the sheets, suggests the first table after the front matter
  /// when none was named, and the closest name when the one given is not there.
  static func sheetIndex(named name: String?, in sheets: [String], path: String) throws(CSVError) -> Int {
    let listed = sheets.map { "\"\($0)\"" }.joined(separator: ", ")
    guard let name else {
      if sheets.count == 1 { return 0 }
      throw CSVError(.sheet, path: path, message: "has \(sheets.count) sheets: \(listed)",
        hint: "say which to load: load \"\(path)\" sheet \"\(sheets.first { !isFrontMatter($0) } ?? sheets[0])\"")
    }
    if let i = sheets.firstIndex(of: name) ?? sheets.firstIndex(where: { $0.lowercased() == name.lowercased() }) { return i }
    let close = Suggestions.closest(to: name, in: sheets)
    throw CSVError(.sheet, path: path, message: "has no sheet \"\(name)\"",
      hint: close.first.map { "did you mean \"\($0)\"? The sheets are \(listed)" } ?? "the sheets are \(listed)")
  }

  /// Cover, contents and notes sheets, which published workbooks put before their tables.
  static func isFrontMatter(_ name: String) -> Bool {
    let lower = name.lowercased()
    return ["cover", "contents", "content", "notes", "note", "about", "introduction", "metadata", "definitions", "glossary",
      "table_of_contents", "table of contents", "index", "symbols", "key", "readme"].contains { lower.hasPrefix($0) }
  }

  /// The filled cells of a sheet, row by row, before they become CSV text.
  struct Grid {
    var rows: [(number: Int, cells: [(column: Int, text: String)])] = []
    var width = 0
    var errors: [(cell: String, error: String)] = []
  }

  /// The cells of `sheet` as CSV text, one line per row from the first.
  public func text(of sheet: Sheet) throws(CSVError) -> SheetText {
    try grid(of: sheet).csv(sheet: sheet.name, path: path)
  }

  /// The filled cells of `sheet`.
  func grid(of sheet: Sheet) throws(CSVError) -> Grid {
    let strings = try sharedStrings()
    let formats = try cellFormats()
    var scanner = XMLScanner(try Self.extract(archive, sheet.part, path: path))
    var errors: [(cell: String, error: String)] = []
    var rows: [(number: Int, cells: [(column: Int, text: String)])] = []
    var width = 0
    var textBytes = 0
    let tooLong = CSVError(.tooLarge, path: path,
      message: "sheet \"\(sheet.name)\" would be more than \(Limits.sheetTextBytes >> 20) MB of text once its shared strings are filled in",
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
                throw CSVError(.unreadable, path: path, message: "has a row numbered \(r.prefix(24)) in \(sheet.part), outside Excel's rows 1-1,048,576",
                  hint: "the workbook is damaged: open and save it again in Excel")
              }
              rowNumber = n
            } else {
              rowNumber += 1
            }
            guard rowNumber <= Limits.rows else {
              throw CSVError(.unreadable, path: path, message: "has more rows than Excel's 1,048,576 in \(sheet.part)",
                hint: "the workbook is damaged: open and save it again in Excel")
            }
            cells = []
            inRow = !empty
            if empty { rows.append((rowNumber, [])) }
          case "c" where inRow:
            let column = attributes["r"].flatMap(Self.columnIndex) ?? ((cells.last?.column ?? -1) + 1)
            guard column < Limits.columns else {
              throw CSVError(.unreadable, path: path, message: "has a cell beyond Excel's last column XFD in row \(rowNumber) of \(sheet.part)",
                hint: "the workbook is damaged: open and save it again in Excel")
            }
            let cell = empty ? Cell() : try Self.readCell(&scanner)
            let reference = attributes["r"] ?? "\(Self.columnName(column))\(rowNumber)"
            let text = try value(of: cell, type: attributes["t"], style: attributes["s"].flatMap { Int($0) }, strings: strings, formats: formats, reference: reference, errors: &errors)
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
  private func value(of cell: Cell, type: String?, style: Int?, strings: [String], formats: [NumberKind], reference: String,
                     errors: inout [(cell: String, error: String)]) throws(CSVError) -> String {
    switch type {
    case "s":
      guard let v = cell.value, let index = Int(v.trimming(" ")), index >= 0, index < strings.count else {
        throw CSVError(.unreadable, path: path, message: "cell \(reference) points at a shared string that is not there", hint: "the workbook is damaged: open and save it again in Excel")
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
      case .percent(let decimals): return NumberFormatting.format(number * 100, decimals: decimals, grouping: false) + "%"
      case .date: return Self.date(serial: number, date1904: date1904)
      }
    }
  }

  /// Up to 15 significant digits, as Excel keeps them: 0.1 + 0.2 is 0.3.
  static func significant(_ x: Double) -> String {
    var buffer = [CChar](repeating: 0, count: 40)
    _ = withVaList([x]) { vsnprintf(&buffer, buffer.count, "%.15g", $0) }
    return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// A date serial as `2021-07-31` (and ` 14:30` when it has a time of day).
  static func date(serial: Double, date1904: Bool) -> String {
    // Excel shows dates from serial 0 to 2,958,465 (9999-12-31); any other number in a date
    // format (a huge one, a negative one, NaN) it shows as ####. Keep the number as it is.
    guard serial.isFinite, serial >= 0, serial < 2_958_466 else { return significant(serial) }
    // Serial 1 is 1900-01-01; Excel counts a 29 February 1900 that never was, so from serial 61
    // the days run from 1899-12-30. The 1904 system counts from 1904-01-01.
    let whole = serial.rounded(.down)
    var days = Int(whole)
    if date1904 { days += 1462 } else if days < 61 { days += 1 }
    // Days since 1899-12-30 to a civil date (Howard Hinnant's algorithm, from 1970-01-01).
    let z = days - 25569 + 719468
    let era = (z >= 0 ? z : z - 146096) / 146097
    let doe = z - era * 146097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
    var text = "\(y)-\(two(m))-\(two(d))"
    let minutes = Int(((serial - whole) * 1440).rounded())
    if minutes > 0 && minutes < 1440 { text += " \(two(minutes / 60)):\(two(minutes % 60))" }
    return text
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
      if hex.count == 4, after.dropFirst(4).first == "_", let code = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(code) {
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
    let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
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
      n = n * 26 + Int(upper - UInt8(ascii: "A")) + 1
      letters += 1
    }
    return letters > 0 && letters <= 3 ? n - 1 : nil  // ZZZ at most; past XFD is refused by the reader
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

  private func sharedStrings() throws(CSVError) -> [String] {
    guard let part = sharedStringsPart, archive[part] != nil else { return [] }
    var scanner = XMLScanner(try Self.extract(archive, part, path: path))
    var strings: [String] = []
    do {
      while let event = try scanner.next() {
        guard case .start(let name, _, let empty) = event, XMLScanner.localName(name) == "si" else { continue }
        // Rich text keeps the text of its runs; phonetic guides are not the text.
        strings.append(empty ? "" : try scanner.text(of: name, excluding: ["rPh", "phoneticPr"]))
      }
    } catch {
      throw Self.damaged(path, part, error)
    }
    return strings
  }

  enum NumberKind: Equatable { case number, percent(decimals: Int), date }

  /// What each cell format (the `s` of a cell) shows a number as.
  private func cellFormats() throws(CSVError) -> [NumberKind] {
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
            if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { codes[id] = code }
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

  /// Built-in formats 9 and 10 are percentages, 14-22 and 45-47 dates; a custom format is read
  /// for `%` and for date letters outside its quoted text and brackets.
  static func kind(ofFormat id: Int, code: String?) -> NumberKind {
    if id == 9 { return .percent(decimals: 0) }
    if id == 10 { return .percent(decimals: 2) }
    if (14...22).contains(id) || (45...47).contains(id) { return .date }
    guard let code else { return .number }
    var plain = ""
    var quoted = false
    var bracket = false
    var escaped = false
    for ch in code {
      if escaped {
        escaped = false
        continue
      }
      switch ch {
      case "\\": escaped = true
      case "\"": quoted.toggle()
      case "[" where !quoted: bracket = true
      case "]" where !quoted: bracket = false
      default: if !quoted && !bracket { plain.append(ch) }
      }
    }
    // A format of several sections is judged by its first.
    let first = plain.split(separator: ";", omittingEmptySubsequences: false).first.map(String.init) ?? plain
    if first.contains("%") {
      // The places are the digit placeholders after the point: 0.0% has one.
      guard let point = first.firstIndex(of: ".") else { return .percent(decimals: 0) }
      return .percent(decimals: first[first.index(after: point)...].prefix { "0#?".contains($0) }.count)
    }
    if first.lowercased() == "general" { return .number }
    if first.lowercased().contains(where: { "ymdhs".contains($0) }) { return .date }
    return .number
  }

  // MARK: - The package

  /// The relationships of `part`: id to the part it points at and the kind of that part.
  private static func relationships(_ archive: Archive, part: String, path: String) throws(CSVError) -> [String: (part: String, type: String)] {
    let folder = part.split(separator: "/").dropLast().joined(separator: "/")
    let file = part.split(separator: "/").last.map(String.init) ?? part
    let relsPart = (folder.isEmpty ? "" : folder + "/") + "_rels/" + file + ".rels"
    guard archive[relsPart] != nil else { return [:] }
    var scanner = XMLScanner(try extract(archive, relsPart, path: path))
    var result: [String: (part: String, type: String)] = [:]
    do {
      while let event = try scanner.next() {
        guard case .start(let name, let attributes, _) = event, XMLScanner.localName(name) == "Relationship",
          let id = attributes["Id"], let target = attributes["Target"], attributes["TargetMode"] != "External"
        else { continue }
        let type = attributes["Type"].map { String($0.split(separator: "/").last ?? "") } ?? ""
        result[id] = (resolve(target, from: folder), type)
      }
    } catch {
      throw damaged(path, relsPart, error)
    }
    return result
  }

  /// `worksheets/sheet1.xml` from `xl` is `xl/worksheets/sheet1.xml`; `/xl/...` is absolute.
  static func resolve(_ target: String, from folder: String) -> String {
    if target.hasPrefix("/") { return String(target.dropFirst()) }
    var parts = folder.split(separator: "/").map(String.init)
    for piece in target.split(separator: "/") {
      if piece == ".." { if !parts.isEmpty { parts.removeLast() } } else if piece != "." { parts.append(String(piece)) }
    }
    return parts.joined(separator: "/")
  }

  static func extract(_ archive: Archive, _ part: String, path: String) throws(CSVError) -> [UInt8] {
    guard let entry = archive[part] else {
      throw CSVError(.unreadable, path: path, message: "is missing \(part), which its workbook names", hint: "the workbook is damaged: open and save it again in Excel")
    }
    let tooLarge = CSVError(.tooLarge, path: path,
      message: "has a part \(part) that unpacks to more than \(Limits.partBytes >> 20) MB, the most cjnb unpacks from a workbook",
      hint: "save the sheet as CSV and load that")
    guard entry.uncompressedSize <= UInt64(Limits.partBytes) else { throw tooLarge }
    struct Overflow: Error {}
    var bytes: [UInt8] = []
    do {
      // The size in the zip's directory can lie: count what actually arrives.
      _ = try archive.extract(entry, skipCRC32: false) { (data: Data) in
        guard bytes.count + data.count <= Limits.partBytes else { throw Overflow() }
        bytes.append(contentsOf: data)
      }
    } catch is Overflow {
      throw tooLarge
    } catch {
      throw CSVError(.unreadable, path: path, message: "cannot unpack \(part) (\(error))", hint: "the workbook is damaged: open and save it again in Excel")
    }
    return bytes
  }

  private static func damaged(_ path: String, _ part: String, _ error: any Error) -> CSVError {
    if let error = error as? CSVError { return error }
    let detail = (error as? XMLScanner.Malformed).map { "\($0.message) at byte \($0.offset)" } ?? "\(error)"
    return CSVError(.unreadable, path: path, message: "has a damaged \(part): \(detail)", hint: "open and save it again in Excel, or save the sheet as CSV")
  }
}


extension Workbook.Grid {
  /// Refuses a sheet whose rectangle from A1 to its last filled cell is past the limit, before
  /// any work on its rows.
  func checkSize(sheet: String, path: String) throws(CSVError) {
    let limits = Workbook.Limits.self
    let lastRow = rows.reduce(0) { $1.cells.isEmpty ? $0 : max($0, $1.number) }
    guard lastRow * width <= limits.gridCells else {
      let corner = "\(Workbook.columnName(max(0, width - 1)))\(lastRow)"
      throw CSVError(.tooLarge, path: path,
        message: "sheet \"\(sheet)\" spans A1:\(corner), \(NumberFormatting.count(lastRow * width, "cell")), more than the \(NumberFormatting.count(limits.gridCells, "cell")) cjnb reads from a sheet",
        hint: "delete the stray cells far from the table, or save the table as CSV")
    }
  }

  /// The rows as CSV text: every row from the first, padded to the used width as Excel's own
  /// CSV is, so that a line number is the sheet's row number.
  func csv(sheet: String, path: String) throws(CSVError) -> Workbook.SheetText {
    let limits = Workbook.Limits.self
    let tooLong = CSVError(.tooLarge, path: path,
      message: "sheet \"\(sheet)\" would be more than \(limits.sheetTextBytes >> 20) MB of text once its shared strings are filled in",
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
  public static func read(path: String, sheet name: String?, options: CSVOptions = CSVOptions()) throws(CSVError) -> (result: CSVResult, sheet: String) {
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
  static func finish(grid original: Grid, front: [String: Grid], sheet: String, path: String, options: CSVOptions) throws(CSVError) -> (result: CSVResult, sheet: String) {
    try original.checkSize(sheet: sheet, path: path)
    var grid = original
    var layout = PublishedLayout(front: front)
    if options.skipLines == nil { layout.prepare(&grid) }
    let text = try grid.csv(sheet: sheet, path: path)
    guard !text.bytes.isEmpty else {
      throw CSVError(.empty, path: path, message: "sheet \"\(sheet)\" has no cells with values")
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
      result.notes.append("\(NumberFormatting.count(text.errorCells.count, "cell")) held a spreadsheet error and read as empty: \(shown)\(more)")
    }
    layout.tidy(&result)
    result.table.provenance.source = path
    return (result, sheet)
  }
}
