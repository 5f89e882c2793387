/// One reading of one file: the preview that finds the delimiter, the header and the types,
/// then the pass (CSVPass.swift), the columns finished (ColumnFinishing.swift) and the notes.
struct CSVParser {
  let buffer: UnsafeBufferPointer<UInt8>
  let name: String
  let options: CSVOptions
  var notes: [String]
  /// Whether the reading checks that the bytes are UTF-8, as it goes: the bytes before the data
  /// first, then each stretch of data behind the reader's pass, while its pages are still in
  /// memory (a check of its own, before the pass, brought the whole file in twice). Any bad
  /// byte is an error (`checkUTF8`) for the caller to look into.
  var checksUTF8 = false

  init(buffer: UnsafeBufferPointer<UInt8>, name: String, options: CSVOptions, notes: [String]) {
    self.buffer = buffer
    self.name = name
    self.options = options
    self.notes = notes
  }

  /// Throws an encoding error when `buffer[range]`, which starts and ends at characters' edges,
  /// is not UTF-8; the caller finds the first bad byte of the file and says it.
  @inline(never)
  func checkUTF8(_ range: Range<Int>) throws(FileError) {
    guard !range.isEmpty else { return }
    if UTF8Check.firstInvalidOffset(UnsafeBufferPointer(rebasing: buffer[range])) != nil {
      throw FileError(.encoding, path: name, message: "is not UTF-8")
    }
  }

  /// A record seen by the preview.
  struct PreviewRecord {
    var line: Int
    var start: Int
    var fields: [FieldRef]
    var nonEmpty: Int
    var isBlankLine: Bool
  }

  mutating func run() throws(FileError) -> CSVResult {
    let delimiter = options.delimiter ?? detectDelimiter()
    if options.delimiter == nil && delimiter != UInt8(ascii: ",") {
      notes.append("fields are separated by \(delimiterName(delimiter))")
    }
    guard let probe = RecordScanner(buffer, delimiter: delimiter) else {
      throw FileError(.empty, path: name, message: "has no rows")
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
        preview.append(
          PreviewRecord(
            line: scanner.recordLine, start: scanner.recordStart, fields: fields,
            nonEmpty: nonEmpty, isBlankLine: blankLine))
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
      if var s = RecordScanner(
        buffer, delimiter: delimiter, position: header.start, line: header.line)
      {
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
      kinds[j] =
        sampleLooksNumeric(column: j, preview: preview[(headerIndex + 1)...], scanner: probe)
        ? .number : nil
    }

    // Reserve for the rows the file probably holds, from the length of the previewed ones.
    let previewedRows = preview.count - headerIndex - 2
    let lastStart = preview.last?.start ?? dataStart
    let averageLength = previewedRows > 0 ? max(8, (lastStart - dataStart) / previewedRows) : 64
    let reserve = min((buffer.count - dataStart) / averageLength + 16, 50_000_000)

    let modes = kinds.map { $0 == .number ? ColumnAccumulator.Mode.number : .categorical }
    // The first pass checks the data's bytes as it goes; the lines above them are checked here.
    if checksUTF8 { try checkUTF8(0..<dataStart) }
    var (columns, stats) = try readData(
      modes, width: width, delimiter: delimiter, start: dataStart, line: dataLine, reserve: reserve,
      checkingUTF8: checksUTF8)

    // Columns that held something other than numbers are read again as text.
    var rereadModes = [ColumnAccumulator.Mode](repeating: .skip, count: width)
    for j in 0..<width {
      // Bare symbols and no number at all: a column of marks ("x" for yes), not of figures,
      // unless the column is named as a period (a year not yet published).
      if columns[j].mode == .number, columns[j].failure == nil, overrides[j] == nil,
        columns[j].presentCount == 0, columns[j].hasBareSymbol,
        Period(
          parsing: names[j].split(separator: "[").first.map { String($0).trimming(" ") } ?? names[j]
        ) == nil
      {
        rereadModes[j] = .categorical
        continue
      }
      guard let failure = columns[j].failure else { continue }
      if overrides[j] == .number {
        throw FileError(
          .type, path: name, line: failure.line,
          message: "\"\(failure.text)\" in column \(names[j]) is not a number",
          hint:
            "numbers may have separators (1,234), a % sign, a marker ([p]) or be a missing symbol ([c], [x], ..)"
        )
      }
      rereadModes[j] = .categorical
      notes.append(
        "\(names[j]): read as text, not numbers: line \(failure.line) holds \"\(failure.text)\"")
    }
    if rereadModes.contains(where: { $0 != .skip }) {
      var (reread, _) = try readData(
        rereadModes, width: width, delimiter: delimiter, start: dataStart, line: dataLine,
        reserve: reserve)
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
          notes.append(
            "\(names[j]): read as text, not numbers: line \(stray.tokens[0].line) holds \"\(stray.tokens[0].text)\""
          )
        }
      }
      if j >= header.fields.count || probe.isBlank(header.fields[j]), isAllMissing(data) {
        notes.append("dropped column \(j + 1): no header and no values")
        continue
      }
      result.append(Column(name: names[j], data: data))
    }

