import Query
import Tables
import Testing

/// `join`: areas through the resolver, periods by their type, every unmatched row reported.
struct JoinTests {
  /// A local extract: areas spelt as people type them, one not an area, one year the national
  /// table lacks.
  let local = table(
    """
    Council,year,referrals
    fife,2022-23,40
    City of Glasgow,2022-23,120
    S12000014,2022-23,12
    Narnia,2022-23,5
    Fife,2030-31,7
    """)

  func workspaceWithNational() throws -> Workspace {
    let w = workspace(local)
    _ = try w.run(
      Parser.parseCommand(
        #"let national = indicators | where measure = "CPOs commenced" and year = 2022-23 | select area, year, value"#
      ))
    return w
  }

  @Test func anInnerJoinMatchesAreasThroughTheResolverAndReportsWhatItLeftOut() throws {
    let f = try frame("t | join national on Council = area, year", in: try workspaceWithNational())
    #expect(
      cells(f.table) == [
        ["fife", "2022-23", "40", "503"],
        ["City of Glasgow", "2022-23", "120", "1992"],
        ["S12000014", "2022-23", "12", "290"],
      ])
    let left = try #require(f.notes.first { $0.text.hasPrefix("join: 2 of 5 rows") })
    #expect(
      left.text
        == #"join: 2 of 5 rows matched no row of national on Council = area, year and are left out (`join left` keeps them): "Narnia" 2022-23, "Fife" 2030-31"#
    )
    #expect(left.kind == .warning)
    #expect(f.notes.contains { $0.text.hasPrefix("join: 30 rows of national matched no row here") })
  }

  @Test func aLeftJoinKeepsEveryRowWithEmptyCells() throws {
    let f = try frame(
      "t | join left national on Council = area, year", in: try workspaceWithNational())
    #expect(f.table.rowCount == 5)
    #expect(column(f.table, "value") == ["503", "1992", "290", "", ""])
    #expect(
      f.notes.contains {
        $0.text.hasPrefix(
          "join: 2 of 5 rows matched no row of national on Council = area, year, kept with national's columns empty"
        )
      })
  }

  @Test func oldCodesAndOtherNamesMatchTheSameArea() throws {
    let w = workspace(
      table(
        """
        code,value
        S12000015,1
        S12000046,2
        """))
    let f = try frame("t | join areas on code = area_code", in: w)
    #expect(column(f.table, "area") == ["Fife", "Glasgow City"])
    #expect(column(f.table, "areas_value").isEmpty)
    #expect(f.notes.first?.text == "join: every row matched a row of areas on code = area_code")
  }

  @Test func aFinancialYearNeverMatchesACalendarYear() {
    let d = diagnostic("t | join population_current on Council = area, year", on: local)
    #expect(
      d?.message
        == "year holds financial years and population_current's year holds calendar years: they never name the same period"
    )
  }

  @Test func noMatchAtAllIsAnError() {
    let d = diagnostic("t | join areas on referrals = area_code", on: table("referrals\nx\ny"))
    #expect(d?.message == "no row matches a row of areas on referrals")
  }

  @Test func theOtherTableMustHaveOneRowPerKey() {
    let d = diagnostic("t | join indicators on Council = area, year", on: local)
    #expect(
      d?.message.hasPrefix(#"indicators has more than one row for "Aberdeen City" 2012-13"#) == true
    )
    #expect(d?.help?.contains("counted twice") == true)
  }

  @Test func clashingColumnsTakeTheTablesName() throws {
    let w = workspace(table("area,value\nFife,1"))
    w.store(table("area,value\nFife,2"), as: "other")
    let f = try frame("t | join other on area", in: w)
    #expect(f.table.columnNames == ["area", "value", "other_value"])
    #expect(cells(f.table) == [["Fife", "1", "2"]])
  }

  @Test func unknownTablesAndColumnsAreNamedWithTheClosest() {
    #expect(diagnostic("t | join aeras on area", on: sample)?.message == #"unknown table "aeras""#)
    let d = diagnostic("t | join areas on area = naem", on: sample)
    #expect(d?.message == #"unknown column "naem""#)
    #expect(d?.help?.hasPrefix("columns of areas:") == true)
  }

  @Test func parsesInnerLeftAndPairs() throws {
    guard
      case .pipeline(let p) = try Parser.parseCommand("t | join left pop on area, year = mid_year"),
      case .join(let name, let keys, let keepAll) = p.stages[0].verb
    else {
      Issue.record("not a join")
      return
    }
    #expect(name.text == "pop")
    #expect(keepAll)
    #expect(keys.map(\.left.text) == ["area", "year"])
    #expect(keys.map(\.right.text) == ["area", "mid_year"])
  }
}
