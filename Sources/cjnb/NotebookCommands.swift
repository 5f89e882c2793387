import ArgumentParser
import Notebook
import Query
import Rendering
import Shell
import Tables

/// Reads a notebook, or says why not and exits with 2. A file with no cells is not a notebook
/// to replay: checking it would pass while checking nothing.
func readNotebook(_ path: String) throws -> NotebookDocument {
  switch notebookOrWhyNot(path) {
  case .success(let document): return document
  case .failure(let why):
    Terminal.err(why.message)
    throw ExitCode(2)
  }
}

/// Why a file could not be read as a notebook, as the error line says it.
struct NotebookReadFailure: Error { var message: String }

/// The notebook at `path`, or why it is not one (``readNotebook(_:)`` says it and exits).
func notebookOrWhyNot(_ path: String) -> Result<NotebookDocument, NotebookReadFailure> {
  do {
    let document = try NotebookFormat.read(path: path)
    guard !document.cells.isEmpty else {
      return .failure(
        NotebookReadFailure(
          message:
            "error: \(path) holds no cells: a notebook's commands are in ```cjnb fenced blocks, and this file has none"
        ))
    }
    return .success(document)
  } catch {
    return .failure(NotebookReadFailure(message: error.description))
  }
}

/// The figures quoted in a notebook's narrative, valued now, and an error line for each that
/// cannot be; the caller says them.
func quotedFigures(_ document: NotebookDocument, path: String, runner: CommandRunner) -> (
  figures: [LiveFigures.Figure], errors: [String]
) {
  let figures = LiveFigures.evaluate(document, in: runner.workspace, options: runner.options)
  let errors = figures.compactMap { f -> String? in
    guard case .failure(let why) = f.current else { return nil }
    return "error: \(path):\(f.fileLine): {{\(f.reference)}}: \(why.message)"
  }
  return (figures, errors)
}

/// What the files a replay's `write` cells name hold, said once after the replay.
func reportComparedFiles(_ runner: CommandRunner) {
  for comparison in runner.workspace.comparedFiles where comparison.state != .same {
    Terminal.err("note: " + comparison.account + " (`cjnb run NOTEBOOK --update` writes it)")
  }
}

/// A runner for a notebook: bundled datasets, paths from its folder, its own width and
/// characters, and files only inside its folder and the ones allowed.
func notebookRunner(
  _ document: NotebookDocument, path: String, display: DisplayOptions, access: AccessOptions
) -> CommandRunner {
  let session = makeSession(display: display, baseDirectory: Replay.folder(of: path))
  session.workspace.confine(to: Replay.folder(of: path), allowing: access.allow)
  // Replaying writes no file unless asked to (run --update sets .rewrite).
  session.workspace.writeMode = .compare
  var options = Replay.options(for: document)
  if display.ascii { options.ascii = true }
  if let width = display.width { options.width = width }
  session.options = options
  return session.runner
}

struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Replay a notebook and print its outputs; --update rewrites the stored outputs.")

  @Argument(help: "The notebook (.md).", completion: .file(extensions: ["md"])) var notebook: String
  @Flag(name: .long, help: "Write the new outputs into the notebook, atomically.") var update =
    false
  @OptionGroup var display: DisplayOptions
  @OptionGroup var streams: StreamOptions
  @OptionGroup var access: AccessOptions

  func validate() throws {
    if update, let format = streams.format {
      throw ValidationError(
        "--\(format.rawValue) prints results in that format; --update records them as drawn, so the two do not go together"
      )
    }
  }

  func run() throws {
    // As read: an edit saved while it runs is not overwritten by --update.
    let stamp = FileStamp.of(notebook)
    var document = try readNotebook(notebook)
    let settingsAsRead = document.frontMatter
    // What the outputs depend on is recorded with them, so that a plain check draws them alike.
    if update {
      if let width = display.width {
        document.setSetting("width", width == 80 ? nil : String(width))
      }
      if display.ascii { document.setSetting("ascii", "true") }
    }
    let runner = notebookRunner(document, path: notebook, display: display, access: access)
    if update { runner.workspace.writeMode = .rewrite }
    runner.options.tableFormat = streams.format?.writeFormat
    runner.errorColor = Terminal.colorAllowed(2) && !display.ascii
    let output = BatchOutput(quiet: streams.quiet)
    var failed = false
    let results = Replay.run(document, path: notebook, runner: runner) { result in
      if !update {
        // The commands are the transcript around the results, not results: standard error.
        let echo = result.cell.source.split(separator: "\n", omittingEmptySubsequences: false).map {
          "cjnb> " + $0
        }.joined(separator: "\n")
        output.emit([OutputPiece(.status, echo)] + result.pieces)
      }
      if let error = result.error {
        Terminal.err(runner.render(error))
        failed = true
      }
    }
    guard update else {
      reportComparedFiles(runner)
      throw ExitCode(failed ? 1 : 0)
    }
    if failed {
      Terminal.err("\(notebook) was not updated: a command failed")
      throw ExitCode(1)
    }
    // Quoted figures get their values now; a sentence around a plain figure that changed is
    // pointed out, since --update does not rewrite what was written by hand.
    let (figures, figureErrors) = quotedFigures(document, path: notebook, runner: runner)
    for e in figureErrors { Terminal.err(e) }
    if !figureErrors.isEmpty {
      Terminal.err("\(notebook) was not updated: a quoted figure has no value")
      throw ExitCode(1)
    }
    let quotedChanged = figures.filter(\.changed).count
    for stale in Notebook.Check.staleNarrative(document, results) {
      Terminal.err("warning: \(notebook): " + stale)
    }
    var changed = 0
    for result in results where (result.cell.output ?? "") != result.output {
      document.setOutput(result.output, ofCell: result.index)
      changed += 1
    }
    if quotedChanged > 0 { document = LiveFigures.updated(document, figures) }
    do {
      if changed > 0 || quotedChanged > 0 || document.frontMatter != settingsAsRead {
        let outcome = try NotebookFormat.save(
          document, to: notebook, mode: stamp.map { .replaceIfUnchanged($0) } ?? .replace)
        if let note = outcome.note { Terminal.err("note: " + note) }
      }
    } catch  where error.reason == .changed {
      Terminal.err(
        "error: \(notebook) changed on disk while it was being run (another session or program wrote it); it was not updated\n"
          + "  help: run `cjnb run --update` again")
      throw ExitCode(1)
    } catch {
      Terminal.err("error: \(error.description)")
      throw ExitCode(1)
    }
    if !streams.quiet {
      Terminal.err(
        "\(notebook): \(NumberFormatting.count(results.count, "cell")), \(changed) with new output"
          + (figures.isEmpty
            ? ""
            : "; \(NumberFormatting.count(figures.count, "quoted figure")), \(quotedChanged) with a new value")
      )
    }
  }
}