    if let first = stats.firstStrayQuote {
      let others =
        stats.strayQuotes > 1
        ? " (and \(NumberFormatting.count(stats.strayQuotes - 1, "more field")) like it)" : ""
      notes.append(
        "line \(first.line): a quote that is not doubled, so the field reads as \"\(clip(first.text))\"\(others); check the file: a quote inside a quoted field is written \"\""
      )
    }
    if stats.emptyRows > 0 {
      notes.append("skipped \(NumberFormatting.count(stats.emptyRows, "empty row"))")
    }
    if !stats.padded.isEmpty {
      notes.append(
        "padded \(NumberFormatting.count(stats.padded.count, "short row")) with empty cells (\(lineList(stats.padded)))"
      )
    }
    if !stats.footnotes.isEmpty {
      let first = stats.footnotes[0]
      let range =
        stats.footnotes.count == 1
        ? "line \(first.line)"
        : "lines \(first.line)-\(stats.footnotes[stats.footnotes.count - 1].line)"
      notes.append(
        "ignored \(NumberFormatting.count(stats.footnotes.count, "line")) of notes below the table (\(range)): \"\(clip(first.text))\""
      )
    }
    if stats.trimmedTrailing > 0 {
      notes.append(
        "ignored empty trailing fields on \(NumberFormatting.count(stats.trimmedTrailing, "row"))")
    }
    // cjnb's own data files (and others laid out the same way) keep a number's reason or marker
    // in a companion column: it goes back into the cells.
    let (withStatus, folded) = StatusColumns.fold(result)
    if !folded.isEmpty {
      notes.append(
        "read \(folded.joined(separator: ", ")) into the \(folded.count == 1 ? "cells" : "cells of the columns") before \(folded.count == 1 ? "it" : "them") (missing reasons and markers)"
      )
    }
    var table = Table(columns: withStatus)
    table.provenance.layout.strays = strays
    return CSVResult(table: table, notes: notes, headerLine: header.line)
  }

  // MARK: - The header

  mutating func findHeader(_ preview: [PreviewRecord]) throws(FileError) -> Int {
    let candidates = preview.indices.filter { !preview[$0].isBlankLine && preview[$0].nonEmpty > 0 }
    guard let firstRecord = candidates.first else {
      throw FileError(.empty, path: name, message: "has no rows: every line is empty")
    }
    if let skip = options.skipLines {
      guard let index = candidates.first(where: { preview[$0].line > skip }) else {
        throw FileError(
          .header, path: name,
          message: "skip \(skip) leaves no header: the file has \(preview.last?.line ?? 0) lines")
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
          var note =
            "skipped \(lines == 1 ? "the line" : "the \(lines) lines") above the header on line \(record.line)"
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
      var n = scanner.string(f).trimming(" \t").replacingEvery("\r\n", with: " ").replacingEvery(
        "\n", with: " "
      ).replacingEvery("\r", with: " ")
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
      notes.append(
        "\(NumberFormatting.count(renamed.count - shown, "more column")) renamed the same way (no name, or a name used before)"
      )
    }
    return names
  }

  func resolveOverrides(_ names: [String]) throws(FileError) -> [ColumnType?] {
    var result = [ColumnType?](repeating: nil, count: names.count)
    for (column, type) in options.types.sorted(by: { $0.key < $1.key }) {
      guard
        let j = names.firstIndex(of: column)
          ?? names.firstIndex(where: { $0.lowercased() == column.lowercased() })
      else {
        let close = Suggestions.closest(to: column, in: names)
        throw FileError(
          .header, path: name, message: "no column named \"\(column)\" to give a type to",
          hint: close.isEmpty
            ? "columns: \(names.joined(separator: ", "))"
            : "did you mean \(Suggestions.phrase(close))?")
      }
      result[j] = type
    }
    return result
  }

  func sampleLooksNumeric(column j: Int, preview: ArraySlice<PreviewRecord>, scanner: RecordScanner)
    -> Bool
  {
    var scratch: [UInt8] = []
    for record in preview where !record.isBlankLine && j < record.fields.count {
      let verdict = scanner.withContent(record.fields[j], scratch: &scratch) { bytes -> Int in
        let p = NumberParser.parse(bytes)
        switch p.kind {
        case .invalid: return -1
        case .missing: return 0
        case .number:
          // A leading zero (`0123`) is a code, not a number.
          if bytes.count > 1 && bytes[0] == UInt8(ascii: "0") && bytes[1] != UInt8(ascii: ".")
            && bytes[1] != UInt8(ascii: ",")
          {
            return -1
          }
          return 1
        }
      }
      if verdict < 0 {
        // Notes below the table are not data: a one-cell row does not decide a column's type.
        if record.nonEmpty <= 1 && record.fields.count < preview.first.map({ $0.fields.count }) ?? 0
        {
          continue
        }
        return false
      }
    }
    return true
  }

  // MARK: - Text in notes

  private func lineList(_ lines: [Int]) -> String {
    let shown = lines.prefix(5).map { "line \($0)" }.joined(separator: ", ")
    return lines.count > 5 ? shown + ", and \(lines.count - 5) more" : shown
  }

  private func clip(_ s: String) -> String {
    s.count > 60 ? String(s.prefix(57)) + "..." : s
  }
}
