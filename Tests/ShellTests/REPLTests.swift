import Notebook
import Query
import Shell
import Tables
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("The REPL", .serialized)
struct REPLTests {
  final class Output {
    var out: [String] = []
    var err: [String] = []
  }

  func repl(_ inputs: [LineInput], folder: String, journal: Bool = true) -> (
    REPL, ScriptedReader, Output, HistoryFile, Journal?
  ) {
    let reader = ScriptedReader(inputs)
    let output = Output()
    let history = HistoryFile(path: folder + "/history")
    let j = journal ? Journal(directory: folder) : nil
    let repl = REPL(
      session: makeSession(in: folder), reader: reader, history: history, journal: j, width: { 80 },
      out: { output.out.append($0) }, err: { output.err.append($0) })
    return (repl, reader, output, history, j)
  }

  @Test func continuationPromptsUntilTheCommandIsComplete() {
    let folder = scratchFolder("continuation")
    let (r, reader, output, _, _) = repl(
      [
        .line("areas |"), .line("  where area = \"Fife"), .line("\" | select area"),
        .line("areas | where area in (\"Fife\","), .line("\"Angus\") | limit 1"), .end,
      ], folder: folder)
    #expect(r.run() == 0)
    // The first Ctrl-D says the two cells are not saved; the second leaves.
    #expect(reader.prompts == ["cjnb> ", "...> ", "...> ", "cjnb> ", "...> ", "cjnb> ", "cjnb> "])
    #expect(
      output.err == [
        "2 cells are not saved: `save \"NAME.md\"` keeps them; Ctrl-D again leaves (`cjnb recover` finds them later)"
      ])
    #expect(output.out[0].contains("Fife"))
    #expect(
      reader.history == [
        "areas |\n  where area = \"Fife\n\" | select area",
        "areas | where area in (\"Fife\",\n\"Angus\") | limit 1",
      ])
  }

  /// Status lines are for standard error only in batch use: the REPL shows them on screen, in
  /// order with the results, and the notebook keeps them.
  @Test func statusStaysOnScreenInTheREPL() {
    let folder = scratchFolder("status")
    let (r, _, output, _, _) = repl(
      [.line("let f = areas | where area = \"Fife\" | write csv"), .line("f | limit 1"), .end],
      folder: folder)
    #expect(r.run() == 0)
    // Only Ctrl-D's reminder of the unsaved cells is on standard error.
    #expect(
      output.err.count == 1 && output.err[0].hasPrefix("2 cells are not saved"), "\(output.err)")
    let status = output.out.firstIndex(of: "f: 1 row × 4 columns")
    let table = output.out.firstIndex { $0.contains("S12000047") }
    #expect(status != nil && table != nil && status! < table!, "\(output.out)")
    #expect(
      r.session.entries.first
        == .command(
          "let f = areas | where area = \"Fife\" | write csv", output: "f: 1 row × 4 columns"))
  }

  @Test func timerOnSaysHowLongEachCommandTook() {
    let folder = scratchFolder("timer")
    let (r, _, output, _, _) = repl(
      [
        .line("timer on"), .line("areas | limit 1"), .line("timer off"), .line("areas | limit 1"),
        .line("timer soon"), .end,
      ], folder: folder)
    #expect(r.run() == 0)
    // The command after `timer on` and `timer off` itself are timed; nothing after.
    #expect(
      output.err.filter { $0.hasPrefix("time: ") && $0.hasSuffix(" ms") }.count == 2,
      "\(output.err)")
    #expect(
      output.err.contains(
        "error: timer takes on or off, as in: timer on\n --> 1:7\n  | timer soon\n  |       ^^^^"))
    #expect(output.out.contains("timer on: the time each command takes follows it"))
    // Not a cell of the notebook.
    #expect(r.session.entries.count == 2)
  }

  /// `width N` holds however the terminal is resized; `width auto` follows it again.
  @Test func widthAndAsciiSettingsHold() {
    let folder = scratchFolder("settings")
    let chart =
      #"indicators | where measure = "CPOs completed (%)" and year = 2023-24 | limit 2 | chart bar"#
    let (r, _, output, _, _) = repl(
      [
        .line("width 40"), .line(chart), .line("ascii on"), .line(chart), .line("width auto"),
        .line("ascii off"), .line(chart), .line("width 3"), .end,
      ], folder: folder)
    #expect(r.run() == 0)
    let charts = output.out.filter { $0.hasPrefix("CPOs completed") }
    #expect(charts.count == 3)
    guard charts.count == 3 else { return }
    #expect(
      charts[0].split(separator: "\n").allSatisfy { $0.count <= 40 } && charts[0].contains("█"))
    #expect(charts[1].utf8.allSatisfy { $0 < 0x80 } && charts[1].contains("#"))
    #expect(
      charts[2].split(separator: "\n").map(\.count).max() ?? 0 > 60,
      "the terminal's 80 columns again")
    // Pointed at the argument, as the language's errors are.
    #expect(
      output.err.first
        == "error: width takes a number of columns from 20 to 1000, or auto, as in: width 100\n --> 1:7\n  | width 3\n  |       ^"
    )
    // Settings are not cells of the notebook.
    #expect(r.session.entries.count == 3)
  }

  @Test func historyIsWrittenAfterEveryCommand() {
    let folder = scratchFolder("history")
    var seen: [String] = []
    let (r, reader, _, history, _) = repl(
      [.line("areas | limit 1"), .line("datasets"), .end], folder: folder)
    reader.beforeEach = { _ in seen.append(contents(folder + "/history")) }
    _ = r.run()
    #expect(seen.prefix(3) == ["", "areas | limit 1\n", "areas | limit 1\ndatasets\n"])
    #expect(history.load() == ["areas | limit 1", "datasets"])
  }

  @Test func aKilledSessionsJournalHoldsEverythingUpToThen() throws {
    let folder = scratchFolder("journal")
    var snapshot = ""
    let (r, reader, _, _, journal) = repl(
      [
        .line("# Diversion"), .line("areas | limit 2"), .line("note Two areas."),
        .line("areas | where area = \"Fife\""), .line("undo"), .end,
      ], folder: folder)
    // The journal is read as the session stands before the last line, as after a crash.
    reader.beforeEach = { k in if k == 5 { snapshot = contents(journal?.path ?? "") } }
    _ = r.run()
    let path = try #require(journal?.path)
    let recovered = try Journal.read(path)
    #expect(recovered.cells.map(\.source) == ["areas | limit 2"])
    #expect(recovered.cells[0].output?.contains("S12000033") == true)
    #expect(snapshot.contains("# Diversion"))
    #expect(snapshot.contains("Two areas."))
    #expect(snapshot.contains("<!-- cjnb: undo -->"))
    #expect(Journal.list(folder).contains(path))
  }

  @Test func ctrlCDropsTheLineAndCtrlDLeaves() {
    let folder = scratchFolder("keys")
    let (r, reader, output, _, _) = repl(
      [.line("areas |"), .interrupted, .line("areas | limit 1"), .end], folder: folder)
    #expect(r.run() == 0)
    #expect(reader.prompts == ["cjnb> ", "...> ", "cjnb> ", "cjnb> ", "cjnb> "])
    #expect(output.out.contains { $0.contains("S12000033") })
    #expect(
      output.err == [
        "1 cell is not saved: `save \"NAME.md\"` keeps them; Ctrl-D again leaves (`cjnb recover` finds them later)"
      ])
    // Saved, one Ctrl-D leaves.
    let (saved, savedReader, savedOutput, _, _) = repl(
      [.line("areas | limit 1"), .line("save \"keys.md\" replace"), .end], folder: folder)
    #expect(saved.run() == 0)
    #expect(savedReader.prompts.count == 3)
    #expect(savedOutput.err.isEmpty)
  }

  @Test func errorsGoToStandardErrorAndTheSessionGoesOn() {
    let folder = scratchFolder("errors")
    let (r, _, output, _, _) = repl(
      [.line("indicators | group by aera"), .line("quit"), .line("areas")], folder: folder)
    #expect(r.run() == 0)
    #expect(output.err.first?.contains("did you mean \"area\"?") == true)
    #expect(output.out.isEmpty)
  }
}

