import Framework
import Tables

/// Statistical disclosure control for tables that leave the analyst's hands.
///
/// Primary suppression hides counts from 1 to N-1 as `[c]`. Secondary suppression then makes
/// sure no hidden count can be worked back: wherever the cells that add up to a total shown in
/// the table (the councils under a Scotland row of the same period and measure; the cells of a
/// row beside a total column) have exactly one hidden cell, the smallest other one is hidden too,
/// repeating until nothing changes.
public enum Disclosure {
  public struct Outcome {
    public var table: Table
    public var primary: Int
    public var secondary: Int
    /// Figures worked out from a hidden count in their row (a rate, its interval, a share),
    /// hidden with it, since each would give the count back.
    public var derived: Int = 0
  }

  /// The columns of a table cjnb worked out from the counts of the same row: the rate `rate`
  /// made (the table's preferred value when it is not a count), its interval, a share of
  /// Scotland, a funnel plot's limits.
  static func derivedColumns(_ table: Table, counts: [Int]) -> [Int] {
    let names = Set(
      [
        "lower", "upper", "share of scotland", "95% lower", "95% upper", "99.8% lower",
        "99.8% upper",
      ] + (table.preferredValue.map { [$0.lowercased()] } ?? []))
    return table.columns.indices.filter { c in
      !counts.contains(c) && table.columns[c].type == .number
        && names.contains(table.columns[c].name.lowercased())
    }
  }

  /// The chart with its counts from 1 to N-1 hidden as [c]: bars show the symbol, lines break.
  /// Percentages and figures that are not whole are not counts and are drawn as they are.
  public static func suppress(_ chart: ChartData, below threshold: Int) -> (
    chart: ChartData, hidden: Int
  ) {
    guard !chart.format.isPercent else { return (chart, 0) }
    func isSmallCount(_ v: Double?) -> Bool {
      guard let v else { return false }
      return v >= 1 && v < Double(threshold) && v == v.rounded()
    }
    let values =
      chart.bars.compactMap(\.value) + chart.series.flatMap { $0.values.compactMap { $0 } }
    guard values.allSatisfy({ $0 == $0.rounded() && $0 >= 0 }) else { return (chart, 0) }
    var out = chart
    var hidden = 0
    for i in out.bars.indices where isSmallCount(out.bars[i].value) {
      out.bars[i].value = nil
      out.bars[i].missing = .confidential
      hidden += 1
    }
    for s in out.series.indices {
      for k in out.series[s].values.indices where isSmallCount(out.series[s].values[k]) {
        out.series[s].values[k] = nil
        if out.series[s].missing.count != out.series[s].values.count {
          out.series[s].missing = [MissingReason?](
            repeating: nil, count: out.series[s].values.count)
        }
        out.series[s].missing[k] = .confidential
        hidden += 1
      }
    }
    if hidden > 0 {
      out.notes.append(
        Note(
          "[c] \(NumberFormatting.count(hidden, "count")) under \(threshold) suppressed"
            + (out.bars.isEmpty ? ": the line breaks there" : "")))
    }
    return (out, hidden)
  }

  /// Whether a table holds a count from 1 to N-1 that suppression would hide.
  public static func holdsSmallCounts(_ table: Table, below threshold: Int) -> Bool {
    for c in countColumns(table) {
      for r in 0..<table.rowCount {
        if case .number(let v, _) = table.value(row: r, column: c), v >= 1, v < Double(threshold) {
          return true
        }
      }
    }
    return false
  }

  /// Count columns: numbers that are all whole and not percentages.
  static func countColumns(_ table: Table) -> [Int] {
    table.columns.indices.filter { c in
      guard case .number(let n) = table.columns[c].data, !n.format.isPercent else { return false }
      return (0..<table.rowCount).allSatisfy { r in
        let p = table.selection[r]
        return n.cellStatus(at: p).isMissing
          || (n.values[p] == n.values[p].rounded() && n.values[p] >= 0)
      }
    }
  }

