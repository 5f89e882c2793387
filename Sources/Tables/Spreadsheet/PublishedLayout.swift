import Foundation

/// What loading recognised in a table published in the accessible-table style, kept with the
/// table (`Provenance.layout`) for `describe`, `unpivot`, `group by` and `clean`.
public struct LayoutFindings: Hashable, Sendable {
  /// The title above the table, as published ("Table 7(a) People convicted by main penalty, ...").
  public var title: String?
  /// What the figures count, from the title ("people convicted"): the name `unpivot` gives them.
  public var measure: String?
  /// Notes attached to column names and labels, with the note's text where the notes sheet has
  /// it: `2017-18` → `[note 7] Part of the change in ...`.
  public var annotations: [Annotation] = []
  /// Label columns with rows that are totals of the others, and those labels.
  public var totals: [Totals] = []
  /// Rows whose label says they are not counts of the measure (averages, medians, rates,
  /// percentages) in a label column: summing them with the counts is refused by leaving them out.
  public var otherMeasures: [Totals] = []
  /// Number columns named as periods (a wide table, one column per year).
  public var periodColumns: [String] = []
  /// What the workbook says its symbols mean ("n/l" → "the relevant legislation ...").
  public var symbols: [Symbol] = []
  /// Columns read as text because of a few cells that are neither numbers nor symbols.
  public var strays: [Stray] = []

  public init() {}

  public struct Annotation: Hashable, Sendable {
    public var column: String
    /// The label in the column, or nil for the column's name.
    public var label: String?
    public var note: String
    public var text: String?
  }

  public struct Totals: Hashable, Sendable {
    public var column: String
    public var labels: [String]
  }

  public struct Symbol: Hashable, Sendable {
    public var symbol: String
    public var meaning: String
    /// The sheet that says so.
    public var sheet: String
  }

  public struct Stray: Hashable, Sendable {
    public var column: String
    public var numbers: Int
    /// Each text that is not a number: how often, and the first line it is on.
    public var tokens: [Token]

    public struct Token: Hashable, Sendable {
      public var text: String
      public var count: Int
      public var line: Int
    }
  }

  /// The labels of `column` that are totals, if any.
  public func totalLabels(in column: String) -> [String] {
    totals.first { $0.column.lowercased() == column.lowercased() }?.labels ?? []
  }

  /// What the workbook says `symbol` means.
  public func meaning(of symbol: String) -> Symbol? {
    symbols.first { $0.symbol.lowercased() == symbol.lowercased() }
  }

  /// Whether `label` says its row is not a count: "Custody (average in days)", "Rate per 10,000".
  public static func isOtherMeasure(_ label: String) -> Bool {
    let l = label.lowercased()
    return [
      "average", "median", "mean ", "(mean)", "rate per", "per 10,000", "per 1,000", "per 100,000",
      "(%)", "percentage", "proportion",
    ].contains { l.contains($0) }
  }

  /// Whether `label` reads as a total of the rows beside it: "Total", "All", "All custody",
  /// "Scotland", "Total crimes", "Grand total".
  public static func isTotalLabel(_ label: String) -> Bool {
    let l = label.lowercased().trimming(" ")
    return l == "total" || l == "all" || l == "scotland" || l == "grand total"
      || l.hasPrefix("all ") || l.hasPrefix("total ") || l.hasSuffix(" total")
  }
}

extension Workbook {
  /// The layout of a published table recognised in a table read from a CSV file: note markers
  /// in names and labels, totals, periods as columns (a CSV has no cover or notes sheet).
  public static func recognisePublishedLayout(_ result: inout CSVResult) {
    var layout = PublishedLayout(front: [:])
    layout.tidy(&result)
  }
}

/// Recognises the accessible-table layout of published workbooks (cover sheet, notes sheet,
/// contents, one table per sheet, title rows above the header): navigation rows are left out,
/// a header of two rows becomes one name per column, `[note N]` markers and footnote digits
/// become annotations, totals and wide tables are recognised, and the cover and notes sheets
/// say what the notes and symbols mean. Each decision is said in a load note.
struct PublishedLayout {
  private var notes: [String: String] = [:]
  private var symbols: [LayoutFindings.Symbol] = []
  private var title: String?
  private var said: [String] = []

