import Framework
import Tables

extension Evaluator {
  /// `compare with scotland | compare with AREA, ...`: the comparator's value beside each row, the
  /// difference, and the row's rank among the councils for the same period and measure.
  func compare(_ frame: Frame, with comparators: [Name], at range: SourceRange) throws(Diagnostic) -> Frame {
    let table = frame.table
    let roles = Roles(table, resolver: resolver)
    guard let areaColumn = roles.area else {
      throw Diagnostic("compare needs an area column, and this table has none", at: range)
    }
    let v = try valueColumn(nil, in: table, at: range, verb: "compare")
    var targets: [CouncilArea] = []
    for name in comparators {
      guard let area = resolver.resolve(name.text) else {
        throw Diagnostic("\"\(name.text)\" is not a council area or Scotland", at: name.range,
          label: resolver.suggestions(for: name.text).first.map { "did you mean \"\($0)\"?" })
      }
      targets.append(area)
    }

    // The rows that give comparators and ranks: this table, or the one it was filtered from
    // when that has the same columns (the other councils, Scotland).
    let context = table.columns.indices.filter { $0 != v && !roles.areas.contains($0) && table.columns[$0].type != .number }
    let contextNames = context.map { table.columns[$0].name }
    var lookup = Lookup(table: table, areaColumn: areaColumn, value: v, context: context, resolver: resolver)
    if let origin = frame.origin, lookup.councilCount() < CouncilArea.councils.count || targets.contains(where: { !lookup.has($0) }) {
      let originContext = contextNames.compactMap { origin.columnIndex(named: $0) }
      if originContext.count == context.count, let oa = Roles(origin, resolver: resolver).area,
        let ov = origin.columnIndex(named: table.columns[v].name)
      {
        let wider = Lookup(table: origin, areaColumn: oa, value: ov, context: originContext, resolver: resolver)
        if !wider.ambiguous { lookup = wider }
      }
    }

    guard case .number(let numbers) = table.columns[v].data else { throw Diagnostic("compare needs a number column", at: range) }
    var differenceFormat = numbers.format
    differenceFormat.isSigned = true
    var result = frame.table.materialized()
    for target in targets {
      var theirs: [Value] = []
      var differences: [Value] = []
      for i in 0..<table.rowCount {
        let key = Lookup.key(table, row: i, context: context)
        let other = lookup.value(target, key)
        theirs.append(other)
        switch (table.value(row: i, column: v), other) {
        case (.number(let a, _), .number(let b, _)): differences.append(.number(a - b))
        case (.missing(let r), _), (_, .missing(let r)): differences.append(.missing(r))
        default: differences.append(.missing(.notAvailable))
        }
      }
      result = result.adding(target.name, ColumnData.build(theirs, format: numbers.format))
      result = result.adding(targets.count == 1 ? "difference" : "difference from \(target.name)", ColumnData.build(differences, format: differenceFormat))
    }
    var ranks: [Value] = []
    for i in 0..<table.rowCount {
      guard case .text(let name) = table.value(row: i, column: areaColumn), let area = resolver.resolve(name), !area.isScotland,
        case .number(let own, _) = table.value(row: i, column: v)
      else {
        ranks.append(.missing(.empty))
        continue
      }
      let values = lookup.councilValues(Lookup.key(table, row: i, context: context))
      ranks.append(.text("\(1 + values.filter { $0 > own }.count) of \(values.count)"))
    }
    result = result.adding("rank", ColumnData.build(ranks))
    var out = Frame(table: result, origin: frame.origin)
    out.title = frame.title ?? contextTitle(table, excluding: [])
    out.notes = [Note("rank: among the councils with a value for the same \(contextNames.isEmpty ? "table" : contextNames.joined(separator: " and ")), 1 the highest")]
    return out
  }
}

/// Values by area and context (period, measure, ...), for comparators and ranks.
private struct Lookup {
  private var values: [String: [String: Value]] = [:]
  private(set) var ambiguous = false

  init(table: Table, areaColumn: Int, value: Int, context: [Int], resolver: AreaResolver) {
    for i in 0..<table.rowCount {
      guard case .text(let name) = table.value(row: i, column: areaColumn), let area = resolver.resolve(name) else { continue }
      let key = Self.key(table, row: i, context: context)
      if values[key]?[area.code] != nil { ambiguous = true }
      values[key, default: [:]][area.code] = table.value(row: i, column: value)
    }
  }

  static func key(_ table: Table, row: Int, context: [Int]) -> String {
    context.map { Evaluator.cellText(table.value(row: row, column: $0)) }.joined(separator: "\u{1F}")
  }

  func has(_ area: CouncilArea) -> Bool { values.values.contains { $0[area.code] != nil } }

  func councilCount() -> Int { values.values.map { $0.keys.filter { $0 != CouncilArea.scotland.code }.count }.max() ?? 0 }

  func value(_ area: CouncilArea, _ key: String) -> Value { values[key]?[area.code] ?? .missing(.notAvailable) }

  func councilValues(_ key: String) -> [Double] {
    (values[key] ?? [:]).filter { $0.key != CouncilArea.scotland.code }.compactMap { $0.value.numberValue }
  }
}
