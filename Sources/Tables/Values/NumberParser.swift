#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The outcome of reading one cell as a number.
public struct ParsedNumber: Sendable {
  public enum Kind: UInt8, Sendable { case number, missing, invalid }

  public var kind: Kind
  public var value: Double = 0
  /// Digits after the decimal point as written, for showing the number as published.
  public var decimals: Int = 0
  /// Written with a trailing `%`; the value is the percentage itself (`45%` is 45).
  public var isPercent = false
  /// Written with thousands separators.
  public var hasGrouping = false
  public var marker: ValueMarker?
  public var missing: MissingReason?

  static let invalid = ParsedNumber(kind: .invalid)
}

/// Reads numbers as official statistics publish them.
///
/// Accepts `1234`, `-3`, `45.0`, `1,234` and `12,150` (thousands separators only in groups of
/// three), `45%`, `2.29E0`, a marker after the number (`123[p]`, `123 [e]`) and the missing-value
/// symbols of `MissingReason`. Works on bytes so that the CSV reader allocates nothing per cell.
public enum NumberParser {
  /// Reads `text` as a number.
  public static func parse(_ text: String) -> ParsedNumber {
    var copy = text
    return copy.withUTF8 { parse($0) }
  }

  /// Reads the bytes of one cell as a number.
  public static func parse(_ raw: UnsafeBufferPointer<UInt8>) -> ParsedNumber {
    guard let base = raw.baseAddress else { return ParsedNumber(kind: .missing, missing: .empty) }
    var start = 0
    var end = raw.count
    while start < end, isSpace(raw[start]) { start += 1 }
    while end > start, isSpace(raw[end - 1]) { end -= 1 }
    let cell = UnsafeBufferPointer(start: base + start, count: end - start)
    if let reason = MissingReason.match(cell) ?? MissingReason.matchBare(cell) {
      return ParsedNumber(kind: .missing, missing: reason)
    }

    var result = ParsedNumber(kind: .number)
    // A marker such as [p] after the number.
    if end - start >= 4, raw[end - 1] == UInt8(ascii: "]"), raw[end - 3] == UInt8(ascii: "["),
      let marker = ValueMarker.letter(raw[end - 2]), marker != .incomplete
    {
      result.marker = marker
      end -= 3
      while end > start, isSpace(raw[end - 1]) { end -= 1 }
    }
    if end > start, raw[end - 1] == UInt8(ascii: "%") {
      result.isPercent = true
      end -= 1
      while end > start, isSpace(raw[end - 1]) { end -= 1 }
    }
    guard end > start else { return .invalid }

    var i = start
    var negative = false
    if raw[i] == UInt8(ascii: "-") || raw[i] == UInt8(ascii: "+") {
      negative = raw[i] == UInt8(ascii: "-")
      i += 1
    }
    // Integer part, with optional thousands separators in groups of three.
    var integer: UInt64 = 0
    var integerDigits = 0
    var groupLength = 0
    var sawComma = false
    while i < end {
      let c = raw[i]
      if c >= 0x30 && c <= 0x39 {
        if integerDigits < 19 { integer = integer &* 10 &+ UInt64(c - 0x30) }
        integerDigits += 1
        groupLength += 1
        i += 1
      } else if c == UInt8(ascii: ",") {
        // The first group has one to three digits; every later group exactly three.
        if groupLength == 0 || (sawComma ? groupLength != 3 : groupLength > 3) { return .invalid }
        sawComma = true
        groupLength = 0
        i += 1
      } else {
        break
      }
    }
    if sawComma && groupLength != 3 { return .invalid }
    result.hasGrouping = sawComma

    var fractionDigits = 0
    if i < end, raw[i] == UInt8(ascii: ".") {
      i += 1
      while i < end, raw[i] >= 0x30 && raw[i] <= 0x39 {
        fractionDigits += 1
        i += 1
      }
    }
    guard integerDigits + fractionDigits > 0 else { return .invalid }
    var exponent = 0
    var hasExponent = false
    if i < end, raw[i] | 0x20 == UInt8(ascii: "e") {
      hasExponent = true
      i += 1
      var expNegative = false
      if i < end, raw[i] == UInt8(ascii: "-") || raw[i] == UInt8(ascii: "+") {
        expNegative = raw[i] == UInt8(ascii: "-")
        i += 1
      }
      var expDigits = 0
      while i < end, raw[i] >= 0x30 && raw[i] <= 0x39 {
        if exponent < 10_000 { exponent = exponent * 10 + Int(raw[i] - 0x30) }
        expDigits += 1
        i += 1
      }
      guard expDigits > 0 else { return .invalid }
      if expNegative { exponent = -exponent }
    }
    guard i == end else { return .invalid }

    if fractionDigits == 0 && !hasExponent && integerDigits <= 15 {
      result.value = negative ? -Double(integer) : Double(integer)
      return result
    }
    // Decimals and exponents go through strtod, which rounds correctly.
    result.decimals = max(0, fractionDigits - exponent)
    result.value = slowParse(UnsafeBufferPointer(start: base + start, count: end - start))
    if result.value.isNaN || result.value.isInfinite { return .invalid }
    return result
  }

  @inline(__always)
  private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }

  /// strtod on the cell without its thousands separators.
  private static func slowParse(_ bytes: UnsafeBufferPointer<UInt8>) -> Double {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { buffer in
      var n = 0
      for c in bytes where c != UInt8(ascii: ",") {
        buffer[n] = CChar(bitPattern: c)
        n += 1
      }
      buffer[n] = 0
      guard let start = buffer.baseAddress else { return .nan }
      return strtod(start, nil)
    }
  }
}
