import Query
import Rendering
import Testing

@Suite("Diagnostics as users see them")
struct DiagnosticRendererTests {
  @Test func theHouseShape() {
    let source = "indicators | group by aera sum(value)"
    let d = Diagnostic("unknown column \"aera\"", at: SourceRange(22, 26), label: "did you mean \"area\"?")
    #expect(DiagnosticRenderer.render(d, source: source) == """
      error: unknown column "aera"
       --> 1:23
        | indicators | group by aera sum(value)
        |                       ^^^^ did you mean "area"?
      """)
  }

  @Test func lineAndFileOfAScript() {
    let source = "areas | limit 1\nareas | where area = \"X\"\n"
    let d = Diagnostic("no area \"X\" in area", at: SourceRange(37, 40), help: "check the spelling")
    #expect(DiagnosticRenderer.render(d, source: source, firstLine: 10, file: "nb.md") == """
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
    #expect(text.hasSuffix("  | t | where note = \"café\" | gruop\n  |                           ^^^^^"))
  }

  @Test func longLinesAreWindowedAroundTheCaret() {
    let source = String(repeating: "areas | limit 1; ", count: 10) + "areas | gruop"
    let d = Diagnostic("unknown verb \"gruop\"", at: SourceRange(178, 183))
    let lines = DiagnosticRenderer.render(d, source: source, options: RenderOptions(width: 60)).split(separator: "\n")
    #expect(lines[2].hasSuffix("areas | gruop"))
    #expect(lines[2].contains("…"))
    #expect(lines[3].hasSuffix("^^^^^"))
    #expect(lines.allSatisfy { $0.count <= 60 })
  }

  @Test func noRangeNoCaret() {
    #expect(DiagnosticRenderer.render(Diagnostic("there is no result yet to continue from"), source: "") == "error: there is no result yet to continue from")
  }
}
