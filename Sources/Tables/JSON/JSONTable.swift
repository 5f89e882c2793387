/// Reads a table from JSON: an array of objects, one per row (what `write json` writes, and what
/// DuckDB, pandas' `orient="records"` and most web APIs give), or JSON Lines (one object per
/// line). Values are strings, numbers, true, false or null; a nested object or array is refused,
/// with its line and column, since a table cell cannot hold one.
///
/// The objects become CSV text that ``CSVReader`` reads, so that a JSON file is typed exactly as
/// the CSV of the same table would be (periods, numbers, symbols, `NAME_status` columns folded
/// back), and `load "x.json"` gives the table `write json` wrote. Keys are the columns, in the
/// order they are first met; a key an object lacks is an empty cell there, and a note says how
/// many objects lacked one. O(bytes).
public enum JSONTable {
  public static func read(path: String, options: CSVOptions = CSVOptions()) throws(FileError)
    -> CSVResult
  {
    let bytes = try FileBytes.read(path)
    let (text, notes) = try csvText(bytes, path: path)
    var csv = options
    csv.delimiter = UInt8(ascii: ",")
    csv.skipLines = 0
    var result = try CSVReader.read(bytes: text, name: path, options: csv)
    result.notes += notes
    result.table.provenance.source = path
    return result
  }

  /// The objects of `bytes` as CSV text with a header row, and the notes on how they were read.
  static func csvText(_ bytes: [UInt8], path: String) throws(FileError) -> (
    text: [UInt8], notes: [String]
  ) {
    var scanner = JSONScanner(bytes: bytes, path: path)
    let rows = try scanner.objects()
    var columns: [String: Int] = [:]
    var names: [String] = []
    for row in rows {
      for (key, _) in row where columns[key] == nil {
        columns[key] = names.count
        names.append(key)
      }
    }
    var lacking = Array(repeating: 0, count: names.count)
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    func field(_ s: String) {
      out += TableWriter.quote(s, ",").utf8
    }
    for (i, name) in names.enumerated() {
      if i > 0 { out.append(UInt8(ascii: ",")) }
      field(name)
    }
    out.append(0x0A)
    var cells = Array<JSONScanner.Scalar?>(repeating: nil, count: names.count)
    for row in rows {
      for i in cells.indices { cells[i] = nil }
      for (key, value) in row { cells[columns[key]!] = value }
      for (i, cell) in cells.enumerated() {
        if i > 0 { out.append(UInt8(ascii: ",")) }
        switch cell {
        case nil: lacking[i] += 1
        case .null?: break
        case .number(let raw)?: out += raw.utf8
        case .boolean(let b)?: out += (b ? "true" : "false").utf8
        case .string(let s)?:
          // An empty string stays a cell with text in it, as `""` in CSV.
          if s.isEmpty { out += "\"\"".utf8 } else { field(s) }
        }
      }
      out.append(0x0A)
    }
    var notes: [String] = []
    let missing = names.indices.filter { lacking[$0] > 0 }
    if !missing.isEmpty {
      let shown = missing.prefix(4).map {
        "\(names[$0]) (\(NumberFormatting.count(lacking[$0], "object")))"
      }.joined(separator: ", ")
      notes.append(
        "some objects had no value for a key, read as empty: " + shown
          + (missing.count > 4 ? " and \(missing.count - 4) more" : ""))
    }
    return (out, notes)
  }
}

/// A JSON scanner for tables: objects of plain values, with the line and column of every error.
struct JSONScanner {
  enum Scalar: Equatable {
    case string(String)
    /// The number as written, checked against JSON's grammar.
    case number(String)
    case boolean(Bool)
    case null
  }

  let bytes: [UInt8]
  let path: String
  private var i = 0
  private var line = 1
  private var lineStart = 0

  init(bytes: [UInt8], path: String) {
    self.bytes = bytes
    self.path = path
    // A byte-order mark is not part of the text.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3; lineStart = 3 }
  }

