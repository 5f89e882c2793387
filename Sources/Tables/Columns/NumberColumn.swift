/// A column of numbers stored contiguously, with a status byte per cell where any cell is missing
/// or marked.
public final class NumberColumn: Sendable {
  public let values: [Double]
  /// Missing reasons and markers; nil when every cell is a plain present number.
  public let status: [CellStatus]?
  public let format: NumberFormat

  public init(values: [Double], status: [CellStatus]? = nil, format: NumberFormat = .integer) {
    self.values = values
    self.status = status
    self.format = format
  }

  /// Builds a column from optional numbers, `nil` meaning missing for the given reason.
  public convenience init(
    _ numbers: [Double?], missing reason: MissingReason = .empty, format: NumberFormat = .integer
  ) {
    var status: [CellStatus]?
    var values = [Double](repeating: 0, count: numbers.count)
    for (i, n) in numbers.enumerated() {
      if let n {
        values[i] = n
      } else {
        if status == nil { status = Array(repeating: .present, count: numbers.count) }
        status?[i] = .missing(reason)
      }
    }
    self.init(values: values, status: status, format: format)
  }

  public var count: Int { values.count }

  @inlinable public func cellStatus(at row: Int) -> CellStatus { status?[row] ?? .present }

  /// The number at a physical row, or nil when missing.
  @inlinable public func number(at row: Int) -> Double? {
    if let status, status[row].isMissing { return nil }
    return values[row]
  }

  public func gathering(_ rows: [Int32]) -> NumberColumn {
    let newValues = values.withUnsafeBufferPointer { src in rows.map { src[Int($0)] } }
    let newStatus = status.map { s in rows.map { s[Int($0)] } }
    return NumberColumn(values: newValues, status: newStatus, format: format)
  }

  public func with(format: NumberFormat) -> NumberColumn {
    NumberColumn(values: values, status: status, format: format)
  }
}

/// A column of true/false values.
public final class BooleanColumn: Sendable {
  public let values: [Bool]
  public let status: [CellStatus]?

  public init(values: [Bool], status: [CellStatus]? = nil) {
    self.values = values
    self.status = status
  }

  public var count: Int { values.count }

  public func gathering(_ rows: [Int32]) -> BooleanColumn {
    BooleanColumn(
      values: rows.map { values[Int($0)] }, status: status.map { s in rows.map { s[Int($0)] } })
  }
}
