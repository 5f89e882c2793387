import Query
import Tables

/// One piece of what a command printed, and what it is: which stream it belongs to in batch use.
public struct OutputPiece: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    /// A result: a table, a chart, sentences, a table written as CSV. Standard output.
    case result
    /// What was done (`loaded t: ...`, `t: 12 rows × 6 columns`, `wrote 12 rows to ...`) and
    /// the notes about it. Standard error in batch use, where `--quiet` leaves it out.
    case status
    /// A warning about a result's figures. Standard error in batch use, even with `--quiet`.
    case warning
  }

  public var kind: Kind
  public var text: String
  /// For a warning: the result before it shows it already (a table's notes, a Markdown list),
  /// so that the screen does not show it twice; batch use repeats it on standard error when
  /// standard output is not a terminal, where the user would not see it.
  public var shownInResult: Bool

  public init(_ kind: Kind, _ text: String, shownInResult: Bool = false) {
    self.kind = kind
    self.text = text
    self.shownInResult = shownInResult
  }
}

/// Draws everything a command printed, as the REPL, `cjnb -c`, notebooks and exports show it.
public enum OutputRenderer {
  /// The screen form: every piece in order, warnings a result shows already left out.
  public static func render(_ output: CommandOutput, options: RenderOptions) -> String {
    screen(pieces(output, options: options))
  }

  /// Pieces as the screen shows them, one after another.
  public static func screen(_ pieces: [OutputPiece]) -> String {
    pieces.filter { !$0.shownInResult }.map(\.text).joined(separator: "\n")
  }

  /// What `output` prints, piece by piece, each saying what it is.
  public static func pieces(_ output: CommandOutput, options: RenderOptions) -> [OutputPiece] {
    output.blocks.flatMap { block -> [OutputPiece] in
      switch block {
      case .text(let s): [OutputPiece(.result, wrapped(s, options))]
      case .status(let s): [OutputPiece(.status, wrapped(s, options))]
      case .frame(let frame): pieces(frame, options: options)
      }
    }
  }

  public static func render(_ frame: Frame, options: RenderOptions) -> String {
    screen(pieces(frame, options: options))
  }

  /// A frame's pieces: its result, then the status and warnings that go with it.
  public static func pieces(_ frame: Frame, options: RenderOptions) -> [OutputPiece] {
    let warnings = frame.notes.filter(\.isWarning)
    func warningPieces(indent: String = "", shown: Bool) -> [OutputPiece] {
      warnings.map { OutputPiece(.warning, indent + fold($0.text, options), shownInResult: shown) }
    }
    switch frame.display {
    case nil, .allRows?:
      if let format = options.tableFormat { return pieces(frame, as: format, options: options) }
      let text = TableRenderer.render(frame, options: options, showAll: frame.display != nil)
      return [OutputPiece(.result, text)] + warningPieces(shown: true)
    case .data(let s, let notes)?:
      return [OutputPiece(.result, trimmed(fold(s, options)))]
        + notes.map { OutputPiece(.status, "note: " + fold($0.text, options)) }
        + warningPieces(shown: false)
    case .markdown(let s)?:
      return [OutputPiece(.result, trimmed(fold(s, options)))] + warningPieces(shown: true)
    case .prose(let s)?: return [OutputPiece(.result, wrapped(s, options))]
    case .message(let s)?:
      return [OutputPiece(.status, s)] + warningPieces(indent: "  ", shown: false)
    case .chart(let chart)?:
      return [OutputPiece(.result, ChartRenderer.render(chart, options: options))]
    }
  }

  /// A table result in a data format, as `| write FORMAT` would print it: its notes beside it.
  private static func pieces(_ frame: Frame, as format: WriteFormat, options: RenderOptions)
    -> [OutputPiece]
  {
    let table = frame.table
    let warnings = frame.notes.filter(\.isWarning)
    switch format {
    case .md:
      return [
        OutputPiece(.result, trimmed(fold(MarkdownDocument.table(table, of: frame), options)))
      ]
        + warnings.map { OutputPiece(.warning, fold($0.text, options), shownInResult: true) }
    case .csv, .tsv, .json, .xlsx:
      let text =
        format == .csv
        ? TableWriter.csv(table) : format == .tsv ? TableWriter.tsv(table) : TableWriter.json(table)
      return [OutputPiece(.result, trimmed(text))]
        + frame.notes.filter { !$0.isWarning }.map {
          OutputPiece(.status, "note: " + fold($0.text, options))
        }
        + warnings.map { OutputPiece(.warning, fold($0.text, options)) }
    }
  }

  private static func wrapped(_ s: String, _ options: RenderOptions) -> String {
    TextLayout.wrap(fold(s, options), options.width).joined(separator: "\n")
  }

  private static func fold(_ s: String, _ options: RenderOptions) -> String {
    options.ascii ? TextLayout.asciiFolded(s) : s
  }

  /// Without the line end a file's contents finish with: the stream adds its own.
  private static func trimmed(_ s: String) -> String {
    var text = s
    while text.hasSuffix("\n") { text.removeLast() }
    return text
  }
}
