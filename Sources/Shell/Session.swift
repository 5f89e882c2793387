import Framework
import Notebook
import Query
import Rendering
import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What the session has done, in order: the stuff of its notebook.
public enum SessionEntry: Sendable, Equatable {
  /// A command and what it printed.
  case command(String, output: String)
  /// `# TEXT`.
  case heading(String)
  /// `note TEXT`.
  case note(String)
  /// Narrative lines from a notebook that was opened, kept as written.
  case narrative([String])
}

/// What running one statement gave.
public struct Reply: Sendable {
  /// What it printed, piece by piece: results for standard output; status and warnings, which
  /// batch use sends to standard error.
  public var pieces: [OutputPiece]
  /// For standard error, drawn by `DiagnosticRenderer`; a failed statement has one.
  public var error: String?
  /// What failed, as a value: the session draws it, at the statement it came from, into `error`.
  public var diagnostic: Diagnostic?
  /// Where in the command's argument the failure is, when it is part of it (a word `save` does
  /// not take); the session places it in the statement.
  var argumentRange: SourceRange?
  /// The statement asked to leave.
  public var quit = false

  /// A reply whose output is a result (`help`, `history`).
  public init(output: String = "", error: String? = nil, quit: Bool = false) {
    self.init(
      pieces: output.isEmpty ? [] : [OutputPiece(.result, output)], error: error, quit: quit)
  }

  public init(pieces: [OutputPiece], error: String? = nil, quit: Bool = false) {
    self.pieces = pieces
    self.error = error
    self.quit = quit
  }

  /// A reply that says what was done (`saved 3 cells to ...`), not a result.
  public static func status(_ text: String, error: String? = nil) -> Reply {
    Reply(pieces: [OutputPiece(.status, text)], error: error)
  }

  /// A command of the session refused or failed: the message, and help below it. `Session.run`
  /// points it at the command's argument (or the command) and draws it as the language's errors
  /// are drawn, by `DiagnosticRenderer`:
  /// ```
  /// error: diversion.md is already there
  ///  --> 1:6
  ///   | save "diversion.md"
  ///   |      ^^^^^^^^^^^^^^
  ///   = help: say `save "diversion.md" replace` to replace it
  /// ```
  public static func failure(_ message: String, help: String? = nil) -> Reply {
    var reply = Reply()
    reply.diagnostic = Diagnostic(message, help: help)
    return reply
  }

  /// Everything printed, as the screen shows it.
  public var output: String { OutputRenderer.screen(pieces) }

  public var failed: Bool { error != nil || diagnostic != nil }
}

/// A session: the workspace, what has been run, how output is drawn. The REPL, `cjnb -c`,
/// standard input and tests all drive one of these.
public final class Session {
  public let runner: CommandRunner
  public var workspace: Workspace { runner.workspace }
  /// Folders a notebook opened in this session may also read and write (`--allow`).
  public var allowedFolders: [String] = []
  public var options: RenderOptions {
    get { runner.options }
    set { runner.options = newValue }
  }
  public private(set) var entries: [SessionEntry] = []
  /// How many entries the last save held; cells after it are not in any notebook yet.
  private var savedEntries = 0
  /// Cells not yet saved to a notebook (the journal keeps them all the same).
  public var unsavedCells: Int {
    entries.dropFirst(min(savedEntries, entries.count)).filter {
      if case .command = $0 { true } else { false }
    }.count
  }
  /// How outputs are drawn in the record (notebooks, the journal): as `cjnb run` replays them,
  /// whatever the terminal: 80 columns, no colour.
  public var recordOptions: RenderOptions {
    RenderOptions(width: 80, ascii: options.ascii, color: false, keepsEveryColumn: true)
  }
  /// Called with every entry as it is added, and with nil when `undo` takes one out.
  public var onEntry: ((SessionEntry?) -> Void)?
  /// Asks the user a yes-or-no question; nil where nobody can answer (batch use).
  public var confirm: ((String) -> Bool)?
  /// Commands entered, for `history`.
  public var history: [String] = []
  /// Whether the time each command takes is said after it (`timer on`, `cjnb --timer`).
  public var timing = false
  /// The width `width N` set, which the REPL keeps instead of the terminal's; nil follows it.
  public var fixedWidth: Int?
  /// Whether colour was allowed when the session started, for `ascii off` to restore.
  private let colorAllowed: Bool
  /// The notebooks this session opened or saved, as they were then (by full path): saving over
  /// one that another session or program has changed since is noticed.
  private var seenFiles: [String: (stamp: FileStamp, how: String)] = [:]

