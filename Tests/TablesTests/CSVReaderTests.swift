import Foundation
import Testing

@testable import Tables

@Suite("Reading CSV and TSV")
struct CSVReaderTests {
  @Test func quotingByRFC4180() throws {
    let t = try load("quoted.csv").table
    #expect(t.columnNames == ["area", "note", "value"])
    #expect(
      cells(t) == [
        ["Fife", "a, b", "1"], ["Falkirk", "line one\nline two", "2"],
        ["Angus", "she said \"no\"", "3"],
      ])
  }

  @Test(arguments: [
    "bom.csv", "crlf.csv", "cr-only.csv", "no-final-newline.csv", "blank-lines.csv",
  ])
  func lineEndsAndByteOrderMark(name: String) throws {
    let t = try load(name).table
    #expect(t.columnNames == ["area", "value"])
    #expect(t.column(named: "value")?.type == .number)
    #expect(t.rowCount == (name == "bom.csv" ? 1 : 2))
    #expect(cells(t).first == ["Fife", "10"])
  }

  @Test func titleRowsAndNotesAroundAPublishedTable() throws {
    let r = try load("title-rows.csv")
    #expect(r.headerLine == 4)
    #expect(r.table.columnNames == ["Local authority", "2019-20", "2020-21", "2021-22"])
    #expect(cells(r.table) == [["Fife", "210", "190", "1230"], ["Falkirk", "90", "[c]", "100"]])
    #expect(
      r.notes.contains {
        $0.hasPrefix("skipped the 3 lines above the header on line 4: \"Table 3: Diversion")
      })
    #expect(
      r.notes.contains { $0.hasPrefix("ignored 2 lines of notes below the table (lines 8-9)") })
    #expect(r.notes.contains("skipped 1 empty row"))
  }

  @Test func skipChoosesTheHeader() throws {
    let r = try load("title-rows.csv", CSVOptions(skipLines: 1))
    #expect(r.headerLine == 2)
    #expect(r.table.columnNames.first == "Scotland 2019-20 to 2021-22")
  }

  @Test func emptyAndRepeatedHeaderNamesAreMadeUniqueAndSaid() throws {
    let r = try load("headers.csv")
    #expect(r.table.columnNames == ["area", "column_2", "value", "value_2", "Value_3"])
    #expect(r.notes.contains("column 2 has no name: called it column_2"))
    #expect(r.notes.contains("column 4 repeats the name \"value\": called it value_2"))
    #expect(r.notes.contains("column 5 repeats the name \"Value\": called it Value_3"))
  }

  @Test func trailingEmptyColumnsFromSpreadsheetsAreDropped() throws {
    let r = try load("trailing-commas.csv")
    #expect(r.table.columnNames == ["area", "value"])
    #expect(r.notes.contains("dropped column 3: no header and no values"))
  }

  @Test func raggedRowIsAnErrorNamingTheLine() {
    #expect(
      throws: FileError(
        .ragged, path: fixture("ragged-short.csv"), line: 3,
        message: "2 fields where the header has 3",
        hint:
          "fill in the missing fields, or load with `lenient` to pad short rows with empty cells")
    ) {
      try load("ragged-short.csv")
    }
  }

  @Test func lenientPadsShortRowsAndSaysSo() throws {
    let r = try load("ragged-short.csv", CSVOptions(lenient: true))
    #expect(
      cells(r.table) == [
        ["Fife", "2019-20", "10"], ["Angus", "2019-20", "<empty>"], ["Falkirk", "2019-20", "30"],
      ])
    #expect(r.notes.contains("padded 1 short row with empty cells (line 3)"))
  }

  @Test func longRowPointsAtAnUnquotedSeparator() {
    let error = #expect(throws: FileError.self) {
      try load("ragged-long.csv", CSVOptions(lenient: true))
    }
    #expect(error?.line == 3)
    #expect(error?.message == "4 fields where the header has 3")
    #expect(error?.hint?.contains("\"12,150\" in quotes") == true)
  }

  @Test func invalidUTF8GivesLineAndByteOffset() {
    // Asked for UTF-8, it is refused at its place (without `encoding` it is read as Windows-1252).
    let error = #expect(throws: FileError.self) {
      try load("invalid-utf8.csv", CSVOptions(encoding: .utf8))
    }
    #expect(error?.kind == .encoding)
    #expect(error?.line == 3)
    #expect(error?.byteOffset == 22)
    #expect(
      error?.description.hasSuffix(
        "invalid-utf8.csv:3: byte 0xE9 at byte offset 22 is not valid UTF-8\n  hint: the file may be in a Windows encoding: load it with `encoding \"windows-1252\"`, or save it as CSV UTF-8"
      ) == true)
  }

  @Test func windowsEncodingOnRequest() throws {
    let r = try load("latin1.csv", CSVOptions(encoding: .windows1252))
    #expect(cells(r.table) == [["Fife", "café"], ["Angus", "\u{201C}quoted\u{201D}"]])
  }

  @Test func utf16IsReadByItsByteOrderMark() throws {
    let r = try load("utf16.csv")
    #expect(r.table.columnNames == ["area", "value"])
    #expect(r.notes.first == "read as UTF-16 text (little-endian, by its byte-order mark)")
    let error = #expect(throws: FileError.self) {
      try load("utf16.csv", CSVOptions(encoding: .windows1252))
    }
    #expect(
      error?.message == "is UTF-16 text (its byte-order mark says so), not windows-1252 as asked")
  }

  @Test func numbersAsPublished() throws {
    let t = try load("numbers.csv").table
    let value = try #require(t.column(named: "value"))
    #expect(value.type == .number)
    #expect(
      cells(t).map { $0[1] } == [
        "12150", "12150", "1234", "45", "2.29", "-3", "45", "123[p]", "1000[e]", "7[r]",
        "[c]", "[x]", "[z]", "[low]", "[u]", "..", "*", "-", "<empty>",
      ])
  }

  @Test func fileProblemsAreOneClearLine() {
    func kind(_ path: String) -> FileError.Kind? {
      (#expect(throws: FileError.self) { try CSVReader.read(path: path) })?.kind
    }
    #expect(kind(fixture("nope.csv")) == .notFound)
    #expect(kind(fixture("")) == .isDirectory)
    #expect(kind(fixture("empty.csv")) == .empty)
    #expect(kind(fixture("blank-only.csv")) == .empty)
    let missing = #expect(throws: FileError.self) { try CSVReader.read(path: fixture("nope.csv")) }
    #expect(missing?.description == "\(fixture("nope.csv")): no such file")
  }

  /// A file that may not be read is named as such, for root too (CI runs as root): root reads
  /// a file whatever its mode, so it is given one of the kernel's write-only settings instead.
  /// (It was `/etc/shadow`, which macOS does not have, and the test did not run as root.)
  @Test(.enabled(if: unreadablePath() != nil, "root on macOS has no file it may not read"))
  func unreadableFile() throws {
    let path = try #require(unreadablePath())
    defer { if !path.hasPrefix("/proc/") { unlink(path) } }
    let error = #expect(throws: FileError.self) { try CSVReader.read(path: path) }
    #expect(error?.kind == .permissionDenied)
    #expect(error?.description.hasPrefix("\(path): permission denied") == true)
  }

  @Test func openErrorsAreNamed() {
    #expect(FileBytes.openError("x.csv", EACCES).kind == .permissionDenied)
    #expect(FileBytes.openError("x.csv", EACCES).hint == "check the file's permissions (ls -l)")
    #expect(FileBytes.openError("x.csv", ENOENT).kind == .notFound)
    #expect(FileBytes.openError("x.csv", ENOTDIR).kind == .notFound)
    #expect(FileBytes.openError("x.csv", EIO).message == "could not be opened: Input/output error")
  }

  @Test func unterminatedQuoteNamesWhereItOpened() {
    let error = #expect(throws: FileError.self) { try load("unterminated.csv") }
    #expect(error?.kind == .quoting)
    #expect(error?.line == 3)
  }

  @Test func periodsInAllSpellings() throws {
    let t = try load("periods.csv").table
    #expect(t.columns.map(\.type) == [.period, .period, .period, .period, .period, .period])
    #expect(cells(t)[0] == ["2021-22", "2021-22", "2021-22", "2021", "2021 Q3", "2021-07"])
    // 2011-12 in a column of months is December.
    #expect(cells(t)[1][5] == "2011-12")
    if case .period(let months) = t.columns[5].data {
      #expect(months.dictionary.contains(.month(2011, 12)))
    }
  }

  @Test func tabsAndSemicolonsAreDetected() throws {
    let tsv = try load("data.tsv").table
    #expect(cells(tsv) == [["Fife", "12150"], ["Angus", "20"]])
    let semi = try load("semicolon.csv")
    #expect(semi.table.columnNames == ["area", "value", "year"])
    #expect(semi.notes.contains("fields are separated by semicolons"))
  }

  /// A delimiter in only some lines loses to one in every line, however many times it comes in
  /// those (the property test's find: a TSV of one row labelled `t|||` was read as bars).
  @Test func aDelimiterInEveryLineBeatsOneInSome() throws {
    let r = try CSVReader.read(bytes: Array("label\tn\nt|||\t2164\n".utf8), name: "t")
    #expect(cells(r.table) == [["t|||", "2164"]])
    #expect(r.notes.contains("fields are separated by tabs"))
  }

  @Test func typeInferenceAndOverrides() throws {
    #expect(try load("codes.csv").table.column(named: "code")?.type == .text)
    #expect(try load("booleans.csv").table.column(named: "is_island")?.type == .boolean)
    #expect(try load("calendar-years.csv").table.column(named: "Year")?.type == .period)
    let asText = try load("quoted.csv", CSVOptions(types: ["value": .text])).table
    #expect(asText.column(named: "value")?.type == .text)
    #expect(throws: FileError.self) { try load("quoted.csv", CSVOptions(types: ["note": .number])) }
    let typo = #expect(throws: FileError.self) {
      try load("quoted.csv", CSVOptions(types: ["vaule": .text]))
    }
    #expect(typo?.hint == "did you mean \"value\"?")
  }

  @Test func nAIsASymbolAndKeepsTheColumnNumbers() throws {
    let r = try load("mixed-column.csv")
    #expect(r.table.column(named: "value")?.type == .number)
    #expect(r.table.value(row: 2000, column: 1) == .missing(.notApplicableAbbreviated))
    #expect(r.table.rowCount == 2001)
  }

  @Test func footnotesDirectlyBelowATableAreNotRows() throws {
    let r = try CSVReader.read(
      bytes: Array(
        "area,2021-22,2022-23\nFife,12,13\nAngus,4,5\nExcludes companies.,,\nIncludes estimates.,,\n"
          .utf8), name: "notes.csv")
    #expect(r.table.rowCount == 2)
    #expect(
      r.notes.contains { $0.hasPrefix("ignored 2 lines of notes below the table (lines 4-5)") })
  }

  @Test func aColumnOfBareMarksAndNoNumbersIsText() throws {
    let r = try CSVReader.read(
      bytes: Array("area,island,value\nFife,,12\nOrkney Islands,x,3\nShetland Islands,x,x\n".utf8),
      name: "marks.csv")
    #expect(r.table.column(named: "island")?.type == .text)
    #expect(r.table.column(named: "value")?.type == .number)
    #expect(r.table.value(row: 2, column: 2) == .missing(.bareNotAvailable))
  }

  @Test func aStrayWordMakesAColumnTextAndIsSaid() throws {
    var csv = "area,value\n"
    for i in 0..<2000 { csv += "A\(i),\(i)\n" }
    csv += "B,see note\nC,see note\n"
    let r = try CSVReader.read(bytes: Array(csv.utf8), name: "stray.csv")
    #expect(r.table.column(named: "value")?.type == .text)
    #expect(r.notes.contains("value: read as text, not numbers: line 2002 holds \"see note\""))
    let stray = r.table.provenance.layout.strays.first
    #expect(stray?.column == "value")
    #expect(stray?.numbers == 2000)
    #expect(stray?.tokens == [.init(text: "see note", count: 2, line: 2002)])
  }

  @Test func bytesWithoutAFile() throws {
    let r = try CSVReader.read(bytes: Array("a,b\n1,2\n".utf8), name: "<stdin>")
    #expect(cells(r.table) == [["1", "2"]])
  }
}

