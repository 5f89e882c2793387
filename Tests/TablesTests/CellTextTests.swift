import Testing

@testable import Tables

/// One cell's words for every output: shown as published, or every digit for a data file.
@Suite("The text of a cell")
struct CellTextTests {
  func table(_ csv: String) throws -> Table {
    try CSVReader.read(bytes: Array(csv.utf8), name: "t.csv").table
  }

  @Test func shownCellsUseTheColumnsFormatAndDataCellsKeepEveryDigit() throws {
    let t = try table("area,value,share\nFife,12150,70.1234%\nAngus,3[p],[c]\n")
    let formats = CellText.formats(t)
    let shown = (0..<t.rowCount).map { r in
      t.columns.indices.map { CellText.shown(t.value(row: r, column: $0), format: formats[$0]) }
    }
    let data = (0..<t.rowCount).map { r in
      t.columns.indices.map { CellText.data(t.value(row: r, column: $0)) }
    }
    #expect(shown[0][0] == "Fife")
    #expect(shown[0][1] == "12,150")
    #expect(shown[1][1] == "3[p]")
    #expect(shown[1][2] == "[c]")
    #expect(data[0][1] == "12150")
    #expect(data[1][1] == "3[p]")
    #expect(data[1][2] == "[c]")
    #expect(shown[0][2].hasSuffix("%"))
    #expect(!data[0][2].contains(","))
  }

  @Test func aSymbolANoteExplainsIsNotExplainedAgain() throws {
    let t = try table("area,value\nFife,[c]\nAngus,4[p]\n")
    let notes = Legend.adding(to: ["[c] counts under 5 are suppressed"], for: t)
    #expect(notes == ["[c] counts under 5 are suppressed", "[p] provisional"])
    // In every output that lists notes: the Markdown table writes each symbol's meaning once.
    #expect(Legend.adding(to: [], for: t).count == 2)
  }
}