  public init(workspace: Workspace, options: RenderOptions = .plain) {
    runner = CommandRunner(workspace: workspace, options: options)
    colorAllowed = options.color
  }

  /// Runs one statement. `source` is the whole text the statement came from and `file` its
  /// name, so that errors point at the right line.
  public func run(
    _ statement: Statement, source: String? = nil, firstLine: Int = 1, file: String? = nil
  ) -> Reply {
    let text = statement.text
    history.append(text)
    if let spec = CommandTable.starting(text), let action = spec.action {
      // A heading is all its text and a note all that follows `note`; the other commands are
      // given what follows their name, without a `--` comment, as the language reads it.
      let after = String(text.dropFirst(CommandTable.firstWord(text).count)).trimmedWhitespace()
      let rest = action == .heading ? text : action == .note ? after : Self.withoutComment(after)
      var reply =
        spec.arguments == .none && !rest.isEmpty
        ? .failure("\(spec.name) takes nothing after it, as in: \(spec.usage)")
        : Self.handler(for: action)(self, rest)
      if var diagnostic = reply.diagnostic, reply.error == nil {
        // At the argument the command was given, or at the whole command when it had none.
        let start =
          statement.offset
          + (rest.isEmpty || action == .heading ? 0 : text.utf8.count - after.utf8.count)
        if let within = reply.argumentRange {
          diagnostic.range = SourceRange(start + within.lower, start + within.upper)
        }
        diagnostic.range =
          diagnostic.range
          ?? SourceRange(
            start, start + (rest.isEmpty || action == .heading ? text.utf8.count : rest.utf8.count))
        diagnostic.origin =
          diagnostic.origin
          ?? Diagnostic.Origin(source: source ?? text, firstLine: firstLine, file: file)
        reply.diagnostic = diagnostic
        reply.error = runner.render(diagnostic)
      }
      return reply
    }
    let result = runner.run(statement, source: source, firstLine: firstLine, file: file)
    if let error = result.error { return Reply(error: runner.render(error)) }
    add(.command(text, output: recorded(result.outputs)))
    return Reply(pieces: result.pieces)
  }

  /// A diagnostic as this session draws errors (its width, and colour where standard error
  /// takes it).
  public func render(_ diagnostic: Diagnostic) -> String { runner.render(diagnostic) }

  /// Runs every statement of `input` in order (standard input, `-c`); stops at the first failure
  /// when `bail`.
  public func runScript(
    _ input: String, file: String? = nil, bail: Bool = false, each: (Reply) -> Void
  ) -> (failures: Int, quit: Bool) {
    var failures = 0
    for statement in StatementSplitter.split(input) {
      let reply = run(statement, source: input, file: file)
      each(reply)
      if reply.failed {
        failures += 1
        if bail { return (failures, false) }
      }
      if reply.quit { return (failures, true) }
    }
    return (failures, false)
  }

  /// Outputs as the record keeps them.
  func recorded(_ outputs: [CommandOutput]) -> String {
    outputs.map { OutputRenderer.render($0, options: recordOptions) }.filter { !$0.isEmpty }.joined(
      separator: "\n")
  }

  func add(_ entry: SessionEntry) {
    entries.append(entry)
    onEntry?(entry)
  }

  // MARK: - Session commands

  /// `text` up to a `--` comment, as the lexer reads it: a `--` inside quotes is not one.
  static func withoutComment(_ text: String) -> String {
    guard let comment = Lexer.scan(text).first(where: { $0.kind == .comment }) else { return text }
    return String(decoding: text.utf8.prefix(comment.range.lower), as: UTF8.self)
      .trimmedWhitespace()
  }

