import Foundation
import Testing

@testable import Tables

/// The two Scottish Government workbooks in ../shared/real-files (beside the repository), read
/// as published. Each figure checked is stated with the table and cell it comes from. Without
/// the folder these tests are skipped, and say so.
enum RealFiles {
  static let folder: String = {
    let here = #filePath
    var root = here[..<(here.range(of: "/Tests/")?.lowerBound ?? here.endIndex)]
    root = root[..<(root.lastIndex(of: "/") ?? root.endIndex)]
    return "\(root)/shared/real-files"
  }()
  static let proceedings = folder + "/criminal_proceedings-2324-tables.xlsx"
  static let crime = folder + "/recorded-crime-2024-25-bulletin-tables.xlsx"
  static var present: Bool {
    FileManager.default.fileExists(atPath: proceedings)
      && FileManager.default.fileExists(atPath: crime)
  }
}

@Suite(
  "Real published workbooks",
  .enabled(
    if: RealFiles.present, "../shared/real-files is not there: the real-workbook tests are skipped")
)
struct RealWorkbookTests {
  func number(_ t: Table, row label: String, in labelColumn: String, _ column: String) -> Value? {
    guard let l = t.columnNames.firstIndex(of: labelColumn),
      let c = t.columnNames.firstIndex(of: column)
    else { return nil }
    return (0..<t.rowCount).first { t.value(row: $0, column: l) == .text(label) }.map {
      t.value(row: $0, column: c)
    }
  }

