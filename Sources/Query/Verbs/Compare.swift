import Framework
import Tables

extension Evaluator {
  /// `compare with scotland | compare with AREA, ...`: the comparator's value beside each row, the
  /// difference, and the row's rank among the councils for the same period and measure.
  func compare(_ frame: Frame, with comparators: [Name], at range: SourceRange) throws(Diagnostic)
    -> Frame
  {
    let table = frame.table
    if comparators.count == 1, comparators[0].text.lowercased() == "total",
      resolver.resolve("total") == nil
    {
      return try compareWithTotal(frame, at: range)
    }
    let roles = Roles(table, resolver: resolver)
    guard let areaColumn = roles.area else {
      throw Diagnostic("compare needs an area column, and this table has none", at: range)
    }
    let v = try valueColumn(nil, in: table, at: range, verb: "compare")
    var targets: [CouncilArea] = []
    var groupTargets: [ComparatorGroup] = []
    for name in comparators {
      if resolver.resolve(name.text) == nil, let group = workspace.group(named: name.text) {
        groupTargets.append(group)
        continue
      }
      guard let area = resolver.resolve(name.text) else {
        let groups = workspace.groups.values.map(\.name)
        if let close = Suggestions.closest(to: name.text, in: groups).first {
          throw Diagnostic(
            "\"\(name.text)\" is not a council area, Scotland or a group", at: name.range,
            label: "did you mean \(close)?")
        }
        throw Diagnostic(
          "\"\(name.text)\" is not a council area or Scotland", at: name.range,
          label: resolver.suggestions(for: name.text).first.map { "did you mean \"\($0)\"?" })
      }
      targets.append(area)
    }

    // The rows that give comparators and ranks: this table, or the one it was filtered from
    // when that has the same columns (the other councils, Scotland).
    let context = table.columns.indices.filter {
      $0 != v && !roles.areas.contains($0) && table.columns[$0].type != .number
    }
    let contextNames = context.map { table.columns[$0].name }
    var lookup = Lookup(
      table: table, areaColumn: areaColumn, value: v, context: context, resolver: resolver)
    // The source's figures mean the same only when its value column is this one: a rate or
    // derived column worked out after the filter is not in the source at all.
    var computedAfterFilter = false
    if let origin = frame.origin,
      lookup.councilCount() < CouncilArea.councils.count
        || targets.contains(where: { !lookup.has($0) })
    {
      let originContext = contextNames.compactMap { origin.columnIndex(named: $0) }
      if originContext.count == context.count, let oa = Roles(origin, resolver: resolver).area,
        let ov = origin.columnIndex(named: table.columns[v].name)
      {
        let wider = Lookup(
          table: origin, areaColumn: oa, value: ov, context: originContext, resolver: resolver)
        if !wider.ambiguous { lookup = wider }
      } else if origin.columnIndex(named: table.columns[v].name) == nil {
        computedAfterFilter = true
      }
    }

    guard case .number(let numbers) = table.columns[v].data else {
      throw Diagnostic("compare needs a number column", at: range)
    }
    var differenceFormat = numbers.format
    differenceFormat.isSigned = true
    var result = frame.table.materialized()
    let rowKeys = Lookup.keys(table, context)
    var significanceNotes: [Note] = []
    for target in targets {
      var theirs: [Value] = []
      var differences: [Value] = []
      for i in 0..<table.rowCount {
        let key = rowKeys[i]
        let other = lookup.value(target, key)
        theirs.append(other)
        switch (table.value(row: i, column: v), other) {
        case (.number(let a, _), .number(let b, _)): differences.append(.number(a - b))
        case (.missing(let r), _), (_, .missing(let r)): differences.append(.missing(r))
        default: differences.append(.missing(.notAvailable))
        }
      }
      result = result.adding(target.name, ColumnData.build(theirs, format: numbers.format))
      result = result.adding(
        targets.count == 1 ? "difference" : "difference from \(target.name)",
        ColumnData.build(differences, format: differenceFormat))
      // With an interval beside each figure, whether the comparator lies outside it: a difference
      // the data can support, or one within what chance gives.
      if let lo = table.columnIndex(named: "lower"), let hi = table.columnIndex(named: "upper") {
        let rowAreas = Lookup.areaIndices(table, areaColumn, resolver)
        let verdicts: [Value] = (0..<table.rowCount).map { i in
          guard rowAreas[i] != Lookup.areaIndex[target.code], case .number(let b, _) = theirs[i],
            case .number(let l, _) = table.value(row: i, column: lo),
            case .number(let u, _) = table.value(row: i, column: hi)
          else { return .missing(.empty) }
          return .text(b < l ? "higher" : b > u ? "lower" : "similar")
        }
        let name = targets.count == 1 ? "significance" : "significance against \(target.name)"
        result = result.adding(name, ColumnData.build(verdicts))
        significanceNotes.append(
          Note(
            "\(name): higher or lower where \(target.name)'s figure lies outside the row's confidence interval, similar where it lies inside (a difference within what chance gives)",
            columns: [name]))
      }
    }
    for group in groupTargets {
      let (pooled, notes) = try pooledFigures(
        of: group, frame: frame, value: v, context: context, areaColumn: areaColumn, at: range)
      let single = targets.isEmpty && groupTargets.count == 1
      var differences: [Value] = []
      for i in 0..<table.rowCount {
        switch (table.value(row: i, column: v), pooled[i]) {
        case (.number(let a, _), .number(let b, _)): differences.append(.number(a - b))
        case (.missing(let r), _), (_, .missing(let r)): differences.append(.missing(r))
        default: differences.append(.missing(.notAvailable))
        }
      }
      result = result.adding(group.name, ColumnData.build(pooled, format: numbers.format))
      result = result.adding(
        single ? "difference" : "difference from \(group.name)",
        ColumnData.build(differences, format: differenceFormat))
      significanceNotes += notes
      if let lo = table.columnIndex(named: "lower"), let hi = table.columnIndex(named: "upper") {
        let verdicts: [Value] = (0..<table.rowCount).map { i in
          guard case .number(let b, _) = pooled[i],
            case .number(let l, _) = table.value(row: i, column: lo),
            case .number(let u, _) = table.value(row: i, column: hi)
          else { return .missing(.empty) }
          return .text(b < l ? "higher" : b > u ? "lower" : "similar")
        }
        let name = single ? "significance" : "significance against \(group.name)"
        result = result.adding(name, ColumnData.build(verdicts))
        significanceNotes.append(
          Note(
            "\(name): higher or lower where the \(group.name) group's pooled figure lies outside the row's confidence interval, similar where it lies inside",
            columns: [name]))
      }
    }
    // Counts compared raw mostly rank the areas by size.
    if table.columnIndex(named: "lower") == nil, !numbers.format.isPercent,
      table.preferredValue == nil,
      !MeasureUnit.isPercentage(name: table.columns[v].name),
      (0..<table.rowCount).allSatisfy({
        if case .number(let x, _) = table.value(row: $0, column: v) {
          x == x.rounded()
        } else {
          true
        }
      }),
      !(0..<table.rowCount).contains(
        where: MeasureUnit.percentages(in: table, value: v, measure: roles.measure, unit: nil))
    {
      significanceNotes.append(
        Note(
          "these are counts, which mostly reflect each area's size: to judge areas fairly compare rates, as in `rate per 10000 population ci | compare with scotland`"
        ))
    }
    // A comparator that is not there is said, with the reason and the way to have it.
    var missingNotes: [Note] = []
    for target in targets where !lookup.has(target) {
      let valueName = table.columns[v].name
      if computedAfterFilter {
        missingNotes.append(
          Note(
            "\(target.name): not in this table, and \(valueName) was worked out after a filter left \(target.name) out, so there is no figure to compare with; keep it in the filter (area in (..., \"\(target.name)\")) or compare before the filter",
            columns: [target.name]))
      } else {
        missingNotes.append(
          Note(
            "\(target.name): not in this table or the one it came from, so there is no figure to compare with",
            columns: [target.name]))
      }
    }
    // A rank needs other councils to rank among.
    let councils = lookup.councilCount()
    var ranks: [Value] = []
    var councilValues: [String: [Double]] = [:]
    let rowAreas = Lookup.areaIndices(table, areaColumn, resolver)
    for i in 0..<table.rowCount {
      guard let a = rowAreas[i], a != Lookup.scotlandIndex,
        case .number(let own, _) = table.value(row: i, column: v)
      else {
        ranks.append(.missing(.empty))
        continue
      }
      let values = councilValues[rowKeys[i]] ?? lookup.councilValues(rowKeys[i])
      councilValues[rowKeys[i]] = values
      ranks.append(
        values.count < 2
          ? .missing(.notApplicable)
          : .text("\(1 + values.filter { $0 > own }.count) of \(values.count)"))
    }
    result = result.adding("rank", ColumnData.build(ranks))
    var out = Frame(table: result, origin: frame.origin)
    // The rate compared is still the rate it was: the funnel plot and narrate need what it divides.
    out.rateBasis = frame.rateBasis
    out.rolling = frame.rolling
    out.context = frame.context
    out.title = frame.title ?? contextTitle(table, excluding: [])
    // The notes of the table compared still hold (the population year used, a series' span).
    out.notes = frame.notes
    if councils < 2 {
      out.notes.append(
        Note(
          "rank: not given, as there is only one council to rank"
            + (computedAfterFilter
              ? " (the others were filtered out before the figures were worked out)" : ""),
          columns: ["rank"]))
    } else {
      let among =
        councils < CouncilArea.councils.count
        ? "the \(councils) councils in the table" : "the councils"
      out.notes.append(
        Note(
          "rank: among \(among) with a value for the same \(contextNames.isEmpty ? "table" : contextNames.joined(separator: " and ")), 1 the highest",
          columns: ["rank"]))
    }
    out.notes += missingNotes + significanceNotes
    return out
  }
}

