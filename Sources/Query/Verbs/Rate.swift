import Framework
import Tables

extension Evaluator {
  /// `rate A / B [as NAME] [by COLUMNS] [per N]`: measures of a long table, or two columns.
  func rate(
    _ frame: Frame, _ a: RateOperand, _ b: RateOperand, as alias: Name?, by: [Name], per: Double?,
    at range: SourceRange
  ) throws(Diagnostic) -> Frame {
    switch (a, b) {
    case (.column(let x), .column(let y)):
      return try columnRate(frame, x, y, as: alias, per: per)
    case (.measure, .measure):
      return try measureRate(frame, a, b, as: alias, by: by, per: per, at: range)
    default:
      throw Diagnostic(
        "rate takes two measures in quotes or two column names, not one of each",
        at: a.range.through(b.range))
    }
  }

  /// The multiplier and format of a ratio: a percentage, or per N.
  private func scale(_ per: Double?) -> (Double, NumberFormat) {
    guard let per else { return (100, .percent) }
    return (per, .oneDecimal)
  }

  private func columnRate(_ frame: Frame, _ x: Name, _ y: Name, as alias: Name?, per: Double?)
    throws(Diagnostic) -> Frame
  {
    let table = frame.table
    let (i, j) = (try column(x, in: table), try column(y, in: table))
    for (k, n) in [(i, x), (j, y)] where table.columns[k].type != .number {
      throw Diagnostic("\(table.columns[k].name) is not a number column", at: n.range)
    }
    let (factor, format) = scale(per)
    var zero = 0
    let values: [Value] = (0..<table.rowCount).map { r in
      let (num, den) = (table.value(row: r, column: i), table.value(row: r, column: j))
      if let reason = num.missingReason ?? den.missingReason { return .missing(reason) }
      guard let n = num.numberValue, let d = den.numberValue else { return .missing(.notAvailable) }
      if d == 0 {
        zero += 1
        return .missing(.notApplicable)
      }
      return .number(factor * n / d)
    }
    let name = alias?.text ?? "rate"
    var result = frame
    result.table = table.adding(name, ColumnData.build(values, format: format))
    result.table.preferredValue = name
    result.display = nil
    result.notes =
      zero > 0
      ? [
        Note(
          "[z] \(NumberFormatting.count(zero, "row")) had a zero denominator (\(table.columns[j].name)): no rate",
          scope: .rows)
      ] : []
    return result
  }

