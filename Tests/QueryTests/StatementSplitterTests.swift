import Query
import Testing

/// Cutting input into statements: where each starts (offset and line), and what does not cut.
@Suite("Statement splitter")
struct StatementSplitterTests {
  func texts(_ input: String) -> [String] { StatementSplitter.split(input).map(\.text) }

  @Test func semicolonsAndLineEndsCut() {
    let s = StatementSplitter.split("areas; datasets\n\nshow areas")
    #expect(s.map(\.text) == ["areas", "datasets", "show areas"])
    #expect(s.map(\.offset) == [0, 7, 17])
    #expect(s.map(\.line) == [1, 1, 3])
  }

  @Test func stringsBackticksAndBracketsDoNotCut() {
    #expect(texts(#"t | where area = "a; b""#) == [#"t | where area = "a; b""#])
    #expect(texts("t | select `x;\ny`") == ["t | select `x;\ny`"])
    #expect(
      texts("t | where area in (\"Fife\",\n \"Angus\")") == [
        "t | where area in (\"Fife\",\n \"Angus\")"
      ])
    #expect(
      texts(#"t | where area = "say \"hi\"; ok"; areas"#) == [
        #"t | where area = "say \"hi\"; ok""#, "areas",
      ])
  }

  @Test func aTrailingPipeContinuesOnTheNextLine() {
    let s = StatementSplitter.split("areas |\n  limit 1\nareas")
    #expect(s.map(\.text) == ["areas |\n  limit 1", "areas"])
    #expect(s.map(\.line) == [1, 3])
  }

  @Test func noteAndHeadingsRunToTheEndOfTheLine() {
    #expect(texts("note a; b \"c\nareas") == ["note a; b \"c", "areas"])
    #expect(texts("# Results; 2024\nareas") == ["# Results; 2024", "areas"])
  }

  @Test func offsetsCountBytesAfterMultiByteText() {
    let s = StatementSplitter.split("note café; ok\nareas")
    #expect(s.last?.offset == Array("note café; ok\n".utf8).count)
  }

  @Test func emptyInputAndOnlySeparators() {
    #expect(texts("").isEmpty)
    #expect(texts(" ;; \n ; ").isEmpty)
  }

  @Test func needsMoreWhileSomethingIsOpen() {
    #expect(StatementSplitter.needsMore("areas |"))
    #expect(StatementSplitter.needsMore(#"t | where area = "Fi"#))
    #expect(StatementSplitter.needsMore("t | select `x"))
    #expect(StatementSplitter.needsMore("t | where area in (\"Fife\""))
    #expect(!StatementSplitter.needsMore("areas | limit 1"))
    #expect(!StatementSplitter.needsMore(#"t | where area = "a | b""#))
    #expect(!StatementSplitter.needsMore(""))
  }
}
