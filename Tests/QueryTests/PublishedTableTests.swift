import Foundation
import Query
import Tables
import Testing

/// The verbs on published tables: unpivot of a wide table, totals left out of sums, clean, and
/// what describe says. On the real workbooks (skipped without ../shared/real-files) and on the
/// fixtures of TablesTests.
@Suite("Published tables through the verbs")
struct PublishedTableTests {
  static let root: String = {
    let here = #filePath
    return String(here[..<(here.range(of: "/Tests/")?.lowerBound ?? here.endIndex)])
  }()
  static let proceedings = root + "/../shared/real-files/criminal_proceedings-2324-tables.xlsx"
  static let realFiles = FileManager.default.fileExists(atPath: proceedings)
  static let fixtures = root + "/Tests/TablesTests/Fixtures"

  func loaded(_ load: String) throws -> Workspace {
    let w = workspace()
    _ = try w.run(Parser.parseCommand(load))
    return w
  }

  @Test(.enabled(if: realFiles, "../shared/real-files is not there: skipped"))
  func aTrendOfCommunityPaybackOrdersAsPublished() throws {
    let w = try loaded(#"load "\#(Self.proceedings)" sheet "Table_7a" as t7"#)
    let f = try frame(
      #"t7 | unpivot | where `Main penalty` = "Community payback order" | trend"#, in: w)
    // Table_7a B13:K13, people convicted with a community payback order as main penalty.
    #expect(
      column(f.table, "year") == [
        "2013-14", "2014-15", "2015-16", "2016-17", "2017-18", "2018-19", "2019-20", "2020-21",
        "2021-22", "2022-23",
      ])
    #expect(
      column(f.table, "people convicted") == [
        "16375", "16765", "16766", "15974", "14072", "11812", "12781", "6816", "10475", "12632",
      ])
    // Table_7a L13 publishes the last change as 20.591885441527399%.
    #expect(column(f.table, "% change").last == "20.592")
    let said = try frame(
      #"t7 | unpivot | where `Main penalty` = "Community payback order" | trend | narrate for 2022-23"#,
      in: w)
    guard case .prose(let text)? = said.display else { Issue.record("no prose"); return }
    // K13 against J13: 10,475 to 12,632, a rise of 21% (L13: 20.59%).
    #expect(
      text.hasPrefix(
        "The number of people convicted rose by 21% between 2021-22 and 2022-23 to 12,630"),
      "\(text)")
  }

  @Test(.enabled(if: realFiles, "../shared/real-files is not there: skipped"))
  func thePartsAddUpToThePublishedTotalAndTheTotalsAreLeftOut() throws {
    let w = try loaded(#"load "\#(Self.proceedings)" sheet "Table_7a" as t7"#)
    // The rows of averages (A26:A28) are not people; the rest, less the totals, are the parts.
    let f = try frame(
      #"t7 | unpivot | where year = 2022-23 and not (`Main penalty` in ("Custody (average in days)", "Fine (average amount £)", "Compensation order (average amount £)")) | group by year"#,
      in: w)
    // Table_7a K5: Total 2022-23, 68,067.
    #expect(column(f.table, "people convicted") == ["68067"])
    #expect(
      f.notes.contains {
        $0.text.hasPrefix(
          #"left out 5 rows of totals in Main penalty ("Total", "All custody", "All community sentences" and 2 more)"#
        )
      })
    // Without the filter, the rows of averages are left out as well, and the sum is the same.
    let plain = try frame("t7 | unpivot | where year = 2022-23 | group by year", in: w)
    #expect(column(plain.table, "people convicted") == ["68067"])
    #expect(
      plain.notes.contains {
        $0.text.hasPrefix(
          #"left out 3 rows of figures that are not counts in Main penalty ("Custody (average in days)""#
        )
      })
    let long = try frame("t7 | unpivot", in: w)
    #expect(
      long.notes.contains {
        $0.text.hasPrefix(
          #"the rows "Custody (average in days)", "Fine (average amount £)", "Compensation order (average amount £)" of Main penalty are not counts of people convicted"#
        )
      })
  }

  @Test(.enabled(if: realFiles, "../shared/real-files is not there: skipped"))
  func communityPaybackOrdersAgainstThePublishedTotal() throws {
    let w = try loaded(#"load "\#(Self.proceedings)" sheet "Table_7a" as t7"#)
    let f = try frame(
      #"t7 | unpivot | where `Main penalty` = "Community payback order" and year = 2022-23 | compare with total"#,
      in: w)
    // Table_7a K13 12,632 against K5 68,067: 18.6% of people convicted.
    #expect(column(f.table, "total") == ["68067"])
    #expect(column(f.table, "difference") == ["-55435"])
    #expect(column(f.table, "% of total") == ["18.558"])
  }

  @Test(.enabled(if: realFiles, "../shared/real-files is not there: skipped"))
  func crimeGroupsSumToTheTotalWithBothLevelsOfTotalsLeftOut() throws {
    let crime = Self.root + "/../shared/real-files/recorded-crime-2024-25-bulletin-tables.xlsx"
    let w = try loaded(#"load "\#(crime)" sheet "Table_1" as t1"#)
    let f = try frame(
      #"t1 | where `Local Authority` = "Scotland" | group by `Crime group` sum(`2024-25`)"#, in: w)
    // Table_1 M4: Scotland, Total Crimes, 2024-25: 299,111; the groups' totals M5, M13, M22, ...
    #expect(
      column(f.table, "Crime group") == [
        "Coronavirus restrictions", "Crimes against society", "Crimes of dishonesty",
        "Damage and reckless behaviour", "Non-sexual crimes of violence", "Sexual crimes",
      ])
    let sums = column(f.table, "2024-25").compactMap { Double($0) }
    #expect(sums.reduce(0, +) == 299_111)
    #expect(column(f.table, "2024-25")[4] == "71170")  // M5
    #expect(
      f.notes.contains { $0.text.hasPrefix(#"left out 7 rows of totals in Crime type ("Total")"#) })
  }

  @Test(.enabled(if: realFiles, "../shared/real-files is not there: skipped"))
  func unpivotOfABreakdownLeavesTheTotalAndPercentageColumnsOut() throws {
    let w = try loaded(#"load "\#(Self.proceedings)" sheet "Table_18a" as t18"#)
    let f = try frame(
      #"t18 | unpivot as age | where `Main crime or offence` = "All crimes and offences" | group by `Main crime or offence`"#,
      in: w)
    // Table_18a B5:E5 (3,687 + 5,772 + 4,916 + 6,737) is F5, the Total column: 21,112.
    #expect(f.table.columnNames.last == "people given Recorded Police Warnings (RPWs)")
    #expect(column(f.table, "people given Recorded Police Warnings (RPWs)") == ["21112"])
  }

  @Test func compareWithTotalInThisTableOrTheOneBeforeTheFilter() throws {
    let w = try loaded(#"load "\#(Self.fixtures)/published.ods" sheet "Table_1" as t"#)
    let year = try frame("t | unpivot | where year = 2019-20 | compare with total", in: w)
    #expect(!column(year.table, "Order type").contains("Total"))
    #expect(column(year.table, "total").allSatisfy { $0 == "986" })
    let fines = try frame(
      #"t | unpivot | where `Order type` = "Fines" | compare with total"#, in: w)
    #expect(column(fines.table, "total") == ["1020", "1075", "1110", "1014", "986"])
    #expect(
      fines.notes.contains {
        $0.text
          == #"compared with the row "Total" of Order type for the same year, from the table before the filter"#
      })
    #expect(
      diagnostic("indicators | compare with total")?.message
        == "this table has no row of totals to compare with")
  }

  @Test func unpivotNamesTheFiguresAfterTheMeasureAndLeavesTheChangesOut() throws {
    let w = try loaded(#"load "\#(Self.fixtures)/published.ods" sheet "Table_1" as t"#)
    let f = try frame("t | unpivot", in: w)
    #expect(f.table.columnNames == ["Order type", "year", "community orders made"])
    #expect(f.table.rowCount == 35)
    #expect(
      f.notes.contains {
        $0.text
          == #"left out "Change 2018-19 to 2019-20 (%)", not periods; name the columns to unpivot to choose them yourself"#
      })
    let sum = try frame("t | unpivot | where year = 2016-17 | group by year", in: w)
    // The parts of Total (1,075 in 2016-17): 740 + 105 + 20 + 210, and x for the last.
    #expect(column(sum.table, "community orders made") == ["1075[i]"])
  }

  @Test func describeSaysWhatWasRecognised() throws {
    let w = try loaded(#"load "\#(Self.fixtures)/published.ods" sheet "Table_1" as t"#)
    let d = try frame("describe t", in: w)
    let notes = d.notes.map(\.text)
    #expect(notes.contains("2017-18 [note 1]: Counting rules changed in 2017-18."))
    #expect(
      notes.contains(#"Order type "Other" [note 2]: Other includes supervised attendance orders."#))
    #expect(notes.contains("[ns]: not sampled in that year (the Cover sheet)"))
    #expect(
      notes.contains {
        $0.hasPrefix("a wide table, one column per period (2015-16 .. 2019-20): `unpivot`")
      })
    #expect(
      column(d.table, "notes")[0].contains(
        #"totals: "Total", "All community orders" (left out of sums)"#))
  }

  @Test func cleanMakesStrayWordsMissingAndSaysHowMany() throws {
    let t = table(
      "area,value\nFife,12\nAngus,see note\nMoray,x\nFalkirk,7\nStirling,9\nHighland,see note\nDundee City,11\nInverclyde,3\nAngus,4\n"
    )
    let d = try frame("describe t", on: t)
    #expect(
      column(d.table, "notes")[1].contains(
        #"numbers but for 2 cells: "see note" 2 (first line 3); `clean value` makes them missing"#))
    let f = try frame("t | clean value", on: t)
    #expect(f.table.column(named: "value")?.type == .number)
    #expect(column(f.table, "value") == ["12", "[?]", "x", "7", "9", "[?]", "11", "3", "4"])
    #expect(
      f.notes.contains {
        $0.text
          == #"value: 2 cells that were not a number are now missing, marked [?] ("see note" 2); 6 numbers kept"#
      })
    #expect(diagnostic("t | clean area", on: t)?.message.contains("holds no numbers") == true)
  }

  @Test func aPublishedCSVHasItsNotesTotalsAndPeriodsRecognisedToo() throws {
    let folder = NSTemporaryDirectory() + "cjnb-published-csv-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/orders.csv"
    try
      "Sex,2019-20 [note 1],2020-21,2021-22\nAll,30,25,33\nFemale [note 2],10,9,x\nMale,20,16,21\n"
      .write(toFile: path, atomically: true, encoding: .utf8)
    let w = try loaded(#"load "\#(path)" as orders"#)
    let d = try frame("describe orders", in: w)
    #expect(column(d.table, "column") == ["Sex", "2019-20", "2020-21", "2021-22"])
    #expect(
      d.notes.contains {
        $0.text == "2019-20 [note 1]: no notes sheet in the file says what this note is"
      })
    let f = try frame("orders | unpivot | group by year", in: w)
    #expect(column(f.table, "value") == ["30", "25", "21[i]"])
  }

  @Test func narrateNeverSaysTheNumberOfValue() throws {
    let t = table(
      "Order type,2019-20,2020-21,2021-22\nFines,200,210,190\nCommunity payback order,700,650,720\n"
    )
    let output = try workspace(t).run(
      Parser.parseCommand(
        #"t | unpivot | where `Order type` = "Community payback order" | narrate"#))
    let text = output.blocks.map { block -> String in
      switch block {
      case .text(let s): s
      case .frame(let f):
        if case .prose(let words)? = f.display {
          words
        } else {
          (f.title ?? "") + f.notes.map(\.text).joined(separator: " ")
        }
      default: ""
      }
    }.joined(separator: " ")
    #expect(!text.contains("number of value"), "\(text)")
    #expect(text.contains("The number of community payback order"), "\(text)")
  }

  @Test func aCodeNobodyExplainedIsSaidToBeSo() throws {
    let t = table("area,value\nFife,12\nAngus,[q]\nMoray,7\n")
    #expect(t.column(named: "value")?.type == .number)
    let d = try frame("describe t", on: t)
    #expect(column(d.table, "notes")[1].contains("1 missing: [q] 1"))
    #expect(
      d.notes.contains {
        $0.text
          == "[q]: a symbol cjnb does not know, and the workbook does not say what it means; its cells are missing"
      })
  }

  @Test func xlsKeepsItsRefusalWithTheWayOut() {
    let d = diagnostic(#"load "old.xls""#)
    #expect(
      d?.message
        == "cjnb reads workbooks saved as .xlsx or .ods, and CSV; not the .xls format of Excel 97-2003"
    )
    #expect(d?.help?.contains(".ods") == true)
  }
}
