/// Splits a command into tokens.
///
/// Strings are double-quoted (a quote inside is `""` or `\"`); column names that are not words
/// go in backticks; `--` starts a comment to the end of the line; a period is written as it is.
public struct Lexer {
  private let bytes: [UInt8]
  private var i = 0

  public init(_ source: String) {
    bytes = Array(source.utf8)
  }

  /// Every token up to and including `.end`.
  public static func tokens(_ source: String) throws(Diagnostic) -> [Token] {
    var lexer = Lexer(source)
    var tokens: [Token] = []
    while true {
      let t = try lexer.next()
      tokens.append(t)
      if t.kind == .end { return tokens }
    }
  }

  private func byte(_ k: Int) -> UInt8? { k < bytes.count ? bytes[k] : nil }
  private func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
  private func isWordStart(_ c: UInt8) -> Bool { (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == UInt8(ascii: "_") || c >= 0x80 }
  private func isWordByte(_ c: UInt8?) -> Bool {
    guard let c else { return false }
    return isWordStart(c) || isDigit(c)
  }

  private func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }

  public mutating func next() throws(Diagnostic) -> Token {
    // Spaces and comments.
    while i < bytes.count {
      if bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D {
        i += 1
      } else if bytes[i] == UInt8(ascii: "-") && byte(i + 1) == UInt8(ascii: "-") {
        while i < bytes.count && bytes[i] != 0x0A { i += 1 }
      } else {
        break
      }
    }
    guard i < bytes.count else { return Token(.end, "", SourceRange(bytes.count, bytes.count)) }
    let start = i
    let c = bytes[i]

    if c == UInt8(ascii: "\"") { return try quoted(closing: UInt8(ascii: "\""), kind: .string, what: "string") }
    if c == UInt8(ascii: "`") { return try quoted(closing: UInt8(ascii: "`"), kind: .quotedName, what: "column name") }
    if isDigit(c) || (c == UInt8(ascii: ".") && isDigit(byte(i + 1))) { return number() }
    if isWordStart(c) {
      while isWordByte(byte(i)) { i += 1 }
      return Token(.word, text(start, i), SourceRange(start, i))
    }
    let two = i + 1 < bytes.count ? text(i, i + 2) : ""
    if ["!=", "<=", ">=", "==", "<>"].contains(two) {
      i += 2
      return Token(.symbol, two == "==" ? "=" : two == "<>" ? "!=" : two, SourceRange(start, i))
    }
    if "|=<>(),+-*/;:%".utf8.contains(c) {
      i += 1
      return Token(.symbol, text(start, i), SourceRange(start, i))
    }
    // A character that means nothing here: one whole character, for the caret.
    var end = i + 1
    while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
    let ch = text(start, end)
    i = end
    throw Diagnostic("unexpected character \"\(ch)\"", at: SourceRange(start, end),
      label: ch == "'" ? "strings are written in double quotes" : nil)
  }

  private mutating func quoted(closing: UInt8, kind: Token.Kind, what: String) throws(Diagnostic) -> Token {
    let start = i
    i += 1
    var out: [UInt8] = []
    while i < bytes.count {
      let c = bytes[i]
      if c == UInt8(ascii: "\\") && closing == UInt8(ascii: "\"") && byte(i + 1) == closing {
        out.append(closing)
        i += 2
        continue
      }
      if c == closing {
        if byte(i + 1) == closing {
          out.append(closing)
          i += 2
          continue
        }
        i += 1
        return Token(kind, String(decoding: out, as: UTF8.self), SourceRange(start, i))
      }
      out.append(c)
      i += 1
    }
    throw Diagnostic("this \(what) is never closed", at: SourceRange(start, bytes.count),
      label: "add a closing \(closing == UInt8(ascii: "\"") ? "\"" : "`")")
  }

  /// A number, or a period when the digits read as one: `2021-22`, `2021/2022`, `2021 Q3`, `2021-07`.
  private mutating func number() -> Token {
    let start = i
    while isDigit(byte(i)) { i += 1 }
    let digits = i - start
    if digits == 4 {
      // 2021-22, 2021/22, 2021-2022, 2021-07
      if let sep = byte(i), sep == UInt8(ascii: "-") || sep == UInt8(ascii: "/") {
        var j = i + 1
        while isDigit(byte(j)) { j += 1 }
        if (j - i - 1 == 2 || j - i - 1 == 4) && !isWordByte(byte(j)) {
          i = j
          return Token(.period, text(start, i), SourceRange(start, i))
        }
        // 2021-Q3
        if sep == UInt8(ascii: "-"), byte(i + 1).map({ $0 | 0x20 }) == UInt8(ascii: "q"), isDigit(byte(i + 2)), !isWordByte(byte(i + 3)) {
          i += 3
          return Token(.period, text(start, i), SourceRange(start, i))
        }
      }
      // 2021 Q3
      if byte(i) == 0x20, byte(i + 1).map({ $0 | 0x20 }) == UInt8(ascii: "q"), isDigit(byte(i + 2)), !isWordByte(byte(i + 3)) {
        i += 3
        return Token(.period, text(start, i), SourceRange(start, i))
      }
    }
    if byte(i) == UInt8(ascii: "."), isDigit(byte(i + 1)) {
      i += 1
      while isDigit(byte(i)) { i += 1 }
    }
    if let e = byte(i), e | 0x20 == UInt8(ascii: "e"), isDigit(byte(i + 1)) || ((byte(i + 1) == UInt8(ascii: "-") || byte(i + 1) == UInt8(ascii: "+")) && isDigit(byte(i + 2))) {
      i += 2
      while isDigit(byte(i)) { i += 1 }
    }
    return Token(.number, text(start, i), SourceRange(start, i))
  }
}
