import Query
import Rendering
import Tables

/// What running one statement gave.
public struct StatementResult: Sendable {
  /// The rendered output, as the screen shows it.
  public var text: String { OutputRenderer.screen(pieces) }
  /// The rendered output piece by piece, each saying whether it is a result, status or a
  /// warning: batch use sends them to different streams.
  public var pieces: [OutputPiece]
  /// Why the statement failed, with where it came from (`Diagnostic.origin`); drawn by
  /// whoever shows it (`CommandRunner.render`), for the stream it goes to.
  public var error: Diagnostic?
  /// The outputs before rendering, for exports that draw them their own way.
  public var outputs: [CommandOutput]

  public var failed: Bool { error != nil }
}

/// Runs statements of the language and renders what they print: what a session types and what
/// a notebook replays.
public final class CommandRunner {
  public let workspace: Workspace
  public var options: RenderOptions
  /// Whether errors are coloured, decided for the stream they go to (standard error); nil
  /// means as `options` says.
  public var errorColor: Bool?

  public init(workspace: Workspace, options: RenderOptions) {
    self.workspace = workspace
    self.options = options
    if workspace.chartFile == nil { workspace.chartFile = { SVGRenderer.document($0) } }
  }

  /// Runs one statement. `source` is the whole text it came from (a script, a notebook cell),
  /// `firstLine` that text's first line in `file`, so that errors point at the right place.
  public func run(
    _ statement: Statement, source: String? = nil, firstLine: Int = 1, file: String? = nil
  ) -> StatementResult {
    do throws(Diagnostic) {
      let parsed = try Parser.parseScript(statement.text)
      var outputs: [CommandOutput] = []
      var pieces: [OutputPiece] = []
      for p in parsed {
        let output = try workspace.run(p.command)
        // --csv and the other data modes print a table as `| write FORMAT` would, on the same terms.
        if let format = options.tableFormat, format != .md {
          for case .frame(let frame) in output.blocks {
            if let display = frame.display, case .allRows = display {
            } else if frame.display != nil {
              continue
            }
            if let clash = TableWriter.statusNameClash(frame.table) {
              throw Diagnostic.statusNameClash(clash, at: nil)
            }
          }
        }
        outputs.append(output)
        let rendered = OutputRenderer.pieces(output, options: options)
        // An output that prints nothing (`let` of nothing, a comment) leaves no empty line.
        if !OutputRenderer.screen(rendered).isEmpty { pieces += rendered }
      }
      return StatementResult(pieces: pieces, error: nil, outputs: outputs)
    } catch {
      return StatementResult(
        pieces: [],
        error: Self.located(error, statement, source: source, firstLine: firstLine, file: file),
        outputs: [])
    }
  }

  /// A diagnostic of `statement` placed in the whole source, so that its line and column are
  /// the source's.
  static func located(
    _ diagnostic: Diagnostic, _ statement: Statement, source: String?, firstLine: Int, file: String?
  ) -> Diagnostic {
    var d = diagnostic
    if let source, let range = d.range {
      d.range = SourceRange(range.lower + statement.offset, range.upper + statement.offset)
      d.origin = Diagnostic.Origin(source: source, firstLine: firstLine, file: file)
    } else {
      d.origin = Diagnostic.Origin(
        source: statement.text, firstLine: firstLine + statement.line - 1, file: file)
    }
    return d
  }

  /// A diagnostic as text, drawn as this runner draws (colour as `errorColor` says).
  public func render(_ diagnostic: Diagnostic) -> String {
    var options = options
    if let errorColor { options.color = errorColor }
    return DiagnosticRenderer.render(diagnostic, options: options)
  }
}
