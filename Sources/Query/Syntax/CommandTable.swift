/// A command other than a verb: its name, how it is written, what it does, who runs it and what
/// completes after it. Dispatch (the shell's session commands and the parser's language
/// commands), `help`, completion, the manual and replay (which refuses session commands in a
/// notebook) all read these rows, as DuckDB's shell reads its `metadata_commands[]`.
public struct CommandSpec: Sendable {
  public enum Kind: Sendable { case language, session }

  /// What a session command does. The shell holds the handler for each (`Session.handler(for:)`,
  /// one exhaustive switch); a language command has none, the parser reads it.
  public enum Action: Sendable, CaseIterable {
    case note, heading, save, open, undo, history, width, ascii, timer, help, quit
  }

  /// What tab completion offers after the name.
  public enum Completion: Sendable {
    case nothing
    /// A file path, in quotes.
    case path
    /// The commands and verbs, for `help`.
    case commands
    /// The framework's topics, for `explain`.
    case topics
  }

  /// What may follow the name: nothing, or words its handler reads (and refuses when they are
  /// wrong). A session command given words it takes none of is refused where they start.
  public enum Arguments: Sendable { case none, some }

  public let name: String
  /// Other names it answers to (`exit` for `quit`).
  public var aliases: [String] = []
  public let usage: String
  public let summary: String
  /// The session command's action; nil for a command of the language.
  public var action: Action? = nil
  public var completion: Completion = .nothing
  /// A setting of how the session draws or reports (`width 100`), the only commands a start-up
  /// file may hold.
  public var isSetting = false
  public var arguments: Arguments = .some

  public var kind: Kind { action == nil ? .language : .session }
  /// Whether a file path follows the name.
  public var takesPath: Bool { completion == .path }
}

/// The commands other than verbs, in the order `help` lists them.
public enum CommandTable {
  public static let commands: [CommandSpec] = [
    CommandSpec(
      name: "load",
      usage:
        "load \"FILE\" [as NAME] [sheet \"NAME\"] [skip N] [lenient] [delimiter \";\"] [encoding \"windows-1252\"] [type COLUMN TYPE, ...]",
      summary: "read a CSV, TSV or JSON file, or a sheet of an .xlsx or .ods workbook, as a table",
      completion: .path),
    CommandSpec(
      name: "datasets", usage: "datasets", summary: "the tables in this session, bundled and loaded"
    ),
    CommandSpec(name: "let", usage: "let NAME = PIPELINE", summary: "keep a result under a name"),
    CommandSpec(
      name: "outcomes", usage: "outcomes",
      summary: "the framework's national outcomes and their indicators"),
    CommandSpec(
      name: "indicators", usage: "indicators",
      summary: "the ten national indicators (the table: show indicators)"),
    CommandSpec(
      name: "explain",
      usage: "explain NI4 | LE19 | outcome 3 | indicators | aims | scale | 2016 | conventions",
      summary:
        "the Community Justice Performance Framework: an indicator, an item of local evidence, an outcome",
      completion: .topics),
    CommandSpec(
      name: "note", usage: "note TEXT", summary: "add a paragraph of narrative to the notebook",
      action: .note),
    CommandSpec(
      name: "#", usage: "# TEXT", summary: "add a heading to the notebook", action: .heading),
    CommandSpec(
      name: "save", usage: "save \"FILE.md\" [replace]",
      summary: "write the session as a Markdown notebook", action: .save, completion: .path),
    CommandSpec(
      name: "open", usage: "open \"FILE.md\"", summary: "replay a notebook into this session",
      action: .open, completion: .path),
    CommandSpec(
      name: "undo", usage: "undo", summary: "take the last cell out of the notebook", action: .undo,
      arguments: .none),
    CommandSpec(
      name: "history", usage: "history [N]", summary: "the commands typed, most recent last",
      action: .history),
    CommandSpec(
      name: "width", usage: "width N | width auto",
      summary: "draw tables and charts N columns wide (auto: the terminal's width)", action: .width,
      isSetting: true),
    CommandSpec(
      name: "ascii", usage: "ascii on|off",
      summary: "draw in 7-bit ASCII only, and record notebooks so", action: .ascii, isSetting: true),
    CommandSpec(
      name: "timer", usage: "timer on|off",
      summary: "say how long each command takes, on standard error (cjnb --timer from the start)",
      action: .timer, isSetting: true),
    CommandSpec(
      name: "help", usage: "help [COMMAND | VERB]",
      summary: "this list, or one command with an example", action: .help, completion: .commands),
    CommandSpec(
      name: "quit", aliases: ["exit"], usage: "quit", summary: "leave cjnb (Ctrl-D does the same)",
      action: .quit, arguments: .none),
  ]

  /// The command called `name` (or one of its aliases), ignoring case.
  public static func named(_ name: String) -> CommandSpec? {
    let lower = name.lowercased()
    return commands.first { $0.name == lower || $0.aliases.contains(lower) }
  }

  /// The command a statement starts with: `#` whatever follows it, else the first word.
  public static func starting(_ text: String) -> CommandSpec? {
    if text.hasPrefix("#") { return commands.first { $0.action == .heading } }
    return named(firstWord(text))
  }

  /// The first word of a statement, lower-cased: up to a space, a quote, a bracket or a `|`.
  public static func firstWord(_ text: String) -> String {
    String(text.prefix { !$0.isWhitespace && $0 != "\"" && $0 != "(" && $0 != "|" }).lowercased()
  }

  /// Every word that can start a statement, for completion and suggestions.
  public static var startWords: [String] {
    commands.map(\.name).filter { $0 != "#" } + VerbTable.all.map(\.name)
  }
}
