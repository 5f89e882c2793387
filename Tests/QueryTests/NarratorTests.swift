import Framework
import Query
import Tables
import Testing

@Suite("narrate")
struct NarratorTests {
  func fy(_ y: Int) -> Period { .financialYear(y) }

  func narrate(
    _ values: [Double?], from start: Int = 2012, measure: String = "cases commenced",
    area: String? = "Scotland",
    percent: Bool = false, rounding: Int? = nil, target: Int? = nil,
    missing: MissingReason = .confidential
  ) -> String {
    var points: [(Period, Double)] = []
    var gaps: [(Period, MissingReason)] = []
    for (k, v) in values.enumerated() {
      if let v { points.append((fy(start + k), v)) } else { gaps.append((fy(start + k), missing)) }
    }
    let n = Narrator(
      measure: measure, area: area, isPercentage: percent, decimals: percent ? 1 : 0,
      rounding: rounding)
    return n.narrate(points, missing: gaps, target: target.map { fy($0) }).joined(separator: " ")
  }

  /// The published finding of FRAMEWORK.md, from the data alone.
  @Test func thePublishedFindingFromTheData() {
    let text = narrate([2104, 2018, 1960, 1987, 2071, 2012, 2129, 2243, 2251, 2702], target: 2021)
    #expect(
      text.hasPrefix(
        "The number of cases commenced in Scotland rose by 20% between 2020-21 and 2021-22 to 2,700, the highest level in the last decade."
      ))
    #expect(text.contains("Figures for 2020-21 and 2021-22 were affected by the pandemic"))
  }

  @Test func secondLowestAndTheRangeOfEarlierYears() {
    // CPOs commenced: 12,150 in 2021-22, 49% above 2020-21, the second lowest in the decade;
    // 16,100 to 19,500 from 2012-13 to 2019-20.
    let text = narrate(
      [19487, 18946, 18123, 17804, 17465, 17012, 16654, 16112, 8153, 12151],
      measure: "CPOs commenced", target: 2021)
    #expect(
      text.hasPrefix(
        "The number of CPOs commenced in Scotland rose by 49% between 2020-21 and 2021-22 to 12,150, the second lowest level in the last decade."
      ))
    #expect(text.contains("From 2012-13 to 2019-20 the number ranged from 16,100 to 19,500."))
  }

  @Test func aNewPeakAgainstThePreviousOne() {
    // Bail: 570 in 2021-22, the highest, 20% above the second highest, 470 in 2019-20.
    let text = narrate(
      [318, 296, 305, 342, 361, 389, 412, 471, 402, 568], measure: "bail cases commenced",
      target: 2021)
    #expect(text.contains("to 570, the highest level in the last decade"))
    #expect(text.contains("That is 21% more than the previous highest, 470 in 2019-20."))
  }

  @Test func risingAndFallingRuns() {
    #expect(
      narrate([100, 120, 140, 160], area: "Fife", rounding: 1).contains(
        "It has risen in each year since 2012-13."))
    let falling = narrate([400, 300, 200, 150], area: "Fife", rounding: 1)
    #expect(
      falling.hasPrefix(
        "The number of cases commenced in Fife fell by 25% between 2014-15 and 2015-16 to 150, the lowest level since 2012-13."
      ))
    #expect(falling.contains("It has fallen in each year since 2012-13."))
  }

  @Test func flatAndEqualAfterRounding() {
    #expect(narrate([500, 500, 500]).contains("was unchanged between 2013-14 and 2014-15 at 500"))
    // 2,702 and 2,698 are both 2,700 in the house style.
    #expect(
      narrate([2500, 2698, 2702]).contains("was unchanged between 2013-14 and 2014-15 at 2,700"))
    #expect(
      narrate([2500, 2698, 2702], rounding: 1).contains(
        "rose by 0.1% between 2013-14 and 2014-15 to 2,702"))
  }

  @Test func noTrendFromTwoPeriodsOrAcrossAGap() {
    let two = narrate([100, 130], area: "Fife", rounding: 1)
    #expect(
      two
        == "The number of cases commenced in Fife rose by 30% between 2012-13 and 2013-14 to 130. With fewer than three continuous years of figures, no trend can be claimed."
    )
    let gap = narrate([100, 110, nil, 130, 140], area: "Fife", rounding: 1, missing: .notAvailable)
    #expect(
      gap.contains("With fewer than three continuous years of figures, no trend can be claimed."))
    #expect(!gap.contains("each year"))
  }

  @Test func aMissingLatestValueIsSaidNotSkipped() {
    let text = narrate([100, 110, 120, nil], area: "Orkney Islands", rounding: 1)
    #expect(
      text.hasPrefix(
        "There is no figure for 2015-16 ([c]: confidential (suppressed)). The latest figure before it is for 2014-15. The number of cases commenced in Orkney Islands rose by 9% between 2013-14 and 2014-15 to 120"
      ))
  }

  @Test func percentagesInPercentagePoints() {
    let text = narrate([69.2, 70.1, 70.3, 70.9, 66.2], measure: "CPOs completed", percent: true)
    #expect(
      text.hasPrefix(
        "The percentage of CPOs completed in Scotland fell by 4.7 percentage points between 2015-16 and 2016-17 to 66.2%, the lowest since 2012-13."
      ))
  }

  @Test func theVerbOnTheBundledData() throws {
    let f = try frame(
      #"indicators | where measure = "cases commenced" and area = "Fife" | narrate for 2022-23"#)
    guard case .prose(let text)? = f.display else { Issue.record("no prose"); return }
    #expect(text.hasPrefix("The number of cases commenced in Fife"))
    // A council's counts are given as they are, not rounded to 10.
    let value = try #require(
      column(
        try frame(
          #"indicators | where measure = "cases commenced" and area = "Fife" and year = 2022-23"#
        ).table, "value"
      ).first)
    #expect(text.contains("to \(value)"))
  }

  @Test func oneSeriesAtATime() {
    let d = diagnostic(#"indicators | where measure = "cases commenced" | narrate"#)
    #expect(d?.message == "narrate describes one series, but area_code has 33 values here")
  }
}

