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
  public func through(_ other: SourceRange) -> SourceRange { SourceRange(min(lower, other.lower), max(upper, other.upper)) }
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

  public init(_ message: String, at range: SourceRange? = nil, label: String? = nil, help: String? = nil) {
    self.message = message
    self.range = range
    self.label = label
    self.help = help
  }

  /// An error with "did you mean" from the closest of `candidates`.
  public static func unknown(_ what: String, _ name: String, at range: SourceRange?, among candidates: [String], help: String? = nil) -> Diagnostic {
    let close = Suggestions.closest(to: name, in: candidates)
    return Diagnostic("unknown \(what) \"\(name)\"", at: range,
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
