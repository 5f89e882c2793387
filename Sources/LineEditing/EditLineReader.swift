@preconcurrency import CLibEdit
import Shell
import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Lines from the terminal through libedit: Emacs keys (or vi with `bind -v` in `~/.editrc`),
/// history with Up and Ctrl-R, and Tab completion from the session's completer.
///
/// This is the only code that touches libedit. libedit's readline-compatible API is used, since
/// the variadic `el_set` cannot be called from Swift.
public final class EditLineReader: LineReader {
  public var completer: ((String, Int) -> Completion)?

  /// What libedit's callbacks reach, since C function pointers cannot capture: main-actor
  /// state, as libedit calls back on the thread that called `readline`, the main one. Each
  /// callback checks that it is (`MainActor.assumeIsolated` stops the program if not).
  @MainActor enum Callbacks {
    /// The reader completion asks.
    static var current: EditLineReader?
    /// Matches handed to libedit one by one by the generator, and the next one's index.
    static var pending: [String] = []
    static var pendingIndex = 0
  }

  // The names libedit keeps pointers to for the life of the process: written once, never freed.
  nonisolated(unsafe) private static let name = strdup("cjnb")
  nonisolated(unsafe) private static let breaks = strdup(" \t\n\"`'(),=<>|;")

  public init() {
    rl_readline_name = UnsafePointer(Self.name)
    // cjnb handles Ctrl-C itself (see Interruption); libedit keeps the terminal's other signals.
    rl_catch_signals = 0
    // Characters are read here, so that Ctrl-C ends the line at once: libedit itself would retry
    // a read that the signal interrupted and only notice at the next key.
    rl_getc_function = { _ in EditLineReader.readCharacter() }
    rl_initialize()
    rl_basic_word_break_characters = UnsafePointer(Self.breaks)
    rl_completer_word_break_characters = Self.breaks
    rl_attempted_completion_function = { text, start, end in
      MainActor.assumeIsolated { Handed(EditLineReader.complete(start: start, end: end)) }.value
    }
    rl_completion_entry_function = { _, _ in nil }
    let reader = Handed(self)
    MainActor.assumeIsolated { Callbacks.current = reader.value }
  }

  public func readLine(prompt: String) -> LineInput {
    Interruption.clear()
    guard let line = readline(prompt) else {
      return Interruption.isRequested ? .interrupted : .end
    }
    defer { free(line) }
    if Interruption.isRequested {
      Interruption.clear()
      return .interrupted
    }
    return .line(String(cString: line))
  }

  public func addHistory(_ line: String) {
    _ = add_history(line)
  }

  /// libedit's completion entry: `start` and `end` bound the word it will replace, counted in
  /// characters of the line. The completer's candidates replace a span that may start earlier
  /// (an open string with spaces in it), so each is cut to the part from `start`.
  @MainActor static func complete(start: Int32, end: Int32) -> UnsafeMutablePointer<
    UnsafeMutablePointer<CChar>?
  >? {
    rl_attempted_completion_over = 1
    guard let reader = Callbacks.current, let completer = reader.completer,
      let buffer = rl_line_buffer
    else { return nil }
    let line = String(cString: buffer)
    let scalars = Array(line.unicodeScalars)
    func byteOffset(_ characters: Int32) -> Int {
      String(String.UnicodeScalarView(scalars.prefix(Int(characters)))).utf8.count
    }
    let cursor = byteOffset(end)
    let wordStart = byteOffset(start)
    let completion = completer(line, cursor)
    let bytes = Array(line.utf8)
    var matches: [String] = []
    for candidate in completion.candidates {
      let c = Array(candidate.utf8)
      if completion.start <= wordStart {
        // The part of the candidate before libedit's word is already on the line.
        let already = wordStart - completion.start
        guard c.count >= already else { continue }
        matches.append(String(decoding: c[already...], as: UTF8.self))
      } else {
        matches.append(
          String(decoding: bytes[wordStart..<completion.start], as: UTF8.self) + candidate)
      }
    }
    guard !matches.isEmpty else { return nil }
    // A folder stays open for the next part of the path; anything else is followed by a space.
    rl_completion_append_character = matches.count == 1 && matches[0].hasSuffix("/") ? 0 : 32
    Callbacks.pending = matches
    let word = String(decoding: bytes[wordStart..<cursor], as: UTF8.self)
    return rl_completion_matches(word) { _, state in
      MainActor.assumeIsolated { () -> Handed<UnsafeMutablePointer<CChar>?> in
        if state == 0 { Callbacks.pendingIndex = 0 }
        guard Callbacks.pendingIndex < Callbacks.pending.count else { return Handed(nil) }
        defer { Callbacks.pendingIndex += 1 }
        return Handed(strdup(Callbacks.pending[Callbacks.pendingIndex]))
      }.value
    }
  }

  /// One byte from the terminal; end of file when Ctrl-C was pressed (as a signal, or as the
  /// character itself when the terminal does not make it one).
  static func readCharacter() -> Int32 {
    var byte: UInt8 = 0
    while true {
      let n = read(0, &byte, 1)
      if n == 1 {
        if byte == 3 {
          Interruption.request()
          return -1
        }
        return Int32(byte)
      }
      if n < 0 && errno == EINTR {
        if Interruption.isRequested { return -1 }
        continue
      }
      return -1
    }
  }
}

/// A value handed between the main actor and libedit's callbacks (a C pointer, the reader),
/// always on the same thread: it crosses no thread, so it need not be Sendable.
private struct Handed<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
