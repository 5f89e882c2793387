import Query
import Shell
#if canImport(Glibc)
  import Glibc
#endif
import Tables
import Testing

@Suite("Tab completion")
struct CompleterTests {
  let session = makeSession()

  func complete(_ line: String) -> [String] {
    Completer(session: session).complete(line, cursor: line.utf8.count).candidates
  }

  @Test func verbsCommandsAndTablesWhereAStatementStarts() {
    #expect(complete("tr") == ["trend"])
    #expect(complete("ind") == ["indicators"])
    #expect(Set(complete("")).isSuperset(of: ["where", "load", "indicators", "areas", "_"]))
    #expect(complete("areas | whe") == ["where"])
    #expect(complete("areas | limit 2; ar") == ["areas"])
    #expect(complete("describe po") == ["population", "population_current"])
  }

  @Test func columnsAfterTheVerbsThatTakeThem() {
    #expect(complete("indicators | where ar") == ["area_code", "area"])
    #expect(complete("indicators | group by me") == ["measure"])
    #expect(complete("indicators | select area, ye") == ["year"])
    #expect(complete("indicators | sort va") == ["value"])
    #expect(complete("indicators | trend by ind") == ["indicator"])
    #expect(complete("population | where year = 2018 | pivot ag") == ["ages"])
  }

  /// The other table of `join` and `rate ... using`, then the columns it is joined on.
  @Test func tablesPartWayAlongAPipeline() {
    #expect(complete("indicators | join po") == ["population", "population_current"])
    #expect(complete("indicators | join le") == ["left"])
    #expect(complete("indicators | join left ar") == ["areas"])
    #expect(
      complete("indicators | rate per 10000 population using population_c") == [
        "population_current"
      ])
    #expect(complete("indicators | join areas on ar") == ["area_code", "area"])
  }

  @Test func theWordsOfFairComparisons() throws {
    #expect(complete("indicators | funnel") == ["funnel", "funnelplot"])
    #expect(complete("indicators | rate per 10000 population ci o") == ["off"])
    #expect(complete("indicators | share ") == ["of"])
    #expect(complete("indicators | share of ") == ["scotland"])
    #expect(complete("_ | funnelplot p") == ["pooled"])
    _ = try session.workspace.run(
      Query.Parser.parseCommand(#"group islands = ("Orkney Islands", "Shetland Islands")"#))
    #expect(complete("indicators | where area in is") == ["islands"])
    #expect(complete("_ | compare with ") == ["scotland", "islands"])
    #expect(complete("_ | funnelplot against i") == ["islands"])
  }

  @Test func sheetsOfTheWorkbookBeingLoaded() {
    let here = #filePath
    let fixtures = here[..<here.range(of: "/ShellTests/")!.lowerBound] + "/TablesTests/Fixtures"
    #expect(
      complete("load \"\(fixtures)/published.xlsx\" sheet ") == [
        "\"Contents\"", "\"Cover\"", "\"Table 1\"",
      ])
    #expect(complete("load \"\(fixtures)/published.xlsx\" sheet \"Ta") == ["\"Table 1\""])
    #expect(complete("load \"\(fixtures)/missing.xlsx\" sheet ").isEmpty)
  }

  @Test func quotedValuesAfterEqualsAndIn() {
    #expect(
      complete("indicators | where measure = \"CPOs c") == [
        "\"CPOs commenced\"", "\"CPOs completed\"", "\"CPOs completed (%)\"",
      ])
    #expect(complete("indicators | where area = \"City o") == ["\"City of Edinburgh\""])
    #expect(complete("indicators | where area = Fi") == ["\"Fife\""])
    #expect(complete("indicators | where area in (\"Fife\", \"Fa") == ["\"Falkirk\""])
    #expect(complete("indicators | where year = 2023") == ["2023-24"])
  }

  @Test func pathsAfterLoadOpenSaveAndTo() throws {
    let folder = scratchFolder("paths")
    try AtomicFile.write("a,b\n1,2\n", to: folder + "/cases 2023.csv")
    mkdir(folder + "/data", 0o755)
    let local = Completer(session: makeSession(in: folder))
    #expect(local.complete("load \"ca", cursor: 8).candidates == ["\"cases 2023.csv\""])
    #expect(local.complete("load d", cursor: 6).candidates == ["\"data/"])
    #expect(
      local.complete("areas | write csv to \"c", cursor: 23).candidates == ["\"cases 2023.csv\""])
    #expect(local.complete("save \"", cursor: 6).candidates == ["\"cases 2023.csv\"", "\"data/"])
  }

  /// Defect fixed: the completer's own scanner ended a string at `\"`, so a `;` inside it
  /// started a new statement and tables were offered inside the string.
  @Test func anEscapedQuoteDoesNotEndTheString() {
    #expect(complete(#"indicators | where area = "a\"; ar"#) == [])
    #expect(complete(#"indicators | where area = "a"; ar"#) == ["areas"])
  }

  @Test func theReplacedTextStartsAtTheOpeningQuote() {
    let line = "indicators | where area = \"City o"
    let c = Completer(session: session).complete(line, cursor: line.utf8.count)
    #expect(c.start == line.utf8.count - "\"City o".utf8.count)
  }

  @Test func chartKindsFormatsAndAges() {
    #expect(complete("indicators | chart sp") == ["spark"])
    #expect(complete("indicators | write j") == ["json"])
    #expect(complete("indicators | rate per 10000 population 16") == ["16+", "16-70"])
    #expect(complete("explain NI1") == ["NI1", "NI10"])
  }
}
