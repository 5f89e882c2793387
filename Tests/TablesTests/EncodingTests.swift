import Tables
import Testing

/// Windows-1252 and UTF-16 read when detected or asked for; valid UTF-8 never taken for either.
/// The fixtures in Fixtures/portal were made for these tests.
struct EncodingTests {
  @Test func windows1252IsDetectedWhenTheBytesAreNotUTF8() throws {
    let r = try load("portal/windows-1252.csv")
    #expect(
      cells(r.table) == [["Fife", "café – “Fife”", "12"], ["Na h-Eileanan Siar", "£ spent", "3"]])
    #expect(
      r.notes.first
        == "read as Windows-1252 text, what Excel on Windows saves as CSV: it is not UTF-8 (byte 0xE9 on line 2); say `encoding \"utf-8\"` to refuse it instead"
    )
    let asked = try load("portal/windows-1252.csv", CSVOptions(encoding: .windows1252))
    #expect(cells(asked.table) == cells(r.table))
    #expect(asked.notes.first == "read as Windows-1252 text")
  }

  @Test func validUTF8IsNeverReadAsWindows1252() throws {
    // "Ã©" is what é in UTF-8 looks like read as Windows-1252: here it is written in UTF-8 on purpose.
    let r = try load("portal/utf-8-lookalike.csv")
    #expect(cells(r.table) == [["Fife", "café Ã©"]])
    #expect(!r.notes.contains { $0.contains("Windows-1252") })
  }

  @Test func bytesThatAreNeitherAreRefused() {
    // 0x81 is undefined in Windows-1252; NUL means binary data.
    for bytes: [UInt8] in [
      Array("a,b\n1,\u{1}".utf8) + [0x81], Array("a,b\n1,".utf8) + [0xE9, 0x00],
    ] {
      let error = #expect(throws: FileError.self) {
        try CSVReader.read(bytes: bytes, name: "odd.csv")
      }
      #expect(error?.message.contains("is not valid UTF-8") == true)
    }
  }

  @Test func utf16WithItsByteOrderMark() throws {
    let le = try load("portal/utf-16le.txt")
    #expect(cells(le.table) == [["Fife", "1"], ["Comhairle nan Eilean Siar 😀", "2"]])
    #expect(le.notes.first == "read as UTF-16 text (little-endian, by its byte-order mark)")
    let be = try load("portal/utf-16be.csv")
    #expect(cells(be.table) == [["Angus", "5"]])
    #expect(be.notes.first == "read as UTF-16 text (big-endian, by its byte-order mark)")
    // Asked for, without a mark: little-endian.
    let bare = try CSVReader.read(
      bytes: Array("a,b\n1,2\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
      name: "bare.csv", options: CSVOptions(encoding: .utf16))
    #expect(cells(bare.table) == [["1", "2"]])
  }

  @Test func brokenUTF16IsAnErrorAtItsPlace() {
    // A high surrogate followed by a letter, on line 2.
    let bytes: [UInt8] =
      [0xFF, 0xFE] + Array("a\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }) + [
        0x3D, 0xD8, 0x41, 0x00,
      ]
    let error = #expect(throws: FileError.self) {
      try CSVReader.read(bytes: bytes, name: "broken.csv")
    }
    #expect(error?.message == "a surrogate without its pair at byte offset 6 is not valid UTF-16")
    #expect(error?.line == 2)
    let odd = #expect(throws: FileError.self) {
      try CSVReader.read(bytes: [0xFF, 0xFE, 0x61, 0x00, 0x62], name: "odd.csv")
    }
    #expect(odd?.message == "an odd last byte at byte offset 4 is not valid UTF-16")
  }

  @Test func encodingNames() {
    #expect(TextEncoding(name: "UTF-16") == .utf16)
    #expect(TextEncoding(name: "cp1252") == .windows1252)
  }
}
