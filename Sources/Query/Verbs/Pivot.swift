import Tables

extension Evaluator {
  /// `pivot COLUMN [values VALUES]`: long to wide.
  func pivot(_ frame: Frame, _ columnName: Name, values valuesName: Name?, at range: SourceRange)
    throws(Diagnostic) -> Frame
  {
    let table = frame.table
    let c = try column(columnName, in: table)
    let v: Int
    if let valuesName {
      v = try column(valuesName, in: table)
    } else {
      v = try valueColumn(nil, in: table, at: range, verb: "pivot")
    }
    guard c != v else {
      throw Diagnostic("the values cannot come from the column being pivoted", at: columnName.range)
    }
    let keyColumns = table.columns.indices.filter { $0 != c && $0 != v }

    // The new columns: the distinct values of the pivoted column, in their natural order.
    let headers = GroupIndex(table: table, keys: [c])
    let headerRows = headers.representatives
    let ranker = RowOrder.Ranker(
      table.columns[c].data, isArea: Roles(table, resolver: resolver).areas.contains(c))
    let headerOrder = headerRows.indices.sorted { a, b in
      (ranker.rank(table.selection[headerRows[a]]) ?? Int.max)
        < (ranker.rank(table.selection[headerRows[b]]) ?? Int.max)
    }
    var position = [Int](repeating: 0, count: headerRows.count)
    for (p, h) in headerOrder.enumerated() { position[h] = p }
    let headerNames = headerOrder.map { Self.cellText(table.value(row: headerRows[$0], column: c)) }
    for name in headerNames where keyColumns.contains(where: { table.columns[$0].name == name }) {
      throw Diagnostic("pivoting would make a second column called \(name)", at: columnName.range)
    }

    let rows = GroupIndex(table: table, keys: keyColumns)
    let width = headerRows.count
    var cells = [Value?](repeating: nil, count: rows.count * width)
    for i in 0..<table.rowCount {
      let slot = Int(rows.groupOfRow[i]) * width + position[Int(headers.groupOfRow[i])]
      if cells[slot] != nil {
        let key = keyColumns.map {
          "\(table.columns[$0].name) \(Self.cellText(table.value(row: i, column: $0)))"
        }.joined(separator: ", ")
        throw Diagnostic(
          "two rows for \(key.isEmpty ? "the same row" : key) and \(table.columns[c].name) \(headerNames[position[Int(headers.groupOfRow[i])]]): pivot needs one value per cell",
          at: columnName.range,
          help: "group by the columns you want to keep first, or drop the ones that differ")
      }
      cells[slot] = table.value(row: i, column: v)
    }

    let representativeRows = rows.representatives.map { Int32(table.selection[$0]) }
    var columns = keyColumns.map {
      Column(
        name: table.columns[$0].name, data: table.columns[$0].data.gathering(representativeRows))
    }
    var format: NumberFormat?
    if case .number(let numbers) = table.columns[v].data { format = numbers.format }
    for p in 0..<width {
      let values = (0..<rows.count).map { cells[$0 * width + p] ?? .missing(.empty) }
      columns.append(Column(name: headerNames[p], data: ColumnData.build(values, format: format)))
    }
    var wide = Table(columns: columns, provenance: table.provenance)
    let roles = Roles(wide, resolver: resolver)
    let order = RowOrder(table: wide, keys: keyColumns.indices.map { ($0, false) }, roles: roles)
    wide = wide.selecting(rows: order.sortedViewRows(wide))
    var result = Frame(table: wide, origin: frame.origin)
    result.title = frame.title
    return result
  }

