import Query
import Tables
import Testing

/// Named comparator groups: defined once, resolved through the area resolver, used in where,
/// compare with, charts and funnel plots, with the group's pooled figure.
@Suite("comparator groups")
struct GroupComparatorTests {
  static let islands = #"group islands = ("Orkney Islands", "Shetland Islands", "Eilean Siar")"#

  func run(_ lines: [String]) throws -> Frame {
    let w = workspace()
    var last: Frame?
    for line in lines {
      for block in try w.run(Parser.parseCommand(line)).blocks {
        if case .frame(let f) = block { last = f }
      }
    }
    return try #require(last)
  }

  @Test func definedWithAnyNameOfTheAreasAndTyposSuggested() throws {
    let w = workspace()
    let output = try w.run(Parser.parseCommand(Self.islands))
    guard case .status(let s)? = output.blocks.first else { Issue.record("no status"); return }
    #expect(s == "group islands: 3 areas, Orkney Islands, Shetland Islands, Na h-Eileanan Siar")
    #expect(
      diagnostic(#"group islands = ("Orkney Islands", "Shetlnd Islands")"#)?.label
        == "did you mean \"Shetland Islands\"?")
    #expect(
      diagnostic(#"group islands = ("Orkney Islands")"#)?.message
        == "a group needs at least two areas")
    #expect(
      diagnostic(#"group islands = ("Orkney Islands", "Scotland")"#)?.message
        == "Scotland is every council together, not a member of a group")
    #expect(
      diagnostic(#"group fife = ("Orkney Islands", "Angus")"#)?.message
        == "\"fife\" is an area's name, and a group needs a name of its own")
    // `group by` at the start of a line is still the verb.
    guard case .pipeline = try Parser.parseCommand("group by area") else {
      Issue.record("group by is not a pipeline"); return
    }
  }

  @Test func whereKeepsTheMembers() throws {
    let f = try run([
      Self.islands,
      #"indicators | where area in islands and measure = "CPOs commenced" and year = 2023-24"#,
    ])
    #expect(
      column(f.table, "area") == ["Na h-Eileanan Siar", "Orkney Islands", "Shetland Islands"])
    let not = try run([
      Self.islands,
      #"indicators | where area not in islands and measure = "CPOs commenced" and year = 2023-24"#,
    ])
    #expect(not.table.rowCount == 30)
    let w = workspace()
    _ = try w.run(Parser.parseCommand(Self.islands))
    let misspelt = #expect(throws: Diagnostic.self) {
      try w.run(Parser.parseCommand(#"indicators | where area in islnds"#))
    }
    #expect(misspelt?.label == "did you mean islands?")
  }

  @Test func compareWithTheGroupsPooledFigure() throws {
    let f = try run([
      Self.islands,
      #"indicators | where year = 2023-24 | rate "CPOs completed" / "CPOs ended" by area | compare with islands"#,
    ])
    // Pooled: the members' completed over their ended, worked out here from the rows.
    var done = 0.0
    var ended = 0.0
    for r in 0..<f.table.rowCount
    where ["Orkney Islands", "Shetland Islands", "Na h-Eileanan Siar"].contains(
      column(f.table, "area")[r])
    {
      done +=
        f.table.value(row: r, column: f.table.columnIndex(named: "CPOs completed")!).numberValue
        ?? .nan
      ended +=
        f.table.value(row: r, column: f.table.columnIndex(named: "CPOs ended")!).numberValue ?? .nan
    }
    let pooled = f.table.value(row: 0, column: f.table.columnIndex(named: "islands")!).numberValue
    #expect(pooled == 100 * done / ended)
    #expect(f.table.columnNames.contains("significance"))
    let counts = try run([
      Self.islands,
      #"indicators | where measure = "CPOs commenced" and year = 2023-24 | compare with islands"#,
    ])
    #expect(
      counts.table.value(row: 0, column: counts.table.columnIndex(named: "islands")!).numberValue
        == Double(43 + 44 + 48))
    let w = workspace()
    _ = try w.run(Parser.parseCommand(Self.islands))
    let percentages = #expect(throws: Diagnostic.self) {
      try w.run(
        Parser.parseCommand(
          #"indicators | where measure = "CPOs completed (%)" | compare with islands"#))
    }
    #expect(
      percentages?.message
        == "a group's figure pools its members' counts, and these are percentages without the counts behind them"
    )
  }

  @Test func assessPoolsTheMembers() throws {
    let f = try run([Self.islands, #"indicators | assess for 2023-24 area islands"#])
    #expect(
      f.title
        == "Section 23 annual report, draft: islands (Orkney Islands, Shetland Islands, Na h-Eileanan Siar), 2023-24"
    )
    // NI4 from the summed counts: 106 completed of 134 ended; scipy's Wilson interval of 106/134
    // is 71.46% to 85.13%, above Scotland's 71.1%.
    #expect(column(f.table, "2023-24")[3] == "79.1%")
    #expect(column(f.table, "compared")[3] == "higher")
    #expect(f.notes.contains { $0.text.hasPrefix("islands: the members' counts summed") })
  }

  @Test func chartsMarkTheMembersAndFunnelPlotsPoolThemAsABenchmark() throws {
    let bars = try run([
      Self.islands,
      #"indicators | where measure = "CPOs commenced" and year = 2023-24 | chart bar highlight islands"#,
    ])
    guard case .chart(let chart)? = bars.display else { Issue.record("no chart"); return }
    #expect(
      chart.bars.filter(\.highlighted).map(\.label).sorted() == [
        "Na h-Eileanan Siar", "Orkney Islands", "Scotland", "Shetland Islands",
      ])
    let plot = try run([
      Self.islands,
      #"indicators | where year = 2023-24 | rate "CPOs completed" / "CPOs ended" by area | funnelplot against islands"#,
    ])
    #expect(plot.notes.contains { $0.text == "benchmark: islands pooled, 79.1% (106 of 134)" })
  }
}
