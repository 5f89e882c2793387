import Query
import Tables
import Testing

@Suite("chart: what is drawn")
struct ChartTests {
  func chart(_ command: String, on t: Table? = nil) throws -> ChartData {
    let f = try frame(command, on: t)
    guard case .chart(let data)? = f.display else { throw Diagnostic("not a chart") }
    return data
  }

  @Test func barsAreSortedByValueWithMissingLastAndScotlandMarked() throws {
    let data = try chart(
      #"t | where year = 2019-20 and measure = "cases commenced" | chart bar"#, on: sample)
    #expect(data.bars.map(\.label) == ["Scotland", "Fife", "Falkirk"])
    #expect(data.bars.map(\.highlighted) == [true, false, false])
    let unsorted = try chart(
      #"t | where year = 2021-22 and measure = "cases commenced" | chart bar unsorted"#, on: sample)
    #expect(unsorted.bars.map(\.label) == ["Fife", "Falkirk", "Scotland"])
    #expect(unsorted.bars[1].missing == .empty)
    let marked = try chart(
      #"t | where year = 2019-20 and measure = "cases commenced" | chart bar highlight "Falkirk""#,
      on: sample)
    #expect(marked.bars.filter(\.highlighted).map(\.label) == ["Scotland", "Falkirk"])
  }

  @Test func oneBarPerRow() {
    let d = diagnostic(#"t | where measure = "cases commenced" | chart bar"#, on: sample)
    #expect(d?.message == "two rows are labelled \"Fife\": one bar each needs one row each")
  }

  @Test func linesCoverEveryPeriodSoGapsShow() throws {
    let t = table("year,value\n2015-16,1\n2016-17,2\n2018-19,4\n")
    let data = try chart("t | chart line", on: t)
    #expect(
      data.periods == [
        .financialYear(2015), .financialYear(2016), .financialYear(2017), .financialYear(2018),
      ])
    #expect(data.series.first?.values == [1, 2, nil, 4])
    #expect(data.notes.map(\.text) == ["no data for 2017-18: the line breaks there"])
  }

  @Test func seriesByArea() throws {
    let data = try chart(#"t | where measure = "cases commenced" | chart line by area"#, on: sample)
    #expect(data.series.map(\.name) == ["Falkirk", "Fife", "Scotland"])
    #expect(data.series[1].values == [100, 110, nil, 132])
  }

  @Test func tooManySeriesForOneLine() throws {
    let d = diagnostic(#"indicators | where measure = "cases commenced" | chart line by area"#)
    #expect(d?.message == "33 series are too many for one line chart (8 at most)")
    #expect(d?.help?.contains("chart spark") == true)
    let spark = try chart(#"indicators | where measure = "cases commenced" | chart spark by area"#)
    #expect(spark.series.count == 33)
  }

  @Test func funnelChartsDrawTheFunnelVerb() throws {
    let data = try chart(
      #"indicators | where area = "Scotland" and year = 2023-24 | funnel "assessments undertaken" > "cases commenced" > "cases completed" | chart funnel"#
    )
    #expect(
      data.bars.map(\.label) == ["assessments undertaken", "cases commenced", "cases completed"])
    #expect(
      diagnostic("t | chart funnel", on: sample)?.message
        == "chart funnel draws what `funnel` gives")
  }

  @Test func optionsAndTheirLimits() throws {
    let data = try chart(
      #"t | where year = 2019-20 and measure = "cases commenced" | chart bar width 50 title "Cases" ascii all"#,
      on: sample)
    #expect(data.width == 50 && data.title == "Cases" && data.ascii && data.showAll)
    #expect(
      diagnostic("t | chart bar width 10", on: sample)?.message
        == "a chart is between 20 and 400 characters wide")
    #expect(diagnostic("t | chart bar wdth 10", on: sample)?.label == "did you mean `width`?")
  }
}
