import Tables

extension Evaluator {
  /// `where CONDITION`: a view of the rows that meet it.
  func filter(_ frame: Frame, _ expr: Expr) throws(Diagnostic) -> Frame {
    let table = frame.table
    let compiler = ExpressionCompiler(table: table, resolver: resolver)
    let predicate = try compiler.predicate(try expandingGroups(expr))
    var kept: [Int32] = []
    kept.reserveCapacity(table.rowCount / 4)
    switch table.selection {
    case .all(let n):
      for r in 0..<n where predicate(r) == .yes { kept.append(Int32(r)) }
    case .rows(let rows):
      for (i, r) in rows.enumerated() where predicate(Int(r)) == .yes { kept.append(Int32(i)) }
    }
    try compiler.checkCost(at: expr.range)
    var result = frame
    result.table = table.selecting(rows: kept)
    result.display = nil
    if kept.isEmpty && table.rowCount > 0 {
      result.notes.append(Note(emptyResultNote(expr, table), scope: .rows))
    }
    return result
  }

  /// Why nothing was kept, said with what the table does hold: the periods of each period
  /// column the condition names (a year past the table's end is the usual reason).
  func emptyResultNote(_ expr: Expr, _ table: Table) -> String {
    var spans: [String] = []
    var seen = Set<String>()
    for name in Self.columnsNamed(in: expr) where !seen.contains(name.lowercased()) {
      seen.insert(name.lowercased())
      guard let c = table.columnIndex(named: name), case .period = table.columns[c].data else {
        continue
      }
      var periods = Set<Period>()
      for r in 0..<table.rowCount {
        if case .period(let p) = table.value(row: r, column: c) { periods.insert(p) }
      }
      spans.append("\(table.columns[c].name) holds \(PeriodSpan(periods).summary)")
    }
    return "no rows meet the condition"
      + (spans.isEmpty ? "" : "; " + spans.joined(separator: "; "))
  }

  /// The columns an expression reads, in the order written.
  static func columnsNamed(in expr: Expr) -> [String] {
    switch expr {
    case .column(let n): [n.text]
    case .last(let n, _, _): [n.text]
    case .string, .number, .period: []
    case .compare(_, let a, let b, _), .arithmetic(_, let a, let b, _), .and(let a, let b, _),
      .or(let a, let b, _):
      columnsNamed(in: a) + columnsNamed(in: b)
    case .negate(let a, _), .not(let a, _), .isMissing(let a, _, _): columnsNamed(in: a)
    case .inList(let a, let items, _, _): columnsNamed(in: a) + items.flatMap(columnsNamed)
    case .inGroup(let a, _, _, _): columnsNamed(in: a)
    case .between(let a, let low, let high, _, _):
      columnsNamed(in: a) + columnsNamed(in: low) + columnsNamed(in: high)
    case .call(_, let arguments, _): arguments.flatMap(columnsNamed)
    }
  }
}

extension Evaluator {
  /// The expression with each `in GROUP` replaced by the list of the group's areas; a name that
  /// is no group is an error with the closest group names.
  func expandingGroups(_ expr: Expr) throws(Diagnostic) -> Expr {
    switch expr {
    case .inGroup(let subject, let name, let negated, let range):
      guard let group = workspace.group(named: name.text) else {
        let known = workspace.groups.values.map(\.name).sorted()
        throw Diagnostic(
          "\"\(name.text)\" is not a group defined here", at: name.range,
          label: Suggestions.closest(to: name.text, in: known).first.map { "did you mean \($0)?" },
          help: known.isEmpty
            ? "define one first: group \(name.text) = (\"Orkney Islands\", \"Shetland Islands\"); a list of areas goes in brackets: in (\"Fife\", \"Angus\")"
            : "groups: \(known.joined(separator: ", "))")
      }
      return .inList(
        subject, group.members.map { .string($0.name, name.range) }, negated: negated, range)
    case .and(let a, let b, let r): return .and(try expandingGroups(a), try expandingGroups(b), r)
    case .or(let a, let b, let r): return .or(try expandingGroups(a), try expandingGroups(b), r)
    case .not(let a, let r): return .not(try expandingGroups(a), r)
    default: return expr
    }
  }
}