  init(front: [String: Workbook.Grid]) {
    for (sheet, grid) in front.sorted(by: { $0.key < $1.key }) {
      let isNotes = sheet.lowercased().hasPrefix("note")
      for row in grid.rows {
        let cells = row.cells.map { $0.text.trimming(" \t") }.filter { !$0.isEmpty }
        if isNotes, cells.count >= 2, let n = Self.noteNumber(cells[0]) {
          notes[n] = cells[1]
          continue
        }
        for (k, cell) in cells.enumerated() {
          if let symbol = Self.symbolDefinition(cell) {
            if !symbols.contains(where: { $0.symbol == symbol.symbol }) {
              symbols.append(.init(symbol: symbol.symbol, meaning: symbol.meaning, sheet: sheet))
            }
          } else if k + 1 < cells.count, Self.isSymbol(cells[k]), cells.count == 2 {
            if !symbols.contains(where: { $0.symbol == cells[k] }) {
              symbols.append(.init(symbol: cells[k], meaning: cells[k + 1], sheet: sheet))
            }
          }
        }
      }
    }
  }

  /// `7`, `note 7`, `[note 7]`, `Note 7` as the number 7.
  static func noteNumber(_ text: String) -> String? {
    var t = text.lowercased().trimming(" ")
    if t.hasPrefix("[") && t.hasSuffix("]") { t = String(t.dropFirst().dropLast()) }
    if t.hasPrefix("note") { t = String(t.dropFirst(4)).trimming(" ") }
    return !t.isEmpty && t.count <= 4 && t.allSatisfy(\.isNumber) ? t : nil
  }

  static func isSymbol(_ text: String) -> Bool {
    let t = text.lowercased()
    if MissingReason(bareSymbol: t) != nil || ["..", "*", "-"].contains(t) { return true }
    guard t.hasPrefix("["), t.hasSuffix("]"), t.count >= 3, t.count <= 6 else { return false }
    return t.dropFirst().dropLast().allSatisfy { $0 >= "a" && $0 <= "z" }
  }

  /// "n/l = the relevant legislation ...", "[x] = not available", "x: data not available".
  static func symbolDefinition(_ text: String) -> (symbol: String, meaning: String)? {
    for separator in [" = ", "= ", " =", ": ", " - ", " – "] {
      guard let range = text.range(of: separator) else { continue }
      let symbol = String(text[..<range.lowerBound]).trimming(" ")
      var meaning = String(text[range.upperBound...]).trimming(" ")
      guard isSymbol(symbol), !meaning.isEmpty else { continue }
      if meaning.hasSuffix(".") { meaning.removeLast() }
      return (symbol.lowercased(), meaning)
    }
    return nil
  }

  // MARK: - The sheet, before it is read

