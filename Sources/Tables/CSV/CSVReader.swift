#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// How to read a delimited file. Every field left nil is decided by looking at the file, and
/// the decision is reported in `CSVResult.notes`.
public struct CSVOptions: Sendable, Equatable {
  /// The field separator; nil detects it (comma, tab, semicolon or bar).
  public var delimiter: UInt8?
  /// Lines to skip above the header; nil detects title rows.
  public var skipLines: Int?
  /// Pad short rows with empty cells instead of stopping at the first.
  public var lenient = false
  /// Column types chosen by the user, by column name.
  public var types: [String: ColumnType] = [:]
  /// The encoding asked for; nil reads UTF-8, or UTF-16 by its byte-order mark, or Windows-1252
  /// when the bytes are not UTF-8 but are Windows-1252 text (valid UTF-8 is always read as such).
  public var encoding: TextEncoding? = nil
  /// Files with more data than this per core are read on several cores at once.
  public var minimumChunkBytes = 256 << 10
  /// At most this many stretches; nil means one per core (up to eight).
  public var maximumChunks: Int?
  /// The addresses of a file mapped read-only (as `Int`s), whose pages the reader hands back to
  /// the system as it goes past them: they are read again from the file if looked at later, so
  /// the mapped file does not add its size to the peak memory. Set by `read(path:)` for a
  /// mapping only; a buffer outside it (an array, transcoded text) is never touched.
  var releasableRegion: Range<Int>?
  /// How many bytes gather before their pages are handed back (smaller in tests).
  var pageReleaseStep = 16 << 20

  public init(delimiter: UInt8? = nil, skipLines: Int? = nil, lenient: Bool = false, types: [String: ColumnType] = [:], encoding: TextEncoding? = nil) {
    self.delimiter = delimiter
    self.skipLines = skipLines
    self.lenient = lenient
    self.types = types
    self.encoding = encoding
  }
}

/// A table read from a file, with what the reader decided on the user's behalf.
public struct CSVResult: Sendable {
  public var table: Table
  /// One line per decision worth knowing: title rows skipped, headers renamed, rows padded.
  public var notes: [String]
  /// The line the header was on (0 when there was none).
  public var headerLine: Int
}

/// Reads CSV and TSV files as published: quoting by RFC 4180, a byte-order mark, any line end,
/// title rows above the header, awkward headers, short rows, numbers with separators and markers.
///
/// It works on the file's bytes in two steps: a preview of the first records finds the delimiter,
/// the header and each column's likely type; one pass then fills typed columns directly, text
/// dictionary-encoded as it is read. A column that turns out not to be numeric is read again.
///
/// ```
/// let result = try CSVReader.read(path: "Datasets/indicators.csv")
/// result.table.rowCount
/// result.notes   // ["skipped 2 title lines above the header on line 3: ..."]
/// ```
public enum CSVReader {
  public static func read(path: String, options: CSVOptions = CSVOptions()) throws(CSVError) -> CSVResult {
    try read(path: path, options: options, releasingPagesEvery: nil)
  }

  /// `read(path:)`, handing the mapped file's pages back every `step` bytes (16 MB when nil).
  static func read(path: String, options: CSVOptions, releasingPagesEvery step: Int?) throws(CSVError) -> CSVResult {
    // The file is mapped, not copied: the reader works on its bytes where they lie.
    let file = try FileBytes.map(path)
    var options = options
    if file.isMapped, let base = file.bytes.baseAddress {
      let start = Int(bitPattern: base)
      options.releasableRegion = start..<(start + file.bytes.count)
      if let step { options.pageReleaseStep = step }
    }
    var result = try read(buffer: file.bytes, name: path, options: options)
    withExtendedLifetime(file) {}
    result.table.provenance.source = path
    return result
  }

  /// Reads `bytes` as a delimited file; `name` names it in messages (a path, usually).
  public static func read(bytes: [UInt8], name: String, options: CSVOptions = CSVOptions()) throws(CSVError) -> CSVResult {
    try bytes.withUnsafeBufferPointer { (buffer) throws(CSVError) -> CSVResult in
      try read(buffer: buffer, name: name, options: options)
    }
  }

