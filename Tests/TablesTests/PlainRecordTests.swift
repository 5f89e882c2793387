import PropertyBased
import Testing

@testable import Tables

/// The reader's fast path takes records of plain fields (no quote, the header's width, first and
/// last cell filled) straight to the columns; every other record goes through the general
/// scanner. The same table quoted throughout goes only through the general scanner: both must
/// read the same cells and say the same notes, whatever mix of short rows, empty cells, blank
/// lines, symbols and line ends the file holds.
@Suite("Plain records and the general scanner")
struct PlainRecordTests {
  static let tokens = ["Fife", "12", "", "[c]", "3.5", "x", "East Lothian", "2023-24", "-", "0"]
  static let ends = ["\n", "\r\n", "\r"]

  /// A file from the picks: each row's cells (a row may be shorter than the header, or empty),
  /// each line's end; quoted throughout or not.
  static func file(_ rows: [[Int]], ends: [Int], quoted: Bool) -> [UInt8] {
    func field(_ s: String) -> String { quoted ? "\"" + s + "\"" : s }
    var text = ["a", "b", "c", "d"].map(field).joined(separator: ",")
    for (i, row) in rows.enumerated() {
      text += Self.ends[ends[i % ends.count] % 3]
      text += row.prefix(4).map { field(tokens[$0 % tokens.count]) }.joined(separator: ",")
    }
    return Array(text.utf8)
  }

  static func read(_ bytes: [UInt8], chunk: Int?) -> (cells: [[String]], notes: [String])? {
    var options = CSVOptions(delimiter: UInt8(ascii: ","), lenient: true)
    if let chunk {
      options.minimumChunkBytes = chunk
      options.maximumChunks = 8
    }
    guard let result = try? CSVReader.read(bytes: bytes, name: "t.csv", options: options) else {
      return nil
    }
    return (cells(result.table), result.notes)
  }

  @Test func plainAndQuotedReadAlike() async {
    let gen = Gen.int(in: 0...40).array(of: 0...4).array(of: 1...30)
    await propertyCheck(input: gen, Gen.int(in: 0...8).array(of: 1...5)) { rows, ends in
      // A row whose first cell is empty would be a blank line in one file and a row of one
      // empty quoted cell in the other: give every row a first cell.
      let rows = rows.map { row in
        row.isEmpty || Self.tokens[row[0] % Self.tokens.count].isEmpty ? [0] + row.dropFirst() : row
      }
      let plain = Self.file(rows, ends: ends, quoted: false)
      let quoted = Self.file(rows, ends: ends, quoted: true)
      for chunk in [nil, 5, 40] as [Int?] {
        let a = Self.read(plain, chunk: chunk)
        let b = Self.read(quoted, chunk: chunk)
        #expect(a?.cells == b?.cells, "\(String(decoding: plain, as: UTF8.self))")
        // The notes' line numbers, read in stretches, can differ when a one-cell row held at a
        // stretch's end names the line (a known fault of the joining, not of this path): the
        // notes are compared for the single pass.
        if chunk == nil {
          #expect(a?.notes == b?.notes, "\(String(decoding: plain, as: UTF8.self))")
        }
      }
    }
  }
}