  /// The rows: the objects of the top-level array, or of each line.
  mutating func objects() throws(FileError) -> [[(String, Scalar)]] {
    skipSpace()
    guard i < bytes.count else { throw FileError(.empty, path: path, message: "holds no JSON") }
    var rows: [[(String, Scalar)]] = []
    if bytes[i] == UInt8(ascii: "[") {
      i += 1
      skipSpace()
      if peek(UInt8(ascii: "]")) {
        i += 1
      } else {
        while true {
          skipSpace()
          guard peek(UInt8(ascii: "{")) else {
            throw problem("each element of the array must be an object, one per row")
          }
          rows.append(try object())
          skipSpace()
          if peek(UInt8(ascii: ",")) { i += 1; continue }
          if peek(UInt8(ascii: "]")) { i += 1; break }
          throw problem(
            i < bytes.count ? "expected , or ] after an object" : "the array is not closed with ]")
        }
      }
      skipSpace()
      guard i == bytes.count else { throw problem("text after the end of the array") }
    } else if bytes[i] == UInt8(ascii: "{") {
      // JSON Lines: objects one after another.
      while i < bytes.count {
        guard peek(UInt8(ascii: "{")) else {
          throw problem("expected an object: JSON Lines hold one object per line")
        }
        rows.append(try object())
        skipSpace()
      }
    } else {
      throw problem("expected [ (an array of objects) or { (JSON Lines)")
    }
    guard !rows.isEmpty else {
      throw FileError(.empty, path: path, message: "holds no rows (an empty array)")
    }
    return rows
  }

  private mutating func object() throws(FileError) -> [(String, Scalar)] {
    i += 1  // {
    var fields: [(String, Scalar)] = []
    var seen = Set<String>()
    skipSpace()
    if peek(UInt8(ascii: "}")) { i += 1; return fields }
    while true {
      skipSpace()
      guard peek(UInt8(ascii: "\"")) else { throw problem("expected a key in double quotes") }
      let keyAt = position()
      let key = try string()
      guard seen.insert(key).inserted else {
        throw problem("the key \"\(key)\" comes twice in one object", at: keyAt)
      }
      skipSpace()
      guard peek(UInt8(ascii: ":")) else { throw problem("expected : after the key") }
      i += 1
      skipSpace()
      fields.append((key, try scalar()))
      skipSpace()
      if peek(UInt8(ascii: ",")) { i += 1; continue }
      if peek(UInt8(ascii: "}")) { i += 1; return fields }
      throw problem(
        i < bytes.count ? "expected , or } in an object" : "the object is not closed with }")
    }
  }

