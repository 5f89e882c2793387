import Query
import Testing

/// The lexer's full reading (`Lexer.scan`), which splitting, continuation and completion share
/// with the parser, and the defects that sharing it fixed.
@Suite("One scanner for the language")
struct LexerScanTests {
  func kinds(_ source: String) -> [Token.Kind] { Lexer.scan(source).map(\.kind) }

  @Test func scanKeepsLineEndsAndComments() {
    #expect(
      kinds("a -- b; c\r\nd\re") == [.word, .comment, .lineEnd, .word, .lineEnd, .word, .end])
    #expect(Lexer.scan("a -- b; c\nd")[1].text == "-- b; c")
  }

  @Test func scanMarksWhatDoesNotRead() {
    #expect(kinds(#"where a = "open"#) == [.word, .word, .symbol, .unclosedString, .end])
    #expect(kinds("select `open") == [.word, .unclosedName, .end])
    #expect(kinds("a 'b'") == [.word, .unknown, .word, .unknown, .end])
  }

  @Test func tokensDropTheSeparatorsAndThrowAtWhatDoesNotRead() throws {
    #expect(try Lexer.tokens("a -- b\nc").map(\.text) == ["a", "c", ""])
    #expect(
      throws: Diagnostic(
        "this string is never closed", at: SourceRange(2, 7), label: "add a closing \"")
    ) {
      try Lexer.tokens("a \"open")
    }
    #expect(
      throws: Diagnostic(
        "unexpected character \"'\"", at: SourceRange(2, 3),
        label: "strings are written in double quotes")
    ) {
      try Lexer.tokens("a 'b'")
    }
  }

  /// Defect fixed: the splitter's own test for a trailing `|` took the `--` inside a backticked
  /// name for a comment, so the pipeline was cut at the line end.
  @Test func aDoubleDashInsideBackticksIsNotAComment() {
    let texts = StatementSplitter.split("t | select `a--b` |\n  limit 1").map(\.text)
    #expect(texts == ["t | select `a--b` |\n  limit 1"])
    #expect(StatementSplitter.needsMore("t | select `a--b` |"))
  }

  /// Defect fixed: `needsMore` took `note` followed by a tab for a command with an open string,
  /// while the splitter took the same line as a note.
  @Test func needsMoreReadsNotesAsTheSplitterDoes() {
    #expect(StatementSplitter.split("note\tit's \"quoted").map(\.text) == ["note\tit's \"quoted"])
    #expect(!StatementSplitter.needsMore("note\tit's \"quoted"))
    #expect(!StatementSplitter.needsMore("# a \"heading"))
  }

  /// Defect fixed: a cell of several lines named no files (it did not parse as one command), so
  /// `save` could not warn that a notebook saved elsewhere would not find them.
  @Test func theFilesOfACellOfSeveralLines() {
    #expect(Command.paths(in: "load \"a.csv\" as a\nload \"b.csv\" as b") == ["a.csv", "b.csv"])
  }

  @Test func scriptRangesAreOffsetsIntoTheScript() throws {
    let source = "load \"a.csv\" as a\n  a | limit 2"
    let parsed = try Parser.parseScript(source)
    #expect(parsed.map(\.text) == ["load \"a.csv\" as a", "a | limit 2"])
    #expect(parsed[1].range == SourceRange(20, 31))
    let error = #expect(throws: Diagnostic.self) {
      try Parser.parseScript("a | limit 2\na | gruop")
    }
    #expect(error?.range == SourceRange(16, 21))
  }
}
