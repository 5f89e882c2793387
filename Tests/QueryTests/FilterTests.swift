import PropertyBased
import Query
import Tables
import Testing

@Suite("where")
struct FilterTests {
  @Test func areasMatchByAnyNameOrCode() throws {
    for spelling in ["Fife", "fife", "S12000047", "S12000015"] {
      let f = try frame(
        "t | where area = \"\(spelling)\" and measure = \"cases commenced\"", on: sample)
      #expect(f.table.rowCount == 4, "\(spelling)")
    }
    let codes = try frame(#"t | where area_code = "Fife""#, on: sample)
    #expect(codes.table.rowCount == 6)
  }

  @Test func periodsCompareInTimeOrder() throws {
    let f = try frame(
      #"t | where year >= 2019/20 and year < 2021-2022 and area = "Scotland""#, on: sample)
    #expect(column(f.table, "year") == ["2019-20", "2020-21"])
    let between = try frame(
      #"t | where year between 2019-20 and 2020-21 and area = "Fife""#, on: sample)
    #expect(column(between.table, "year") == ["2019-20", "2020-21", "2019-20"])
  }

  @Test func latestPeriods() throws {
    let f = try frame(#"t | where year last 2 and area = "Scotland""#, on: sample)
    #expect(column(f.table, "year") == ["2020-21", "2021-22"])
  }

  @Test func missingCellsMeetNoComparison() throws {
    let over = try frame(#"t | where value > 45 and area = "Fife""#, on: sample)
    #expect(column(over.table, "value") == ["100", "110", "132", "80"])
    let notOver = try frame(#"t | where not value > 45 and area = "Fife""#, on: sample)
    #expect(column(notOver.table, "value") == ["0"])
    let missing = try frame("t | where value is missing", on: sample)
    #expect(column(missing.table, "value") == ["[c]", ""])
    let present = try frame("t | where value is not missing and area = \"Falkirk\"", on: sample)
    #expect(present.table.rowCount == 5)
  }

  @Test func emptyResultIsATableWithNoRows() throws {
    let f = try frame("t | where value > 100000", on: sample)
    #expect(f.table.rowCount == 0)
    #expect(f.table.columnNames == sample.columnNames)
  }

  @Test func misspeltValuesAreErrorsNotEmptyAnswers() {
    let d = diagnostic(#"t | where measure = "cases comenced""#, on: sample)
    #expect(d?.message == "no measure \"cases comenced\" in measure")
    #expect(d?.label == "did you mean \"cases commenced\"?")
    let a = diagnostic(#"t | where area = "Falkrik""#, on: sample)
    #expect(a?.message == "no area \"Falkrik\" in area")
    #expect(a?.label == "did you mean \"Falkirk\"?")
    let notHere = diagnostic(#"t | where area = "Angus""#, on: sample)
    #expect(notHere?.message == "no rows for the area \"Angus\" in area")
  }

  @Test func unknownColumnsAndBareWords() {
    let d = diagnostic(#"t | where aera = "Fife""#, on: sample)
    #expect(d?.message == "unknown column \"aera\"")
    #expect(d?.label == "did you mean \"area\"?")
    let bare = diagnostic("t | where area = Fife", on: sample)
    #expect(bare?.message == "unknown column \"Fife\"")
    #expect(bare?.help == "text values are written in double quotes: \"Fife\"")
  }

  @Test func periodOfTheWrongKind() {
    let d = diagnostic("t | where year = 2019", on: sample)
    #expect(d?.message == "2019 is a calendar year, but year holds financial years")
    #expect(d?.label == "year holds financial years: did you mean 2019-20?")
  }

  @Test func onAMillionRowsTheFilterIsAView() throws {
    let f = try frame(#"t | where area = "Fife""#, on: sample)
    guard case .rows(let rows) = f.table.selection else { Issue.record("not a view"); return }
    #expect(rows == [0, 1, 2, 3, 12, 13])
  }
}

@Suite("select, drop, rename, derive, sort, top, limit")
struct ShapeTests {
  @Test func selectDropRename() throws {
    #expect(
      try frame("t | select value, area | limit 1", on: sample).table.columnNames == [
        "value", "area",
      ])
    #expect(
      try frame("t | drop area_code, measure", on: sample).table.columnNames == [
        "area", "year", "value",
      ])
    #expect(
      try frame("t | rename value as n, area as place", on: sample).table.columnNames == [
        "area_code", "place", "year", "measure", "n",
      ])
    #expect(diagnostic("t | select valeu", on: sample)?.label == "did you mean \"value\"?")
    #expect(
      diagnostic("t | rename value as area", on: sample)?.message
        == "there is already a column called area")
    #expect(
      diagnostic("t | drop area_code, area, year, measure, value", on: sample)?.message
        == "that would drop every column")
  }

  @Test func deriveKeepsMissingReasonsAndGivesZForDivisionByZero() throws {
    let f = try frame(#"t | where area = "Fife" | derive share = 100 / value"#, on: sample)
    #expect(column(f.table, "share") == ["1", "0.909", "[c]", "0.758", "1.25", "[z]"])
    #expect(f.notes.map(\.text) == ["[z] in share: 1 row divided by zero"])
    let d = diagnostic("t | derive x = area + 1", on: sample)
    #expect(d?.message == "arithmetic needs numbers, but area is text")
  }

  @Test func sortPutsMissingLastEitherWay() throws {
    let up = try frame(
      #"t | where area = "Falkirk" and measure = "cases commenced" | sort value"#, on: sample)
    #expect(column(up.table, "value") == ["40", "44", "50", ""])
    let down = try frame(
      #"t | where area = "Falkirk" and measure = "cases commenced" | sort value desc"#, on: sample)
    #expect(column(down.table, "value") == ["50", "44", "40", ""])
    let byYear = try frame("t | sort year desc, area | limit 3", on: sample)
    #expect(column(byYear.table, "area") == ["Falkirk", "Fife", "Scotland"])
  }

  /// Enough rows that text and period keys are sorted by counting: the order is the one a
  /// comparison gives (names by their numbers, descending, missing last; then years; then as read).
  @Test func sortingManyRowsByTextAndPeriod() async {
    await propertyCheck(input: Gen.int(in: 0...10_000).array(of: 256...600)) { picks in
      typealias Row = (i: Int, name: Int?, year: Int)
      let rows: [Row] = picks.enumerated().map { i, x in
        (i: i, name: x % 11 == 0 ? nil : x % 37, year: 2010 + x % 5)
      }
      func line(_ row: Row) -> String {
        let name = row.name.map { "k\($0)" } ?? ""
        return "\(name),\(row.year)-\(String(format2: (row.year + 1) % 100)),\(row.i)"
      }
      let csv = "name,year,n\n" + rows.map(line).joined(separator: "\n") + "\n"
      guard let f = try? frame("t | sort name desc, year", on: table(csv)) else {
        Issue.record("sort failed")
        return
      }
      let expected = rows.sorted { a, b in
        if a.name != b.name {
          guard let x = a.name else { return false }
          guard let y = b.name else { return true }
          return x > y
        }
        return a.year != b.year ? a.year < b.year : a.i < b.i
      }.map { String($0.i) }
      #expect(column(f.table, "n") == expected)
    }
  }

  /// Sorting by numbers (a radix sort of their bits from 256 rows): the order a naive stable
  /// sort gives, for negative, fractional, tied and missing figures, either direction, and a
  /// text key before the number.
  @Test func sortingManyRowsByNumbers() async {
    let any = [
      "-3", "0", "2.5", "7", "-0.25", "1e6", "[c]", "", "7", "12150", "-1e6", "0.001", "1e300",
      "-1e300", "5e-324",
    ]
    // Whole numbers only rank as themselves (a narrower radix), others by their bits.
    let whole = [
      "-3", "0", "7", "[c]", "", "7", "12150", "-1000000", "9007199254740991", "-9007199254740991",
      "1",
    ]
    await propertyCheck(input: Gen.int(in: 0...1000).array(of: 256...700), Gen.bool, Gen.bool) {
      picks, descending, wholeOnly in
      let values = wholeOnly ? whole : any
      let csv =
        "name,value,i\n"
        + picks.enumerated().map { i, x in "k\(x % 3),\(values[x % values.count]),\(i)" }.joined(
          separator: "\n") + "\n"
      for byName in [false, true] {
        let command = "t | sort " + (byName ? "name, " : "") + "value" + (descending ? " desc" : "")
        guard let f = try? frame(command, on: table(csv)) else {
          Issue.record("sort failed")
          return
        }
        func number(_ x: Int) -> Double? { Double(values[x % values.count]) }
        let expected = picks.enumerated().sorted { a, b in
          if byName && a.element % 3 != b.element % 3 { return a.element % 3 < b.element % 3 }
          switch (number(a.element), number(b.element)) {
          case (nil, nil): return a.offset < b.offset
          case (nil, _): return false
          case (_, nil): return true
          case (let x?, let y?): return x != y ? (descending ? x > y : x < y) : a.offset < b.offset
          }
        }.map { String($0.offset) }
        #expect(column(f.table, "i") == expected, "\(command)")
      }
    }
  }

  /// `top` keeps a heap of the best N: the same rows, in the same order, as sorting every row
  /// (highest first, ties in the order they came, missing left out), whatever N and the ties.
  @Test func topAgainstAFullSort() async {
    await propertyCheck(input: Gen.int(in: 0...12).array(of: 1...80), Gen.int(in: 1...90)) {
      picks, n in
      let csv =
        "i,value\n"
        + picks.enumerated().map { i, x in "\(i),\(x == 0 ? "[c]" : x == 1 ? "" : String(x % 6))" }
        .joined(separator: "\n") + "\n"
      guard let f = try? frame("t | top \(n)", on: table(csv)) else {
        Issue.record("top failed")
        return
      }
      let present = picks.enumerated().filter { $0.element > 1 }
      let expected = present.sorted { a, b in
        a.element % 6 != b.element % 6 ? a.element % 6 > b.element % 6 : a.offset < b.offset
      }
      .prefix(n).map { String($0.offset) }
      #expect(column(f.table, "i") == Array(expected), "top \(n) of \(picks)")
      let noted = f.notes.contains { $0.text.hasPrefix("left out") }
      #expect(noted == (present.count < n && present.count < picks.count))
    }
  }

  @Test func topAndLimit() throws {
    let top = try frame(#"t | where area != "Scotland" | top 2"#, on: sample)
    #expect(column(top.table, "value") == ["132", "110"])
    #expect(try frame("t | limit 3", on: sample).table.rowCount == 3)
    #expect(try frame("t | limit 0", on: sample).table.rowCount == 0)
  }
}
