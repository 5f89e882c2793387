/// One statement of input and where it starts in the whole text.
public struct Statement: Sendable, Equatable {
  public var text: String
  /// UTF-8 offset of the statement's first byte in the whole input.
  public var offset: Int
  /// 1-based line of its first character.
  public var line: Int

  public init(text: String, offset: Int = 0, line: Int = 1) {
    self.text = text
    self.offset = offset
    self.line = line
  }
}

/// Cuts input into statements: at `;` and line ends, except inside a string, backticks or
/// brackets, or after a line that ends with `|` or before one that starts with it. `note` and
/// `#` statements run to the end of their line whatever they hold. `--` comments stay in the
/// statement they end, for the language to skip.
///
/// It reads the lexer's tokens, line ends and comments included, so that what cuts and what
/// continues is decided by the same reading of strings, backticks and comments as the parser's.
public enum StatementSplitter {
  public static func split(_ input: String) -> [Statement] {
    scan(input).statements
  }

  /// Whether `text` is unfinished: an open string, backticks or bracket, or a trailing `|`.
  /// The REPL reads another line when it is.
  public static func needsMore(_ text: String) -> Bool {
    scan(text).unfinished
  }

  /// The statements of `input`, and whether the last is unfinished.
  private static func scan(_ input: String) -> (statements: [Statement], unfinished: Bool) {
    let bytes = Array(input.utf8)
    var lexer = Lexer(bytes: bytes)
    var statements: [Statement] = []
    // The current statement: where it starts, its line, and where its last token ends.
    var start: Int?
    var startLine = 1
    var end = 0
    var line = 1
    var depth = 0
    // The last token on this line other than a comment: a `|` there continues the statement.
    var lastOnLine: Token?
    var unclosed = false

    func finish() {
      guard let s = start else { return }
      var e = end
      while e > s, isSpace(bytes[e - 1]) { e -= 1 }
      statements.append(
        Statement(text: String(decoding: bytes[s..<e], as: UTF8.self), offset: s, line: startLine))
      start = nil
    }

    while true {
      let t = lexer.next()
      if t.kind == .end { break }
      if start == nil && t.kind != .lineEnd && !t.isSymbol(";") {
        if takesWholeLine(t, bytes) {
          // The line as it is, whatever it holds: the lexer carries on at its end.
          var e = t.range.lower
          while e < bytes.count && bytes[e] != 0x0A && bytes[e] != 0x0D { e += 1 }
          start = t.range.lower
          startLine = line
          end = e
          finish()
          lexer.move(to: e)
          lastOnLine = nil
          continue
        }
        start = t.range.lower
        startLine = line
      }
      switch t.kind {
      case .lineEnd:
        var next = lexer
        if depth == 0 && !(lastOnLine?.isSymbol("|") ?? false) && !next.next().isSymbol("|") {
          finish()
        }
        line += 1
        lastOnLine = nil
        continue
      case .string, .quotedName, .unclosedString, .unclosedName:
        // A string or name may run over several lines.
        line += bytes[t.range.lower..<t.range.upper].lazy.filter { $0 == 0x0A }.count
        unclosed = t.kind == .unclosedString || t.kind == .unclosedName
      case .symbol where t.text == "(":
        depth += 1
      case .symbol where t.text == ")":
        depth = max(0, depth - 1)
      case .symbol where t.text == ";" && depth == 0:
        finish()
        lastOnLine = t
        continue
      default:
        break
      }
      end = t.range.upper
      if t.kind != .comment { lastOnLine = t }
    }
    let unfinished = start != nil && (unclosed || depth > 0 || (lastOnLine?.isSymbol("|") ?? false))
    finish()
    return (statements, unfinished)
  }

  private static func isSpace(_ b: UInt8) -> Bool {
    b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
  }

  /// Whether a statement that starts with `t` takes its whole line: `# TEXT` and `note TEXT`.
  private static func takesWholeLine(_ t: Token, _ bytes: [UInt8]) -> Bool {
    if t.kind == .unknown && t.text == "#" { return true }
    guard t.isWord("note") else { return false }
    let after = t.range.upper
    return after == bytes.count || bytes[after] == 0x20 || bytes[after] == 0x09
      || bytes[after] == 0x0A
  }
}