  private func measureRate(
    _ frame: Frame, _ a: RateOperand, _ b: RateOperand, as alias: Name?, by: [Name], per: Double?,
    at range: SourceRange
  ) throws(Diagnostic) -> Frame {
    let table = frame.table
    let roles = Roles(table, resolver: resolver)
    guard let m = roles.measure, case .text(let measures) = table.columns[m].data else {
      throw Diagnostic(
        "measures in quotes need a measure column, and this table has none", at: a.range,
        help: "for two columns, write their names without quotes: rate completed / commenced")
    }
    let v = try valueColumn(nil, in: table, at: range, verb: "rate")
    guard case .number(let numbers) = table.columns[v].data else {
      throw Diagnostic("rate needs a number column", at: range)
    }
    // Both measures must be in the table (any case), or the answer would be silently empty.
    var codes: [UInt32] = []
    for operand in [a, b] {
      let wanted = operand.text.lowercased()
      guard let k = measures.dictionary.firstIndex(where: { $0.lowercased() == wanted }) else {
        throw Diagnostic.unknown(
          "measure", operand.text, at: operand.range, among: measures.dictionary)
      }
      codes.append(UInt32(k))
    }

    var keys: [Int] = []
    for name in by { keys.append(try column(name, in: table)) }
    if let p = roles.period, !keys.contains(p) { keys.append(p) }
    if by.isEmpty {
      // Keep apart whatever varies independently of the measure (areas, sexes), not what comes
      // with it (the indicator a measure belongs to).
      let determinedByMeasure = table.columns.indices.filter { i in
        i != m && isDetermined(i, by: m, in: table)
      }
      keys += varyingColumns(table, except: [m, v] + keys + determinedByMeasure)
    }

    let groups = GroupIndex(table: table, keys: keys)
    var numerators = [Accumulator](repeating: Accumulator(), count: groups.count)
    var denominators = [Accumulator](repeating: Accumulator(), count: groups.count)
    for i in 0..<table.rowCount {
      let r = table.selection[i]
      let code = measures.codes[r]
      let g = Int(groups.groupOfRow[i])
      if code == codes[0] {
        numerators[g].add(numbers.cellStatus(at: r), numbers.values[r], keepValues: false)
      }
      if code == codes[1] {
        denominators[g].add(numbers.cellStatus(at: r), numbers.values[r], keepValues: false)
      }
    }
    let (factor, format) = scale(per)
    var zero = 0
    var rows: [Int] = []
    var numeratorCells: [Value] = []
    var denominatorCells: [Value] = []
    var rates: [Value] = []
    for g in 0..<groups.count where numerators[g].rows + denominators[g].rows > 0 {
      rows.append(groups.representatives[g])
      let (n, ns) = numerators[g].cell(.sum)
      let (d, ds) = denominators[g].cell(.sum)
      let num: Value =
        numerators[g].rows == 0
        ? .missing(.notAvailable) : (ns.missing.map { .missing($0) } ?? .number(n, ns.marker))
      let den: Value =
        denominators[g].rows == 0
        ? .missing(.notAvailable) : (ds.missing.map { .missing($0) } ?? .number(d, ds.marker))
      numeratorCells.append(num)
      denominatorCells.append(den)
      if let reason = num.missingReason ?? den.missingReason {
        rates.append(.missing(reason))
      } else if d == 0 {
        zero += 1
        rates.append(.missing(.notApplicable))
      } else {
        rates.append(.number(factor * n / d, ns.marker ?? ds.marker))
      }
    }
    let physical = rows.map { Int32(table.selection[$0]) }
    var columns = keys.map {
      Column(name: table.columns[$0].name, data: table.columns[$0].data.gathering(physical))
    }
    columns.append(
      Column(
        name: measures.dictionary[Int(codes[0])],
        data: ColumnData.build(numeratorCells, format: numbers.format)))
    columns.append(
      Column(
        name: measures.dictionary[Int(codes[1])],
        data: ColumnData.build(denominatorCells, format: numbers.format)))
    columns.append(
      Column(name: alias?.text ?? "rate", data: ColumnData.build(rates, format: format)))

    var rated = Table(columns: columns, provenance: table.provenance)
    rated.preferredValue = alias?.text ?? "rate"
    rated = rated.selecting(
      rows: RowOrder(
        table: rated, keys: keys.indices.map { ($0, false) },
        roles: Roles(rated, resolver: resolver)
      ).sortedViewRows(rated))
    var result = Frame(table: rated, origin: frame.origin)
    // What every row shares (the area, when there is one) is kept for narrate and titles.
    result.context = constantContext(table, excluding: keys + [m]).merging(frame.context) {
      new, _ in new
    }
    let what = per.map { "per \(NumberFormatting.format($0, decimals: 0))" } ?? "as a percentage"
    result.title =
      "\(alias?.text ?? "rate"): \(measures.dictionary[Int(codes[0])]) / \(measures.dictionary[Int(codes[1])]), \(what)"
    if zero > 0 {
      result.notes.append(
        Note(
          "[z] \(NumberFormatting.count(zero, "row")) had a zero denominator: no rate", scope: .rows
        ))
    }
    return result
  }

  /// Whether each value of column `m` goes with a single value of column `i` (indicator with measure).
  private func isDetermined(_ i: Int, by m: Int, in table: Table) -> Bool {
    let pairs = GroupIndex(table: table, keys: [m, i]).count
    return pairs == GroupIndex(table: table, keys: [m]).count
  }
}