  static func read(buffer original: UnsafeBufferPointer<UInt8>, name: String, options: CSVOptions) throws(CSVError) -> CSVResult {
    guard !original.isEmpty else {
      throw CSVError(.empty, path: name, message: "is empty (0 bytes)", hint: "was it saved before it was closed?")
    }
    func starts(_ prefix: [UInt8]) -> Bool { original.count >= prefix.count && zip(original, prefix).allSatisfy { $0 == $1 } }
    let utf16BOM = starts([0xFF, 0xFE]) || starts([0xFE, 0xFF])
    if utf16BOM || options.encoding == .utf16 {
      return try TextDecoding.readUTF16(original, name: name, options: options, hasBOM: utf16BOM)
    }
    let bom = starts([0xEF, 0xBB, 0xBF]) ? 3 : 0
    let bytes = UnsafeBufferPointer(rebasing: original[bom...])

    switch options.encoding {
    case .utf8?, nil, .utf16?:
      let mapped = options.releasableRegion.map { region in
        bytes.baseAddress.map { region.lowerBound <= Int(bitPattern: $0) && Int(bitPattern: $0) + bytes.count <= region.upperBound } ?? false
      } ?? false
      if let bad = UTF8Check.firstInvalidOffsetOnEveryCore(bytes, releasing: mapped, step: options.pageReleaseStep) {
        let offset = bad + bom
        let line = lineNumber(at: bad, in: bytes)
        // Not UTF-8, and nothing was asked: Windows-1252 when every byte is one of its characters.
        if options.encoding == nil, bom == 0, TextDecoding.isWindows1252Text(bytes) {
          var cp1252 = options
          cp1252.encoding = .windows1252
          var result = try read(buffer: original, name: name, options: cp1252)
          result.notes[0] = "read as Windows-1252 text, what Excel on Windows saves as CSV: it is not UTF-8 (byte 0x\(hex(bytes[bad])) on line \(line)); say `encoding \"utf-8\"` to refuse it instead"
          return result
        }
        throw CSVError(.encoding, path: name, line: line, byteOffset: offset,
          message: "byte 0x\(hex(bytes[bad])) at byte offset \(offset) is not valid UTF-8",
          hint: "the file may be in a Windows encoding: load it with `encoding \"windows-1252\"`, or save it as CSV UTF-8")
      }
    case .windows1252?:
      var utf8 = options
      utf8.encoding = .utf8
      var result = try read(bytes: UTF8Check.transcodeWindows1252(Array(bytes)), name: name, options: utf8)
      result.notes.insert("read as Windows-1252 text", at: 0)
      return result
    }
    guard bytes.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }) else {
      throw CSVError(.empty, path: name, message: "has no rows: it holds only blank lines")
    }
    if let uri = PortalExport.uriRow(in: bytes) {
      // The row becomes a blank line, so that the lines after it keep their numbers in messages.
      var result = try read(bytes: Array(bytes[..<uri.range.lowerBound]) + [0x0A] + Array(bytes[uri.range.upperBound...]), name: name, options: options)
      result.notes.insert("left out the row of URIs on line \(uri.line) beside the labels (a statistics.gov.scot export): the labels are the header", at: 0)
      return result
    }
    var parse = CSVParser(buffer: bytes, name: name, options: options, notes: [])
    return try parse.run()
  }

  /// The 1-based line holding the byte at `offset`.
  static func lineNumber(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var line = 1
    var i = 0
    while i < offset {
      if bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) { line += 1 }
      i += 1
    }
    return line
  }
}

/// A byte as two hex digits.
private func hex(_ byte: UInt8) -> String {
  let digits = String(byte, radix: 16, uppercase: true)
  return digits.count == 1 ? "0" + digits : digits
}

/// One reading of one file.
/// Hands the pages of a mapped file back to the system once the reader is past them
/// (`MADV_DONTNEED`), 16 MB at a time: a private read-only mapping is read again from the file
/// when touched later (a second pass, an error's line), so nothing is lost, and the peak memory
/// of reading is the columns, not the columns and the file. Anything not inside the mapping is
/// left alone: on memory of its own, the same call would zero it.
struct PageRelease {
  private let base: Int
  private var released: Int
  private let enabled: Bool
  private let step: Int
  private static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

  init(buffer: UnsafeBufferPointer<UInt8>, region: Range<Int>?, step: Int, from start: Int) {
    self.step = max(step, Self.page)
    let base = buffer.baseAddress.map { Int(bitPattern: $0) } ?? 0
    self.base = base
    released = start
    if let region { enabled = region.lowerBound <= base && base + buffer.count <= region.upperBound } else { enabled = false }
  }

  /// Releases the whole pages before `offset` not yet released, once 16 MB have gathered.
  @inline(__always)
  mutating func release(upTo offset: Int) {
    guard enabled, offset - released >= step else { return }
    let from = (base + released + Self.page - 1) / Self.page * Self.page
    let to = (base + offset) / Self.page * Self.page
    if to > from, let address = UnsafeMutableRawPointer(bitPattern: from) {
      _ = madvise(address, to - from, Int32(MADV_DONTNEED))
    }
    released = offset
  }
}

