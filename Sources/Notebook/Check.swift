/// Compares replayed outputs with the ones a notebook stores, and says what changed.
public enum Check {
  /// One cell whose output differs.
  public struct Difference: Sendable {
    public var index: Int
    public var line: Int
    public var expected: String
    public var actual: String

    /// A readable account: the cell, its line, the lines that differ and the values that changed.
    public func report(path: String) -> String {
      var lines = ["\(path):\(line): cell \(index + 1): output differs"]
      let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      for change in Check.diff(old, new).prefix(20) {
        switch change {
        case .removed(let s): lines.append("  - " + s)
        case .added(let s): lines.append("  + " + s)
        }
      }
      let values = Check.changedValues(old, new)
      // One change a line, as a person would say it; a long list is cut with its count.
      for value in values.prefix(12) {
        lines.append(
          value.hasPrefix("added") || value.hasPrefix("removed")
            ? "  " + value : "  changed: " + value)
      }
      if values.count > 12 { lines.append("  and \(values.count - 12) more changes") }
      return lines.joined(separator: "\n")
    }
  }

  /// The cells whose replayed output is not what the notebook holds.
  public static func differences(_ results: [CellResult]) -> [Difference] {
    results.compactMap { r in
      let expected = r.cell.output ?? ""
      guard r.error == nil, expected != r.output else { return nil }
      return Difference(index: r.index, line: r.cell.line, expected: expected, actual: r.output)
    }
  }

  enum Change: Equatable {
    case removed(String)
    case added(String)
  }

