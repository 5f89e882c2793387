import Notebook
import Query
import Shell
import Tables
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// One table of commands drives dispatch, help, completion and replay; the defects that came
/// from each keeping its own copy.
@Suite("The command table")
struct CommandTableTests {
  let session = makeSession()

  func complete(_ line: String) -> [String] {
    Completer(session: session).complete(line, cursor: line.utf8.count).candidates
  }

  @Test func everyRowIsInHelpAndAliasesFindTheirRow() {
    let help = session.run(Statement(text: "help")).output
    for spec in CommandTable.commands {
      #expect(help.contains("  " + spec.name + " "), "\(spec.name) missing from help")
    }
    #expect(CommandTable.named("EXIT")?.action == .quit)
    #expect(CommandTable.starting("## Results")?.action == .heading)
    #expect(CommandTable.starting("save\"x.md\"")?.action == .save)
    #expect(CommandTable.starting("load \"x.csv\"")?.kind == .language)
  }

  @Test func theVerbTableSaysWhatCompletesAfterAVerb() {
    for verb in VerbTable.all where verb.follows == .columns {
      #expect(
        complete("indicators | \(verb.name) ").contains("area"), "\(verb.name) offers no columns")
    }
    #expect(complete("describe ind") == ["indicators"])
    #expect(complete("show ind") == ["indicators"])
  }

  /// Defect fixed: the completer kept its own list of `explain` topics, which lacked some that
  /// `explain` knows.
  @Test func explainCompletesEveryTopicItKnows() {
    #expect(complete("explain 20") == ["2016"])
    #expect(complete("explain qual") == ["quality indicators"])
    #expect(complete("explain NI1") == ["NI1", "NI10"])
  }

  /// Defect fixed: `save` and `open` read their path by looking for the next quote, so a path
  /// with a quote in it (written `""` or `\"`, as in every string) could not be given.
  @Test func aPathWithAQuoteInIt() throws {
    let folder = scratchFolder("quoted-path")
    let session = makeSession(in: folder)
    _ = session.run(Statement(text: "areas | limit 1"))
    let reply = session.run(Statement(text: #"save "my ""draft"".md""#))
    #expect(reply.error == nil)
    #expect(reply.output == #"saved 1 cell to my "draft".md"#)
    #expect(AtomicFile.exists(folder + #"/my "draft".md"#))
    #expect(session.run(Statement(text: #"open "my \"draft\".md""#)).error == nil)
  }

  /// Defect fixed: whether a cell names a file by a relative path was found by looking for
  /// `load "` and `to "` in its text, so a comment that said `to "..."` was taken for a path.
  @Test func aCommentIsNotAPath() throws {
    let folder = scratchFolder("comment-path")
    mkdir(folder + "/reports", 0o755)
    let session = makeSession(in: folder)
    _ = session.run(Statement(text: #"areas | limit 1 -- copied to "reports""#))
    let reply = session.run(Statement(text: #"save "reports/nb.md""#))
    #expect(reply.output == "saved 1 cell to reports/nb.md")
  }

  /// Defect fixed: a session command took a `--` comment for part of its argument, so
  /// `width 100 -- wide enough` was refused; a note keeps all its text.
  @Test func aSessionCommandEndsAtAComment() {
    let session = makeSession()
    #expect(session.run(Statement(text: "width 100 -- wide enough")).error == nil)
    #expect(session.options.width == 100)
    let open = session.run(Statement(text: #"open "no-such-folder/none.md" -- for later"#))
    #expect(open.error?.contains("no-such-folder/none.md") == true)
    #expect(open.error?.contains("needs a notebook in quotes") == false)
    _ = session.run(Statement(text: "note rose -- sharply"))
    #expect(session.entries.last == .note("rose -- sharply"))
  }

  /// The start-up file's comments are read by the lexer, not cut at the first `--` of a line.
  @Test func theStartupFileReadsCommentsAsTheLanguageDoes() throws {
    let folder = scratchFolder("startup-comments")
    try AtomicFile.write(
      "-- settings\nwidth 90 -- wide enough\n\nascii on\n", to: folder + "/init.cjnb")
    let session = makeSession(in: folder)
    #expect(StartupFile.apply(folder + "/init.cjnb", to: session) == [])
    #expect(session.options.width == 90)
    #expect(session.options.ascii)
  }

  /// Defect fixed: replay read a statement's first word up to a space only, so `save"x.md"`,
  /// which the session runs as `save`, was not refused in a notebook.
  @Test func replayRefusesWhatTheSessionRunsAsASessionCommand() throws {
    let doc = try NotebookFormat.parse("```cjnb\nsave\"x.md\"\n```\n")
    let results = Replay.run(doc, path: "nb.md", runner: makeSession().runner)
    let error = try #require(results.first?.error)
    #expect(
      error.message
        == "`save` belongs to an interactive session; a notebook runs only cjnb commands")
    #expect(error.range == SourceRange(0, 4))
    #expect(error.origin == Diagnostic.Origin(source: "save\"x.md\"", firstLine: 2, file: "nb.md"))
  }
}
