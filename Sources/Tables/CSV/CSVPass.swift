extension CSVParser {
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
  /// `checkingUTF8`: the stretch's bytes are checked too, `utf8CheckStep` bytes (a quarter of a
  /// megabyte) at a time behind the reader, where they are still in the cache, and before their pages are let go.
  func pass(
    _ columns: inout [ColumnAccumulator], width: Int, delimiter: UInt8, start: Int, end: Int,
    line: Int, checkingUTF8: Bool = false
  ) throws(FileError) -> PassStats {
    var stats = PassStats()
    let stretch = UnsafeBufferPointer(rebasing: buffer[0..<end])
    guard start < end,
      var scanner = RecordScanner(stretch, delimiter: delimiter, position: start, line: line)
    else {
      return stats
    }
    var scratch: [UInt8] = []
    scratch.reserveCapacity(256)
    var lastWasEmpty = false
    var pages = PageRelease(
      buffer: buffer, region: options.releasableRegion, step: options.pageReleaseStep, from: start)

    let bounds = UnsafeMutablePointer<Int>.allocate(capacity: 2 * max(1, width))
    defer { bounds.deallocate() }
    let readableEnd = scanner.end
    // The bytes before this are checked. A record starts at a character's edge (after a line
    // end, or at the stretch's start), so checking from one record's start to another's never
    // cuts a character in two.
    var checked = start
    let checkStep = options.utf8CheckStep
    /// Checks the bytes up to the start of the record just read, when enough have gathered, and
    /// lets go of the pages behind what is checked.
    @inline(__always)
    func behind(_ recordStart: Int) throws(FileError) {
      guard checkingUTF8 else { return pages.release(upTo: recordStart) }
      if recordStart - checked >= checkStep {
        try checkUTF8(checked..<recordStart)
        checked = recordStart
      }
      pages.release(upTo: checked)
    }

    loop: while true {
      if stats.pending.isEmpty && scanner.nextPlain(width: width, into: bounds) {
        // The common case: a full row of plain fields, handed straight to the columns.
        try behind(scanner.recordStart)
        if stats.rows & 0xFFFF == 0 && Interruption.isRequested {
          throw FileError(.interrupted, path: name, message: "interrupted")
        }
        let recordLine = scanner.recordLine
        columns.withUnsafeMutableBufferPointer { columns in
          for j in 0..<width {
            let s = bounds[2 * j]
            columns[j].append(
              UnsafeBufferPointer(start: stretch.baseAddress! + s, count: bounds[2 * j + 1] - s),
              line: recordLine, readableTo: readableEnd)
          }
        }
        stats.rows += 1
        lastWasEmpty = false
        continue
      }
      switch scanner.next() {
      case .end: break loop
      case .unterminatedQuote(let l): throw unterminated(l)
      case .record: break
      }
      try behind(scanner.recordStart)
      if stats.rows & 0xFFFF == 0 && Interruption.isRequested {
        throw FileError(.interrupted, path: name, message: "interrupted")
      }
      let n = scanner.fields.count
      let recordLine = scanner.recordLine
      if n == 1 && scanner.fields[0].isEmpty && !scanner.fields[0].isQuoted { continue }
      if n == width && !scanner.isBlank(scanner.fields[0])
        && !scanner.isBlank(scanner.fields[n - 1]) && stats.pending.isEmpty
      {
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
          throw FileError(
            .ragged, path: name, line: recordLine,
            message: "\(n) fields where the header has \(width)",
            hint:
              "an unquoted comma inside a value splits it: write \"12,150\" in quotes; `lenient` pads short rows but never drops cells"
          )
        }
        stats.trimmedTrailing += 1
      }
      // A row with only its first cell filled may be a note below the table ("Source: ...").
      if width > 2 && !scanner.isBlank(fields[0])
        && fields.dropFirst().allSatisfy({ scanner.isBlank($0) })
      {
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
    if checkingUTF8 { try checkUTF8(checked..<end) }
    stats.lines = scanner.line - line
    stats.strayQuotes = scanner.strayQuotes
    stats.firstStrayQuote = scanner.firstStrayQuote.map { ($0.line, scanner.string($0.field)) }
    return stats
  }

  /// Settles held rows: as notes below the table, or as rows inside it (full rows as they are,
  /// short ones padded or, unless lenient, an error at the first).
  /// `lineOffset`: what the held rows' lines are ahead of the lines the columns count in (a
  /// stretch's rows are shifted to the file's lines before it is settled; its columns count
  /// from the stretch's start until they are joined).
  func settle(
    _ stats: inout PassStats, asNotes: Bool, width: Int, _ columns: inout [ColumnAccumulator],
    lineOffset: Int = 0
  ) throws(FileError) {
    guard !stats.pending.isEmpty, let scanner = RecordScanner(buffer, delimiter: 0) else { return }
    if asNotes {
      stats.footnotes.append(
        contentsOf: stats.pending.map { ($0.line, scanner.string($0.fields[0])) })
    } else {
      var scratch: [UInt8] = []
      for row in stats.pending {
        if row.fields.count < width {
          guard options.lenient else { throw shortRow(row.line, row.fields.count, width) }
          stats.padded.append(row.line)
        }
        Self.emit(scanner, row.fields, row.line - lineOffset, &columns, &scratch)
        stats.rows += 1
      }
    }
    stats.pending.removeAll()
  }

  /// Whether held rows at the very end of the table are notes: set off by an empty row, shorter
  /// than the header, or starting as notes do. Otherwise they are rows with one value.
  func looksLikeNotes(_ pending: [(line: Int, fields: [FieldRef])], afterEmptyRow: Bool, width: Int)
    -> Bool
  {
    guard let scanner = RecordScanner(buffer, delimiter: 0) else { return false }
    return afterEmptyRow
      || pending.contains { row in
        row.fields.count < width || Self.isNoteText(scanner.string(row.fields[0]))
      }
  }

  /// Hands a record's cells to the accumulators; cells a short row lacks are missing.
  @inline(__always)
  private static func emit(
    _ scanner: RecordScanner, _ fields: [FieldRef], _ line: Int,
    _ columns: inout [ColumnAccumulator], _ scratch: inout [UInt8]
  ) {
    columns.withUnsafeMutableBufferPointer { columns in
      let n = min(fields.count, columns.count)
      let end = scanner.end
      for j in 0..<n {
        let f = fields[j]
        // A rebuilt field's bytes are in `scratch`, with nothing readable after them.
        let readable = f.needsUnescape ? nil : end
        scanner.withContent(f, scratch: &scratch) {
          columns[j].append($0, line: line, readableTo: readable)
        }
      }
      for j in n..<columns.count { columns[j].appendMissing() }
    }
  }

  /// Text that starts as the notes under published tables do.
  static func isNoteText(_ text: String) -> Bool {
    let lower = text.lowercased()
    return [
      "source", "note", "footnote", "[", "*", "†", "figures", "data ", "this table", "please",
      "contains ",
      "includes ", "excludes ", "due to ", "based on ", "rates ", "totals ", "percentages ",
      "return to", "go to", "back to",
    ].contains { lower.hasPrefix($0) }
  }

  private func shortRow(_ line: Int, _ n: Int, _ width: Int?) -> FileError {
    FileError(
      .ragged, path: name, line: line,
      message:
        "\(NumberFormatting.count(n, "field")) where the header has \(width.map(String.init) ?? "more")",
      hint: "fill in the missing fields, or load with `lenient` to pad short rows with empty cells")
  }

  func unterminated(_ line: Int) -> FileError {
    FileError(
      .quoting, path: name, line: line,
      message: "a quoted field starts on this line and is never closed",
      hint:
        "a value has an opening \" without its closing \"; a quote inside a quoted value is written \"\""
    )
  }
}