  /// `unpivot [COLUMNS] [as NAME]`: wide to long.
  func unpivot(_ frame: Frame, _ names: [Name], as alias: Name?, at range: SourceRange)
    throws(Diagnostic) -> Frame
  {
    let table = frame.table.materialized()
    var chosen: [Int] = []
    for n in names { chosen.append(try column(n, in: table)) }
    // A published wide table: its period columns, not the columns of change beside them.
    var leftOut: [String] = []
    let periodColumns = table.provenance.layout.periodColumns.compactMap { n in
      table.columns.firstIndex { $0.name == n }
    }
    if chosen.isEmpty && periodColumns.count >= 2 {
      chosen = periodColumns
      leftOut = table.columns.indices.filter {
        table.columns[$0].type == .number && !chosen.contains($0)
      }.map { table.columns[$0].name }
    }
    let layout = table.provenance.layout
    if chosen.isEmpty && (layout.title != nil || !layout.totals.isEmpty) {
      // A published table's columns of totals and of percentages or averages are not the parts.
      let numbers = table.columns.indices.filter { table.columns[$0].type == .number }
      let parts = numbers.filter {
        !LayoutFindings.isTotalLabel(table.columns[$0].name)
          && !LayoutFindings.isOtherMeasure(table.columns[$0].name)
          && !table.columns[$0].name.contains("%")
      }
      if !parts.isEmpty && parts.count < numbers.count {
        chosen = parts
        leftOut = numbers.filter { !parts.contains($0) }.map { table.columns[$0].name }
      }
    }
    if chosen.isEmpty {
      chosen = table.columns.indices.filter { table.columns[$0].type == .number }
    }
    guard !chosen.isEmpty else {
      throw Diagnostic(
        "there are no number columns to unpivot", at: range,
        label: "name the columns, as in `unpivot 2019-20, 2020-21`")
    }
    let kept = table.columns.indices.filter {
      !chosen.contains($0) && !leftOut.contains(table.columns[$0].name)
    }
    let n = table.rowCount
    let k = chosen.count
    var repeated: [Int32] = []
    repeated.reserveCapacity(n * k)
    for r in 0..<n { for _ in 0..<k { repeated.append(Int32(r)) } }
    var columns = kept.map {
      Column(name: table.columns[$0].name, data: table.columns[$0].data.gathering(repeated))
    }

    let labels = chosen.map { table.columns[$0].name }
    let periods = labels.compactMap { Period(parsing: $0) }
    let nameColumn = alias?.text ?? (periods.count == labels.count ? "year" : "name")
    guard !columns.contains(where: { $0.name == nameColumn }) else {
      throw Diagnostic(
        "there is already a column called \(nameColumn)", at: alias?.range ?? range,
        label: "choose a name with `as NAME`")
    }
    let nameData: ColumnData =
      periods.count == labels.count
      ? .period(
        PeriodColumn(codes: (0..<(n * k)).map { UInt32($0 % k) }, dictionary: periods, status: nil))
      : .text(
        TextColumn(codes: (0..<(n * k)).map { UInt32($0 % k) }, dictionary: labels, status: nil))
    columns.append(Column(name: nameColumn, data: nameData))

    var values: [Value] = []
    values.reserveCapacity(n * k)
    for r in 0..<n { for c in chosen { values.append(table.value(row: r, column: c)) } }
    let formats = chosen.compactMap { c -> NumberFormat? in
      if case .number(let x) = table.columns[c].data { x.format } else { nil }
    }
    var format = formats.first
    if let f = format { format?.decimals = formats.map(\.decimals).max() ?? f.decimals }
    // The figures are named after what they count, where the table's title says.
    let measure = table.provenance.layout.measure.flatMap { m in
      columns.contains { $0.name.lowercased() == m.lowercased() } ? nil : m
    }
    let valueName =
      measure ?? (columns.contains { $0.name == "value" } ? "\(nameColumn)_value" : "value")
    columns.append(Column(name: valueName, data: ColumnData.build(values, format: format)))
    var provenance = table.provenance
    provenance.layout.periodColumns = []
    var long = Table(columns: columns, provenance: provenance)
    if valueName != "value" && measure != nil { long.preferredValue = valueName }
    var result = Frame(table: long, origin: frame.origin)
    result.title = frame.title
    for other in table.provenance.layout.otherMeasures
    where measure != nil && columns.contains(where: { $0.name == other.column }) {
      let shown =
        other.labels.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
        + (other.labels.count > 3 ? " and \(other.labels.count - 3) more" : "")
      result.notes.append(
        Note(
          "the rows \(shown) of \(other.column) are not counts of \(valueName), whatever the column's name"
        ))
    }
    if !leftOut.isEmpty {
      let shown =
        leftOut.prefix(4).map { "\"\($0)\"" }.joined(separator: ", ")
        + (leftOut.count > 4 ? " and \(leftOut.count - 4) more" : "")
      result.notes.append(
        Note(
          "left out \(shown), \(periodColumns.count >= 2 ? "not periods" : "totals, percentages or averages rather than parts"); name the columns to unpivot to choose them yourself"
        ))
    }
    return result
  }

  /// A cell as it would be written in a header or a message.
  static func cellText(_ v: Value) -> String {
    switch v {
    case .text(let s): s
    case .number(let n, let m): NumberFormatting.plain(n) + (m?.symbol ?? "")
    case .period(let p): p.description
    case .boolean(let b): b ? "true" : "false"
    case .missing(let r): r == .empty ? "(empty)" : r.symbol
    }
  }
}
