import Testing

@testable import Tables

/// The fixtures are written by Fixtures/make-opendocument.py, which says what each one holds.
@Suite("Reading .ods spreadsheets")
struct OpenDocumentTests {
  @Test func sheetsInTabOrder() throws {
    let document = try OpenDocument(path: fixture("published.ods"))
    #expect(document.sheets == ["Cover", "Notes", "Contents", "Table_1", "Quarters"])
    let error = #expect(throws: FileError.self) {
      try OpenDocument.read(path: fixture("published.ods"), sheet: nil)
    }
    #expect(error?.kind == .sheet)
    #expect(
      error?.hint == #"say which to load: load "\#(fixture("published.ods"))" sheet "Table_1""#)
    let typo = #expect(throws: FileError.self) {
      try OpenDocument.read(path: fixture("published.ods"), sheet: "Tabel_1")
    }
    #expect(typo?.hint?.hasPrefix(#"did you mean "Table_1"?"#) == true)
  }

  @Test func cellsAsLibreOfficeShowsThem() throws {
    // A date and a date with a time, a percentage as shown, booleans, spaces (text:s), two
    // paragraphs, a comment left out, a repeated row and a repeated filled cell, an error cell,
    // and a million empty rows at the end that cost nothing.
    let (result, sheet) = try OpenDocument.read(path: fixture("libreoffice.ods"), sheet: nil)
    #expect(sheet == "Data")
    #expect(result.table.columnNames == ["area", "date", "share", "flag", "note", "code"])
    // (flag is text: Moray's row repeats a 7 across it.)
    #expect(
      cells(result.table) == [
        ["Fife", "2021-07-31", "45.2", "TRUE", "two  spaces", "A1"],
        ["Angus", "2021-08-01 12:00", "50", "FALSE", "line one\nline two", "<empty>"],
        ["Angus", "2021-08-01 12:00", "50", "FALSE", "line one\nline two", "<empty>"],
        ["Moray", "7", "7", "7", "7", "B2"],
      ])
    #expect(
      result.notes.contains {
        $0.hasPrefix("2 cells held a spreadsheet error and read as empty: F3 #DIV/0!, F4 #DIV/0!")
      })
  }

  @Test func hugeRepeatsAreRefusedWithTheLimit() {
    let clock = ContinuousClock()
    let start = clock.now
    let wide = #expect(throws: FileError.self) {
      try OpenDocument.read(path: fixture("hostile-repeats.ods"), sheet: "Wide")
    }
    #expect(wide?.message == #"sheet "Wide" claims a cell beyond column XFD in row 1"#)
    let tall = #expect(throws: FileError.self) {
      try OpenDocument.read(path: fixture("hostile-repeats.ods"), sheet: "Tall")
    }
    #expect(tall?.message == #"sheet "Tall" claims more than Excel's 1,048,576 rows"#)
    #expect(clock.now - start < .seconds(5))
  }

  @Test func notSpreadsheets() {
    let csv = #expect(throws: FileError.self) { try OpenDocument(path: fixture("numbers.csv")) }
    #expect(csv?.message == "is not an OpenDocument spreadsheet (it is not a zip package)")
    let excel = #expect(throws: FileError.self) {
      try OpenDocument(path: fixture("published.xlsx"))
    }
    #expect(excel?.hint == "it is an Excel workbook: rename it to .xlsx and load that")
    let ods = #expect(throws: FileError.self) { try Workbook(path: fixture("published.ods")) }
    #expect(ods?.hint == "it is an OpenDocument spreadsheet: rename it to .ods and load that")
  }

  @Test func damagedContentSaysWhere() throws {
    #expect(
      OpenDocument.value(["office:value-type": "float", "office:value": "0.1"], shown: "0.10")
        == "0.1")
    #expect(
      OpenDocument.value(
        ["office:value-type": "percentage", "office:value": "0.7006"], shown: "70.1%") == "70.1%")
    #expect(
      OpenDocument.value(
        ["office:value-type": "currency", "office:value": "12.5"], shown: "£12.50") == "12.5")
    #expect(OpenDocument.repeats("999999999999") == Workbook.Limits.rows + 1)
    #expect(OpenDocument.repeats("-3") == 1)
  }
}

