import Query
import Tables
import Testing

@Suite("rate and compare")
struct RateTests {
  @Test func ratioOfTwoMeasuresWithZeroAndMissingDenominators() throws {
    let f = try frame(
      #"t | where area != "Scotland" | rate "cases completed" / "cases commenced" as completion by area ci off"#,
      on: sample)
    #expect(
      f.table.columnNames == ["area", "year", "cases completed", "cases commenced", "completion"])
    #expect(
      cells(f.table) == [
        ["Falkirk", "2018-19", "30", "40", "75"],
        ["Falkirk", "2019-20", "33", "44", "75"],
        ["Falkirk", "2020-21", "[x]", "50", "[x]"],
        ["Falkirk", "2021-22", "[x]", "", "[x]"],
        ["Fife", "2018-19", "80", "100", "80"],
        ["Fife", "2019-20", "0", "110", "0"],
        ["Fife", "2020-21", "[x]", "[c]", "[x]"],
        ["Fife", "2021-22", "[x]", "132", "[x]"],
      ])
    let zero = try frame(
      #"t | where area = "Fife" | rate "cases commenced" / "cases completed" per 1000 ci off"#,
      on: sample)
    // A suppressed numerator keeps its [c]; a measure with no row at all is [x].
    #expect(column(zero.table, "rate") == ["1250", "[z]", "[c]", "[x]"])
    #expect(zero.notes.map(\.text) == ["[z] 1 row had a zero denominator: no rate"])
  }

  /// Every rate has its 95% interval unless `ci off`; a suppressed count gives none, and says so.
  @Test func intervalsByDefaultAndNoneForASuppressedCount() throws {
    let f = try frame(
      #"t | where area = "Fife" | rate "cases commenced" / "cases completed" per 1000"#, on: sample)
    #expect(f.table.columnNames.suffix(3) == ["rate", "lower", "upper"])
    #expect(column(f.table, "lower").count == 4)
    // The [c] count: no rate, and no interval, which would give the count away.
    #expect(
      column(f.table, "rate")[2] == "[c]" && column(f.table, "lower")[2] == "[c]"
        && column(f.table, "upper")[2] == "[c]")
    #expect(
      f.notes.contains {
        $0.text.hasPrefix("[c] in lower and upper: 1 row whose count is suppressed")
      })
    #expect(f.notes.contains { $0.text.hasPrefix("lower, upper: the 95% confidence interval") })
    let strict = try frame(
      #"t | where area = "Fife" | rate "cases commenced" / "cases completed" per 1000 ci 99.8"#,
      on: sample)
    #expect(
      strict.notes.contains { $0.text.hasPrefix("lower, upper: the 99.8% confidence interval") })
    // Figures that are not counts have no interval: no columns of [x], a note saying why.
    let t = table("area,done,ended\nFife,0.5,4\nAngus,1.5,3\n")
    let g = try frame("t | rate done / ended", on: t)
    #expect(g.table.columnNames == ["area", "done", "ended", "rate"])
    #expect(
      g.notes.contains {
        $0.text.hasPrefix("no confidence interval: the figures are not whole counts")
      })
  }

  @Test func ratioOfColumns() throws {
    let t = table("area,done,ended\nFife,3,4\nAngus,1,0\nMoray,[c],5\n")
    let f = try frame("t | rate done / ended as completion", on: t)
    #expect(column(f.table, "completion") == ["75", "[z]", "[c]"])
    #expect(
      diagnostic(#"t | rate done / "ended""#, on: t)?.message
        == "rate takes two measures in quotes or two column names, not one of each")
  }

  @Test func unknownMeasure() {
    let d = diagnostic(#"t | rate "cases complete" / "cases commenced""#, on: sample)
    #expect(d?.message == "unknown measure \"cases complete\"")
    #expect(d?.label == "did you mean \"cases completed\"?")
  }

  @Test func ratePerPopulationUsesTheYearTheFinancialYearStartsIn() throws {
    let f = try frame(
      #"indicators | where measure = "CPOs commenced" and year = 2017-18 and area = "Fife" | rate per 10000 population 16-70"#
    )
    // NRS mid-2017, Fife, aged 16 to 70 (reference-data/nrs-population-by-council-1998-2018.csv).
    #expect(column(f.table, "population") == ["260385"])
    let value = try #require(
      f.table.column(named: "value").flatMap { _ in Double(column(f.table, "value")[0]) })
    let rate = try #require(Double(column(f.table, "rate")[0]))
    #expect(abs(rate - 10000 * value / 260385) < 0.001)
    #expect(
      f.notes.first?.text
        == "population: NRS mid-year estimates aged 16 to 70, mid-2017 for 2017-18; the series to mid-2018, before the Census 2022 rebase"
    )
    #expect(f.title == "CPOs commenced per 10,000 people aged 16 to 70, 2017-18")
  }

  @Test func aPeriodWithoutItsOwnPopulationIsAnErrorNotASubstitute() throws {
    let d = diagnostic(
      #"indicators | where measure = "CPOs commenced" and year = 2019-20 | rate per 10000 population 16-70"#
    )
    #expect(d?.message == "no population estimate aged 16 to 70 for 2019-20 (mid-2019)")
    #expect(d?.label == "the nearest estimate aged 16 to 70 is mid-2018")
    #expect(d?.help?.contains("using 2018") == true)
    #expect(d?.help?.contains("mid-1998 to mid-2018, mid-2022, mid-2024") == true)
    let chosen = try frame(
      #"indicators | where measure = "CPOs commenced" and year = 2019-20 and area = "Fife" | rate per 10000 population 16-70 using 2018"#
    )
    #expect(column(chosen.table, "population") == ["258535"])
    #expect(
      chosen.notes.first?.text.contains("mid-2018 for every period (chosen with `using`") == true)
  }

  @Test func compareWithScotlandAddsValueDifferenceAndRankAmongTheCouncils() throws {
    let f = try frame(
      #"indicators | where measure = "CPOs completed (%)" and area = "Fife" and year = 2023-24 | compare with scotland"#
    )
    let all = try frame(
      #"indicators | where measure = "CPOs completed (%)" and year = 2023-24 and area != "Scotland" | sort value desc | select area, value"#
    )
    let position = try #require(column(all.table, "area").firstIndex(of: "Fife"))
    #expect(column(f.table, "rank") == ["\(position + 1) of 32"])
    let scotland = try frame(
      #"indicators | where measure = "CPOs completed (%)" and area = "Scotland" and year = 2023-24"#
    )
    #expect(column(f.table, "Scotland") == column(scotland.table, "value"))
    let own = try #require(Double(column(f.table, "value")[0]))
    let theirs = try #require(Double(column(f.table, "Scotland")[0]))
    #expect(
      column(f.table, "difference") == [
        NumberFormatting.plain(((own - theirs) * 1000).rounded() / 1000)
      ])
  }

  @Test func compareNeedsAreas() {
    #expect(
      diagnostic(#"t | compare with "Narnia""#, on: sample)?.message
        == "\"Narnia\" is not a council area or Scotland")
  }

  @Test func funnelNamesTheLargestDrop() throws {
    let t = table("measure,value\nassessed,100\nstarted,60\nfinished,50\n")
    let f = try frame(#"t | funnel "assessed" > "started" > "finished""#, on: t)
    #expect(
      cells(f.table) == [
        ["assessed", "100", "-", "-"], ["started", "60", "60", "60"],
        ["finished", "50", "83.333", "50"],
      ])
    #expect(
      f.notes.first?.text == "The largest drop is from assessed to started: 40% fewer (100 to 60).")
  }
}

