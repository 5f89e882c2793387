/// The type of a column, as `describe` names it.
public enum ColumnType: String, Hashable, Sendable, CaseIterable {
  case text, number, period, boolean
}

/// A column's cells in the storage its type uses.
public enum ColumnData: Sendable {
  case text(TextColumn)
  case number(NumberColumn)
  case period(PeriodColumn)
  case boolean(BooleanColumn)

  public var type: ColumnType {
    switch self {
    case .text: .text
    case .number: .number
    case .period: .period
    case .boolean: .boolean
    }
  }

  /// Physical cells held.
  public var count: Int {
    switch self {
    case .text(let c): c.count
    case .number(let c): c.count
    case .period(let c): c.count
    case .boolean(let c): c.count
    }
  }

  /// The cell at a physical row.
  public func value(at row: Int) -> Value {
    switch self {
    case .text(let c):
      if let v = c.value(at: row) { return .text(v) }
      return .missing(c.missing(at: row) ?? .empty)
    case .number(let c):
      let s = c.cellStatus(at: row)
      if let reason = s.missing { return .missing(reason) }
      return .number(c.values[row], s.marker)
    case .period(let c):
      if let v = c.value(at: row) { return .period(v) }
      return .missing(c.missing(at: row) ?? .empty)
    case .boolean(let c):
      if let s = c.status?[row], let reason = s.missing { return .missing(reason) }
      return .boolean(c.values[row])
    }
  }

  /// Why the cell at a physical row is missing, or nil.
  public func missing(at row: Int) -> MissingReason? {
    switch self {
    case .text(let c): c.missing(at: row)
    case .number(let c): c.cellStatus(at: row).missing
    case .period(let c): c.missing(at: row)
    case .boolean(let c): c.status?[row].missing
    }
  }

  /// The cells at the given physical rows.
  public func gathering(_ rows: [Int32]) -> ColumnData {
    switch self {
    case .text(let c): .text(c.gathering(rows))
    case .number(let c): .number(c.gathering(rows))
    case .period(let c): .period(c.gathering(rows))
    case .boolean(let c): .boolean(c.gathering(rows))
    }
  }

  /// Builds a column from cell values. The type is that of the first present value (text when
  /// every cell is missing); a value of another type is a programming error in the verb that made
  /// it and is stored as its text.
  public static func build(_ values: [Value], format: NumberFormat? = nil) -> ColumnData {
    // A column given a number format is a number column even when every cell is missing (a
    // count suppressed throughout, a rate with no denominator): its symbols go in the status.
    let firstPresent =
      values.first { !$0.isMissing }
      ?? (format != nil && !values.isEmpty ? Value.number(0, nil) : nil)
    switch firstPresent {
    case .number?:
      var numbers = [Double](repeating: 0, count: values.count)
      var status: [CellStatus]?
      var decimals = 0
      for (i, v) in values.enumerated() {
        switch v {
        case .number(let n, let marker):
          numbers[i] = n
          if let marker {
            if status == nil { status = Array(repeating: .present, count: values.count) }
            status?[i] = .marked(marker)
          }
          if format == nil && n != n.rounded() { decimals = 1 }
        default:
          if status == nil { status = Array(repeating: .present, count: values.count) }
          status?[i] = .missing(v.missingReason ?? .notAvailable)
        }
      }
      return .number(
        NumberColumn(
          values: numbers, status: status, format: format ?? NumberFormat(decimals: decimals)))
    case .period?:
      return .period(
        PeriodColumn(values.map { v -> Period? in if case .period(let p) = v { p } else { nil } })
          .withReasons(values))
    case .boolean?:
      var status: [CellStatus]?
      let bools = values.enumerated().map { (i, v) -> Bool in
        if case .boolean(let b) = v { return b }
        if status == nil { status = Array(repeating: .present, count: values.count) }
        status?[i] = .missing(v.missingReason ?? .notAvailable)
        return false
      }
      return .boolean(BooleanColumn(values: bools, status: status))
    default:
      let texts = values.map { v -> String? in v.isMissing ? nil : CellText.data(v) }
      return .text(TextColumn(texts).withReasons(values))
    }
  }
}

extension CategoricalColumn {
  /// The same cells with each missing cell's reason taken from the values it was built from.
  fileprivate func withReasons(_ values: [Value]) -> CategoricalColumn {
    guard status != nil else { return self }
    let newStatus = values.map { v in v.missingReason.map { CellStatus.missing($0) } ?? .present }
    return CategoricalColumn(codes: codes, dictionary: dictionary, status: newStatus)
  }
}

/// A named column.
public struct Column: Sendable {
  public var name: String
  public var data: ColumnData

  public init(name: String, data: ColumnData) {
    self.name = name
    self.data = data
  }

  public var type: ColumnType { data.type }
}
