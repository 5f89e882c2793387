import Framework
import Tables

/// The row-level rules every compiled expression shares: arithmetic on values, their order,
/// and comparisons with three-valued truth.
extension ExpressionCompiler {
  static func arithmetic(_ op: Expr.Arithmetic, _ a: Value, _ b: Value) -> Value {
    if case .missing(let r) = a { return .missing(r) }
    if case .missing(let r) = b { return .missing(r) }
    guard case .number(let x, let mx) = a, case .number(let y, let my) = b else {
      return .missing(.notAvailable)
    }
    let marker = mx ?? my
    switch op {
    case .add: return .number(x + y, marker)
    case .subtract: return .number(x - y, marker)
    case .multiply: return .number(x * y, marker)
    case .divide: return y == 0 ? .missing(.notApplicable) : .number(x / y, marker)
    }
  }

  /// -1, 0 or 1; nil when the values cannot be ordered.
  static func order(_ a: Value, _ b: Value) -> Int? {
    switch (a, b) {
    case (.number(let x, _), .number(let y, _)): return x < y ? -1 : (x > y ? 1 : 0)
    case (.text(let x), .text(let y)):
      let (lx, ly) = (x.lowercased(), y.lowercased())
      return lx < ly ? -1 : (lx > ly ? 1 : 0)
    case (.period(let x), .period(let y)): return order(x, y)
    case (.period(let x), .text(let y)), (.text(let y), .period(let x)):
      guard let p = Period(parsing: y, preferring: x.kind) else { return nil }
      let o = order(x, p)
      if case .text = a { return -o }
      return o
    case (.boolean(let x), .boolean(let y)): return x == y ? 0 : (x ? 1 : -1)
    default: return nil
    }
  }

  static func order(_ a: Period, _ b: Period) -> Int { a < b ? -1 : (b < a ? 1 : 0) }

  static func holds(_ op: Expr.Comparison, _ o: Int) -> Bool {
    switch op {
    case .equal: o == 0
    case .notEqual: o != 0
    case .less: o < 0
    case .lessOrEqual: o <= 0
    case .greater: o > 0
    case .greaterOrEqual: o >= 0
    }
  }

  static func compare(_ a: Value, _ b: Value, _ op: Expr.Comparison) -> Truth {
    if a.isMissing || b.isMissing { return .unknown }
    guard let o = order(a, b) else { return .unknown }
    return holds(op, o) ? .yes : .no
  }
}

extension Expr.Comparison {
  /// The same comparison with its sides swapped: `5 < x` is `x > 5`.
  var flipped: Expr.Comparison {
    switch self {
    case .less: .greater
    case .lessOrEqual: .greaterOrEqual
    case .greater: .less
    case .greaterOrEqual: .lessOrEqual
    default: self
    }
  }
}
