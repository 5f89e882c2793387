import PropertyBased
import Query
@testable import Rendering
import Testing

@Suite("Diagnostics as users see them")
struct DiagnosticRendererTests {
  @Test func theHouseShape() {
    let source = "indicators | group by aera sum(value)"
    let d = Diagnostic(
      "unknown column \"aera\"", at: SourceRange(22, 26), label: "did you mean \"area\"?")
    #expect(
      DiagnosticRenderer.render(d, source: source) == """
        error: unknown column "aera"
         --> 1:23
          | indicators | group by aera sum(value)
          |                       ^^^^ did you mean "area"?
        """)
  }

  @Test func lineAndFileOfAScript() {
    let source = "areas | limit 1\nareas | where area = \"X\"\n"
    let d = Diagnostic("no area \"X\" in area", at: SourceRange(37, 40), help: "check the spelling")
    #expect(
      DiagnosticRenderer.render(d, source: source, firstLine: 10, file: "nb.md") == """
        error: no area "X" in area
         --> nb.md:11:22
          | areas | where area = "X"
          |                      ^^^
          = help: check the spelling
        """)
  }

  @Test func caretsCountCharactersNotBytes() {
    let source = "t | where note = \"café\" | gruop"
    let d = Diagnostic("unknown verb \"gruop\"", at: SourceRange(27, 32))
    let text = DiagnosticRenderer.render(d, source: source)
    #expect(
      text.hasSuffix("  | t | where note = \"café\" | gruop\n  |                           ^^^^^"))
  }

  @Test func longLinesAreWindowedAroundTheCaret() {
    let source = String(repeating: "areas | limit 1; ", count: 10) + "areas | gruop"
    let d = Diagnostic("unknown verb \"gruop\"", at: SourceRange(178, 183))
    let lines = DiagnosticRenderer.render(d, source: source, options: RenderOptions(width: 60))
      .split(separator: "\n")
    #expect(lines[2].hasSuffix("areas | gruop"))
    #expect(lines[2].contains("…"))
    #expect(lines[3].hasSuffix("^^^^^"))
    #expect(lines.allSatisfy { $0.count <= 60 })
  }

  @Test func noRangeNoCaret() {
    #expect(
      DiagnosticRenderer.render(Diagnostic("there is no result yet to continue from"), source: "")
        == "error: there is no result yet to continue from")
  }

  // Regression (issue 10, 11): a caret wider than the room shown crashed with SIGILL.
  @Test func aCaretWiderThanTheRoomIsCutNotFatal() {
    let source =
      "indicators | where measure = \"people who agree that a community sentence is better than a short prison sentence (%)\""
    let d = Diagnostic("no measure", at: SourceRange(29, source.utf8.count))
    let lines = DiagnosticRenderer.render(d, source: source, options: RenderOptions(width: 80))
      .split(separator: "\n")
    #expect(lines.count == 4)
    #expect(lines.allSatisfy { TextLayout.width(String($0)) <= 80 })
    // Context before the caret is kept, and the caret starts under the quote.
    #expect(lines[2].hasPrefix("  | …"))
    let caretColumn = lines[3].dropFirst(4).prefix { $0 == " " }.count
    #expect(Array(lines[2].dropFirst(4))[caretColumn] == "\"")
    #expect(lines[2].dropFirst(4).prefix(caretColumn).hasSuffix("measure = "))
    let short = DiagnosticRenderer.render(
      Diagnostic("x", at: SourceRange(0, 17)), source: "\"cases completed\" zzz",
      options: RenderOptions(width: 19))
    #expect(short.split(separator: "\n").last?.hasPrefix("  | ^") == true)
  }

  @Test func controlCharactersAreShownNotSent() {
    let source = "areas | where area = \"\u{1B}]0;pwned\u{07}\" | gruop"
    let d = Diagnostic(
      "unknown verb \"gruop\u{1B}[2J\"", at: SourceRange(source.utf8.count - 5, source.utf8.count))
    let text = DiagnosticRenderer.render(d, source: source)
    #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    #expect(text.contains("\\x1b]0;pwned\\x07"))
    #expect(text.hasSuffix("^^^^^"))
  }

  static let pieces = ["a", " ", "é", "宽", "\u{1B}", "\t", "\"", "|", "x", "🙂", "\u{202E}"]

  /// Any line, range and width: the lines fit the width and the caret starts under the
  /// character the range starts at (or just past the end of the line).
  @Test func caretsAlwaysFitAndPointAtTheirStart() async {
    await propertyCheck(
      count: 400, input: Gen.int(in: 0...(Self.pieces.count - 1)).array(of: 0...140),
      Gen.int(in: 0...160), Gen.int(in: 0...80), Gen.int(in: 20...130)
    ) { picks, startPick, lengthPick, width in
      let characters = picks.map { Self.pieces[$0] }
      let line = characters.joined()
      let start = min(startPick, characters.count)
      let lower = characters[..<start].joined().utf8.count
      let upper = characters[..<min(characters.count, start + lengthPick)].joined().utf8.count
      let text = DiagnosticRenderer.render(
        Diagnostic("e", at: SourceRange(lower, upper)), source: line,
        options: RenderOptions(width: width))
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      #expect(lines.count == 4)
      guard lines.count == 4 else { return }
      #expect(
        TextLayout.width(lines[2]) <= width && TextLayout.width(lines[3]) <= width,
        "\(line) \(lower) \(width)")
      let shown = Array(lines[2].dropFirst(4))
      let caretColumn = lines[3].dropFirst(4).prefix { $0 == " " }.count
      var column = 0
      var under: String?
      for ch in shown {
        if column == caretColumn { under = String(ch) }
        column += TextLayout.width(String(ch))
      }
      if start == characters.count {
        #expect(caretColumn == column, "\(line) \(lower) \(width)")
      } else {
        #expect(
          under == String(TextLayout.visible(characters[start]).first!), "\(line) \(lower) \(width)"
        )
      }
    }
  }
}