struct CSVParser {
  let buffer: UnsafeBufferPointer<UInt8>
  let name: String
  let options: CSVOptions
  var notes: [String]

  init(buffer: UnsafeBufferPointer<UInt8>, name: String, options: CSVOptions, notes: [String]) {
    self.buffer = buffer
    self.name = name
    self.options = options
    self.notes = notes
  }

  /// A record seen by the preview.
  struct PreviewRecord {
    var line: Int
    var start: Int
    var fields: [FieldRef]
    var nonEmpty: Int
    var isBlankLine: Bool
  }

  mutating func run() throws(CSVError) -> CSVResult {
    let delimiter = options.delimiter ?? detectDelimiter()
    if options.delimiter == nil && delimiter != UInt8(ascii: ",") {
      notes.append("fields are separated by \(delimiterName(delimiter))")
    }
    guard let probe = RecordScanner(buffer, delimiter: delimiter) else {
      throw CSVError(.empty, path: name, message: "has no rows")
    }

    // Preview: the first records, to find the header and guess types.
    var preview: [PreviewRecord] = []
    var scanner = probe
    previewLoop: while preview.count < 1200 {
      switch scanner.next() {
      case .end: break previewLoop
      case .unterminatedQuote(let line): throw unterminated(line)
      case .record:
        let fields = scanner.fields
        let blankLine = fields.count == 1 && fields[0].isEmpty && !fields[0].isQuoted
        let nonEmpty = fields.reduce(0) { $0 + (scanner.isBlank($1) ? 0 : 1) }
        preview.append(PreviewRecord(line: scanner.recordLine, start: scanner.recordStart, fields: fields, nonEmpty: nonEmpty, isBlankLine: blankLine))
      }
    }

    let headerIndex = try findHeader(preview)
    let header = preview[headerIndex]
    let names = headerNames(header, scanner: probe)
    let width = names.count

    // Where the data starts: the record after the header.
    var dataStart = buffer.count
    var dataLine = header.line + 1
    if headerIndex + 1 < preview.count {
      dataStart = preview[headerIndex + 1].start
      dataLine = preview[headerIndex + 1].line
    } else {
      // The header is the last record previewed; find where it ends.
      if var s = RecordScanner(buffer, delimiter: delimiter, position: header.start, line: header.line) {
        _ = s.next()
        dataStart = s.position
        dataLine = s.line
      }
    }

    // Types: an override, or number when every sampled cell reads as one.
    let overrides = try resolveOverrides(names)
    var kinds = [ColumnType?](repeating: nil, count: width)
    for j in 0..<width {
      if let t = overrides[j] {
        kinds[j] = t
        continue
      }
      kinds[j] = sampleLooksNumeric(column: j, preview: preview[(headerIndex + 1)...], scanner: probe) ? .number : nil
    }

    // Reserve for the rows the file probably holds, from the length of the previewed ones.
    let previewedRows = preview.count - headerIndex - 2
    let lastStart = preview.last?.start ?? dataStart
    let averageLength = previewedRows > 0 ? max(8, (lastStart - dataStart) / previewedRows) : 64
    let reserve = min((buffer.count - dataStart) / averageLength + 16, 50_000_000)

    let modes = kinds.map { $0 == .number ? ColumnAccumulator.Mode.number : .categorical }
    var (columns, stats) = try readData(modes, width: width, delimiter: delimiter, start: dataStart, line: dataLine, reserve: reserve)

    // Columns that held something other than numbers are read again as text.
    var rereadModes = [ColumnAccumulator.Mode](repeating: .skip, count: width)
    for j in 0..<width {
      // Bare symbols and no number at all: a column of marks ("x" for yes), not of figures,
      // unless the column is named as a period (a year not yet published).
      if columns[j].mode == .number, columns[j].failure == nil, overrides[j] == nil, columns[j].presentCount == 0, columns[j].hasBareSymbol,
        Period(parsing: names[j].split(separator: "[").first.map { String($0).trimming(" ") } ?? names[j]) == nil
      {
        rereadModes[j] = .categorical
        continue
      }
      guard let failure = columns[j].failure else { continue }
      if overrides[j] == .number {
        throw CSVError(.type, path: name, line: failure.line,
          message: "\"\(failure.text)\" in column \(names[j]) is not a number",
          hint: "numbers may have separators (1,234), a % sign, a marker ([p]) or be a missing symbol ([c], [x], ..)")
      }
      rereadModes[j] = .categorical
      notes.append("\(names[j]): read as text, not numbers: line \(failure.line) holds \"\(failure.text)\"")
    }
    if rereadModes.contains(where: { $0 != .skip }) {
      var (reread, _) = try readData(rereadModes, width: width, delimiter: delimiter, start: dataStart, line: dataLine, reserve: reserve)
      for j in 0..<width where rereadModes[j] != .skip { swap(&columns[j], &reread[j]) }
    }
    stats.rows = columns.first?.count ?? 0

    var result: [Column] = []
    var strays: [LayoutFindings.Stray] = []
    for j in 0..<width {
      let data = try finish(columns[j], column: names[j], override: overrides[j])
      if case .text = data, let stray = strayTokens(columns[j], name: names[j]) {
        strays.append(stray)
        if columns[j].failure == nil && rereadModes[j] == .skip {
          notes.append("\(names[j]): read as text, not numbers: line \(stray.tokens[0].line) holds \"\(stray.tokens[0].text)\"")
        }
      }
      if j >= header.fields.count || probe.isBlank(header.fields[j]), isAllMissing(data) {
        notes.append("dropped column \(j + 1): no header and no values")
        continue
      }
      result.append(Column(name: names[j], data: data))
    }

    if let first = stats.firstStrayQuote {
      let others = stats.strayQuotes > 1 ? " (and \(NumberFormatting.count(stats.strayQuotes - 1, "more field")) like it)" : ""
      notes.append("line \(first.line): a quote that is not doubled, so the field reads as \"\(clip(first.text))\"\(others); check the file: a quote inside a quoted field is written \"\"")
    }
    if stats.emptyRows > 0 { notes.append("skipped \(NumberFormatting.count(stats.emptyRows, "empty row"))") }
    if !stats.padded.isEmpty {
      notes.append("padded \(NumberFormatting.count(stats.padded.count, "short row")) with empty cells (\(lineList(stats.padded)))")
    }
    if !stats.footnotes.isEmpty {
      let first = stats.footnotes[0]
      let range = stats.footnotes.count == 1 ? "line \(first.line)" : "lines \(first.line)-\(stats.footnotes[stats.footnotes.count - 1].line)"
      notes.append("ignored \(NumberFormatting.count(stats.footnotes.count, "line")) of notes below the table (\(range)): \"\(clip(first.text))\"")
    }
    if stats.trimmedTrailing > 0 {
      notes.append("ignored empty trailing fields on \(NumberFormatting.count(stats.trimmedTrailing, "row"))")
    }
    // cjnb's own data files (and others laid out the same way) keep a number's reason or marker
    // in a companion column: it goes back into the cells.
    let (withStatus, folded) = StatusColumns.fold(result)
    if !folded.isEmpty {
      notes.append("read \(folded.joined(separator: ", ")) into the \(folded.count == 1 ? "cells" : "cells of the columns") before \(folded.count == 1 ? "it" : "them") (missing reasons and markers)")
    }
    var table = Table(columns: withStatus)
    table.provenance.layout.strays = strays
    return CSVResult(table: table, notes: notes, headerLine: header.line)
  }

