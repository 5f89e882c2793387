import Testing

@testable import Tables

/// The fixtures are written by Fixtures/make-workbooks.py, which says what each one holds.
@Suite("Reading .xlsx workbooks")
struct WorkbookTests {
  @Test func worksheetsInTabOrderWithoutChartSheets() throws {
    let book = try Workbook(path: fixture("published.xlsx"))
    #expect(book.sheets.map(\.name) == ["Cover", "Contents", "Table 1"])
  }

  @Test func severalSheetsAndNoneNamedIsAnErrorThatSuggestsTheTable() {
    #expect {
      _ = try Workbook.read(path: fixture("published.xlsx"), sheet: nil)
    } throws: { error in
      guard let error = error as? FileError else { return false }
      return error.kind == .sheet
        && error.message == #"has 3 sheets: "Cover", "Contents", "Table 1""#
        && error.hint?.hasSuffix(#"sheet "Table 1""#) == true
    }
  }

  @Test func aMisspeltSheetGetsASuggestion() {
    #expect {
      _ = try Workbook.read(path: fixture("published.xlsx"), sheet: "Tabel 1")
    } throws: { error in
      guard let error = error as? FileError else { return false }
      return error.kind == .sheet && error.hint?.hasPrefix(#"did you mean "Table 1"?"#) == true
    }
  }

  @Test func aPublishedTableReadsAsItsCSVWould() throws {
    let (result, sheet) = try Workbook.read(path: fixture("published.xlsx"), sheet: "table 1")
    #expect(sheet == "Table 1")
    let t = result.table
    // Title rows skipped (the header is on row 4), shared, rich and inline strings, entities,
    // a formula's text, [c], percentages from fractions under % formats, notes below.
    #expect(result.headerLine == 4)
    #expect(t.columnNames == ["Local authority", "Year", "CPOs commenced", "Completed (%)"])
    #expect(
      cells(t) == [
        ["Aberdeen City", "2023-24", "12150", "45.2"],
        ["Dumfries & Galloway", "2023-24", "1234", "60"],
        ["Na h-Eileanan Siar", "2023-24", "[c]", "<empty>"],
        ["Scotland", "2023-24", "13384", "51"],
      ])
    #expect(t.column(named: "Year")?.type == .period)
    if case .number(let percent)? = t.column(named: "Completed (%)")?.data {
      #expect(percent.format.isPercent)
    } else {
      Issue.record("not numbers")
    }
    #expect(
      result.notes.contains { $0.hasPrefix("skipped the 3 lines above the header on line 4") })
    #expect(
      result.notes.contains { $0.hasPrefix("ignored 1 line of notes below the table (line 10)") })
    #expect(result.notes.contains("1 cell held a spreadsheet error and read as empty: D7 #DIV/0!"))
  }

  @Test func otherToolsWorkbooks() throws {
    // No shared strings or references, a 1904 date system, a boolean, a comma inside a value.
    let (result, sheet) = try Workbook.read(path: fixture("one-sheet.xlsx"), sheet: nil)
    #expect(sheet == "Data")
    #expect(
      cells(result.table) == [
        ["Fife", "2021-08-01", "2.5", "true"],
        ["Orkney, Islands of", "2021-08-02 12:00", "-0.001", "false"],
      ])
  }

  @Test func errorsInASheetNameItsRow() {
    var options = CSVOptions()
    options.types = ["Local authority": .number]
    #expect {
      _ = try Workbook.read(path: fixture("published.xlsx"), sheet: "Table 1", options: options)
    } throws: { error in
      guard let error = error as? FileError else { return false }
      return error.sheet == "Table 1" && error.line == 5
        && error.location.hasSuffix(#"published.xlsx, sheet "Table 1", row 5"#)
    }
  }

  @Test func notWorkbooks() {
    for (name, message) in [
      ("not-a-workbook.xlsx", "is a zip package but not an Excel workbook (no xl/workbook.xml)"),
      ("csv-named.xlsx", "is not an .xlsx workbook (it is not a zip package)"),
      ("missing.xlsx", "no such file"),
    ] {
      #expect {
        _ = try Workbook(path: fixture(name))
      } throws: { error in
        guard let error = error as? FileError else { return false }
        return error.message.hasPrefix(message)
      }
    }
  }

  @Test func datesFromSerials() {
    #expect(Workbook.date(serial: 1, date1904: false) == "1900-01-01")
    #expect(Workbook.date(serial: 59, date1904: false) == "1900-02-28")
    #expect(Workbook.date(serial: 61, date1904: false) == "1900-03-01")
    #expect(Workbook.date(serial: 44408, date1904: false) == "2021-07-31")
    #expect(Workbook.date(serial: 44408.75, date1904: false) == "2021-07-31 18:00")
    #expect(Workbook.date(serial: 0, date1904: true) == "1904-01-01")
  }

  @Test func numbersAsExcelShowsThem() {
    #expect(Workbook.significant(0.1 + 0.2) == "0.3")
    #expect(Workbook.significant(12150) == "12150")
    #expect(Workbook.significant(0.452 * 100) == "45.2")
    #expect(Workbook.significant(-1e-3) == "-0.001")
    #expect(Workbook.kind(ofFormat: 9, code: nil) == .percent(decimals: 0))
    #expect(Workbook.kind(ofFormat: 10, code: nil) == .percent(decimals: 2))
    #expect(Workbook.kind(ofFormat: 164, code: "0.0%") == .percent(decimals: 1))
    #expect(Workbook.kind(ofFormat: 165, code: "#,##0.00%;[Red]-0.00%") == .percent(decimals: 2))
    #expect(Workbook.kind(ofFormat: 165, code: "0\"%\"") == .number)
    #expect(Workbook.kind(ofFormat: 166, code: "dd/mm/yyyy") == .date)
    #expect(Workbook.kind(ofFormat: 14, code: nil) == .date)
    #expect(Workbook.kind(ofFormat: 167, code: "[Red]#,##0;[Blue]-#,##0") == .number)
    #expect(Workbook.kind(ofFormat: 0, code: "General") == .number)
  }

  @Test func columnReferences() {
    #expect(Workbook.columnIndex("A1") == 0)
    #expect(Workbook.columnIndex("Z9") == 25)
    #expect(Workbook.columnIndex("AA10") == 26)
    #expect(Workbook.columnIndex("XFD1048576") == 16383)
    #expect(Workbook.columnName(16383) == "XFD")
    #expect(Workbook.unescaped("a_x000D_b") == "a\rb")
    #expect(Workbook.unescaped("keep_x_this") == "keep_x_this")
  }

  @Test func xmlScanning() throws {
    var scanner = XMLScanner(
      Array(
        #"<?xml version="1.0"?><!-- c --><a x="1 &amp; 2"><b/>t&lt;&#65;&#x42;<![CDATA[<raw>]]></a>"#
          .utf8))
    var events: [XMLScanner.Event] = []
    while let e = try scanner.next() { events.append(e) }
    #expect(
      events == [
        .start(name: "a", attributes: ["x": "1 & 2"], empty: false),
        .start(name: "b", attributes: [:], empty: true),
        .text("t<AB"), .text("<raw>"), .end(name: "a"),
      ])
    var bad = XMLScanner(Array("<a>&nbsp;</a>".utf8))
    _ = try bad.next()
    #expect(throws: XMLScanner.Malformed.self) { _ = try bad.next() }
  }
}
