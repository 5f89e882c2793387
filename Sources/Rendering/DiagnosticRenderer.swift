import Query

/// Shows a diagnostic as the one shape users learn:
/// ```
/// error: unknown column "aera"
///  --> 1:25
///   | indicators | group by aera sum(value)
///   |                         ^^^^ did you mean "area"?
///   = help: columns: area_code, area, year, indicator, measure, value
/// ```
public enum DiagnosticRenderer {
  /// `source` is the text the diagnostic's range points into; `firstLine` is the line number of
  /// its first line (a notebook cell starts part-way down its file); `file` names the file.
  public static func render(_ d: Diagnostic, source: String, firstLine: Int = 1, file: String? = nil, options: RenderOptions = .plain) -> String {
    var lines = [Style.bold.apply(Style.red.apply("error", options) + ": " + d.message, options)]
    if let range = d.range {
      let bytes = Array(source.utf8)
      let lower = min(range.lower, bytes.count)
      let upper = min(max(range.upper, lower), bytes.count)
      // The line holding the start of the range.
      var lineStart = lower
      while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
      var lineEnd = lower
      while lineEnd < bytes.count && bytes[lineEnd] != 0x0A && bytes[lineEnd] != 0x0D { lineEnd += 1 }
      let lineNumber = firstLine + bytes[..<lineStart].filter { $0 == 0x0A }.count
      var text = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
      let column = String(decoding: bytes[lineStart..<lower], as: UTF8.self).count + 1
      let caretEnd = min(upper, lineEnd)
      let length = max(1, String(decoding: bytes[lower..<max(lower, caretEnd)], as: UTF8.self).count)
      let location = file.map { "\($0):\(lineNumber):\(column)" } ?? "\(lineNumber):\(column)"
      lines.append(Style.blue.apply(" --> ", options) + location)
      let bar = Style.blue.apply("  | ", options)
      // A line wider than the output is shown around the caret.
      var caretColumn = column - 1
      let room = max(20, options.width - 4)
      if text.count > room {
        let ellipsis = options.ascii ? "..." : "…"
        let e = ellipsis.count
        let characters = Array(text)
        if caretColumn + length >= characters.count - (room - e) / 2 {
          // Near the end: show the tail.
          let start = characters.count - (room - e)
          text = ellipsis + String(characters[start...])
          caretColumn = caretColumn - start + e
        } else {
          let start = max(0, caretColumn - room / 3)
          let count = room - e - (start > 0 ? e : 0)
          text = (start > 0 ? ellipsis : "") + String(characters[start..<min(characters.count, start + count)]) + ellipsis
          caretColumn = caretColumn - start + (start > 0 ? e : 0)
        }
      }
      lines.append(bar + text)
      var caret = String(repeating: " ", count: caretColumn) + Style.red.apply(String(repeating: "^", count: max(1, min(length, room - caretColumn))), options)
      if let label = d.label { caret += " " + label }
      lines.append(bar + caret)
    } else if let label = d.label {
      lines.append("  " + label)
    }
    if let help = d.help {
      lines.append(contentsOf: TextLayout.wrap(help, options.width, indent: "  = help: ").enumerated().map { i, l in
        i == 0 ? l : "          " + l.dropFirst("  = help: ".count)
      })
    }
    return lines.joined(separator: "\n")
  }
}
