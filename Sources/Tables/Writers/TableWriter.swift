import Dispatch

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

  /// Written in stretches of rows side by side, one per core, each into bytes of its own, then
  /// laid end to end: a text or period column's dictionary entries are quoted (and guarded for
  /// Excel) once each, not once per cell, whole numbers are written digit by digit without a
  /// String per cell, and each row's room is made once, not per byte. O(rows × columns).
  private static func delimited(_ table: Table, separator: Character, forExcel: Bool) -> [UInt8] {
    func field(_ s: String, text: Bool) -> String {
      quote(forExcel && text && startsFormula(s) ? "'" + s : s, separator)
    }
    let sep = separator.asciiValue!
    // Excel reads a CSV as UTF-8 only after a byte-order mark; without one, accented names and
    // dashes come out garbled.
    var head: [UInt8] = forExcel ? [0xEF, 0xBB, 0xBF] : []
    let withStatus = statusColumns(table)
    let header =
      table.columns.indices.flatMap { c in
        let name = table.columns[c].name
        return withStatus[c]
          ? [field(name, text: true), field(statusName(name), text: true)]
          : [field(name, text: true)]
      }.joined(separator: String(separator)) + "\n"
    head += header.utf8
    // Made once for the file, not per column: a table of 30,000 columns (a hostile file) would
    // otherwise build 256 small arrays for each.
    let symbols = StatusSymbols()
    defer { symbols.release() }
    let writers = table.columns.indices.map { c in
      ColumnBytes(table.columns[c], companion: withStatus[c], symbols: symbols, field: field)
    }
    defer { for w in writers { w.release() } }
    // The most one row's cells can take on the fast paths, with their separators and the line
    // end; a number written through a String makes its own room.
    let rowRoom = writers.reduce(1 + ByteRun.slack) { $0 + $1.widest + 2 }
    // The rows in view order, once: the loops below touch no reference-counted storage.
    let rows = table.selection.physicalRows
    let stretch = 1 << 15
    let stretches = (rows.count + stretch - 1) / stretch
    var runs = [ByteRun?](repeating: nil, count: stretches)
    rows.withUnsafeBufferPointer { rows in
      writers.withUnsafeBufferPointer { writers in
        runs.withUnsafeMutableBufferPointer { slots in
          // Read only by every thread; each thread writes only its own slot.
          nonisolated(unsafe) let work = (rows, writers, slots)
          // One stretch runs on the calling thread, as concurrentPerform runs a single
          // iteration there.
          DispatchQueue.concurrentPerform(iterations: stretches) { k in
            let (rows, writers, slots) = work
            let lo = k * stretch
            let hi = min(rows.count, lo + stretch)
            var run = ByteRun(capacity: (hi - lo) * min(rowRoom, 256))
            for i in lo..<hi {
              let row = Int(rows[i])
              run.reserve(rowRoom)
              for c in 0..<writers.count {
                if c > 0 { run.put(sep) }
                writers[c].put(row: row, into: &run, separator: sep, room: rowRoom)
              }
              run.put(0x0A)
            }
            slots[k] = run
          }
        }
      }
    }
    // Laid end to end into the file's bytes, each stretch copied (and let go) by whichever core
    // is free.
    var starts = [head.count]
    for run in runs { starts.append(starts.last! + run!.count) }
    let total = starts.last!
    return [UInt8](unsafeUninitializedCapacity: total) { out, count in
      _ = UnsafeMutableBufferPointer(rebasing: out[0..<head.count]).initialize(from: head)
      runs.withUnsafeMutableBufferPointer { runs in
        nonisolated(unsafe) let work = (runs, out, starts)
        DispatchQueue.concurrentPerform(iterations: stretches) { k in
          let (runs, out, starts) = work
          runs[k]!.move(to: out.baseAddress! + starts[k])
        }
      }
      count = total
    }
  }

  /// Bytes in memory a writer owns, grown by doubling, written without a uniqueness check per
  /// byte: the caller makes room (``reserve(_:)``) for what it then puts.
  private struct ByteRun {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
      self.capacity = max(64, capacity)
      base = .allocate(capacity: self.capacity)
    }

    /// Room for `more` bytes after those written.
    @inline(__always)
    mutating func reserve(_ more: Int) {
      guard count + more > capacity else { return }
      capacity = max(capacity * 2, count + more)
      let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
      grown.initialize(from: base, count: count)
      base.deallocate()
      base = grown
    }

    /// One byte, into room already made.
    @inline(__always)
    mutating func put(_ b: UInt8) {
      base[count] = b
      count &+= 1
    }

    /// `n` bytes from `source`, into room already made and 16 bytes more: a short run is
    /// copied as one 16-byte block, so `source` must have 16 readable bytes (``padded(_:)``).
    @inline(__always)
    mutating func put(_ source: UnsafePointer<UInt8>, _ n: Int) {
      if n <= 16 {
        UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: 16)
      } else {
        (base + count).initialize(from: source, count: n)
      }
      count &+= n
    }

    /// The slack after a row's room that ``put(_:_:)`` may write into.
    static let slack = 16

    /// `bytes` with 16 zero bytes after them, for ``put(_:_:)`` to read as a block.
    static func padded(_ bytes: [UInt8]) -> UnsafeMutableBufferPointer<UInt8> {
      let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count + slack)
      _ = p.initialize(from: bytes + [UInt8](repeating: 0, count: slack))
      return p
    }

    /// Bytes of any length, making room for them and `room` more after.
    mutating func append(_ bytes: some Collection<UInt8>, room: Int) {
      reserve(bytes.count + room)
      for b in bytes { put(b) }
    }

    /// `n`, a whole number under 10^15 in size, digit by digit, into room already made.
    @inline(__always)
    mutating func putWhole(_ n: Double) {
      var v = Int64(n)
      if v < 0 {
        put(UInt8(ascii: "-"))
        v = -v
      }
      var digits = 1
      var scale: Int64 = 10
      while digits < 16, v >= scale {
        digits += 1
        scale *= 10
      }
      var at = count + digits
      count = at
      repeat {
        at -= 1
        base[at] = UInt8(truncatingIfNeeded: v % 10) + 0x30
        v /= 10
      } while v > 0
    }

    /// Copies the bytes to `destination` and lets them go.
    mutating func move(to destination: UnsafeMutablePointer<UInt8>) {
      destination.initialize(from: base, count: count)
      base.deallocate()
      count = 0
      capacity = 0
    }
  }

  /// Each status byte's missing symbol, else its marker (the two share no status byte), as bytes
  /// at `arena[offsets[b]..<offsets[b + 1]]`. Owned by the writer; columns only read it.
  private struct StatusSymbols {
    let arena: UnsafeMutableBufferPointer<UInt8>
    let offsets: UnsafeMutableBufferPointer<Int>
    /// The longest symbol's length.
    let widest: Int

    init() {
      let pieces = (0...255).map { b -> [UInt8] in
        let s = CellStatus(rawValue: UInt8(b))
        return Array((s.missing?.symbol ?? s.marker?.symbol ?? "").utf8)
      }
      var ends = [0]
      for p in pieces { ends.append(ends.last! + p.count) }
      arena = ByteRun.padded(pieces.flatMap { $0 })
      offsets = .allocate(capacity: ends.count)
      _ = offsets.initialize(from: ends)
      widest = pieces.map(\.count).max() ?? 0
    }

    func release() {
      arena.deallocate()
      offsets.deallocate()
    }
  }

  /// How one column's cells are written to a CSV or TSV file, from copies of its storage in
  /// memory this writer owns (no reference counting per cell): a text or period column's
  /// dictionary entries as their finished fields, laid end to end; numbers and their statuses;
  /// and the writer's status symbols.
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
    /// The most a cell takes on the fast paths (and its companion's, with the separator
    /// between); a number written through a String makes its own room.
    private(set) var widest = 0

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
        return (ByteRun.padded(pieces.flatMap { $0 }), copy(offsets))
      }
      var statusBytes: [CellStatus]?
      var entries: [[UInt8]] = []
      switch column.data {
      case .text(let c):
        kind = .coded
        codes = c.codes.allocatedWords()
        entries = c.dictionary.map { Array(field($0, true).utf8) }
        statusBytes = c.status
      case .period(let c):
        kind = .coded
        codes = c.codes.allocatedWords()
        entries = c.dictionary.map { Array(field($0.description, false).utf8) }
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
      if kind == .coded { (arena, offsets) = laidOut(entries) }
      self.companion = companion
      self.symbols = symbols
      if let statusBytes { status = copy(statusBytes.map(\.rawValue)) }
      switch kind {
      case .coded: widest = max(entries.map(\.count).max() ?? 0, symbols.widest)
      // A sign and 16 digits, then the companion's separator and symbol.
      case .number: widest = 17 + 1 + symbols.widest
      case .boolean: widest = max(5, symbols.widest)
      }
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
    private func putSymbol(_ b: UInt8, into run: inout ByteRun) {
      let from = symbols.offsets[Int(b)]
      let to = symbols.offsets[Int(b) + 1]
      if to > from { run.put(symbols.arena.baseAddress! + from, to - from) }
    }

    /// Row `row`'s cell (and its companion's), into room the caller made for ``widest``;
    /// `room` is what the rest of the row may still need, kept free by a slow path.
    @inline(__always)
    func put(row: Int, into run: inout ByteRun, separator: UInt8, room: Int) {
      let b: UInt8 = status.isEmpty ? 0 : status[row]
      let missing = CellStatus(rawValue: b).isMissing
      switch kind {
      case .coded:
        let code = codes[row]
        if code == CategoricalColumn<String>.missingCode {
          putSymbol(b, into: &run)
        } else {
          let from = offsets[Int(code)]
          run.put(arena.baseAddress! + from, offsets[Int(code) + 1] - from)
        }
      case .number:
        if missing {
          // A number cell holds a number or nothing; its reason goes beside it, or in it when
          // the table has no companion column (only empty cells are missing then).
          if companion { run.put(separator) }
          putSymbol(b, into: &run)
          return
        }
        let n = values[row]
        // Not a number or infinite: nothing beside a companion, as the status says why; in a
        // file without one, the word (`inf`), as before.
        if n.isFinite {
          if n == n.rounded(), abs(n) < 1e15 {
            run.putWhole(n)
          } else {
            run.append(NumberFormatting.data(n).utf8, room: room)
          }
        } else if !companion {
          run.append(NumberFormatting.data(n).utf8, room: room)
        }
        if companion { run.put(separator) }
        putSymbol(b, into: &run)
      case .boolean:
        if missing {
          putSymbol(b, into: &run)
        } else {
          for c in (flags[row] ? "true" : "false").utf8 { run.put(c) }
        }
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
