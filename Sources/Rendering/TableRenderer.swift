import Query
import Tables

/// Draws a table as aligned text: numbers right-aligned with thousands separators, missing
/// cells as their symbols, a rule under the header. A table wider than the output has its text
/// columns shortened, then its last columns left out, and says so; a long table shows its first
/// rows and says how many more there are and how to see them.
public enum TableRenderer {
  /// The frame's title, table, notes and symbol legend as lines.
  public static func render(_ frame: Frame, options: RenderOptions, showAll: Bool = false) -> String
  {
    var lines: [String] = []
    if let title = frame.title { lines.append(Style.bold.apply(fold(title, options), options)) }
    lines += tableLines(frame.table, hints: frame.hints, options: options, showAll: showAll)
    let notes = Legend.adding(
      to: frame.notes.map { options.ascii ? ($0.ascii ?? $0.text) : $0.text }, for: frame.table)
    for note in notes {
      for line in TextLayout.wrap(fold(note, options), options.width, indent: "  ") {
        lines.append(Style.dim.apply(line, options))
      }
    }
    return lines.joined(separator: "\n")
  }

  static func fold(_ s: String, _ options: RenderOptions) -> String {
    options.ascii ? TextLayout.asciiFolded(s) : s
  }

  /// One cell as the table would show it (`70.1%`, `12,150`, `[c]`), for quoting in text.
  public static func shownCell(_ table: Table, row: Int, column: Int, options: RenderOptions)
    -> String
  {
    let c = table.columns[column]
    return TextLayout.visible(
      cell(
        table.value(row: row, column: column), column: c, format: CellText.format(of: c, in: table),
        hint: nil, options: options))
  }

  /// The signs a Unicode terminal shows for the words of a hinted column.
  static let directionSigns = ["up": "▲", "down": "▼", "same": "="]
  static let cautionSigns = ["pandemic": "†"]

  /// The text of one cell as shown; `format` is the column's, fitted to the rows shown.
  static func cell(
    _ value: Value, column: Column, format: NumberFormat?, hint: ColumnHint?, options: RenderOptions
  ) -> String {
    guard case .text(var s) = value else { return CellText.shown(value, format: format) }
    // Line ends and tabs as spaces, terminal controls written out: a cell is one line of text.
    s = TextLayout.visible(s)
    if !options.ascii, let hint {
      let signs = hint == .directions ? Self.directionSigns : Self.cautionSigns
      s = s.parts(separatedBy: ", ").map { signs[$0] ?? $0 }.joined(separator: " ")
    }
    return fold(s, options)
  }

