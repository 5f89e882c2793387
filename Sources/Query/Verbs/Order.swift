import Tables

extension Evaluator {
  /// `sort COLUMN [desc], ...`.
  func sort(_ frame: Frame, _ keys: [SortKey]) throws(Diagnostic) -> Frame {
    var columns: [(Int, Bool)] = []
    for key in keys { columns.append((try column(key.column, in: frame.table), key.descending)) }
    let order = RowOrder(table: frame.table, keys: columns, roles: Roles(frame.table, resolver: resolver))
    var result = frame
    result.table = frame.table.selecting(rows: order.sortedViewRows(frame.table))
    result.display = nil
    return result
  }

  /// `top N [by COLUMN]`: the N highest.
  func top(_ frame: Frame, _ n: Int, by: Name?, at range: SourceRange) throws(Diagnostic) -> Frame {
    let value = try valueColumn(by, in: frame.table, at: range, verb: "top")
    let order = RowOrder(table: frame.table, keys: [(value, true)])
    var result = frame
    result.table = frame.table.selecting(rows: Array(order.sortedViewRows(frame.table).prefix(n)))
    result.display = nil
    return result
  }

  /// `limit N`: the first N rows.
  func limit(_ frame: Frame, _ n: Int) -> Frame {
    var result = frame
    result.table = frame.table.prefix(n)
    result.display = nil
    return result
  }
}
