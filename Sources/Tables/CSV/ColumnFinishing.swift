extension CSVParser {
  func finish(_ nb: ColumnAccumulator, column: String, override: ColumnType?) throws(FileError)
    -> ColumnData
  {
    let cb = nb
    if nb.mode == .number {
      let numbers = nb.numberColumn()
      if override == nil && isYearName(column) && nb.presentCount > 0 && nb.allIntegers
        && nb.minimum >= 1800 && nb.maximum < 2200
      {
        return .period(yearColumn(numbers))
      }
      return .number(numbers)
    }
    let distinct = cb.distinctValues
    if override == nil || override == .period, let periods = periodDictionary(distinct) {
      return .period(remap(cb, distinct: periods))
    }
    if override == .period {
      let bad = distinct.indices.first { Period(parsing: distinct[$0]) == nil } ?? 0
      throw FileError(
        .type, path: name, line: cb.firstLine(ofCode: bad),
        message: "\"\(distinct[bad])\" in column \(column) is not a period",
        hint: "periods are written 2021-22, 2021/22, 2021, 2021 Q3 or 2021-07")
    }
    if override == nil || override == .boolean, let bools = booleanDictionary(distinct) {
      let values = cb.codes.map { $0 == TextColumn.missingCode ? false : bools[Int($0)] }
      return .boolean(BooleanColumn(values: values, status: cb.cellStatus))
    }
    if override == .boolean {
      let bad =
        distinct.indices.first { Self.booleanWord($0 < distinct.count ? distinct[$0] : "") == nil }
        ?? 0
      throw FileError(
        .type, path: name, line: cb.firstLine(ofCode: bad),
        message: "\"\(distinct[bad])\" in column \(column) is not true or false",
        hint: "booleans are written true/false or yes/no")
    }
    return .text(cb.textColumn())
  }

  func isAllMissing(_ data: ColumnData) -> Bool {
    (0..<data.count).allSatisfy { data.missing(at: $0) == .empty }
  }

  private func isYearName(_ name: String) -> Bool {
    let n = name.lowercased()
    return n == "year" || n == "yr" || n == "period" || n.hasSuffix("_year") || n.hasSuffix(" year")
      || n.hasPrefix("year_") || n.hasPrefix("year ")
  }

  private func yearColumn(_ numbers: NumberColumn) -> PeriodColumn {
    var index: [Int32: UInt32] = [:]
    var dictionary: [Period] = []
    var codes = [UInt32](repeating: 0, count: numbers.count)
    for i in 0..<numbers.count {
      guard let v = numbers.number(at: i) else {
        codes[i] = PeriodColumn.missingCode
        continue
      }
      let y = Int32(v)
      // Interned by hand: swift-collections' OrderedSet would say this in one call, but the package does not depend on swift-collections and one loop is not worth a dependency.
      if let c = index[y] {
        codes[i] = c
      } else {
        let c = UInt32(dictionary.count)
        index[y] = c
        dictionary.append(.calendarYear(Int(y)))
        codes[i] = c
      }
    }
    let status = numbers.status.map { $0.map { $0.isMissing ? $0 : CellStatus.present } }
    return PeriodColumn(codes: codes, dictionary: dictionary, status: status)
  }

  /// Each distinct value as a period, or nil when any is not one. A value that can only be a
  /// month makes the whole column months, so `2011-12` reads as December there.
  private func periodDictionary(_ distinct: [String]) -> [Period]? {
    guard !distinct.isEmpty else { return nil }
    var parsed: [Period] = []
    parsed.reserveCapacity(distinct.count)
    for s in distinct {
      guard let p = Period(parsing: s) else { return nil }
      parsed.append(p)
    }
    if parsed.contains(where: { $0.kind == .month }) {
      return distinct.map {
        Period(parsing: $0, preferring: .month) ?? Period(kind: .month, ordinal: 0)
      }
    }
    return parsed
  }

  /// Codes for the same period written two ways (2021-22 and 2021/22) become one.
  private func remap(_ cb: ColumnAccumulator, distinct periods: [Period]) -> PeriodColumn {
    var index: [Period: UInt32] = [:]
    var dictionary: [Period] = []
    var map = [UInt32](repeating: 0, count: periods.count)
    // Interned by hand, as in `yearColumn`.
    for (i, p) in periods.enumerated() {
      if let c = index[p] {
        map[i] = c
      } else {
        let c = UInt32(dictionary.count)
        index[p] = c
        dictionary.append(p)
        map[i] = c
      }
    }
    guard dictionary.count != periods.count else {
      return PeriodColumn(codes: cb.codes, dictionary: dictionary, status: cb.cellStatus)
    }
    let codes = cb.codes.map { $0 == PeriodColumn.missingCode ? $0 : map[Int($0)] }
    return PeriodColumn(codes: codes, dictionary: dictionary, status: cb.cellStatus)
  }

  private func booleanDictionary(_ distinct: [String]) -> [Bool]? {
    guard !distinct.isEmpty, distinct.count <= 4 else { return nil }
    var result: [Bool] = []
    for s in distinct {
      guard let b = Self.booleanWord(s) else { return nil }
      result.append(b)
    }
    return result
  }

  static func booleanWord(_ s: String) -> Bool? {
    switch s.lowercased() {
    case "true", "yes": true
    case "false", "no": false
    default: nil
    }
  }
}
