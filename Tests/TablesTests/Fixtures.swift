import Tables

/// The path of a file in Tests/TablesTests/Fixtures.
func fixture(_ name: String) -> String {
  let here = #filePath
  let folder = here[..<(here.lastIndex(of: "/") ?? here.endIndex)]
  return "\(folder)/Fixtures/\(name)"
}

/// Reads a fixture, failing the test with the error's text when it cannot.
func load(_ name: String, _ options: CSVOptions = CSVOptions()) throws(FileError) -> CSVResult {
  try CSVReader.read(path: fixture(name), options: options)
}

/// The cells of a table as text, row by row, for compact assertions.
func cells(_ table: Table) -> [[String]] {
  (0..<table.rowCount).map { r in
    (0..<table.columns.count).map { c in describe(table.value(row: r, column: c)) }
  }
}

func describe(_ v: Value) -> String {
  switch v {
  case .text(let s): s
  case .number(let n, let m): NumberFormatting.plain(n) + (m?.symbol ?? "")
  case .period(let p): p.description
  case .boolean(let b): b ? "true" : "false"
  case .missing(let r): r.symbol.isEmpty ? "<empty>" : r.symbol
  }
}
