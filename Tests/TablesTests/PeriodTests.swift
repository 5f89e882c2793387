import Testing

@testable import Tables

@Suite("Periods")
struct PeriodTests {
  @Test(arguments: ["2021-22", "2021/22", "2021-2022", "2021/2022", "2021 to 2022", " 2021-22 "])
  func financialYearSpellings(text: String) {
    #expect(Period(parsing: text) == .financialYear(2021))
  }

  @Test func otherKinds() {
    #expect(Period(parsing: "2021") == .calendarYear(2021))
    #expect(Period(parsing: "2021 Q3") == .quarter(2021, 3))
    #expect(Period(parsing: "2021-Q3") == .quarter(2021, 3))
    #expect(Period(parsing: "Q3 2021") == .quarter(2021, 3))
    #expect(Period(parsing: "2021-07") == .month(2021, 7))
  }

  @Test func ambiguousMonthPrefersFinancialYearUnlessAsked() {
    #expect(Period(parsing: "2011-12") == .financialYear(2011))
    #expect(Period(parsing: "2011-12", preferring: .month) == .month(2011, 12))
    #expect(Period.readings(of: "2011-12") == [.financialYear(2011), .month(2011, 12)])
  }

  @Test(arguments: [
    "2021-23", "2021/2023", "21-22", "2021 Q5", "2021-13", "abcd", "1700", "2021-22x",
  ])
  func rejectsNonPeriods(text: String) {
    #expect(Period(parsing: text) == nil)
  }

  @Test func writtenAsAnalystsWriteThem() {
    #expect(Period.financialYear(2019).description == "2019-20")
    #expect(Period.financialYear(1999).description == "1999-00")
    #expect(Period.financialYear(2008).description == "2008-09")
    #expect(Period.quarter(2021, 1).description == "2021 Q1")
    #expect(Period.month(2021, 7).description == "2021-07")
  }

  @Test func timeOrderAndNeighbours() {
    let fy = Period.financialYear(2019)
    #expect(fy.next == .financialYear(2020))
    #expect(fy.previous == .financialYear(2018))
    #expect(fy.isFollowed(by: .financialYear(2020)))
    #expect(!fy.isFollowed(by: .calendarYear(2020)))
    #expect(
      [Period.financialYear(2021), .financialYear(2012), .financialYear(2019)].sorted()
        == [.financialYear(2012), .financialYear(2019), .financialYear(2021)])
    // A financial year starts in April, after the calendar year that began in January.
    #expect(Period.calendarYear(2021) < .financialYear(2021))
    #expect(Period.quarter(2021, 4) < .month(2022, 1))
    #expect(Period.month(2021, 12).next == .month(2022, 1))
    #expect(Period.quarter(2021, 4).next == .quarter(2022, 1))
  }

  @Test func populationYearIsTheYearTheFinancialYearStartsIn() {
    #expect(Period.financialYear(2017).populationYear == 2017)
    #expect(Period.calendarYear(2018).populationYear == 2018)
    #expect(Period.quarter(2020, 2).populationYear == 2020)
  }

  @Test func gapsAndRuns() {
    let span = PeriodSpan([
      .financialYear(2016), .financialYear(2017), .financialYear(2019), .financialYear(2020),
      .financialYear(2021),
    ])
    #expect(span.gaps == [.financialYear(2018)])
    #expect(
      span.latestContinuousRun == [
        .financialYear(2019), .financialYear(2020), .financialYear(2021),
      ])
    #expect(span.summary == "2016-17 .. 2021-22, gaps: 2018-19")
    #expect(
      PeriodSpan((2012...2023).map { Period.financialYear($0) }).summary
        == "2012-13 .. 2023-24, no gaps")
  }
}
