import Query
import Tables
import Testing

/// Each figure is right, or cjnb says why it cannot give it (issue 11's reproductions).
@Suite("Right or refused")
struct RightOrRefusedTests {
  func column(_ f: Frame, _ name: String) -> [Value] {
    guard let c = f.table.columnIndex(named: name) else { return [] }
    return (0..<f.table.rowCount).map { f.table.value(row: $0, column: c) }
  }

  @Test func assessAssessesTheTableItIsGiven() throws {
    let earlier = try frame(#"indicators | where year <= 2022-23 | assess area "Fife""#)
    #expect(earlier.title == "Section 23 annual report, draft: Fife, 2022-23")
    #expect(earlier.table.columnNames.contains("2022-23"))
    let two = try frame(#"indicators | where indicator in ("NI1","NI4") | assess area "Fife""#)
    #expect(column(two, "indicator") == [.text("NI1"), .text("NI4")])
    // Scotland left out by a filter comes from the source table, and the note says so.
    let fife = try frame(#"indicators | where area = "Fife" | assess"#)
    #expect(fife.notes.contains { $0.text == "Scotland: from the table before the filters, which left it out" })
    #expect(!column(fife, "Scotland").contains { if case .missing = $0 { true } else { false } })
  }

  @Test func assessSaysWhatItNeeds() {
    let d = diagnostic(#"indicators | rename measure as m | assess area "Fife""#)
    #expect(d?.message == "assess needs a table shaped like the bundled indicators, and this one has no measure")
    #expect(d?.help?.contains("its columns are area_code, area, year, indicator, m, value") == true)
  }

  @Test func aComparatorThePipelineRemovedIsRefusedWithTheReason() throws {
    let f = try frame(#"indicators | where area = "Highland" and measure = "CPOs commenced" and year <= 2018-19 | rate per 10000 population 16-70 | compare with scotland"#)
    #expect(f.notes.contains { $0.text.hasPrefix("Scotland: not in this table, and rate was worked out after a filter left Scotland out") })
    #expect(f.notes.contains { $0.text.hasPrefix("rank: not given, as there is only one council to rank") })
    #expect(!column(f, "rank").contains(.text("1 of 1")))
    // The population year used stays under the table.
    #expect(f.notes.contains { $0.text.hasPrefix("population: NRS mid-year estimates aged 16 to 70") })
  }

  @Test func ranksSayHowManyCouncilsTheyAreAmong() throws {
    let f = try frame(#"indicators | where measure = "CPOs commenced" and year = 2018-19 | rate per 10000 population 16-70 | where area in ("Fife", "Angus", "Moray", "Scotland") | compare with scotland"#)
    #expect(f.notes.contains { $0.text.hasPrefix("rank: among the 3 councils in the table") })
    #expect(column(f, "rank").contains(.text("1 of 3")))
  }
}
