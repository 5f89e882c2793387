import Framework
import Tables

/// Conditions compiled to a truth for each row: comparisons, membership, periods, `latest`.
extension ExpressionCompiler {
  func predicate(_ expr: Expr) throws(Diagnostic) -> RowPredicate {
    switch expr {
    case .and(let a, let b, _):
      let pa = try predicate(a)
      let pb = try predicate(b)
      return { r in
        let x = pa(r)
        if x == .no { return .no }
        let y = pb(r)
        if y == .no { return .no }
        return x == .yes && y == .yes ? .yes : .unknown
      }
    case .or(let a, let b, _):
      let pa = try predicate(a)
      let pb = try predicate(b)
      return { r in
        let x = pa(r)
        if x == .yes { return .yes }
        let y = pb(r)
        if y == .yes { return .yes }
        return x == .no && y == .no ? .no : .unknown
      }
    case .not(let inner, _):
      let p = try predicate(inner)
      return { r in p(r).negated }
    case .compare(let op, let lhs, let rhs, _):
      return try comparison(op, lhs, rhs)
    case .inList(let subject, let items, let negated, _):
      let p = try membership(subject, items)
      return negated ? { r in p(r).negated } : p
    case .inGroup(_, let group, _, _):
      // `where` puts a group's areas in its place; anywhere else it has no meaning.
      throw Diagnostic(
        "\"\(group.text)\" is not a group defined here", at: group.range,
        help: "define one first: group \(group.text) = (\"Orkney Islands\", \"Shetland Islands\")")
    case .between(let subject, let low, let high, let negated, let range):
      let p = try predicate(
        .and(
          .compare(.greaterOrEqual, subject, low, range),
          .compare(.lessOrEqual, subject, high, range), range))
      return negated ? { r in p(r).negated } : p
    case .isMissing(let subject, let negated, _):
      if case .column(let name) = subject {
        let data = table.columns[try column(name)].data
        return { r in (data.missing(at: r) != nil) != negated ? .yes : .no }
      }
      let f = try value(subject)
      return { r in f(r).isMissing != negated ? .yes : .no }
    case .last(let name, let n, _):
      return try latest(name, n)
    case .column(let name):
      if let i = table.columnIndex(named: name.text), case .boolean(let b) = table.columns[i].data {
        return { r in
          if let s = b.status?[r], s.isMissing { return .unknown }
          return b.values[r] ? .yes : .no
        }
      }
      _ = try column(name)
      throw Diagnostic(
        "\(name.text) is not a condition", at: name.range,
        label: "compare it with something, as in \(name.text) = \"...\"")
    default:
      throw Diagnostic(
        "this is not a condition", at: expr.range,
        label: "expected a comparison such as area = \"Fife\"")
    }
  }

  /// A literal's text, number or period, with its range.
  private func literal(_ e: Expr) -> (Value, String, SourceRange)? {
    switch e {
    case .string(let s, let r): (.text(s), s, r)
    case .number(let n, let r): (.number(n), NumberFormatting.plain(n), r)
    case .period(let p, let r): (.text(p), p, r)
    case .negate(.number(let n, _), let r): (.number(-n), NumberFormatting.plain(-n), r)
    default: nil
    }
  }

  private func comparison(_ op: Expr.Comparison, _ lhs: Expr, _ rhs: Expr) throws(Diagnostic)
    -> RowPredicate
  {
    if case .column(let name) = lhs, let lit = literal(rhs) {
      return try columnAgainst(try column(name), name, op, [lit])
    }
    if case .column(let name) = rhs, let lit = literal(lhs) {
      return try columnAgainst(try column(name), name, op.flipped, [lit])
    }
    let (fa, ta) = try typedValue(lhs)
    let (fb, tb) = try typedValue(rhs)
    guard ta == tb || ta == nil || tb == nil else {
      throw Diagnostic(
        "cannot compare \(ta?.name ?? "?") with \(tb?.name ?? "?")",
        at: lhs.range.through(rhs.range))
    }
    return { r in Self.compare(fa(r), fb(r), op) }
  }

