import Foundation
import Testing
import ZIPFoundation

@testable import Tables

#if canImport(Glibc)
  import Glibc
#endif

/// Files made to hurt: each gets a clear error (or a result) at once, in bounded memory.
@Suite("Hostile files")
struct HostileInputTests {
  /// A workbook of one sheet, written to a temporary folder; `parts` adds or replaces parts.
  static func workbook(
    sheet: String, sharedStrings: String? = nil,
    sheetData: (() -> (size: Int, chunk: (Int, Int) -> Data))? = nil
  ) throws -> String {
    let folder = NSTemporaryDirectory() + "cjnb-hostile-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/book.xlsx"
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
    func add(_ name: String, _ text: String) throws {
      let data = Data(text.utf8)
      try archive.addEntry(
        with: name, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate
      ) { position, size in
        data.subdata(in: Int(position)..<Int(position) + size)
      }
    }
    try add(
      "xl/workbook.xml",
      """
      <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Table 1" sheetId="1" r:id="rId1"/></sheets></workbook>
      """)
    var rels =
      #"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>"#
    if sharedStrings != nil {
      rels +=
        #"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#
    }
    try add("xl/_rels/workbook.xml.rels", rels + "</Relationships>")
    if let sharedStrings { try add("xl/sharedStrings.xml", sharedStrings) }
    if let sheetData {
      let (size, chunk) = sheetData()
      try archive.addEntry(
        with: "xl/worksheets/sheet1.xml", type: .file, uncompressedSize: Int64(size),
        compressionMethod: .deflate
      ) { position, count in
        chunk(Int(position), count)
      }
    } else {
      try add("xl/worksheets/sheet1.xml", sheet)
    }
    return path
  }

  static func sheet(_ rows: String) -> String {
    #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
      + rows + "</sheetData></worksheet>"
  }

  static func refusal(_ path: String) -> FileError? {
    do {
      _ = try Workbook.read(path: path, sheet: nil)
      return nil
    } catch {
      return error
    }
  }

  @Test func cellsAtOppositeCornersOfTheGridAreRefusedByTheLimit() throws {
    let path = try Self.workbook(
      sheet: Self.sheet(
        #"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#
      ))
    let error = try #require(Self.refusal(path))
    #expect(error.kind == .tooLarge)
    #expect(error.message.contains("spans A1:XFD1048576"))
    #expect(error.message.contains("20,000,000"))
  }

