import Testing

@testable import Tables

/// Codes kept at one, two or four bytes: each width read back as the codes it was given, and
/// columns read from files whose dictionaries outgrow a width part way through, checked cell by
/// cell against the text the file was made from.
@Suite("Codes at their narrowest width")
struct CodesTests {
  @Test(arguments: [0, 1, 254, 255, 256, 65_534, 65_535, 70_000])
  func everyWidthReadsBackWhatItWasGiven(dictionary: Int) {
    // Every code the dictionary has, its largest and the missing code among them.
    var words: [UInt32] = []
    for i in 0..<300 {
      words.append(i % 7 == 3 || dictionary == 0 ? UInt32.max : UInt32((i * 7919) % dictionary))
    }
    if dictionary > 0 { words.append(UInt32(dictionary - 1)) }
    let codes = Codes(words, dictionaryCount: dictionary)
    let width: Int =
      switch codes.storage {
      case .one: 1
      case .two: 2
      case .four: 4
      }
    #expect(width == (dictionary < 255 ? 1 : dictionary < 65_535 ? 2 : 4))
    #expect(Array(codes) == words)
    #expect(codes.words == words)
    let rows: [Int32] = [5, 3, 0, Int32(words.count - 1), 3]
    #expect(Array(codes.gathering(rows)) == rows.map { words[Int($0)] })
  }

  /// Row `i`'s cell in a column of `distinct(i)` values, every 97th cell suppressed.
  static func file(rows: Int, distinct: (Int) -> Int) -> (bytes: [UInt8], cells: [String?]) {
    var text = "name,value\n"
    var cells: [String?] = []
    for i in 0..<rows {
      let cell: String? = i % 97 == 5 ? nil : "v\((i &* 2_654_435_761) % distinct(i))"
      cells.append(cell)
      text += "\(cell ?? "[c]"),\(i)\n"
    }
    return (Array(text.utf8), cells)
  }

  @Test(arguments: [
    // Under a byte in each half, over one once joined.
    (200, 400, 2),
    // Over a byte within the first half.
    (300, 300, 2),
    // Over two bytes: every cell a value of its own.
    (70_000, 70_000, 4),
    // A byte throughout.
    (40, 40, 1),
  ])
  func aColumnWidensAsItsDictionaryGrows(first: Int, second: Int, width: Int) throws {
    let rows = 70_000
    let (bytes, expected) = Self.file(rows: rows) { $0 < rows / 2 ? first : second }
    for stretches in [1, 2, 3] {
      var options = CSVOptions()
      options.maximumChunks = stretches
      options.minimumChunkBytes = 1 << 12
      let read = try CSVReader.read(bytes: bytes, name: "w.csv", options: options)
      guard case .text(let column) = read.table.columns[0].data else {
        Issue.record("name is not text")
        return
      }
      let stored: Int =
        switch column.codes.storage {
        case .one: 1
        case .two: 2
        case .four: 4
        }
      #expect(stored == width, "\(stretches) stretches")
      #expect(column.count == rows)
      var wrong = 0
      for i in 0..<rows where column.value(at: i) != expected[i] { wrong += 1 }
      #expect(wrong == 0, "\(stretches) stretches: \(wrong) cells read wrong")
      #expect(column.missing(at: 5) == .confidential)
    }
  }
}