struct Check: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Replay notebooks and compare with their stored outputs.",
    discussion:
      "Exit status: 0 when every output matches, 1 when one differs (with a diff per cell), 2 when a command fails."
  )

  @Argument(help: "The notebooks (.md).", completion: .file(extensions: ["md"])) var notebooks:
    [String]
  @OptionGroup var display: DisplayOptions
  @OptionGroup var access: AccessOptions

  /// What checking one notebook says, in order, and the exit status it asks for.
  private struct Verdict {
    var lines: [(error: Bool, text: String)] = []
    var status: Int32 = 0
  }

  /// Each notebook is replayed in a session of its own, so they are checked side by side, one a
  /// core (``eachOnThreads(_:stackBytes:_:)``), the largest first; what each says is printed
  /// in the order they were given, as it would be one after another. A session is let go as
  /// soon as its notebook is checked.
  func run() throws {
    var verdicts = [Verdict](repeating: Verdict(), count: notebooks.count)
    var jobs: [(path: String, document: NotebookDocument, runner: CommandRunner)?] = []
    for (k, path) in notebooks.enumerated() {
      switch notebookOrWhyNot(path) {
      case .success(let document):
        let runner = notebookRunner(document, path: path, display: display, access: access)
        jobs.append((path, document, runner))
      case .failure(let why):
        verdicts[k] = Verdict(lines: [(true, why.message)], status: 2)
        jobs.append(nil)
      }
    }
    let order = jobs.indices.sorted {
      (jobs[$0]?.document.cells.count ?? 0) > (jobs[$1]?.document.cells.count ?? 0)
    }
    jobs.withUnsafeMutableBufferPointer { jobs in
      verdicts.withUnsafeMutableBufferPointer { verdicts in
        // Each thread takes one notebook's slots, and no other thread touches them.
        nonisolated(unsafe) let work = (jobs, verdicts)
        eachOnThreads(order.count) { i in
          let (jobs, verdicts) = work
          let k = order[i]
          guard let job = jobs[k] else { return }
          verdicts[k] = Self.check(job.document, path: job.path, runner: job.runner)
          jobs[k] = nil
        }
      }
    }
    for verdict in verdicts {
      for line in verdict.lines {
        if line.error { Terminal.err(line.text) } else { Terminal.out(line.text) }
      }
    }
    throw ExitCode(verdicts.map(\.status).max() ?? 0)
  }

  private static func check(_ document: NotebookDocument, path: String, runner: CommandRunner)
    -> Verdict
  {
    var verdict = Verdict()
    let results = Replay.run(document, path: path, runner: runner)
    let errors = results.compactMap(\.error)
    for e in errors { verdict.lines.append((true, runner.render(e))) }
    let differences = Notebook.Check.differences(results)
    for d in differences { verdict.lines.append((true, d.report(path: path))) }
    // A quoted figure is compared as an output is.
    let (figures, figureErrors) = quotedFigures(document, path: path, runner: runner)
    for e in figureErrors { verdict.lines.append((true, e)) }
    let changedFigures = figures.filter(\.changed)
    for f in changedFigures {
      verdict.lines.append(
        (
          true,
          "\(path):\(f.fileLine): quoted figure {{\(f.reference)}} differs\n  changed: \(f.stored ?? "(no value yet)") → \((try? f.current.get()) ?? "")"
        ))
    }
    if !errors.isEmpty || !figureErrors.isEmpty {
      verdict.status = 2
    } else if !differences.isEmpty || !changedFigures.isEmpty {
      verdict.status = 1
    } else {
      verdict.lines.append(
        (false, "\(path): \(NumberFormatting.count(results.count, "cell")), all outputs match"))
    }
    return verdict
  }
}

struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract:
      "A report snippet from a notebook: its narrative and outputs, as Markdown, HTML or a Word document."
  )

  @Argument(help: "The notebook (.md).", completion: .file(extensions: ["md"])) var notebook: String
  @Option(name: .customLong("to"), help: "md, html or docx (a Word document, with -o FILE.docx).")
  var format: Export.Format
  @Option(
    name: .shortAndLong, help: "Write to this file instead of standard output.", completion: .file()
  ) var output: String?
  @Flag(name: .long, help: "Keep the commands.") var withCommands = false
  @Option(name: .long, help: "Suppress counts under N as [c] (with secondary suppression).")
  var suppress: Int?
  @Flag(
    name: .long,
    help:
      "Export what the commands give today even where it differs from the outputs the notebook holds (each difference is reported first)."
  )
  var rerun = false
  @OptionGroup var display: DisplayOptions
  @OptionGroup var access: AccessOptions

  func validate() throws {
    if let suppress, suppress < 1 { throw ValidationError("--suppress takes a positive count") }
  }

  func run() throws {
    var document = try readNotebook(notebook)
    let runner = notebookRunner(document, path: notebook, display: display, access: access)
    let results = Replay.run(document, path: notebook, runner: runner)
    let errors = results.compactMap(\.error)
    if !errors.isEmpty {
      for e in errors { Terminal.err(runner.render(e)) }
      Terminal.err("\(notebook) was not exported: a command failed")
      throw ExitCode(1)
    }
    // What is exported is what the notebook holds, its reviewed outputs: the commands are run
    // again only to draw them as tables, and must give those outputs back.
    let differences = Notebook.Check.differences(results)
    if !differences.isEmpty {
      let neverRun = differences.filter { d in results[d.index].cell.output == nil }.count
      for d in differences where results[d.index].cell.output != nil {
        Terminal.err(d.report(path: notebook))
      }
      guard rerun else {
        let why =
          neverRun == differences.count
          ? "\(NumberFormatting.count(neverRun, "cell")) \(neverRun == 1 ? "has" : "have") no stored output yet (never run)"
          : "\(NumberFormatting.count(differences.count - neverRun, "cell")) no longer \(differences.count - neverRun == 1 ? "gives" : "give") the outputs the notebook holds (the data changed)"
            + (neverRun > 0 ? ", and \(neverRun) have none yet" : "")
        Terminal.err(
          "error: \(notebook) was not exported: \(why)\n"
            + "  help: review with `cjnb check \(notebook)`, accept with `cjnb run \(notebook) --update`, or export today's figures with --rerun"
        )
        throw ExitCode(1)
      }
      Terminal.err(
        "note: exporting today's results: \(NumberFormatting.count(differences.count, "cell")) differ from the notebook's stored outputs, as above"
      )
    }
    // Quoted figures: the values the notebook holds, which must still be today's unless --rerun.
    let (figures, figureErrors) = quotedFigures(document, path: notebook, runner: runner)
    for e in figureErrors { Terminal.err(e) }
    if !figureErrors.isEmpty { throw ExitCode(1) }
    let stale = figures.filter { $0.changed }
    if !stale.isEmpty {
      for f in stale {
        Terminal.err(
          "\(notebook):\(f.fileLine): quoted figure {{\(f.reference)}}: \(f.stored ?? "(no value yet)") → \((try? f.current.get()) ?? "")"
        )
      }
      guard rerun else {
        Terminal.err(
          "error: \(notebook) was not exported: \(NumberFormatting.count(stale.count, "quoted figure")) no longer hold the notebook's values\n"
            + "  help: accept with `cjnb run \(notebook) --update`, or export today's figures with --rerun"
        )
        throw ExitCode(1)
      }
      document = LiveFigures.updated(document, figures)
    }
    let settings = Export.Settings(
      withCommands: withCommands, suppressBelow: suppress, render: runner.options)
    if format == .docx {
      guard let output else {
        Terminal.err("error: a Word document is a file: say where with -o FILE.docx")
        throw ExitCode(2)
      }
      do {
        let bytes = try WordDocument.bytes(document, results: results, settings: settings)
        if let note = try AtomicFile.write(bytes, to: output).note { Terminal.err("note: " + note) }
      } catch let error as WordDocument.Failure {
        Terminal.err("error: \(notebook) was not exported: \(error.description)")
        throw ExitCode(1)
      } catch let error as WriteError {
        Terminal.err("error: \(error.description)")
        throw ExitCode(1)
      }
      return
    }
    let text =
      format == .md
      ? Export.markdown(document, results: results, settings: settings)
      : Export.html(document, results: results, settings: settings)
    guard let output else {
      Terminal.out(text)
      return
    }
    do {
      if let note = try AtomicFile.write(text, to: output).note { Terminal.err("note: " + note) }
    } catch {
      Terminal.err("error: \(error.description)")
      throw ExitCode(1)
    }
  }
}

extension Export.Format: ExpressibleByArgument {}