  private func membership(_ subject: Expr, _ items: [Expr]) throws(Diagnostic) -> RowPredicate {
    if case .column(let name) = subject {
      var literals: [(Value, String, SourceRange)] = []
      for item in items {
        guard let lit = literal(item) else {
          throw Diagnostic(
            "a list after `in` holds values", at: item.range,
            label: "expected a \"string\", a number or a period")
        }
        literals.append(lit)
      }
      return try columnAgainst(try column(name), name, .equal, literals)
    }
    let f = try value(subject)
    let gs = try items.map { (e) throws(Diagnostic) -> RowValue in try value(e) }
    return { r in
      let v = f(r)
      if v.isMissing { return .unknown }
      return gs.contains { Self.compare(v, $0(r), .equal) == .yes } ? .yes : .no
    }
  }

  /// Whether a row's code is one that `matches` (unknown for a missing cell), read at the codes'
  /// stored width, chosen here once, not at every row.
  private static func byCode(_ codes: Codes, _ matches: [Bool]) -> RowPredicate {
    func at<C: FixedWidthInteger & UnsignedInteger>(_ stored: [C]) -> RowPredicate {
      { r in
        let c = stored[r]
        if c == C.max { return .unknown }
        return matches[Int(c)] ? .yes : .no
      }
    }
    return switch codes.storage {
    case .one(let a): at(a)
    case .two(let a): at(a)
    case .four(let a): at(a)
    }
  }

  /// `column OP literal` (or `column in (literals)`, OP being =), precomputed per dictionary
  /// entry for text and period columns.
  private func columnAgainst(
    _ index: Int, _ name: Name, _ op: Expr.Comparison, _ literals: [(Value, String, SourceRange)]
  ) throws(Diagnostic) -> RowPredicate {
    let column = table.columns[index]
    switch column.data {
    case .text(let text):
      let matches = try textMatches(
        text, column: column.name, isArea: roles.areas.contains(index), op: op, literals)
      return Self.byCode(text.codes, matches)
    case .period(let periods):
      let kinds = Set(periods.dictionary.map(\.kind))
      var targets: [Period] = []
      for (value, text, range) in literals {
        if case .number(let n, _) = value, n != n.rounded() {
          throw Diagnostic("\(text) is not a period", at: range)
        }
        targets.append(try period(text, range, column: column.name, kinds: kinds))
      }
      let matches = periods.dictionary.map { p in
        op == .equal
          ? targets.contains(p)
          : (op == .notEqual ? !targets.contains(p) : Self.holds(op, Self.order(p, targets[0])))
      }
      return Self.byCode(periods.codes, matches)
    case .number(let numbers):
      var targets: [Double] = []
      for (value, text, range) in literals {
        guard case .number(let n, _) = value else {
          if let n = Double(text.filter { $0 != "," }) {
            targets.append(n)
            continue
          }
          throw Diagnostic("\(column.name) holds numbers; \"\(text)\" is not one", at: range)
        }
        targets.append(n)
      }
      let values = numbers.values
      let status = numbers.status
      if op == .equal {
        let set = Set(targets)
        return { r in
          if let status, status[r].isMissing { return .unknown }
          return set.contains(values[r]) ? .yes : .no
        }
      }
      let target = targets[0]
      return { r in
        if let status, status[r].isMissing { return .unknown }
        let v = values[r]
        return Self.holds(op, v < target ? -1 : (v > target ? 1 : 0)) ? .yes : .no
      }
    case .boolean(let bools):
      var targets: [Bool] = []
      for (_, text, range) in literals {
        switch text.lowercased() {
        case "true", "yes": targets.append(true)
        case "false", "no": targets.append(false)
        default: throw Diagnostic("\(column.name) holds true or false", at: range)
        }
      }
      return { r in
        if let s = bools.status?[r], s.isMissing { return .unknown }
        let hit = targets.contains(bools.values[r])
        return (op == .notEqual ? !hit : hit) ? .yes : .no
      }
    }
  }

