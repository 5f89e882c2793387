import Query
import Rendering
import Tables

/// Figures quoted in narrative that stay true: `{{fife.value = 70.1%}}` in a notebook's text is
/// the value of the one-row result `fife` (kept with `let fife = ...`), as its table shows it,
/// with the value it had when the notebook was last updated after `=`.
///
/// `run --update` writes the new value in; `check` reports a quoted figure that changed as it
/// reports a changed output; `export` writes the value alone. `{{NAME}}` quotes the value column
/// of NAME, `{{NAME.COLUMN}}` another column. A name is looked up once every cell has run.
public enum LiveFigures {
  /// One quoted figure, where it is and what it holds.
  public struct Figure: Sendable, Equatable {
    /// The narrative block, among the document's blocks, and the line within it.
    public var block: Int
    public var line: Int
    /// The line in the file, for messages.
    public var fileLine: Int
    public var name: String
    public var column: String?
    /// The value written after `=`; nil when none is written yet.
    public var stored: String?
    /// The value today, or why there is none.
    public var current: Result<String, Failure>

    public var reference: String { column.map { "\(name).\($0)" } ?? name }
    public var changed: Bool { if case .success(let v) = current { v != stored } else { false } }
  }

  public struct Failure: Error, Sendable, Equatable {
    public var message: String
  }

  /// A quote's parts in a line: where `{{` starts and `}}` ends, the reference and stored value.
  struct Quote {
    var range: Range<String.Index>
    var name: String
    var column: String?
    var stored: String?
  }

  static func quotes(in line: String) -> [Quote] {
    var found: [Quote] = []
    // Most lines quote nothing: a look at their bytes, before Foundation's slower search.
    guard line.utf8.contains(0x7B) else { return [] }
    // `{{NAME}}` inside a code span is an example of the syntax, not a quote.
    var spans: [Range<String.Index>] = []
    var tick = line.startIndex
    while let open = line[tick...].firstIndex(of: "`"),
      let close = line[line.index(after: open)...].firstIndex(of: "`")
    {
      spans.append(open..<close)
      tick = line.index(after: close)
    }
    var rest = line.startIndex
    while let open = line.range(of: "{{", range: rest..<line.endIndex),
      let close = line.range(of: "}}", range: open.upperBound..<line.endIndex)
    {
      if spans.contains(where: { $0.contains(open.lowerBound) }) {
        rest = close.upperBound
        continue
      }
      let inside = line[open.upperBound..<close.lowerBound]
      var reference = inside
      var stored: String?
      if let eq = inside.firstIndex(of: "=") {
        reference = inside[..<eq]
        stored = inside[inside.index(after: eq)...].trimming(" ")
      }
      let ref = reference.trimming(" ")
      let parts = ref.split(separator: ".", maxSplits: 1).map(String.init)
      if let name = parts.first, !name.isEmpty,
        name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
      {
        found.append(
          Quote(
            range: open.lowerBound..<close.upperBound, name: name,
            column: parts.count > 1 ? parts[1] : nil, stored: stored))
      }
      rest = close.upperBound
    }
    return found
  }

  /// Every quoted figure of the document, valued in `workspace` (after its cells have run).
  public static func evaluate(
    _ document: NotebookDocument, in workspace: Workspace, options: RenderOptions
  ) -> [Figure] {
    var figures: [Figure] = []
    var fileLine = 1 + (document.frontMatter?.lines.count ?? 0)
    for (b, block) in document.blocks.enumerated() {
      switch block {
      case .cell(let cell):
        fileLine += cell.lines.count
      case .narrative(let lines):
        var fenced = false
        for (k, text) in lines.enumerated() {
          // Other fenced blocks (examples, text) hold no quotes.
          if text.hasPrefix("```") || text.hasPrefix("~~~") { fenced.toggle() }
          if fenced { continue }
          for q in quotes(in: text) {
            figures.append(
              Figure(
                block: b, line: k, fileLine: fileLine + k, name: q.name, column: q.column,
                stored: q.stored,
                current: value(q, in: workspace, options: options)))
          }
        }
        fileLine += lines.count
      }
    }
    return figures
  }

  static func value(_ q: Quote, in workspace: Workspace, options: RenderOptions) -> Result<
    String, Failure
  > {
    let table: Table?
    do { table = try workspace.table(named: q.name) } catch {
      return .failure(Failure(message: error.message))
    }
    guard let table else {
      return .failure(
        Failure(
          message:
            "there is no result called \(q.name): keep one with `let \(q.name) = ...` in a cell"))
    }
    guard table.rowCount == 1 else {
      return .failure(
        Failure(
          message:
            "\(q.name) has \(NumberFormatting.count(table.rowCount, "row")): a quoted figure needs a result of one row (`where` or `top 1` first)"
        ))
    }
    let column: Int?
    if let name = q.column {
      column = table.columnIndex(named: name)
      if column == nil {
        return .failure(
          Failure(
            message:
              "\(q.name) has no column \(name); its columns are \(table.columnNames.joined(separator: ", "))"
          ))
      }
    } else {
      column = Roles(table, resolver: workspace.resolver).value
      if column == nil {
        return .failure(
          Failure(message: "\(q.name) has no value column: name one, as in {{\(q.name).COLUMN}}"))
      }
    }
    return .success(TableRenderer.shownCell(table, row: 0, column: column ?? 0, options: options))
  }

  /// The document with each figure's value written in after `=`.
  public static func updated(_ document: NotebookDocument, _ figures: [Figure]) -> NotebookDocument
  {
    var out = document
    for (b, block) in document.blocks.enumerated() {
      guard case .narrative(var lines) = block else { continue }
      // The same lines as `evaluate` looked in: not inside other fenced blocks.
      let here = figures.filter { $0.block == b }
      guard !here.isEmpty else { continue }
      for k in lines.indices {
        let mine = here.filter { $0.line == k }
        guard !mine.isEmpty else { continue }
        var text = lines[k]
        // From the end, so that earlier ranges stay where they are.
        for (q, figure) in zip(quotes(in: text), mine).reversed() {
          guard case .success(let v) = figure.current else { continue }
          text.replaceSubrange(q.range, with: "{{\(figure.reference) = \(v)}}")
        }
        lines[k] = text
      }
      out.blocks[b] = .narrative(lines)
    }
    return out
  }

  /// A narrative line as a report shows it: each quote replaced by its value.
  public static func rendered(_ line: String) -> String {
    var text = line
    for q in quotes(in: line).reversed() {
      text.replaceSubrange(q.range, with: q.stored ?? "{{\(q.name)}}")
    }
    return text
  }
}
