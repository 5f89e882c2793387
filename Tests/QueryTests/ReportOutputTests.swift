import Foundation
import Query
import Tables
import Testing

/// `chart ... to "FILE.svg"` and `write xlsx`: files put in place as `write` puts them.
@Suite("Report files: SVG charts and workbooks")
struct ReportOutputTests {
  func ws(in dir: String) -> Workspace {
    let w = workspace(
      table("area,year,value\nFife,2019-20,120\nAngus,2019-20,[c]\nMoray,2019-20,40\n"))
    w.baseDirectory = dir
    w.chartFile = { chart in "<svg>\(chart.bars.count)</svg>" }
    return w
  }

  @Test func aChartIsWrittenBesidesBeingDrawn() throws {
    let dir = freshFolder("cjnb-svg")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let w = ws(in: dir)
    let output = try w.run(Parser.parseCommand(#"t | chart bar to "bars.svg""#))
    #expect(
      output.blocks.contains {
        if case .status(let s) = $0 { s == "wrote chart to bars.svg" } else { false }
      })
    #expect(
      output.blocks.contains {
        if case .frame(let f) = $0, case .chart? = f.display { true } else { false }
      })
    #expect(try String(contentsOfFile: dir + "/bars.svg", encoding: .utf8) == "<svg>3</svg>")
    // Not replaced unless asked.
    #expect(throws: Diagnostic.self) {
      try w.run(Parser.parseCommand(#"t | chart bar to "bars.svg""#))
    }
    _ = try w.run(Parser.parseCommand(#"t | chart bar to "bars.svg" replace"#))
  }

  @Test func aChartFileEndsInSVGAndStaysInsideTheNotebooksFolder() throws {
    #expect(throws: Diagnostic.self) { try Parser.parseCommand(#"t | chart bar to "bars.png""#) }
    let dir = freshFolder("cjnb-svg-confined")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let w = ws(in: dir)
    w.access = .confined(to: dir)
    #expect(throws: Diagnostic.self) {
      try w.run(Parser.parseCommand(#"t | chart bar to "/tmp/elsewhere.svg""#))
    }
    #expect(!FileManager.default.fileExists(atPath: "/tmp/elsewhere.svg"))
  }

  @Test func aWorkbookNeedsAFileEndingInXLSX() {
    #expect(throws: Diagnostic.self) { try Parser.parseCommand("t | write xlsx") }
    #expect(throws: Diagnostic.self) { try Parser.parseCommand(#"t | write xlsx to "-""#) }
    #expect(throws: Diagnostic.self) { try Parser.parseCommand(#"t | write xlsx to "t.csv""#) }
  }

  @Test func aWorkbookIsReadBackAsTheSameTable() throws {
    let dir = freshFolder("cjnb-xlsx")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let w = ws(in: dir)
    _ = try w.run(Parser.parseCommand(#"t | write xlsx to "t.xlsx""#))
    _ = try w.run(Parser.parseCommand(#"load "t.xlsx" sheet "Table_1" as back"#))
    let back = try frame("back", in: w)
    #expect(cells(back.table) == cells(try frame("t", in: w).table))
  }
}
