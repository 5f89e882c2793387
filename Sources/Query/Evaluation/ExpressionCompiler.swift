import Framework
import Tables

/// Three-valued truth: a comparison with a missing cell is neither true nor false.
enum Truth: UInt8 {
  case no = 0, yes = 1, unknown = 2

  var negated: Truth {
    switch self {
    case .no: .yes
    case .yes: .no
    case .unknown: .unknown
    }
  }
}

/// A condition over a table's physical rows.
typealias RowPredicate = (Int) -> Truth
/// A value worked out for a physical row.
typealias RowValue = (Int) -> Value

/// The type an expression yields, known before any row is read.
enum ExprType: Equatable {
  case text, number, period, boolean

  init(_ t: ColumnType) {
    switch t {
    case .text: self = .text
    case .number: self = .number
    case .period: self = .period
    case .boolean: self = .boolean
    }
  }

  var name: String {
    switch self {
    case .text: "text"
    case .number: "a number"
    case .period: "a period"
    case .boolean: "true or false"
    }
  }
}

/// Compiles expressions against one table into closures over physical rows.
struct ExpressionCompiler {
  let table: Table
  let resolver: AreaResolver
  let roles: Roles
  /// What functions spend and find (shared by the closures the compiler makes).
  let cost = FunctionCost()

  init(table: Table, resolver: AreaResolver) {
    self.table = table
    self.resolver = resolver
    roles = Roles(table, resolver: resolver)
  }

  func column(_ name: Name) throws(Diagnostic) -> Int {
    if let i = table.columnIndex(named: name.text) { return i }
    let close = Suggestions.closest(to: name.text, in: table.columnNames)
    var help = "columns: \(table.columnNames.joined(separator: ", "))"
    // A bare word that is a value of some column was probably meant as a string.
    if close.isEmpty, valueExists(name.text) {
      help = "text values are written in double quotes: \"\(name.text)\""
    }
    throw Diagnostic(
      "unknown column \"\(name.text)\"", at: name.range,
      label: close.isEmpty ? nil : "did you mean \(Suggestions.phrase(close))?", help: help)
  }

  private func valueExists(_ text: String) -> Bool {
    if resolver.resolve(text) != nil { return true }
    for c in table.columns {
      if case .text(let t) = c.data,
        t.dictionary.contains(where: { $0.lowercased() == text.lowercased() })
      {
        return true
      }
    }
    return false
  }

  // MARK: - Values

  func value(_ expr: Expr) throws(Diagnostic) -> RowValue { try typedValue(expr).0 }

  /// A value expression and the type it yields (nil for a literal whose type is taken from what it meets).
  func typedValue(_ expr: Expr) throws(Diagnostic) -> (RowValue, ExprType?) {
    switch expr {
    case .column(let name):
      if table.columnIndex(named: name.text) == nil,
        ["true", "false"].contains(name.text.lowercased())
      {
        let b = name.text.lowercased() == "true"
        return ({ _ in .boolean(b) }, .boolean)
      }
      let data = table.columns[try column(name)].data
      return ({ r in data.value(at: r) }, ExprType(data.type))
    case .string(let s, _):
      return ({ _ in .text(s) }, nil)
    case .number(let n, _):
      return ({ _ in .number(n) }, .number)
    case .period(let text, let range):
      guard let p = Period(parsing: text) else {
        throw Diagnostic("\"\(text)\" is not a period", at: range)
      }
      return ({ _ in .period(p) }, .period)
    case .negate(let inner, _):
      let (f, t) = try typedValue(inner)
      try requireNumber(t, inner)
      return (
        { r in
          let v = f(r)
          if case .number(let n, let m) = v { return .number(-n, m) }
          return v
        }, .number
      )
    case .arithmetic(let op, let a, let b, _):
      let (fa, ta) = try typedValue(a)
      let (fb, tb) = try typedValue(b)
      try requireNumber(ta, a)
      try requireNumber(tb, b)
      return ({ r in Self.arithmetic(op, fa(r), fb(r)) }, .number)
    case .call(let name, let arguments, let range):
      return try call(name, arguments, at: range)
    case .compare, .and, .or, .not, .inList, .between, .isMissing, .last, .inGroup:
      let p = try predicate(expr)
      return (
        { r in
          switch p(r) {
          case .yes: .boolean(true)
          case .no: .boolean(false)
          case .unknown: .missing(.notAvailable)
          }
        }, .boolean
      )
    }
  }

  private func requireNumber(_ t: ExprType?, _ e: Expr) throws(Diagnostic) {
    guard let t, t != .number else { return }
    let what: String
    if case .column(let n) = e {
      what = "\(n.text) is \(t.name)"
    } else {
      what = "this is \(t.name)"
    }
    throw Diagnostic("arithmetic needs numbers, but \(what)", at: e.range)
  }
}
