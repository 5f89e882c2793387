import Notebook
import Query
import Shell
import Tables
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A folder of its own, emptied.
func emptyFolder(_ name: String) -> String {
  let path = scratchFolder(name)
  if let dir = opendir(path) {
    var names: [String] = []
    while let e = readdir(dir) {
      let n = withUnsafeBytes(of: e.pointee.d_name) {
        String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
      }
      if n != "." && n != ".." { names.append(n) }
    }
    closedir(dir)
    for n in names { unlink(path + "/" + n) }
  }
  return path
}

func fileNames(_ folder: String) -> [String] {
  guard let dir = opendir(folder) else { return [] }
  defer { closedir(dir) }
  var names: [String] = []
  while let e = readdir(dir) {
    let n = withUnsafeBytes(of: e.pointee.d_name) {
      String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
    }
    if n != "." && n != ".." { names.append(n) }
  }
  return names.sorted()
}

/// Cuts the file at `path` to its first `count` bytes, as a kill or a full disk would.
func truncateFile(_ path: String, to count: Int) {
  #expect(truncate(path, off_t(count)) == 0)
}

@Suite("Reading journals that were cut off", .serialized)
struct JournalReadingTests {
  /// A journal of a session that ran three cells (the third with output) and a note.
  func journal(_ name: String) throws -> (path: String, text: String) {
    let folder = emptyFolder(name)
    let session = makeSession(in: folder)
    let journal = try #require(Journal(directory: folder, workingDirectory: folder))
    session.onEntry = { journal.record($0) }
    for line in [
      "areas | limit 1", "note One area.", "areas | limit 2",
      "areas | where area = \"Fife\" | select area",
    ] {
      #expect(session.run(Statement(text: line)).error == nil)
    }
    return (journal.path, contents(journal.path))
  }

  @Test func aWholeJournalIsNotCutOff() throws {
    let (path, _) = try journal("journal-whole")
    let contents = try Journal.load(path)
    #expect(contents.cells == 3)
    #expect(contents.cutAt == nil)
    #expect(contents.cutOffNote == nil)
  }

  @Test func everyCompleteEntryBeforeACutIsRecovered() throws {
    let (path, text) = try journal("journal-cut")
    let bytes = Array(text.utf8)
    // The last cell's entry: its source fence, its source, its output block.
    let lastCell = try #require(text.range(of: "```cjnb\nareas | where", options: .backwards))
    let start = text.utf8.distance(from: text.startIndex, to: lastCell.lowerBound)
    let output = try #require(text.range(of: "```output", options: .backwards))
    let outputStart = text.utf8.distance(from: text.startIndex, to: output.lowerBound)
    // In the source, at the end of the source, inside the output, just before its closing fence, mid-line.
    for cut in [start + 12, outputStart - 1, outputStart + 14, bytes.count - 2, bytes.count - 1] {
      try AtomicFile.write(Array(bytes[..<cut]), to: path)
      let contents = try Journal.load(path)
      #expect(contents.cells == 2, "cut at byte \(cut) of \(bytes.count)")
      #expect(contents.document.cells.map(\.source) == ["areas | limit 1", "areas | limit 2"])
      #expect(contents.document.cells[1].output?.contains("S12000034  Aberdeenshire") == true)
      #expect(contents.cutAt != nil)
      #expect(contents.cutOffNote?.hasSuffix("recovered the 2 complete cells before it") == true)
      // The narrative between stays.
      #expect(NotebookFormat.write(contents.document).contains("One area."))
    }
  }

  @Test func aJournalCutInItsFrontMatterHasNothingToRecoverAndSaysSo() throws {
    let (path, _) = try journal("journal-front")
    truncateFile(path, to: 12)
    let contents = try Journal.load(path)
    #expect(contents.cells == 0)
    #expect(contents.cutAt == 1)
  }

  @Test func aCutInTheMiddleOfACharacterIsACutToo() throws {
    let (path, text) = try journal("journal-utf8")
    // A note with a character of two bytes, cut between them.
    try AtomicFile.write(text + "\nCommencements rose in 2021–22", to: path)
    let bytes = Array(contents(path).utf8)
    let dash = try #require(bytes.lastIndex(of: 0xE2))
    truncateFile(path, to: dash + 1)
    let contents = try Journal.load(path)
    #expect(contents.cells == 3)
    #expect(contents.cutAt != nil)
    #expect(!NotebookFormat.write(contents.document).contains("Commencements"))
  }