/// Values by area and context (period, measure, ...), for comparators and ranks.
///
/// Built from codes: each area name is resolved once per distinct name and each context key is
/// made once per distinct combination; the values sit in a grid of context by area.
private struct Lookup {
  /// The context group of each context key.
  private var groupOfKey: [String: Int] = [:]
  /// values[group][area], areas in the order of `CouncilArea.all`.
  private var values: [[Value?]] = []
  private(set) var ambiguous = false

  static let areaIndex: [String: Int] = Dictionary(
    uniqueKeysWithValues: CouncilArea.all.enumerated().map { ($0.element.code, $0.offset) })
  static let scotlandIndex = areaIndex[CouncilArea.scotland.code] ?? 0

  init(table: Table, areaColumn: Int, value: Int, context: [Int], resolver: AreaResolver) {
    let areas = Lookup.areaIndices(table, areaColumn, resolver)
    let groups = GroupIndex(table: table, keys: context)
    for (g, row) in groups.representatives.enumerated() {
      groupOfKey[Lookup.key(table, row, context)] = g
    }
    values = Array(
      repeating: Array(repeating: nil, count: CouncilArea.all.count), count: groups.count)
    for i in 0..<table.rowCount {
      guard let a = areas[i] else { continue }
      let g = Int(groups.groupOfRow[i])
      if values[g][a] != nil { ambiguous = true }
      values[g][a] = table.value(row: i, column: value)
    }
  }

