/// The words for one cell: the one place a value becomes text, for the screen, Markdown, HTML,
/// Word, workbooks and data files alike. What differs between them is said here, by name, and
/// not again in each writer.
public enum CellText {
  /// As a published table shows it: a number in its column's format (`12,150`, `70.1%`,
  /// `+2.4`) with its marker, a missing cell as its symbol (`[c]`), text as it is. A number with
  /// no format is written as in a data file.
  public static func shown(_ value: Value, format: NumberFormat?) -> String {
    if case .number(let n, let marker) = value, let format {
      return format.string(n, marker: marker)
    }
    return data(value)
  }

  /// As a data file holds it: every digit of a number (to 15 significant figures, no separators)
  /// and then its marker, a missing cell as its symbol, a period as written, text as it is.
  public static func data(_ value: Value) -> String {
    switch value {
    case .text(let s): return s
    case .number(let n, let marker): return NumberFormatting.data(n) + (marker?.symbol ?? "")
    case .period(let p): return p.description
    case .boolean(let b): return b ? "true" : "false"
    case .missing(let reason): return reason.symbol
    }
  }

  /// The format each column is shown in, its decimals fitted to the figures of its rows (none
  /// for a column that is not numbers).
  public static func formats(_ table: Table) -> [NumberFormat?] {
    table.columns.map { format(of: $0, in: table) }
  }

  /// A number column's format fitted to the values the table shows: a loaded column of counts
  /// and percentages shows counts whole. Nil for a column that is not numbers.
  public static func format(of column: Column, in table: Table) -> NumberFormat? {
    guard case .number(let numbers) = column.data else { return nil }
    guard numbers.format.adaptsDecimals else { return numbers.format }
    let values = (0..<table.rowCount).lazy.map { table.selection[$0] }.filter {
      !numbers.cellStatus(at: $0).isMissing
    }.map {
      numbers.values[$0]
    }
    return numbers.format.fitted(to: values)
  }
}
