/// One token of a command.
public struct Token: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// A bare word: a column, dataset, verb or keyword.
    case word
    /// A `backticked` name, for columns whose names are not words (`2019-20`, `Local authority`).
    case quotedName
    /// A "double-quoted" string.
    case string
    case number
    /// A period written as it is: `2021-22`, `2021/22`, `2021-2022`, `2021 Q3`, `2021-07`.
    case period
    /// Punctuation: `| = != < <= > >= ( ) , + - * / ; :`.
    case symbol
    case end
    // What only `Lexer.scan` gives: the separators between commands, and text that does not
    // read, kept so that splitting and completion see it where the parser would stop.
    /// A line end: `\n`, `\r\n` or `\r`.
    case lineEnd
    /// `-- ...` to the end of the line.
    case comment
    /// A string that runs to the end of the text; its text so far, escapes undone.
    case unclosedString
    /// A backticked name that runs to the end of the text.
    case unclosedName
    /// A character that means nothing in the language (`'`, `#`, `{`).
    case unknown
  }

  public var kind: Kind
  /// The token's text; for strings and quoted names, without the quotes and with escapes undone.
  public var text: String
  public var range: SourceRange

  public init(_ kind: Kind, _ text: String, _ range: SourceRange) {
    self.kind = kind
    self.text = text
    self.range = range
  }

  /// Whether this is the word `word`, ignoring case.
  public func isWord(_ word: String) -> Bool { kind == .word && text.lowercased() == word }

  public func isSymbol(_ symbol: String) -> Bool { kind == .symbol && text == symbol }

  /// How the token reads in a message: `"|"`, `"Fife"`, `the end of the line`.
  public var quoted: String {
    switch kind {
    case .end: "the end of the command"
    case .string: "\"\(text)\""
    case .quotedName: "`\(text)`"
    default: "`\(text)`"
    }
  }
}
