import Notebook
import Query
import Rendering
import Tables

/// The read-eval-print loop: lines from a `LineReader`, continued while a command is unfinished,
/// each run in the session, with history and journal kept as it goes.
public final class REPL {
  public let session: Session
  let reader: LineReader
  let history: HistoryFile?
  let journal: Journal?
  /// Writes to standard output and standard error.
  let out: (String) -> Void
  let err: (String) -> Void
  /// The width of the terminal now, asked before each command so that a resize takes effect.
  let width: () -> Int

  public init(
    session: Session, reader: LineReader, history: HistoryFile?, journal: Journal?,
    width: @escaping () -> Int,
    out: @escaping (String) -> Void, err: @escaping (String) -> Void
  ) {
    self.session = session
    self.reader = reader
    self.history = history
    self.journal = journal
    self.width = width
    self.out = out
    self.err = err
    let completer = Completer(session: session)
    reader.completer = { line, cursor in completer.complete(line, cursor: cursor) }
    if let journal { session.onEntry = { journal.record($0) } }
    session.confirm = { [weak reader] question in
      guard let reader, case .line(let answer) = reader.readLine(prompt: question + " [y/N] ")
      else { return false }
      return ["y", "yes"].contains(answer.lowercased().trimmedWhitespace())
    }
    for entry in history?.load() ?? [] { reader.addHistory(entry) }
  }

  /// The two or three lines that greet a session.
  public static func banner(datasets: [String], version: String) -> String {
    """
    cjnb \(version) · datasets: \(datasets.joined(separator: ", ")) (indicators: illustrative)
    "help" lists commands, "help trend" explains one; Tab completes; Ctrl-D leaves
    """
  }

  /// Puts commands in the line editor's history (not the history file), so that Up recalls
  /// them: the cells a recovery did not re-run.
  public func recall(_ commands: [String]) {
    for command in commands { reader.addHistory(command) }
  }

  /// Runs until `quit` or Ctrl-D, which mark the journal as ended; returns the exit status.
  public func run() -> Int32 {
    var buffer = ""
    var warnedUnsaved = false
    while true {
      let prompt = buffer.isEmpty ? "cjnb> " : "...> "
      switch reader.readLine(prompt: prompt) {
      case .end:
        if buffer.isEmpty {
          // Unsaved cells are said once; a second Ctrl-D leaves (the journal keeps them).
          let unsaved = session.unsavedCells
          if unsaved > 0 && !warnedUnsaved {
            warnedUnsaved = true
            out("")
            err(
              "\(unsaved == 1 ? "1 cell is" : "\(unsaved) cells are") not saved: `save \"NAME.md\"` keeps them; Ctrl-D again leaves (`cjnb recover` finds them later)"
            )
            continue
          }
          out("")
          journal?.end()
          return 0
        }
        // Ctrl-D inside an unfinished command drops it.
        buffer = ""
        out("")
      case .interrupted:
        // The terminal echoed ^C; the next prompt starts on a line of its own.
        out("")
        buffer = ""
        Interruption.clear()
      case .line(let line):
        buffer = buffer.isEmpty ? line : buffer + "\n" + line
        if StatementSplitter.needsMore(buffer) { continue }
        let text = buffer
        buffer = ""
        guard !text.trimmedWhitespace().isEmpty else { continue }
        reader.addHistory(text)
        history?.append(text)
        session.options.width = session.fixedWidth ?? width()
        Interruption.clear()
        for statement in StatementSplitter.split(text) {
          let started = Stopwatch.now()
          // As it was when the command started: `timer on` is not timed, `timer off` is.
          let timed = session.timing
          let reply = session.run(statement, source: text)
          if !reply.output.isEmpty { out(reply.output) }
          if let error = reply.error { err(Interruption.isRequested ? "\n" + error : error) }
          if timed { err("time: \(Stopwatch.milliseconds(Stopwatch.now() - started)) ms") }
          if reply.quit {
            journal?.end()
            return 0
          }
          if Interruption.isRequested { break }
        }
        Interruption.clear()
      }
    }
  }
}
