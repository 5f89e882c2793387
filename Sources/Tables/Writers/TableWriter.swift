/// Writes tables as text files: CSV and TSV (RFC 4180), JSON, and Markdown tables.
///
/// Numbers are written plainly in CSV, TSV and JSON (`12150`, full precision) and as displayed in
/// Markdown (`12,150`); markers stay on their numbers (`123[p]`) and missing cells keep their
/// symbols (`[c]`), so nothing a published table said is lost.
public enum TableWriter {
  public static func csv(_ table: Table, forExcel: Bool = false) -> String { delimited(table, separator: ",", forExcel: forExcel) }
  public static func tsv(_ table: Table, forExcel: Bool = false) -> String { delimited(table, separator: "\t", forExcel: forExcel) }

  private static func delimited(_ table: Table, separator: Character, forExcel: Bool) -> String {
    func field(_ s: String, text: Bool) -> String {
      quote(forExcel && text && startsFormula(s) ? "'" + s : s, separator)
    }
    // Excel reads a CSV as UTF-8 only after a byte-order mark; without one, accented names and
    // dashes come out garbled.
    var out = forExcel ? "\u{FEFF}" : ""
    out += table.columnNames.map { field($0, text: true) }.joined(separator: String(separator)) + "\n"
    let textColumns = table.columns.map { if case .text = $0.data { true } else { false } }
    for r in 0..<table.rowCount {
      out += table.columns.indices.map { c in
        let value = table.value(row: r, column: c)
        let isText = textColumns[c] && { if case .text = value { true } else { false } }()
        return field(plain(value, column: table.columns[c]), text: isText)
      }
      .joined(separator: String(separator))
      out += "\n"
    }
    return out
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

  /// How many text cells (and column names) of `table` Excel would take as formulas.
  public static func formulaLikeCells(_ table: Table) -> Int {
    var n = table.columnNames.filter(startsFormula).count
    for (c, column) in table.columns.enumerated() {
      guard case .text = column.data else { continue }
      for r in 0..<table.rowCount {
        if case .text(let s) = table.value(row: r, column: c), startsFormula(s) { n += 1 }
      }
    }
    return n
  }

  /// A cell as written to a data file.
  public static func plain(_ value: Value, column: Column) -> String {
    switch value {
    case .text(let s): return s
    case .number(let n, let m):
      // Every digit, not the few shown on screen.
      return NumberFormatting.data(n) + (m?.symbol ?? "")
    case .period(let p): return p.description
    case .boolean(let b): return b ? "true" : "false"
    case .missing(let r): return r.symbol
    }
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

  /// An array of objects, one per row. Numbers are JSON numbers; a marked number is a string
  /// (`"123[p]"`); a missing cell is its symbol as a string, or null when it was empty.
  public static func json(_ table: Table) -> String {
    var rows: [String] = []
    for r in 0..<table.rowCount {
      let fields = table.columns.indices.map { c -> String in
        let key = jsonString(table.columns[c].name)
        let v = table.value(row: r, column: c)
        let text: String
        switch v {
        case .number(let n, nil): text = n.isFinite ? NumberFormatting.data(n) : "null"
        case .boolean(let b): text = b ? "true" : "false"
        case .missing(.empty): text = "null"
        default: text = jsonString(plain(v, column: table.columns[c]))
        }
        return "\(key): \(text)"
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
    out += "|" + table.columns.indices.map { table.alignsRight(column: $0) ? " ---: |" : " --- |" }.joined() + "\n"
    let formats = table.columns.map { shownFormat($0, in: table) }
    for r in 0..<table.rowCount {
      let cells = table.columns.indices.map { c -> String in
        let v = table.value(row: r, column: c)
        if case .number(let n, let m) = v, let format = formats[c] { return format.string(n, marker: m) }
        return escape(plain(v, column: table.columns[c]))
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
      return FigureText.isFigureColumn((0..<rowCount).lazy.compactMap { r -> String? in
        if case .text(let s) = self.value(row: r, column: c) { return s }
        return nil
      })
    default: return false
    }
  }
}

/// A number column's format fitted to the values the table shows: a loaded column of counts
/// and percentages shows counts whole.
public func shownFormat(_ column: Column, in table: Table) -> NumberFormat? {
  guard case .number(let numbers) = column.data else { return nil }
  guard numbers.format.adaptsDecimals else { return numbers.format }
  let values = (0..<table.rowCount).lazy.map { table.selection[$0] }.filter { !numbers.cellStatus(at: $0).isMissing }.map { numbers.values[$0] }
  return numbers.format.fitted(to: values)
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
