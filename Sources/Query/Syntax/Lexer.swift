/// Splits a command into tokens.
///
/// Strings are double-quoted (a quote inside is `""` or `\"`); column names that are not words
/// go in backticks; `--` starts a comment to the end of the line; a period is written as it is.
///
/// This is the one scanner of the language. `scan` keeps what separates commands (line ends,
/// comments) and what does not read (an unclosed string, a stray character) as tokens of their
/// own, so that the statement splitter, the test for an unfinished command and the completer
/// all read the text as the parser does; `tokens` drops the separators and throws at the first
/// token that does not read.
public struct Lexer {
  private let bytes: [UInt8]
  private var i = 0

  public init(_ source: String) {
    bytes = Array(source.utf8)
  }

  init(bytes: [UInt8], from offset: Int = 0) {
    self.bytes = bytes
    i = offset
  }

  /// Every token up to and including `.end`, without line ends and comments.
  public static func tokens(_ source: String) throws(Diagnostic) -> [Token] {
    var lexer = Lexer(source)
    var tokens: [Token] = []
    while true {
      let t = lexer.next()
      switch t.kind {
      case .lineEnd, .comment: continue
      case .unclosedString, .unclosedName, .unknown: throw Self.diagnostic(for: t)
      default: tokens.append(t)
      }
      if t.kind == .end { return tokens }
    }
  }

  /// Every token of `source` up to and including `.end`, line ends and comments too; text that
  /// does not read becomes a token saying so. Never fails.
  public static func scan(_ source: String) -> [Token] {
    scan(utf8: Array(source.utf8))
  }

  /// The same for text given as UTF-8 bytes, which may end part-way through a character (a line
  /// cut at the cursor).
  public static func scan(utf8 bytes: [UInt8]) -> [Token] {
    var lexer = Lexer(bytes: bytes)
    var tokens: [Token] = []
    while true {
      let t = lexer.next()
      tokens.append(t)
      if t.kind == .end { return tokens }
    }
  }

  /// What is wrong with a token that does not read: an unclosed string or name, or a character
  /// that means nothing here.
  static func diagnostic(for t: Token) -> Diagnostic {
    switch t.kind {
    case .unclosedString:
      Diagnostic("this string is never closed", at: t.range, label: "add a closing \"")
    case .unclosedName:
      Diagnostic("this column name is never closed", at: t.range, label: "add a closing `")
    default:
      Diagnostic(
        "unexpected character \"\(t.text)\"", at: t.range,
        label: t.text == "'" ? "strings are written in double quotes" : nil)
    }
  }

  /// Where the next token starts looking, as a UTF-8 offset.
  var offset: Int { i }

  /// Carries on from `offset` (a line that is taken whole, such as a note, is skipped so).
  mutating func move(to offset: Int) { i = min(max(offset, 0), bytes.count) }

  private func byte(_ k: Int) -> UInt8? { k < bytes.count ? bytes[k] : nil }
  private func isDigit(_ c: UInt8?) -> Bool { c.map { $0 >= 0x30 && $0 <= 0x39 } ?? false }
  private func isWordStart(_ c: UInt8) -> Bool {
    (c | 0x20 >= 0x61 && c | 0x20 <= 0x7A) || c == UInt8(ascii: "_") || c >= 0x80
  }
  private func isWordByte(_ c: UInt8?) -> Bool {
    guard let c else { return false }
    return isWordStart(c) || isDigit(c)
  }

  private func text(_ a: Int, _ b: Int) -> String { String(decoding: bytes[a..<b], as: UTF8.self) }

  /// The next token, separators included; never fails (see `scan`).
  public mutating func next() -> Token {
    // Spaces; a line end is a token of its own (`\n`, `\r\n` or `\r`).
    while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
    guard i < bytes.count else { return Token(.end, "", SourceRange(bytes.count, bytes.count)) }
    let start = i
    let c = bytes[i]

    if c == 0x0A || c == 0x0D {
      i += c == 0x0D && byte(i + 1) == 0x0A ? 2 : 1
      return Token(.lineEnd, "\n", SourceRange(start, i))
    }
    if c == UInt8(ascii: "-") && byte(i + 1) == UInt8(ascii: "-") {
      while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
      return Token(.comment, text(start, i), SourceRange(start, i))
    }
    if c == UInt8(ascii: "\"") {
      return quoted(closing: UInt8(ascii: "\""), kind: .string, unclosed: .unclosedString)
    }
    if c == UInt8(ascii: "`") {
      return quoted(closing: UInt8(ascii: "`"), kind: .quotedName, unclosed: .unclosedName)
    }
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
    i = end
    return Token(.unknown, text(start, end), SourceRange(start, end))
  }

  private mutating func quoted(closing: UInt8, kind: Token.Kind, unclosed: Token.Kind) -> Token {
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
    return Token(unclosed, String(decoding: out, as: UTF8.self), SourceRange(start, bytes.count))
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
        if sep == UInt8(ascii: "-"), byte(i + 1).map({ $0 | 0x20 }) == UInt8(ascii: "q"),
          isDigit(byte(i + 2)), !isWordByte(byte(i + 3))
        {
          i += 3
          return Token(.period, text(start, i), SourceRange(start, i))
        }
      }
      // 2021 Q3
      if byte(i) == 0x20, byte(i + 1).map({ $0 | 0x20 }) == UInt8(ascii: "q"), isDigit(byte(i + 2)),
        !isWordByte(byte(i + 3))
      {
        i += 3
        return Token(.period, text(start, i), SourceRange(start, i))
      }
    }
    if byte(i) == UInt8(ascii: "."), isDigit(byte(i + 1)) {
      i += 1
      while isDigit(byte(i)) { i += 1 }
    }
    if let e = byte(i), e | 0x20 == UInt8(ascii: "e"),
      isDigit(byte(i + 1))
        || ((byte(i + 1) == UInt8(ascii: "-") || byte(i + 1) == UInt8(ascii: "+"))
          && isDigit(byte(i + 2)))
    {
      i += 2
      while isDigit(byte(i)) { i += 1 }
    }
    return Token(.number, text(start, i), SourceRange(start, i))
  }
}
