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
    // Looked for in the bytes: Foundation's `contains` on strings went through CFString, 6% of
    // `cjnb check`.
    let bytes = Array(s.utf8)
    func has(_ word: String) -> Bool {
      let w = Array(word.utf8)
      guard bytes.count >= w.count else { return false }
      for start in 0...(bytes.count - w.count) where bytes[start] == w[0] {
        if bytes[start..<(start + w.count)].elementsEqual(w) { return true }
      }
      return false
    }
    if has("%") || has("percent") || has("per cent") || has("proportion") {
      return true
    }
    // "completion rate", "reconviction rate": rates without a population behind them. The
    // last word, as a run of letters: in the bytes when they are all ASCII (Character's
    // isLetter looks each one up in Unicode's tables), else by characters.
    let lastWord: Substring?
    if bytes.allSatisfy({ $0 < 0x80 }) {
      let isLetter = { (b: UInt8) in (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) }
      let end = bytes.lastIndex(where: isLetter).map { $0 + 1 }
      let start = end.map { end in (bytes[..<end].lastIndex { !isLetter($0) } ?? -1) + 1 }
      lastWord = end.flatMap { end in
        start.map { start in Substring(decoding: bytes[start..<end], as: UTF8.self) }
      }
    } else {
      lastWord = s.split(whereSeparator: { !$0.isLetter }).last
    }
    return lastWord == "rate" && !has("per ")
  }

  /// A unit column's text that says percentage.
  static func isPercentageUnit(_ s: String) -> Bool {
    let t = s.lowercased().trimming(" ")
    return t == "%" || t == "percent" || t == "per cent" || t == "percentage" || t == "percentages"
      || t == "pct" || t == "(%)"
  }

  /// The column that says each row's unit ("unit", "units", "measurement", "measure type").
  static func unitColumn(_ table: Table) -> Int? {
    table.columns.indices.first { i in
      guard case .text = table.columns[i].data else { return false }
      return [
        "unit", "units", "measurement", "measure type", "measure_type", "measuretype",
        "unit of measure",
      ].contains(table.columns[i].name.lowercased())
    }
  }

  /// The measure type a cell names, as statistics.gov.scot writes them ("Count", "Ratio",
  /// `http://statistics.gov.scot/def/measure-properties/ratio`), or nil for a unit that is not one.
  static func measureType(_ s: String) -> String? {
    var t = Substring(s.lowercased().trimming(" <>"))
    if t.hasPrefix("http"), let slash = t.lastIndex(of: "/") { t = t[t.index(after: slash)...] }
    switch t {
    case "count", "counts", "number": return "count"
    case "ratio": return "ratio"
    case "rate", "rate per 1000", "rate per 10000", "rate per 100000", "rates": return "rate"
    case "mean", "average": return "mean"
    case "median": return "median"
    case "percent", "percentage", "per cent", "%", "percentage-of-population": return "percentage"
    default: return nil
    }
  }

  /// Whether the figures of `value` in the view row `row` are percentages.
  static func isPercentage(_ table: Table, value: Int, row: Int, measure: Int?, unit: Int?) -> Bool
  {
    percentages(in: table, value: value, measure: measure, unit: unit)(row)
  }

  /// For each view row, whether its figures of `value` are percentages: the column's format and
  /// name are looked at once, and the measure and unit columns once per distinct text, not once
  /// per row (the words were tested on every row: 7.6 s for `group by` of a million rows).
  /// How many view rows hold percentages, as ``percentages(in:value:measure:unit:)`` tells them:
  /// the whole table when the column is one of percentages, else one look per row at the unit's
  /// and the measure's codes, without a call per row.
  static func percentageCount(in table: Table, value: Int, measure: Int?, unit: Int?) -> Int {
    if case .number(let n) = table.columns[value].data, n.format.isPercent { return table.rowCount }
    if isPercentage(name: table.columns[value].name) { return table.rowCount }
    func flags(_ column: Int?, _ test: (String) -> Bool) -> (codes: Codes, percent: [Bool])? {
      guard let column, case .text(let c) = table.columns[column].data else { return nil }
      // The missing code's slot, last, is never a percentage.
      let percent = c.dictionary.map(test) + [false]
      return percent.contains(true) ? (c.codes, percent) : nil
    }
    let tests = [flags(unit, isPercentageUnit), flags(measure, { isPercentage(name: $0) })]
      .compactMap { $0 }
    guard !tests.isEmpty else { return 0 }
    var isPercent = [Bool](repeating: false, count: table.rowCount)
    for t in tests {
      let missing = t.percent.count - 1
      func marks<C: FixedWidthInteger & UnsignedInteger>(_ codes: [C]) {
        codes.withUnsafeBufferPointer { codes in
          t.percent.withUnsafeBufferPointer { percent in
            isPercent.withUnsafeMutableBufferPointer { out in
              func mark(_ i: Int, _ code: C) {
                if percent[code == C.max ? missing : Int(code)] { out[i] = true }
              }
              switch table.selection {
              case .all(let n): for i in 0..<n { mark(i, codes[i]) }
              case .rows(let rows): for (i, r) in rows.enumerated() { mark(i, codes[Int(r)]) }
              }
            }
          }
        }
      }
      switch t.codes.storage {
      case .one(let a): marks(a)
      case .two(let a): marks(a)
      case .four(let a): marks(a)
      }
    }
    return isPercent.lazy.filter { $0 }.count
  }

  static func percentages(in table: Table, value: Int, measure: Int?, unit: Int?) -> (Int) -> Bool {
    if case .number(let n) = table.columns[value].data, n.format.isPercent { return { _ in true } }
    if isPercentage(name: table.columns[value].name) { return { _ in true } }
    func flags(_ column: Int?, _ test: (String) -> Bool) -> (codes: Codes, percent: [Bool])? {
      guard let column, case .text(let c) = table.columns[column].data else { return nil }
      let percent = c.dictionary.map(test)
      return percent.contains(true) ? (c.codes, percent) : nil
    }
    let units = flags(unit, isPercentageUnit)
    let measures = flags(measure, { isPercentage(name: $0) })
    guard units != nil || measures != nil else { return { _ in false } }
    let selection = table.selection
    return { row in
      let physical = selection[row]
      for f in [units, measures] {
        guard let f else { continue }
        let code = f.codes[physical]
        if code != TextColumn.missingCode && f.percent[Int(code)] { return true }
      }
      return false
    }
  }
}
