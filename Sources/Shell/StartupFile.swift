import Query
import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The user's settings for every session: `$XDG_CONFIG_HOME/cjnb/init.cjnb` (by default
/// `~/.config/cjnb/init.cjnb`), read when the REPL or a script (`-c`, standard input) starts,
/// unless `--no-init`.
///
/// It holds settings only (`width 100`, `ascii on`, `timer on`): a command that loads or makes a
/// table would make what a session prints, and the notebooks it saves, depend on a file that is
/// not in them. Notebooks (`run`, `check`, `export`) never read it, so that they replay the same
/// everywhere.
///
/// ```
/// -- ~/.config/cjnb/init.cjnb
/// width 100
/// timer on
/// ```
public enum StartupFile {
  /// Where it is, from the environment.
  public static func standardPath() -> String {
    if let xdg = getenv("XDG_CONFIG_HOME").map({ String(cString: $0) }), xdg.hasPrefix("/") {
      return xdg + "/cjnb/init.cjnb"
    }
    let home = getenv("HOME").map { String(cString: $0) } ?? "/tmp"
    return home + "/.config/cjnb/init.cjnb"
  }

  /// Applies the settings in the file at `path` to `session`, if there is one; returns the
  /// errors, each naming the file and line. What the settings say they did is not shown: a
  /// session starts the same whatever its settings.
  public static func apply(_ path: String, to session: Session) -> [String] {
    guard AtomicFile.exists(path) else { return [] }
    let text: String
    do {
      text = String(decoding: try FileBytes.read(path), as: UTF8.self)
    } catch {
      return [
        "error: the start-up file \(path) could not be read: \(error.description)\n  help: start cjnb with --no-init to go without it"
      ]
    }
    var errors: [String] = []
    // Settings are not commands the user typed: `history` does not list them.
    let typed = session.history
    defer { session.history = typed }
    for statement in StatementSplitter.split(text) {
      // A line that is only a comment (`-- why`) holds no setting; the lexer reads comments
      // here as everywhere, and a setting's own comment is left to the session.
      if let tokens = try? Lexer.tokens(statement.text), tokens.count == 1 { continue }
      let word = CommandTable.firstWord(statement.text)
      guard let spec = CommandTable.named(word), spec.isSetting else {
        let settings = CommandTable.commands.filter(\.isSetting).map(\.usage).joined(
          separator: ", ")
        var refusal = Diagnostic(
          "`\(word.isEmpty ? statement.text : word)` is not a setting; a start-up file holds settings only",
          at: SourceRange(statement.offset, statement.offset + max(1, word.utf8.count)),
          help: "settings: \(settings); load tables in a script or a notebook")
        refusal.origin = Diagnostic.Origin(source: text, file: path)
        errors.append(session.render(refusal))
        continue
      }
      let reply = session.run(statement, source: text, file: path)
      if let error = reply.error { errors.append(error) }
    }
    return errors
  }
}
