/// Writes tables as text files: CSV and TSV (RFC 4180), JSON, and Markdown tables.
///
/// CSV, TSV and JSON are for programs: numbers are written plainly (`12150`, full precision) and
/// a number cell holds a number or nothing. A missing number is empty (`null` in JSON), and its
/// reason, or the marker on a number, goes in a companion column written right after it, named
/// `NAME_status` (`[c]`, `123` with `[p]`), as the government's guidance for machine-readable
/// tables lays out; the column is there only when some cell needs it. ``CSVReader`` folds it
/// back, so that cjnb reads its own files as the same table. Text, period and boolean cells keep
/// their symbols in place. Markdown is for people and shows cells as the screen does (`12,150`,
/// `123[p]`, `[c]`).
public enum TableWriter {
  public static func csv(_ table: Table, forExcel: Bool = false) -> String {
    String(decoding: csvBytes(table, forExcel: forExcel), as: UTF8.self)
  }
  public static func tsv(_ table: Table, forExcel: Bool = false) -> String {
    String(decoding: tsvBytes(table, forExcel: forExcel), as: UTF8.self)
  }
  /// The file's bytes, for writing without a String between (a copy of the whole file saved).
  public static func csvBytes(_ table: Table, forExcel: Bool = false) -> [UInt8] {
    delimited(table, separator: ",", forExcel: forExcel)
  }
  public static func tsvBytes(_ table: Table, forExcel: Bool = false) -> [UInt8] {
    delimited(table, separator: "\t", forExcel: forExcel)
  }

  /// Written column by column into bytes: a text or period column's dictionary entries are
  /// quoted (and guarded for Excel) once each, not once per cell, and whole numbers are written
  /// digit by digit without a String per cell. O(rows × columns).
  private static func delimited(_ table: Table, separator: Character, forExcel: Bool) -> [UInt8] {
    func field(_ s: String, text: Bool) -> String {
      quote(forExcel && text && startsFormula(s) ? "'" + s : s, separator)
    }
    let sep = separator.asciiValue!
    // Excel reads a CSV as UTF-8 only after a byte-order mark; without one, accented names and
    // dashes come out garbled.
    var out: [UInt8] = forExcel ? [0xEF, 0xBB, 0xBF] : []
    out.reserveCapacity(table.rowCount * table.columns.count * 8 + 64)
    let withStatus = statusColumns(table)
    let header =
      table.columns.indices.flatMap { c in
        let name = table.columns[c].name
        return withStatus[c]
          ? [field(name, text: true), field(statusName(name), text: true)]
          : [field(name, text: true)]
      }.joined(separator: String(separator)) + "\n"
    out += header.utf8
    // Made once for the file, not per column: a table of 30,000 columns (a hostile file) would
    // otherwise build 256 small arrays for each.
    let symbols = StatusSymbols()
    defer { symbols.release() }
    let writers = table.columns.indices.map { c in
      ColumnBytes(table.columns[c], companion: withStatus[c], symbols: symbols, field: field)
    }
    defer { for w in writers { w.release() } }
    let count = writers.count
    // The rows in view order, once: the loop below touches no reference-counted storage.
    let rows = table.selection.physicalRows
    rows.withUnsafeBufferPointer { rows in
      writers.withUnsafeBufferPointer { writers in
        for row in rows {
          for c in 0..<count {
            if c > 0 { out.append(sep) }
            writers[c].append(row: Int(row), to: &out, separator: sep)
          }
          out.append(0x0A)
        }
      }
    }
    return out
  }

  /// How one column's cells are written to a CSV or TSV file, from copies of its storage in
  /// memory this writer owns (no reference counting per cell): a text or period column's
  /// dictionary entries as their finished fields, laid end to end; numbers and their statuses;
  /// and each status byte's missing symbol or marker, made once.
  /// Each status byte's missing symbol, else its marker (the two share no status byte), as bytes
  /// at `arena[offsets[b]..<offsets[b + 1]]`. Owned by the writer; columns only read it.
  private struct StatusSymbols {
    let arena: UnsafeMutableBufferPointer<UInt8>
    let offsets: UnsafeMutableBufferPointer<Int>

