/// The few string operations every layer needs, without Foundation.
extension StringProtocol {
  /// The text without leading and trailing spaces, tabs and line ends.
  public func trimmedWhitespace() -> String {
    trimming(" \t\n\r")
  }

  /// The text without leading and trailing characters found in `set`.
  public func trimming(_ set: String) -> String {
    var s = Substring(self)
    while let f = s.first, set.contains(f) { s.removeFirst() }
    while let l = s.last, set.contains(l) { s.removeLast() }
    return String(s)
  }

  /// The parts between occurrences of `separator`, empty ones kept: `"a,,b"` gives `a`, ``, `b`.
  public func parts(separatedBy separator: String) -> [String] {
    var parts: [String] = []
    var rest = Substring(self)
    while let r = rest.firstRange(of: separator) {
      parts.append(String(rest[..<r.lowerBound]))
      rest = rest[r.upperBound...]
    }
    parts.append(String(rest))
    return parts
  }

  /// The text with every occurrence of `target` replaced.
  public func replacingEvery(_ target: String, with replacement: String) -> String {
    guard !target.isEmpty else { return String(self) }
    return parts(separatedBy: target).joined(separator: replacement)
  }
}