#if canImport(Glibc)
  import Glibc
#endif
/// A file this process may not read: one of its own with no permissions, or for root, whom
/// permissions do not stop, a kernel setting that only takes writes. Nil for root on macOS.
private func unreadablePath() -> String? {
  if geteuid() == 0 {
    #if os(Linux)
      return "/proc/sys/vm/drop_caches"
    #else
      return nil
    #endif
  }
  let path = "/tmp/cjnb-unreadable-\(getpid()).csv"
  guard (try? AtomicFile.write("a,b\n1,2\n", to: path)) != nil, chmod(path, 0) == 0 else {
    return nil
  }
  return path
}

@Suite("Reading on several cores")
struct ChunkedReadingTests {
  static let fixtures = [
    "quoted.csv", "crlf.csv", "cr-only.csv", "no-final-newline.csv", "blank-lines.csv",
    "title-rows.csv",
    "headers.csv", "trailing-commas.csv", "numbers.csv", "periods.csv", "data.tsv", "semicolon.csv",
    "codes.csv",
    "mixed-column.csv", "booleans.csv", "calendar-years.csv",
  ]

  /// Cutting a file into stretches as small as a few bytes gives the same table and notes as one pass.
  @Test(arguments: fixtures)
  func sameResultInStretches(name: String) throws {
    let whole = try load(name)
    for size in [1, 7, 64] {
      var options = CSVOptions()
      options.minimumChunkBytes = size
      options.maximumChunks = 64
      let parts = try load(name, options)
      #expect(cells(parts.table) == cells(whole.table), "stretches of \(size) bytes")
      #expect(parts.table.columns.map(\.type) == whole.table.columns.map(\.type))
      #expect(parts.notes == whole.notes)
    }
  }