  /// Leaves out navigation rows and joins a header of two rows into one.
  mutating func prepare(_ grid: inout Workbook.Grid) {
    var navigation: [(row: Int, text: String)] = []
    grid.rows = grid.rows.filter { row in
      let filled = row.cells.filter { !$0.text.trimming(" ").isEmpty }
      guard filled.count == 1, Self.isNavigation(filled[0].text) else { return true }
      navigation.append((row.number, filled[0].text))
      return false
    }
    if !navigation.isEmpty {
      let shown = navigation.prefix(3).map { "row \($0.row) \"\(Self.clip($0.text))\"" }.joined(
        separator: ", ")
      said.append(
        "left out \(NumberFormatting.count(navigation.count, "navigation row")) (\(shown)\(navigation.count > 3 ? ", ..." : "")): links, not data"
      )
    }
    let rows = grid.rows.filter { !$0.cells.isEmpty }.sorted { $0.number < $1.number }
    guard grid.width >= 2 else { return }
    let filledCount = { (row: (number: Int, cells: [(column: Int, text: String)])) in
      row.cells.filter { !$0.text.trimming(" ").isEmpty }.count
    }
    guard
      let h = rows.firstIndex(where: {
        filledCount($0) >= 2 && Double(filledCount($0)) >= 0.5 * Double(grid.width)
      })
    else { return }
    if h > 0, filledCount(rows[0]) == 1 { title = rows[0].cells.first { !$0.text.isEmpty }?.text }
    // Two rows, the upper spanning the lower: a year over its quarters, a group over its parts.
    for upper in [h - 1, h] where upper >= 0 && upper + 1 < rows.count {
      let top = rows[upper]
      let bottom = rows[upper + 1]
      guard bottom.number == top.number + 1, filledCount(top) >= 2,
        filledCount(bottom) > filledCount(top)
      else { continue }
      var above: [Int: String] = [:]
      for c in top.cells where !c.text.isEmpty { above[c.column] = c.text.trimming(" ") }
      var below: [Int: String] = [:]
      for c in bottom.cells where !c.text.isEmpty { below[c.column] = c.text.trimming(" ") }
      // The lower row is names, not figures; some of its columns have nothing above them.
      guard !below.values.contains(where: { NumberParser.parse($0).kind != .invalid }) else {
        continue
      }
      guard below.keys.contains(where: { above[$0] == nil && $0 > (above.keys.min() ?? 0) }) else {
        continue
      }
      let firstAbove = above.keys.min() ?? 0
      var merged: [(column: Int, text: String)] = []
      var carried: String?
      for column in 0..<grid.width {
        if let a = above[column] { carried = a }
        let group = column >= firstAbove ? (above[column] ?? carried) : nil
        let name: String
        switch (group, below[column]) {
        case (let g?, let b?): name = "\(g) \(b)"
        case (let g?, nil): name = above[column] ?? g
        case (nil, let b?): name = b
        case (nil, nil): continue
        }
        merged.append((column, name))
      }
      grid.rows = grid.rows.compactMap { row in
        if row.number == top.number { return nil }
        if row.number == bottom.number { return (row.number, merged) }
        return row
      }
      let examples = merged.filter { below[$0.column] != nil && above[$0.column] == nil }.prefix(2)
        .map { "\"\($0.text)\"" }.joined(separator: ", ")
      said.append(
        "read the header's two rows (\(top.number) and \(bottom.number)) as one name per column, e.g. \(examples)"
      )
      return
    }
  }

  static func isNavigation(_ text: String) -> Bool {
    let l = text.lowercased().trimming(" ")
    return [
      "return to", "back to", "go to", "link to", "jump to", "view the notes", "see the notes",
    ].contains { l.hasPrefix($0) } && l.count < 60
  }

  // MARK: - The table, once read