@Suite("save, open, undo, help", .serialized)
struct NotebookCommandTests {
  @Test func saveWritesANotebookThatChecksCleanAndRefusesToReplaceWithoutBeingAsked() throws {
    let folder = scratchFolder("save")
    let session = makeSession(in: folder)
    for line in [
      "# Diversion from prosecution",
      "indicators | where measure = \"cases commenced\" and area = \"Scotland\" | trend",
      "note Commencements rose sharply in 2021-22.", "save \"diversion.md\"",
    ] {
      let reply = session.run(Statement(text: line))
      #expect(reply.error == nil, "\(line): \(reply.error ?? "")")
      if line.hasPrefix("save") {
        #expect(reply.output == "saved 1 cell and 2 notes to diversion.md")
      }
    }
    let document = try NotebookFormat.read(path: folder + "/diversion.md")
    #expect(document.cells.count == 1)
    #expect(document.title == "Diversion from prosecution")
    let text = NotebookFormat.write(document)
    #expect(text.contains("# Diversion from prosecution\n\n```cjnb\n"))
    #expect(text.contains("```\n\nCommencements rose sharply in 2021-22.\n"))
    // The stored output is the notebook's, whatever the screen was.
    let results = Replay.run(
      document, path: folder + "/diversion.md", runner: makeSession(in: folder).runner)
    #expect(Check.differences(results).isEmpty)

    let again = session.run(Statement(text: "save \"diversion.md\""))
    #expect(
      again.error
        == "error: diversion.md is already there\n --> 1:6\n  | save \"diversion.md\"\n  |      ^^^^^^^^^^^^^^\n  = help: say `save \"diversion.md\" replace` to replace it"
    )
    session.confirm = { _ in true }
    #expect(session.run(Statement(text: "save \"diversion.md\"")).error == nil)
  }

  @Test func openReplaysANotebookFromItsFolder() throws {
    let folder = scratchFolder("open")
    try AtomicFile.write("year,value\n2019-20,5\n2020-21,7\n", to: folder + "/x.csv")
    try AtomicFile.write(
      "# X\n\n```cjnb\nload \"x.csv\" as x\nx | trend\n```\n", to: folder + "/nb.md")
    let session = makeSession(in: "/")
    let reply = session.run(Statement(text: "open \"\(folder)/nb.md\""))
    #expect(reply.error == nil)
    #expect(reply.output == "opened \(folder)/nb.md: replayed 1 cell; `show` for the last result")
    #expect(session.run(Statement(text: "show")).output.contains("2020-21"))
    #expect(session.workspace.baseDirectory == "/")
  }

  @Test func undoTakesTheLastCellOut() {
    let session = makeSession()
    _ = session.run(Statement(text: "areas | limit 1"))
    _ = session.run(Statement(text: "areas | limit 2"))
    #expect(
      session.run(Statement(text: "undo")).output
        == "took out `areas | limit 2` (its tables stay in the session)")
    #expect(session.entries.count == 1)
    _ = session.run(Statement(text: "undo"))
    #expect(
      session.run(Statement(text: "undo")).error
        == "error: there is no cell to take out\n --> 1:1\n  | undo\n  | ^^^^")
  }

  /// A command that takes nothing refuses what follows it, rather than doing its one thing
  /// (`undo 3` took out one cell); `history` refuses what is not a count.
  @Test func wordsACommandDoesNotTakeAreRefused() {
    let session = makeSession()
    _ = session.run(Statement(text: "areas | limit 1"))
    let undo = session.run(Statement(text: "undo 3"))
    #expect(
      undo.error
        == "error: undo takes nothing after it, as in: undo\n --> 1:6\n  | undo 3\n  |      ^")
    #expect(session.entries.count == 1, "nothing was taken out")
    #expect(session.run(Statement(text: "quit now")).quit == false)
    #expect(
      session.run(Statement(text: "history many")).error?.hasPrefix(
        "error: history takes a number of commands") == true)
    #expect(session.run(Statement(text: "history 2")).error == nil)
    // After a file name, `save` takes only `replace`; the caret is under the word it does not.
    #expect(
      session.run(Statement(text: #"save "a b.md" nonsense"#)).error
        == "error: after the file name, save takes only `replace`\n --> 1:15\n  | save \"a b.md\" nonsense\n  |               ^^^^^^^^\n  = help: as in: save \"a b.md\" replace"
    )
    #expect(
      session.run(Statement(text: #"open "a b.md" now"#)).error?.hasPrefix(
        "error: open takes a file name and nothing after it\n --> 1:15") == true)
  }

  @Test func helpListsCommandsAndRunsTheExample() {
    let session = makeSession()
    let all = session.run(Statement(text: "help")).output
    for verb in ["where", "group", "trend", "rate", "chart"] {
      #expect(all.contains("\n  \(verb)"))
    }
    let trend = session.run(Statement(text: "help trend")).output
    #expect(trend.hasPrefix("trend [COLUMN] [over PERIOD] [by COLUMN, ...]"))
    #expect(trend.contains("example:\n  indicators | where"))
    #expect(trend.contains("2023-24"))
    #expect(session.workspace.last == nil, "the example runs apart from the session")
    #expect(
      session.run(Statement(text: "help tredn")).error?.contains("did you mean \"trend\"?") == true)
  }
}

