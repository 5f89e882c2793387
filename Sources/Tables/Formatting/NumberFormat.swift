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

  public init(
    decimals: Int = 0, isPercent: Bool = false, isSigned: Bool = false, usesGrouping: Bool = true,
    adaptsDecimals: Bool = false
  ) {
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
    if isSigned && value > 0 && s != "0" && !s.allSatisfy({ $0 == "0" || $0 == "." }) {
      s = "+" + s
    }
    if isPercent { s += "%" }
    if let marker { s += marker.symbol }
    return s
  }

}

/// Number to text, with rounding as analysts expect and separators.
///
/// Rounding is half away from zero on the number as it was written: its shortest decimal form,
/// the digits that read back as the same `Double` (`2.675`, not the 2.67499999999999982236431605997495353221893310546875
/// the binary holds). So 2.675 shows as 2.68 and -0.125 as -0.13 at two places, as in Excel, and
/// no digit is invented at any magnitude: 538 at six places is 538.000000, 60000000.2 is
/// 60,000,000.200000.
public enum NumberFormatting {
  /// `value` with `decimals` places and, when `grouping`, commas between thousands.
  public static func format(_ value: Double, decimals: Int, grouping: Bool = true) -> String {
    guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-inf" : "inf") }
    let places = max(0, min(decimals, 12))
    var (digits, point) = decimalDigits(abs(value))
    // Keep the digits up to `places` after the point; the first one dropped decides.
    round(&digits, &point, keeping: point + places)
    // Lay the digits out around the point.
    var integerPart = ""
    var fractionPart = ""
    if point <= 0 { integerPart = "0" }
    for k in 0..<max(point, 0) {
      let d = k < digits.count ? digits[k] : 0
      integerPart.append(Character(Unicode.Scalar(UInt8(48 + d))))
    }
    for k in 0..<places {
      let index = point + k
      let d = index >= 0 && index < digits.count ? digits[index] : 0
      fractionPart.append(Character(Unicode.Scalar(UInt8(48 + d))))
    }
    let isZero = !integerPart.contains { $0 != "0" } && !fractionPart.contains { $0 != "0" }
    if grouping { integerPart = group(integerPart) }
    var s = (value < 0 && !isZero ? "-" : "") + integerPart
    if places > 0 { s += "." + fractionPart }
    return s
  }

  /// `digits` cut to the first `keep`, rounded half away from zero by the first one dropped.
  static func round(_ digits: inout [UInt8], _ point: inout Int, keeping keep: Int) {
    if keep < 0 {
      digits = []
      return
    }
    guard keep < digits.count else { return }
    let roundsUp = digits[keep] >= 5
    digits.removeSubrange(keep...)
    guard roundsUp else { return }
    var i = digits.count - 1
    while i >= 0 && digits[i] == 9 {
      digits[i] = 0
      i -= 1
    }
    if i >= 0 {
      digits[i] += 1
    } else {
      digits.insert(1, at: 0)
      point += 1
    }
  }

  /// A number as written to a data file: every digit it was read with, to 15 significant
  /// digits as Excel keeps them, so that arithmetic's binary noise (0.1 + 0.2 is
  /// 0.30000000000000004) does not reach the file: `12150`, `277.3333333`, `0.3`.
  public static func data(_ value: Double) -> String {
    guard value.isFinite else { return plain(value) }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    var (digits, point) = decimalDigits(abs(value))
    round(&digits, &point, keeping: 15)
    while let last = digits.last, last == 0 { digits.removeLast() }
    guard point <= 21, point >= -20, !digits.isEmpty else { return plain(value) }
    let text = String(decoding: digits.map { $0 + 48 }, as: UTF8.self)
    let body: String
    if point <= 0 {
      body = "0." + String(repeating: "0", count: -point) + text
    } else if point >= digits.count {
      body = text + String(repeating: "0", count: point - digits.count)
    } else {
      body = String(text.prefix(point)) + "." + String(text.dropFirst(point))
    }
    return (value < 0 ? "-" : "") + body
  }

  /// The shortest decimal digits that read back as `x` (not negative), without leading or
  /// trailing zeros, and where the point goes: `x` is 0.d1d2d3... × 10^point.
  static func decimalDigits(_ x: Double) -> (digits: [UInt8], point: Int) {
    guard x != 0 else { return ([], 0) }
    // Swift's description is the shortest round-trip form: "538.0", "1e-05", "6.02e+23".
    let text = x.description
    var mantissa = Substring(text)
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
      mantissa = text[..<e]
      exponent = Int(text[text.index(after: e)...]) ?? 0
    }
    var digits: [UInt8] = []
    var point = 0
    var seenPoint = false
    for ch in mantissa {
      if ch == "." {
        seenPoint = true
        continue
      }
      guard let v = ch.asciiValue, v >= 48, v <= 57 else { continue }
      digits.append(v - 48)
      if !seenPoint { point += 1 }
    }
    while let first = digits.first, first == 0 {
      digits.removeFirst()
      point -= 1
    }
    while let last = digits.last, last == 0 { digits.removeLast() }
    return (digits, point + exponent)
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
