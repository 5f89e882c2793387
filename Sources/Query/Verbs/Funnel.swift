import Tables

extension Evaluator {
  /// `funnel A > B > C [by COLUMNS]`: how many reach each stage, the share kept from the stage
  /// before and from the first, and a sentence naming the largest drop.
  func funnel(_ frame: Frame, _ stages: [Name], by: [Name], at range: SourceRange)
    throws(Diagnostic) -> Frame
  {
    let table = frame.table
    let roles = Roles(table, resolver: resolver)
    guard let m = roles.measure, case .text(let measures) = table.columns[m].data else {
      throw Diagnostic(
        "funnel stages are measures, and this table has no measure column", at: range)
    }
    let v = try valueColumn(nil, in: table, at: range, verb: "funnel")
    guard case .number(let numbers) = table.columns[v].data else {
      throw Diagnostic("funnel needs a number column", at: range)
    }
    var codes: [UInt32] = []
    for stage in stages {
      guard
        let k = measures.dictionary.firstIndex(where: { $0.lowercased() == stage.text.lowercased() }
        )
      else {
        throw Diagnostic.unknown("measure", stage.text, at: stage.range, among: measures.dictionary)
      }
      codes.append(UInt32(k))
    }
    var keys: [Int] = []
    for name in by { keys.append(try column(name, in: table)) }

    let groups = GroupIndex(table: table, keys: keys)
    var sums = [[Accumulator]](
      repeating: [Accumulator](repeating: Accumulator(), count: stages.count), count: groups.count)
    for i in 0..<table.rowCount {
      let r = table.selection[i]
      guard let s = codes.firstIndex(of: measures.codes[r]) else { continue }
      sums[Int(groups.groupOfRow[i])][s].add(
        numbers.cellStatus(at: r), numbers.values[r], keepValues: false)
    }

    let groupOrder = RowOrder(table: table, keys: keys.map { ($0, false) }, roles: roles)
    let ordered = (0..<groups.count).sorted { a, b in
      groupOrder.before(
        table.selection[groups.representatives[a]], table.selection[groups.representatives[b]])
    }
    var physical: [Int32] = []
    var stageCells: [Value] = []
    var counts: [Value] = []
    var ofPrevious: [Value] = []
    var ofFirst: [Value] = []
    var largestDrop: (share: Double, from: Int, group: Int, counts: (Double, Double))?
    for g in ordered {
      var previous: Double?
      var firstCell: Value = .missing(.notAvailable)
      var previousCell: Value = .missing(.notAvailable)
      for s in stages.indices {
        physical.append(Int32(table.selection[groups.representatives[g]]))
        stageCells.append(.text(measures.dictionary[Int(codes[s])]))
        let (value, status) = sums[g][s].cell(.sum)
        let count: Double? = status.isMissing || sums[g][s].rows == 0 ? nil : value
        let cell: Value =
          count.map { .number($0, status.marker) }
          ?? .missing(sums[g][s].rows == 0 ? .notAvailable : status.missing ?? .notAvailable)
        counts.append(cell)
        if s == 0 {
          ofPrevious.append(.missing(.dash))
          ofFirst.append(.missing(.dash))
          firstCell = cell
        } else {
          ofPrevious.append(Self.share(cell, previousCell))
          ofFirst.append(Self.share(cell, firstCell))
          if let c = count, let p = previous, p > 0 {
            let drop = 1 - c / p
            if largestDrop == nil || drop > (largestDrop?.share ?? 0) {
              largestDrop = (drop, s - 1, g, (p, c))
            }
          }
        }
        previous = count
        previousCell = cell
      }
    }
    var columns = keys.map {
      Column(name: table.columns[$0].name, data: table.columns[$0].data.gathering(physical))
    }
    columns.append(Column(name: "stage", data: ColumnData.build(stageCells)))
    columns.append(Column(name: "count", data: ColumnData.build(counts, format: numbers.format)))
    columns.append(
      Column(name: "% of previous", data: ColumnData.build(ofPrevious, format: .percent)))
    columns.append(Column(name: "% of first", data: ColumnData.build(ofFirst, format: .percent)))
    var result = Frame(
      table: Table(columns: columns, provenance: table.provenance), origin: frame.origin)
    result.title = frame.title ?? contextTitle(table, excluding: [m] + keys)
    if let drop = largestDrop {
      let from = measures.dictionary[Int(codes[drop.from])]
      let to = measures.dictionary[Int(codes[drop.from + 1])]
      let fmt = numbers.format.fitted(to: [drop.counts.0, drop.counts.1])
      var scope = ""
      if !keys.isEmpty {
        scope =
          " ("
          + keys.map {
            Self.cellText(table.value(row: groups.representatives[drop.group], column: $0))
          }.joined(separator: ", ") + ")"
      }
      result.notes.append(
        Note(
          "The largest drop is from \(from) to \(to)\(scope): \(NumberFormatting.format(100 * drop.share, decimals: 0))% fewer (\(fmt.string(drop.counts.0)) to \(fmt.string(drop.counts.1))).",
          scope: .rows))
    }
    // Counts of one year's stages are not a cohort followed through: a case completed this year
    // may have commenced last year, so a share here is a ratio of two counts, not a rate of people.
    if let p = Roles(table, resolver: resolver).period {
      let kind = (0..<table.rowCount).lazy.compactMap { r -> Period.Kind? in
        if case .period(let x) = table.value(row: r, column: p) { x.kind } else { nil }
      }.first
      let unit = kind == .financialYear || kind == .calendarYear ? "year" : "period"
      result.notes.append(
        Note(
          "the stages counted in one \(unit) are not the same people: a case completed in a \(unit) may have commenced in an earlier one, so each % compares two counts and is not the share of one group who went on"
        ))
    } else {
      result.notes.append(
        Note(
          "the stages are counts, not necessarily the same people: each % compares two counts and is not the share of one group who went on"
        ))
    }
    result.notes += warnings(table, keys: keys + [m])
    result.hints = [:]
    return result
  }

  /// `count` as a percentage of `of`; a missing count or base gives its own reason ([c] stays
  /// [c]: the share of a suppressed count is suppressed too).
  private static func share(_ count: Value, _ of: Value) -> Value {
    if case .missing(let r) = count { return .missing(r) }
    if case .missing(let r) = of { return .missing(r) }
    guard case .number(let c, _) = count, case .number(let o, _) = of else {
      return .missing(.notAvailable)
    }
    return o == 0 ? .missing(.notApplicable) : .number(100 * c / o)
  }
}
