import Foundation
import Testing

@testable import Tables

/// JSON read as a table: what `write json` writes, JSON Lines, and the errors of broken JSON,
/// each with its line and column.
@Suite("Reading JSON")
struct JSONTableTests {
  func read(_ text: String) throws(FileError) -> CSVResult {
    let (csv, notes) = try JSONTable.csvText(Array(text.utf8), path: "t.json")
    var options = CSVOptions()
    options.delimiter = UInt8(ascii: ",")
    options.skipLines = 0
    var result = try CSVReader.read(bytes: csv, name: "t.json", options: options)
    result.notes += notes
    return result
  }

  func error(_ text: String) -> FileError? {
    do {
      _ = try read(text)
      return nil
    } catch {
      return error
    }
  }

  @Test func anArrayOfObjectsWithStatusColumns() throws {
    let t = try read(
      #"[{"area": "Fife", "year": "2019-20", "value": 7, "value_status": "[p]"}, {"area": "Angus", "year": "2019-20", "value": null, "value_status": "[c]"}, {"area": "Moray", "year": "2019-20", "value": -1.5e2, "value_status": null}]"#
    ).table
    #expect(t.columnNames == ["area", "year", "value"])
    #expect(t.column(named: "value")?.type == .number)
    #expect(t.column(named: "year")?.type == .period)
    #expect(
      cells(t) == [
        ["Fife", "2019-20", "7[p]"], ["Angus", "2019-20", "[c]"], ["Moray", "2019-20", "-150"],
      ])
  }

  @Test func stringsKeepEveryCharacter() throws {
    let r = try read(
      #"[{"s": "a, \"b\"\n\ttab \u00e9 \ud83d\ude00 \/ \\"}, {"s": ""}, {"s": "  x  "}]"#)
    #expect(cells(r.table).map { $0[0] } == ["a, \"b\"\n\ttab é 😀 / \\", "  x  "])
    // A row with nothing in any cell is left out as the same row of a CSV file is, and said.
    #expect(r.notes.contains("skipped 1 empty row"), "\(r.notes)")
  }

  @Test func jsonLinesAndAByteOrderMark() throws {
    let t = try read("\u{FEFF}{\"a\": 1, \"b\": true}\n{\"a\": 2}\n\n{\"b\": false, \"a\": 3}\n")
    #expect(t.table.columnNames == ["a", "b"])
    #expect(cells(t.table) == [["1", "true"], ["2", "<empty>"], ["3", "false"]])
    #expect(t.notes.contains("some objects had no value for a key, read as empty: b (1 object)"))
  }

  @Test(arguments: [
    (#"[{"a": 1, "b": {"c": 2}}]"#, 1, "column 16: a nested object cannot be a table cell"),
    (#"[{"a": [1]}]"#, 1, "column 8: a nested array cannot be a table cell"),
    ("[\n  {\"a\": 1},\n  {\"a\": 01}\n]", 3, "column 9: not a JSON number"),
    (#"[{"a": 1.}]"#, 1, "column 8: not a JSON number: digits must follow the point"),
    (#"[{"a": "x\ud800"}]"#, 1, #"column 16: a \u escape of half a character (a lone surrogate)"#),
    (#"[{"a": 1, "a": 2}]"#, 1, #"column 11: the key "a" comes twice in one object"#),
    ("[\n {\"a\": 1},\n {\"a\": 2}\n", 4, "column 1: the array is not closed with ]"),
    (#"[{"a": "open}]"#, 1, "column 8: the string is not closed with \""),
    (
      "[{\"a\": \"two\nlines\"}]", 1,
      "column 12: a control character inside a string (a line end must be written \\n)"
    ),
    (#"[{"a": nul}]"#, 1, "column 8: expected a value (a string, number, true, false or null)"),
    (#"[1, 2]"#, 1, "column 2: each element of the array must be an object, one per row"),
    (#"[{"a": 1}] x"#, 1, "column 12: text after the end of the array"),
    (#""a""#, 1, "column 1: expected [ (an array of objects) or { (JSON Lines)"),
    (#"[{"é": 1 "b": 2}]"#, 1, "column 10: expected , or } in an object"),
  ])
  func brokenJSONSaysWhereAndWhat(text: String, line: Int, message: String) {
    let e = error(text)
    #expect(e?.line == line, "\(String(describing: e))")
    #expect(e?.message == message)
  }

  @Test func emptyInputIsRefused() {
    #expect(error("[]")?.kind == .empty)
    #expect(error("  \n")?.kind == .empty)
  }

  /// What the writer writes, the reader reads: the same cells, notes aside.
  @Test func writerToReader() throws {
    let csv = "area,value,note\nFife,7[p],\"a, b\"\nAngus,[c],\nMoray,12.25,\"x\ny\"\n"
    let source = try CSVReader.read(bytes: Array(csv.utf8), name: "in.csv").table
    let back = try read(TableWriter.json(source)).table
    #expect(cells(back) == cells(source))
    #expect(back.columnNames == source.columnNames)
  }
}
