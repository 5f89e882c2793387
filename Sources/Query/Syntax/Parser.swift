import Framework
import Tables

/// Reads commands of the language into syntax trees, with a diagnostic at the first error.
///
/// A script is commands separated by `;` (or lines). A command is `load`, `datasets`, `let NAME =
/// PIPELINE`, a framework topic, or a pipeline. A pipeline starts from a table name or `_` and
/// passes it through verbs separated by `|`; a line that starts with a verb continues from `_`.
public struct Parser {
  var tokens: [Token]
  var index = 0
  let source: String
  /// How deep the expression being read is nested: brackets, `not`, `-` and each operator of a
  /// chain add one. Bounded so that no input can exhaust the stack (here, in the compiler or when
  /// the tree is freed).
  var nesting = 0
  /// The deepest nesting read. Published expressions need a handful of levels; 200 leaves room
  /// for generated ones and keeps every recursion over the tree far from the stack's end.
  public static let maxNesting = 200

  /// `offset` is where `source` starts in the text it was cut from: every range, in the tree
  /// and in a diagnostic, is moved by it.
  public init(_ source: String, offset: Int = 0) throws(Diagnostic) {
    self.source = source
    do throws(Diagnostic) {
      tokens = try Lexer.tokens(source)
    } catch {
      var moved = error
      moved.range = error.range.map { SourceRange($0.lower + offset, $0.upper + offset) }
      throw moved
    }
    if offset != 0 {
      for k in tokens.indices {
        tokens[k].range = SourceRange(
          tokens[k].range.lower + offset, tokens[k].range.upper + offset)
      }
    }
  }

  /// A command's text and where it sits in the script, for echoing and recording.
  public struct Parsed: Sendable {
    public var command: Command
    /// The command's text, trimmed.
    public var text: String
    public var range: SourceRange
  }

  /// Every command in `source`: the statements `StatementSplitter` cuts it into (at `;` and
  /// line ends outside strings, backticks and brackets), each read on its own. Ranges, in the
  /// commands and in a diagnostic, are offsets into `source`.
  public static func parseScript(_ source: String) throws(Diagnostic) -> [Parsed] {
    if let habit = DotCommands.diagnostic(for: source) { throw habit }
    var result: [Parsed] = []
    for statement in StatementSplitter.split(source) {
      let shift = statement.offset
      var parser = try Parser(statement.text, offset: shift)
      // A statement that is only a comment holds no command.
      guard parser.peek.kind != .end else { continue }
      let start = parser.peek.range.lower
      let command = try parser.command()
      let end = parser.previousRange.upper
      guard parser.peek.kind == .end else {
        throw parser.unexpected(
          expected: result.isEmpty && parser.index <= 1
            ? "`|` between steps" : "`|` before the next verb, or `;` between commands")
      }
      let text = String(
        decoding: statement.text.utf8.dropFirst(start - shift).prefix(max(0, end - start)),
        as: UTF8.self)
      result.append(Parsed(command: command, text: text, range: SourceRange(start, end)))
    }
    return result
  }

  /// One command; the text must hold exactly one.
  public static func parseCommand(_ source: String) throws(Diagnostic) -> Command {
    let all = try parseScript(source)
    guard all.count <= 1 else {
      throw Diagnostic("one command at a time here", at: all[1].range)
    }
    return all.first?.command ?? .nothing
  }

  /// One level deeper into an expression, or an error at `range` past `maxNesting`.
  mutating func deeper(at range: SourceRange) throws(Diagnostic) {
    nesting += 1
    guard nesting <= Self.maxNesting else {
      throw Diagnostic(
        "expression nested too deeply", at: range,
        label: "more than \(Self.maxNesting) levels here",
        help: "split it into steps: `derive` a part first, or `where` one condition after another")
    }
  }

  // MARK: - Tokens

  var peek: Token { tokens[index] }
  func peek(_ k: Int) -> Token { tokens[min(index + k, tokens.count - 1)] }

  @discardableResult
  mutating func advance() -> Token {
    let t = tokens[index]
    if index < tokens.count - 1 { index += 1 }
    return t
  }

  /// The range of the last token read.
  var previousRange: SourceRange { tokens[max(0, index - 1)].range }

  mutating func accept(word: String) -> Bool {
    guard peek.isWord(word) else { return false }
    advance()
    return true
  }

  mutating func accept(symbol: String) -> Bool {
    guard peek.isSymbol(symbol) else { return false }
    advance()
    return true
  }

  mutating func expect(word: String, after: String) throws(Diagnostic) {
    guard accept(word: word) else { throw unexpected(expected: "`\(word)` after `\(after)`") }
  }

  mutating func expect(symbol: String, _ what: String) throws(Diagnostic) {
    guard accept(symbol: symbol) else { throw unexpected(expected: what) }
  }

