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
/// brackets, or after a line that ends with `|`. `note` and `#` statements run to the end of
/// their line whatever they hold. `--` comments are left to the language.
public enum StatementSplitter {
  public static func split(_ input: String) -> [Statement] {
    let bytes = Array(input.utf8)
    var statements: [Statement] = []
    var start = 0
    var startLine = 1
    var line = 1
    var i = 0
    var inString = false
    var inBackticks = false
    var depth = 0
    var wholeLine = false
    var seenContent = false

    func finish(_ end: Int) {
      var s = start
      var l = startLine
      while s < end, bytes[s] == 0x20 || bytes[s] == 0x09 || bytes[s] == 0x0A || bytes[s] == 0x0D {
        if bytes[s] == 0x0A { l += 1 }
        s += 1
      }
      var e = end
      while e > s, bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 || bytes[e - 1] == 0x0A || bytes[e - 1] == 0x0D { e -= 1 }
      if e > s { statements.append(Statement(text: String(decoding: bytes[s..<e], as: UTF8.self), offset: s, line: l)) }
      seenContent = false
    }

    /// Whether the statement so far starts with `note` or `#`: those take the whole line.
    func startsWholeLine() -> Bool {
      var s = start
      while s < bytes.count, bytes[s] == 0x20 || bytes[s] == 0x09 || bytes[s] == 0x0A || bytes[s] == 0x0D { s += 1 }
      if s < bytes.count && bytes[s] == UInt8(ascii: "#") { return true }
      let word = Array("note".utf8)
      guard s + 4 <= bytes.count, Array(bytes[s..<(s + 4)]).map({ $0 | 0x20 }) == word else { return false }
      return s + 4 == bytes.count || bytes[s + 4] == 0x20 || bytes[s + 4] == 0x09 || bytes[s + 4] == 0x0A
    }

    while i < bytes.count {
      let c = bytes[i]
      if !seenContent && c != 0x20 && c != 0x09 && c != 0x0A && c != 0x0D {
        seenContent = true
        wholeLine = startsWholeLine()
      }
      if wholeLine {
        if c == 0x0A || c == 0x0D {
          finish(i)
          start = i + 1
          if c == 0x0A { line += 1 } else if i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1; start = i + 1; line += 1 } else { line += 1 }
          startLine = line
          wholeLine = false
        }
        i += 1
        continue
      }
      if inString {
        if c == UInt8(ascii: "\\") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") {
          i += 2
          continue
        }
        if c == UInt8(ascii: "\"") { inString = false }
        if c == 0x0A { line += 1 }
        i += 1
        continue
      }
      if inBackticks {
        if c == UInt8(ascii: "`") { inBackticks = false }
        if c == 0x0A { line += 1 }
        i += 1
        continue
      }
      switch c {
      case UInt8(ascii: "\""): inString = true
      case UInt8(ascii: "`"): inBackticks = true
      case UInt8(ascii: "("): depth += 1
      case UInt8(ascii: ")"): depth = max(0, depth - 1)
      case UInt8(ascii: "-") where i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-"):
        // A comment runs to the end of the line.
        while i < bytes.count && bytes[i] != 0x0A && bytes[i] != 0x0D { i += 1 }
        continue
      case UInt8(ascii: ";"):
        if depth == 0 {
          finish(i)
          start = i + 1
          startLine = line
        }
      case 0x0A, 0x0D:
        let crlf = c == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A
        if depth == 0 && !endsWithPipe(bytes, start, i) && !nextStartsWithPipe(bytes, i + (crlf ? 2 : 1)) {
          finish(i)
          start = i + (crlf ? 2 : 1)
          startLine = line + 1
        }
        if crlf { i += 1 }
        line += 1
      default: break
      }
      i += 1
    }
    finish(bytes.count)
    return statements
  }

  /// Whether the text of the statement so far ends (before the line end) with `|`.
  private static func endsWithPipe(_ bytes: [UInt8], _ start: Int, _ end: Int) -> Bool {
    var e = end
    // Skip a trailing comment on this line.
    var lineStart = e
    while lineStart > start && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
    if let dash = (lineStart..<e).first(where: { $0 + 1 < e && bytes[$0] == UInt8(ascii: "-") && bytes[$0 + 1] == UInt8(ascii: "-") && !insideQuotes(bytes, lineStart, $0) }) { e = dash }
    while e > start && (bytes[e - 1] == 0x20 || bytes[e - 1] == 0x09 || bytes[e - 1] == 0x0D) { e -= 1 }
    return e > start && bytes[e - 1] == UInt8(ascii: "|")
  }

  /// Whether the next line starts with `|`: a pipeline written with the bars first.
  private static func nextStartsWithPipe(_ bytes: [UInt8], _ from: Int) -> Bool {
    var i = from
    while i < bytes.count && (bytes[i] == 0x20 || bytes[i] == 0x09) { i += 1 }
    return i < bytes.count && bytes[i] == UInt8(ascii: "|")
  }

  private static func insideQuotes(_ bytes: [UInt8], _ from: Int, _ to: Int) -> Bool {
    bytes[from..<to].filter { $0 == UInt8(ascii: "\"") }.count % 2 == 1
  }

  /// Whether `text` is unfinished: an open string, backticks or bracket, or a trailing `|`.
  /// The REPL reads another line when it is.
  public static func needsMore(_ text: String) -> Bool {
    let bytes = Array(text.utf8)
    var inString = false
    var inBackticks = false
    var depth = 0
    var i = 0
    var firstWord = true
    while i < bytes.count {
      let c = bytes[i]
      if firstWord && c != 0x20 && c != 0x09 {
        firstWord = false
        if c == UInt8(ascii: "#") { return false }
        let rest = Array(bytes[i...].prefix(5)).map { $0 | 0x20 }
        if rest.starts(with: Array("note".utf8)) && (rest.count == 4 || rest[4] == 0x20) { return false }
      }
      if inString {
        if c == UInt8(ascii: "\\") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\"") { i += 2; continue }
        if c == UInt8(ascii: "\"") { inString = false }
      } else if inBackticks {
        if c == UInt8(ascii: "`") { inBackticks = false }
      } else if c == UInt8(ascii: "\"") {
        inString = true
      } else if c == UInt8(ascii: "`") {
        inBackticks = true
      } else if c == UInt8(ascii: "(") {
        depth += 1
      } else if c == UInt8(ascii: ")") {
        depth = max(0, depth - 1)
      } else if c == UInt8(ascii: "-") && i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "-") {
        while i < bytes.count && bytes[i] != 0x0A { i += 1 }
        continue
      }
      i += 1
    }
    if inString || inBackticks || depth > 0 { return true }
    return endsWithPipe(bytes, 0, bytes.count)
  }
}
