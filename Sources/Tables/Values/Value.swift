/// One cell's content, for code that works a row at a time (expressions, rendering, writing).
///
/// Columns store values far more compactly; `Value` is what a single cell reads as.
public enum Value: Hashable, Sendable {
  case text(String)
  case number(Double, ValueMarker?)
  case period(Period)
  case boolean(Bool)
  case missing(MissingReason)

  /// A number without a marker.
  public static func number(_ value: Double) -> Value { .number(value, nil) }

  public var isMissing: Bool {
    if case .missing = self { return true }
    return false
  }

  /// The number held, or nil.
  public var numberValue: Double? {
    if case .number(let v, _) = self { return v }
    return nil
  }

  /// The text held, or nil.
  public var textValue: String? {
    if case .text(let s) = self { return s }
    return nil
  }

  /// The reason for a missing cell, or nil.
  public var missingReason: MissingReason? {
    if case .missing(let r) = self { return r }
    return nil
  }
}
