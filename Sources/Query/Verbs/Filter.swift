import Tables

extension Evaluator {
  /// `where CONDITION`: a view of the rows that meet it.
  func filter(_ frame: Frame, _ expr: Expr) throws(Diagnostic) -> Frame {
    let table = frame.table
    let predicate = try ExpressionCompiler(table: table, resolver: resolver).predicate(expr)
    var kept: [Int32] = []
    kept.reserveCapacity(table.rowCount / 4)
    switch table.selection {
    case .all(let n):
      for r in 0..<n where predicate(r) == .yes { kept.append(Int32(r)) }
    case .rows(let rows):
      for (i, r) in rows.enumerated() where predicate(Int(r)) == .yes { kept.append(Int32(i)) }
    }
    var result = frame
    result.table = table.selecting(rows: kept)
    result.display = nil
    return result
  }
}
