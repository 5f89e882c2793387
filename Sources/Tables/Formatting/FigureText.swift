/// Text that reads as a figure: what a verb such as `assess` puts in a text column once it has
/// formatted its numbers (`2,049`, `+28`, `70.1%`, `-6.4 pts`, `52.0% †`, `[x]`). Tables align such
/// columns right, like number columns, in the terminal, in Markdown and in HTML.
public enum FigureText {
  /// Whether `text` is a formatted figure or a statistical symbol standing in for one.
  public static func isFigure<S: StringProtocol>(_ text: S) -> Bool {
    var s = Substring(text)
    // A trailing caution mark or symbol: "52.0% †", "141 [p]".
    if s.hasSuffix("†") { s = s.dropLast().droppingTrailingSpaces() }
    if isSymbol(s) { return true }
    if s.count > 4, s.hasSuffix("]"), let open = s.lastIndex(of: "["), isSymbol(s[open...]) {
      s = s[..<open].droppingTrailingSpaces()
    }
    if s.hasSuffix(" pts") {
      s = s.dropLast(4)
    } else if s.hasSuffix(" pt") {
      s = s.dropLast(3)
    } else if s.hasSuffix("%") {
      s = s.dropLast()
    }
    if let f = s.first, f == "+" || f == "-" || f == "−" { s = s.dropFirst() }
    var digits = 0, points = 0
    for ch in s {
      if ch.isASCII, ch.isNumber {
        digits += 1
      } else if ch == "." {
        points += 1
      } else if ch != "," {
        return false
      }
    }
    return digits > 0 && points <= 1 && s.first?.isNumber == true && s.last?.isNumber == true
  }

  /// `[x]`, `[c]`, `[z]`, `[p]` and the other one-letter symbols of the statistical conventions.
  static func isSymbol(_ s: Substring) -> Bool {
    s.count == 3 && s.first == "[" && s.last == "]" && s.dropFirst().first!.isLetter
  }

  /// Whether every present value of a text column is a figure, and at least one is a number
  /// rather than a symbol. Number columns align right without asking.
  public static func isFigureColumn<C: Collection>(_ cells: C) -> Bool
  where C.Element: StringProtocol {
    var sawNumber = false
    for cell in cells where !cell.isEmpty {
      guard isFigure(cell) else { return false }
      if !sawNumber, !isSymbol(Substring(cell)) { sawNumber = true }
    }
    return sawNumber
  }
}

extension Substring {
  fileprivate func droppingTrailingSpaces() -> Substring {
    var s = self
    while s.last == " " { s = s.dropLast() }
    return s
  }
}
