import Tables

/// A stretch of a command's text, as UTF-8 offsets: what a caret underlines.
public struct SourceRange: Hashable, Sendable {
  public var lower: Int
  public var upper: Int

  public init(_ lower: Int, _ upper: Int) {
    self.lower = lower
    self.upper = max(upper, lower)
  }

  /// The range from the start of `self` to the end of `other`.
  public func through(_ other: SourceRange) -> SourceRange {
    SourceRange(min(lower, other.lower), max(upper, other.upper))
  }
}

/// An error in what the user typed or asked for, found at a place in the command.
///
/// Finding and showing are separate: the parser and the evaluator make diagnostics; one renderer
/// (`DiagnosticRenderer` in Rendering) shows them with the line, a caret and the suggestion:
/// ```
/// error: unknown column "aera"
///  --> 1:25
///   | indicators | group by aera sum(value)
///   |                         ^^^^ did you mean "area"?
/// ```
public struct Diagnostic: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong, in one line.
  public var message: String
  /// Where, in the command's text; nil when the whole command is meant.
  public var range: SourceRange?
  /// Written after the caret: "did you mean "area"?", "expected a number".
  public var label: String?
  /// A further line of help below.
  public var help: String?
  /// Where the text the range points into came from; nil until it is known.
  public var origin: Origin?

  /// The text a diagnostic's range points into, the line of the file that text starts on, and
  /// the file: attached on the way up (by the command runner, by replay), so that the one
  /// renderer can draw `file:line:column`, the line and the caret wherever it is shown.
  public struct Origin: Sendable, Equatable {
    public var source: String
    public var firstLine: Int
    public var file: String?

    public init(source: String, firstLine: Int = 1, file: String? = nil) {
      self.source = source
      self.firstLine = firstLine
      self.file = file
    }
  }

  public init(
    _ message: String, at range: SourceRange? = nil, label: String? = nil, help: String? = nil
  ) {
    self.message = message
    self.range = range
    self.label = label
    self.help = help
  }

  /// An error with "did you mean" from the closest of `candidates`.
  public static func unknown(
    _ what: String, _ name: String, at range: SourceRange?, among candidates: [String],
    help: String? = nil
  ) -> Diagnostic {
    let close = Suggestions.closest(to: name, in: candidates)
    return Diagnostic(
      "unknown \(what) \"\(name)\"", at: range,
      label: close.isEmpty ? nil : "did you mean \(Suggestions.phrase(close))?", help: help)
  }

  /// Ctrl-C stopped the command.
  public static let interrupted = Diagnostic("interrupted")

  public var description: String {
    var s = "error: \(message)"
    if let label { s += " (\(label))" }
    if let help { s += "\n  help: \(help)" }
    return s
  }
}
