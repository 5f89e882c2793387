import Ink
import Query
import Rendering
import Tables

/// Report snippets from a notebook: its narrative and its outputs, without the commands unless
/// asked. Markdown with Markdown tables and charts in monospace; one self-contained HTML file
/// with real tables, SVG charts (their text drawing beneath) and print styles; or a Word
/// document (`WordDocument`).
public enum Export {
  public enum Format: String, Sendable, CaseIterable { case md, html, docx }

  public struct Settings: Sendable {
    public var withCommands = false
    /// Counts under this are suppressed as [c] in exported tables.
    public var suppressBelow: Int?
    public var render = RenderOptions(width: 80)

    public init(
      withCommands: Bool = false, suppressBelow: Int? = nil,
      render: RenderOptions = RenderOptions(width: 80)
    ) {
      self.withCommands = withCommands
      self.suppressBelow = suppressBelow
      self.render = render
    }
  }

  /// One piece of exported content.
  enum Piece {
    case narrative(String)
    case command(String)
    case table(Frame, Table)
    case preformatted(String)
    /// A chart: drawn as SVG where the format can hold it, its text drawing otherwise.
    case chart(ChartData, text: String)
    /// A table `write md` drew, with the frame it drew (a Word document draws it again).
    case markdown(String, Frame)
    case paragraph(String)
  }

  static func pieces(_ document: NotebookDocument, _ results: [CellResult], _ settings: Settings)
    -> [Piece]
  {
    var pieces: [Piece] = []
    var cellIndex = 0
    for block in document.blocks {
      switch block {
      case .narrative(let lines):
        // Quoted figures are written as their values.
        pieces.append(.narrative(lines.map(LiveFigures.rendered).joined(separator: "\n")))
      case .cell(let cell):
        guard cell.isExported else {
          cellIndex += 1
          continue
        }
        if settings.withCommands { pieces.append(.command(cell.source)) }
        guard cellIndex < results.count else { break }
        for output in results[cellIndex].outputs {
          for b in output.blocks {
            // Bookkeeping lines (loaded, kept as) are not frames.
            guard case .frame(let frame) = b else { continue }
            switch frame.display {
            case nil, .allRows?:
              var table = frame.table
              if let below = settings.suppressBelow {
                table = Disclosure.suppress(table, below: below).table
              }
              // Rates whose counts a `select` left out: which come from small counts cannot be
              // told, so none is published.
              if let below = settings.suppressBelow, let basis = frame.rateBasis,
                table.columnIndex(named: basis.rate) != nil,
                table.columnIndex(named: basis.numerator) == nil
                  || table.columnIndex(named: basis.denominator) == nil
              {
                let withheld = [basis.rate, "lower", "upper"].filter {
                  table.columnIndex(named: $0) != nil
                }
                table = table.selectingColumns(
                  table.columns.indices.filter { !withheld.contains(table.columns[$0].name) })
                pieces.append(
                  .paragraph(
                    "[\(withheld.joined(separator: ", ")) withheld: the counts they are worked out from are not in the table, so the ones drawn from counts under \(below) cannot be told apart; keep \(basis.numerator) and \(basis.denominator) in it to export the rates suppressed.]"
                  ))
              }
              if case nil = frame.display, table.rowCount > settings.render.maxRows {
                table = table.prefix(settings.render.maxRows)
              }
              // Notes of columns no longer shown go with them.
              var described = frame
              described.notes = frame.notes.filter { note in
                note.columns.isEmpty
                  || note.columns.contains { table.columnIndex(named: $0) != nil }
              }
              pieces.append(.table(described, table))
            case .chart(let data)?:
              // Suppression reaches every figure that leaves cjnb: a chart's bars and points too.
              var shown = frame
              // A chart of rates (bars with their intervals, a funnel plot) drawn from small
              // counts would give them back through the rates: withheld, as narrative is.
              let ofRates =
                frame.rateBasis != nil || data.kind == .funnelPlot
                || data.bars.contains { $0.upper != nil }
              if let below = settings.suppressBelow, ofRates,
                Disclosure.holdsSmallCounts(frame.table, below: below)
              {
                pieces.append(
                  .paragraph(
                    "[Chart withheld: its rates are drawn from counts under \(below), which are suppressed; the table of the rates can be exported suppressed.]"
                  ))
                continue
              }
              var drawn = data
              if let below = settings.suppressBelow {
                drawn = Disclosure.suppress(data, below: below).chart
              }
              shown.display = .chart(drawn)
              pieces.append(
                .chart(drawn, text: OutputRenderer.render(shown, options: settings.render)))
            case .data(let s, _)?:
              if let below = settings.suppressBelow,
                Disclosure.holdsSmallCounts(frame.table, below: below)
              {
                pieces.append(
                  .paragraph(
                    "[Output withheld: it holds counts under \(below), which are suppressed; write it as a table to export it suppressed.]"
                  ))
              } else {
                pieces.append(.preformatted(s))
              }
            case .markdown(let s)?:
              if let below = settings.suppressBelow,
                Disclosure.holdsSmallCounts(frame.table, below: below)
              {
                // Drawn again from the table, suppressed as every other table of the export.
                let table = Disclosure.suppress(frame.table, below: below).table
                pieces.append(.table(frame, table))
              } else {
                pieces.append(.markdown(s, frame))
              }
            case .prose(let s)?:
              // Sentences quote their figures: with a small count among them they are withheld,
              // not published with it.
              if let below = settings.suppressBelow,
                Disclosure.holdsSmallCounts(frame.table, below: below)
              {
                pieces.append(
                  .paragraph(
                    "[Narrative withheld: it is drawn from counts under \(below), which are suppressed.]"
                  ))
              } else {
                pieces.append(.paragraph(s))
              }
            case .message?: break
            }
          }
        }
        cellIndex += 1
      }
    }
    return pieces
  }

