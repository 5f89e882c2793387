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
  /// A diagnostic drawn against where it came from (`Diagnostic.origin`): the one way an error
  /// of the language becomes text, whether it goes to a terminal, standard error or a test.
  public static func render(_ d: Diagnostic, options: RenderOptions = .plain) -> String {
    render(
      d, source: d.origin?.source ?? "", firstLine: d.origin?.firstLine ?? 1, file: d.origin?.file,
      options: options)
  }

  /// `source` is the text the diagnostic's range points into; `firstLine` is the line number of
  /// its first line (a notebook cell starts part-way down its file); `file` names the file.
  public static func render(
    _ d: Diagnostic, source: String, firstLine: Int = 1, file: String? = nil,
    options: RenderOptions = .plain
  ) -> String {
    var lines = [
      Style.bold.apply(
        Style.red.apply("error", options) + ": " + TextLayout.visible(d.message), options)
    ]
    if let range = d.range {
      let bytes = Array(source.utf8)
      let lower = min(range.lower, bytes.count)
      let upper = min(max(range.upper, lower), bytes.count)
      // The line holding the start of the range.
      var lineStart = lower
      while lineStart > 0 && bytes[lineStart - 1] != 0x0A { lineStart -= 1 }
      var lineEnd = lower
      while lineEnd < bytes.count && bytes[lineEnd] != 0x0A && bytes[lineEnd] != 0x0D {
        lineEnd += 1
      }
      let lineNumber = firstLine + bytes[..<lineStart].filter { $0 == 0x0A }.count
      let text = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
      let column = String(decoding: bytes[lineStart..<lower], as: UTF8.self).count + 1
      let caretEnd = min(upper, lineEnd)
      let location = file.map { "\($0):\(lineNumber):\(column)" } ?? "\(lineNumber):\(column)"
      lines.append(Style.blue.apply(" --> ", options) + location)
      let bar = Style.blue.apply("  | ", options)
      let shown = Self.window(
        text, caret: (lower - lineStart)..<(max(lower, caretEnd) - lineStart),
        room: max(16, options.width - 4), ascii: options.ascii)
      lines.append(bar + shown.text)
      var caret =
        String(repeating: " ", count: shown.caretColumn)
        + Style.red.apply(String(repeating: "^", count: shown.caretWidth), options)
      if let label = d.label { caret += " " + TextLayout.visible(label) }
      lines.append(bar + caret)
    } else if let label = d.label {
      lines.append("  " + label)
    }
    if let help = d.help {
      lines.append(
        contentsOf: TextLayout.wrap(help, options.width, indent: "  = help: ").enumerated().map {
          i, l in
          i == 0 ? l : "          " + l.dropFirst("  = help: ".count)
        })
    }
    return lines.joined(separator: "\n")
  }

  /// The part of `line` to show in `room` columns so that the caret's start is always in view,
  /// with as much of the caret and the text before it as fits, and an ellipsis where the line
  /// was cut. `caret` is a range of UTF-8 offsets into `line`. Control characters are shown
  /// escaped, so a line can never move the cursor or retitle the terminal.
  static func window(_ line: String, caret: Range<Int>, room: Int, ascii: Bool) -> (
    text: String, caretColumn: Int, caretWidth: Int
  ) {
    // Each character as shown, with the display columns before it.
    var pieces: [(text: String, start: Int, width: Int)] = []
    var caretStart: Int?
    var caretEnd: Int?
    var offset = 0
    var columns = 0
    for ch in line {
      if caretStart == nil && offset >= caret.lowerBound { caretStart = columns }
      if caretEnd == nil && offset >= caret.upperBound { caretEnd = columns }
      let shown = TextLayout.visible(String(ch))
      let w = TextLayout.width(shown)
      pieces.append((shown, columns, w))
      columns += w
      offset += ch.utf8.count
    }
    let total = columns
    let first = caretStart ?? total
    let last = max(first + 1, caretEnd ?? total)
    if max(total, first + 1) <= room {
      return (pieces.map(\.text).joined(), first, max(1, min(last, total) - first))
    }
    let ellipsis = ascii ? "..." : "\u{2026}"
    let e = TextLayout.width(ellipsis)
    let available = max(1, room - 2 * e)
    // A third of the room before the caret, less when that lets the whole caret be seen; a
    // caret longer than the room is shown from its start.
    var from = max(0, first - available / 3)
    if last - first <= available && last > from + available { from = last - available }
    if from + available > total { from = max(0, total - available) }
    let kept = pieces.filter { $0.start >= from && $0.start + $0.width <= from + available }
    let shownStart = kept.first?.start ?? first
    let shownEnd = kept.last.map { $0.start + $0.width } ?? first
    let before = shownStart > 0 ? ellipsis : ""
    let after = shownEnd < total ? ellipsis : ""
    let caretColumn = TextLayout.width(before) + max(0, first - shownStart)
    let caretWidth = max(1, min(last, shownEnd) - max(first, shownStart))
    return (before + kept.map(\.text).joined() + after, caretColumn, caretWidth)
  }
}
