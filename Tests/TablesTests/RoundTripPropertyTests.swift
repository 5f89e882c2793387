import PropertyBased
import Testing

@testable import Tables

/// CSV and TSV from the writer, and from a naive encoder that separates fields by any of the
/// four delimiters, quotes at random and ends lines at random, read back by the reader in one pass and cut into stretches for several cores:
/// the same cells every time.
@Suite("Writer to reader, on random tables")
struct RoundTripPropertyTests {
  /// Pieces of text a cell is made of: separators, quotes, line ends, spaces, accents.
  static let pieces = [
    "a", "Fife", ",", ";", "|", "\t", "\"", "\"\"", "\n", "\r\n", " ", "é", "–", "x y", "=1", "[c]",
    "'",
  ]

  /// The cells of a table from the picks: a text column (never empty, never only a symbol:
  /// it starts with a letter) and a number column.
  static func rows(_ picks: [[Int]]) -> [[String]] {
    picks.enumerated().map { i, cell in
      let text = "t" + cell.map { pieces[$0 % pieces.count] }.joined()
      return [text, String((cell.first ?? 0) * 37 - 500 + i)]
    }
  }

  /// The naive encoder: a field is quoted when it must be or when `quoteAll`, lines end in
  /// `end`, and the last line ends or not.
  static func encode(
    _ rows: [[String]], separator: String, quoteAll: Bool, end: String, finalEnd: Bool
  ) -> String {
    func field(_ s: String) -> String {
      let must =
        s.contains(separator) || s.contains("\"") || s.contains("\n") || s.contains("\r")
        || s.first == " " || s.last == " "
        || s.contains(";") || s.contains("|") || s.contains("\t")
      return must || quoteAll ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    let lines = ([["label", "n"]] + rows).map { $0.map(field).joined(separator: separator) }
    return lines.joined(separator: end) + (finalEnd ? end : "")
  }

  static func read(_ text: String, separator: UInt8, chunk: Int?) throws -> [[String]] {
    var options = CSVOptions(delimiter: separator)
    if let chunk {
      options.minimumChunkBytes = chunk
      options.maximumChunks = 32
    }
    return cells(try CSVReader.read(bytes: Array(text.utf8), name: "t.csv", options: options).table)
  }

  /// The separators the reader detects, each given to it here.
  static let separators: [Unicode.Scalar] = [",", "\t", ";", "|"]

  @Test func naiveEncoderToReader() async {
    let gen = Gen.int(in: 0...200).array(of: 0...6).array(of: 1...25)
    await propertyCheck(input: gen, Gen.int(in: 0...31), Gen.int(in: 1...300)) {
      picks, style, stretch in
      let rows = Self.rows(picks)
      let separator = Self.separators[style & 3]
      let text = Self.encode(
        rows, separator: String(separator), quoteAll: style & 4 == 4,
        end: style & 8 == 8 ? "\r\n" : "\n", finalEnd: style & 16 == 16)
      for chunk in [nil, 1, 7, 64, stretch] as [Int?] {
        let back = try? Self.read(text, separator: UInt8(ascii: separator), chunk: chunk)
        #expect(
          back == rows,
          "style \(style), stretches of \(chunk.map(String.init) ?? "all") bytes:\n\(text)")
      }
    }
  }

  @Test func writerToReader() async {
    let gen = Gen.int(in: 0...200).array(of: 0...6).array(of: 1...25)
    await propertyCheck(input: gen, Gen.bool) { picks, tab in
      let rows = Self.rows(picks)
      let table = Table.fromRows(
        ["label", "n"], rows.map { [.text($0[0]), .number(Double($0[1])!, nil)] })
      let text = tab ? TableWriter.tsv(table) : TableWriter.csv(table)
      for chunk in [nil, 3, 64] as [Int?] {
        // The delimiter found by looking, as `load` does, and the one written.
        let sniffed = try? cells(
          CSVReader.read(
            bytes: Array(text.utf8), name: "t",
            options: {
              var o = CSVOptions()
              if let chunk { o.minimumChunkBytes = chunk; o.maximumChunks = 32 }
              return o
            }()
          ).table)
        #expect(
          sniffed == rows,
          "sniffed, stretches of \(chunk.map(String.init) ?? "all") bytes:\n\(text)")
        let told = try? Self.read(text, separator: UInt8(ascii: tab ? "\t" : ","), chunk: chunk)
        #expect(told == rows)
      }
    }
  }
}
