import Query
import Tables
import Testing

#if canImport(Glibc)
  import Glibc
#endif

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
    #expect(
      fife.notes.contains {
        $0.text == "Scotland: from the table before the filters, which left it out"
      })
    #expect(!column(fife, "Scotland").contains { if case .missing = $0 { true } else { false } })
  }

  @Test func assessSaysWhatItNeeds() {
    let d = diagnostic(#"indicators | rename measure as m | assess area "Fife""#)
    #expect(
      d?.message
        == "assess needs a table shaped like the bundled indicators, and this one has no measure")
    #expect(d?.help?.contains("its columns are area_code, area, year, indicator, m, value") == true)
  }

  @Test func aComparatorThePipelineRemovedIsRefusedWithTheReason() throws {
    let f = try frame(
      #"indicators | where area = "Highland" and measure = "CPOs commenced" and year <= 2018-19 | rate per 10000 population 16-70 | compare with scotland"#
    )
    #expect(
      f.notes.contains {
        $0.text.hasPrefix(
          "Scotland: not in this table, and rate was worked out after a filter left Scotland out")
      })
    #expect(
      f.notes.contains {
        $0.text.hasPrefix("rank: not given, as there is only one council to rank")
      })
    #expect(!column(f, "rank").contains(.text("1 of 1")))
    // The population year used stays under the table.
    #expect(
      f.notes.contains { $0.text.hasPrefix("population: NRS mid-year estimates aged 16 to 70") })
  }

  @Test func ranksSayHowManyCouncilsTheyAreAmong() throws {
    let f = try frame(
      #"indicators | where measure = "CPOs commenced" and year = 2018-19 | rate per 10000 population 16-70 | where area in ("Fife", "Angus", "Moray", "Scotland") | compare with scotland"#
    )
    #expect(f.notes.contains { $0.text.hasPrefix("rank: among the 3 councils in the table") })
    #expect(column(f, "rank").contains(.text("1 of 3")))
  }

  // Notes belong to the figures they describe.
  @Test func notesAreCarriedOrDroppedAsTheTableChanges() throws {
    let rates =
      #"indicators | where measure = "CPOs commenced" and year = 2018-19 | rate per 10000 population 16-70"#
    // The population year is true of any rows kept, and of the compared table.
    #expect(
      try frame(rates + #" | where area = "Fife""#).notes.contains {
        $0.text.hasPrefix("population: NRS")
      })
    #expect(
      try frame(rates + " | compare with scotland").notes.contains {
        $0.text.hasPrefix("population: NRS")
      })
    // It goes with the columns it speaks of.
    #expect(
      !(try frame(rates + " | select area, value")).notes.contains {
        $0.text.hasPrefix("population: NRS")
      })
    // The rank note goes when the ranks do.
    let compared = rates + " | compare with scotland"
    #expect(try frame(compared).notes.contains { $0.text.hasPrefix("rank:") })
    #expect(
      !(try frame(compared + " | select year, value, Scotland")).notes.contains {
        $0.text.hasPrefix("rank:")
      })
    // A rename carries it.
    #expect(
      try frame(compared + " | rename rank as position").notes.contains {
        $0.text.hasPrefix("rank:")
      })
    // A summary of rows goes when rows are taken out, not when they are only sorted.
    let funnel =
      #"indicators | where area = "Scotland" | funnel "assessments undertaken" > "cases commenced" > "cases completed" by year"#
    #expect(try frame(funnel).notes.contains { $0.text.hasPrefix("The largest drop") })
    #expect(
      try frame(funnel + " | sort year desc").notes.contains {
        $0.text.hasPrefix("The largest drop")
      })
    #expect(
      !(try frame(funnel + " | where year last 3")).notes.contains {
        $0.text.hasPrefix("The largest drop")
      })
  }

  @Test func groupNotesCountGroupsAndCellsOnce() throws {
    var csv = "year,area,value\n"
    for year in ["2021-22", "2022-23", "2023-24"] {
      for (k, area) in ["Fife", "Angus", "Moray", "Perth", "Argyll", "Falkirk"].enumerated() {
        csv += "\(year),\(area),\(k < 4 ? "[c]" : "\(k * 10)")\n"
      }
    }
    let f = try frame(
      "t | group by year sum(value) as total, count(value) as n, median(value) as med",
      on: table(csv))
    #expect(f.table.rowCount == 3)
    #expect(
      f.notes.contains { $0.text.hasPrefix("[i] 3 groups had missing cells ([c] 12)") },
      "\(f.notes.map(\.text))")
  }

  @Test func anEmptyResultSaysWhatTheTableHolds() throws {
    let f = try frame(#"indicators | where year = 2025-26"#)
    #expect(f.table.rowCount == 0)
    #expect(
      f.notes.map(\.text) == ["no rows meet the condition; year holds 2012-13 .. 2023-24, no gaps"])
  }

  @Test func loadingOverABundledNameSaysSoAndDatasetsDescribesTheFile() throws {
    let w = workspace()
    w.store(table("a\n1\n"), as: "scratch")
    let loaded = try w.run(Parser.parseCommand(#"load "\#(Self.fixture)" as indicators"#))
    guard case .status(let message)? = loaded.blocks.first else {
      Issue.record("no status line"); return
    }
    #expect(
      message.contains(
        "indicators now names this file for the rest of the session, in place of the bundled table")
    )
    let listed = try frame("datasets", in: w)
    let row = try #require(
      (0..<listed.table.rowCount).first {
        listed.table.value(row: $0, column: 0) == .text("indicators")
      })
    guard case .text(let about) = listed.table.value(row: row, column: 3) else {
      Issue.record("no about"); return
    }
    #expect(about.hasPrefix(Self.fixture) && about.contains("in place of the bundled table"))
  }

  static let fixture: String = {
    let path = "/tmp/cjnb-right-or-refused-\(getpid()).csv"
    try? AtomicFile.write("year,value\n2019,5\n2020,7\n2021,9\n", to: path)
    return path
  }()

  @Test func thePandemicCaveatNamesPeriodsAsTheTableWritesThem() throws {
    let calendar = table("year,value\n2018,5\n2019,7\n2020,9\n2021,6\n2022,8\n")
    let f = try frame("t | trend", on: calendar)
    #expect(
      f.notes.contains {
        $0.text == "† pandemic years (2020 and 2021): compare across them with care"
      }, "\(f.notes.map(\.text))")
    let financial = try frame(
      #"indicators | where area = "Fife" and measure = "cases completed" | trend"#)
    #expect(
      financial.notes.contains {
        $0.text == "† pandemic years (2020-21 and 2021-22): compare across them with care"
      })
  }

  @Test func percentagesChangeByPercentagePoints() throws {
    let fife = try frame(
      #"indicators | where area = "Fife" and measure = "CPOs completed (%)" | trend"#)
    #expect(
      fife.table.columnNames.contains("change (pts)")
        && !fife.table.columnNames.contains("% change"))
    #expect(fife.notes.contains { $0.text.contains("percentage points since 2012-13") })
    // Mixed counts and percentages: no relative change for the percentages, and it is said.
    let mixed = try frame(
      #"indicators | where area = "Fife" and measure in ("CPOs completed (%)", "cases completed") and year last 3 | trend"#
    )
    let measure = column(mixed, "measure")
    let relative = column(mixed, "% change")
    for (m, r) in zip(measure, relative) where m == .text("CPOs completed (%)") {
      #expect(r == .missing(.notApplicable) || r == .missing(.dash))
    }
    #expect(relative.contains { if case .number = $0 { true } else { false } })
    #expect(
      mixed.notes.contains {
        $0.text == "% change: [z] for percentages, whose change is in percentage points"
      })
    // A measure called a percentage is narrated as one, by its name alone.
    let named = table(
      "year,measure,value\n2019-20,percentage of orders completed,70.1\n2020-21,percentage of orders completed,72.0\n2021-22,percentage of orders completed,74.3\n"
    )
    let f = try frame("t | narrate", on: named)
    guard case .prose(let text)? = f.display else { Issue.record("no prose"); return }
    #expect(
      text.hasPrefix("The percentage of orders completed rose by 2.3 percentage points"), "\(text)")
  }

  @Test func meaninglessArithmeticIsRefusedOrWarnedWithTheWayOut() throws {
    let sum = diagnostic(#"indicators | where measure = "CPOs completed (%)" | group by year"#)
    #expect(sum?.message == "sum(value) would add up percentages, which gives no meaningful figure")
    #expect(sum?.help?.hasPrefix("mean(value) gives their unweighted average") == true)
    #expect(
      diagnostic(#"indicators | where measure = "CPOs completed (%)" | group by year mean(value)"#)
        == nil)
    let rate = diagnostic(
      #"indicators | where measure = "CPOs completed (%)" | rate per 10000 population"#)
    #expect(
      rate?.message
        == "\"CPOs completed (%)\" is a percentage, and a percentage per head of population means nothing"
    )
    let mixed = try frame(#"indicators | where year = 2023-24 | group by area"#)
    #expect(
      mixed.notes.contains { $0.text.hasPrefix("warning: sum(value) adds 132 percentages") },
      "\(mixed.notes.map(\.text))")
    #expect(
      try frame(#"indicators | where measure = "cases completed" | group by year"#).notes.contains {
        $0.text.hasPrefix("warning: the rows include Scotland as well as councils")
      })
    let totals = table("area,age,value\nFife,All ages,100\nFife,16-25,40\nFife,26+,60\n")
    #expect(
      try frame("t | group by area", on: totals).notes.contains {
        $0.text.hasPrefix("warning: the rows include \"All ages\" in age as well as its parts")
      })
    #expect(
      !(try frame(#"t | where age != "All ages" | group by area"#, on: totals)).notes.contains {
        $0.text.hasPrefix("warning")
      })
    let units = table("area,unit,value\nFife,count,100\nFife,days,40\nFife,£,60\n")
    #expect(
      try frame("t | group by area", on: units).notes.contains {
        $0.text.hasPrefix("warning: the figures add up different units (unit)")
      })
  }

  @Test func aWarningTravelsWithAWrittenFile() throws {
    let path = "/tmp/cjnb-warning-\(getpid()).csv"
    defer { unlink(path) }
    let w = workspace(table("area,age,value\nFife,All ages,100\nFife,16-25,40\n"))
    let f = try frame(#"t | group by area | write csv to "\#(path)" replace"#, in: w)
    guard case .message(let m)? = f.display else { Issue.record("no message"); return }
    #expect(m.hasPrefix("wrote 1 row to"))
    // The renderer shows it under the message, and batch use on standard error.
    #expect(
      f.notes.contains {
        $0.isWarning
          && $0.text.hasPrefix("warning: the rows include \"All ages\" in age as well as its parts")
      })
  }

  /// "the highest level in the last decade" and the range of earlier years cover the same decade.
  @Test func narrateSaysItsRangeOverTheSpanItRanksIn() throws {
    let f = try frame(
      #"indicators | where area = "Fife" and measure = "cases completed" | narrate"#)
    guard case .prose(let text)? = f.display else { Issue.record("no prose"); return }
    #expect(text.contains("the highest level in the last decade"))
    #expect(text.contains("From 2014-15 to 2021-22 the number ranged from 71 to 102."), "\(text)")
  }

  /// The share of a suppressed count is suppressed too, not "not available".
  @Test func aFunnelCarriesTheReasonOfAMissingCount() throws {
    let t = table(
      "area,year,measure,value\nFife,2019-20,a,5\nFife,2019-20,b,10\nFife,2020-21,a,[c]\nFife,2020-21,b,4\n"
    )
    let f = try frame(#"t | funnel "b" > "a" by year"#, on: t)
    #expect(column(f, "% of previous").last == .missing(.confidential))
  }

  /// Found by the DuckDB oracle: with fewer figures than N, top put rows with no figure in the top.
  @Test func topLeavesOutRowsWithNoFigure() throws {
    let t = table("area,value\nFife,5\nAngus,[c]\nMoray,\nPerth,7\n")
    let f = try frame("t | top 3 by value", on: t)
    #expect(column(f, "area") == [.text("Perth"), .text("Fife")])
    #expect(f.notes.map(\.text) == ["left out 2 rows with no value"])
  }
}
