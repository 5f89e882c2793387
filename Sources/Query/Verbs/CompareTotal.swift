import Tables

extension Evaluator {
  /// `compare with total`: in a published table whose rows include a total of the others
  /// ("Total", "All", "Scotland" in a label column), the total's figure beside each row for the
  /// same period and other labels, the difference, and the row's share of the total.
  func compareWithTotal(_ frame: Frame, at range: SourceRange) throws(Diagnostic) -> Frame {
    let table = frame.table.materialized()
    let layout = table.provenance.layout
    guard let totals = layout.totals.first(where: { table.columnIndex(named: $0.column) != nil }),
      let labelColumn = table.columnIndex(named: totals.column)
    else {
      throw Diagnostic(
        "this table has no row of totals to compare with", at: range,
        help:
          "`compare with total` works on a published table whose rows include a Total (describe says which); for areas, `compare with scotland`"
      )
    }
    let grand =
      totals.labels.first { ["total", "all", "scotland", "grand total"].contains($0.lowercased()) }
      ?? totals.labels[0]
    let v = try valueColumn(nil, in: table, at: range, verb: "compare")
    guard v != labelColumn, table.columns[v].type == .number else {
      throw Diagnostic("compare needs a number column", at: range)
    }
    let context = table.columns.indices.filter {
      $0 != v && $0 != labelColumn && table.columns[$0].type != .number
    }
    func key(_ t: Table, _ r: Int, _ columns: [Int]) -> String {
      columns.map { Self.cellText(t.value(row: r, column: $0)) }.joined(separator: "\u{1F}")
    }
    func isGrand(_ t: Table, _ r: Int, _ c: Int) -> Bool {
      t.value(row: r, column: c) == .text(grand)
    }
    // The total's rows: in this table, or in the one it was filtered from.
    var totalsByKey: [String: Value] = [:]
    for r in 0..<table.rowCount where isGrand(table, r, labelColumn) {
      totalsByKey[key(table, r, context)] = table.value(row: r, column: v)
    }
    var fromSource = false
    if totalsByKey.isEmpty, let origin = frame.origin,
      let ol = origin.columnIndex(named: table.columns[labelColumn].name),
      let ov = origin.columnIndex(named: table.columns[v].name)
    {
      let oc = context.compactMap { origin.columnIndex(named: table.columns[$0].name) }
      if oc.count == context.count {
        for r in 0..<origin.rowCount where isGrand(origin, r, ol) {
          totalsByKey[key(origin, r, oc)] = origin.value(row: r, column: ov)
        }
        fromSource = !totalsByKey.isEmpty
      }
    }
    // Or in the wide table it was unpivoted from: one column per period there.
    if totalsByKey.isEmpty, let origin = frame.origin,
      let ol = origin.columnIndex(named: table.columns[labelColumn].name)
    {
      let periods = origin.provenance.layout.periodColumns.compactMap { name in
        origin.columnIndex(named: name).map { (name, $0) }
      }
      let missing = context.filter { origin.columnIndex(named: table.columns[$0].name) == nil }
      if missing.count == 1, !periods.isEmpty {
        for r in 0..<origin.rowCount where isGrand(origin, r, ol) {
          for (name, c) in periods {
            let k = context.map { j -> String in
              if j == missing[0] { return Period(parsing: name).map(\.description) ?? name }
              return origin.columnIndex(named: table.columns[j].name).map {
                Self.cellText(origin.value(row: r, column: $0))
              } ?? ""
            }.joined(separator: "\u{1F}")
            totalsByKey[k] = origin.value(row: r, column: c)
          }
        }
        fromSource = !totalsByKey.isEmpty
      }
    }
    guard !totalsByKey.isEmpty else {
      throw Diagnostic(
        "the row \"\(grand)\" of \(table.columns[labelColumn].name) is not in this table",
        at: range,
        help: "compare before the `where` that leaves it out")
    }
    var theirs: [Value] = []
    var differences: [Value] = []
    var shares: [Value] = []
    var keep: [Int32] = []
    for r in 0..<table.rowCount where !isGrand(table, r, labelColumn) {
      keep.append(Int32(r))
      let total = totalsByKey[key(table, r, context)] ?? .missing(.notAvailable)
      let mine = table.value(row: r, column: v)
      theirs.append(total)
      if case .number(let a, _) = mine, case .number(let b, _) = total {
        differences.append(.number(a - b, nil))
        shares.append(b == 0 ? .missing(.notApplicable) : .number(a / b * 100, nil))
      } else {
        let reason = mine.missingReason ?? total.missingReason ?? .notAvailable
        differences.append(.missing(reason))
        shares.append(.missing(reason))
      }
    }
    guard case .number(let numbers) = table.columns[v].data else {
      throw Diagnostic("compare needs a number column", at: range)
    }
    var signed = numbers.format
    signed.isSigned = true
    var result = table.selecting(rows: keep).materialized()
    let name = grand.lowercased() == "total" ? "total" : grand
    result = result.adding(
      result.columnIndex(named: name) == nil ? name : "\(name)_total",
      ColumnData.build(theirs, format: numbers.format))
    result = result.adding("difference", ColumnData.build(differences, format: signed))
    result = result.adding(
      "% of total", ColumnData.build(shares, format: NumberFormat(decimals: 1, isPercent: true)))
    var out = Frame(table: result, origin: frame.origin)
    out.title = frame.title
    let by = context.map { table.columns[$0].name }
    out.notes.append(
      Note(
        "compared with the row \"\(grand)\" of \(table.columns[labelColumn].name)\(by.isEmpty ? "" : " for the same \(by.joined(separator: ", "))")\(fromSource ? ", from the table before the filter" : "")"
      ))
    return out
  }
}
