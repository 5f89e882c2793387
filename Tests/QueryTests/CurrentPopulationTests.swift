import Framework
import Query
import Tables
import Testing

/// Rates per population from the current (Census-2022-based) series where it has an estimate,
/// the older series elsewhere, the series named in every footnote; a table of the user's own.
struct CurrentPopulationTests {
  @Test func aRateFor2022UsesTheCurrentSeriesAndNamesIt() throws {
    let f = try frame(
      #"indicators | where measure = "CPOs commenced" and year = 2022-23 and area = "Fife" | rate per 10000 population 16-70"#
    )
    // By hand from /work/shared/reference-data/nrs-population-by-council-2011-2024.csv:
    // Fife, 2022, 16-70 = 255,742 (NRS mid-2022, Census-2022-based). Datasets/indicators.csv:
    // Fife, 2022-23, CPOs commenced = 503. 503 × 10,000 / 255,742 = 19.668 (to three places).
    #expect(column(f.table, "population") == ["255742"])
    #expect(column(f.table, "value") == ["503"])
    #expect(column(f.table, "rate") == ["19.668"])
    #expect(
      f.notes.first?.text
        == "population: NRS mid-year estimates aged 16 to 70, mid-2022 for 2022-23; the Census-2022-based series"
    )
  }

  @Test func aRateFor2024UsesTheMid2024Estimates() throws {
    let t = table(
      """
      area,year,measure,value
      Orkney Islands,2024-25,orders,47
      Scotland,2024-25,orders,14366
      """)
    let f = try frame("t | rate per 10000 population 16-70 ci off", on: t)
    // By hand from nrs-population-by-council-2011-2024.csv: Orkney Islands 2024 16-70 = 14,716;
    // Scotland 2024 16-70 = 3,904,048. 47 × 10,000 / 14,716 = 31.938; 14,366 × 10,000 /
    // 3,904,048 = 36.798.
    #expect(column(f.table, "population") == ["14716", "3904048"])
    #expect(column(f.table, "rate") == ["31.938", "36.798"])
    #expect(
      f.notes.first?.text
        == "population: NRS mid-year estimates aged 16 to 70, mid-2024 for 2024-25; the Census-2022-based series"
    )
  }

  @Test func allAgesBefore2019ComeFromTheRevisedSeries() throws {
    let f = try frame(
      #"indicators | where measure = "CPOs commenced" and year = 2017-18 and area = "Fife" | rate per 10000 population all"#
    )
    // nrs-population-by-council-2011-2024.csv: Fife 2017 all ages = 369,400 (revised), not the
    // 371,410 of the series to mid-2018 (nrs-population-by-council-1998-2018.csv).
    #expect(column(f.table, "population") == ["369400"])
    #expect(f.notes.first?.text.hasSuffix("; the Census-2022-based series") == true)
  }

  @Test func aSeriesAcrossTheRebaseSaysWhichYearsComeFromWhich() throws {
    let f = try frame(
      #"indicators | where measure = "CPOs commenced" and area = "Fife" and year in (2016-17, 2017-18, 2022-23) | rate per 10000 population 16-70"#
    )
    #expect(
      f.notes.first?.text
        == "population: NRS mid-year estimates aged 16 to 70, the year each financial year starts in (mid-2016 to mid-2022); mid-2016 to mid-2017 from the series to mid-2018, before the Census 2022 rebase, mid-2022 from the Census-2022-based series: the two are on different bases, so compare across them with care"
    )
  }

  @Test func aYearWithoutAnEstimateOfItsOwnIsRefusedWithTheNearest() {
    let d = diagnostic(
      #"indicators | where measure = "CPOs commenced" and year = 2023-24 | rate per 10000 population 16-70"#
    )
    #expect(d?.message == "no population estimate aged 16 to 70 for 2023-24 (mid-2023)")
    #expect(d?.label == "the nearest estimates aged 16 to 70 are mid-2022 and mid-2024")
    #expect(d?.help?.contains("using 2024") == true)
    #expect(d?.help?.contains("estimates of all ages have it") == true)
    let all = diagnostic(
      #"indicators | where measure = "CPOs commenced" and year = 2023-24 | rate per 10000 population all"#
    )
    #expect(all == nil)
    let using = diagnostic(
      #"indicators | where measure = "CPOs commenced" and year = 2023-24 | rate per 10000 population 16-70 using 2023"#
    )
    #expect(using?.message == "there is no population estimate aged 16 to 70 for mid-2023")
  }

  @Test func usingATableOfYourOwnSaysSo() throws {
    let w = workspace()
    w.store(
      table(
        """
        area,year,ages,value
        Fife,2023,16-70,250000
        S12000023,2023,16-70,15000
        """), as: "mypop")
    w.store(
      table(
        """
        area,year,value
        Fife,2023,250000
        """), as: "fifeonly")
    let f = try frame(
      #"indicators | where measure = "CPOs commenced" and year = 2023-24 and area in ("Fife", "Orkney") | rate per 10000 population 16-70 using mypop ci off"#,
      in: w)
    #expect(column(f.table, "population").sorted() == ["15000", "250000"])
    #expect(
      f.notes.first?.text
        == "population: the table mypop (your own figures, not the bundled NRS estimates) aged 16 to 70, mid-2023 for 2023-24"
    )
    let noAges = try frame(
      #"indicators | where measure = "CPOs commenced" and year = 2023-24 and area = "Fife" | rate per 10000 population using fifeonly"#,
      in: w)
    #expect(
      noAges.notes.first?.text.contains("taken as aged 16 to 70 (the table says no ages)") == true)
    let missingYear = #expect(throws: Diagnostic.self, "a year the table lacks was not refused") {
      try frame(
        #"indicators | where measure = "CPOs commenced" and year = 2022-23 and area = "Fife" | rate per 10000 population using mypop"#,
        in: w)
    }
    #expect(missingYear?.message == "no population estimate aged 16 to 70 for 2022-23 (mid-2022)")
    let unknown = #expect(throws: Diagnostic.self, "an unknown table was not refused") {
      try frame(
        #"indicators | where measure = "CPOs commenced" | rate per 10000 population using mypopp"#,
        in: w)
    }
    #expect(unknown?.message == "there is no table called mypopp")
    #expect(unknown?.label == #"did you mean "mypop"?"#)
  }

  @Test func aTableThatIsNotAPopulationIsRefusedWithWhatItNeeds() {
    let d = diagnostic(
      #"indicators | where measure = "CPOs commenced" and year = 2022-23 | rate per 10000 population using t"#,
      on: table("a,b\n1,2"))
    #expect(d?.message.hasPrefix("t is not usable as a population") == true)
    #expect(d?.help?.contains("columns area") == true)
  }
}