  @Test func aJournalFromBeforeEveryCellHadItsOutputBlockKeepsItsLastCell() throws {
    let folder = emptyFolder("journal-format-1")
    let text =
      "---\ntitle: x\ndate: 2026-01-01 10:00\n---\n\n\n```cjnb\nload \"x.csv\" as x\n```\n\n```cjnb\nx | limit 1\n```\n"
    try AtomicFile.write(text, to: folder + "/old.md")
    let contents = try Journal.load(folder + "/old.md")
    #expect(contents.cells == 2)
    #expect(contents.cutAt == nil)
  }

  @Test func aBrokenNotebookIsStillAnErrorWhenItIsNotACut() throws {
    let folder = emptyFolder("journal-broken")
    try AtomicFile.write("---\ntitle: x\n---\n\n```output\nstray\n```\n", to: folder + "/x.md")
    #expect(throws: NotebookError.self) { try Journal.load(folder + "/x.md") }
  }
}

@Suite("Keeping journals", .serialized)
struct JournalKeepingTests {
  final class Quiet {
    var out: [String] = []
    var err: [String] = []
  }

  func runREPL(_ lines: [String], journals: String, folder: String) -> (Journal?, Quiet) {
    let quiet = Quiet()
    let journal = Journal(directory: journals, workingDirectory: folder)
    let repl = REPL(
      session: makeSession(in: folder), reader: ScriptedReader(lines.map { .line($0) } + [.end]),
      history: nil, journal: journal,
      width: { 80 }, out: { quiet.out.append($0) }, err: { quiet.err.append($0) })
    _ = repl.run()
    return (journal, quiet)
  }

  @Test func aSessionThatQuitsMarksItsJournalEndedAndAnEmptyOneLeavesNone() throws {
    let journals = emptyFolder("keep-ended")
    let folder = scratchFolder("keep-ended-work")
    let (journal, _) = runREPL(["areas | limit 1", "quit"], journals: journals, folder: folder)
    let path = try #require(journal?.path)
    #expect(path.hasSuffix(".ended.md"))
    #expect(Journal.status(of: path) == .ended)
    #expect(try Journal.load(path).cells == 1)
    _ = runREPL([], journals: journals, folder: folder)
    #expect(Journal.list(journals) == [path])
  }

  @Test func twentyEmptySessionsDoNotPruneACrashedSessionsJournal() throws {
    let journals = emptyFolder("keep-crashed")
    let folder = scratchFolder("keep-crashed-work")
    // A session killed after one cell: its journal never ends.
    var crashed: String?
    do {
      let session = makeSession(in: folder)
      let journal = try #require(Journal(directory: journals, workingDirectory: folder))
      session.onEntry = { journal.record($0) }
      _ = session.run(Statement(text: "areas | limit 1"))
      crashed = journal.path
    }
    let path = try #require(crashed)
    for _ in 0..<20 { _ = runREPL(["quit"], journals: journals, folder: folder) }
    // And 25 that did something and ended, more than are kept.
    for k in 0..<25 { _ = runREPL(["areas | limit \(k + 1)"], journals: journals, folder: folder) }
    let kept = Journal.list(journals)
    #expect(kept.contains(path), "the crashed session's journal is kept")
    #expect(kept.filter { Journal.status(of: $0) == .ended }.count <= 21)
    #expect(kept.count <= 22)
  }

  @Test func aSessionRecoveredWhileItRanStillEndsItsJournal() throws {
    let journals = emptyFolder("keep-live")
    let journal = try #require(Journal(directory: journals))
    journal.record(.note("before"))
    // Another cjnb recovers it while it runs; it goes on, then quits.
    Journal.markRecovered(journal.path)
    journal.record(.note("after"))
    journal.end()
    #expect(Journal.status(of: journal.path) == .ended)
    #expect(Journal.list(journals) == [journal.path])
    #expect(contents(journal.path).hasSuffix("\nbefore\n\nafter\n"))
  }

  @Test func recoveredJournalsMayBePrunedAndDroppedOnesAreGone() throws {
    let journals = emptyFolder("keep-recovered")
    let folder = scratchFolder("keep-recovered-work")
    let journal = try #require(Journal(directory: journals, workingDirectory: folder))
    journal.record(.command("areas | limit 1", output: "x"))
    let recovered = Journal.markRecovered(journal.path)
    #expect(recovered.hasSuffix(".recovered.md"))
    #expect(Journal.status(of: recovered) == .recovered)
    #expect(Journal.list(journals) == [recovered])
    #expect(try Journal.load(recovered).cells == 1)
    #expect(Journal.drop(recovered) == nil)
    #expect(Journal.list(journals).isEmpty)
    #expect(
      Journal.drop(recovered)?.hasSuffix("could not be deleted: No such file or directory") == true)
  }
}

