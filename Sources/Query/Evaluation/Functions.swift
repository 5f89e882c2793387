import Framework
import Tables

/// What the functions of one expression have spent and found, for the verb that runs it to act on
/// after the rows: the work left for patterns, and text that was not an area.
final class FunctionCost: @unchecked Sendable {
  /// Automaton steps left for every pattern of the expression over every row (each distinct text
  /// is matched once): beyond it the verb stops with an error instead of running on.
  var budget = 400_000_000
  var exhausted = false
  var notAreas: [String] = []
  var notAreaCount = 0
}

extension ExpressionCompiler {
  static let functionNames = [
    "upper", "lower", "trim", "replace", "extract", "area_code", "area_name",
  ]

  /// `upper(x)`, `replace(x, "PATTERN", "WITH")`, `area_code(x)`, ...: text in, text out, a
  /// missing cell staying missing with its symbol.
  func call(_ name: Name, _ arguments: [Expr], at range: SourceRange) throws(Diagnostic) -> (
    RowValue, ExprType?
  ) {
    let function = name.text.lowercased()
    guard Self.functionNames.contains(function) else {
      throw Diagnostic.unknown(
        "function", name.text, at: name.range, among: Self.functionNames,
        help:
          "functions: upper, lower, trim, replace(x, \"PATTERN\", \"WITH\"), extract(x, \"PATTERN\"), area_code, area_name"
      )
    }
    let arity = ["replace": 3, "extract": 2][function] ?? 1
    guard arguments.count == arity else {
      let usage =
        [
          "replace": "replace(TEXT, \"PATTERN\", \"WITH\")",
          "extract": "extract(TEXT, \"PATTERN\")",
        ][function] ?? "\(function)(TEXT)"
      throw Diagnostic(
        "\(function) takes \(arity == 1 ? "one argument" : "\(arity) arguments"), and here has \(arguments.count)",
        at: range, label: "as in \(usage)")
    }
    let (subject, type) = try typedValue(arguments[0])
    if let type, type != .text {
      let what: String
      if case .column(let n) = arguments[0] {
        what = "\(n.text) is \(type.name)"
      } else {
        what = "this is \(type.name)"
      }
      throw Diagnostic("\(function) works on text, but \(what)", at: arguments[0].range)
    }
    func literal(_ e: Expr, _ what: String) throws(Diagnostic) -> String {
      guard case .string(let s, _) = e else {
        throw Diagnostic("\(what) is written as a \"string\"", at: e.range)
      }
      return s
    }
    func pattern(_ e: Expr) throws(Diagnostic) -> BoundedPattern {
      let text = try literal(e, "the pattern")
      do {
        return try BoundedPattern(text)
      } catch {
        // The caret under the character of the pattern at fault (1 for the opening quote).
        let offset = Array(text.unicodeScalars.prefix(error.offset)).reduce(0) {
          $0 + String($1).utf8.count
        }
        let at = e.range.lower + 1 + offset
        throw Diagnostic(
          "the pattern \"\(text)\" is not one cjnb reads: \(error.message)",
          at: SourceRange(at, min(at + 1, e.range.upper)),
          help:
            "patterns: literals, . [a-z] [^...] \\d \\w \\s, * + ? {m,n}, | and ( ); a `\\` before a symbol takes it as it is"
        )
      }
    }
    let transform: (String) -> Value
    switch function {
    case "upper": transform = { .text($0.uppercased()) }
    case "lower": transform = { .text($0.lowercased()) }
    case "trim":
      transform = {
        .text(
          String(
            $0.unicodeScalars.drop { $0.properties.isWhitespace }.reversed().drop {
              $0.properties.isWhitespace
            }.reversed().map(Character.init)))
      }
    case "replace":
      let p = try pattern(arguments[1])
      let with = Array(try literal(arguments[2], "the replacement").unicodeScalars)
      let cost = self.cost
      transform = { text in
        let scalars = Array(text.unicodeScalars)
        var out: [Unicode.Scalar] = []
        var at = 0
        while at <= scalars.count {
          guard let m = p.firstMatch(in: scalars, from: at, budget: &cost.budget) else { break }
          out += scalars[at..<m.lowerBound]
          out += with
          if m.isEmpty {
            if m.upperBound < scalars.count { out.append(scalars[m.upperBound]) }
            at = m.upperBound + 1
          } else {
            at = m.upperBound
          }
        }
        if cost.budget < 0 {
          cost.exhausted = true
          return .missing(.notAvailable)
        }
        if at < scalars.count { out += scalars[at...] }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: out)
        return .text(String(s))
      }
    case "extract":
      let p = try pattern(arguments[1])
      let cost = self.cost
      transform = { text in
        let scalars = Array(text.unicodeScalars)
        guard let m = p.firstMatch(in: scalars, budget: &cost.budget) else {
          if cost.budget < 0 { cost.exhausted = true }
          return .missing(.notAvailable)
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[m])
        return .text(String(s))
      }
    case "area_code", "area_name":
      let resolver = self.resolver
      let cost = self.cost
      let code = function == "area_code"
      transform = { text in
        guard let area = resolver.resolve(text) else {
          cost.notAreaCount += 1
          if cost.notAreas.count < 3, !cost.notAreas.contains(text) { cost.notAreas.append(text) }
          return .missing(.notAvailable)
        }
        return .text(code ? area.code : area.name)
      }
    default:
      throw Diagnostic.unknown("function", name.text, at: name.range, among: Self.functionNames)
    }
    // Each distinct text is worked out once.
    var memo: [String: Value] = [:]
    return (
      { r in
        switch subject(r) {
        case .text(let s):
          if let v = memo[s] { return v }
          let v = transform(s)
          if memo.count < 200_000 { memo[s] = v }
          return v
        case .missing(let reason): return .missing(reason)
        case .number(let n, let m): return transform(NumberFormatting.plain(n) + (m?.symbol ?? ""))
        case .period(let p): return transform(p.description)
        case .boolean(let b): return transform(b ? "true" : "false")
        }
      }, .text
    )
  }

  /// After the rows: an error when a pattern ran out of its budget.
  func checkCost(at range: SourceRange) throws(Diagnostic) {
    if cost.exhausted {
      throw Diagnostic(
        "the pattern would take too long on this table", at: range,
        help: "a simpler pattern, or fewer rows (filter first); cjnb stops rather than run on")
    }
  }
}
