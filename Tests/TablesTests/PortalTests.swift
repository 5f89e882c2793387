import Tables
import Testing

/// statistics.gov.scot's downloads, SPARQL results and spreadsheet exports, as fixtures made for
/// these tests in Fixtures/portal.
struct PortalTests {
  @Test func periodsWrittenAsReferenceURIs() {
    #expect(
      Period(parsing: "http://reference.data.gov.uk/id/government-year/2015-2016")
        == .financialYear(2015))
    #expect(Period(parsing: "http://reference.data.gov.uk/id/year/2016") == .calendarYear(2016))
    #expect(Period(parsing: "http://reference.data.gov.uk/id/quarter/2016-Q1") == .quarter(2016, 1))
    #expect(Period(parsing: "http://reference.data.gov.uk/id/month/2016-01") == .month(2016, 1))
    #expect(Period(parsing: "<http://reference.data.gov.uk/id/year/2016>") == .calendarYear(2016))
    // The kind the URI names must be what its tail reads as; other URIs are not periods.
    #expect(Period(parsing: "http://reference.data.gov.uk/id/year/2015-2016") == nil)
    #expect(Period(parsing: "http://reference.data.gov.uk/id/government-year/2016") == nil)
    #expect(Period(parsing: "http://example.org/id/year/2016") == nil)
    #expect(Period(parsing: "http://reference.data.gov.uk/id/week/2016-W01") == nil)
  }

  @Test func aDownloadReadsWithItsPeriodsAsPeriods() throws {
    let result = try load("portal/statistics-gov-scot-download.csv")
    let t = result.table
    #expect(
      t.columnNames == [
        "FeatureCode", "DateCode", "Measurement", "Units", "Value", "Crime or Offence",
      ])
    #expect(t.columns[1].type == .period)
    #expect(describe(t.value(row: 0, column: 1)) == "2016-17")
    #expect(t.columns[4].type == .number)
  }

  @Test func sparqlResultsReadTheirPeriodURIsAsPeriods() throws {
    let t = try load("portal/sparql-results.csv").table
    #expect(t.columns[1].type == .period)
    #expect(cells(t).map { $0[1] } == ["2015-16", "2015-16", "2015-16", "2015-16", "2015-16"])
    #expect(t.columns[0].type == .text)
  }

  @Test func anExportWithALabelRowAndAURIRowTakesTheLabels() throws {
    let result = try load("portal/label-and-uri-rows.csv")
    #expect(
      result.table.columnNames == ["Reference Area", "Reference Period", "Measure Type", "Value"])
    #expect(
      cells(result.table) == [
        ["Fife", "2015-16", "Count", "11800"], ["Glasgow City", "2015-16", "Count", "46000"],
      ])
    #expect(result.table.columns[3].type == .number)
    #expect(
      result.notes.first
        == "left out the row of URIs on line 2 beside the labels (a statistics.gov.scot export): the labels are the header"
    )
    // Lines after it keep their numbers in messages.
    let ragged = #expect(throws: FileError.self) {
      try CSVReader.read(
        bytes: Array("a,b\nhttp://x/a,http://x/b\n1,2\n3,x,4\n".utf8), name: "ragged.csv")
    }
    #expect(ragged?.line == 4)
    // The URI row above the labels reads the same.
    let above = try CSVReader.read(
      bytes: Array("http://a/x,http://a/y\narea,value\nFife,1\n".utf8), name: "above.csv")
    #expect(above.table.columnNames == ["area", "value"])
    // A data row that happens to hold URIs is data.
    let data = try CSVReader.read(
      bytes: Array("link,other\nhttp://a/x,http://a/y\nhttp://a/z,http://a/w\n".utf8),
      name: "links.csv")
    #expect(data.table.rowCount == 2)
    #expect(data.notes.isEmpty)
  }
}
