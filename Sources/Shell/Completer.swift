import Framework
import Query
import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Tab completion that knows the language and the data: verbs after `|`, tables where a
/// pipeline starts, columns after `where`, `group by`, `select`, `sort`, `by`; quoted values
/// after `measure =`, `area =` and `in (`; file paths after `load`, `open`, `save`, `to`.
public struct Completer {
  let session: Session

  public init(session: Session) { self.session = session }

  public func complete(_ line: String, cursor: Int) -> Completion {
    let bytes = Array(line.utf8.prefix(cursor))
    // The lexer's reading of the line so far, as the parser will read it.
    let scanned = Lexer.scan(utf8: bytes).dropLast()
    // The statement being typed starts after the last `;`.
    let statementStart = scanned.last { $0.isSymbol(";") }?.range.upper ?? 0
    // The word being completed: an open string from its quote, else back to a break.
    var tokenStart: Int
    let openString = scanned.last.flatMap { $0.kind == .unclosedString ? $0 : nil }
    if let openString {
      tokenStart = openString.range.lower
    } else {
      tokenStart = bytes.count
      let breaks = Set(" \t|(),=<>!;".utf8)
      while tokenStart > statementStart && !breaks.contains(bytes[tokenStart - 1]) {
        tokenStart -= 1
      }
    }
    let typed = String(decoding: bytes[tokenStart...], as: UTF8.self)
    // What comes before it in the statement; nothing is offered after text that does not read,
    // nor in the middle of a token.
    var words: [Token] = []
    for t in scanned
    where t.range.upper > statementStart && t.range.lower < tokenStart && t.kind != .lineEnd
      && t.kind != .comment
    {
      guard t.range.upper <= tokenStart, t.kind != .unknown, t.kind != .unclosedString,
        t.kind != .unclosedName
      else {
        return Completion(start: tokenStart, candidates: [])
      }
      words.append(t)
    }
    return Completion(
      start: tokenStart,
      candidates: candidates(after: words, typed: typed, inString: openString != nil))
  }

  private func candidates(after tokens: [Token], typed: String, inString: Bool) -> [String] {
    let workspace = session.workspace
    let lowerTyped = typed.lowercased()
    func matching(_ options: [String]) -> [String] {
      var seen = Set<String>()
      return options.filter { $0.lowercased().hasPrefix(lowerTyped) && seen.insert($0).inserted }
    }
    func quotedMatching(_ values: [String]) -> [String] {
      let prefix = inString ? String(typed.dropFirst()).lowercased() : lowerTyped
      return values.filter { $0.lowercased().hasPrefix(prefix) }.sorted {
        $0.localizedStandardLessForCompletion($1)
      }.map { "\"\($0)\"" }
    }
    func columnName(_ name: String) -> String {
      name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && !(name.first?.isNumber ?? true)
        ? name : "`\(name)`"
    }

    guard let first = tokens.first else {
      return matching(CommandTable.startWords + workspace.tableNames + ["_"])
    }
    let last = tokens[tokens.count - 1]
    let firstWord = first.text.lowercased()

    let command = tokens.count == 1 ? CommandTable.named(firstWord) : nil
    // File paths.
    if command?.completion == .path || last.isWord("to") {
      return paths(typed)
    }
    // The sheets of the workbook being loaded: load "FILE.xlsx" sheet <Tab> (or FILE.ods).
    if firstWord == "load", last.isWord("sheet"), tokens.count >= 3, tokens[1].kind == .string {
      let path = workspace.resolvePath(tokens[1].text)
      if path.lowercased().hasSuffix(".ods") {
        if let document = try? OpenDocument(path: path) { return quotedMatching(document.sheets) }
      } else if let book = try? Workbook(path: path) {
        return quotedMatching(book.sheets.map(\.name))
      }
    }
    switch command?.completion {
    case .commands: return matching(CommandTable.startWords)
    case .topics: return matching(FrameworkCommands.topics)
    default: break
    }
    if tokens.count == 1 && VerbTable.named(firstWord)?.follows == .tables {
      return matching(workspace.tableNames)
    }
    // Another table, part-way along: `join TABLE` (or `join left TABLE`), `using TABLE`.
    if tokens.count > 1, last.kind == .word, VerbTable.tableWords.contains(last.text.lowercased()) {
      let word = last.text.lowercased()
      if word == "join" { return matching(["inner", "left"] + workspace.tableNames) }
      if word == "using" || tokens[tokens.count - 2].isWord("join") {
        return matching(workspace.tableNames)
      }
    }
    if last.isSymbol("|") { return matching(VerbTable.all.map(\.name)) }
    if last.isWord("chart") { return matching(ChartKind.allCases.map(\.rawValue)) }
    if last.isWord("write") { return matching(WriteFormat.allCases.map(\.rawValue)) }
    if last.isWord("group") { return matching(["by"]) }
    if last.isWord("compare") { return matching(["with"]) }
    if last.isWord("share") { return matching(["of"]) }
    if last.isWord("of"), tokens.count >= 2, tokens[tokens.count - 2].isWord("share") {
      return matching(["scotland"])
    }
    if last.isWord("ci") { return matching(["off", "95", "99.8"]) }
    if last.isWord("funnelplot")
      || (last.isWord("plot") && tokens.count >= 2 && tokens[tokens.count - 2].isWord("funnel"))
    {
      return matching(["pooled", "against", "width", "title", "ascii", "highlight"])
    }
    // The groups defined, where one may stand: `compare with`, `against`, `in`, `highlight`.
    if last.isWord("with") || last.isWord("against") || last.isWord("in")
      || last.isWord("highlight"), !workspace.groups.isEmpty
    {
      let groups = workspace.groups.values.map(\.name).sorted()
      if last.isWord("with") { return matching(["scotland"] + groups) }
      if !last.isWord("in") || !typed.hasPrefix("(") { return matching(groups) }
    }
    if last.isWord("population") { return matching(["16+", "16-70", "all"]) }

    // The table the pipeline works on: its source, or the last result.
    var table: Table?
    if first.kind == .word, let named = try? workspace.table(named: first.text) {
      table = named
    } else if first.isWord("_") || VerbTable.named(first.text) != nil {
      table = workspace.last?.table
    }
    guard let table else { return [] }

    // Values of a column: after `COLUMN =`, `COLUMN !=`, `COLUMN in (` and commas in that list.
    if let column = valueColumn(tokens), let index = table.columnIndex(named: column) {
      if case .text(let text) = table.columns[index].data { return quotedMatching(text.dictionary) }
      if case .period(let periods) = table.columns[index].data {
        return matching(PeriodSpan(periods.dictionary).periods.map(\.description))
      }
      return []
    }
    // After a verb that takes columns, a keyword that does, a comma or a bracket: the columns.
    let takesColumns =
      last.kind == .word
      && (VerbTable.columnKeywords.contains(last.text.lowercased())
        || VerbTable.named(last.text)?.follows == .columns)
    if takesColumns || last.isSymbol(",") || last.isSymbol("(") {
      return matching(table.columnNames.map(columnName))
    }
    return []
  }