  // MARK: - Markdown

  public static func markdown(
    _ document: NotebookDocument, results: [CellResult], settings: Settings
  ) -> String {
    var parts: [String] = []
    for piece in pieces(document, results, settings) {
      switch piece {
      case .narrative(let text):
        let trimmed = text.trimmingNewlines()
        if !trimmed.isEmpty { parts.append(trimmed) }
      case .command(let source): parts.append("```cjnb\n\(source)\n```")
      case .table(let frame, let table):
        var md = ""
        if let title = frame.title { md += "**\(title)**\n\n" }
        md += TableWriter.markdown(table).trimmingNewlines()
        let notes = tableNotes(frame, table, settings)
        if !notes.isEmpty { md += "\n\n" + notes.map { "- \($0)" }.joined(separator: "\n") }
        parts.append(md)
      case .preformatted(let text), .chart(_, let text): parts.append("```text\n\(text)\n```")
      case .markdown(let text, _): parts.append(text.trimmingNewlines())
      case .paragraph(let text): parts.append(text)
      }
    }
    return parts.joined(separator: "\n\n") + "\n"
  }

  /// The notes a table carries into a report: its own, what was left out, its symbols, its label.
  static func tableNotes(_ frame: Frame, _ table: Table, _ settings: Settings) -> [String] {
    var notes = frame.notes.map { settings.render.ascii ? ($0.ascii ?? $0.text) : $0.text }
    if table.rowCount < frame.table.rowCount {
      notes.append(
        "first \(table.rowCount) of \(NumberFormatting.format(Double(frame.table.rowCount), decimals: 0)) rows"
      )
    }
    if let below = settings.suppressBelow {
      notes.append(
        "counts under \(below) are suppressed as [c], with secondary suppression where a total would reveal them"
      )
    }
    notes = Legend.adding(to: notes, for: table)
    if let label = table.provenance.label { notes.append(label) }
    return notes
  }

  // MARK: - HTML