  public static func suppress(
    _ original: Table, below threshold: Int, resolver: AreaResolver = .standard
  ) -> Outcome {
    let table = original.materialized()
    let counts = countColumns(table)
    var cells: [[Value]] = table.columns.indices.map { c in
      (0..<table.rowCount).map { table.value(row: $0, column: c) }
    }
    var primary = 0
    for c in counts {
      for r in 0..<table.rowCount {
        if case .number(let v, _) = cells[c][r], v > 0, v < Double(threshold) {
          cells[c][r] = .missing(.confidential)
          primary += 1
        }
      }
    }
    let groups = totalGroups(table, counts: counts, resolver: resolver)
    var secondary = 0
    var changed = true
    while changed {
      changed = false
      for group in groups {
        let hidden = group.members.filter {
          cells[$0.column][$0.row].missingReason == .confidential
        }
        let totalHidden = cells[group.total.column][group.total.row].missingReason == .confidential
        guard hidden.count == 1 && !totalHidden else { continue }
        // Hide the smallest other count, so as little as possible is lost.
        let candidates = group.members.compactMap { cell -> (Cell, Double)? in
          guard case .number(let v, _) = cells[cell.column][cell.row], v > 0 else { return nil }
          return (cell, v)
        }
        if let (cell, _) = candidates.min(by: { $0.1 < $1.1 }) {
          cells[cell.column][cell.row] = .missing(.confidential)
          secondary += 1
        } else {
          // Nothing else to hide: hide the total instead.
          cells[group.total.column][group.total.row] = .missing(.confidential)
          secondary += 1
        }
        changed = true
      }
    }
    // A rate, interval or share beside a hidden count would give it back: hidden too.
    let derived = derivedColumns(table, counts: counts)
    var derivedHidden = 0
    if !derived.isEmpty {
      for r in 0..<table.rowCount
      where counts.contains(where: { c in
        cells[c][r].missingReason == .confidential
          && table.value(row: r, column: c).missingReason != .confidential
      }) {
        for c in derived where cells[c][r].numberValue != nil {
          cells[c][r] = .missing(.confidential)
          derivedHidden += 1
        }
      }
    }
    var outcome = Outcome(
      table: rebuild(table, cells, counts + derived), primary: primary, secondary: secondary)
    outcome.derived = derivedHidden
    return outcome
  }

  /// Counts rounded to the nearest multiple of `base` (half away from zero).
  public static func round(_ original: Table, to base: Int) -> Table {
    let table = original.materialized()
    let counts = countColumns(table)
    var cells: [[Value]] = table.columns.indices.map { c in
      (0..<table.rowCount).map { table.value(row: $0, column: c) }
    }
    let b = Double(base)
    for c in counts {
      for r in 0..<table.rowCount {
        if case .number(let v, let m) = cells[c][r] {
          cells[c][r] = .number((v / b).rounded(.toNearestOrAwayFromZero) * b, m)
        }
      }
    }
    return rebuild(table, cells, counts)
  }

  struct Cell: Hashable {
    var row: Int
    var column: Int
  }

  struct Group {
    var total: Cell
    var members: [Cell]
  }

  /// The sets of cells that add up to a total shown in the same table.
  static func totalGroups(_ table: Table, counts: [Int], resolver: AreaResolver) -> [Group] {
    var groups: [Group] = []
    let roles = Roles(table, resolver: resolver)
    // Councils under the Scotland row with the same other columns.
    if let area = roles.area {
      let context = table.columns.indices.filter {
        !roles.areas.contains($0) && !counts.contains($0) && table.columns[$0].type != .number
      }
      var byContext: [String: (scotland: Int?, councils: [Int])] = [:]
      for r in 0..<table.rowCount {
        guard case .text(let name) = table.value(row: r, column: area),
          let resolved = resolver.resolve(name)
        else { continue }
        let key = context.map { Evaluator.cellText(table.value(row: r, column: $0)) }.joined(
          separator: "\u{1F}")
        if resolved.isScotland {
          byContext[key, default: (nil, [])].scotland = r
        } else {
          byContext[key, default: (nil, [])].councils.append(r)
        }
      }
      // In a fixed order, so that the same table is always suppressed the same way.
      for key in byContext.keys.sorted() {
        guard let entry = byContext[key] else { continue }
        guard let total = entry.scotland, entry.councils.count > 1 else { continue }
        for c in counts {
          groups.append(
            Group(
              total: Cell(row: total, column: c),
              members: entry.councils.map { Cell(row: $0, column: c) }))
        }
      }
    }
    // The cells of a row beside a total column.
    if let totalColumn = counts.first(where: {
      ["total", "all", "all ages", "scotland"].contains(table.columns[$0].name.lowercased())
    }) {
      let members = counts.filter { $0 != totalColumn }
      if members.count > 1 {
        for r in 0..<table.rowCount {
          groups.append(
            Group(
              total: Cell(row: r, column: totalColumn),
              members: members.map { Cell(row: r, column: $0) }))
        }
      }
    }
    return groups
  }

  static func rebuild(_ table: Table, _ cells: [[Value]], _ counts: [Int]) -> Table {
    var result = table
    for c in counts {
      guard case .number(let n) = table.columns[c].data else { continue }
      result = result.adding(table.columns[c].name, ColumnData.build(cells[c], format: n.format))
    }
    return result
  }
}
