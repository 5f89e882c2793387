import PropertyBased
import Query
import Tables
import Testing

/// `derive` works number expressions out a column at a time. Checked here against a naive
/// reference written from the rules (a missing operand's reason, the left one's first; `[z]` for
/// a division by zero; the left operand's marker, else the right one's), cell by cell, on random
/// tables and expressions, whole and through a `where` and a `sort` (rows chosen and reordered).
@Suite("derive: number expressions a column at a time")
struct NumberVectorTests {
  static let cells = [
    "[c]", "[x]", "", "0", "1", "7", "-3", "2.5", "40 [p]", "12[e]", "[z]", "0.125",
  ]

  /// A tiny expression tree, written out as cjnb text and worked out by the reference.
  indirect enum E {
    case a, b, literal(Double), negate(E), op(Character, E, E)

    var text: String {
      switch self {
      case .a: "a"
      case .b: "b"
      case .literal(let n): n == n.rounded() ? String(Int(n)) : String(n)
      case .negate(let e): "-(\(e.text))"
      case .op(let o, let l, let r): "(\(l.text) \(o) \(r.text))"
      }
    }

    /// Builds a tree from picks, consuming them; at most `depth` levels.
    static func make(_ picks: inout [Int], depth: Int) -> E {
      let p = picks.isEmpty ? 0 : picks.removeFirst()
      if depth == 0 || p % 7 < 3 {
        switch p % 4 {
        case 0: return .a
        case 1: return .b
        case 2: return .literal([0, 1, 2, 1000, 0.5][p % 5])
        default: return .b
        }
      }
      if p % 7 == 3 { return .negate(make(&picks, depth: depth - 1)) }
      let op: Character = ["+", "-", "*", "/"][p % 4]
      return .op(op, make(&picks, depth: depth - 1), make(&picks, depth: depth - 1))
    }
  }

  /// The reference: one row, from the cells' values.
  static func reference(_ e: E, _ a: Value, _ b: Value) -> Value {
    switch e {
    case .a: return a
    case .b: return b
    case .literal(let n): return .number(n, nil)
    case .negate(let inner):
      let v = reference(inner, a, b)
      if case .number(let n, let m) = v { return .number(-n, m) }
      return v
    case .op(let o, let l, let r):
      let x = reference(l, a, b)
      let y = reference(r, a, b)
      if case .missing(let why) = x { return .missing(why) }
      if case .missing(let why) = y { return .missing(why) }
      guard case .number(let p, let mp) = x, case .number(let q, let mq) = y else {
        return .missing(.notAvailable)
      }
      switch o {
      case "+": return .number(p + q, mp ?? mq)
      case "-": return .number(p - q, mp ?? mq)
      case "*": return .number(p * q, mp ?? mq)
      default: return q == 0 ? .missing(.notApplicable) : .number(p / q, mp ?? mq)
      }
    }
  }

  static func same(_ x: Value, _ y: Value) -> Bool {
    switch (x, y) {
    case (.number(let p, let mp), .number(let q, let mq)):
      (p == q || (p.isNaN && q.isNaN)) && mp == mq
    case (.missing(let r), .missing(let s)): r == s
    default: false
    }
  }

  @Test func eachCellIsTheRowRulesValue() async {
    await propertyCheck(
      count: 200, input: Gen.int(in: 0...99).array(of: 2...2).array(of: 1...40),
      Gen.int(in: 0...99).array(of: 12...12)
    ) { rows, shape in
      var csv = "k,a,b\n"
      for (i, r) in rows.enumerated() {
        csv +=
          "\(i % 3),\(Self.cells[r[0] % Self.cells.count]),\(Self.cells[r[1] % Self.cells.count])\n"
      }
      let t = table(csv)
      // A column of only symbols and empty cells is read as numbers still; skip what is not.
      guard t.columns.count == 3, t.columns[1].type == .number, t.columns[2].type == .number else {
        return
      }
      var picks = shape
      let e = E.make(&picks, depth: 3)
      for pipeline in ["t", "t | where k != 1", "t | sort b desc"] {
        let source = try frame(pipeline, on: t).table
        let derived = try frame("\(pipeline) | derive x = \(e.text)", on: t)
        let x = try #require(derived.table.columnIndex(named: "x"))
        #expect(derived.table.rowCount == source.rowCount)
        var zeros = 0
        for r in 0..<source.rowCount {
          let want = Self.reference(
            e, source.value(row: r, column: 1), source.value(row: r, column: 2))
          if want.missingReason == .notApplicable { zeros += 1 }
          let got = derived.table.value(row: r, column: x)
          // An expression with no number in any row is a column of missing cells of any type.
          if case .missing = want, case .missing = got, derived.table.columns[x].type != .number {
            continue
          }
          #expect(
            Self.same(got, want),
            "\(pipeline) | derive x = \(e.text), row \(r): \(got) != \(want)\n\(csv)")
        }
        let note = derived.notes.first { $0.text.hasPrefix("[z] in x") }
        if case .op = e, zeros > 0 {
          #expect(
            note?.text == "[z] in x: \(NumberFormatting.count(zeros, "row")) divided by zero",
            "\(e.text)")
        } else {
          #expect(note == nil, "\(e.text): \(note?.text ?? "")")
        }
      }
    }
  }

  /// Enough rows that each pass takes half the cells on each core, with every kind of cell.
  @Test func manyRowsOnBothCores() throws {
    var csv = "k,a,b\n"
    for i in 0..<70_001 {
      csv +=
        "\(i % 3),\(Self.cells[(i * 7) % Self.cells.count]),\(Self.cells[(i / 5) % Self.cells.count])\n"
    }
    let t = table(csv)
    let expressions: [E] = [
      .op("*", .a, .literal(2)), .op("/", .a, .b), .negate(.op("-", .b, .a)),
      .op("+", .op("/", .literal(1000), .b), .a),
    ]
    for e in expressions {
      let derived = try frame("t | derive x = \(e.text)", on: t)
      let x = try #require(derived.table.columnIndex(named: "x"))
      var wrong = 0
      for r in 0..<t.rowCount {
        let want = Self.reference(e, t.value(row: r, column: 1), t.value(row: r, column: 2))
        if !Self.same(derived.table.value(row: r, column: x), want) { wrong += 1 }
      }
      #expect(wrong == 0, "\(e.text): \(wrong) cells differ")
    }
  }

  @Test func formatFollowsTheNumbers() throws {
    let t = table("a,b\n1,2\n3,[c]\n")
    func format(_ e: String) throws -> NumberFormat? {
      guard
        case .number(let c)? = try frame("t | derive x = \(e)", on: t).table.column(named: "x")?
          .data
      else { return nil }
      return c.format
    }
    #expect(try format("a + b") == .integer)
    #expect(try format("a / 3")?.decimals == 2)
    #expect(try format("a / 3000")?.decimals == 3)
    #expect(try format("a * 10.5")?.decimals == 1)
  }
}
