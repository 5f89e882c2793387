import PropertyBased
import Query
import Tables
import Testing

@Suite("trend")
struct TrendTests {
  @Test func changesPercentagesAndDirections() throws {
    let f = try frame(#"t | where area = "Scotland" | trend"#, on: sample)
    #expect(f.table.columnNames == ["year", "value", "change", "% change", "direction", "note"])
    #expect(
      cells(f.table) == [
        ["2018-19", "2000", "-", "-", "", ""],
        ["2019-20", "2100", "100", "5", "up", ""],
        ["2020-21", "2200", "100", "4.762", "up", "pandemic"],
        ["2021-22", "2600", "400", "18.182", "up", "pandemic"],
      ])
    #expect(
      f.notes.map(\.text) == [
        "series: 2018-19 .. 2021-22 (4 years, continuous); latest 2,600 is the highest in the span; +600 (+30.0%) since 2018-19",
        "† pandemic years (2020-21 and 2021-22): compare across them with care",
      ])
    #expect(f.title == "cases commenced · Scotland")
  }

  @Test func seriesAreSplitByWhatVaries() throws {
    let f = try frame(
      #"t | where measure = "cases commenced" and area != "Scotland" | trend"#, on: sample)
    #expect(f.table.columnNames.prefix(2) == ["area_code", "area"])
    #expect(f.notes.count == 3)
    #expect(
      f.notes[0].text.hasPrefix("S12000014, Falkirk: 2018-19 .. 2020-21 (3 years, continuous)"))
  }

  @Test func missingValuesAndGaps() throws {
    let t = table("year,value\n2015-16,10\n2016-17,[c]\n2017-18,12\n2019-20,15\n")
    let f = try frame("t | trend", on: t)
    #expect(column(f.table, "change") == ["-", "[c]", "[c]", "3"])
    #expect(column(f.table, "note") == ["", "", "", "since 2017-18"])
    #expect(
      f.notes.first?.text
        == "series: 2015-16 .. 2019-20 (3 years, gaps: 2016-17, 2018-19); latest 15 is the highest in the span; +5 (+50.0%) since 2015-16; fewer than three continuous years: no trend can be claimed"
    )
  }

  @Test func rowsWithoutAPeriodAreLeftOutAndSaidSo() throws {
    let f = try frame(
      "t | trend by series",
      on: table("series,year,value\nA,2010-11,1\nA,,5\nA,2011-12,3\nB,2011-12,4\nB,2010-11,2\n"))
    #expect(
      cells(f.table).map { $0.prefix(4) } == [
        ["A", "2010-11", "1", "-"], ["A", "2011-12", "3", "2"], ["B", "2010-11", "2", "-"],
        ["B", "2011-12", "4", "2"],
      ])
    #expect(f.notes.last?.text == "left out 1 row with no year")
  }

  /// Enough rows that the columns are made on two threads: every change is still its two values'
  /// difference, and every direction its sign.
  @Test func aMillionRowsWorthOfSeriesInMiniature() throws {
    var csv = "series,year,value\n"
    for s in 0..<12_000 {
      for y in 0..<6 {
        csv += "S\(s),\(2015 + y)-\(16 + y),\((s * 7919 + y * y * 104_729) % 1000)\n"
      }
    }
    let f = try frame("t | trend", on: table(csv))
    #expect(f.table.rowCount == 72_000)
    let (value, change, direction) = (
      f.table.columnIndex(named: "value")!, f.table.columnIndex(named: "change")!,
      f.table.columnIndex(named: "direction")!
    )
    for r in 0..<f.table.rowCount {
      guard r % 6 != 0 else {
        #expect(f.table.value(row: r, column: change) == .missing(.dash))
        continue
      }
      let delta =
        f.table.value(row: r, column: value).numberValue! - f.table.value(row: r - 1, column: value)
        .numberValue!
      #expect(f.table.value(row: r, column: change).numberValue == delta)
      #expect(
        f.table.value(row: r, column: direction)
          == .text(delta > 0 ? "up" : delta < 0 ? "down" : "same"))
    }
    #expect(f.notes.first?.text.hasPrefix("12,000 series: ") == true)
  }

  @Test func fewerThanThreePeriodsClaimNoTrend() throws {
    let f = try frame("t | trend", on: table("year,value\n2020,5\n2021,4\n"))
    #expect(
      f.notes.first?.text.hasSuffix("fewer than three continuous years: no trend can be claimed")
        == true)
    #expect(f.notes.last?.text.contains("pandemic") == true)
  }

  @Test func latestRankInTheSpan() throws {
    let second = try frame(
      "t | trend", on: table("year,value\n2016-17,5\n2017-18,9\n2018-19,7\n2019-20,8\n"))
    #expect(second.notes.first?.text.contains("latest 8 is the second highest in the span") == true)
    let lowest = try frame(
      "t | trend", on: table("year,value\n2016-17,5\n2017-18,9\n2018-19,7\n2019-20,4\n"))
    #expect(lowest.notes.first?.text.contains("latest 4 is the lowest in the span") == true)
  }

  @Test func zeroBeforeGivesNoPercentage() throws {
    let f = try frame("t | trend", on: table("year,value\n2016-17,0\n2017-18,3\n"))
    #expect(column(f.table, "% change") == ["-", "[z]"])
  }

  @Test func twoRowsForAPeriodIsAnError() {
    let d = diagnostic("t | trend by measure", on: sample)
    #expect(
      d?.message == "two rows for 2018-19 in cases commenced: a trend needs one value per period")
  }

  /// For a continuous series without missing cells, the changes add up to last minus first, and
  /// each change is the difference of its two values.
  @Test func changesAreConsistentWithTheValues() async {
    await propertyCheck(input: Gen.int(in: 0...5000).array(of: 2...15)) { values in
      let csv =
        "year,value\n"
        + values.enumerated().map {
          "\(2000 + $0.offset)-\(String(format2: (1 + $0.offset) % 100)),\($0.element)"
        }.joined(separator: "\n")
      guard let f = try? frame("t | trend", on: table(csv)) else {
        Issue.record("trend failed")
        return
      }
      let changes = (1..<f.table.rowCount).compactMap {
        f.table.value(row: $0, column: 2).numberValue
      }
      #expect(changes.count == values.count - 1)
      #expect(changes.reduce(0, +) == Double(values.last! - values.first!))
      for (k, c) in changes.enumerated() { #expect(c == Double(values[k + 1] - values[k])) }
    }
  }

  /// Rows in any order give the trend of the same rows written series by series in time order:
  /// the rows already in order take the pass that needs no sorting, shuffled ones the other.
  @Test func rowOrderDoesNotChangeTheTrend() async {
    await propertyCheck(input: Gen.int(in: 0...60).array(of: 3...40), Gen.int(in: 1...1_000_000)) {
      picks, seed in
      // Each cell: a series (of three), a year (of ten, some left out) and a value; 0 is [c].
      var seen = Set<[Int]>()
      var rows: [(series: Int, year: Int, value: Int)] = []
      for (i, c) in picks.enumerated() {
        let key = [c % 3, (c / 3) % 10]
        guard seen.insert(key).inserted else { continue }
        // One number at least.
        rows.append((key[0], key[1], rows.isEmpty ? 1 + c : (c * 7 + i) % 20))
      }
      func csv(_ rows: [(series: Int, year: Int, value: Int)]) -> String {
        "series,year,value\n"
          + rows.map {
            "S\($0.series),\(2010 + $0.year)-\(String(format2: (11 + $0.year) % 100)),\($0.value == 0 ? "[c]" : String($0.value))"
          }
          .joined(separator: "\n") + "\n"
      }
      let sorted = rows.sorted { ($0.series, $0.year) < ($1.series, $1.year) }
      var shuffled = rows
      var state = UInt64(seed)
      for i in stride(from: shuffled.count - 1, to: 0, by: -1) {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        shuffled.swapAt(i, Int((state >> 33) % UInt64(i + 1)))
      }
      guard let inOrder = try? frame("t | trend by series", on: table(csv(sorted))),
        let anyOrder = try? frame("t | trend by series", on: table(csv(shuffled))),
        let sortedView = try? frame(
          "t | sort series, year | trend by series", on: table(csv(shuffled)))
      else {
        Issue.record("trend failed")
        return
      }
      #expect(cells(anyOrder.table) == cells(inOrder.table))
      #expect(cells(sortedView.table) == cells(inOrder.table))
      #expect(anyOrder.notes.map(\.text) == inOrder.notes.map(\.text))
    }
  }
}

extension String {
  /// Two digits with a leading zero.
  init(format2 n: Int) { self = n < 10 ? "0\(n)" : "\(n)" }
}