  public static func html(_ document: NotebookDocument, results: [CellResult], settings: Settings)
    -> String
  {
    let parser = MarkdownParser()
    var body: [String] = []
    for piece in pieces(document, results, settings) {
      switch piece {
      case .narrative(let text):
        let trimmed = text.trimmingNewlines()
        if !trimmed.isEmpty { body.append(HTMLAllowList.clean(parser.html(from: trimmed))) }
      case .command(let source): body.append("<pre class=\"command\">\(escape(source))</pre>")
      case .table(let frame, let table): body.append(htmlTable(frame, table, settings))
      case .preformatted(let text): body.append("<pre class=\"chart\">\(escape(text))</pre>")
      case .chart(let chart, let text):
        // The drawing, and the text drawing kept beneath it for readers and copying.
        let svg = SVGRenderer.element(chart).serialized()
        body.append(
          "<figure class=\"chart\">\n\(svg)\n<details class=\"chart-text\"><summary>The chart as text</summary>\n<pre class=\"chart\">\(escape(text))</pre>\n</details>\n</figure>"
        )
      case .markdown(let text, _):
        body.append(HTMLAllowList.clean(parser.html(from: text.trimmingNewlines())))
      case .paragraph(let text): body.append("<p>\(escape(text))</p>")
      }
    }
    let title = escape(document.title ?? "cjnb notebook")
    return """
      <!DOCTYPE html>
      <html lang="en-GB">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <meta name="generator" content="cjnb">
      <title>\(title)</title>
      <style>
      body { font-family: Arial, Helvetica, sans-serif; font-size: 11pt; line-height: 1.45; color: #1b1b1b; max-width: 46em; margin: 2em auto; padding: 0 1em; }
      h1, h2, h3 { line-height: 1.2; }
      table { border-collapse: collapse; margin: 0.6em 0 0.3em; font-size: 10pt; }
      caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 0.3em; }
      th, td { border: 1px solid #b1b4b6; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
      th { background: #f3f2f1; }
      td.num, th.num, td[align="right"], th[align="right"] { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
      ul.notes { margin: 0.2em 0 1.2em; padding-left: 1.2em; font-size: 9pt; color: #505a5f; }
      pre { font-family: "DejaVu Sans Mono", Menlo, Consolas, "Courier New", monospace; font-size: 9pt; line-height: 1.2; white-space: pre; overflow-x: auto; }
      pre.chart { line-height: 1.35; }
      figure.chart { margin: 1em 0; }
      figure.chart svg { max-width: 100%; height: auto; }
      details.chart-text summary { font-size: 9pt; color: #505a5f; cursor: pointer; }
      pre.command { background: #f3f2f1; padding: 0.5em; border-left: 3px solid #1d70b8; }
      @media print {
        body { max-width: none; margin: 0; font-size: 10pt; }
        table, pre, figure { page-break-inside: avoid; }
        details.chart-text { display: none; }
        pre { overflow: visible; }
        a { color: inherit; text-decoration: none; }
      }
      </style>
      </head>
      <body>
      \(body.joined(separator: "\n"))
      </body>
      </html>

      """
  }

  static func htmlTable(_ frame: Frame, _ table: Table, _ settings: Settings) -> String {
    var html = "<table>\n"
    if let title = frame.title { html += "<caption>\(escape(title))</caption>\n" }
    let formats = CellText.formats(table)
    let right = table.columns.indices.map { table.alignsRight(column: $0) }
    html +=
      "<thead><tr>"
      + table.columns.indices.map {
        "<th\(right[$0] ? " class=\"num\"" : "")>\(escape(table.columns[$0].name))</th>"
      }.joined() + "</tr></thead>\n<tbody>\n"
    for r in 0..<table.rowCount {
      html += "<tr>"
      for c in table.columns.indices {
        let text = CellText.shown(table.value(row: r, column: c), format: formats[c])
        html += "<td\(right[c] ? " class=\"num\"" : "")>\(escape(text))</td>"
      }
      html += "</tr>\n"
    }
    html += "</tbody>\n</table>"
    let notes = tableNotes(frame, table, settings)
    if !notes.isEmpty {
      html += "\n<ul class=\"notes\">" + notes.map { "<li>\(escape($0))</li>" }.joined() + "</ul>"
    }
    return html
  }

  static func escape(_ s: String) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for ch in s {
      switch ch {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(ch)
      }
    }
    return out
  }
}

extension String {
  func trimmingNewlines() -> String {
    var s = Substring(self)
    while let f = s.first, f == "\n" || f == "\r" { s.removeFirst() }
    while let l = s.last, l == "\n" || l == "\r" || l == " " { s.removeLast() }
    return String(s)
  }
}