struct Recover: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "List the journals of recent sessions, or reopen one.",
    discussion: """
      Every session's commands and outputs are journalled as they happen; a session that was killed can be reopened \
      from its journal. Reopening restores its cells with their recorded outputs and re-runs them to rebuild the \
      tables, except commands that write files, which are listed instead. A journal is kept until its session has \
      ended with quit or Ctrl-D, or it has been recovered or dropped; then the 20 newest are kept.
      """)

  @Argument(help: "The number of the journal to reopen, from the list.") var number: Int?
  @Option(
    name: .long, help: "Write the journal as a notebook to this file instead of reopening it.",
    completion: .file(extensions: ["md"])) var to: String?
  @Flag(
    name: .long,
    help:
      "With --to: replace the file if it is there (without it, cjnb asks, or refuses when it cannot)."
  ) var replace = false
  @Flag(name: .long, help: "Delete the journal instead of reopening it.") var drop = false
  @OptionGroup var display: DisplayOptions

  func validate() throws {
    if replace && to == nil { throw ValidationError("--replace goes with --to FILE.md") }
    if drop && (to != nil || number == nil) {
      throw ValidationError(
        "--drop takes the number of a journal and nothing else, as in: cjnb recover 2 --drop")
    }
  }

  static func describe(_ status: Journal.Status) -> String {
    switch status {
    case .unfinished: "did not end (killed, or still running)"
    case .ended: "ended"
    case .recovered: "recovered"
    }
  }

  func run() throws {
    let journals = Journal.list(StateFiles.standard().journalDirectory)
    guard let number else {
      guard !journals.isEmpty else {
        Terminal.out("no journals yet: they are kept in \(StateFiles.standard().journalDirectory)")
        return
      }
      for (k, path) in journals.enumerated() {
        let contents = try? Journal.load(path)
        let document = contents?.document
        let cells = document?.cells.count ?? 0
        let date = document?.frontMatter?.value("date") ?? ""
        let first =
          document?.cells.first.map {
            $0.source.split(separator: "\n").first.map(String.init) ?? ""
          } ?? ""
        var state = Self.describe(Journal.status(of: path))
        if contents == nil {
          state += ", unreadable"
        } else if contents?.cutAt != nil {
          state += ", cut off"
        }
        Terminal.out(
          "  \(k + 1)  \(date)  \(NumberFormatting.count(cells, "cell"))  \(state)  \(first.count > 40 ? String(first.prefix(37)) + "..." : first)"
        )
      }
      Terminal.out(
        "`cjnb recover N` reopens one; `cjnb recover N --to FILE.md` saves it as a notebook; `cjnb recover N --drop` deletes it"
      )
      return
    }
    guard number >= 1 && number <= journals.count else {
      Terminal.err("error: there is no journal \(number); `cjnb recover` lists \(journals.count)")
      throw ExitCode(2)
    }
    let path = journals[number - 1]
    if drop {
      if let error = Journal.drop(path) {
        Terminal.err("error: " + error)
        throw ExitCode(1)
      }
      Terminal.out("dropped journal \(number) (\(path))")
      return
    }
    if let to {
      try save(path, to: to)
      return
    }
    guard Terminal.isTerminal(0) else {
      Terminal.err(
        "error: reopening a session needs a terminal; say --to FILE.md to save it instead")
      throw ExitCode(2)
    }
    throw ExitCode(runInteractive(session: makeSession(display: display), recovering: path))
  }

  /// `--to FILE`: the journal as a notebook, asking before replacing a file as `save` does.
  func save(_ path: String, to: String) throws {
    let contents: Journal.Contents
    do {
      contents = try Journal.load(path)
    } catch {
      Terminal.err(error.description)
      throw ExitCode(2)
    }
    let mode: AtomicFile.Mode
    if replace {
      mode = .replace
    } else if let stamp = FileStamp.of(to) {
      guard Terminal.confirm("\(to) exists: replace it?") else {
        Terminal.err(
          "error: \(to) is already there; it was left as it is\n  help: say --replace to replace it, or give another file name"
        )
        throw ExitCode(1)
      }
      // As it was when the question was answered: a change while it was asked is noticed.
      mode = .replaceIfUnchanged(stamp)
    } else {
      mode = .create
    }
    let outcome: AtomicFile.Outcome
    do {
      outcome = try NotebookFormat.save(contents.document, to: to, mode: mode)
    } catch  where error.reason == .appeared {
      Terminal.err(
        "error: \(to) appeared while it was being saved (another session or program created it); it was left as it is\n"
          + "  help: say --replace to replace it, or give another file name")
      throw ExitCode(1)
    } catch {
      Terminal.err("error: \(error.description)")
      throw ExitCode(1)
    }
    if let note = outcome.note { Terminal.err("note: " + note) }
    if let cut = contents.cutOffNote { Terminal.err("note: " + cut) }
    if let directory = contents.document.frontMatter?.value("directory"),
      Replay.folder(of: to) != directory
    {
      Terminal.err(
        "note: the session ran in \(directory); relative paths in its commands will be read from the notebook's folder"
      )
    }
    Journal.markRecovered(path)
    Terminal.out("saved \(NumberFormatting.count(contents.cells, "cell")) to \(to)")
  }
}
