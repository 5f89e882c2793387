import Framework
import Query
import Tables
import Testing

/// statistics.gov.scot data: areas by the code in their URI, other geographies named as such and
/// never taken for a council, measure types never added together.
struct PortalDataTests {
  let download = table(
    """
    FeatureCode,DateCode,Measurement,Units,Value,Crime or Offence
    S12000047,2016/2017,Count,Crimes,12034,All Crimes
    S12000047,2016/2017,Ratio,Crimes per 10000 population,324.1,All Crimes
    S12000049,2016/2017,Count,Crimes,45210,All Crimes
    S12000049,2016/2017,Ratio,Crimes per 10000 population,733.9,All Crimes
    S08000029,2016/2017,Count,Crimes,12034,All Crimes
    S01006506,2016/2017,Count,Crimes,12,All Crimes
    S16000100,2016/2017,Count,Crimes,1500,All Crimes
    """)

  let sparql = table(
    """
    area,period,measureType,value
    http://statistics.gov.scot/id/statistical-geography/S12000047,http://reference.data.gov.uk/id/government-year/2015-2016,http://statistics.gov.scot/def/measure-properties/count,11800
    http://statistics.gov.scot/id/statistical-geography/S12000047,http://reference.data.gov.uk/id/government-year/2015-2016,http://statistics.gov.scot/def/measure-properties/ratio,319.5
    http://statistics.gov.scot/id/statistical-geography/S12000049,http://reference.data.gov.uk/id/government-year/2015-2016,http://statistics.gov.scot/def/measure-properties/count,46000
    http://statistics.gov.scot/id/statistical-geography/S08000029,http://reference.data.gov.uk/id/government-year/2015-2016,http://statistics.gov.scot/def/measure-properties/count,11800
    http://statistics.gov.scot/id/statistical-geography/S01006506,http://reference.data.gov.uk/id/year/2016,http://statistics.gov.scot/def/measure-properties/count,9
    """)

  @Test func geographiesByTheirCodes() {
    #expect(Geography.kind(of: "S01006506") == .dataZone)
    #expect(Geography.kind(of: "S02001234") == .intermediateZone)
    #expect(
      Geography.kind(of: "http://statistics.gov.scot/id/statistical-geography/S08000029")
        == .healthBoard)
    #expect(Geography.kind(of: "S16000100") == .scottishParliamentConstituency)
    #expect(Geography.kind(of: "Fife") == nil)
    let r = AreaResolver.standard
    #expect(
      r.resolve("http://statistics.gov.scot/id/statistical-geography/S12000049")?.name
        == "Glasgow City")
    #expect(
      r.resolve("<http://statistics.gov.scot/id/statistical-geography/S92000003>")?.isScotland
        == true)
    // NHS Fife's code is not Fife council, nor is a URI that ends in a name.
    #expect(r.resolve("http://statistics.gov.scot/id/statistical-geography/S08000029") == nil)
    #expect(r.resolve("http://example.org/Fife") == nil)
  }

  @Test func describeNamesTheOtherGeographies() throws {
    let f = try frame("describe t", on: download)
    let row = try #require(cells(f.table).first { $0[0] == "FeatureCode" })
    #expect(row[2] == "area")
    #expect(
      row[3].contains(
        "2 councils; other geographies, not councils: 1 data zone (S01), 1 health board (S08), 1 Scottish Parliament constituency (S16)"
      ))
  }

  @Test func areasResolveByTheCodeInTheirURI() throws {
    let f = try frame(#"t | where area = "Fife" | select measureType, value"#, on: sparql)
    #expect(cells(f.table).map { $0[1] } == ["11800", "319.5"])
    let g = try frame(
      #"t | where FeatureCode = "Fife" and Measurement = "Count" | select Value"#, on: download)
    #expect(cells(g.table) == [["12034"]])
  }

  @Test func measureTypesAreNeverAddedTogether() throws {
    let d = diagnostic("t | group by FeatureCode", on: download)
    #expect(
      d?.message
        == "the rows hold figures of different measure types in Measurement (count, ratio), and they do not add up"
    )
    #expect(
      d?.help == #"choose one with `where Measurement = "Count"`, or group by Measurement as well"#)
    #expect(
      diagnostic("t | group by area", on: sparql)?.message.contains(
        "different measure types in measureType (count, ratio)") == true)
    // By measure type, or one of them, is fine; so is counting rows.
    #expect(
      try frame(
        #"t | where FeatureCode in ("Fife", "Glasgow City") | group by Measurement"#, on: download
      ).table.rowCount == 2)
    #expect(try frame("t | group by DateCode count()", on: download).table.rowCount == 1)
  }

  @Test func geographiesAreNeverAddedTogether() throws {
    let d = diagnostic(#"t | where Measurement = "Count" | group by DateCode"#, on: download)
    #expect(
      d?.message
        == "the rows hold areas of different geographies in FeatureCode (council areas, health boards, data zones, Scottish Parliament constituencies), which cover the same people"
    )
    let councils = try frame(
      #"t | where Measurement = "Count" and FeatureCode in ("Fife", "Glasgow City") | group by DateCode"#,
      on: download)
    #expect(cells(councils.table) == [["2016-17", "57244"]])
  }

  @Test func aDataZoneIsNotACouncilForRates() {
    let d = diagnostic(
      #"t | where Measurement = "Count" | rate per 10000 population all"#, on: download)
    #expect(d?.message.contains("not a council area") == true)
  }
}