  /// Each row's area as an index into `CouncilArea.all`, resolving each distinct name once.
  static func areaIndices(_ table: Table, _ column: Int, _ resolver: AreaResolver) -> [Int?] {
    guard case .text(let text) = table.columns[column].data else {
      return Array(repeating: nil, count: table.rowCount)
    }
    let resolved = text.dictionary.map { resolver.resolve($0).flatMap { areaIndex[$0.code] } }
    return (0..<table.rowCount).map { i in
      let c = text.codes[table.selection[i]]
      return c == TextColumn.missingCode ? nil : resolved[Int(c)]
    }
  }

  static func key(_ table: Table, _ row: Int, _ context: [Int]) -> String {
    context.map { Evaluator.cellText(table.value(row: row, column: $0)) }.joined(
      separator: "\u{1F}")
  }

  /// Each row's context key, made once per distinct combination.
  static func keys(_ table: Table, _ context: [Int]) -> [String] {
    let groups = GroupIndex(table: table, keys: context)
    let names = groups.representatives.map { key(table, $0, context) }
    return groups.groupOfRow.map { names[Int($0)] }
  }

  func has(_ area: CouncilArea) -> Bool {
    guard let a = Lookup.areaIndex[area.code] else { return false }
    return values.contains { $0[a] != nil }
  }

  func councilCount() -> Int {
    values.map { row in row.indices.filter { $0 != Lookup.scotlandIndex && row[$0] != nil }.count }
      .max() ?? 0
  }

  func value(_ area: CouncilArea, _ key: String) -> Value {
    guard let g = groupOfKey[key], let a = Lookup.areaIndex[area.code] else {
      return .missing(.notAvailable)
    }
    return values[g][a] ?? .missing(.notAvailable)
  }