  /// Takes `[note N]` markers and footnote digits out of names and labels, and records totals,
  /// period columns, the measure and what symbols mean.
  mutating func tidy(_ result: inout CSVResult) {
    var findings = result.table.provenance.layout
    findings.title = title.map { Self.withoutNotes($0).text }
    findings.measure = title.flatMap(Self.measure)
    if !symbols.isEmpty {
      var used = Set<UInt8>()
      for column in result.table.columns {
        guard case .number(let n) = column.data, let status = n.status else { continue }
        for s in status where s.isMissing { used.insert(s.rawValue & 0x1F) }
      }
      let usedSymbols = Set(used.compactMap { MissingReason(rawValue: $0)?.symbol })
      findings.symbols = symbols.filter { usedSymbols.contains($0.symbol) }
    }

    var columns = result.table.columns
    var renamed: [String] = []
    var taken = Set(columns.map { $0.name.lowercased() })
    for j in columns.indices {
      let (name, markers) = Self.withoutNotes(columns[j].name)
      guard !markers.isEmpty, !name.isEmpty else { continue }
      guard !taken.contains(name.lowercased()) || name.lowercased() == columns[j].name.lowercased()
      else { continue }
      taken.remove(columns[j].name.lowercased())
      taken.insert(name.lowercased())
      for m in markers {
        findings.annotations.append(
          .init(column: name, label: nil, note: "[note \(m)]", text: notes[m]))
      }
      renamed.append("\"\(Self.clip(columns[j].name))\" is \(name)")
      for k in findings.strays.indices where findings.strays[k].column == columns[j].name {
        findings.strays[k].column = name
      }
      columns[j] = Column(name: name, data: columns[j].data)
    }
    if !renamed.isEmpty {
      said.append(
        "took note markers out of \(NumberFormatting.count(renamed.count, "column name")) (\(renamed.prefix(3).joined(separator: "; "))\(renamed.count > 3 ? "; ..." : "")); `describe` lists the notes"
      )
    }
    var labelled = 0
    var example: String?
    for j in columns.indices {
      guard case .text(let text) = columns[j].data else { continue }
      var dictionary = text.dictionary
      var changed = false
      for k in dictionary.indices {
        var (label, markers) = Self.withoutNotes(dictionary[k])
        if markers.isEmpty, let (base, digit) = Self.footnoteDigits(label),
          notes.isEmpty || notes[digit] != nil
        {
          label = base
          markers = [digit]
        }
        guard !markers.isEmpty, !label.isEmpty else { continue }
        for m in markers {
          findings.annotations.append(
            .init(column: columns[j].name, label: label, note: "[note \(m)]", text: notes[m]))
        }
        if example == nil { example = "\"\(Self.clip(dictionary[k]))\" is \(Self.clip(label))" }
        dictionary[k] = label
        changed = true
        labelled += 1
      }
      if changed {
        columns[j] = Column(name: columns[j].name, data: .text(Self.recoded(text, dictionary)))
      }
    }
    if labelled > 0 {
      said.append(
        "took note markers and footnote digits out of \(NumberFormatting.count(labelled, "label")) (\(example ?? "")); `describe` lists the notes"
      )
    }

    // Totals, in the first text column or any whose header is not about places.
    for column in columns {
      guard case .text(let text) = column.data else { continue }
      // Scotland beside the councils is the comparator areas already have, not a total to leave out.
      let placeColumn =
        [
          "area", "authority", "council", "region", "board", "geograph", "location", "place",
          "local", "name",
        ].contains { column.name.lowercased().contains($0) } || column.name.lowercased() == "la"
      let labels = text.dictionary.filter {
        LayoutFindings.isTotalLabel($0) && !(placeColumn && $0.lowercased() == "scotland")
      }
      guard !labels.isEmpty, labels.count < text.dictionary.count else { continue }
      findings.totals.append(.init(column: column.name, labels: labels))
      let others = text.dictionary.filter(LayoutFindings.isOtherMeasure)
      if !others.isEmpty, others.count < text.dictionary.count {
        findings.otherMeasures.append(.init(column: column.name, labels: others))
        said.append(
          "\(column.name): \(others.prefix(3).map { "\"\($0)\"" }.joined(separator: ", "))\(others.count > 3 ? " and \(others.count - 3) more" : "") \(others.count == 1 ? "is not a count" : "are not counts") like the rows beside \(others.count == 1 ? "it" : "them"): `group by` leaves \(others.count == 1 ? "it" : "them") out of sums"
        )
      }
      said.append(
        "\(column.name): \(labels.prefix(4).map { "\"\($0)\"" }.joined(separator: ", "))\(labels.count > 4 ? " and \(labels.count - 4) more" : "") \(labels.count == 1 ? "is a total" : "are totals") of the rows beside \(labels.count == 1 ? "it" : "them"): `group by` leaves \(labels.count == 1 ? "it" : "them") out of sums"
      )
    }
    let periods = columns.filter { column in
      if case .number = column.data { return Period(parsing: column.name) != nil }
      return false
    }.map(\.name)
    if periods.count >= 3 {
      findings.periodColumns = periods
      said.append(
        "a wide table: the periods \(periods[0]) .. \(periods[periods.count - 1]) are columns; `unpivot` makes one row per period, its figures named \(findings.measure.map { "\"\($0)\"" } ?? "value")"
      )
    }
    var table = Table(columns: columns, provenance: result.table.provenance)
    table.provenance.layout = findings
    result.table = table
    result.notes.append(contentsOf: said)
    said = []
  }

  /// A text column with its dictionary relabelled; labels that became the same are one code.
  static func recoded(_ text: TextColumn, _ dictionary: [String]) -> TextColumn {
    var index: [String: UInt32] = [:]
    var unique: [String] = []
    var map: [UInt32] = []
    // Interned by hand: swift-collections' OrderedSet would say this in one call, but the package does not depend on swift-collections and one loop is not worth a dependency.
    for label in dictionary {
      if let c = index[label] {
        map.append(c)
      } else {
        index[label] = UInt32(unique.count)
        map.append(UInt32(unique.count))
        unique.append(label)
      }
    }
    guard unique.count != dictionary.count else {
      return TextColumn(codes: text.codes, dictionary: unique, status: text.status)
    }
    let codes = text.codes.map { $0 == TextColumn.missingCode ? $0 : map[Int($0)] }
    return TextColumn(codes: codes, dictionary: unique, status: text.status)
  }

  /// The text without its `[note N]` markers, and the numbers of the notes.
  static func withoutNotes(_ text: String) -> (text: String, notes: [String]) {
    guard text.lowercased().contains("[note") else { return (text, []) }
    var out = ""
    var found: [String] = []
    var rest = Substring(text)
    // `[note 7]`, `[Note 3, 4]`, `[notes 26 and 27]`.
    while let open = rest.range(of: "[note", options: .caseInsensitive),
      let close = rest[open.upperBound...].firstIndex(of: "]")
    {
      var inside = rest[open.upperBound..<close]
      if inside.first == "s" || inside.first == "S" { inside = inside.dropFirst() }
      let words = inside.replacingOccurrences(of: ",", with: " ").split(separator: " ").filter {
        $0.lowercased() != "and" && $0 != "&"
      }
      guard !words.isEmpty, words.allSatisfy({ $0.allSatisfy(\.isNumber) }) else { break }
      out += rest[..<open.lowerBound]
      found += words.map(String.init)
      rest = rest[rest.index(after: close)...]
    }
    out += rest
    return (
      out.trimming(" ").replacingEvery("  ", with: " ").replacingEvery(" :", with: ":")
        .replacingEvery(" ,", with: ","), found
    )
  }

  /// `Other2` as Other and note 2: one or two digits stuck to a word of lower-case letters.
  static func footnoteDigits(_ label: String) -> (String, String)? {
    let digits = label.reversed().prefix { $0.isASCII && $0.isNumber }
    guard (1...2).contains(digits.count) else { return nil }
    let base = label.dropLast(digits.count)
    guard let last = base.last, last.isLowercase, base.count >= 3 else { return nil }
    // A code such as `NI10` or `S12000033` keeps its digits: the word before them is lower case.
    let word = base.split(separator: " ").last ?? Substring(base)
    guard word.dropFirst().allSatisfy({ $0.isLowercase }) else { return nil }
    return (String(base), String(digits.reversed()))
  }

  /// "Table 7(a) People convicted by main penalty, 2013-14 to 2022-23" as "people convicted".
  static func measure(_ title: String) -> String? {
    var t = withoutNotes(title).text
    // Only a table's own title says what it counts ("National Records of Scotland, ..." names a source).
    guard t.lowercased().hasPrefix("table") else { return nil }
    do {
      // "Table 7(a) ", "Table A1: ", "Table 3 - "
      var rest = t.dropFirst(5).drop { $0 == " " }
      rest = rest.drop { !$0.isWhitespace && $0 != ":" }
      rest = rest.drop { $0 == ":" || $0 == " " || $0 == "-" || $0 == "–" }
      t = String(rest)
    }
    for cut in [" by ", ", ", " in Scotland", " for ", " per "] {
      if let r = t.range(of: cut) { t = String(t[..<r.lowerBound]) }
    }
    t = t.trimming(" ,;:-")
    guard !t.isEmpty, t.count <= 60 else { return nil }
    // Lower case, unless a word is an acronym (CPO).
    let first = t.prefix(1)
    let second = t.dropFirst().prefix(1)
    if second.first?.isLowercase ?? true { t = first.lowercased() + t.dropFirst() }
    return t
  }

  static func clip(_ s: String) -> String { s.count > 40 ? String(s.prefix(37)) + "..." : s }
}