  /// "expected X, found Y", with the caret under what was found.
  func unexpected(expected: String) -> Diagnostic {
    let t = peek
    let found = t.kind == .end ? "the end of the command" : t.quoted
    return Diagnostic("expected \(expected), found \(found)", at: t.range)
  }

  /// A name: a word, a `backticked` name, a "string" or a period written as a column name.
  mutating func name(_ what: String) throws(Diagnostic) -> Name {
    let t = peek
    switch t.kind {
    case .word, .quotedName, .string, .period, .number:
      if t.kind == .word && Self.reserved.contains(t.text.lowercased()) {
        throw unexpected(expected: what)
      }
      advance()
      return Name(t.text, t.range)
    default:
      throw unexpected(expected: what)
    }
  }

  /// Names separated by commas.
  mutating func names(_ what: String) throws(Diagnostic) -> [Name] {
    var result = [try name(what)]
    while accept(symbol: ",") { result.append(try name(what)) }
    return result
  }

  mutating func integer(_ what: String) throws(Diagnostic) -> Int {
    let t = peek
    guard t.kind == .number, let n = Int(t.text), n >= 0 else { throw unexpected(expected: what) }
    advance()
    return n
  }

  mutating func number(_ what: String) throws(Diagnostic) -> Double {
    let t = peek
    guard t.kind == .number, let n = Double(t.text) else { throw unexpected(expected: what) }
    advance()
    return n
  }

  mutating func string(_ what: String) throws(Diagnostic) -> Name {
    let t = peek
    guard t.kind == .string else {
      if t.kind == .word {
        throw Diagnostic(
          "expected \(what), found `\(t.text)`", at: t.range,
          label: "strings are written in double quotes: \"\(t.text)\"")
      }
      throw unexpected(expected: what)
    }
    advance()
    return Name(t.text, t.range)
  }

  /// Words that end a list or an expression and so cannot be column names without backticks.
  static let reserved: Set<String> = [
    "as", "by", "over", "and", "or", "not", "in", "is", "between", "desc", "asc", "per", "to",
    "with", "width", "title",
  ]

  // MARK: - Commands

  /// command := 'load' ... | 'datasets' | 'let' NAME '=' pipeline | 'outcomes' | 'explain' TOPIC | pipeline
  mutating func command() throws(Diagnostic) -> Command {
    let t = peek
    if t.kind == .word {
      switch t.text.lowercased() {
      case "load": return .load(try load())
      case "datasets" where !peek(1).isSymbol("|"):
        advance()
        return .datasets
      case "let":
        advance()
        let n = try name("a name for the result")
        try checkAssignable(n)
        try expect(symbol: "=", "`=` after the name")
        return .assign(n, try pipeline())
      case "group" where peek(1).kind == .word && !peek(1).isWord("by") && peek(2).isSymbol("="):
        // group NAME = ("AREA", ...): `group by` at the start of a line is the verb.
        advance()
        let n = try name("a name for the group")
        try checkAssignable(n)
        try expect(symbol: "=", "`=` after the group's name")
        try expect(
          symbol: "(",
          "`(` and the areas in quotes, as in `group islands = (\"Orkney Islands\", \"Shetland Islands\")`"
        )
        var members = [try string("an area in quotes")]
        while accept(symbol: ",") { members.append(try string("an area in quotes")) }
        try expect(symbol: ")", "`)` or `,` in the list of areas")
        return .defineGroup(n, members)
      case "outcomes" where !peek(1).isSymbol("|"):
        advance()
        return .framework(.outcomes)
      case "indicators" where peek(1).kind == .end || peek(1).isSymbol(";"):
        // The framework's list, as `outcomes` is; the bundled table of the same name starts a
        // pipeline (`indicators | ...`) or is shown with `show indicators`.
        advance()
        return .framework(.indicators)
      case "explain":
        advance()
        let topic = peek
        guard topic.kind != .end else {
          throw unexpected(
            expected: "what to explain: NI4, LE19, outcome 3, indicators or outcomes")
        }
        var words: [String] = []
        var range = topic.range
        while peek.kind != .end && !peek.isSymbol(";") {
          words.append(advance().text)
          range = range.through(previousRange)
        }
        let text = words.joined(separator: " ")
        if text.lowercased() == "indicators" { return .framework(.indicators) }
        if text.lowercased() == "outcomes" { return .framework(.outcomes) }
        return .framework(.explain(text, range))
      default: break
      }
    }
    return .pipeline(try pipeline())
  }

  func checkAssignable(_ n: Name) throws(Diagnostic) {
    if VerbTable.named(n.text) != nil
      || ["load", "let", "datasets", "explain", "outcomes", "_"].contains(n.text.lowercased())
    {
      throw Diagnostic(
        "\"\(n.text)\" is a command word and cannot name a table", at: n.range,
        label: "choose another name")
    }
  }