  /// Large enough (70,000 rows) that the stretches' columns are joined on every core: the same
  /// table and notes as one pass, with values first seen in the second half, missing and marked
  /// cells throughout, and a column that turns out to be text two lines from the end.
  @Test func joinedOnEveryCoreLikeOnePass() throws {
    var text = "area,group,value,code\n"
    for i in 0..<70_000 {
      let area = i % 1000 == 999 ? "[c]" : "Area \(i % (i < 50_000 ? 20 : 40))"
      let value = i % 777 == 0 ? "[c]" : i % 555 == 0 ? "\(i)[p]" : "\(i)"
      let code = i == 69_998 ? "X1" : "\(i % 13)"
      text += "\(area),g\(i % 3),\(value),\(code)\n"
    }
    let bytes = Array(text.utf8)
    var one = CSVOptions()
    one.maximumChunks = 1
    let whole = try CSVReader.read(bytes: bytes, name: "j.csv", options: one)
    #expect(whole.notes.contains("code: read as text, not numbers: line 70000 holds \"X1\""))
    #expect(whole.table.rowCount == 70_000)
    for cores in [2, 3, 8] {
      var options = CSVOptions()
      options.maximumChunks = cores
      options.minimumChunkBytes = 1 << 12
      let parts = try CSVReader.read(bytes: bytes, name: "j.csv", options: options)
      #expect(cells(parts.table) == cells(whole.table), "\(cores) stretches")
      #expect(parts.table.columns.map(\.type) == whole.table.columns.map(\.type))
      #expect(parts.notes == whole.notes, "\(cores) stretches")
    }
  }

