import Framework
import Tables

extension Evaluator {
  /// `share of scotland`: each row's value as a percentage of Scotland's for the same period and
  /// measure (the other columns that are not areas or numbers). Only counts add up to a total:
  /// a percentage or a rate is refused, with the reason and the way to what was meant.
  func share(_ frame: Frame, at range: SourceRange) throws(Diagnostic) -> Frame {
    let table = frame.table
    let roles = Roles(table, resolver: resolver)
    guard let areaColumn = roles.area ?? roles.areas.first else {
      throw Diagnostic(
        "a share of Scotland needs an area column, and this table has none", at: range)
    }
    let v = try valueColumn(nil, in: table, at: range, verb: "share of scotland")
    // Only counts make up Scotland's total.
    let unit = MeasureUnit.unitColumn(table)
    let basis = frame.rateBasis.flatMap { $0.rate == table.columns[v].name ? $0 : nil }
    let percentRow = (0..<table.rowCount).first {
      MeasureUnit.isPercentage(table, value: v, row: $0, measure: roles.measure, unit: unit)
    }
    if basis != nil || percentRow != nil {
      let isRate = basis.map { !$0.isProportion } ?? false
      let what = isRate ? "a rate" : "a percentage"
      let name: String
      if let basis {
        name = "\(basis.rate) (\(basis.numerator) / \(basis.denominator))"
      } else if let r = percentRow, let m = roles.measure,
        case .text(let s) = table.value(row: r, column: m), MeasureUnit.isPercentage(name: s)
      {
        name = "\"\(s)\""
      } else {
        name = table.columns[v].name
      }
      throw Diagnostic(
        "\(name) is \(what), and \(isRate ? "rates" : "percentages") do not add up to Scotland's: a share of them means nothing",
        at: range,
        help:
          "take the share of the counts behind it\(basis != nil ? " (before `rate`)" : "") with share of scotland, or compare with scotland to set each area's \(isRate ? "rate" : "percentage") beside Scotland's"
      )
    }
    if (0..<table.rowCount).contains(where: {
      if case .number(let x, _) = table.value(row: $0, column: v) {
        x < 0 || x != x.rounded()
      } else {
        false
      }
    }) {
      throw Diagnostic(
        "\(table.columns[v].name) holds figures that are not counts (fractions or negatives), and only counts make up Scotland's total",
        at: range)
    }
    // Scotland's figure for each period and measure: in this table, or the one it came from.
    let context = table.columns.indices.filter {
      $0 != v && !roles.areas.contains($0) && table.columns[$0].type != .number
    }
    func totals(_ t: Table, area: Int, value: Int, context: [Int]) -> [String: Value] {
      guard case .text(let names) = t.columns[area].data else { return [:] }
      let isScotland = names.dictionary.map { resolver.resolve($0)?.isScotland ?? false }
      var out: [String: Value] = [:]
      for i in 0..<t.rowCount {
        let code = names.codes[t.selection[i]]
        guard code != TextColumn.missingCode, isScotland[Int(code)] else { continue }
        out[
          context.map { Self.cellText(t.value(row: i, column: $0)) }.joined(separator: "\u{1F}")] =
          t.value(row: i, column: value)
      }
      return out
    }
    var scotland = totals(table, area: areaColumn, value: v, context: context)
    var fromOrigin = false
    if scotland.isEmpty, let origin = frame.origin, let oa = Roles(origin, resolver: resolver).area,
      let ov = origin.columnIndex(named: table.columns[v].name)
    {
      let oc = context.compactMap { origin.columnIndex(named: table.columns[$0].name) }
      if oc.count == context.count {
        scotland = totals(origin, area: oa, value: ov, context: oc)
        fromOrigin = !scotland.isEmpty
      }
    }
    guard !scotland.isEmpty else {
      throw Diagnostic(
        "Scotland's total is not in this table or the one it came from, so there is nothing to take a share of",
        at: range,
        help: "keep Scotland's rows: area in (..., \"Scotland\")")
    }
    var noTotal = 0
    let shares: [Value] = (0..<table.rowCount).map { i in
      let key = context.map { Self.cellText(table.value(row: i, column: $0)) }.joined(
        separator: "\u{1F}")
      guard let total = scotland[key] else {
        noTotal += 1
        return .missing(.notAvailable)
      }
      switch (table.value(row: i, column: v), total) {
      case (.missing(let r), _): return .missing(r)
      case (_, .missing(let r)): return .missing(r)
      case (.number(let x, let m), .number(let t, _)):
        return t > 0 ? .number(100 * x / t, m) : .missing(.notApplicable)
      default: return .missing(.notAvailable)
      }
    }
    var result = frame
    var out = table.materialized()
    out = out.adding("share of Scotland", ColumnData.build(shares, format: .percent))
    result.table = out
    result.display = nil
    result.notes =
      frame.notes + [
        Note(
          "share of Scotland: each row's \(table.columns[v].name) as a percentage of Scotland's for the same \(context.isEmpty ? "table" : context.map { table.columns[$0].name }.joined(separator: " and "))"
            + (fromOrigin ? ", Scotland's from the table before the filters" : "")
            + "; a share mostly reflects the area's size, and is a proportion of a whole count, not an estimate, so it has no interval",
          columns: ["share of Scotland"])
      ]
    if noTotal > 0 {
      result.notes.append(
        Note(
          "[x] in share of Scotland: \(NumberFormatting.count(noTotal, "row")) with no Scotland figure for the same \(context.map { table.columns[$0].name }.joined(separator: " and "))",
          scope: .rows, columns: ["share of Scotland"]))
    }
    return result
  }
}
