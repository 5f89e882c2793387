import Foundation
import PropertyBased
import Query
import Tables
import Testing

#if canImport(Glibc)
  import Glibc
#endif

@Suite("write and disclosure control")
struct WriteTests {
  func written(_ command: String, on t: Table) throws -> String {
    let f = try frame(command, on: t)
    switch f.display {
    case .data(let s, _)?: return s
    case .markdown(let s)?: return s
    default: throw Diagnostic("not text")
    }
  }

  @Test func formats() throws {
    let t = table(
      "area,year,value\nFife,2019-20,\"1,234\"\nAngus,2019-20,7[p]\n\"Dundee, City\",2019-20,[c]\n")
    // A number cell holds a number or nothing; its marker or reason is in value_status.
    #expect(
      try written("t | write csv", on: t)
        == "area,year,value,value_status\nFife,2019-20,1234,\nAngus,2019-20,7,[p]\n\"Dundee, City\",2019-20,,[c]\n"
    )
    #expect(
      try written("t | write tsv", on: t)
        == "area\tyear\tvalue\tvalue_status\nFife\t2019-20\t1234\t\nAngus\t2019-20\t7\t[p]\nDundee, City\t2019-20\t\t[c]\n"
    )
    #expect(
      try written("t | write json", on: t) == """
        [
          {"area": "Fife", "year": "2019-20", "value": 1234, "value_status": null},
          {"area": "Angus", "year": "2019-20", "value": 7, "value_status": "[p]"},
          {"area": "Dundee, City", "year": "2019-20", "value": null, "value_status": "[c]"}
        ]

        """)
    // Without a reason or a marker to keep there is no companion column: an empty cell is empty.
    #expect(
      try written("t | write csv", on: table("area,value\nFife,3\nAngus,\n"))
        == "area,value\nFife,3\nAngus,\n")
    #expect(
      try written("t | write json", on: table("area,value\nFife,3\nAngus,\n")).contains(
        #"{"area": "Angus", "value": null}"#))
    let f = try frame("t | write md", on: t)
    guard case .markdown(let md)? = f.display else {
      Issue.record("write md is shown as Markdown"); return
    }
    #expect(
      md.hasPrefix("| area | year | value |\n| --- | --- | ---: |\n| Fife | 2019-20 | 1,234 |\n"))
    #expect(md.contains("- [c] confidential (suppressed)"))
  }

  func message(_ command: String, in w: Workspace) throws -> String {
    let f = try frame(command, in: w)
    guard case .message(let m)? = f.display else { throw Diagnostic("not a message") }
    return m
  }

  /// Text Excel would run as a formula is guarded with `for excel`, and said without it.
  @Test func formulasAreGuardedForExcel() throws {
    let t = table(
      "area,note,value\nFife,\"=HYPERLINK(\"\"http://x\"\")\",-5\nAngus,@SUM(A1),3\nMoray,-,4\nPerth,+44 1234,1\nArgyll,-2.5,2\n"
    )
    let guarded = try written("t | write csv for excel", on: t)
    #expect(guarded.hasPrefix("\u{FEFF}area,note,value\n"))
    #expect(guarded.contains("Fife,\"'=HYPERLINK(\"\"http://x\"\")\",-5\n"))
    #expect(guarded.contains("Angus,'@SUM(A1),3\n"))
    #expect(guarded.contains("Perth,'+44 1234,1\n"))
    // A lone dash, a number written as text and a negative number are not formulas.
    #expect(guarded.contains("Moray,-,4\n") && guarded.contains("Argyll,-2.5,2\n"))
    let dir = freshFolder("cjnb-excel")
    defer { _ = try? FileManager.default.removeItem(atPath: dir) }
    let w = workspace(t)
    #expect(
      try message("t | write csv to \"\(dir)/plain.csv\"", in: w).contains(
        "3 text cells start with = + - or @, which Excel runs as a formula: add `for excel` to guard them"
      ))
    #expect(
      try message("t | write tsv to \"\(dir)/excel.tsv\" for excel", in: w).contains(
        "3 text cells that Excel would read as a formula written with a leading '"))
    #expect(
      diagnostic("t | write json for excel", on: t)?.message
        == "`for excel` is for csv and tsv files")
  }

  @Test func filesAreWrittenWholeAndNeverReplacedWithoutBeingAsked() throws {
    let dir = freshFolder("cjnb-write")
    defer { _ = try? FileManager.default.removeItem(atPath: dir) }
    let w = workspace(sample)
    w.baseDirectory = dir
    _ = try w.run(Parser.parseCommand(#"t | write csv to "out.csv""#))
    #expect(FileBytes.exists("\(dir)/out.csv"))
    let refused = #expect(throws: Diagnostic.self, "replaced without being asked") {
      try w.run(Parser.parseCommand(#"t | limit 1 | write csv to "out.csv""#))
    }
    #expect(refused?.message == "out.csv is already there")
    #expect(refused?.label == "add `replace` after the path to replace it")
    _ = try w.run(Parser.parseCommand(#"t | limit 1 | write csv to "out.csv" replace"#))
    let text = String(decoding: try FileBytes.read("\(dir)/out.csv"), as: UTF8.self)
    #expect(
      text == "area_code,area,year,measure,value\nS12000047,Fife,2018-19,cases commenced,100\n")
    let d = diagnostic(#"t | write csv to "/no/such/folder/x.csv""#, on: sample)
    #expect(d?.message == "/no/such/folder/x.csv: the folder /no/such/folder does not exist")
  }

  @Test func aWriteClearsUpAfterAKilledOneAndSaysSo() throws {
    let dir = freshFolder("cjnb-write-leftovers")
    defer { _ = try? FileManager.default.removeItem(atPath: dir) }
    unlink("\(dir)/out.csv")
    // What a cjnb killed while writing out.csv left beside it.
    try AtomicFile.write("area_code,ar", to: "\(dir)/out.csv.tmp-Kx81Pq")
    let w = workspace(sample)
    w.baseDirectory = dir
    let f = try frame(#"t | limit 3 | write csv to "out.csv""#, in: w)
    guard case .message(let message)? = f.display else {
      Issue.record("write to a file says what it did"); return
    }
    #expect(
      message
        == "wrote 3 rows to out.csv\n  note: removed a temporary file left by an interrupted save or write: out.csv.tmp-Kx81Pq"
    )
    #expect(!FileBytes.exists("\(dir)/out.csv.tmp-Kx81Pq"))
  }

  @Test func aWorkspaceThatWritesNothingRefusesToWrite() throws {
    let dir = freshFolder("cjnb-write-off")
    defer { _ = try? FileManager.default.removeItem(atPath: dir) }
    let w = workspace(sample)
    w.baseDirectory = dir
    w.writesFiles = false
    let error = #expect(throws: Diagnostic.self) {
      try w.run(Parser.parseCommand(#"t | write csv to "never.csv""#))
    }
    #expect(error?.message == "never.csv was not written: this session does not write files")
    #expect(!FileBytes.exists("\(dir)/never.csv"))
    // Shown, not written: still allowed.
    #expect(try written("t | write csv", on: sample).hasPrefix("area_code,"))
  }

  @Test func whichCommandsWriteFiles() {
    #expect(Command.writesFile(#"t | write csv to "x.csv""#))
    #expect(Command.writesFile(#"let y = t | write md to "x.md" replace"#))
    #expect(Command.writesFile(#"areas | limit 1; write csv to "x.csv""#))
    #expect(!Command.writesFile("t | write md"))
    #expect(!Command.writesFile(#"load "x.csv" as x"#))
    #expect(!Command.writesFile("t | where area = "))
  }

  @Test func suppressionHidesSmallCountsAndASecondCellWhereOneCouldBeWorkedBack() throws {
    let t = table("area,year,value\nFife,2020,3\nAngus,2020,40\nMoray,2020,12\nScotland,2020,55\n")
    let s = try written("t | write csv suppress below 5", on: t)
    #expect(
      s
        == "area,year,value,value_status\nFife,2020,,[c]\nAngus,2020,40,\nMoray,2020,,[c]\nScotland,2020,55,\n"
    )
  }

  @Test func roundingForPublication() throws {
    let t = table("area,value\nFife,12\nAngus,17\n")
    #expect(try written("t | write csv round 5", on: t) == "area,value\nFife,10\nAngus,15\n")
  }

  /// Whatever the counts, after suppression no total shown has exactly one hidden part: a
  /// hidden count can never be worked back from a row or column total.
  @Test func suppressedCellsCannotBeWorkedBack() async {
    let councils = ["Fife", "Angus", "Moray", "Falkirk", "Stirling"]
    let counts = Gen.int(in: 0...30).array(of: councils.count * 3)
    await propertyCheck(input: counts, Gen.int(in: 2...10)) { values, threshold in
      var csv = "area,year,value\n"
      for (y, year) in ["2020", "2021", "2022"].enumerated() {
        var total = 0
        for (k, area) in councils.enumerated() {
          let v = values[y * councils.count + k]
          total += v
          csv += "\(area),\(year),\(v)\n"
        }
        csv += "Scotland,\(year),\(total)\n"
      }
      let outcome = Disclosure.suppress(table(csv), below: threshold)
      let out = outcome.table
      for year in ["2020", "2021", "2022"] {
        let rows = (0..<out.rowCount).filter {
          out.value(row: $0, column: 1) == .period(.calendarYear(Int(year)!))
        }
        let total = rows.first { out.value(row: $0, column: 0) == .text("Scotland") }
        let parts = rows.filter { $0 != total }
        let hidden = parts.filter { out.value(row: $0, column: 2).missingReason == .confidential }
        let totalHidden =
          total.map { out.value(row: $0, column: 2).missingReason == .confidential } ?? true
        #expect(hidden.count != 1 || totalHidden, "a single hidden count in \(year)")
        for r in parts {
          if case .number(let v, _) = out.value(row: r, column: 2) {
            #expect(v == 0 || v >= Double(threshold))
          }
        }
      }
    }
  }
}

/// A new, empty folder of its own for one test: a name from the pid alone can meet a folder
/// left by an earlier run whose process had the same pid (as in a fresh container), and a file
/// in it would fail the test.
func freshFolder(_ name: String) -> String {
  var template = Array("/tmp/\(name)-XXXXXX".utf8CString)
  let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
  precondition(made != nil, "mkdtemp failed")
  return String(cString: made!)
}