    init() {
      let pieces = (0...255).map { b -> [UInt8] in
        let s = CellStatus(rawValue: UInt8(b))
        return Array((s.missing?.symbol ?? s.marker?.symbol ?? "").utf8)
      }
      var ends = [0]
      for p in pieces { ends.append(ends.last! + p.count) }
      let bytes = pieces.flatMap { $0 }
      arena = .allocate(capacity: max(1, bytes.count))
      _ = arena.initialize(from: bytes)
      offsets = .allocate(capacity: ends.count)
      _ = offsets.initialize(from: ends)
    }

    func release() {
      arena.deallocate()
      offsets.deallocate()
    }
  }

  private struct ColumnBytes {
    enum Kind { case coded, number, boolean }
    let kind: Kind
    /// With a number: its status goes in a companion column after it.
    let companion: Bool
    var codes = UnsafeMutableBufferPointer<UInt32>(start: nil, count: 0)
    /// Entry `i` is `arena[offsets[i]..<offsets[i + 1]]`.
    var arena = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    var offsets = UnsafeMutableBufferPointer<Int>(start: nil, count: 0)
    var values = UnsafeMutableBufferPointer<Double>(start: nil, count: 0)
    var flags = UnsafeMutableBufferPointer<Bool>(start: nil, count: 0)
    var status = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    /// The writer's, shared by every column.
    let symbols: StatusSymbols