  /// The lines removed and added, by the longest common subsequence.
  static func diff(_ a: [String], _ b: [String]) -> [Change] {
    // The common start and end need no table; what is left is compared line by line, within a
    // bound on memory (an output of many thousands of lines from someone else's notebook must
    // not take gigabytes): past it, the old lines are removed and the new added.
    var prefix = 0
    while prefix < a.count && prefix < b.count && a[prefix] == b[prefix] { prefix += 1 }
    var suffix = 0
    while suffix < a.count - prefix && suffix < b.count - prefix
      && a[a.count - 1 - suffix] == b[b.count - 1 - suffix]
    { suffix += 1 }
    let a = Array(a[prefix..<(a.count - suffix)])
    let b = Array(b[prefix..<(b.count - suffix)])
    if a.count * b.count > 4_000_000 { return a.map(Change.removed) + b.map(Change.added) }
    let n = a.count
    let m = b.count
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var changes: [Change] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n && j < m && a[i] == b[j] {
        i += 1
        j += 1
      } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
        changes.append(.added(b[j]))
        j += 1
      } else {
        changes.append(.removed(a[i]))
        i += 1
      }
    }
    // Removals before additions reads better: all of a changed line's old form, then the new.
    var ordered: [Change] = []
    var pendingAdds: [Change] = []
    for c in changes {
      if case .added = c {
        pendingAdds.append(c)
      } else {
        if !pendingAdds.isEmpty
          && ordered.last.map({ if case .removed = $0 { false } else { true } }) == true
        {
          ordered += pendingAdds
          pendingAdds = []
        }
        ordered.append(c)
      }
    }
    return ordered + pendingAdds
  }

  /// Figures that changed between two outputs, each as it was and as it is: the cells of
  /// tables matched by their rows' labels.
  static func changedFigures(_ old: [String], _ new: [String]) -> [(old: String, new: String)] {
    let before = OutputLayout(old)
    let after = OutputLayout(new)
    var result: [(String, String)] = []
    for (a, b) in zip(before.tables, after.tables) {
      let oldRows = Dictionary(
        a.rows.map { (a.key(of: $0), $0) }, uniquingKeysWith: { first, _ in first })
      for row in b.rows {
        guard let previous = oldRows[b.key(of: row)] else { continue }
        for (c, header) in b.headers.enumerated() where c >= b.keyCount {
          guard let oc = a.headers.firstIndex(of: header), oc < previous.count, c < row.count,
            previous[oc] != row[c],
            OutputLayout.isFigure(previous[oc]), !previous[oc].hasPrefix("[")
          else { continue }
          result.append((previous[oc], row[c]))
        }
      }
    }
    return result
  }

  /// Narrative that quotes a figure which has changed: the line, the figure and what it became.
  /// A sentence written around last year's figures stays in the notebook after `--update`
  /// unless somebody notices; this is how it is noticed.
  public static func staleNarrative(_ document: NotebookDocument, _ results: [CellResult])
    -> [String]
  {
    var changes: [(old: String, new: String, cell: Int)] = []
    for r in results {
      guard let stored = r.cell.output, stored != r.output else { continue }
      let pairs = changedFigures(
        stored.split(separator: "\n", omittingEmptySubsequences: false).map(String.init),
        r.output.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
      // A figure that is still shown somewhere in the new output is not stale (counts of 1 and
      // 2 move between rows all the time); small whole numbers say too little to flag.
      for p in pairs
      where !(Int(p.old).map { $0 < 10 } ?? false) && !r.output.contains(" \(p.old) ") {
        if !changes.contains(where: { $0.old == p.old }) { changes.append((p.old, p.new, r.index)) }
      }
    }
    guard !changes.isEmpty else { return [] }
    var found: [String] = []
    var line = 1 + (document.frontMatter?.lines.count ?? 0)
    for block in document.blocks {
      switch block {
      case .narrative(let lines):
        for (k, text) in lines.enumerated() {
          // Words as figures are written: "1,234" keeps its comma, "45.5%," loses the one after.
          let words = Set(
            text.split(whereSeparator: { $0 == " " || $0 == "(" || $0 == ")" || $0 == ";" }).map {
              w -> String in
              var s = String(w)
              while s.hasSuffix(".") || s.hasSuffix(":") || s.hasSuffix(",") { s.removeLast() }
              return s
            })
          for c in changes where words.contains(c.old) {
            found.append(
              "line \(line + k): the narrative quotes \(c.old), which cell \(c.cell + 1) now gives as \(c.new)"
            )
          }
        }
        line += lines.count
      case .cell(let cell):
        line += cell.lines.count
      }
    }
    return found
  }

  /// What changed, said as a person would: for a table, each figure by its row's labels
  /// (`Fife · 2023-24 · CPOs completed: 70.1% → 72.0%`, the column named unless it is the
  /// value), rows added or removed as such; for sentences and notes, the sentence before and
  /// after with the changed figures marked.
  static func changedValues(_ old: [String], _ new: [String]) -> [String] {
    let before = OutputLayout(old)
    let after = OutputLayout(new)
    var result: [String] = []
    // Tables in the same place: rows matched by their labels.
    for (a, b) in zip(before.tables, after.tables) {
      let oldRows = Dictionary(
        a.rows.map { (a.key(of: $0), $0) }, uniquingKeysWith: { first, _ in first })
      let newRows = Dictionary(
        b.rows.map { (b.key(of: $0), $0) }, uniquingKeysWith: { first, _ in first })
      for row in b.rows {
        let key = b.key(of: row)
        guard let previous = oldRows[key] else {
          result.append("added row: " + (key.isEmpty ? row.joined(separator: " ") : key))
          continue
        }
        for (c, header) in b.headers.enumerated() where c >= b.keyCount {
          guard let oc = a.headers.firstIndex(of: header), oc < previous.count, c < row.count,
            previous[oc] != row[c]
          else { continue }
          let label = [key, header == "value" || b.headers.count - b.keyCount == 1 ? "" : header]
            .filter { !$0.isEmpty }.joined(separator: " · ")
          result.append(
            "\(label.isEmpty ? header : label): \(previous[oc].isEmpty ? "(empty)" : previous[oc]) → \(row[c].isEmpty ? "(empty)" : row[c])"
          )
        }
      }
      for row in a.rows where newRows[a.key(of: row)] == nil {
        let key = a.key(of: row)
        result.append("removed row: " + (key.isEmpty ? row.joined(separator: " ") : key))
      }
    }
    // Sentences and notes: those that changed, old and new, the changed words marked.
    let oldProse = before.prose
    let newProse = after.prose
    let changes = diff(oldProse, newProse)
    let removed = changes.compactMap { if case .removed(let s) = $0 { s } else { nil } }
    let added = changes.compactMap { if case .added(let s) = $0 { s } else { nil } }
    for (x, y) in zip(removed, added) {
      let (mx, my) = marked(x, y)
      result.append("«\(mx)» → «\(my)»")
    }
    for x in removed.dropFirst(added.count) { result.append("removed: «\(x)»") }
    for y in added.dropFirst(removed.count) { result.append("added: «\(y)»") }
    return result
  }

  /// Two sentences with the words that differ between them in `**`, when they have as many
  /// words; as they are otherwise.
  static func marked(_ a: String, _ b: String) -> (String, String) {
    let wa = a.split(separator: " ").map(String.init)
    let wb = b.split(separator: " ").map(String.init)
    guard wa.count == wb.count else { return (a, b) }
    var ma: [String] = []
    var mb: [String] = []
    for (x, y) in zip(wa, wb) {
      ma.append(x == y ? x : "**\(x)**")
      mb.append(x == y ? y : "**\(y)**")
    }
    return (ma.joined(separator: " "), mb.joined(separator: " "))
  }
}

/// A cell's output read back into its parts: the tables (by the rule under their header) and
/// the prose around them (sentences, notes), so that a change can be described by meaning.
struct OutputLayout {
  struct Table {
    var headers: [String]
    var rows: [[String]]
    /// The leading columns that label a row (area, year, measure): those before the first
    /// column holding a figure.
    var keyCount: Int

    func key(of row: [String]) -> String {
      row.prefix(keyCount).filter { !$0.isEmpty }.joined(separator: " · ")
    }
  }