  /// load := 'load' STRING ['as' NAME] ['sheet' STRING] ['skip' N] ['lenient'] ['delimiter' STRING]
  ///         ['encoding' STRING] ['type' COL TYPE (',' COL TYPE)*]
  mutating func load() throws(Diagnostic) -> LoadRequest {
    advance()
    let path = try string("a file path in double quotes")
    var request = LoadRequest(
      path: path.text, pathRange: path.range, name: nil, options: CSVOptions())
    while peek.kind == .word {
      let word = peek.text.lowercased()
      switch word {
      case "as":
        advance()
        let n = try name("a name for the table")
        try checkAssignable(n)
        request.name = n
      case "sheet":
        advance()
        let sheet = try string("the sheet's name in double quotes, e.g. sheet \"Table 1\"")
        request.sheet = Name(sheet.text, sheet.range)
      case "skip":
        advance()
        request.options.skipLines = try integer("how many lines to skip")
      case "lenient":
        advance()
        request.options.lenient = true
      case "delimiter":
        advance()
        let d = try string("the delimiter in quotes, e.g. \";\" or \"\\t\"")
        let text = d.text == "\\t" || d.text == "tab" ? "\t" : d.text
        guard text.utf8.count == 1, let byte = text.utf8.first else {
          throw Diagnostic("a delimiter is one character", at: d.range)
        }
        request.options.delimiter = byte
      case "encoding":
        advance()
        let e = try string("an encoding in quotes: \"utf-8\", \"windows-1252\" or \"utf-16\"")
        guard let encoding = TextEncoding(name: e.text) else {
          throw Diagnostic(
            "unknown encoding \"\(e.text)\"", at: e.range,
            label: "cjnb reads \"utf-8\", \"windows-1252\" (latin1) and \"utf-16\"")
        }
        request.options.encoding = encoding
      case "type", "types":
        advance()
        repeat {
          let column = try name("a column name")
          let typeToken = peek
          guard typeToken.kind == .word,
            let type = ColumnType(rawValue: typeToken.text.lowercased())
          else {
            throw unexpected(expected: "a type after the column: text, number, period or boolean")
          }
          advance()
          request.options.types[column.text] = type
        } while accept(symbol: ",")
      default:
        throw Diagnostic(
          "unknown option `\(peek.text)` for load", at: peek.range,
          label: Suggestions.closest(
            to: word, in: ["as", "sheet", "skip", "lenient", "delimiter", "encoding", "type"]
          ).first.map { "did you mean `\($0)`?" },
          help:
            "load \"FILE\" [as NAME] [sheet \"NAME\"] [skip N] [lenient] [delimiter \";\"] [encoding \"windows-1252\"] [type COLUMN TYPE, ...]"
        )
      }
    }
    return request
  }

  // MARK: - Pipelines

  /// pipeline := source ('|' stage)* | stage ('|' stage)*
  /// source   := NAME | '_'
  mutating func pipeline() throws(Diagnostic) -> Pipeline {
    let t = peek
    var stages: [Stage] = []
    let source: PipelineSource
    if t.isWord("_") {
      advance()
      source = .last(t.range)
    } else if t.kind == .word, VerbTable.named(t.text) != nil {
      // A line that starts with a verb continues from the last result; `describe NAME` and
      // `show NAME` name their table.
      let lower = t.text.lowercased()
      if (lower == "describe" || lower == "show"),
        peek(1).kind == .word || peek(1).kind == .quotedName, !peek(1).isWord("all")
      {
        advance()
        let target = try name("a table name")
        let n = Name(t.text, t.range)
        let verb: Verb = lower == "describe" ? .describe : .show(all: accept(word: "all"))
        stages.append(Stage(verb: verb, name: n, range: t.range.through(previousRange)))
        source = .named(target)
      } else {
        source = .last(SourceRange(t.range.lower, t.range.lower))
        stages.append(try stage())
      }
    } else if t.kind == .word || t.kind == .quotedName {
      advance()
      source = .named(Name(t.text, t.range))
    } else {
      throw unexpected(expected: "a table name, `_` or a verb")
    }
    while accept(symbol: "|") {
      stages.append(try stage())
    }
    return Pipeline(source: source, stages: stages)
  }

  /// stage := VERB arguments
  mutating func stage() throws(Diagnostic) -> Stage {
    let t = peek
    guard t.kind == .word else { throw unexpected(expected: "a verb (where, group, trend, ...)") }
    guard let spec = VerbTable.named(t.text) else {
      throw Diagnostic.unknown(
        "verb", t.text, at: t.range, among: VerbTable.all.map(\.name),
        help: "verbs: \(VerbTable.all.map(\.name).joined(separator: ", "))")
    }
    advance()
    let verb = try spec.parse(&self)
    return Stage(verb: verb, name: Name(t.text, t.range), range: t.range.through(previousRange))
  }

  /// Whether the next token ends the stage.
  var atStageEnd: Bool { peek.kind == .end || peek.isSymbol("|") || peek.isSymbol(";") }
}
