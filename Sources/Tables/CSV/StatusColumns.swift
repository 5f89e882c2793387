/// Folds the companion status columns of a machine-readable file back into the cells they
/// describe: `value,value_status` with `,[c]` and `7,[p]` reads as one column `value` holding
/// `[c]` and `7[p]`, the table ``TableWriter`` wrote.
///
/// A column `X_status` is folded into `X` only when it comes right after `X`, `X` holds numbers
/// (or nothing), and every cell of it fits: empty, or a missing-value symbol beside an empty
/// `X` cell, or a marker beside a number. Anything else is an ordinary column and stays one.
enum StatusColumns {
  /// `columns` with each companion folded into the column before it, and the names folded.
  /// O(rows) per candidate pair.
  static func fold(_ columns: [Column]) -> (columns: [Column], folded: [String]) {
    var out: [Column] = []
    var folded: [String] = []
    var i = 0
    while i < columns.count {
      if i + 1 < columns.count, columns[i + 1].name == TableWriter.statusName(columns[i].name),
        let merged = merge(columns[i], status: columns[i + 1])
      {
        out.append(merged)
        folded.append(columns[i + 1].name)
        i += 2
        continue
      }
      out.append(columns[i])
      i += 1
    }
    return (out, folded)
  }

  /// `column` with the statuses of `companion`, or nil when they do not fit it.
  private static func merge(_ column: Column, status companion: Column) -> Column? {
    let rows = column.data.count
    var values: [Double]
    var format: NumberFormat
    var status: [CellStatus]
    switch column.data {
    case .number(let numbers):
      values = numbers.values
      format = numbers.format
      status = numbers.status ?? Array(repeating: .present, count: rows)
    default:
      // A column all of whose cells were empty (every figure missing) reads as text.
      guard (0..<rows).allSatisfy({ column.data.missing(at: $0) == .empty }) else { return nil }
      values = Array(repeating: 0, count: rows)
      format = .integer
      status = Array(repeating: .missing(.empty), count: rows)
    }
    var changed = false
    for row in 0..<rows {
      let symbol: String
      switch companion.data.value(at: row) {
      case .missing(.empty): continue
      case .missing(let reason): symbol = reason.symbol
      case .text(let s): symbol = s
      default: return nil
      }
      if status[row].missing == .empty {
        guard let reason = MissingReason(symbol: symbol), reason != .empty else { return nil }
        status[row] = .missing(reason)
      } else if status[row] == .present {
        guard let marker = ValueMarker.allCases.first(where: { $0.symbol == symbol.lowercased() })
        else { return nil }
        status[row] = .marked(marker)
      } else {
        // A marked number with a status beside it as well: not the layout cjnb writes.
        return nil
      }
      changed = true
    }
    // A companion with nothing in it is an ordinary (empty) column.
    guard changed else { return nil }
    return Column(
      name: column.name, data: .number(NumberColumn(values: values, status: status, format: format))
    )
  }
}
