import Query
import Tables
import Testing

/// `share of scotland`, against shares worked out here from the rows.
@Suite("share of scotland")
struct ShareTests {
  @Test func sharesAreOfScotlandsTotalForTheSamePeriodAndMeasure() throws {
    let f = try frame(
      #"indicators | where measure = "CPOs commenced" and year last 2 | share of scotland"#)
    let (a, y, v, s) = (
      f.table.columnIndex(named: "area")!, f.table.columnIndex(named: "year")!,
      f.table.columnIndex(named: "value")!, f.table.columnIndex(named: "share of Scotland")!
    )
    var scotland: [String: Double] = [:]
    for r in 0..<f.table.rowCount where f.table.value(row: r, column: a) == .text("Scotland") {
      scotland["\(f.table.value(row: r, column: y))"] = f.table.value(row: r, column: v).numberValue
    }
    #expect(scotland.count == 2)
    var checked = 0
    for r in 0..<f.table.rowCount {
      guard let x = f.table.value(row: r, column: v).numberValue,
        let total = scotland["\(f.table.value(row: r, column: y))"]
      else { continue }
      #expect(f.table.value(row: r, column: s).numberValue == 100 * x / total)
      checked += 1
    }
    #expect(checked == 66)
    // A filter that left Scotland out: its total comes from the table before.
    let fife = try frame(
      #"indicators | where measure = "bail cases commenced" and year = 2023-24 and area in ("Fife", "Orkney Islands") | share of scotland"#
    )
    let total = try #require(
      frame(
        #"indicators | where measure = "bail cases commenced" and year = 2023-24 and area = "Scotland""#
      ).table.value(row: 0, column: 5).numberValue)
    let own = try #require(
      fife.table.value(row: 0, column: fife.table.columnIndex(named: "value")!).numberValue)
    #expect(
      fife.table.value(row: 0, column: fife.table.columnIndex(named: "share of Scotland")!)
        .numberValue == 100 * own / total)
    #expect(column(fife.table, "share of Scotland")[1] == "[c]")
    #expect(
      fife.notes.contains { $0.text.contains("Scotland's from the table before the filters") })
  }

  @Test func percentagesAndRatesAreRefusedWithTheReason() {
    #expect(
      diagnostic(
        #"indicators | where measure = "CPOs completed (%)" and year = 2023-24 | share of scotland"#
      )?.message
        == "\"CPOs completed (%)\" is a percentage, and percentages do not add up to Scotland's: a share of them means nothing"
    )
    #expect(
      diagnostic(
        #"indicators | where year = 2023-24 | rate "CPOs completed" / "CPOs ended" by area | share of scotland"#
      )?.message
        == "rate (CPOs completed / CPOs ended) is a percentage, and percentages do not add up to Scotland's: a share of them means nothing"
    )
    #expect(
      diagnostic(
        #"indicators | where measure = "CPOs commenced" and year = 2018-19 | rate per 10000 population | share of scotland"#
      )?.message.hasPrefix("rate (value / population) is a rate") == true)
    #expect(diagnostic(#"areas | share of scotland"#) != nil)
  }
}