  // MARK: - The header

  mutating func findHeader(_ preview: [PreviewRecord]) throws(CSVError) -> Int {
    let candidates = preview.indices.filter { !preview[$0].isBlankLine && preview[$0].nonEmpty > 0 }
    guard let firstRecord = candidates.first else {
      throw CSVError(.empty, path: name, message: "has no rows: every line is empty")
    }
    if let skip = options.skipLines {
      guard let index = candidates.first(where: { preview[$0].line > skip }) else {
        throw CSVError(.header, path: name, message: "skip \(skip) leaves no header: the file has \(preview.last?.line ?? 0) lines")
      }
      return index
    }
    let widest = candidates.prefix(40).map { preview[$0].fields.count }.max() ?? 1
    guard widest >= 2 else { return firstRecord }
    // Title rows above a published table have one filled cell; the header fills most of its row.
    for (k, i) in candidates.enumerated() {
      let following = candidates.dropFirst(k + 1).prefix(20).map { preview[$0].fields.count }
      let width = following.max() ?? preview[i].fields.count
      let record = preview[i]
      if record.nonEmpty >= 2 && Double(record.nonEmpty) >= 0.5 * Double(width) {
        if i != firstRecord {
          let text = scannerString(preview[firstRecord])
          let lines = record.line - 1
          var note = "skipped \(lines == 1 ? "the line" : "the \(lines) lines") above the header on line \(record.line)"
          if !text.isEmpty { note += ": \"\(clip(text))\"" }
          notes.append(note + "; say `skip N` to choose the header yourself")
        }
        return i
      }
    }
    return firstRecord
  }

  func scannerString(_ record: PreviewRecord) -> String {
    guard let s = RecordScanner(buffer, delimiter: UInt8(ascii: ",")) else { return "" }
    return record.fields.map { s.string($0) }.filter { !$0.isEmpty }.joined(separator: " ")
  }