  private mutating func scalar() throws(FileError) -> Scalar {
    guard i < bytes.count else { throw problem("expected a value") }
    switch bytes[i] {
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "{"), UInt8(ascii: "["):
      throw problem(
        "a nested \(bytes[i] == UInt8(ascii: "{") ? "object" : "array") cannot be a table cell",
        hint:
          "cjnb reads an array of objects whose values are strings, numbers, true, false or null; flatten it first (e.g. jq, or DuckDB's unnest)"
      )
    case UInt8(ascii: "t"): try word("true"); return .boolean(true)
    case UInt8(ascii: "f"): try word("false"); return .boolean(false)
    case UInt8(ascii: "n"): try word("null"); return .null
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try number())
    default: throw problem("expected a value (a string, number, true, false or null)")
    }
  }

  private mutating func word(_ w: String) throws(FileError) {
    let expected = Array(w.utf8)
    guard bytes.count - i >= expected.count, Array(bytes[i..<i + expected.count]) == expected else {
      throw problem("expected a value (a string, number, true, false or null)")
    }
    i += expected.count
  }

  /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
  private mutating func number() throws(FileError) -> String {
    let start = i
    func digits(_ s: inout JSONScanner) -> Int {
      let from = s.i
      while s.i < s.bytes.count, s.bytes[s.i] >= 0x30, s.bytes[s.i] <= 0x39 { s.i += 1 }
      return s.i - from
    }
    if peek(UInt8(ascii: "-")) { i += 1 }
    let whole = digits(&self)
    guard whole > 0, !(whole > 1 && bytes[i - whole] == UInt8(ascii: "0")) else {
      throw problem("not a JSON number", at: column(of: start))
    }
    if peek(UInt8(ascii: ".")) {
      i += 1
      guard digits(&self) > 0 else {
        throw problem("not a JSON number: digits must follow the point", at: column(of: start))
      }
    }
    if peek(UInt8(ascii: "e")) || peek(UInt8(ascii: "E")) {
      i += 1
      if peek(UInt8(ascii: "+")) || peek(UInt8(ascii: "-")) { i += 1 }
      guard digits(&self) > 0 else {
        throw problem("not a JSON number: digits must follow the exponent", at: column(of: start))
      }
    }
    return String(decoding: bytes[start..<i], as: UTF8.self)
  }

  private mutating func string() throws(FileError) -> String {
    let start = position()
    i += 1  // "
    var out: [UInt8] = []
    while i < bytes.count {
      let b = bytes[i]
      switch b {
      case UInt8(ascii: "\""):
        i += 1
        guard let s = String(validating: out, as: UTF8.self) else {
          throw problem("a string that is not UTF-8", at: start)
        }
        return s
      case UInt8(ascii: "\\"):
        i += 1
        guard i < bytes.count else { break }
        let e = bytes[i]
        i += 1
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
          var scalar = try hex4()
          if (0xD800...0xDBFF).contains(scalar) {
            guard bytes.count - i >= 6, bytes[i] == UInt8(ascii: "\\"),
              bytes[i + 1] == UInt8(ascii: "u")
            else {
              throw problem("a \\u escape of half a character (a lone surrogate)")
            }
            i += 2
            let low = try hex4()
            guard (0xDC00...0xDFFF).contains(low) else {
              throw problem("a \\u escape of half a character (a lone surrogate)")
            }
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
          } else if (0xDC00...0xDFFF).contains(scalar) {
            throw problem("a \\u escape of half a character (a lone surrogate)")
          }
          out += Array(String(Character(Unicode.Scalar(scalar)!)).utf8)
        default: throw problem("an unknown escape \\\(Character(Unicode.Scalar(e)))")
        }
      case 0x00..<0x20:
        throw problem("a control character inside a string (a line end must be written \\n)")
      default:
        out.append(b)
        i += 1
      }
    }
    throw problem("the string is not closed with \"", at: start)
  }

  private mutating func hex4() throws(FileError) -> UInt32 {
    guard bytes.count - i >= 4 else { throw problem("\\u needs four hex digits") }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let b = bytes[i]
      let d: UInt32
      switch b {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(b - 0x30)
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(b - 0x61 + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(b - 0x41 + 10)
      default: throw problem("\\u needs four hex digits")
      }
      v = v << 4 | d
      i += 1
    }
    return v
  }

  private func peek(_ b: UInt8) -> Bool { i < bytes.count && bytes[i] == b }

  private mutating func skipSpace() {
    while i < bytes.count {
      switch bytes[i] {
      case 0x20, 0x09, 0x0D: i += 1
      case 0x0A:
        i += 1
        newLine(at: i - 1)
      default: return
      }
    }
  }

  private mutating func newLine(at offset: Int) {
    line += 1
    lineStart = offset + 1
  }

  private typealias Place = (line: Int, column: Int)

  private func position() -> Place { column(of: i) }

  /// The line and column (in characters) of `offset`, on the current line.
  private func column(of offset: Int) -> Place {
    let from = min(lineStart, offset)
    let column =
      bytes[from..<min(offset, bytes.count)].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) } + 1
    return (line, column)
  }

  private func problem(_ message: String, at place: Place? = nil, hint: String? = nil) -> FileError
  {
    let at = place ?? position()
    return FileError(
      .unreadable, path: path, line: at.line, message: "column \(at.column): \(message)", hint: hint
    )
  }
}
