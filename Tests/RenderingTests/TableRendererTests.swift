import Query
import Rendering
import Tables
import Testing

func table(_ csv: String) -> Table {
  (try? CSVReader.read(bytes: Array(csv.utf8), name: "t.csv").table) ?? Table(columns: [])
}

@Suite("Tables on screen")
struct TableRendererTests {
  let t = table(
    "area,year,value\nCity of Edinburgh,2019-20,\"12,150\"\nEilean Siar,2019-20,[c]\nFife,2019-20,7[p]\nAngus,2019-20,\n"
  )

  @Test func numbersRightAlignedSymbolsKeptAndExplained() {
    #expect(
      TableRenderer.render(Frame(table: t), options: RenderOptions(width: 80)) == """
          area               year      value
          ─────────────────  ───────  ──────
          City of Edinburgh  2019-20  12,150
          Eilean Siar        2019-20     [c]
          Fife               2019-20    7[p]
          Angus              2019-20
          [c] confidential (suppressed)
          [p] provisional
        """)
  }

  @Test func textColumnsOfFormattedFiguresAlignRightLikeNumbers() {
    // What `assess` makes: figures already formatted, held as text.
    let figures = Table.fromRows(
      ["measure", "latest", "change"],
      [
        [.text("bail cases"), .text("15"), .text("+1")],
        [.text("CPOs completed (%)"), .text("70.1%"), .text("-6.4 pts")],
        [.text("survey"), .text("[x]"), .text("[x]")],
      ])
    #expect(
      TableRenderer.render(Frame(table: figures), options: RenderOptions(width: 80)).hasPrefix(
        """
          measure             latest    change
          ──────────────────  ──────  ────────
          bail cases              15        +1
          CPOs completed (%)   70.1%  -6.4 pts
          survey                 [x]       [x]
        """))
  }

  @Test func asciiRule() {
    let text = TableRenderer.render(Frame(table: t), options: RenderOptions(width: 80, ascii: true))
    #expect(text.contains("  -----------------  -------  ------"))
    #expect(text.utf8.allSatisfy { $0 < 0x80 })
  }

  @Test func longResultsSayHowManyMoreAndHowToSeeThem() {
    let long = table("n,value\n" + (1...50).map { "r\($0),\($0)" }.joined(separator: "\n"))
    let text = TableRenderer.render(
      Frame(table: long), options: RenderOptions(width: 80, maxRows: 20))
    let lines = text.split(separator: "\n")
    #expect(lines.count == 2 + 18 + 1)
    #expect(lines.last == "  … 32 more rows of 50 (`show all` to see them, or `limit N`)")
    let all = TableRenderer.render(
      Frame(table: long), options: RenderOptions(width: 80, maxRows: 20), showAll: true)
    #expect(all.split(separator: "\n").count == 52)
  }

  @Test func narrowOutputShortensTextWrapsTheLastColumnAndSaysWhatIsLeftOut() {
    let wide = table("name,a,b,c,d\n" + "A very long label that goes on,1,2,3,4\nshort,5,6,7,8\n")
    let fits = TableRenderer.render(Frame(table: wide), options: RenderOptions(width: 30))
    #expect(fits.contains("  A very long lab…  1  2  3  4"))
    let text = TableRenderer.render(Frame(table: wide), options: RenderOptions(width: 20))
    #expect(text.contains("A very lo…"))
    #expect(text.contains("… 2 more columns not shown: c, d"))
    for line in text.split(separator: "\n") where !line.contains("not shown") {
      #expect(line.count <= 20, "\(line)")
    }
  }

  @Test func constantColumnsAreSaidOnceWhenSpaceIsShort() {
    let t = table(
      "area,indicator,measure,year,value\nFife,NI4,CPOs commenced,2019-20,1\nAngus,NI4,CPOs commenced,2019-20,2\n"
    )
    let text = TableRenderer.render(Frame(table: t), options: RenderOptions(width: 40))
    #expect(
      text.hasPrefix(
        "  every row: indicator NI4 · measure\n    CPOs commenced · year 2019-20\n  area   value"))
  }

  @Test func hintsShowSymbolsOnUnicodeAndWordsInASCII() {
    var f = Frame(table: table("year,direction\n2019-20,up\n2020-21,down\n"))
    f.hints = ["direction": .directions]
    #expect(TableRenderer.render(f, options: RenderOptions()).contains("2019-20  ▲"))
    #expect(TableRenderer.render(f, options: RenderOptions(ascii: true)).contains("2019-20  up"))
  }

  @Test func noRows() {
    #expect(
      TableRenderer.render(Frame(table: t.prefix(0)), options: RenderOptions()).hasSuffix(
        "(no rows)"))
  }

  /// A notebook is the record: a table wider than it goes on in a further block, its labels
  /// repeated, instead of leaving columns out (issue 13).
  @Test func notebooksKeepEveryColumn() throws {
    let t = try CSVReader.read(
      bytes: Array(
        "area,year,alpha,beta,gamma,delta,epsilon\nFife,2023-24,1111111111,2222222222,3333333333,4444444444,5555555555\n"
          .utf8), name: "t.csv"
    ).table
    let screen = TableRenderer.render(Frame(table: t), options: RenderOptions(width: 60))
    #expect(screen.contains("not shown"))
    let record = TableRenderer.render(
      Frame(table: t), options: RenderOptions(width: 60, keepsEveryColumn: true))
    #expect(!record.contains("not shown"))
    for name in ["alpha", "beta", "gamma", "delta", "epsilon"] {
      #expect(record.contains(name), "\(name)")
    }
    #expect(record.split(separator: "\n").allSatisfy { TextLayout.width(String($0)) <= 60 })
    // The second block is led by the labels of the rows.
    let blocks = record.components(separatedBy: "\n\n")
    #expect(blocks.count >= 2)
    #expect(blocks.dropFirst().allSatisfy { $0.hasPrefix("  area ") })
  }
}