  /// The column whose values fit here: `area = `, `area in (`, `area in ("Fife", `.
  private func valueColumn(_ tokens: [Token]) -> String? {
    guard let last = tokens.last else { return nil }
    if last.isSymbol("=") || last.isSymbol("!="), tokens.count >= 2,
      tokens[tokens.count - 2].kind == .word || tokens[tokens.count - 2].kind == .quotedName
    {
      return tokens[tokens.count - 2].text
    }
    // Inside an open `in (` list.
    var depth = 0
    for k in stride(from: tokens.count - 1, through: 0, by: -1) {
      let t = tokens[k]
      if t.isSymbol(")") { depth += 1 }
      if t.isSymbol("(") {
        if depth == 0 {
          guard k >= 2, tokens[k - 1].isWord("in") else { return nil }
          return tokens[k - 2].text
        }
        depth -= 1
      }
      if t.isSymbol("|") { return nil }
    }
    return nil
  }

  /// Files and folders that start with what was typed, in quotes; folders end with `/` and stay open.
  private func paths(_ typed: String) -> [String] {
    var path = typed.hasPrefix("\"") ? String(typed.dropFirst()) : typed
    if path.hasSuffix("\"") { path.removeLast() }
    let slash = path.lastIndex(of: "/")
    let folderPart = slash.map { String(path[...$0]) } ?? ""
    let namePart = slash.map { String(path[path.index(after: $0)...]) } ?? path
    let folder = session.workspace.resolvePath(folderPart.isEmpty ? "." : folderPart)
    guard let names = FileBytes.names(inFolder: folder) else { return [] }
    var result: [String] = []
    for name in names {
      guard name != ".", name != "..", name.hasPrefix(namePart),
        !name.hasPrefix(".") || namePart.hasPrefix(".")
      else { continue }
      var info = stat()
      let isFolder = stat(folder + "/" + name, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
      result.append("\"" + folderPart + name + (isFolder ? "/" : "\""))
    }
    return result.sorted()
  }
}

extension String {
  func localizedStandardLessForCompletion(_ other: String) -> Bool {
    let (a, b) = (lowercased(), other.lowercased())
    return a != b ? a < b : self < other
  }
}
