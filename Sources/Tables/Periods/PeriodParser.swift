extension Period {
  /// Reads a period as it is written in published tables.
  ///
  /// - `2021-22`, `2021/22`, `2021-2022`, `2021/2022`, `2021 to 2022`: financial year 2021-22
  ///   (the two years must be consecutive);
  /// - `2021`: calendar year (years 1800 to 2199);
  /// - `2021 Q3`, `2021-Q3`, `Q3 2021`: calendar quarter;
  /// - `2021-07`: month (a month written `2011-12` reads as the financial year 2011-12 unless
  ///   `preferring` is `.month`).
  ///
  /// Returns nil for anything else.
  public init?(parsing text: some StringProtocol, preferring preferred: Kind? = nil) {
    let bytes = Array(text.utf8)
    guard let p = bytes.withUnsafeBufferPointer({ Period.parse($0, preferring: preferred) }) else {
      return nil
    }
    self = p
  }

  /// All the readings of the text: a financial year that is also a valid month gives both.
  public static func readings(of text: some StringProtocol) -> [Period] {
    var result: [Period] = []
    for kind in [Kind.financialYear, .month] {
      if let p = Period(parsing: text, preferring: kind), !result.contains(p) { result.append(p) }
    }
    if result.isEmpty, let p = Period(parsing: text) { result.append(p) }
    return result
  }

  /// The byte-level reader behind `init(parsing:)`.
  public static func parse(_ raw: UnsafeBufferPointer<UInt8>, preferring preferred: Kind? = nil)
    -> Period?
  {
    var s = 0
    var e = raw.count
    while s < e, raw[s] == 0x20 || raw[s] == 0x09 { s += 1 }
    while e > s, raw[e - 1] == 0x20 || raw[e - 1] == 0x09 { e -= 1 }
    let n = e - s
    guard n >= 4 else { return nil }
    if n > 30, raw[s] == UInt8(ascii: "h") || raw[s] == UInt8(ascii: "<") {
      return parseReferenceURI(raw, from: s, to: e)
    }

    func digits(_ from: Int, _ count: Int) -> Int? {
      guard from + count <= e else { return nil }
      var v = 0
      for i in from..<(from + count) {
        let c = raw[i]
        guard c >= 0x30 && c <= 0x39 else { return nil }
        v = v * 10 + Int(c - 0x30)
      }
      return v
    }
    func isYear(_ y: Int) -> Bool { y >= 1800 && y < 2200 }
    func lower(_ i: Int) -> UInt8 { raw[i] | 0x20 }

    // Q3 2021
    if lower(s) == UInt8(ascii: "q"), n == 7, let q = digits(s + 1, 1), (1...4).contains(q),
      raw[s + 2] == 0x20, let y = digits(s + 3, 4), isYear(y)
    {
      return .quarter(y, q)
    }
    guard let year = digits(s, 4), isYear(year) else { return nil }
    if n == 4 { return .calendarYear(year) }

    // 2021 Q3, 2021-Q3, 2021Q3
    var i = s + 4
    if raw[i] == 0x20 || raw[i] == UInt8(ascii: "-") { i += 1 }
    if i < e, lower(i) == UInt8(ascii: "q"), e - i == 2, let q = digits(i + 1, 1),
      (1...4).contains(q)
    {
      return .quarter(year, q)
    }

    // 2021 to 2022
    if n == 12, raw[s + 4] == 0x20, lower(s + 5) == UInt8(ascii: "t"),
      lower(s + 6) == UInt8(ascii: "o"), raw[s + 7] == 0x20, let end = digits(s + 8, 4),
      end == year + 1
    {
      return .financialYear(year)
    }

    let sep = raw[s + 4]
    guard sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") else { return nil }
    if n == 9, let end = digits(s + 5, 4) {
      return end == year + 1 ? .financialYear(year) : nil
    }
    guard n == 7, let two = digits(s + 5, 2) else { return nil }
    let isFinancial = two == (year + 1) % 100
    let isMonth = sep == UInt8(ascii: "-") && (1...12).contains(two)
    if isFinancial && isMonth {
      return preferred == .month ? .month(year, two) : .financialYear(year)
    }
    if isFinancial { return .financialYear(year) }
    if isMonth { return .month(year, two) }
    return nil
  }
}