  /// The header's cells as unique, non-empty column names; every renaming is noted, except for
  /// unnamed columns at the end of the header (spreadsheets export those as trailing commas).
  mutating func headerNames(_ header: PreviewRecord, scanner: RecordScanner) -> [String] {
    var names: [String] = []
    var taken: Set<String> = []
    // The next suffix to try for each repeated name, so that a header of thousands of copies of
    // one name is renamed in one pass rather than a search from _2 for every copy.
    var nextSuffix: [String: Int] = [:]
    var renamed: [String] = []
    let lastNamed = header.fields.lastIndex { !scanner.isBlank($0) } ?? -1
    for (j, f) in header.fields.enumerated() {
      var n = scanner.string(f).trimming(" \t").replacingEvery("\r\n", with: " ").replacingEvery("\n", with: " ").replacingEvery("\r", with: " ")
      if n.isEmpty {
        n = "column_\(j + 1)"
        if j < lastNamed { renamed.append("column \(j + 1) has no name: called it \(n)") }
      }
      let key = n.lowercased()
      if taken.contains(key) {
        var k = nextSuffix[key] ?? 2
        while taken.contains("\(key)_\(k)") { k += 1 }
        nextSuffix[key] = k + 1
        renamed.append("column \(j + 1) repeats the name \"\(n)\": called it \(n)_\(k)")
        n = "\(n)_\(k)"
      }
      taken.insert(n.lowercased())
      names.append(n)
    }
    // Every renaming is said; past a handful, the rest are counted rather than listed.
    let shown = 5
    notes.append(contentsOf: renamed.prefix(renamed.count > shown + 1 ? shown : renamed.count))
    if renamed.count > shown + 1 {
      notes.append("\(NumberFormatting.count(renamed.count - shown, "more column")) renamed the same way (no name, or a name used before)")
    }
    return names
  }

  func resolveOverrides(_ names: [String]) throws(CSVError) -> [ColumnType?] {
    var result = [ColumnType?](repeating: nil, count: names.count)
    for (column, type) in options.types.sorted(by: { $0.key < $1.key }) {
      guard let j = names.firstIndex(of: column) ?? names.firstIndex(where: { $0.lowercased() == column.lowercased() }) else {
        let close = Suggestions.closest(to: column, in: names)
        throw CSVError(.header, path: name, message: "no column named \"\(column)\" to give a type to",
          hint: close.isEmpty ? "columns: \(names.joined(separator: ", "))" : "did you mean \(Suggestions.phrase(close))?")
      }
      result[j] = type
    }
    return result
  }

  func sampleLooksNumeric(column j: Int, preview: ArraySlice<PreviewRecord>, scanner: RecordScanner) -> Bool {
    var scratch: [UInt8] = []
    for record in preview where !record.isBlankLine && j < record.fields.count {
      let verdict = scanner.withContent(record.fields[j], scratch: &scratch) { bytes -> Int in
        let p = NumberParser.parse(bytes)
        switch p.kind {
        case .invalid: return -1
        case .missing: return 0
        case .number:
          // A leading zero (`0123`) is a code, not a number.
          if bytes.count > 1 && bytes[0] == UInt8(ascii: "0") && bytes[1] != UInt8(ascii: ".") && bytes[1] != UInt8(ascii: ",") { return -1 }
          return 1
        }
      }
      if verdict < 0 {
        // Notes below the table are not data: a one-cell row does not decide a column's type.
        if record.nonEmpty <= 1 && record.fields.count < preview.first.map({ $0.fields.count }) ?? 0 { continue }
        return false
      }
    }
    return true
  }

  // MARK: - The pass


  /// What one pass over a stretch of the file found besides the cells.
  struct PassStats {
    var rows = 0
    var emptyRows = 0
    var padded: [Int] = []
    var footnotes: [(line: Int, text: String)] = []
    var trimmedTrailing = 0
    /// Rows with only their first cell filled, at the end of the stretch: notes below the table,
    /// or rows inside it, which only what follows can tell.
    var pending: [(line: Int, fields: [FieldRef])] = []
    var emptyRowBeforePending = false
    /// Lines the pass read, counted by the scanner as it went.
    var lines = 0
    /// Fields with a quote RFC 4180 does not allow, and the first of them as read.
    var strayQuotes = 0
    var firstStrayQuote: (line: Int, text: String)?

    mutating func shiftLines(by offset: Int) {
      firstStrayQuote = firstStrayQuote.map { ($0.line + offset, $0.text) }
      padded = padded.map { $0 + offset }
      footnotes = footnotes.map { ($0.line + offset, $0.text) }
      pending = pending.map { ($0.line + offset, $0.fields) }
    }
  }