@Suite("The framework and assess")
struct FrameworkCommandTests {
  func text(_ command: String) throws -> String {
    let output = try workspace().run(Parser.parseCommand(command))
    guard case .text(let s)? = output.blocks.first else { throw Diagnostic("no text") }
    return s
  }

  @Test func outcomesAndIndicators() throws {
    let outcomes = try frame("outcomes")
    #expect(outcomes.table.rowCount == 9)
    #expect(column(outcomes.table, "indicators")[3] == "NI4, NI5")
    #expect(column(outcomes.table, "local evidence")[3] == "LE7-LE10")
    let indicators = try frame("explain indicators")
    #expect(indicators.table.rowCount == 10)
  }

  /// `indicators` alone is the framework's list, as DESIGN.md has it; the bundled table of the
  /// same name still starts a pipeline and is shown by `show`.
  @Test func indicatorsAloneListsTheFramework() throws {
    let list = try frame("indicators")
    #expect(list.table.rowCount == 10)
    #expect(column(list.table, "indicator") == (1...10).map { "NI\($0)" })
    #expect(list.notes.map(\.text).joined().contains("show indicators"))
    #expect(try frame("indicators; ").table.rowCount == 10)
    #expect(try frame("indicators | limit 3").table.rowCount == 3)
    #expect(try frame("show indicators").table.rowCount == 8_712)
  }

  @Test func explainItems() throws {
    let ni4 = try text("explain NI4")
    #expect(
      ni4.hasPrefix("NI4: Percentage of community payback orders (CPOs) successfully completed"))
    #expect(ni4.contains("how: CPOs successfully completed over CPOs ended in the year"))
    let le19 = try text("explain LE19")
    #expect(le19.contains("(a) people liberated from short-term custody"))
    #expect(le19.contains("(e) leaving with a pre-release plan"))
    let le14 = try text("explain le14")
    #expect(le14.contains("(b) housing needs assessments by prison staff within 72 hours of entry"))
    let outcome = try text("explain outcome 3")
    #expect(
      outcome.hasPrefix(
        "national outcome 3: More people are assessed for and successfully complete bail supervision"
      ))
    #expect(try text("explain scale").contains("6 excellent"))
    #expect(try text("explain 2016").contains("7. Individuals' resilience"))
  }

  @Test func unknownTopicsSuggest() {
    #expect(diagnostic("explain NI11")?.label == "did you mean \"NI1\" or \"NI10\"?")
    #expect(diagnostic("explain outcome 12")?.message == "there is no national outcome 12")
  }

  @Test func everyMeasureOfTheBundledDataBelongsToItsIndicator() throws {
    let t = try frame(
      "indicators | select indicator, measure | group by indicator, measure count()"
    ).table
    for r in 0..<t.rowCount {
      guard case .text(let id) = t.value(row: r, column: 0),
        case .text(let measure) = t.value(row: r, column: 1)
      else { continue }
      #expect(PerformanceFramework.indicator(forMeasure: measure)?.id == id, "\(measure)")
    }
  }

  @Test func assessDraftsTheSection23Table() throws {
    let f = try frame(#"indicators | assess for 2023-24 area "Fife""#)
    #expect(
      f.table.columnNames == [
        "national outcome", "indicator", "measure", "2023-24", "change", "direction", "Scotland",
        "compared", "assessment",
      ])
    // Percentages are set against Scotland by their interval; counts are not compared.
    #expect(
      column(f.table, "compared") == [
        "[z]", "[z]", "[z]", "similar", "similar", "[z]", "[z]", "similar", "[z]", "[z]",
      ])
    #expect(
      f.notes.contains {
        $0.text
          == "change on 2022-23 (95% intervals of the two years): within the range expected by chance for NI5; statistically significant for NI4, NI8"
      })
    #expect(f.table.rowCount == 10)
    #expect(
      column(f.table, "indicator") == [
        "NI1", "NI2", "NI3", "NI4", "NI5", "NI6", "NI7", "NI8", "NI9", "NI10",
      ])
    let cases = try #require(
      column(
        try frame(
          #"indicators | where measure = "cases completed" and area = "Fife" and year = 2023-24"#
        ).table, "value"
      ).first)
    #expect(column(f.table, "2023-24").first == cases)
    #expect(column(f.table, "assessment").allSatisfy { $0.isEmpty })
    #expect(column(f.table, "2023-24").last == "[x]")
    #expect(diagnostic("indicators | assess")?.message == "say which area to assess")
    #expect(diagnostic(#"indicators | assess area "Fief""#)?.label == "did you mean \"Fife\"?")
  }
}
