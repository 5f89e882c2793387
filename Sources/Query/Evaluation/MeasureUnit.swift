import Tables

/// Whether figures are percentages, which decides how their changes are said: a percentage
/// moves by percentage points ("+4.0 percentage points"), a count by a relative change ("+16.5%").
///
/// A measure is a percentage when its cells were written with `%` (or a workbook formatted them
/// so), when its name says so ("CPOs completed (%)", "percentage of ...", "completion rate"), or
/// when a unit column beside it does ("%", "percent", "percentage"). A rate per N people is not.
enum MeasureUnit {
  static func isPercentage(name: String) -> Bool {
    let s = name.lowercased()
    if s.contains("%") || s.contains("percentage") || s.contains("per cent") || s.contains("percent") || s.contains("proportion") { return true }
    // "completion rate", "reconviction rate": rates without a population behind them.
    let words = s.split(whereSeparator: { !$0.isLetter })
    return words.last == "rate" && !s.contains("per ")
  }

  /// A unit column's text that says percentage.
  static func isPercentageUnit(_ s: String) -> Bool {
    let t = s.lowercased().trimming(" ")
    return t == "%" || t == "percent" || t == "per cent" || t == "percentage" || t == "percentages" || t == "pct" || t == "(%)"
  }

  /// The column that says each row's unit ("unit", "units", "measurement", "measure type").
  static func unitColumn(_ table: Table) -> Int? {
    table.columns.indices.first { i in
      guard case .text = table.columns[i].data else { return false }
      return ["unit", "units", "measurement", "measure type", "measure_type", "unit of measure"].contains(table.columns[i].name.lowercased())
    }
  }

  /// Whether the figures of `value` in the view row `row` are percentages.
  static func isPercentage(_ table: Table, value: Int, row: Int, measure: Int?, unit: Int?) -> Bool {
    if case .number(let n) = table.columns[value].data, n.format.isPercent { return true }
    if isPercentage(name: table.columns[value].name) { return true }
    if let unit, case .text(let u) = table.value(row: row, column: unit), isPercentageUnit(u) { return true }
    if let measure, case .text(let m) = table.value(row: row, column: measure), isPercentage(name: m) { return true }
    return false
  }
}