  @Test func rowsAndColumnsBeyondExcelsGridAreDamage() throws {
    let row = try Self.workbook(sheet: Self.sheet(#"<row r="99999999999"><c><v>1</v></c></row>"#))
    #expect(Self.refusal(row)?.message.contains("outside Excel's rows 1-1,048,576") == true)
    let column = try Self.workbook(sheet: Self.sheet(#"<row r="1"><c r="ZZZ1"><v>1</v></c></row>"#))
    #expect(Self.refusal(column)?.message.contains("beyond Excel's last column XFD") == true)
  }

  @Test func aPartThatUnpacksPastTheLimitStopsAtTheLimit() throws {
    // 200 MB of spaces inside the sheet: compressed to a few hundred KB.
    let total = 200 << 20
    let head = Data(#"<worksheet><sheetData>"#.utf8)
    let path = try Self.workbook(
      sheet: "",
      sheetData: {
        (
          total,
          { position, count in
            var d = Data(repeating: 0x20, count: count)
            if position < head.count {
              d.replaceSubrange(
                0..<min(count, head.count - position),
                with: head[position..<min(head.count, position + count)])
            }
            return d
          }
        )
      })
    let error = try #require(Self.refusal(path))
    #expect(error.kind == .tooLarge)
    #expect(error.message.contains("unpacks to more than 96 MB"))
  }

  @Test func oneLargeSharedStringUsedThousandsOfTimesIsRefused() throws {
    let big = String(repeating: "x", count: 1 << 20)
    let cells = (1...200).map { #"<row r="\#($0)"><c r="A\#($0)" t="s"><v>0</v></c></row>"# }
      .joined()
    let path = try Self.workbook(
      sheet: Self.sheet(cells), sharedStrings: "<sst><si><t>\(big)</t></si></sst>")
    let error = try #require(Self.refusal(path))
    #expect(error.kind == .tooLarge)
    #expect(error.message.contains("more than 96 MB of text"))
  }

  @Test func dateFormattedCellsWithNumbersNoDateCanHoldStayNumbers() {
    for x in [1e19, -1e19, .infinity, -.infinity, .nan, -1, 3e6] {
      let text = Workbook.date(serial: x, date1904: false)
      #expect(!text.contains("-") || x < 0, "\(x) -> \(text)")
    }
    #expect(Workbook.date(serial: 2_958_465, date1904: false) == "9999-12-31")
  }

  @Test func devicesAreRefusedAndFIFOsWaitInterruptibly() throws {
    let device = #expect(throws: FileError.self) { try FileBytes.read("/dev/zero") }
    #expect(device?.message == "is a device, not a file")
    // A FIFO is read as it is written, once its writer comes (opening it does not block).
    let fifo = NSTemporaryDirectory() + "cjnb-fifo-\(UUID().uuidString)"
    #expect(mkfifo(fifo, 0o600) == 0)
    defer { unlink(fifo) }
    let writer = Thread {
      usleep(200_000)
      let fd = open(fifo, O_WRONLY)
      guard fd >= 0 else { return }
      _ = "a,b\n1,2\n".withCString { write(fd, $0, 8) }
      close(fd)
    }
    writer.start()
    #expect(try FileBytes.read(fifo) == Array("a,b\n1,2\n".utf8))
  }

  static func read(_ csv: String, name: String = "t.csv") throws -> CSVResult {
    try CSVReader.read(bytes: Array(csv.utf8), name: name)
  }

  @Test func aStrayQuoteIsReadAsItStandsAndSaidWithItsLine() throws {
    let result = try Self.read("id,text,n\n0,fine,2\n1,\"Hey, I missed \" it\",3\n2,5\" tall,4\n")
    #expect(result.table.rowCount == 3)
    let note = try #require(result.notes.first { $0.contains("quote that is not doubled") })
    #expect(note.hasPrefix("line 3:"))
    #expect(note.contains("Hey, I missed  it\""))
    #expect(note.contains("1 more field like it"))
    // A well-formed file says nothing of quotes.
    #expect(!(try Self.read("a,b\n\"x \"\"y\"\"\",2\n")).notes.contains { $0.contains("quote") })
  }

  @Test func thousandsOfRepeatedHeaderNamesAreRenamedInOnePass() throws {
    let width = 20_000
    let csv =
      Array(repeating: "x", count: width).joined(separator: ",") + "\n"
      + Array(repeating: "1", count: width).joined(separator: ",") + "\n"
    let result = try Self.read(csv)
    let names = result.table.columnNames
    #expect(names.count == width)
    #expect(Set(names.map { $0.lowercased() }).count == width)
    #expect(names.prefix(3) == ["x", "x_2", "x_3"])
    #expect(names.last == "x_\(width)")
    // Five renamings are listed; the rest are counted in one line.
    #expect(result.notes.filter { $0.contains("repeats the name") }.count == 5)
    #expect(
      result.notes.contains(
        "19,994 more columns renamed the same way (no name, or a name used before)"))
  }

  @Test func cellsWithLineEndsAndSeparatorsSurviveARoundTrip() throws {
    let values = ["a\r\nb", "c\rd", "e\nf", "g;h;i", "j|k", "l\tm", " n ", "o\"p", "plain"]
    let table = Table(columns: [Column(name: "v", data: .text(TextColumn(values)))])
    for (text, name) in [(TableWriter.csv(table), "t.csv"), (TableWriter.tsv(table), "t.tsv")] {
      let back = try Self.read(text, name: name).table
      #expect(back.columnNames == ["v"], "\(name)")
      #expect(
        (0..<back.rowCount).map { back.value(row: $0, column: 0) } == values.map { Value.text($0) },
        "\(name)")
    }
  }

  /// Found by the fuzzer: a quote inside an unquoted field fooled the cuts between the stretches
  /// read on each core, so a cut fell inside a quoted field. Read in stretches, the table must be
  /// the one read whole.
  @Test func strayQuotesDoNotFoolTheCutsBetweenStretches() throws {
    var csv = "id,text\n"
    for i in 0..<40 {
      csv += i == 3 ? "\(i),5\" tall\n" : i % 7 == 0 ? "\(i),\"two\nlines\"\n" : "\(i),plain\n"
    }
    let whole = try CSVReader.read(bytes: Array(csv.utf8), name: "t.csv")
    var options = CSVOptions()
    options.minimumChunkBytes = 16
    options.maximumChunks = 4
    let stretched = try CSVReader.read(bytes: Array(csv.utf8), name: "t.csv", options: options)
    #expect(stretched.table.rowCount == 40)
    #expect(whole.table.rowCount == 40)
    for r in 0..<40 {
      #expect(stretched.table.value(row: r, column: 1) == whole.table.value(row: r, column: 1))
    }
  }

  @Test func aZipWhoseDirectoryPointsPastItsEndIsAnErrorNotATrap() throws {
    let path = try Self.workbook(sheet: Self.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#))
    var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
    // The directory's offset, in the end record, moved past the end of the file.
    let signature: [UInt8] = [0x50, 0x4B, 5, 6]
    var found: Int?
    for i in stride(from: bytes.count - 22, through: 0, by: -1)
    where Array(bytes[i..<(i + 4)]) == signature {
      found = i
      break
    }
    let end = try #require(found)
    bytes[end + 16] = 0xFF
    bytes[end + 17] = 0xFF
    bytes[end + 18] = 0x00
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let error = try #require(Self.refusal(path))
    #expect(error.message.hasPrefix("is a damaged zip package"))
  }
}