  /// Which dictionary entries meet the comparison. An equality that matches no entry at all is
  /// an error with suggestions: a misspelt measure or area must not give an empty answer.
  private func textMatches(
    _ text: TextColumn, column: String, isArea: Bool, op: Expr.Comparison,
    _ literals: [(Value, String, SourceRange)]
  ) throws(Diagnostic) -> [Bool] {
    let dictionary = text.dictionary
    if op != .equal && op != .notEqual {
      let target = literals[0].1.lowercased()
      return dictionary.map {
        Self.holds(op, $0.lowercased() < target ? -1 : ($0.lowercased() > target ? 1 : 0))
      }
    }
    var matches = [Bool](repeating: false, count: dictionary.count)
    let lowered = dictionary.map { $0.lowercased() }
    let areasOfEntries: [String?] = isArea ? dictionary.map { resolver.resolve($0)?.code } : []
    for (_, literal, range) in literals {
      var found = false
      let target = literal.lowercased()
      let area = isArea ? resolver.resolve(literal)?.code : nil
      for k in dictionary.indices
      where lowered[k] == target || (area != nil && areasOfEntries[k] == area) {
        matches[k] = true
        found = true
      }
      if !found {
        let what = isArea ? "area" : (column.lowercased() == "measure" ? "measure" : "value")
        var candidates = dictionary
        if isArea { candidates += resolver.suggestions(for: literal) }
        let close =
          Suggestions.closest(to: literal, in: candidates)
          + (isArea ? resolver.suggestions(for: literal) : [])
        var unique: [String] = []
        for c in close where !unique.contains(c) { unique.append(c) }
        let inTable = isArea && area != nil ? " is not in this table" : ""
        throw Diagnostic(
          area != nil
            ? "no rows for the area \"\(literal)\" in \(column)"
            : "no \(what) \"\(literal)\" in \(column)\(inTable)", at: range,
          label: unique.isEmpty
            ? nil : "did you mean \(Suggestions.phrase(Array(unique.prefix(3))))?",
          help: dictionary.count <= 30
            ? "\(column) holds: \(dictionary.sorted(by: NaturalOrder.precedes).joined(separator: ", "))"
            : nil)
      }
    }
    if op == .notEqual { return matches.map { !$0 } }
    return matches
  }

  /// A period literal read in the light of the column's kind of period.
  private func period(_ text: String, _ range: SourceRange, column: String, kinds: Set<Period.Kind>)
    throws(Diagnostic) -> Period
  {
    let preferred: Period.Kind? = kinds.count == 1 ? kinds.first : nil
    guard let p = Period(parsing: text, preferring: preferred) else {
      throw Diagnostic(
        "\"\(text)\" is not a period", at: range,
        label: "periods are written 2021-22, 2021, 2021 Q3 or 2021-07")
    }
    if !kinds.isEmpty && !kinds.contains(p.kind) {
      let kind = kinds.sorted { $0.rawValue < $1.rawValue }[0]
      var label = "\(column) holds \(kind.pluralName)"
      if kind == .financialYear, p.kind == .calendarYear {
        label += ": did you mean \(Period.financialYear(Int(p.ordinal)))?"
      }
      throw Diagnostic(
        "\(text) is a \(p.kind.name), but \(column) holds \(kinds.map(\.pluralName).sorted().joined(separator: " and "))",
        at: range, label: label)
    }
    return p
  }

  private func latest(_ name: Name, _ n: Int) throws(Diagnostic) -> RowPredicate {
    let index = try column(name)
    guard case .period(let periods) = table.columns[index].data else {
      throw Diagnostic(
        "\(name.text) is not a period column", at: name.range,
        label: "`last N` keeps the latest periods")
    }
    guard n > 0 else { throw Diagnostic("keep at least one period", at: name.range) }
    var used = Set<UInt32>()
    for r in 0..<table.rowCount { used.insert(periods.codes[table.selection[r]]) }
    used.remove(PeriodColumn.missingCode)
    let latest = Set(
      used.sorted { periods.dictionary[Int($0)] > periods.dictionary[Int($1)] }.prefix(n))
    let codes = periods.codes
    return { r in latest.contains(codes[r]) ? .yes : .no }
  }
}
