extension Parser {
  /// expr := or
  /// or   := and ('or' and)*
  /// and  := not ('and' not)*
  /// not  := 'not' not | predicate
  mutating func expression() throws(Diagnostic) -> Expr {
    let outer = nesting
    defer { nesting = outer }
    var left = try conjunction()
    while peek.isWord("or") {
      try deeper(at: advance().range)
      let right = try conjunction()
      left = .or(left, right, left.range.through(right.range))
    }
    return left
  }

  private mutating func conjunction() throws(Diagnostic) -> Expr {
    let outer = nesting
    defer { nesting = outer }
    var left = try negation()
    while peek.isWord("and") {
      try deeper(at: advance().range)
      let right = try negation()
      left = .and(left, right, left.range.through(right.range))
    }
    return left
  }

  private mutating func negation() throws(Diagnostic) -> Expr {
    let outer = nesting
    defer { nesting = outer }
    let t = peek
    if accept(word: "not") {
      try deeper(at: t.range)
      let inner = try negation()
      return .not(inner, t.range.through(inner.range))
    }
    return try predicate()
  }

  /// predicate := additive ( CMP additive
  ///                       | 'is' ['not'] 'missing'
  ///                       | ['not'] 'in' '(' additive (',' additive)* ')'
  ///                       | ['not'] 'between' additive 'and' additive
  ///                       | 'last' NUMBER )?
  private mutating func predicate() throws(Diagnostic) -> Expr {
    let left = try additive()
    let t = peek
    if t.kind == .symbol, let op = Expr.Comparison(rawValue: t.text) {
      advance()
      let right = try additive()
      return .compare(op, left, right, left.range.through(right.range))
    }
    if accept(word: "is") {
      let negated = accept(word: "not")
      guard accept(word: "missing") else { throw unexpected(expected: "`missing` after `is`") }
      return .isMissing(left, negated: negated, left.range.through(previousRange))
    }
    if accept(word: "last") {
      guard case .column(let column) = left else {
        throw Diagnostic("`last` follows a period column, as in `year last 5`", at: left.range)
      }
      let n = try integer("how many of the latest periods to keep, as in `year last 5`")
      return .last(column, n, left.range.through(previousRange))
    }
    var negated = false
    if peek.isWord("not") && (peek(1).isWord("in") || peek(1).isWord("between")) {
      advance()
      negated = true
    }
    if accept(word: "in") {
      if peek.kind == .word, !peek.isSymbol("(") {
        let group = advance()
        return .inGroup(
          left, Name(group.text, group.range), negated: negated, left.range.through(group.range))
      }
      try expect(symbol: "(", "`(` after `in`, as in `area in (\"Fife\", \"Falkirk\")`")
      var items = [try additive()]
      while accept(symbol: ",") { items.append(try additive()) }
      try expect(symbol: ")", "`)` or `,` in the list")
      return .inList(left, items, negated: negated, left.range.through(previousRange))
    }
    if accept(word: "between") {
      let low = try additive()
      try expect(word: "and", after: "between A")
      let high = try additive()
      return .between(left, low, high, negated: negated, left.range.through(high.range))
    }
    if negated { throw unexpected(expected: "`in` or `between` after `not`") }
    return left
  }

  /// additive := multiplicative (('+' | '-') multiplicative)*
  private mutating func additive() throws(Diagnostic) -> Expr {
    let outer = nesting
    defer { nesting = outer }
    var left = try multiplicative()
    while peek.isSymbol("+") || peek.isSymbol("-") {
      let opToken = advance()
      try deeper(at: opToken.range)
      let op: Expr.Arithmetic = opToken.text == "+" ? .add : .subtract
      let right = try multiplicative()
      left = .arithmetic(op, left, right, left.range.through(right.range))
    }
    return left
  }

  /// multiplicative := unary (('*' | '/') unary)*
  private mutating func multiplicative() throws(Diagnostic) -> Expr {
    let outer = nesting
    defer { nesting = outer }
    var left = try unary()
    while peek.isSymbol("*") || peek.isSymbol("/") {
      let opToken = advance()
      try deeper(at: opToken.range)
      let op: Expr.Arithmetic = opToken.text == "*" ? .multiply : .divide
      let right = try unary()
      left = .arithmetic(op, left, right, left.range.through(right.range))
    }
    return left
  }

  /// unary := '-' unary | primary
  private mutating func unary() throws(Diagnostic) -> Expr {
    let outer = nesting
    defer { nesting = outer }
    let t = peek
    if accept(symbol: "-") {
      try deeper(at: t.range)
      let inner = try unary()
      return .negate(inner, t.range.through(inner.range))
    }
    return try primary()
  }

  /// primary := NUMBER | STRING | PERIOD | COLUMN | FUNCTION '(' [expr (',' expr)*] ')' | '(' expr ')'
  private mutating func primary() throws(Diagnostic) -> Expr {
    let outer = nesting
    defer { nesting = outer }
    let t = peek
    switch t.kind {
    case .number:
      advance()
      return .number(Double(t.text) ?? 0, t.range)
    case .string:
      advance()
      return .string(t.text, t.range)
    case .period:
      advance()
      return .period(t.text, t.range)
    case .quotedName:
      advance()
      return .column(Name(t.text, t.range))
    case .word
    where !Self.reserved.contains(t.text.lowercased()) && peek(1).isSymbol("(")
      && peek(1).range.lower == t.range.upper:
      // A function: its name, then `(` straight after it.
      advance()
      advance()
      try deeper(at: t.range)
      var arguments: [Expr] = []
      if !peek.isSymbol(")") {
        arguments.append(try expression())
        while accept(symbol: ",") { arguments.append(try expression()) }
      }
      try expect(symbol: ")", "`)` or `,` after an argument of \(t.text)")
      return .call(Name(t.text, t.range), arguments, t.range.through(previousRange))
    case .word where !Self.reserved.contains(t.text.lowercased()):
      advance()
      return .column(Name(t.text, t.range))
    case .symbol where t.text == "(":
      advance()
      try deeper(at: t.range)
      let inner = try expression()
      try expect(symbol: ")", "`)`")
      return inner
    default:
      throw unexpected(expected: "a column, a number, a \"string\" or a period")
    }
  }
}