  /// What runs each session command of `CommandTable`, given the session and the text after
  /// the command's name (for a heading, the whole statement).
  static func handler(for action: CommandSpec.Action) -> (Session, String) -> Reply {
    switch action {
    case .quit: { _, _ in Reply(quit: true) }
    case .note: { $0.note($1) }
    case .heading: { $0.heading($1) }
    case .history: { $0.showHistory($1) }
    case .help: { Help.reply(for: $1, session: $0) }
    case .save: { $0.save($1) }
    case .open: { $0.open($1) }
    case .undo: { session, _ in session.undo() }
    case .timer: { $0.timer($1) }
    case .width: { $0.width($1) }
    case .ascii: { $0.ascii($1) }
    }
  }

  private func heading(_ text: String) -> Reply {
    let marks = text.prefix { $0 == "#" }
    let heading = String(text.dropFirst(marks.count)).trimmedWhitespace()
    guard !heading.isEmpty else { return .failure("a heading needs text after #") }
    add(.heading(String(marks.prefix(6)) + " " + heading))
    return Reply()
  }

  private func note(_ rest: String) -> Reply {
    guard !rest.isEmpty else {
      return .failure("a note needs text, as in: note Commencements rose in 2021-22.")
    }
    add(.note(rest))
    return Reply()
  }

  private func showHistory(_ rest: String) -> Reply {
    guard rest.isEmpty || Int(rest).map({ $0 > 0 }) == true else {
      return .failure("history takes a number of commands, as in: history 10")
    }
    let n = Int(rest) ?? 20
    let shown = history.dropLast().suffix(n)
    let start = history.count - 1 - shown.count
    return Reply(
      output: shown.enumerated().map { "  \(start + $0.offset + 1)  \($0.element)" }.joined(
        separator: "\n"))
  }

  private func timer(_ rest: String) -> Reply {
    switch rest.lowercased() {
    case "on", "": timing = true
    case "off": timing = false
    default: return .failure("timer takes on or off, as in: timer on")
    }
    return .status(timing ? "timer on: the time each command takes follows it" : "timer off")
  }

  private func width(_ rest: String) -> Reply {
    if rest.lowercased() == "auto" {
      fixedWidth = nil
      return .status("width auto: tables and charts fit the terminal")
    }
    guard let n = Int(rest), (20...1000).contains(n) else {
      return .failure("width takes a number of columns from 20 to 1000, or auto, as in: width 100")
    }
    fixedWidth = n
    options.width = n
    return .status("width \(n): tables and charts are drawn \(n) columns wide")
  }

  private func ascii(_ rest: String) -> Reply {
    switch rest.lowercased() {
    case "on", "": options.ascii = true
    case "off": options.ascii = false
    default: return .failure("ascii takes on or off, as in: ascii on")
    }
    options.color = colorAllowed && !options.ascii
    return .status(
      options.ascii ? "ascii on: 7-bit ASCII only, and notebooks saved so" : "ascii off")
  }

  /// A refusal of the words after a file name that `save` and `open` do not take (only
  /// `replace`, for `save`), pointed at them; nil when there are none.
  private static func wordsAfterPath(_ rest: String, command: String, allowing: String?) -> Reply? {
    guard let tokens = try? Lexer.tokens(rest), tokens.count > 2, tokens[0].kind == .string,
      !tokens[0].text.isEmpty
    else { return nil }
    var extra = Array(tokens[1..<(tokens.count - 1)])
    if let allowing, extra.first?.isWord(allowing) == true { extra.removeFirst() }
    guard let first = extra.first, let last = extra.last else { return nil }
    var reply = Reply.failure(
      allowing.map { "after the file name, \(command) takes only `\($0)`" }
        ?? "\(command) takes a file name and nothing after it",
      help: allowing.map { "\(command) \"\(tokens[0].text)\" \($0)" }.map { "as in: \($0)" })
    reply.argumentRange = SourceRange(first.range.lower, last.range.upper)
    return reply
  }

  /// `"PATH" [replace]` into the path and whether to replace, read by the lexer: a quote inside
  /// the path is written `""` or `\"`, as in every string of the language.
  private func pathArgument(_ rest: String) -> (String, Bool)? {
    guard let tokens = try? Lexer.tokens(rest), tokens.count >= 2, tokens[0].kind == .string,
      !tokens[0].text.isEmpty
    else { return nil }
    switch tokens.count {
    case 2: return (tokens[0].text, false)
    case 3 where tokens[1].isWord("replace"): return (tokens[0].text, true)
    default: return nil
    }
  }