  var tables: [Table] = []
  /// Paragraphs outside tables, their wrapped lines joined: one sentence, note or line each.
  var prose: [String] = []

  init(_ lines: [String]) {
    var i = 0
    var paragraph: [String] = []
    var paragraphIsNote = false
    func flush() {
      if !paragraph.isEmpty { prose.append(paragraph.joined(separator: " ")) }
      paragraph = []
    }
    while i < lines.count {
      let line = lines[i]
      if i + 1 < lines.count, let spans = Self.ruleSpans(lines[i + 1]), spans.count >= 1 {
        flush()
        let headers = spans.map { Self.cut(line, $0) }
        var rows: [[String]] = []
        var j = i + 2
        while j < lines.count, Self.fits(lines[j], spans) {
          rows.append(spans.map { Self.cut(lines[j], $0) })
          j += 1
        }
        let figures =
          spans.indices.first { c in rows.contains { Self.isFigure($0[c]) } } ?? spans.count
        tables.append(Table(headers: headers, rows: rows, keyCount: figures))
        i = j
        continue
      }
      // A line indented four is the continuation of the note or sentence above it.
      let trimmed = line.trimming(" ")
      if trimmed.isEmpty {
        flush()
      } else if line.hasPrefix("    ") && !paragraph.isEmpty {
        paragraph.append(trimmed)
      } else if line.hasPrefix("  ") {
        flush()
        paragraph.append(trimmed)
      } else {
        // Prose drawn at the width runs on from line to line (split into sentences below); a
        // note above it ends where the prose starts.
        if paragraphIsNote { flush() }
        paragraph.append(trimmed)
        paragraphIsNote = false
        i += 1
        continue
      }
      if line.hasPrefix("  ") && !line.hasPrefix("    ") { paragraphIsNote = true }
      i += 1
    }
    flush()
    // Wrapped prose into sentences.
    prose = prose.flatMap(Self.sentences)
  }

  /// The column spans of a table's rule (`  ────  ─────`), or nil when the line is not one.
  static func ruleSpans(_ line: String) -> [Range<Int>]? {
    let chars = Array(line)
    guard chars.contains(where: { $0 == "─" || $0 == "-" }),
      chars.allSatisfy({ $0 == " " || $0 == "─" || $0 == "-" })
    else { return nil }
    var spans: [Range<Int>] = []
    var start: Int?
    for (k, ch) in chars.enumerated() {
      if ch != " " {
        if start == nil { start = k }
      } else if let s = start {
        spans.append(s..<k)
        start = nil
      }
    }
    if let s = start { spans.append(s..<chars.count) }
    // A rule has runs of two or more, and a lone "-" line is prose.
    return spans.allSatisfy({ $0.count >= 2 }) && !spans.isEmpty ? spans : nil
  }

  /// Whether a line is a row of the table: text only inside its columns.
  static func fits(_ line: String, _ spans: [Range<Int>]) -> Bool {
    let chars = Array(line)
    guard !line.trimming(" ").isEmpty, let last = spans.last, chars.count <= last.upperBound + 12
    else { return false }
    for (k, ch) in chars.enumerated() where ch != " " {
      // Right-aligned cells may start before their rule when the header is narrower.
      if !spans.contains(where: { $0.contains(k) }) && k < last.upperBound { return false }
    }
    return true
  }

  static func cut(_ line: String, _ span: Range<Int>) -> String {
    let chars = Array(line)
    guard span.lowerBound < chars.count else { return "" }
    return String(chars[span.lowerBound..<min(span.upperBound, chars.count)]).trimming(" ")
  }

  /// A figure as tables show them: `2,243`, `70.1%`, `+5`, `-0.4`, `123[p]`, `[c]`, `-`.
  static func isFigure(_ s: String) -> Bool {
    if s == "-" || (s.hasPrefix("[") && s.hasSuffix("]")) { return true }
    var body = Substring(s)
    if let bracket = body.firstIndex(of: "["), body.hasSuffix("]") { body = body[..<bracket] }
    if body.hasSuffix("%") { body = body.dropLast() }
    if body.hasPrefix("+") || body.hasPrefix("-") { body = body.dropFirst() }
    return !body.isEmpty && body.allSatisfy { $0.isNumber || $0 == "," || $0 == "." }
      && body.contains { $0.isNumber }
  }

  /// A paragraph's sentences: split after ". " where the next word starts a sentence.
  static func sentences(_ paragraph: String) -> [String] {
    var out: [String] = []
    var current = ""
    let words = paragraph.split(separator: " ", omittingEmptySubsequences: true)
    for (k, w) in words.enumerated() {
      current += (current.isEmpty ? "" : " ") + w
      let next = k + 1 < words.count ? words[k + 1] : nil
      if w.hasSuffix("."), let next, next.first?.isUppercase == true {
        out.append(current)
        current = ""
      }
    }
    if !current.isEmpty { out.append(current) }
    return out
  }
}
