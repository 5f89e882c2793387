import Query
import Rendering
import Tables

/// What replaying one cell gave.
public struct CellResult: Sendable {
  /// The cell's index among the notebook's cells.
  public var index: Int
  public var cell: Cell
  /// The rendered output of all its statements, as the screen shows it.
  public var output: String { OutputRenderer.screen(pieces) }
  /// The same piece by piece: results, status and warnings, for batch use to send apart.
  public var pieces: [OutputPiece]
  /// The first error, with the notebook's file and the cell's text as its origin.
  public var error: Diagnostic?
  public var outputs: [CommandOutput]
}

/// Replays notebooks: every cell's commands in order, in a workspace whose relative paths start
/// at the notebook's folder, drawn at a fixed width (80 columns, no colour) so that outputs are
/// the same on every machine.
public enum Replay {
  /// As the notebook's front matter says its outputs were drawn: 80 columns unless `width:`
  /// says otherwise, ASCII when `ascii: true`; never colour.
  public static func options(for document: NotebookDocument) -> RenderOptions {
    RenderOptions(
      width: document.width ?? 80, ascii: document.ascii, color: false, keepsEveryColumn: true)
  }

  /// The folder a notebook's relative paths start at.
  public static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let folder = String(path[..<slash])
    return folder.isEmpty ? "/" : folder
  }

  /// Replays every cell; `stopAtError` stops after the first failing cell.
  public static func run(
    _ document: NotebookDocument, path: String, runner: CommandRunner, stopAtError: Bool = false,
    each: ((CellResult) -> Void)? = nil
  ) -> [CellResult] {
    var results: [CellResult] = []
    for (index, cell) in document.cells.enumerated() {
      var outputs: [CommandOutput] = []
      var pieces: [OutputPiece] = []
      var error: Diagnostic?
      for statement in StatementSplitter.split(cell.source) {
        // The session's commands (the rows of `CommandTable` with an action) have no place in a
        // notebook cell.
        if let spec = CommandTable.starting(statement.text), spec.kind == .session {
          let word =
            spec.action == .heading
            ? String(statement.text.prefix { !$0.isWhitespace })
            : CommandTable.firstWord(statement.text)
          var refusal = Diagnostic(
            "`\(word)` belongs to an interactive session; a notebook runs only cjnb commands",
            at: SourceRange(statement.offset, statement.offset + word.utf8.count),
            help: spec.action == .note || spec.action == .heading
              ? "write narrative as Markdown outside the cell" : nil)
          refusal.origin = Diagnostic.Origin(
            source: cell.source, firstLine: cell.sourceLine, file: path)
          error = refusal
          break
        }
        let result = runner.run(
          statement, source: cell.source, firstLine: cell.sourceLine, file: path)
        if let e = result.error {
          error = e
          break
        }
        outputs += result.outputs
        pieces += result.pieces
      }
      let result = CellResult(
        index: index, cell: cell, pieces: pieces, error: error, outputs: outputs)
      results.append(result)
      each?(result)
      if error != nil && stopAtError { break }
    }
    return results
  }
}
