import Query
import Rendering

/// What running one statement gave.
public struct StatementResult: Sendable {
  /// The rendered output.
  public var text: String
  /// The rendered error, when the statement failed.
  public var error: String?
  /// The outputs before rendering, for exports that draw them their own way.
  public var outputs: [CommandOutput]

  public var failed: Bool { error != nil }
}

/// Runs statements of the language and renders what they print: what a session types and what
/// a notebook replays.
public final class CommandRunner {
  public let workspace: Workspace
  public var options: RenderOptions

  public init(workspace: Workspace, options: RenderOptions) {
    self.workspace = workspace
    self.options = options
  }

  /// Runs one statement. `source` is the whole text it came from (a script, a notebook cell),
  /// `firstLine` that text's first line in `file`, so that errors point at the right place.
  public func run(_ statement: Statement, source: String? = nil, firstLine: Int = 1, file: String? = nil) -> StatementResult {
    do {
      let parsed = try Parser.parseScript(statement.text)
      var outputs: [CommandOutput] = []
      var rendered: [String] = []
      for p in parsed {
        let output = try workspace.run(p.command)
        outputs.append(output)
        let text = OutputRenderer.render(output, options: options)
        if !text.isEmpty { rendered.append(text) }
      }
      return StatementResult(text: rendered.joined(separator: "\n"), error: nil, outputs: outputs)
    } catch {
      return StatementResult(text: "", error: render(error, statement, source: source, firstLine: firstLine, file: file), outputs: [])
    }
  }

  /// A diagnostic drawn against the whole source, so that its line and column are the source's.
  public func render(_ diagnostic: Diagnostic, _ statement: Statement, source: String?, firstLine: Int, file: String?) -> String {
    var d = diagnostic
    if let source, let range = d.range {
      d.range = SourceRange(range.lower + statement.offset, range.upper + statement.offset)
      return DiagnosticRenderer.render(d, source: source, firstLine: firstLine, file: file, options: options)
    }
    return DiagnosticRenderer.render(d, source: statement.text, firstLine: firstLine + statement.line - 1, file: file, options: options)
  }
}