  @Test func criminalProceedingsTable7a() throws {
    let (result, _) = try Workbook.read(path: RealFiles.proceedings, sheet: "Table_7a")
    let t = result.table
    // Header on row 4 under three title rows; "Return to table of contents" (row 29) is not a row.
    #expect(result.headerLine == 4)
    #expect(t.rowCount == 24)
    #expect(t.columnNames.prefix(3) == ["Main penalty", "2013-14", "2014-15"])
    #expect(t.columnNames.count == 13)
    #expect(
      result.notes.contains(
        #"left out 1 navigation row (row 29 "Return to table of contents"): links, not data"#))
    // Table_7a B5: Total 2013-14 105,656; K5: Total 2022-23 68,067.
    #expect(number(t, row: "Total", in: "Main penalty", "2013-14") == .number(105_656, nil))
    #expect(number(t, row: "Total", in: "Main penalty", "2022-23") == .number(68_067, nil))
    // Table_7a K13: community payback orders 2022-23, 12,632; B13: 2013-14, 16,375.
    #expect(
      number(t, row: "Community payback order", in: "Main penalty", "2022-23")
        == .number(12_632, nil))
    #expect(
      number(t, row: "Community payback order", in: "Main penalty", "2013-14")
        == .number(16_375, nil))
    // Table_7a L16: n/r, the change column still numbers (L13: 20.591885441527399).
    #expect(
      number(t, row: "Community service order", in: "Main penalty", "Change 2021-22 to 2022-23 (%)")
        == .missing(.notReported))
    #expect(t.column(named: "Change 2021-22 to 2022-23 (%)")?.type == .number)
    // A22 "Admonition [note 19]" is the label Admonition, with note 19 from the Notes sheet.
    #expect(number(t, row: "Admonition", in: "Main penalty", "2022-23") == .number(11_771, nil))
    let layout = t.provenance.layout
    #expect(
      layout.annotations.contains {
        $0.label == "Admonition" && $0.note == "[note 19]"
          && $0.text == "Includes a small number of court cautions and dog-related disposals."
      })
    #expect(
      layout.totalLabels(in: "Main penalty") == [
        "Total", "All custody", "All community sentences", "All financial penalties",
        "All other sentences",
      ])
    #expect(layout.measure == "people convicted")
    #expect(layout.periodColumns.count == 10)
  }

  @Test func recordedCrimeTableA1() throws {
    let (result, _) = try Workbook.read(path: RealFiles.crime, sheet: "Table_A1")
    let t = result.table
    #expect(t.rowCount == 12)
    #expect(t.columnNames.count == 13)
    #expect(
      result.notes.contains(
        #"left out 2 navigation rows (row 15 "Return to index", row 16 "Go to Notes"): links, not data"#
      ))
    // Table_A1 K3: common assault 2024-25, 48,250; B14: Total 2015-16, 58,596.
    #expect(number(t, row: "Common assault", in: "Crime type", "2024-25") == .number(48_250, nil))
    #expect(number(t, row: "Total", in: "Crime type", "2015-16") == .number(58_596, nil))
    // B4 "x" (data not available) and B11 "n/l" (legislation not in force), as the Introduction sheet says.
    #expect(
      number(t, row: "Common assault (with injury)", in: "Crime type", "2015-16")
        == .missing(.bareNotAvailable))
    #expect(
      number(t, row: "Common assault of a retail worker", in: "Crime type", "2015-16")
        == .missing(.notInLegislation))
    #expect(
      t.provenance.layout.meaning(of: "n/l")?.meaning
        == "the relevant legislation for this category was not yet implemented")
    #expect(t.provenance.layout.meaning(of: "x")?.sheet == "Introduction")
  }

  @Test func recordedCrimeTable1NoteInAPeriodHeader() throws {
    let (result, _) = try Workbook.read(path: RealFiles.crime, sheet: "Table_1")
    let t = result.table
    // F3 "2017-18 [note 7]" is the period 2017-18, its note kept.
    #expect(t.columnNames.contains("2017-18"))
    #expect(t.column(named: "2017-18")?.type == .number)
    #expect(
      t.provenance.layout.annotations.contains {
        $0.column == "2017-18" && $0.label == nil && $0.note == "[note 7]"
          && $0.text?.hasPrefix("Part of the change") == true
      })
    #expect(
      t.provenance.layout.periodColumns == [
        "2015-16", "2016-17", "2017-18", "2018-19", "2019-20", "2020-21", "2021-22", "2022-23",
        "2023-24", "2024-25",
      ])
    // Table_1 D4: Scotland, Total Crimes, 2015-16: 306,274; M4: 2024-25: 299,111.
    #expect(t.value(row: 0, column: 3) == .number(306_274, nil))
    #expect(t.value(row: 0, column: 12) == .number(299_111, nil))
    // D11: n/l in a number column; O11: x.
    #expect(t.value(row: 7, column: 3) == .missing(.notInLegislation))
    #expect(t.value(row: 7, column: 14) == .missing(.bareNotAvailable))
  }

  @Test func strayCellsArePublishedFormsToo() throws {
    // Table_A12 H12: "<1%" among the percentages of cyber-crime: not a number, not a symbol,
    // so the column is text and says which cells make it so.
    let (result, _) = try Workbook.read(path: RealFiles.crime, sheet: "Table_A12")
    let stray = result.table.provenance.layout.strays.first {
      $0.column == "As a % of total: 2019-20"
    }
    #expect(stray?.tokens == [.init(text: "<1%", count: 1, line: 12)])
    #expect(result.table.columnNames[1] == "Estimated volume: 2019-20")
  }

  @Test func theSheetToLoadIsSuggestedPastTheFrontMatter() {
    let error = #expect(throws: FileError.self) {
      try Workbook.read(path: RealFiles.proceedings, sheet: nil)
    }
    #expect(error?.hint?.hasSuffix(#"sheet "Table_1""#) == true)
  }

  @Test func everyTableSheetLoads() throws {
    for path in [RealFiles.proceedings, RealFiles.crime] {
      let book = try Workbook(path: path)
      for sheet in book.sheets where sheet.name.hasPrefix("Table_") {
        let (result, _) = try Workbook.read(path: path, sheet: sheet.name)
        #expect(result.table.rowCount > 0, "\(sheet.name)")
        // No column of numbers is text without saying why: its stray cells are listed.
        for column in result.table.columns where column.type == .text {
          if case .text(let text) = column.data {
            let numbers = text.dictionary.filter { NumberParser.parse($0).kind != .invalid }
            if numbers.count > 2 * text.dictionary.count / 3 {
              #expect(
                result.table.provenance.layout.strays.contains { $0.column == column.name },
                "\(sheet.name) \(column.name)")
            }
          }
        }
      }
    }
  }
}
