extension CSVParser {
  /// A text column that is numbers but for a few cells ("see note", "2,3OO"): the cells that
  /// are not numbers nor symbols, how often and where first, so that `describe` can say so and
  /// `clean` can make them missing. Nil when the column is text through and through.
  func strayTokens(_ column: ColumnAccumulator, name: String) -> LayoutFindings.Stray? {
    guard column.mode == .categorical else { return nil }
    let distinct = column.distinctValues
    guard !distinct.isEmpty, distinct.count <= 100_000 else { return nil }
    // Stray tokens need numbers among the values and something else too: most text columns
    // have no number at all, and their cells need not be counted.
    let kinds = distinct.map { NumberParser.parse($0).kind }
    guard kinds.contains(where: { $0 != .invalid }), kinds.contains(.invalid) else { return nil }
    var counts = [Int](repeating: 0, count: distinct.count)
    for code in column.codes where code != TextColumn.missingCode { counts[Int(code)] += 1 }
    var numbers = 0
    var tokens: [LayoutFindings.Stray.Token] = []
    var strayCells = 0
    for (k, text) in distinct.enumerated() {
      switch kinds[k] {
      case .number, .missing: numbers += counts[k]
      case .invalid:
        strayCells += counts[k]
        guard tokens.count <= 20 else { return nil }
        tokens.append(.init(text: text, count: counts[k], line: column.firstLine(ofCode: k)))
      }
    }
    // Mostly numbers: at least three, and at least twice the cells that are not.
    guard !tokens.isEmpty, numbers >= 3, numbers >= 2 * strayCells else { return nil }
    tokens.sort { $0.line < $1.line }
    return LayoutFindings.Stray(column: name, numbers: numbers, tokens: tokens)
  }
}