@Suite("Recovering a session", .serialized)
struct RecoveryTests {
  /// A killed session that loaded a file, wrote two, and ran a cell after.
  func killedSession(_ name: String) throws -> (folder: String, journal: String) {
    let folder = emptyFolder(name)
    let journals = emptyFolder(name + "-state")
    try AtomicFile.write("year,value\n2019-20,5\n2020-21,7\n", to: folder + "/x.csv")
    let session = makeSession(in: folder)
    let journal = try #require(Journal(directory: journals, workingDirectory: folder))
    session.onEntry = { journal.record($0) }
    for line in [
      "load \"x.csv\" as x", "x | write csv to \"out.csv\"",
      "x | limit 1 | write md to \"summary.md\"", "x | trend",
    ] {
      let reply = session.run(Statement(text: line))
      #expect(reply.error == nil, "\(line): \(reply.error ?? "")")
    }
    return (folder, journal.path)
  }

  @Test func recoveryRestoresTheRecordAndRunsNothingThatWrites() throws {
    let (folder, path) = try killedSession("recover-writes")
    // After the crash the user edited what the session wrote.
    try AtomicFile.write("edited by hand\n", to: folder + "/out.csv")
    unlink(folder + "/summary.md")
    let journal = try Journal.load(path)
    let original = journal.document.cells

    let session = makeSession(in: "/")
    let recovery = session.recover(journal, shownAs: "journal 1")
    #expect(recovery.reply.error == nil)
    #expect(contents(folder + "/out.csv") == "edited by hand\n")
    #expect(!FileBytes.exists(folder + "/summary.md"))
    #expect(
      recovery.notRerun == [
        "x | write csv to \"out.csv\"", "x | limit 1 | write md to \"summary.md\"",
      ])
    #expect(
      recovery.reply.output == """
        recovered 4 cells from journal 1, with their recorded outputs
          note: 2 commands write files and were not re-run (recovering writes nothing):
            cell 2: x | write csv to "out.csv"
            cell 3: x | limit 1 | write md to "summary.md"
          help: to re-run one, enter it again (Up recalls it); add `replace` after its path if the file is there
          `show` for the last result
        """)
    // Every cell is in the record, with what it printed then.
    let record = session.entries.compactMap {
      if case .command(let text, let output) = $0 {
        Cell(source: text, output: output.isEmpty ? nil : output)
      } else {
        nil
      }
    }
    #expect(record.map(\.source) == original.map(\.source))
    #expect(record.map(\.output) == original.map(\.output))
    #expect(record[1].output == "wrote 2 rows to out.csv")
    // The tables are back, relative paths from where the session ran, and writing works again.
    #expect(session.run(Statement(text: "x | limit 1")).error == nil)
    #expect(session.workspace.baseDirectory == "/")
    #expect(session.workspace.writesFiles)
    #expect(session.run(Statement(text: "x | write csv to \"\(folder)/again.csv\"")).error == nil)
  }

  @Test func aWriteInACellWithOtherCommandsIsLeftOutAndTheRestRun() throws {
    let folder = emptyFolder("recover-mixed")
    try AtomicFile.write("year,value\n2019-20,5\n", to: folder + "/x.csv")
    try AtomicFile.write("mine\n", to: folder + "/out.csv")
    let journal = try #require(
      Journal(directory: emptyFolder("recover-mixed-state"), workingDirectory: folder))
    journal.record(
      .command("load \"nope.csv\" as y; x | write csv to \"out.csv\" replace", output: "old"))
    journal.record(
      .command(
        "load \"x.csv\" as x; x | write csv to \"out.csv\" replace; x | limit 1", output: "old"))
    let session = makeSession(in: "/")
    let recovery = session.recover(try Journal.load(journal.path), shownAs: "j")
    #expect(
      recovery.notRerun == [
        "x | write csv to \"out.csv\" replace", "x | write csv to \"out.csv\" replace",
      ])
    #expect(
      recovery.reply.output.contains(
        "    cell 1: x | write csv to \"out.csv\" replace\n    cell 2: x | write csv"))
    #expect(contents(folder + "/out.csv") == "mine\n")
    #expect(session.run(Statement(text: "x | limit 1")).error == nil)
  }

  @Test func aCellThatCannotBeRerunKeepsItsPlaceAndSaysWhy() throws {
    let (folder, path) = try killedSession("recover-missing")
    unlink(folder + "/x.csv")
    let session = makeSession(in: folder)
    let recovery = session.recover(try Journal.load(path), shownAs: "journal 1")
    #expect(session.entries.filter { if case .command = $0 { true } else { false } }.count == 4)
    #expect(
      recovery.reply.output.contains(
        "  note: 2 cells could not be re-run, so their tables are not in this session (the errors follow)"
      ))
    #expect(recovery.reply.error?.contains("x.csv") == true)
  }

  @Test func aCutOffJournalRecoversItsCompleteCellsAndSaysSo() throws {
    let (_, path) = try killedSession("recover-cut")
    let text = contents(path)
    truncateFile(path, to: text.utf8.count - 20)
    let session = makeSession(in: "/")
    let recovery = session.recover(try Journal.load(path), shownAs: "journal 1")
    #expect(session.entries.filter { if case .command = $0 { true } else { false } }.count == 3)
    #expect(
      recovery.reply.output.hasPrefix(
        "recovered 3 cells from journal 1, with their recorded outputs\n  note: the journal was cut off in the middle of an entry at line "
      ))
    #expect(recovery.reply.output.contains("recovered the 3 complete cells before it"))
  }
}

