import Query

/// A command of the session: its name, how it is written, what it does, and who handles it.
/// `help` and completion read the same rows.
public struct CommandSpec: Sendable {
  public enum Kind: Sendable { case language, session }

  public let name: String
  public let usage: String
  public let summary: String
  public let kind: Kind
  /// Words after the name that take a file path (for completion).
  public let takesPath: Bool
  /// A setting of how the session draws or reports (`width 100`), the only commands a start-up
  /// file may hold.
  public var isSetting = false
}

/// The commands other than verbs, in the order `help` lists them.
public enum CommandTable {
  public static let commands: [CommandSpec] = [
    CommandSpec(name: "load", usage: "load \"FILE\" [as NAME] [sheet \"NAME\"] [skip N] [lenient] [delimiter \";\"] [encoding \"windows-1252\"] [type COLUMN TYPE, ...]",
      summary: "read a CSV, TSV or JSON file, or a sheet of an .xlsx or .ods workbook, as a table", kind: .language, takesPath: true),
    CommandSpec(name: "datasets", usage: "datasets", summary: "the tables in this session, bundled and loaded", kind: .language, takesPath: false),
    CommandSpec(name: "let", usage: "let NAME = PIPELINE", summary: "keep a result under a name", kind: .language, takesPath: false),
    CommandSpec(name: "outcomes", usage: "outcomes", summary: "the framework's national outcomes and their indicators", kind: .language, takesPath: false),
    CommandSpec(name: "indicators", usage: "indicators", summary: "the ten national indicators (the table: show indicators)", kind: .language, takesPath: false),
    CommandSpec(name: "explain", usage: "explain NI4 | LE19 | outcome 3 | indicators | aims | scale | 2016 | conventions",
      summary: "the Community Justice Performance Framework: an indicator, an item of local evidence, an outcome", kind: .language, takesPath: false),
    CommandSpec(name: "note", usage: "note TEXT", summary: "add a paragraph of narrative to the notebook", kind: .session, takesPath: false),
    CommandSpec(name: "#", usage: "# TEXT", summary: "add a heading to the notebook", kind: .session, takesPath: false),
    CommandSpec(name: "save", usage: "save \"FILE.md\" [replace]", summary: "write the session as a Markdown notebook", kind: .session, takesPath: true),
    CommandSpec(name: "open", usage: "open \"FILE.md\"", summary: "replay a notebook into this session", kind: .session, takesPath: true),
    CommandSpec(name: "undo", usage: "undo", summary: "take the last cell out of the notebook", kind: .session, takesPath: false),
    CommandSpec(name: "history", usage: "history [N]", summary: "the commands typed, most recent last", kind: .session, takesPath: false),
    CommandSpec(name: "width", usage: "width N | width auto", summary: "draw tables and charts N columns wide (auto: the terminal's width)", kind: .session, takesPath: false, isSetting: true),
    CommandSpec(name: "ascii", usage: "ascii on|off", summary: "draw in 7-bit ASCII only, and record notebooks so", kind: .session, takesPath: false, isSetting: true),
    CommandSpec(name: "timer", usage: "timer on|off", summary: "say how long each command takes, on standard error (cjnb --timer from the start)", kind: .session, takesPath: false, isSetting: true),
    CommandSpec(name: "help", usage: "help [COMMAND | VERB]", summary: "this list, or one command with an example", kind: .session, takesPath: false),
    CommandSpec(name: "quit", usage: "quit", summary: "leave cjnb (Ctrl-D does the same)", kind: .session, takesPath: false),
  ]

  public static func named(_ name: String) -> CommandSpec? {
    let lower = name.lowercased()
    if lower == "exit" { return commands.first { $0.name == "quit" } }
    return commands.first { $0.name == lower }
  }

  /// Every word that can start a statement, for completion and suggestions.
  public static var startWords: [String] { commands.map(\.name).filter { $0 != "#" } + VerbTable.all.map(\.name) }
}
