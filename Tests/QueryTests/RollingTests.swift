import Query
import Tables
import Testing

/// `rolling N`: windows of consecutive periods, against sums worked out here from the rows.
@Suite("rolling windows")
struct RollingTests {
  static let series = table(
    """
    area,year,measure,value
    Fife,2016-17,orders,10
    Fife,2017-18,orders,12
    Fife,2018-19,orders,[c]
    Fife,2019-20,orders,15
    Fife,2020-21,orders,11
    Fife,2022-23,orders,9
    Fife,2023-24,orders,14
    Angus,2019-20,orders,3
    Angus,2020-21,orders,4
    Angus,2021-22,orders,5
    Angus,2022-23,orders,6
    """)

  @Test func windowsArePooledLabelledAndNeverBridgeAGap() throws {
    let f = try frame("t | rolling 3", on: Self.series)
    #expect(f.table.columnNames == ["area", "years", "year", "measure", "value"])
    #expect(
      cells(f.table) == [
        ["Angus", "2019-20 to 2021-22", "2021-22", "orders", "12"],
        ["Angus", "2020-21 to 2022-23", "2022-23", "orders", "15"],
        // 2018-19 is [c]: the windows holding it are [c] too.
        ["Fife", "2016-17 to 2018-19", "2018-19", "orders", "[c]"],
        ["Fife", "2017-18 to 2019-20", "2019-20", "orders", "[c]"],
        ["Fife", "2018-19 to 2020-21", "2020-21", "orders", "[c]"],
        // 2021-22 is not there: no window spans it.
      ])
    #expect(
      f.notes.contains {
        $0.text == "a gap breaks the window, never bridged: Fife: no figure for 2021-22"
      })
    #expect(f.notes.contains { $0.text.hasPrefix("3 windows held a missing figure") })
    // Said still after trend and rate, which write their own notes.
    let trended = try frame("t | rolling 3 | trend", on: Self.series)
    #expect(
      trended.notes.contains {
        $0.text == "a gap breaks the window, never bridged: Fife: no figure for 2021-22"
      })
    let two = try frame(#"t | where area = "Fife" | rolling 2 mean"#, on: Self.series)
    // 10 and 12; [c]; [c]; 15 and 11; 2022-23 would span the gap; 9 and 14.
    #expect(column(two.table, "value") == ["11", "[c]", "[c]", "13", "11.5"])
  }

  @Test func sumsAgreeWithANaiveSumOverTheBundledData() throws {
    let w = workspace()
    let f = try frame(
      #"indicators | where measure = "CPOs commenced" and area != "Scotland" | rolling 3"#, in: w)
    let raw = try frame(
      #"indicators | where measure = "CPOs commenced" and area != "Scotland""#, in: w
    ).table
    var byArea: [String: [Period: Double]] = [:]
    let (a, y, v) = (
      raw.columnIndex(named: "area")!, raw.columnIndex(named: "year")!,
      raw.columnIndex(named: "value")!
    )
    for r in 0..<raw.rowCount {
      guard case .text(let area) = raw.value(row: r, column: a),
        case .period(let p) = raw.value(row: r, column: y)
      else { continue }
      if case .number(let x, _) = raw.value(row: r, column: v) { byArea[area, default: [:]][p] = x }
    }
    let (fa, fy, fv) = (
      f.table.columnIndex(named: "area")!, f.table.columnIndex(named: "year")!,
      f.table.columnIndex(named: "value")!
    )
    var checked = 0
    for r in 0..<f.table.rowCount {
      guard case .text(let area) = f.table.value(row: r, column: fa),
        case .period(let end) = f.table.value(row: r, column: fy),
        case .number(let x, _) = f.table.value(row: r, column: fv)
      else { continue }
      let want = (0..<3).map {
        byArea[area]?[Period(kind: end.kind, ordinal: end.ordinal - Int32($0))] ?? .nan
      }.reduce(0, +)
      #expect(x == want, "\(area) \(end)")
      checked += 1
    }
    #expect(checked == 32 * 10)
  }

  @Test func percentagesAreAveragedAndNeverSummed() throws {
    let f = try frame(
      #"indicators | where measure = "CPOs completed (%)" and area = "Fife" and year last 4 | rolling 3"#
    )
    #expect(
      f.notes.contains {
        $0.text.contains("the unweighted mean over each (percentages are averaged, not summed)")
      })
    #expect(
      diagnostic(
        #"indicators | where measure = "CPOs completed (%)" and area = "Fife" | rolling 3 sum"#)?
        .message
        == "\"CPOs completed (%)\" is a percentage, and a sum of percentages means nothing")
    #expect(
      diagnostic(#"indicators | where measure = "CPOs commenced" and area = "Fife" | rolling 1"#)?
        .message == "a rolling window is 2 to 20 periods long")
    #expect(diagnostic(#"indicators | where area = "Fife" | rolling 3"#) == nil)
    #expect(
      diagnostic(#"indicators | where area = "Fife" | rolling 3 by area"#)?.message.hasPrefix(
        "two rows for 2012-13 in Fife") == true)
  }

  @Test func trendFollowsTheWindowsAndPooledRatesUsePersonYears() throws {
    let t = try frame(
      #"indicators | where measure = "CPOs commenced" and area = "Orkney Islands" | rolling 3 | trend"#
    )
    // One series, the windows' labels beside their last year.
    #expect(t.table.rowCount == 10)
    #expect(t.table.columnNames.prefix(3) == ["years", "year", "value"])
    #expect(t.notes.contains { $0.text.hasPrefix("years: rolling windows of 3") })
    let w = workspace()
    let pooled = try frame(
      #"indicators | where measure = "CPOs commenced" and area = "Orkney Islands" and year <= 2018-19 | rolling 3 | rate per 10000 population | where year = 2018-19"#,
      in: w)
    // The population of a window is the three years' estimates summed, read here from the table.
    let people = try frame(
      #"population | where area = "Orkney Islands" and ages = "16-70" and year between 2016 and 2018 | group by area"#,
      in: w)
    #expect(column(pooled.table, "population") == column(people.table, "value"))
    #expect(column(pooled.table, "value") == ["162"])
    // Sentences about years are not written about windows.
    #expect(
      diagnostic(
        #"indicators | where measure = "CPOs commenced" and area = "Orkney Islands" | rolling 3 | narrate"#
      )?.message
        == "narrate describes years one by one, and these figures are rolling windows of 3")
  }
}
