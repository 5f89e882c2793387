import Tables
import Testing

@Suite("Text that reads as a figure")
struct FigureTextTests {
  @Test(arguments: [
    "141", "2,049", "+28", "-22", "−3", "70.1%", "-6.4 pts", "+1 pt", "52.0% †", "141 [p]", "[x]",
    "[c]", "0.5",
  ])
  func figures(text: String) {
    #expect(FigureText.isFigure(text))
  }

  @Test(arguments: [
    "NI1", "2023-24", "1 More people", "Fife", "S12000015", "1.2.3", "+", "%", "pts", "[xy]", "12a",
    ",", "-.5.",
  ])
  func notFigures(text: String) {
    #expect(!FigureText.isFigure(text))
  }

  @Test func aColumnNeedsOneNumberAndNothingElse() {
    #expect(FigureText.isFigureColumn(["15", "", "[x]", "70.1%"]))
    #expect(!FigureText.isFigureColumn(["[x]", "[c]"]))
    #expect(!FigureText.isFigureColumn(["15", "Fife"]))
    #expect(!FigureText.isFigureColumn([String]()))
  }
}
