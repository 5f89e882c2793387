/// What reading a line gave.
public enum LineInput: Equatable, Sendable {
  case line(String)
  /// Ctrl-C while typing: the line is dropped.
  case interrupted
  /// Ctrl-D on an empty line, or the end of input.
  case end
}

/// Where the REPL gets its lines: libedit on a terminal, a script in tests.
public protocol LineReader: AnyObject {
  func readLine(prompt: String) -> LineInput
  /// Adds an entry to the in-memory history (Up and Ctrl-R find it).
  func addHistory(_ line: String)
  /// The function completion asks for candidates: the line so far and the cursor's position in
  /// UTF-8 bytes; it returns where the replaced text starts and the candidates.
  var completer: ((String, Int) -> Completion)? { get set }
}

/// Candidates for the text between `start` and the cursor.
public struct Completion: Equatable, Sendable {
  /// UTF-8 offset in the line where the text the candidates replace starts.
  public var start: Int
  public var candidates: [String]

  public init(start: Int, candidates: [String]) {
    self.start = start
    self.candidates = candidates
  }
}