    init(_ column: Column, companion: Bool, symbols: StatusSymbols, field: (String, Bool) -> String)
    {
      func copy<T>(_ a: [T]) -> UnsafeMutableBufferPointer<T> {
        let p = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, a.count))
        _ = p.initialize(from: a)
        return UnsafeMutableBufferPointer(rebasing: p[0..<a.count])
      }
      func laidOut(_ pieces: [[UInt8]]) -> (
        UnsafeMutableBufferPointer<UInt8>, UnsafeMutableBufferPointer<Int>
      ) {
        var offsets = [0]
        for p in pieces { offsets.append(offsets.last! + p.count) }
        return (copy(pieces.flatMap { $0 }), copy(offsets))
      }
      var statusBytes: [CellStatus]?
      switch column.data {
      case .text(let c):
        kind = .coded
        codes = copy(c.codes)
        (arena, offsets) = laidOut(c.dictionary.map { Array(field($0, true).utf8) })
        statusBytes = c.status
      case .period(let c):
        kind = .coded
        codes = copy(c.codes)
        (arena, offsets) = laidOut(c.dictionary.map { Array(field($0.description, false).utf8) })
        statusBytes = c.status
      case .number(let c):
        kind = .number
        values = copy(c.values)
        statusBytes = c.status
      case .boolean(let c):
        kind = .boolean
        flags = copy(c.values)
        statusBytes = c.status
      }
      self.companion = companion
      self.symbols = symbols
      if let statusBytes { status = copy(statusBytes.map(\.rawValue)) }
    }

    func release() {
      for p in [
        UnsafeMutableRawBufferPointer(codes), UnsafeMutableRawBufferPointer(arena),
        UnsafeMutableRawBufferPointer(offsets),
        UnsafeMutableRawBufferPointer(values), UnsafeMutableRawBufferPointer(flags),
        UnsafeMutableRawBufferPointer(status),
      ] {
        p.baseAddress?.deallocate()
      }
    }

    @inline(__always)
    private func appendSymbol(_ b: UInt8, to out: inout [UInt8]) {
      let from = symbols.offsets[Int(b)]
      let to = symbols.offsets[Int(b) + 1]
      if to > from {
        out.append(contentsOf: UnsafeBufferPointer(rebasing: symbols.arena[from..<to]))
      }
    }

    @inline(__always)
    func append(row: Int, to out: inout [UInt8], separator: UInt8) {
      let b: UInt8 = status.isEmpty ? 0 : status[row]
      let missing = CellStatus(rawValue: b).isMissing
      switch kind {
      case .coded:
        let code = codes[row]
        if code == CategoricalColumn<String>.missingCode {
          appendSymbol(b, to: &out)
        } else {
          out.append(
            contentsOf: UnsafeBufferPointer(
              rebasing: arena[offsets[Int(code)]..<offsets[Int(code) + 1]]))
        }
      case .number:
        if missing {
          // A number cell holds a number or nothing; its reason goes beside it, or in it when
          // the table has no companion column (only empty cells are missing then).
          if companion { out.append(separator) }
          appendSymbol(b, to: &out)
          return
        }
        let n = values[row]
        // Not a number or infinite: nothing beside a companion, as the status says why; in a
        // file without one, the word (`inf`), as before.
        if n.isFinite {
          TableWriter.appendNumber(n, to: &out)
        } else if !companion {
          out += NumberFormatting.data(n).utf8
        }
        if companion { out.append(separator) }
        appendSymbol(b, to: &out)
      case .boolean:
        if missing {
          appendSymbol(b, to: &out)
        } else {
          out += (flags[row] ? "true" : "false").utf8
        }
      }
    }
  }

  /// `n` as ``NumberFormatting/data(_:)`` writes it; whole numbers digit by digit.
  static func appendNumber(_ n: Double, to out: inout [UInt8]) {
    guard n == n.rounded(), abs(n) < 1e15 else {
      out += NumberFormatting.data(n).utf8
      return
    }
    var v = Int64(n)
    if v == 0 {
      out.append(0x30)
      return
    }
    if v < 0 {
      out.append(UInt8(ascii: "-"))
      v = -v
    }
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var k = 0
    withUnsafeMutableBytes(of: &digits) { d in
      while v > 0 {
        d[k] = UInt8(v % 10) + 0x30
        v /= 10
        k += 1
      }
      while k > 0 {
        k -= 1
        out.append(d[k])
      }
    }
  }

  /// The companion column of `name`: `value` → `value_status`.
  public static func statusName(_ name: String) -> String { name + "_status" }

  /// The first column whose companion would take the name of a column the table already has
  /// (`value` needs `value_status`, and there is one): a data file would hold two columns of
  /// one name, which no reader can tell apart. Writers refuse such a table; nil when none.
  public static func statusNameClash(_ table: Table) -> (column: String, companion: String)? {
    let names = Set(table.columns.map(\.name))
    for (c, needed) in statusColumns(table).enumerated() where needed {
      let companion = statusName(table.columns[c].name)
      if names.contains(companion) { return (table.columns[c].name, companion) }
    }
    return nil
  }

  /// For each column, whether data files write a companion status column after it: a number
  /// column with a missing cell that has a reason, or a marked number, among the table's rows.
  /// An empty cell needs no reason, so a column whose only missing cells are empty has none.
  /// O(rows) for each number column that keeps a status array.
  public static func statusColumns(_ table: Table) -> [Bool] {
    table.columns.map { column in
      guard case .number(let numbers) = column.data, let status = numbers.status else {
        return false
      }
      for r in 0..<table.rowCount {
        let s = status[table.selection[r]]
        if s.marker != nil || (s.missing.map { $0 != .empty } ?? false) { return true }
      }
      return false
    }
  }

  /// A number cell as a data file writes it, as the number (or nothing) and its status: the
  /// missing reason's symbol or the marker, or nothing.
  static func split(_ value: Value) -> (cell: String, status: String) {
    switch value {
    case .number(let n, let m): (n.isFinite ? NumberFormatting.data(n) : "", m?.symbol ?? "")
    case .missing(let r): ("", r.symbol)
    default: ("", "")
    }
  }

  /// Whether Excel (and LibreOffice) would take a text cell as a formula: it starts with `=`,
  /// `@`, a tab or a line end, or with `+` or `-` and is not a plain number. Such a cell in a file
  /// someone opens can run commands (`=HYPERLINK(...)`, `=cmd|...`): the OWASP advice is a
  /// leading `'`, which Excel shows as nothing and keeps the text as text.
  public static func startsFormula(_ s: String) -> Bool {
    guard let first = s.unicodeScalars.first else { return false }
    switch first {
    case "=", "@", "\t", "\r", "\n": return true
    case "+", "-": return s.unicodeScalars.count > 1 && Double(s) == nil
    default: return false
    }
  }

  /// How many text cells (and column names) of `table` Excel would take as formulas. Each
  /// dictionary entry is looked at once, then its cells counted. O(rows + entries).
  public static func formulaLikeCells(_ table: Table) -> Int {
    var n = table.columnNames.filter(startsFormula).count
    for column in table.columns {
      guard case .text(let c) = column.data else { continue }
      let risky = c.dictionary.map(startsFormula)
      guard risky.contains(true) else { continue }
      for r in 0..<table.rowCount {
        let code = c.codes[table.selection[r]]
        if code != CategoricalColumn<String>.missingCode && risky[Int(code)] { n += 1 }
      }
    }
    return n
  }

  /// A field in quotes when it holds the separator, a quote or a line end, or has spaces a
  /// reader would trim; in CSV also when it holds another separator a reader might guess (`;`
  /// `|` tab: a one-column file of `a;b;c` must not read back as three columns; a `.tsv` file is
  /// always read with tabs). Looked at byte by byte: `"\r\n"` is one `Character`, equal to
  /// neither `"\r"` nor `"\n"`.
  static func quote(_ s: String, _ separator: Character) -> String {
    let bytes = s.utf8
    let csv = separator == ","
    let needs = bytes.contains { b in
      b == 0x22 || b == 0x0A || b == 0x0D || (separator.asciiValue.map { b == $0 } ?? false)
        || (csv && (b == 0x3B || b == 0x7C || b == 0x09))
    }
    guard needs || bytes.first == 0x20 || bytes.last == 0x20 else { return s }
    return "\"" + s.replacingQuotes() + "\""
  }

  /// An array of objects, one per row. A number cell is a JSON number or null; its missing
  /// reason or marker is in `NAME_status` beside it (a string, or null), as in CSV. Other
  /// missing cells are their symbol as a string, or null when they were empty.
  public static func json(_ table: Table) -> String {
    var rows: [String] = []
    let withStatus = statusColumns(table)
    let keys = table.columns.map { jsonString($0.name) }
    let statusKeys = table.columns.map { jsonString(statusName($0.name)) }
    for r in 0..<table.rowCount {
      var fields: [String] = []
      for c in table.columns.indices {
        let v = table.value(row: r, column: c)
        let text: String
        switch v {
        case .number(let n, _): text = n.isFinite ? NumberFormatting.data(n) : "null"
        case .boolean(let b): text = b ? "true" : "false"
        case .missing(.empty): text = "null"
        case .missing where table.columns[c].type == .number: text = "null"
        default: text = jsonString(CellText.data(v))
        }
        fields.append("\(keys[c]): \(text)")
        if withStatus[c] {
          let status = split(v).status
          fields.append("\(statusKeys[c]): \(status.isEmpty ? "null" : jsonString(status))")
        }
      }
      rows.append("  {" + fields.joined(separator: ", ") + "}")
    }
    return rows.isEmpty ? "[]\n" : "[\n" + rows.joined(separator: ",\n") + "\n]\n"
  }

  static func jsonString(_ s: String) -> String {
    var out = "\""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      case "\t": out += "\\t"
      default:
        if scalar.value < 0x20 {
          let hex = String(scalar.value, radix: 16)
          out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out + "\""
  }

  /// A Markdown (GitHub) table: numbers right-aligned and shown as on screen.
  public static func markdown(_ table: Table) -> String {
    func escape(_ s: String) -> String { s.replacingPipes() }
    var out = "| " + table.columnNames.map(escape).joined(separator: " | ") + " |\n"
    out +=
      "|"
      + table.columns.indices.map { table.alignsRight(column: $0) ? " ---: |" : " --- |" }.joined()
      + "\n"
    let formats = CellText.formats(table)
    for r in 0..<table.rowCount {
      let cells = table.columns.indices.map { c in
        escape(CellText.shown(table.value(row: r, column: c), format: formats[c]))
      }
      out += "| " + cells.joined(separator: " | ") + " |\n"
    }
    return out
  }
}

extension Table {
  /// Whether a column reads as figures and so aligns right: a number column, or a text column
  /// whose values are all formatted figures (see ``FigureText``).
  public func alignsRight(column c: Int) -> Bool {
    switch columns[c].data {
    case .number: return true
    case .text:
      return FigureText.isFigureColumn(
        (0..<rowCount).lazy.compactMap { r -> String? in
          if case .text(let s) = self.value(row: r, column: c) { return s }
          return nil
        })
    default: return false
    }
  }
}

extension String {
  fileprivate func replacingQuotes() -> String {
    var out = ""
    for ch in self {
      if ch == "\"" { out += "\"\"" } else { out.append(ch) }
    }
    return out
  }

  fileprivate func replacingPipes() -> String {
    var out = ""
    for ch in self {
      if ch == "|" { out += "\\|" } else if ch == "\n" { out += " " } else { out.append(ch) }
    }
    return out
  }
}