  /// Reads every data record in `start..<end`, handing each cell to its column's accumulator.
  /// Rows that may be notes at the end are left in `pending` for the caller to settle.
  func pass(_ columns: inout [ColumnAccumulator], width: Int, delimiter: UInt8, start: Int, end: Int, line: Int) throws(CSVError) -> PassStats {
    var stats = PassStats()
    let stretch = UnsafeBufferPointer(rebasing: buffer[0..<end])
    guard start < end, var scanner = RecordScanner(stretch, delimiter: delimiter, position: start, line: line) else {
      return stats
    }
    var scratch: [UInt8] = []
    scratch.reserveCapacity(256)
    var lastWasEmpty = false
    var pages = PageRelease(buffer: buffer, region: options.releasableRegion, step: options.pageReleaseStep, from: start)

    loop: while true {
      switch scanner.next() {
      case .end: break loop
      case .unterminatedQuote(let l): throw unterminated(l)
      case .record: break
      }
      pages.release(upTo: scanner.recordStart)
      if stats.rows & 0xFFFF == 0 && Interruption.isRequested { throw CSVError(.interrupted, path: name, message: "interrupted") }
      let n = scanner.fields.count
      let recordLine = scanner.recordLine
      if n == 1 && scanner.fields[0].isEmpty && !scanner.fields[0].isQuoted { continue }
      if n == width && !scanner.isBlank(scanner.fields[0]) && !scanner.isBlank(scanner.fields[n - 1]) && stats.pending.isEmpty {
        // The common case: a full row.
        Self.emit(scanner, scanner.fields, recordLine, &columns, &scratch)
        stats.rows += 1
        lastWasEmpty = false
        continue
      }
      let fields = scanner.fields
      if fields.allSatisfy({ scanner.isBlank($0) }) {
        stats.emptyRows += 1
        lastWasEmpty = true
        continue
      }
      let afterEmpty = lastWasEmpty
      lastWasEmpty = false
      if n > width {
        guard fields[width...].allSatisfy({ scanner.isBlank($0) }) else {
          throw CSVError(.ragged, path: name, line: recordLine,
            message: "\(n) fields where the header has \(width)",
            hint: "an unquoted comma inside a value splits it: write \"12,150\" in quotes; `lenient` pads short rows but never drops cells")
        }
        stats.trimmedTrailing += 1
      }
      // A row with only its first cell filled may be a note below the table ("Source: ...").
      if width > 2 && !scanner.isBlank(fields[0]) && fields.dropFirst().allSatisfy({ scanner.isBlank($0) }) {
        if stats.pending.isEmpty { stats.emptyRowBeforePending = afterEmpty }
        stats.pending.append((recordLine, fields))
        continue
      }
      try settle(&stats, asNotes: false, width: width, &columns)
      if n < width {
        guard options.lenient else { throw shortRow(recordLine, n, width) }
        stats.padded.append(recordLine)
      }
      Self.emit(scanner, fields, recordLine, &columns, &scratch)
      stats.rows += 1
    }
    stats.lines = scanner.line - line
    stats.strayQuotes = scanner.strayQuotes
    stats.firstStrayQuote = scanner.firstStrayQuote.map { ($0.line, scanner.string($0.field)) }
    return stats
  }

  /// Settles held rows: as notes below the table, or as rows inside it (full rows as they are,
  /// short ones padded or, unless lenient, an error at the first).
  func settle(_ stats: inout PassStats, asNotes: Bool, width: Int, _ columns: inout [ColumnAccumulator]) throws(CSVError) {
    guard !stats.pending.isEmpty, let scanner = RecordScanner(buffer, delimiter: 0) else { return }
    if asNotes {
      stats.footnotes.append(contentsOf: stats.pending.map { ($0.line, scanner.string($0.fields[0])) })
    } else {
      var scratch: [UInt8] = []
      for row in stats.pending {
        if row.fields.count < width {
          guard options.lenient else { throw shortRow(row.line, row.fields.count, width) }
          stats.padded.append(row.line)
        }
        Self.emit(scanner, row.fields, row.line, &columns, &scratch)
        stats.rows += 1
      }
    }
    stats.pending.removeAll()
  }

  /// Whether held rows at the very end of the table are notes: set off by an empty row, shorter
  /// than the header, or starting as notes do. Otherwise they are rows with one value.
  func looksLikeNotes(_ pending: [(line: Int, fields: [FieldRef])], afterEmptyRow: Bool, width: Int) -> Bool {
    guard let scanner = RecordScanner(buffer, delimiter: 0) else { return false }
    return afterEmptyRow || pending.contains { row in
      row.fields.count < width || Self.isNoteText(scanner.string(row.fields[0]))
    }
  }