  static func tableLines(
    _ table: Table, hints: [String: ColumnHint], options: RenderOptions, showAll: Bool
  ) -> [String] {
    guard !table.columns.isEmpty else { return ["  (no columns)"] }
    let total = table.rowCount
    var shown = showAll || total <= options.maxRows ? total : max(1, options.maxRows - 2)
    // Drawing millions of rows takes a while: Ctrl-C stops it at the rows drawn so far.
    var interrupted = false
    let indent = "  "
    let gap = "  "

    var headers = table.columns.map { fold(TextLayout.visible($0.name), options) }
    let formats = CellText.formats(table.prefix(shown))
    var cells: [[String]] = table.columns.map { _ in
      var column: [String] = []
      column.reserveCapacity(shown)
      return column
    }
    for r in 0..<shown {
      if r & 8191 == 8191 && Interruption.isRequested {
        // Stopped: the first screenful, and how far it got; not everything drawn so far.
        shown = min(r, options.maxRows)
        for c in cells.indices { cells[c].removeSubrange(shown...) }
        interrupted = true
        break
      }
      for (c, column) in table.columns.enumerated() {
        cells[c].append(
          cell(
            table.value(row: r, column: c), column: column, format: formats[c],
            hint: hints[column.name], options: options))
      }
    }
    var rightAligned = table.columns.indices.map { c in
      table.columns[c].type == .number
        || (table.columns[c].type == .text && FigureText.isFigureColumn(cells[c]))
    }
    var widths = table.columns.indices.map { c in
      max(TextLayout.width(headers[c]), cells[c].map(TextLayout.width).max() ?? 0)
    }
    func totalWidth() -> Int {
      indent.count + widths.reduce(0, +) + gap.count * max(0, widths.count - 1)
    }
    func remove(_ c: Int) {
      headers.remove(at: c)
      rightAligned.remove(at: c)
      cells.remove(at: c)
      widths.remove(at: c)
    }

    // Fit: first say once what every row has in common, then shorten the widest text columns,
    // then leave out columns from the right.
    var common: [String] = []
    if totalWidth() > options.width && total > 1 && shown == total {
      for c in stride(from: headers.count - 1, through: 0, by: -1) where headers.count > 1 {
        guard let first = cells[c].first, !first.isEmpty, cells[c].allSatisfy({ $0 == first })
        else { continue }
        common.insert("\(headers[c]) \(first)", at: 0)
        remove(c)
      }
    }
    // A text column at the right edge wraps onto more lines rather than losing its end.
    var wrapLast = false
    if totalWidth() > options.width, let last = widths.indices.last, !rightAligned[last],
      widths.count > 1
    {
      let room = options.width - (totalWidth() - widths[last])
      if room >= 16 {
        widths[last] = room
        wrapLast = true
      }
    }
    let shortest = 10
    while totalWidth() > options.width {
      let candidates = widths.indices.filter { !rightAligned[$0] && widths[$0] > shortest }
      guard let widest = candidates.max(by: { widths[$0] < widths[$1] }) else { break }
      widths[widest] -= min(widths[widest] - shortest, totalWidth() - options.width)
    }
    // The columns in blocks that each fit: one block, less the columns left out, on a screen;
    // in a notebook, further blocks for the rest, each led by the columns that label the rows.
    var blocks: [[Int]] = [Array(widths.indices)]
    var hidden: [String] = []
    func width(of columns: [Int]) -> Int {
      indent.count + columns.map { widths[$0] }.reduce(0, +) + gap.count * max(0, columns.count - 1)
    }
    if options.keepsEveryColumn && totalWidth() > options.width && widths.count > 1 {
      var labels: [Int] = []
      for c in widths.indices
      where !rightAligned[c] && labels.count == c && width(of: labels + [c]) <= options.width / 2 {
        labels.append(c)
      }
      blocks = []
      var current: [Int] = []
      for c in widths.indices {
        if !current.isEmpty && width(of: current + [c]) > options.width
          && current.count > (blocks.isEmpty ? 0 : labels.count)
        {
          blocks.append(current)
          current = labels.contains(c) ? [] : labels
        }
        current.append(c)
      }
      if !current.isEmpty { blocks.append(current) }
    } else {
      while totalWidth() > options.width && widths.count > 1 {
        hidden.insert(headers[widths.count - 1], at: 0)
        remove(widths.count - 1)
      }
      blocks = [Array(widths.indices)]
    }

    func line(_ values: [String], _ columns: [Int]) -> String {
      var parts: [String] = []
      var continuation: [String] = []
      let lastOfAll = columns.last == widths.count - 1
      for (k, v) in values.enumerated() {
        let c = columns[k]
        let last = k == values.count - 1 && lastOfAll
        var fitted = TextLayout.fit(v, widths[c], ascii: options.ascii)
        if last && wrapLast {
          let wrapped = TextLayout.wrap(v, widths[c])
          fitted = wrapped.first ?? ""
          continuation = Array(wrapped.dropFirst())
        }
        parts.append(
          rightAligned[c]
            ? TextLayout.padLeft(fitted, widths[c])
            : (last ? fitted : TextLayout.padRight(fitted, widths[c])))
      }
      var s = indent + parts.joined(separator: gap)
      while s.hasSuffix(" ") { s.removeLast() }
      let lead = String(
        repeating: " ", count: width(of: columns) - (columns.last.map { widths[$0] } ?? 0))
      for more in continuation { s += "\n" + lead + "  " + more }
      return s
    }

    var lines: [String] = []
    if !common.isEmpty {
      lines += TextLayout.wrap(
        "every row: " + common.joined(separator: " · "), options.width, indent: indent
      ).map { Style.dim.apply($0, options) }
    }
    let rule = options.ascii ? "-" : "─"
    for (b, columns) in blocks.enumerated() {
      if b > 0 { lines.append("") }
      lines.append(Style.bold.apply(line(columns.map { headers[$0] }, columns), options))
      lines.append(
        Style.dim.apply(
          indent
            + columns.map { String(repeating: rule, count: widths[$0]) }.joined(separator: gap),
          options))
      for r in 0..<shown { lines.append(line(columns.map { cells[$0][r] }, columns)) }
      if total == 0 { lines.append(indent + "(no rows)") }
    }
    if interrupted {
      lines.append(
        Style.dim.apply(
          indent
            + "(interrupted: the first \(NumberFormatting.count(shown, "row")) of \(NumberFormatting.format(Double(total), decimals: 0)))",
          options))
    } else if shown < total {
      let more = NumberFormatting.count(total - shown, "more row")
      lines.append(
        Style.dim.apply(
          indent + (options.ascii ? "..." : "…")
            + " \(more) of \(NumberFormatting.format(Double(total), decimals: 0)) (`show all` to see them, or `limit N`)",
          options))
    }
    if !hidden.isEmpty {
      lines.append(
        Style.dim.apply(
          indent + (options.ascii ? "..." : "…")
            + " \(NumberFormatting.count(hidden.count, "more column")) not shown: \(hidden.joined(separator: ", ")) (`select` the ones to see, or widen the terminal)",
          options))
    }
    return lines
  }
}