  func councilValues(_ key: String) -> [Double] {
    guard let g = groupOfKey[key] else { return [] }
    return values[g].indices.filter { $0 != Lookup.scotlandIndex }.compactMap {
      values[g][$0]?.numberValue
    }
  }
}

extension Evaluator {
  /// A group's pooled figure for each row's period and measure: for a rate made by `rate`, its
  /// members' counts over their denominators; for counts, their sum. Percentages without the
  /// counts behind them cannot be pooled, and are refused with the way to what can be.
  func pooledFigures(
    of group: ComparatorGroup, frame: Frame, value v: Int, context: [Int], areaColumn: Int,
    at range: SourceRange
  ) throws(Diagnostic) -> ([Value], [Note]) {
    let table = frame.table
    let roles = Roles(table, resolver: resolver)
    let basis = frame.rateBasis.flatMap { $0.rate == table.columns[v].name ? $0 : nil }
    let n = basis.flatMap { table.columnIndex(named: $0.numerator) }
    let d = basis.flatMap { table.columnIndex(named: $0.denominator) }
    if basis == nil,
      (0..<table.rowCount).contains(where: {
        MeasureUnit.isPercentage(
          table, value: v, row: $0, measure: roles.measure, unit: MeasureUnit.unitColumn(table))
      })
    {
      throw Diagnostic(
        "a group's figure pools its members' counts, and these are percentages without the counts behind them",
        at: range,
        help:
          "make the rate from the counts first: rate \"CPOs completed\" / \"CPOs ended\" by area | compare with \(group.name)"
      )
    }
    let key = { (i: Int) in
      context.map { Self.cellText(table.value(row: i, column: $0)) }.joined(separator: "\u{1F}")
    }
    var numerators: [String: Double] = [:]
    var denominators: [String: Double] = [:]
    var seen: [String: Set<String>] = [:]
    var missing: [String: MissingReason] = [:]
    for i in 0..<table.rowCount {
      guard case .text(let name) = table.value(row: i, column: areaColumn),
        let area = resolver.resolve(name), group.contains(area)
      else { continue }
      let k = key(i)
      seen[k, default: []].insert(area.code)
      if let n, let d {
        guard case .number(let x, _) = table.value(row: i, column: n),
          case .number(let y, _) = table.value(row: i, column: d)
        else {
          missing[k] =
            table.value(row: i, column: n).missingReason ?? table.value(row: i, column: d)
            .missingReason ?? .notAvailable
          continue
        }
        numerators[k, default: 0] += x
        denominators[k, default: 0] += y
      } else {
        guard case .number(let x, _) = table.value(row: i, column: v) else {
          missing[k] = table.value(row: i, column: v).missingReason ?? .notAvailable
          continue
        }
        numerators[k, default: 0] += x
      }
    }
    var absentMembers = false
    let scale = basis.map { $0.per ?? 100 } ?? 1
    let pooled: [Value] = (0..<table.rowCount).map { i in
      let k = key(i)
      if let reason = missing[k] { return .missing(reason) }
      guard (seen[k]?.count ?? 0) == group.members.count, let x = numerators[k] else {
        absentMembers = true
        return .missing(.notAvailable)
      }
      if basis != nil {
        guard let y = denominators[k], y > 0 else { return .missing(.notApplicable) }
        return .number(scale * x / y)
      }
      return .number(x)
    }
    let how =
      basis.map {
        "the members' \($0.numerator) over their \($0.denominator)\($0.per.map { " per \(NumberFormatting.format($0, decimals: 0))" } ?? ", as a percentage")"
      } ?? "the sum of the members' \(table.columns[v].name)"
    var notes = [
      Note(
        "\(group.name): the group's pooled figure, \(how) (\(group.members.map(\.name).joined(separator: ", ")))",
        columns: [group.name])
    ]
    if absentMembers {
      notes.append(
        Note(
          "[x] in \(group.name): a period or measure for which not every member of the group is in this table, so the group has no figure; keep them in the filter before `rate` (area in \(group.name) or area in (...))",
          scope: .rows, columns: [group.name]))
    }
    if missing.values.contains(where: { _ in true }) {
      notes.append(
        Note(
          "\(group.name): a member's figure is missing for some rows, so the group's is too (a pooled figure needs every member's)",
          scope: .rows, columns: [group.name]))
    }
    return (pooled, notes)
  }
}
