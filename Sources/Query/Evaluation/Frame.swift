import Tables

/// A note under a table: the text, an ASCII form where the text needs more than ASCII, and
/// what it describes, so that it stays true as later verbs change the table.
///
/// A note of the whole table (where its figures come from, how they were worked out, a caveat)
/// is carried through filters; a note of its rows (a summary of each series, a count of rows, the
/// largest drop) is dropped when rows are taken out, since it would describe rows no longer
/// shown. A note that names columns goes when all of them are dropped and follows a rename.
public struct Note: Sendable, Equatable {
  public enum Scope: Sendable, Equatable {
    /// True of any rows kept: the source, the method, a warning about the figures.
    case table
    /// True of these rows as they are: summaries and counts of them.
    case rows
  }

  /// Whether a note tells or warns.
  public enum Kind: Sendable, Equatable {
    /// Says something about the figures: where they come from, a summary.
    case note
    /// Says the figures may mislead as they stand (percentages summed, totals counted twice):
    /// it goes wherever they go, standard error included when they are written on standard output.
    case warning
  }

  public var text: String
  public var ascii: String?
  public var scope: Scope
  /// The columns it speaks of; empty when it speaks of the table as a whole.
  public var columns: [String]
  public var kind: Kind

  public init(
    _ text: String, ascii: String? = nil, scope: Scope = .table, columns: [String] = [],
    kind: Kind = .note
  ) {
    self.text = text
    self.ascii = ascii
    self.scope = scope
    self.columns = columns
    self.kind = kind
  }

  /// A warning, shown as "warning: TEXT".
  public static func warning(_ text: String, scope: Scope = .table, columns: [String] = []) -> Note
  {
    Note("warning: " + text, scope: scope, columns: columns, kind: .warning)
  }

  public var isWarning: Bool { kind == .warning }

  /// The notes of `before` that still hold of `after`, where `after` has the same rows or fewer,
  /// with `renamed` columns, followed by the notes `after` added itself.
  static func carried(
    _ notes: [Note], from before: Table, to after: Table, inherited: [Note],
    renamed: [String: String] = [:]
  ) -> [Note] {
    let rowsChanged = after.rowCount != before.rowCount
    let kept = Set(after.columnNames.map { $0.lowercased() })
    var out: [Note] = []
    for var note in notes {
      guard inherited.contains(note) else {
        out.append(note)
        continue
      }
      if rowsChanged && note.scope == .rows { continue }
      if !note.columns.isEmpty {
        note.columns = note.columns.map { renamed[$0.lowercased()] ?? $0 }
        if !note.columns.contains(where: { kept.contains($0.lowercased()) }) { continue }
      }
      out.append(note)
    }
    return out
  }
}

/// What a column's words are, so that a drawing may show them by a sign of its own (Rendering
/// decides which: a Unicode terminal shows `up` as ▲, ASCII and files keep the word).
public enum ColumnHint: Sendable, Equatable {
  /// `up`, `down` and `same`: the direction of a change.
  case directions
  /// Cautions about a period (`pandemic`), each a part of cells such as "pandemic, since 2018-19".
  case cautions
}

/// What a pipeline's last step asks to be shown instead of the table itself.
public enum Display: Sendable {
  /// The table, all of its rows.
  case allRows
  /// A table written in a data format (`write csv|tsv|json` to standard output): the bytes as
  /// they are, which the next program in a pipe reads. `notes` say how it was written
  /// (suppressed, rounded, cells Excel would run); they go beside the data, never in it.
  case data(String, notes: [Note])
  /// Markdown shown as it is (`write md`), which an export sets as Markdown: a real table.
  case markdown(String)
  /// Sentences, wrapped to the output's width.
  case prose(String)
  /// A chart, drawn by the renderer at the output's width.
  case chart(ChartData)
  /// A short confirmation in place of the table (`write ... to`): status, not a result, so it
  /// goes to standard error in batch use. The frame's warnings are shown under it.
  case message(String)
}

/// What flows through a pipeline: a table and what should be said with it.
public struct Frame: Sendable {
  public var table: Table
  /// A line above the table: what it is ("CPOs commenced per 10,000 aged 16-70, 2017-18").
  public var title: String?
  /// Lines below the table: series summaries, the population year used, caveats.
  public var notes: [Note] = []
  public var hints: [String: ColumnHint] = [:]
  public var display: Display?
  /// The table the pipeline started from, for verbs that need rows a filter removed (ranks
  /// among all 32 councils, Scotland as comparator).
  public var origin: Table?
  /// What every row is about when a verb dropped the column that said so: trend keeps the
  /// measure and area of its one series here, so that narrate can name them.
  public var context: [Roles.Role: String] = [:]
  /// What the table's rate was worked out from, set by `rate`: the funnel plot and pooled
  /// figures need the count and the denominator behind each rate, not the rate alone.
  public var rateBasis: RateBasis?
  /// Set by `rolling`: the table's figures pool windows of periods.
  public var rolling: RollingWindows?

  public init(table: Table, title: String? = nil, notes: [Note] = [], origin: Table? = nil) {
    self.table = table
    self.title = title
    self.notes = notes
    self.origin = origin
  }

  /// The frame a pipeline starts from when it continues this one (`_`, or a result kept with
  /// `let`) on `table`: everything said about the figures (title, notes, hints, context, what a
  /// rate was made of, rolling windows, the table it started from), but not how it was shown.
  /// One place, so that a new field of the frame is carried by every way back to it.
  func resumed(on table: Table) -> Frame {
    var frame = self
    frame.table = table
    frame.display = nil
    frame.origin = origin ?? table
    return frame
  }
}

/// The columns a rate was worked out from: `numerator / denominator`, a percentage when `per` is
/// nil (a proportion of whole counts), else per `per` (a count over a population or exposure).
public struct RateBasis: Sendable, Equatable {
  /// The rate's column.
  public var rate: String
  public var numerator: String
  public var denominator: String
  public var per: Double?

  public init(rate: String, numerator: String, denominator: String, per: Double?) {
    self.rate = rate
    self.numerator = numerator
    self.denominator = denominator
    self.per = per
  }

  public var isProportion: Bool { per == nil }
}

/// One piece of a command's output.
public enum OutputBlock: Sendable {
  case frame(Frame)
  /// Plain lines, shown as they are: a result (`explain NI4`).
  case text(String)
  /// What was done, not a result (`loaded t: ...`, `t: 12 rows × 6 columns`, with its notes):
  /// on screen in the REPL and in notebooks, on standard error in batch use.
  case status(String)
}

/// Everything a command printed.
public struct CommandOutput: Sendable {
  public var blocks: [OutputBlock]

  public init(_ blocks: [OutputBlock] = []) { self.blocks = blocks }

  public static func text(_ s: String) -> CommandOutput { CommandOutput([.text(s)]) }
  public static func status(_ s: String) -> CommandOutput { CommandOutput([.status(s)]) }
}