  /// Hands a record's cells to the accumulators; cells a short row lacks are missing.
  @inline(__always)
  private static func emit(_ scanner: RecordScanner, _ fields: [FieldRef], _ line: Int, _ columns: inout [ColumnAccumulator], _ scratch: inout [UInt8]) {
    columns.withUnsafeMutableBufferPointer { columns in
      let n = min(fields.count, columns.count)
      for j in 0..<n {
        scanner.withContent(fields[j], scratch: &scratch) { columns[j].append($0, line: line) }
      }
      for j in n..<columns.count { columns[j].appendMissing() }
    }
  }

  /// Text that starts as the notes under published tables do.
  static func isNoteText(_ text: String) -> Bool {
    let lower = text.lowercased()
    return ["source", "note", "footnote", "[", "*", "†", "figures", "data ", "this table", "please", "contains ",
      "includes ", "excludes ", "due to ", "based on ", "rates ", "totals ", "percentages ", "return to", "go to", "back to"].contains { lower.hasPrefix($0) }
  }

  private func shortRow(_ line: Int, _ n: Int, _ width: Int?) -> CSVError {
    CSVError(.ragged, path: name, line: line,
      message: "\(NumberFormatting.count(n, "field")) where the header has \(width.map(String.init) ?? "more")",
      hint: "fill in the missing fields, or load with `lenient` to pad short rows with empty cells")
  }

  private func unterminated(_ line: Int) -> CSVError {
    CSVError(.quoting, path: name, line: line, message: "a quoted field starts on this line and is never closed",
      hint: "a value has an opening \" without its closing \"; a quote inside a quoted value is written \"\"")
  }

  // MARK: - Finishing columns

  func finish(_ nb: ColumnAccumulator, column: String, override: ColumnType?) throws(CSVError) -> ColumnData {
    let cb = nb
    if nb.mode == .number {
      let numbers = nb.numberColumn()
      if override == nil && isYearName(column) && nb.presentCount > 0 && nb.allIntegers && nb.minimum >= 1800 && nb.maximum < 2200 {
        return .period(yearColumn(numbers))
      }
      return .number(numbers)
    }
    let distinct = cb.distinctValues
    if override == nil || override == .period, let periods = periodDictionary(distinct) {
      return .period(remap(cb, distinct: periods))
    }
    if override == .period {
      let bad = distinct.indices.first { Period(parsing: distinct[$0]) == nil } ?? 0
      throw CSVError(.type, path: name, line: cb.firstLine(ofCode: bad),
        message: "\"\(distinct[bad])\" in column \(column) is not a period",
        hint: "periods are written 2021-22, 2021/22, 2021, 2021 Q3 or 2021-07")
    }
    if override == nil || override == .boolean, let bools = booleanDictionary(distinct) {
      let values = cb.codes.map { $0 == TextColumn.missingCode ? false : bools[Int($0)] }
      return .boolean(BooleanColumn(values: values, status: cb.cellStatus))
    }
    if override == .boolean {
      let bad = distinct.indices.first { Self.booleanWord($0 < distinct.count ? distinct[$0] : "") == nil } ?? 0
      throw CSVError(.type, path: name, line: cb.firstLine(ofCode: bad),
        message: "\"\(distinct[bad])\" in column \(column) is not true or false", hint: "booleans are written true/false or yes/no")
    }
    return .text(cb.textColumn())
  }

  private func isAllMissing(_ data: ColumnData) -> Bool {
    (0..<data.count).allSatisfy { data.missing(at: $0) == .empty }
  }

  private func isYearName(_ name: String) -> Bool {
    let n = name.lowercased()
    return n == "year" || n == "yr" || n == "period" || n.hasSuffix("_year") || n.hasSuffix(" year") || n.hasPrefix("year_") || n.hasPrefix("year ")
  }

  private func yearColumn(_ numbers: NumberColumn) -> PeriodColumn {
    var index: [Int32: UInt32] = [:]
    var dictionary: [Period] = []
    var codes = [UInt32](repeating: 0, count: numbers.count)
    for i in 0..<numbers.count {
      guard let v = numbers.number(at: i) else {
        codes[i] = PeriodColumn.missingCode
        continue
      }
      let y = Int32(v)
      if let c = index[y] {
        codes[i] = c
      } else {
        let c = UInt32(dictionary.count)
        index[y] = c
        dictionary.append(.calendarYear(Int(y)))
        codes[i] = c
      }
    }
    let status = numbers.status.map { $0.map { $0.isMissing ? $0 : CellStatus.present } }
    return PeriodColumn(codes: codes, dictionary: dictionary, status: status)
  }