@Suite("Saving beside other sessions", .serialized)
struct ConcurrentSaveTests {
  @Test func aNotebookChangedOnDiskSinceItWasOpenedIsNotReplacedUnasked() throws {
    let folder = emptyFolder("save-changed")
    try AtomicFile.write("# X\n\n```cjnb\nareas | limit 1\n```\n", to: folder + "/nb.md")
    let mine = makeSession(in: folder)
    #expect(mine.run(Statement(text: "open \"nb.md\"")).error == nil)
    // Another session saves over it meanwhile.
    let theirs = makeSession(in: folder)
    _ = theirs.run(Statement(text: "areas | limit 3"))
    #expect(theirs.run(Statement(text: "save \"nb.md\" replace")).error == nil)
    let saved = contents(folder + "/nb.md")

    let refused = mine.run(Statement(text: "save \"nb.md\""))
    let error = try #require(refused.error)
    #expect(
      error.hasPrefix(
        "error: nb.md has changed on disk since this session opened it (it was modified at "))
    #expect(
      error.hasSuffix(
        "by another session or program)\n --> 1:6\n  | save \"nb.md\"\n  |      ^^^^^^^\n  = help: say `save \"nb.md\" replace` to replace it anyway, or save under another\n            name"
      ))
    #expect(contents(folder + "/nb.md") == saved)

    // In the REPL it asks, saying so.
    var asked: [String] = []
    mine.confirm = {
      asked.append($0)
      return false
    }
    #expect(mine.run(Statement(text: "save \"nb.md\"")).error != nil)
    #expect(
      asked.count == 1
        && asked[0].hasPrefix("nb.md has changed on disk since this session opened it"))
    #expect(contents(folder + "/nb.md") == saved)
    mine.confirm = { _ in true }
    #expect(mine.run(Statement(text: "save \"nb.md\"")).error == nil)
    #expect(contents(folder + "/nb.md") != saved)
    // Now as this session saved it: the usual question.
    asked = []
    mine.confirm = {
      asked.append($0)
      return true
    }
    #expect(mine.run(Statement(text: "save \"nb.md\"")).error == nil)
    #expect(asked == ["nb.md exists: replace it?"])
  }

  @Test func aChangeWhileTheQuestionIsAskedIsNoticed() throws {
    let folder = emptyFolder("save-while-asked")
    try AtomicFile.write("theirs\n", to: folder + "/nb.md")
    let session = makeSession(in: folder)
    _ = session.run(Statement(text: "areas | limit 1"))
    session.confirm = { _ in
      _ = try? AtomicFile.write("theirs, edited\n", to: folder + "/nb.md")
      return true
    }
    let reply = session.run(Statement(text: "save \"nb.md\""))
    #expect(
      reply.error
        == "error: nb.md changed on disk while it was being saved (another session or program wrote it); it was left as it is\n"
        + " --> 1:6\n  | save \"nb.md\"\n  |      ^^^^^^^\n  = help: say `save \"nb.md\" replace` to replace it, or save under another name"
    )
    #expect(contents(folder + "/nb.md") == "theirs, edited\n")
  }

  @Test func theSecondOfTwoSessionsSavingTheSameNewNotebookIsTold() throws {
    let folder = emptyFolder("save-both")
    let first = makeSession(in: folder)
    let second = makeSession(in: folder)
    _ = first.run(Statement(text: "areas | limit 1"))
    _ = second.run(Statement(text: "areas | limit 2"))
    #expect(first.run(Statement(text: "save \"new.md\"")).output == "saved 1 cell to new.md")
    let reply = second.run(Statement(text: "save \"new.md\""))
    #expect(
      reply.error
        == "error: new.md is already there\n --> 1:6\n  | save \"new.md\"\n  |      ^^^^^^^^\n  = help: say `save \"new.md\" replace` to replace it"
    )
    #expect(
      try NotebookFormat.read(path: folder + "/new.md").cells.map(\.source) == ["areas | limit 1"])
  }

  @Test func saveClearsUpAfterAKilledSaveAndSaysSo() throws {
    let folder = emptyFolder("save-leftovers")
    try AtomicFile.write("half a notebook", to: folder + "/nb.md.tmp-r4Nd0m")
    let session = makeSession(in: folder)
    _ = session.run(Statement(text: "areas | limit 1"))
    let reply = session.run(Statement(text: "save \"nb.md\""))
    #expect(
      reply.output
        == "saved 1 cell to nb.md\n  note: removed a temporary file left by an interrupted save or write: nb.md.tmp-r4Nd0m"
    )
    #expect(fileNames(folder) == ["nb.md"])
  }

  @Test func theStateFoldersAreClearedAtStartUp() throws {
    let state = StateFiles(directory: emptyFolder("state-leftovers"))
    #expect(state.prepare())
    try AtomicFile.write("areas\n", to: state.historyPath + ".tmp-AAAAAA")
    try AtomicFile.write("---\n", to: state.journalDirectory + "/2026-01-01-000000-1.md.tmp-BBBBBB")
    let note = try #require(state.removeLeftovers())
    #expect(
      note
        == "note: removed 2 temporary files that an interrupted write left in \(state.directory): history.tmp-AAAAAA, 2026-01-01-000000-1.md.tmp-BBBBBB"
    )
    #expect(state.removeLeftovers() == nil)
    #expect(fileNames(state.directory) == ["sessions"])
  }
}