@Suite("Paths across sessions", .serialized)
struct PathTests {
  @Test func aJournalReopensWhereItsSessionRan() throws {
    let folder = scratchFolder("journal-paths")
    let journals = scratchFolder("journal-paths-state")
    try AtomicFile.write("year,value\n2019-20,5\n2020-21,7\n", to: folder + "/x.csv")
    let session = makeSession(in: folder)
    let journal = try #require(Journal(directory: journals, workingDirectory: folder))
    session.onEntry = { journal.record($0) }
    #expect(session.run(Statement(text: "load \"x.csv\" as x")).error == nil)
    let document = try Journal.read(journal.path)
    #expect(document.frontMatter?.value("directory") == folder)
    let elsewhere = makeSession(in: "/")
    let reply = elsewhere.replay(
      document, path: journal.path, shownAs: "journal",
      from: document.frontMatter?.value("directory"), confined: false)
    #expect(reply.error == nil)
    #expect(elsewhere.run(Statement(text: "x | limit 1")).error == nil)
  }

  @Test func savingIntoAnotherFolderSaysWhereRelativePathsWillBeRead() throws {
    let folder = scratchFolder("save-elsewhere")
    mkdir(folder + "/reports", 0o755)
    try AtomicFile.write("year,value\n2019-20,5\n", to: folder + "/x.csv")
    let session = makeSession(in: folder)
    _ = session.run(Statement(text: "load \"x.csv\" as x"))
    // Saved where x.csv would not be found, the notebook would not replay: refused.
    let refused = session.run(Statement(text: "save \"reports/nb.md\""))
    #expect(
      refused.error?.hasPrefix(
        "error: reports/nb.md would not replay: its commands read x.csv from \(folder)") == true)
    // Where a file of that name is found too, it is saved, and the note says which will be read.
    try AtomicFile.write("year,value\n2019-20,6\n", to: folder + "/reports/x.csv")
    let reply = session.run(Statement(text: "save \"reports/nb.md\""))
    #expect(
      reply.output.hasPrefix(
        "saved 1 cell to reports/nb.md\n  note: its commands name files relative to \(folder); when it is replayed they are read from \(folder)/reports"
      ))
    let same = session.run(Statement(text: "save \"nb.md\""))
    #expect(same.output == "saved 1 cell to nb.md")
  }
}