  /// The session as a notebook: headings and notes as narrative, each command a cell.
  public func notebook(title: String? = nil) -> NotebookDocument {
    var blocks: [NotebookDocument.Block] = []
    var narrative: [String] = []
    func paragraph(_ lines: [String]) {
      if !narrative.isEmpty || !blocks.isEmpty { narrative.append("") }
      narrative += lines
    }
    for entry in entries {
      switch entry {
      case .heading(let h): paragraph([h])
      case .note(let n): paragraph([n])
      case .narrative(let lines): narrative += lines
      case .command(let text, let output):
        if !narrative.isEmpty || !blocks.isEmpty { narrative.append("") }
        if !narrative.isEmpty { blocks.append(.narrative(narrative)) }
        narrative = []
        blocks.append(.cell(Cell(source: text, output: output.isEmpty ? nil : output)))
      }
    }
    if !narrative.isEmpty { blocks.append(.narrative(narrative)) }
    let heading = entries.lazy.compactMap {
      if case .heading(let h) = $0 { String(h.drop { $0 == "#" }).trimmedWhitespace() } else { nil }
    }.first
    var fields = [("title", title ?? heading ?? "cjnb session"), ("date", Self.today())]
    if options.ascii { fields.append(("ascii", "true")) }
    let front = FrontMatter(fields)
    if let first = blocks.first, case .narrative = first {
    } else {
      blocks.insert(.narrative([""]), at: 0)
    }
    if case .narrative(let lines) = blocks[0], lines.first != "" {
      blocks[0] = .narrative([""] + lines)
    }
    return NotebookDocument(frontMatter: front, blocks: blocks)
  }

  static func today() -> String {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    let m = Int(parts.tm_mon) + 1
    let d = Int(parts.tm_mday)
    return "\(Int(parts.tm_year) + 1900)-\(m < 10 ? "0" : "")\(m)-\(d < 10 ? "0" : "")\(d)"
  }

  private func save(_ rest: String) -> Reply {
    guard let (path, replace) = pathArgument(rest) else {
      return Self.wordsAfterPath(rest, command: "save", allowing: "replace")
        ?? .failure("save needs a file name in quotes, as in: save \"diversion.md\"")
    }
    let full = workspace.resolvePath(path)
    let help = "say `save \"\(path)\" replace` to replace it, or save under another name"
    let mode: AtomicFile.Mode
    if replace {
      mode = .replace
    } else if let now = FileStamp.of(full) {
      // A file this session opened or saved that has changed since is someone else's work.
      var question = "\(path) exists: replace it?"
      var refusal = Reply.failure(
        "\(path) is already there", help: "say `save \"\(path)\" replace` to replace it")
      if let seen = seenFiles[full], seen.stamp != now {
        question =
          "\(path) has changed on disk since this session \(seen.how) it (it was modified at \(now.time)): replace it anyway?"
        refusal = .failure(
          "\(path) has changed on disk since this session \(seen.how) it (it was modified at \(now.time), by another session or program)",
          help: "say `save \"\(path)\" replace` to replace it anyway, or save under another name")
      }
      guard let confirm, confirm(question) else { return refusal }
      // As it was when the question was answered: a change while it was asked is noticed too.
      mode = .replaceIfUnchanged(now)
    } else {
      // Created only if still absent at the last moment: of two sessions saving the same new
      // notebook, the second is told.
      mode = .create
    }
    let document = notebook()
    // A notebook reads its files from its own folder: saved elsewhere than the folder this
    // session's relative paths start in, a file it reads would not be found (or another found).
    let savedIn = Replay.folder(of: full)
    let startsIn = workspace.baseDirectory ?? "."
    if FileAccess.resolvedFolder(savedIn) != FileAccess.resolvedFolder(startsIn) {
      let broken = document.cells.flatMap { Command.paths(in: $0.source) }.filter { p in
        !p.hasPrefix("/") && !p.hasPrefix("~") && FileBytes.exists(workspace.resolvePath(p))
          && !FileBytes.exists(savedIn + "/" + p)
      }
      if let first = broken.first {
        let from = startsIn == "." ? "the working directory" : startsIn
        return .failure(
          "\(path) would not replay: its commands read \(first) from \(from), but a notebook reads its files from its own folder (\(savedIn))"
            + (broken.count > 1 ? " (and \(broken.count - 1) more)" : ""),
          help: "save it in \(from), or load the files by absolute paths before saving")
      }
    }
    let outcome: AtomicFile.Outcome
    do {
      outcome = try NotebookFormat.save(document, to: full, mode: mode)
    } catch  where error.reason == .appeared {
      return .failure(
        "\(path) appeared while it was being saved (another session or program created it); it was left as it is",
        help: help)
    } catch  where error.reason == .changed {
      return .failure(
        "\(path) changed on disk while it was being saved (another session or program wrote it); it was left as it is",
        help: help)
    } catch {
      return .failure(error.description)
    }
    if let stamp = outcome.stamp { seenFiles[full] = (stamp, "saved") }
    savedEntries = entries.count
    var warning = ""
    if savedIn != startsIn && savedIn != "."
      && document.cells.contains(where: { Self.hasRelativePath($0.source) })
    {
      warning =
        "\n  note: its commands name files relative to \(startsIn == "." ? "the working directory" : startsIn); "
        + "when it is replayed they are read from \(savedIn), the notebook's folder"
    }
    let cells = document.cells.count
    let notes = entries.filter {
      if case .note = $0 { true } else if case .heading = $0 { true } else { false }
    }.count
    var message = "saved \(NumberFormatting.count(cells, "cell"))"
    if notes > 0 {
      message += " and \(NumberFormatting.count(notes, "note")) to \(path)"
    } else {
      message += " to \(path)"
    }
    if let note = outcome.note { warning += "\n  note: " + note }
    return .status(message + warning)
  }