@Suite("Saving where a notebook will replay")
struct SavePathTests {
  /// A notebook reads its files from its own folder: saving it where its relative paths would
  /// not be found is refused with the reason (issue 13).
  @Test func aSaveThatWouldNotReplayIsRefused() throws {
    let folder = scratchFolder("save-paths")
    mkdir(folder + "/data", 0o755)
    mkdir(folder + "/reports", 0o755)
    try AtomicFile.write("year,value\n2019-20,5\n", to: folder + "/data/messy.csv")
    let session = makeSession(in: folder)
    #expect(session.run(Statement(text: "load \"data/messy.csv\" as m")).error == nil)
    let refused = session.run(Statement(text: "save \"reports/sub.md\""))
    #expect(
      refused.error?.contains("reports/sub.md would not replay: its commands read data/messy.csv")
        == true, "\(refused.error ?? "")")
    #expect(!FileBytes.exists(folder + "/reports/sub.md"))
    #expect(session.run(Statement(text: "save \"here.md\"")).error == nil)
    #expect(FileBytes.exists(folder + "/here.md"))
  }
}

@Suite("Long sessions")
struct LongSessionTests {
  /// The journal keeps commands and bounded outputs: `show all` of millions of rows must not
  /// make it hundreds of megabytes (issue 13).
  @Test func theJournalKeepsTheStartOfAHugeOutput() throws {
    let folder = scratchFolder("journal-bound")
    let journal = try #require(Journal(directory: folder))
    let huge = (1...10_000).map { "row \($0)" }.joined(separator: "\n")
    journal.record(.command("big | show all", output: huge))
    let text = contents(journal.path)
    #expect(text.contains("row 2000\n"))
    #expect(!text.contains("row 2001\n"))
    #expect(text.contains("8000 more lines not kept in the journal"))
    let back = try Journal.read(journal.path)
    #expect(back.cells.first?.source == "big | show all")
  }
}