@Suite("suppression reaches what counts make")
struct SuppressedRateTests {
  /// A rate, or its interval, beside a count suppressed for disclosure would give the count back
  /// (52.0% of 25 is 13): they are hidden with it.
  @Test func aHiddenCountTakesItsRateAndIntervalWithIt() throws {
    let f = try frame(
      #"indicators | where year = 2023-24 and area in ("Fife", "Angus") | rate "DTTOs completed" / "DTTOs ended" by area | write csv suppress below 20"#
    )
    guard case .data(let csv, let notes)? = f.display else { Issue.record("no data"); return }
    let fife = try #require(csv.split(separator: "\n").first { $0.hasPrefix("Fife") })
    #expect(!fife.contains("52"))
    // Each figure empty, its [c] in the status column beside it (area, year, the count, the denominator with its empty status, then rate, lower and upper).
    #expect(fife == "Fife,2023-24,,[c],25,,,[c],,[c],,[c]")
    #expect(
      notes.contains {
        $0.text.contains("rates, limits and shares worked out from them hidden too")
      })
    // Rows with no hidden count keep their figures.
    let g = try frame(
      #"indicators | where year = 2023-24 and area in ("Fife", "Glasgow City") | rate "CPOs completed" / "CPOs ended" by area | write csv suppress below 20"#
    )
    guard case .data(let kept, _)? = g.display else { Issue.record("no data"); return }
    #expect(kept.contains("Glasgow City,2023-24,"))
    #expect(!kept.contains("[c]"))
  }
}
