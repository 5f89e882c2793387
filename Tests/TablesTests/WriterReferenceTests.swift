import PropertyBased
import Testing

@testable import Tables

/// The CSV and TSV writer, which works on the columns' storage for speed, against a reference
/// written the plain way (a Value per cell, the rules of the writer's documentation spelt out
/// one by one): the same bytes on random tables of every column type, with every symbol,
/// markers, text that needs quoting or an Excel guard, row selections and numbers that are
/// not whole.
@Suite("CSV writer against a reference")
struct WriterReferenceTests {
  static func reference(_ table: Table, separator: Character, forExcel: Bool) -> String {
    func field(_ s: String, text: Bool) -> String {
      TableWriter.quote(forExcel && text && TableWriter.startsFormula(s) ? "'" + s : s, separator)
    }
    var out = forExcel ? "\u{FEFF}" : ""
    let withStatus = TableWriter.statusColumns(table)
    out +=
      table.columns.indices.flatMap { c in
        let name = table.columns[c].name
        return withStatus[c]
          ? [field(name, text: true), field(TableWriter.statusName(name), text: true)]
          : [field(name, text: true)]
      }.joined(separator: String(separator)) + "\n"
    for r in 0..<table.rowCount {
      var fields: [String] = []
      for c in table.columns.indices {
        let value = table.value(row: r, column: c)
        if withStatus[c] {
          switch value {
          case .number(let n, let m):
            fields += [n.isFinite ? NumberFormatting.data(n) : "", m?.symbol ?? ""]
          case .missing(let reason): fields += ["", reason.symbol]
          default: fields += ["", ""]
          }
          continue
        }
        switch value {
        case .text(let s): fields.append(field(s, text: true))
        case .number(let n, let m): fields.append(NumberFormatting.data(n) + (m?.symbol ?? ""))
        case .period(let p): fields.append(field(p.description, text: false))
        case .boolean(let b): fields.append(b ? "true" : "false")
        case .missing(let reason): fields.append(reason.symbol)
        }
      }
      out += fields.joined(separator: String(separator)) + "\n"
    }
    return out
  }

  static let words = [
    "Fife", "=SUM(A1)", "+44", "-1", "-x", "@me", "a, b", "say \"hi\"", "two\nlines", " padded ",
    "semi;colon", "tab\there", "café", "",
  ]
  static let reasons: [MissingReason] = [
    .empty, .confidential, .notAvailable, .notApplicable, .roundsToZero, .lowReliability, .dots,
    .star, .dash,
  ]
  static let markers: [ValueMarker?] = [
    nil, nil, nil, .provisional, .estimated, .revised, .incomplete,
  ]
  static let numbers: [Double] = [
    0, 1, -1, 12150, 0.5, -3.25, 1e15, 123456789012345, 2.0 / 3.0, 1e-7, -0.0, .infinity,
  ]

  /// A table of random picks; with `long`, every `long.every`-th row's label is `long.text`.
  static func table(_ picks: [[Int]], kinds: Int, long: (text: String, every: Int)? = nil) -> Table
  {
    let names = ["label", "n", "year", "flag", "m"].prefix(2 + kinds % 4)
    let rows: [[Value]] = picks.indices.map { r in
      let x = picks[r] + Array(repeating: 0, count: 8)
      var row: [Value] = []
      if let long, r % long.every == 0 {
        row.append(.text(long.text))
      } else {
        row.append(
          x[0] % 9 == 0
            ? .missing(reasons[x[1] % reasons.count]) : .text(words[x[1] % words.count]))
      }
      row.append(
        x[2] % 7 == 0
          ? .missing(reasons[x[3] % reasons.count])
          : .number(
            numbers[x[3] % numbers.count] * Double(x[4] % 5 + 1), markers[x[5] % markers.count]))
      if names.count > 2 {
        row.append(
          x[6] % 8 == 0
            ? .missing(.notAvailable)
            : .period(Period(kind: .financialYear, ordinal: Int32(2015 + x[6] % 9))))
      }
      if names.count > 3 {
        row.append(x[7] % 6 == 0 ? .missing(.confidential) : .boolean(x[7] % 2 == 0))
      }
      if names.count > 4 { row.append(.number(Double(x[0]) - 100, nil)) }
      return row
    }
    return Table.fromRows(Array(names), rows)
  }

  @Test func sameBytesAsTheReference() async {
    let gen = Gen.int(in: 0...1000).array(of: 0...8).array(of: 1...40)
    await propertyCheck(input: gen, Gen.int(in: 0...31)) { picks, style in
      var t = Self.table(picks, kinds: style)
      if style & 4 == 4 {
        // A selection: every other row, backwards.
        t = t.selecting(rows: stride(from: t.rowCount - 1, through: 0, by: -2).map { Int32($0) })
      }
      let excel = style & 8 == 8
      #expect(
        TableWriter.csv(t, forExcel: excel) == Self.reference(t, separator: ",", forExcel: excel))
      #expect(
        TableWriter.tsv(t, forExcel: excel) == Self.reference(t, separator: "\t", forExcel: excel))
      // The count of risky cells, by entry, against a count cell by cell.
      var risky = t.columnNames.filter(TableWriter.startsFormula).count
      for c in t.columns.indices where t.columns[c].type == .text {
        for r in 0..<t.rowCount {
          if case .text(let s) = t.value(row: r, column: c), TableWriter.startsFormula(s) {
            risky += 1
          }
        }
      }
      #expect(TableWriter.formulaLikeCells(t) == risky)
    }
  }

  /// A table long enough to be written in several stretches side by side (32,768 rows each),
  /// with a long text entry and numbers written through a String scattered among them: the same
  /// bytes as the reference, so no stretch is lost, repeated or cut at its ends.
  @Test(arguments: [false, true])
  func aLongTableIsWrittenInStretchesAsOne(selected: Bool) {
    let long = String(repeating: "a long name, quoted ", count: 20)
    var picks: [[Int]] = []
    var x: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<100_003 {
      picks.append(
        (0..<8).map { _ in
          x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
          return Int(x >> 40) % 1000
        })
    }
    var t = Self.table(picks, kinds: 3, long: (long, 5_001))
    if selected {
      t = t.selecting(rows: stride(from: t.rowCount - 1, through: 0, by: -3).map { Int32($0) })
    }
    let written = TableWriter.csv(t)
    #expect(written == Self.reference(t, separator: ",", forExcel: false))
    #expect(written.utf8.count > 1 << 20)
  }
}