  @Test func errorsNameTheSameLineInStretches() {
    for name in ["ragged-short.csv", "unterminated.csv", "ragged-long.csv"] {
      var options = CSVOptions()
      options.minimumChunkBytes = 4
      options.maximumChunks = 16
      var lines: [Int?] = []
      for o in [CSVOptions(), options] {
        lines.append((#expect(throws: FileError.self) { try load(name, o) })?.line)
      }
      #expect(lines.count == 2 && lines[0] == lines[1], "\(name): \(lines)")
    }
  }

  @Test func lenientPaddingInStretches() throws {
    var options = CSVOptions(lenient: true)
    options.minimumChunkBytes = 5
    options.maximumChunks = 16
    let r = try load("ragged-short.csv", options)
    #expect(r.notes.contains("padded 1 short row with empty cells (line 3)"))
    #expect(r.table.rowCount == 3)
  }
}

@Suite("UTF-8 check on every core")
struct UTF8OnEveryCoreTests {
  /// The answer of one pass, for bad bytes anywhere, characters cut at every place a stretch
  /// could end, and a run of continuation bytes longer than a character.
  @Test func sameAnswerAsOnePass() {
    let size = 5 << 20
    var cases: [[UInt8]] = []
    let base = [UInt8](repeating: UInt8(ascii: "a"), count: size)
    cases.append(base)
    let cores = 8
    for k in 0..<cores {
      let cut = size / 2 / max(1, k) + k
      for shift in -4...4 {
        var b = base
        let at = min(max(0, size / max(2, cores) * k + shift), size - 4)
        // A three-byte character over a possible cut, valid.
        b.replaceSubrange(at..<at + 3, with: [0xE2, 0x80, 0x93])
        cases.append(b)
        var bad = b
        bad[min(cut, size - 1)] = 0xFF
        cases.append(bad)
        var cutShort = base
        cutShort.replaceSubrange(at..<at + 3, with: [0xE2, 0x80, 0x41])
        cases.append(cutShort)
      }
    }
    var run = base
    run.replaceSubrange(size / 2 - 3..<size / 2 + 3, with: [0x80, 0x80, 0x80, 0x80, 0x80, 0x80])
    cases.append(run)
    for b in cases {
      b.withUnsafeBufferPointer { p in
        #expect(UTF8Check.firstInvalidOffsetOnEveryCore(p) == UTF8Check.firstInvalidOffset(p))
      }
    }
  }
}

@Suite("Reading a mapped file while handing its pages back")
struct PageReleaseTests {
  /// A 6 MB file read from its path (mapped, pages released every 64 KB) gives the
  /// table its bytes give from memory (nothing released), also when a column turns out to be
  /// text at the very end and is read again, and an error's line is found past released pages.
  @Test func theSameTableAsFromMemory() throws {
    let path =
      NSTemporaryDirectory() + "cjnb-pages-\(ProcessInfo.processInfo.processIdentifier).csv"
    defer { try? FileManager.default.removeItem(atPath: path) }
    var text = "area,year,value,code\n"
    let areas = ["Fife", "Angus", "Moray", "Highland", "Orkney Islands"]
    for i in 0..<300_000 {
      text += "\(areas[i % 5]),\(2010 + i % 12),\(i % 997),c\(i % 31)\n"
    }
    for ending in [
      [], Array("Fife,2020,n/a,c1\n".utf8), Array("Fife,2020,1\n".utf8),
      Array("Fife,2020,1,c".utf8) + [0xFF, 0x0A],
    ] as [[UInt8]] {
      let bytes = Array(text.utf8) + ending
      try Data(bytes).write(to: URL(fileURLWithPath: path))
      #expect(bytes.count > 5 << 20)
      let fromFile = Result {
        try CSVReader.read(path: path, options: CSVOptions(), releasingPagesEvery: 64 << 10)
      }
      let fromMemory = Result { try CSVReader.read(bytes: bytes, name: path) }
      switch (fromFile, fromMemory) {
      case (.success(let a), .success(let b)):
        #expect(a.table.rowCount == b.table.rowCount)
        #expect(a.table.columns.map(\.type) == b.table.columns.map(\.type))
        #expect(a.notes == b.notes)
        for r in stride(from: 0, to: a.table.rowCount, by: 9973) {
          for c in a.table.columns.indices {
            #expect(a.table.value(row: r, column: c) == b.table.value(row: r, column: c))
          }
        }
      case (.failure(let a), .failure(let b)):
        #expect((a as? FileError)?.line == (b as? FileError)?.line)
        #expect((a as? FileError)?.byteOffset == (b as? FileError)?.byteOffset)
        #expect((a as? FileError)?.line == 300_002)
      default:
        Issue.record("one read failed and the other did not: \(fromFile) \(fromMemory)")
      }
    }
  }
}