  /// Whether a cell reads or writes a file by a relative path: the paths its commands name, as
  /// the parser reads them.
  static func hasRelativePath(_ source: String) -> Bool {
    Command.paths(in: source).contains { !$0.hasPrefix("/") && !$0.hasPrefix("~") }
  }

  private func open(_ rest: String) -> Reply {
    guard let (path, _) = pathArgument(rest) else {
      return Self.wordsAfterPath(rest, command: "open", allowing: nil)
        ?? .failure("open needs a notebook in quotes, as in: open \"diversion.md\"")
    }
    let full = workspace.resolvePath(path)
    // Taken before reading: a change made while it is read shows as a change later.
    let stamp = FileStamp.of(full)
    let document: NotebookDocument
    do {
      document = try NotebookFormat.read(path: full)
    } catch {
      return Reply(error: error.description)
    }
    if let stamp { seenFiles[full] = (stamp, "opened") }
    return replay(document, path: full, shownAs: path)
  }

  /// Runs a notebook's cells in this session, relative paths starting at its folder, and adds
  /// its narrative and cells to the record.
  /// `directory` is where its relative paths start: the notebook's folder unless given (a
  /// journal gives the folder its session ran in).
  ///
  /// A notebook opened from a file may be someone else's: while it replays, it reads and writes
  /// only inside its folder and `allowedFolders`. A journal (`confined: false`) is the user's own
  /// session and keeps the session's access.
  public func replay(
    _ document: NotebookDocument, path: String, shownAs name: String, from directory: String? = nil,
    confined: Bool = true
  ) -> Reply {
    let saved = workspace.baseDirectory
    let savedAccess = workspace.access
    workspace.baseDirectory = directory ?? Replay.folder(of: path)
    let savedWriteMode = workspace.writeMode
    if confined {
      workspace.confine(to: Replay.folder(of: path), allowing: allowedFolders)
      // Opening a notebook writes no file: its write cells compare with what is there.
      workspace.writeMode = .compare
    }
    defer {
      workspace.baseDirectory = saved
      workspace.access = savedAccess
      workspace.writeMode = savedWriteMode
    }
    var failures: [String] = []
    var index = 0
    let results = Replay.run(document, path: name, runner: runner)
    for block in document.blocks {
      switch block {
      case .narrative(let lines): add(.narrative(lines))
      case .cell(let cell):
        let result = results[index]
        index += 1
        if let error = result.error {
          failures.append(runner.render(error))
        } else {
          add(.command(cell.source, output: recorded(result.outputs)))
        }
      }
    }
    let replayed = results.count - failures.count
    var message = "opened \(name): replayed \(NumberFormatting.count(replayed, "cell"))"
    if failures.isEmpty { message += "; `show` for the last result" }
    return .status(message, error: failures.isEmpty ? nil : failures.joined(separator: "\n"))
  }

