import Framework
import Query
import Rendering
import Tables

/// What the session has done, in order: the stuff of a notebook.
public enum SessionEntry: Sendable, Equatable {
  case command(String, output: String)
  case heading(String)
  case note(String)
}

/// What running one statement gave.
public struct Reply: Sendable {
  /// For standard output.
  public var output = ""
  /// For standard error; a failed statement has one.
  public var error: String?
  /// The statement asked to leave.
  public var quit = false

  public var failed: Bool { error != nil }
}

/// A session: the workspace, what has been run, how output is drawn. The REPL, `cjnb -c`,
/// standard input and tests all drive one of these.
public final class Session {
  public let workspace: Workspace
  public var options: RenderOptions
  public private(set) var entries: [SessionEntry] = []
  /// Called after every entry is added, for the journal.
  public var onEntry: ((SessionEntry) -> Void)?
  /// Commands entered, for `history`.
  public var history: [String] = []
  /// Notebook support, plugged in by the notebook layer (save, open, undo).
  public var notebooks: NotebookCommands?

  public init(workspace: Workspace, options: RenderOptions = .plain) {
    self.workspace = workspace
    self.options = options
  }

  /// Runs one statement. `source` is the whole text the statement came from and `file` its
  /// name, so that errors point at the right line.
  public func run(_ statement: Statement, source: String? = nil, firstLine: Int = 1, file: String? = nil) -> Reply {
    let text = statement.text
    history.append(text)
    let word = Self.firstWord(text)
    if text.hasPrefix("#") {
      let heading = String(text.drop { $0 == "#" }).trimmed()
      guard !heading.isEmpty else { return Reply(error: "error: a heading needs text after #") }
      add(.heading(String(text.prefix { $0 == "#" }) + " " + heading))
      return Reply()
    }
    if let spec = CommandTable.named(word), spec.kind == .session {
      return runSessionCommand(spec, text)
    }
    return runLanguage(statement, source: source, firstLine: firstLine, file: file)
  }

  /// Runs every statement of `input` in order (standard input, `-c`): stops at the first failure
  /// when `bail`. Returns the replies.
  public func runScript(_ input: String, file: String? = nil, bail: Bool = false, each: (Reply) -> Void) -> (failures: Int, quit: Bool) {
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

  func add(_ entry: SessionEntry) {
    entries.append(entry)
    onEntry?(entry)
  }

  /// Removes the last command cell (and anything after it) from the record.
  @discardableResult
  public func removeLastCell() -> SessionEntry? {
    guard let index = entries.lastIndex(where: { if case .command = $0 { true } else { false } }) else { return nil }
    let removed = entries[index]
    entries.removeSubrange(index...)
    return removed
  }

  /// Replaces the record, as `open` does with a notebook's cells.
  public func append(_ newEntries: [SessionEntry]) {
    for e in newEntries { add(e) }
  }

  static func firstWord(_ text: String) -> String {
    String(text.prefix { !$0.isWhitespace && $0 != "\"" && $0 != "(" && $0 != "|" }).lowercased()
  }

  // MARK: - The language

  private func runLanguage(_ statement: Statement, source: String?, firstLine: Int, file: String?) -> Reply {
    let text = statement.text
    do {
      let parsed = try Parser.parseScript(text)
      var outputs: [String] = []
      for p in parsed {
        let output = try workspace.run(p.command)
        outputs.append(OutputRenderer.render(output, options: options))
      }
      let rendered = outputs.filter { !$0.isEmpty }.joined(separator: "\n")
      add(.command(text, output: rendered))
      return Reply(output: rendered)
    } catch {
      return Reply(error: render(error, statement, source: source, firstLine: firstLine, file: file))
    }
  }

  /// A diagnostic drawn against the whole input, so that its line and column are the input's.
  func render(_ diagnostic: Diagnostic, _ statement: Statement, source: String?, firstLine: Int, file: String?) -> String {
    var d = diagnostic
    if let source, let range = d.range {
      d.range = SourceRange(range.lower + statement.offset, range.upper + statement.offset)
      return DiagnosticRenderer.render(d, source: source, firstLine: firstLine, file: file, options: errorOptions)
    }
    return DiagnosticRenderer.render(d, source: statement.text, firstLine: statement.line, file: file, options: errorOptions)
  }

  /// Errors are drawn in colour only when the output is.
  var errorOptions: RenderOptions { options }

  // MARK: - Session commands

  private func runSessionCommand(_ spec: CommandSpec, _ text: String) -> Reply {
    let rest = String(text.dropFirst(Self.firstWord(text).count)).trimmed()
    switch spec.name {
    case "quit":
      return Reply(quit: true)
    case "note":
      guard !rest.isEmpty else { return Reply(error: "error: a note needs text: note Commencements rose in 2021-22.") }
      add(.note(rest))
      return Reply()
    case "history":
      let n = Int(rest) ?? 20
      let shown = history.dropLast().suffix(n)
      let start = history.count - 1 - shown.count
      return Reply(output: shown.enumerated().map { "  \(start + $0.offset + 1)  \($0.element)" }.joined(separator: "\n"))
    case "help":
      return Help.reply(for: rest, session: self)
    case "save", "open", "undo":
      guard let notebooks else { return Reply(error: "error: \(spec.name) is not available here") }
      return notebooks.run(spec.name, rest, self)
    default:
      return Reply(error: "error: \(spec.name) is not available here")
    }
  }
}

/// The notebook commands of a session, supplied by the layer that knows notebooks.
public protocol NotebookCommands: AnyObject {
  func run(_ name: String, _ arguments: String, _ session: Session) -> Reply
}

extension String {
  func trimmed() -> String {
    var s = Substring(self)
    while let f = s.first, f.isWhitespace { s.removeFirst() }
    while let l = s.last, l.isWhitespace { s.removeLast() }
    return String(s)
  }
}
