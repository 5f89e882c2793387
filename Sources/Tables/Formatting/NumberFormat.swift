/// How a number column is shown: decimals, a percent sign, an explicit sign.
///
/// The loader records how numbers were written (`45%`, `12.5`), so a table shows its numbers as
/// the source did; verbs set the formats of the columns they make (one decimal for rates, a sign
/// and one decimal for changes).
public struct NumberFormat: Hashable, Sendable {
  public var decimals: Int
  public var isPercent: Bool
  /// Show `+` before positive numbers (changes).
  public var isSigned: Bool
  /// Thousands separators on screen. Years and codes held as numbers turn this off.
  public var usesGrouping: Bool
  /// `decimals` is the most a column was written with (a loaded column mixing counts and
  /// percentages): values that are all whole are shown without decimals.
  public var adaptsDecimals = false

  public init(decimals: Int = 0, isPercent: Bool = false, isSigned: Bool = false, usesGrouping: Bool = true, adaptsDecimals: Bool = false) {
    self.decimals = decimals
    self.isPercent = isPercent
    self.isSigned = isSigned
    self.usesGrouping = usesGrouping
    self.adaptsDecimals = adaptsDecimals
  }

  public static let integer = NumberFormat()
  public static let oneDecimal = NumberFormat(decimals: 1)
  public static let change = NumberFormat(isSigned: true)
  public static let percentChange = NumberFormat(decimals: 1, isPercent: true, isSigned: true)
  public static let percent = NumberFormat(decimals: 1, isPercent: true)

  /// The format for showing these values: no decimals when it adapts and they are all whole.
  public func fitted<S: Sequence>(to values: S) -> NumberFormat where S.Element == Double {
    guard adaptsDecimals, decimals > 0 else { return self }
    var copy = self
    if values.allSatisfy({ $0 == $0.rounded() }) { copy.decimals = 0 }
    return copy
  }

  /// `12,150`, `45.3%`, `+5.5%`.
  public func string(_ value: Double, marker: ValueMarker? = nil) -> String {
    var s = NumberFormatting.format(value, decimals: decimals, grouping: usesGrouping)
    if isSigned && value > 0 && s != "0" && !s.allSatisfy({ $0 == "0" || $0 == "." }) { s = "+" + s }
    if isPercent { s += "%" }
    if let marker { s += marker.symbol }
    return s
  }

  /// The number as written to CSV: no separators, full precision kept, no sign.
  public func plainString(_ value: Double, marker: ValueMarker? = nil) -> String {
    var s = NumberFormatting.plain(value)
    if let marker { s += marker.symbol }
    return s
  }
}

/// Number to text, with rounding as analysts expect (half away from zero) and separators.
public enum NumberFormatting {
  /// `value` with `decimals` places and, when `grouping`, commas between thousands.
  public static func format(_ value: Double, decimals: Int, grouping: Bool = true) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
    let places = max(0, min(decimals, 12))
    var scale = 1.0
    for _ in 0..<places { scale *= 10 }
    let magnitude = abs(value) * scale
    var rounded = magnitude.rounded(.toNearestOrAwayFromZero)
    // 2.675 is stored as 2.67499999...; treat a value within a few ulps of .5 as the half it was written as.
    let fraction = magnitude - magnitude.rounded(.down)
    if abs(fraction - 0.5) < 1e-9 * max(1, magnitude) { rounded = magnitude.rounded(.down) + 1 }
    guard rounded < 9.0e18 else { return plain(value) }
    let units = UInt64(rounded)
    var integerPart = String(units / UInt64(scale))
    if grouping { integerPart = group(integerPart) }
    var s = (value < 0 && units != 0 ? "-" : "") + integerPart
    if places > 0 {
      var frac = String(units % UInt64(scale))
      while frac.count < places { frac = "0" + frac }
      s += "." + frac
    }
    return s
  }

  /// Inserts commas: `12150` becomes `12,150`.
  public static func group(_ digits: String) -> String {
    guard digits.count > 3 else { return digits }
    var out = ""
    out.reserveCapacity(digits.count + digits.count / 3)
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return out
  }

  /// The shortest text that reads back as the same number: `12150`, `45.3`, `0.1`.
  public static func plain(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 {
      return String(Int64(value))
    }
    return "\(value)"
  }

  /// A count in words for messages: `1 row`, `41,472 rows`.
  public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(format(Double(n), decimals: 0)) \(n == 1 ? singular : (plural ?? singular + "s"))"
  }
}