  /// What `recover` restored.
  public struct Recovery {
    public var reply: Reply
    /// The commands that write files, which were not re-run, in order.
    public var notRerun: [String]
  }

  /// Restores a session from its journal: the record of its cells, with the outputs the journal
  /// recorded, and the workspace rebuilt by re-running them, except what writes a file.
  ///
  /// A statement that writes (`write ... to PATH`) is kept in the record, not run: running it
  /// again would fail because its file is there, or overwrite a later edit. A cell that fails
  /// to re-run (a file moved) keeps its place and recorded output too; only its tables are
  /// missing. Relative paths start where the session ran (the journal's `directory`).
  public func recover(_ journal: Journal.Contents, shownAs name: String) -> Recovery {
    let document = journal.document
    let saved = (workspace.baseDirectory, workspace.writesFiles)
    if let directory = document.frontMatter?.value("directory") {
      workspace.baseDirectory = directory
    }
    workspace.writesFiles = false
    defer { (workspace.baseDirectory, workspace.writesFiles) = saved }
    var failures: [String] = []
    var notRerun: [(cell: Int, text: String)] = []
    var number = 0
    for block in document.blocks {
      guard case .cell(let cell) = block else {
        if case .narrative(let lines) = block { add(.narrative(lines)) }
        continue
      }
      number += 1
      let statements = StatementSplitter.split(cell.source)
      let writes = statements.filter { Command.writesFile($0.text) }
      notRerun += writes.map { (number, $0.text) }
      for statement in statements where !writes.contains(where: { $0.text == statement.text }) {
        if CommandTable.starting(statement.text)?.kind == .session { continue }
        let result = runner.run(
          statement, source: cell.source, firstLine: cell.sourceLine, file: name)
        if let error = result.error {
          failures.append(runner.render(error))
          break
        }
      }
      add(.command(cell.source, output: cell.output ?? ""))
    }
    var lines = [
      "recovered \(NumberFormatting.count(number, "cell")) from \(name), with their recorded outputs"
    ]
    if let cut = journal.cutOffNote { lines.append("  note: " + cut) }
    if !notRerun.isEmpty {
      let listed = notRerun.map {
        "    cell \($0.cell): \($0.text.count > 60 ? String($0.text.prefix(57)) + "..." : $0.text)"
      }
      lines.append(
        "  note: \(notRerun.count == 1 ? "1 command writes a file and was" : "\(notRerun.count) commands write files and were") not re-run (recovering writes nothing):"
      )
      lines += listed
      lines.append(
        "  help: to re-run one, enter it again (Up recalls it); add `replace` after its path if the file is there"
      )
    }
    if !failures.isEmpty {
      lines.append(
        "  note: \(NumberFormatting.count(failures.count, "cell")) could not be re-run, so \(failures.count == 1 ? "its" : "their") tables are not in this session (the errors follow)"
      )
    } else if number > 0 {
      lines.append("  `show` for the last result")
    }
    return Recovery(
      reply: .status(
        lines.joined(separator: "\n"),
        error: failures.isEmpty ? nil : failures.joined(separator: "\n")),
      notRerun: notRerun.map(\.text))
  }

  private func undo() -> Reply {
    guard let index = entries.lastIndex(where: { if case .command = $0 { true } else { false } }),
      case .command(let text, _) = entries[index]
    else {
      return .failure("there is no cell to take out")
    }
    entries.remove(at: index)
    onEntry?(nil)
    let shown = text.count > 50 ? String(text.prefix(47)) + "..." : text
    return .status("took out `\(shown)` (its tables stay in the session)")
  }
}