  /// Each distinct value as a period, or nil when any is not one. A value that can only be a
  /// month makes the whole column months, so `2011-12` reads as December there.
  private func periodDictionary(_ distinct: [String]) -> [Period]? {
    guard !distinct.isEmpty else { return nil }
    var parsed: [Period] = []
    parsed.reserveCapacity(distinct.count)
    for s in distinct {
      guard let p = Period(parsing: s) else { return nil }
      parsed.append(p)
    }
    if parsed.contains(where: { $0.kind == .month }) {
      return distinct.map { Period(parsing: $0, preferring: .month) ?? Period(kind: .month, ordinal: 0) }
    }
    return parsed
  }

  /// Codes for the same period written two ways (2021-22 and 2021/22) become one.
  private func remap(_ cb: ColumnAccumulator, distinct periods: [Period]) -> PeriodColumn {
    var index: [Period: UInt32] = [:]
    var dictionary: [Period] = []
    var map = [UInt32](repeating: 0, count: periods.count)
    for (i, p) in periods.enumerated() {
      if let c = index[p] {
        map[i] = c
      } else {
        let c = UInt32(dictionary.count)
        index[p] = c
        dictionary.append(p)
        map[i] = c
      }
    }
    let codes = dictionary.count == periods.count ? cb.codes : cb.codes.map { $0 == PeriodColumn.missingCode ? $0 : map[Int($0)] }
    return PeriodColumn(codes: codes, dictionary: dictionary, status: cb.cellStatus)
  }

  private func booleanDictionary(_ distinct: [String]) -> [Bool]? {
    guard !distinct.isEmpty, distinct.count <= 4 else { return nil }
    var result: [Bool] = []
    for s in distinct {
      guard let b = Self.booleanWord(s) else { return nil }
      result.append(b)
    }
    return result
  }

  static func booleanWord(_ s: String) -> Bool? {
    switch s.lowercased() {
    case "true", "yes": true
    case "false", "no": false
    default: nil
    }
  }

  // MARK: - Detection helpers

  /// The delimiter that splits the first lines most consistently into more than one field.
  func detectDelimiter() -> UInt8 {
    // A file named as tab-separated is: its values may hold commas in any number.
    if name.lowercased().hasSuffix(".tsv") || name.lowercased().hasSuffix(".tab") { return 0x09 }
    let extensionDefault = UInt8(ascii: ",")
    let candidates: [UInt8] = [UInt8(ascii: ","), 0x09, UInt8(ascii: ";"), UInt8(ascii: "|")]
    var counts = [[Int]](repeating: [], count: candidates.count)
    var lineCounts = [Int](repeating: 0, count: candidates.count)
    var inQuotes = false
    var lines = 0
    var i = 0
    while i < buffer.count && lines < 50 {
      let c = buffer[i]
      if c == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if !inQuotes && (c == 0x0A || c == 0x0D) {
        for k in candidates.indices { counts[k].append(lineCounts[k]) }
        lineCounts = [Int](repeating: 0, count: candidates.count)
        lines += 1
        if c == 0x0D && i + 1 < buffer.count && buffer[i + 1] == 0x0A { i += 1 }
      } else if !inQuotes, let k = candidates.firstIndex(of: c) {
        lineCounts[k] += 1
      }
      i += 1
    }
    for k in candidates.indices { counts[k].append(lineCounts[k]) }
    var best = extensionDefault
    var bestScore = 0.0
    for (k, d) in candidates.enumerated() {
      let nonZero = counts[k].filter { $0 > 0 }
      guard !nonZero.isEmpty else { continue }
      // The most common count, and how many lines have it.
      var frequency: [Int: Int] = [:]
      for c in nonZero { frequency[c, default: 0] += 1 }
      guard let (mode, times) = frequency.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }) else { continue }
      let score = Double(times) * Double(min(mode, 8)) + (d == extensionDefault ? 0.5 : 0)
      if score > bestScore {
        bestScore = score
        best = d
      }
    }
    return best
  }

  private func delimiterName(_ d: UInt8) -> String {
    switch d {
    case 0x09: "tabs"
    case UInt8(ascii: ";"): "semicolons"
    case UInt8(ascii: "|"): "bars (|)"
    default: "\"\(Character(Unicode.Scalar(d)))\""
    }
  }

  private func lineList(_ lines: [Int]) -> String {
    let shown = lines.prefix(5).map { "line \($0)" }.joined(separator: ", ")
    return lines.count > 5 ? shown + ", and \(lines.count - 5) more" : shown
  }

  private func clip(_ s: String) -> String {
    s.count > 60 ? String(s.prefix(57)) + "..." : s
  }
}

