import Framework
import Tables

extension Evaluator {
  /// How one pair of key columns is compared.
  private enum JoinMatch {
    /// Through the area resolver: any name or code, old or new, gives the area's current code.
    case area
    /// As periods of the same kind.
    case period
    /// As written: text exactly, numbers by value.
    case exact
  }

  /// `join [inner|left] TABLE on KEYS`: the columns of TABLE beside each row that matches it.
  ///
  /// TABLE must have one row per key, so a row never becomes two; the rows on either side that
  /// match nothing are counted and named in a note (an inner join leaves this table's out, a
  /// left join keeps them with empty cells), and no match at all is an error.
  func join(
    _ frame: Frame, _ otherName: Name, on keys: [JoinKey], keepAll: Bool, at range: SourceRange
  ) throws(Diagnostic) -> Frame {
    guard let other = try workspace.table(named: otherName.text) else {
      throw Diagnostic.unknown(
        "table", otherName.text, at: otherName.range, among: workspace.tableNames,
        help:
          "load it first, as in `load \"figures.csv\" as \(otherName.text)`; tables: \(workspace.tableNames.joined(separator: ", "))"
      )
    }
    let table = frame.table
    let leftRoles = Roles(table, resolver: resolver)
    let rightRoles = Roles(other, resolver: resolver)
    var pairs: [(Int, Int, JoinMatch)] = []
    for key in keys {
      let l = try column(key.left, in: table)
      guard let r = other.columnIndex(named: key.right.text) else {
        throw Diagnostic.unknown(
          "column", key.right.text, at: key.right.range, among: other.columnNames,
          help:
            "columns of \(otherName.text): \(other.columnNames.joined(separator: ", ")); say `on \(key.left.text) = COLUMN` when the names differ"
        )
      }
      guard !pairs.contains(where: { $0.0 == l }) else {
        throw Diagnostic("\(key.left.text) is matched on twice", at: key.left.range)
      }
      let lt = table.columns[l].data.type, rt = other.columns[r].data.type
      let match: JoinMatch
      if lt == .period || rt == .period {
        let lk = Self.periodKinds(table, l), rk = Self.periodKinds(other, r)
        if !lk.isEmpty, !rk.isEmpty, lk.isDisjoint(with: rk) {
          throw Diagnostic(
            "\(table.columns[l].name) holds \(Self.kindList(lk)) and \(otherName.text)'s \(other.columns[r].name) holds \(Self.kindList(rk)): they never name the same period",
            at: key.left.range.through(key.right.range),
            help:
              "a financial year is not a calendar year; derive a column of the same kind in one table first, or join on other columns"
          )
        }
        match = .period
      } else if leftRoles.areas.contains(l) || rightRoles.areas.contains(r) {
        match = .area
      } else {
        guard lt == rt else {
          throw Diagnostic(
            "\(table.columns[l].name) holds \(lt.rawValue) and \(otherName.text)'s \(other.columns[r].name) holds \(rt.rawValue)",
            at: key.left.range.through(key.right.range),
            help:
              "a key is matched as the same kind of value on both sides; load with `type COLUMN text` to read one as the other"
          )
        }
        match = .exact
      }
      pairs.append((l, r, match))
    }

    // The key of a row: nil when some part is missing or is not an area.
    var areaCache: [String: String?] = [:]
    func part(_ t: Table, _ row: Int, _ c: Int, _ match: JoinMatch) -> String? {
      let v = t.value(row: row, column: c)
      switch (match, v) {
      case (_, .missing): return nil
      case (.area, .text(let s)):
        if let hit = areaCache[s] { return hit }
        let code = resolver.resolve(s).map { "a\($0.code)" }
        areaCache[s] = code
        return code
      case (.area, _): return nil
      case (.period, .period(let p)): return "p\(p.kind.rawValue):\(p.ordinal)"
      case (.period, .text(let s)):
        return Period(parsing: s).map { "p\($0.kind.rawValue):\($0.ordinal)" }
      case (.period, .number(let n, _)):
        return n == n.rounded()
          ? Period(parsing: NumberFormatting.plain(n)).map { "p\($0.kind.rawValue):\($0.ordinal)" }
          : nil
      case (_, .text(let s)): return "t" + s
      case (_, .number(let n, _)): return "n\(n)"
      case (_, .boolean(let b)): return b ? "b1" : "b0"
      case (_, .period(let p)): return "p\(p.kind.rawValue):\(p.ordinal)"
      }
    }
    func key(_ t: Table, _ row: Int, left: Bool) -> String? {
      var parts: [String] = []
      for (l, r, match) in pairs {
        guard let p = part(t, row, left ? l : r, match) else { return nil }
        parts.append(p)
      }
      return parts.joined(separator: "\u{1F}")
    }
    func shown(_ t: Table, _ row: Int, left: Bool) -> String {
      pairs.map { (l, r, _) in
        switch t.value(row: row, column: left ? l : r) {
        case .text(let s): "\"\(s)\""
        case .missing(let reason): reason == .empty ? "(empty)" : reason.symbol
        case .number(let n, let m): NumberFormatting.plain(n) + (m?.symbol ?? "")
        case .period(let p): p.description
        case .boolean(let b): b ? "true" : "false"
        }
      }.joined(separator: " ")
    }

    var index: [String: Int] = [:]
    index.reserveCapacity(other.rowCount)
    var rightKeyless: [Int] = []
    for row in 0..<other.rowCount {
      if row & 0xFFFF == 0, Interruption.isRequested { throw Diagnostic.interrupted }
      guard let k = key(other, row, left: false) else {
        rightKeyless.append(row)
        continue
      }
      if let first = index[k] {
        throw Diagnostic(
          "\(otherName.text) has more than one row for \(shown(other, row, left: false)) (rows \(first + 1) and \(row + 1))",
          at: otherName.range,
          help:
            "join needs one row of \(otherName.text) for each key, or rows would be counted twice: filter or group \(otherName.text) first, or join on more columns"
        )
      }
      index[k] = row
    }
    var matches: [Int32] = []
    matches.reserveCapacity(table.rowCount)
    var unmatched: [Int] = []
    var used = [Bool](repeating: false, count: other.rowCount)
    for row in 0..<table.rowCount {
      if row & 0xFFFF == 0, Interruption.isRequested { throw Diagnostic.interrupted }
      if let k = key(table, row, left: true), let r = index[k] {
        matches.append(Int32(r))
        used[r] = true
      } else {
        matches.append(-1)
        unmatched.append(row)
      }
    }
    let matchedCount = table.rowCount - unmatched.count
    if matchedCount == 0 && table.rowCount > 0 {
      let example = shown(table, 0, left: true)
      let theirs = other.rowCount > 0 ? shown(other, 0, left: false) : "no rows"
      throw Diagnostic(
        "no row matches a row of \(otherName.text) on \(keys.map(\.left.text).joined(separator: ", "))",
        at: range,
        label: "this table's first key is \(example); \(otherName.text)'s is \(theirs)",
        help:
          "check that the columns hold the same things: areas resolve by name or code, periods must be the same kind"
      )
    }

    // The rows kept, and the other table's columns beside them.
    let kept: [Int] =
      keepAll ? Array(0..<table.rowCount) : (0..<table.rowCount).filter { matches[$0] >= 0 }
    var result =
      keepAll ? table.materialized() : table.selecting(rows: kept.map { Int32($0) }).materialized()
    let rightKeys = Set(pairs.map(\.1))
    var added: [String] = []
    for c in other.columns.indices where !rightKeys.contains(c) {
      var name = other.columns[c].name
      if result.columnIndex(named: name) != nil { name = "\(otherName.text)_\(name)" }
      var n = 2
      while result.columnIndex(named: name) != nil {
        name = "\(otherName.text)_\(other.columns[c].name)_\(n)"
        n += 1
      }
      let data = other.columns[c].data
      var format: NumberFormat?
      if case .number(let numbers) = data { format = numbers.format }
      let values: [Value] = kept.map { row in
        let r = Int(matches[row])
        return r >= 0 ? data.value(at: other.selection[r]) : .missing(.empty)
      }
      result = result.adding(name, ColumnData.build(values, format: format))
      added.append(name)
    }
    var out = Frame(table: result, origin: frame.origin)
    out.title = frame.title
    out.notes = frame.notes

    let on = keys.map {
      $0.left.text == $0.right.text ? $0.left.text : "\($0.left.text) = \($0.right.text)"
    }.joined(separator: ", ")
    func examples(_ rows: [Int], _ t: Table, left: Bool) -> String {
      var seen: [String] = []
      for row in rows {
        let s = shown(t, row, left: left)
        if !seen.contains(s) { seen.append(s) }
        if seen.count == 4 { break }
      }
      return seen.joined(separator: ", ") + (rows.count > seen.count ? ", ..." : "")
    }
    if unmatched.isEmpty {
      out.notes.append(
        Note(
          "join: every row matched a row of \(otherName.text) on \(on)", scope: .rows,
          columns: added))
    } else if keepAll {
      out.notes.append(
        Note(
          "join: \(NumberFormatting.format(Double(unmatched.count), decimals: 0)) of \(NumberFormatting.count(table.rowCount, "row")) matched no row of \(otherName.text) on \(on), kept with \(otherName.text)'s columns empty: \(examples(unmatched, table, left: true))",
          scope: .rows, columns: added, kind: .warning))
    } else {
      out.notes.append(
        Note(
          "join: \(NumberFormatting.format(Double(unmatched.count), decimals: 0)) of \(NumberFormatting.count(table.rowCount, "row")) matched no row of \(otherName.text) on \(on) and \(unmatched.count == 1 ? "is" : "are") left out (`join left` keeps them): \(examples(unmatched, table, left: true))",
          scope: .rows, columns: added, kind: .warning))
    }
    let unused = (0..<other.rowCount).filter { !used[$0] }
    if !unused.isEmpty {
      out.notes.append(
        Note(
          "join: \(NumberFormatting.count(unused.count, "row")) of \(otherName.text) matched no row here: \(examples(unused, other, left: false))",
          scope: .rows, columns: added))
    }
    return out
  }

  private static func periodKinds(_ t: Table, _ c: Int) -> Set<Period.Kind> {
    var kinds: Set<Period.Kind> = []
    switch t.columns[c].data {
    case .period:
      for row in 0..<t.rowCount {
        if case .period(let p) = t.value(row: row, column: c) { kinds.insert(p.kind) }
        if kinds.count == Period.Kind.allCases.count { break }
      }
    case .text(let text):
      for s in text.dictionary.prefix(10_000) {
        if let p = Period(parsing: s) { kinds.insert(p.kind) }
      }
    case .number(let numbers):
      if (0..<min(t.rowCount, 10_000)).contains(where: {
        numbers.number(at: t.selection[$0]) != nil
      }) {
        kinds.insert(.calendarYear)
      }
    case .boolean: break
    }
    return kinds
  }

  private static func kindList(_ kinds: Set<Period.Kind>) -> String {
    Period.Kind.allCases.filter { kinds.contains($0) }.map(\.pluralName).joined(separator: " and ")
  }
}
