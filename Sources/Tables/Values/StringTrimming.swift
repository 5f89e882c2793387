extension StringProtocol {
  /// The text without leading and trailing ASCII spaces and tabs.
  func trimmingASCIISpaces() -> Substring {
    var sub = Substring(self)
    while let first = sub.first, first == " " || first == "\t" { sub.removeFirst() }
    while let last = sub.last, last == " " || last == "\t" { sub.removeLast() }
    return sub
  }
}