/// The accessible-table layout, on fixtures made for each pattern.
@Suite("Published tables: symbols, notes, navigation, headers, totals")
struct PublishedLayoutTests {
  @Test func theTableSheetOfAPublishedWorkbook() throws {
    let (result, _) = try OpenDocument.read(path: fixture("published.ods"), sheet: "Table_1")
    let t = result.table
    // Navigation rows are not rows; the note markers are not in the names; the title's measure.
    #expect(
      t.columnNames == [
        "Order type", "2015-16", "2016-17", "2017-18", "2018-19", "2019-20",
        "Change 2018-19 to 2019-20 (%)",
      ])
    #expect(
      cells(t).map { $0[0] } == [
        "Total", "All community orders", "Community payback order", "Restriction of liberty order",
        "Other", "Fines", "Drug treatment and testing order",
      ])
    #expect(
      result.notes.contains(
        #"left out 2 navigation rows (row 3 "Go to notes", row 12 "Return to contents"): links, not data"#
      ))
    #expect(
      result.notes.contains { $0.hasPrefix("ignored 1 line of notes below the table (line 14)") })
    // Bare x, a code of the publisher's own, n/r: missing with their symbols, the column numbers.
    #expect(
      cells(t)[6] == ["Drug treatment and testing order", "x", "x", "[ns]", "14", "11", "n/r"])
    #expect(t.column(named: "2015-16")?.type == .number)
    #expect(t.column(named: "Change 2018-19 to 2019-20 (%)")?.type == .number)
    let layout = t.provenance.layout
    #expect(layout.measure == "community orders made")
    #expect(layout.periodColumns == ["2015-16", "2016-17", "2017-18", "2018-19", "2019-20"])
    #expect(
      layout.totals == [.init(column: "Order type", labels: ["Total", "All community orders"])])
    #expect(
      layout.annotations.contains(
        .init(
          column: "2017-18", label: nil, note: "[note 1]",
          text: "Counting rules changed in 2017-18.")))
    #expect(
      layout.annotations.contains(
        .init(
          column: "Order type", label: "Other", note: "[note 2]",
          text: "Other includes supervised attendance orders.")))
    #expect(layout.meaning(of: "[ns]")?.meaning == "not sampled in that year")
    #expect(layout.meaning(of: "x")?.sheet == "Cover")
  }

  @Test func aHeaderOfTwoRowsIsOneNamePerColumn() throws {
    let (result, _) = try OpenDocument.read(path: fixture("published.ods"), sheet: "Quarters")
    #expect(
      result.table.columnNames == ["Area", "2023 Q1", "2023 Q2", "2023 Q3", "2023 Q4", "2024 Q1"])
    #expect(cells(result.table)[1] == ["Angus", "40", "38", "x", "41", "37"])
    #expect(
      result.notes.contains {
        $0.hasPrefix("read the header's two rows (2 and 3) as one name per column")
      })
    // Scotland beside the councils is an area, not a total to leave out.
    #expect(result.table.provenance.layout.totals.isEmpty)
  }

  @Test func noteMarkersAndFootnoteDigits() {
    #expect(PublishedLayout.withoutNotes("2017-18 [note 7]") == ("2017-18", ["7"]))
    #expect(
      PublishedLayout.withoutNotes("Fine (average amount £) [note 21][note 22]") == (
        "Fine (average amount £)", ["21", "22"]
      ))
    #expect(PublishedLayout.withoutNotes("Crimes [Note 3, 4]").notes == ["3", "4"])
    #expect(
      PublishedLayout.withoutNotes("Average length of sentence (days) [notes 26 and 27]") == (
        "Average length of sentence (days)", ["26", "27"]
      ))
    #expect(PublishedLayout.withoutNotes("Notes [note on method]").notes.isEmpty)
    #expect(PublishedLayout.footnoteDigits("Other2")! == ("Other", "2"))
    #expect(PublishedLayout.footnoteDigits("NI10") == nil)
    #expect(PublishedLayout.footnoteDigits("S12000033") == nil)
    #expect(PublishedLayout.footnoteDigits("Group 5") == nil)
    #expect(
      PublishedLayout.measure(
        "Table 7(a) People convicted by main penalty, 2013-14 to 2022-23 [note 14]")
        == "people convicted")
    #expect(
      PublishedLayout.measure(
        "Table A1: Common assault recorded by the police, Scotland, 2015-16 to 2024-25")
        == "common assault recorded")
    #expect(
      PublishedLayout.symbolDefinition("n/l = the relevant legislation was not in force.")! == (
        "n/l", "the relevant legislation was not in force"
      ))
    #expect(PublishedLayout.symbolDefinition("[ns] = not sampled")! == ("[ns]", "not sampled"))
    #expect(PublishedLayout.symbolDefinition("Note: the figures are provisional") == nil)
    #expect(PublishedLayout.isNavigation("Return to table of contents"))
    #expect(!PublishedLayout.isNavigation("Returns to custody"))
  }
}
