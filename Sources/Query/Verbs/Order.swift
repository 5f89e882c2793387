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
    // A missing figure has no place in a ranking: it is left out, not put last among the top.
    let data = frame.table.columns[value].data
    let sorted = order.sortedViewRows(frame.table)
    let present = sorted.filter { data.missing(at: frame.table.selection[Int($0)]) == nil }
    var result = frame
    result.table = frame.table.selecting(rows: Array(present.prefix(n)))
    result.display = nil
    if present.count < n && present.count < sorted.count {
      result.notes.append(Note("left out \(NumberFormatting.count(sorted.count - present.count, "row")) with no \(frame.table.columns[value].name)", scope: .rows))
    }
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
