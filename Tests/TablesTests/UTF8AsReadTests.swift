import Testing

@testable import Tables

/// The reader checks that a file is UTF-8 as it reads it (a quarter of a megabyte at a time
/// behind each core's pass), not in a pass of its own: the same answers as a check before the
/// reading, whatever the stretches and wherever the bad byte, compared with the standard
/// library's own UTF-8 parser as the oracle.
@Suite("UTF-8 checked as it is read")
struct UTF8AsReadTests {
  static let notes = ["café", "–", "😀 a", "Comhairle nan Eilean Siar", "Straße", "plain", "“q"]

  /// A file (of about 470 KB by default: more than one block of the usual check on one core),
  /// with characters of two, three and four bytes throughout.
  static func file(rows: Int = 14_000) -> (bytes: [UInt8], cells: [[String]]) {
    var text = "area,note,value\n"
    var cells: [[String]] = []
    var seed: UInt64 = 7
    for i in 0..<rows {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      let note = notes[Int(seed >> 33) % notes.count] + " \(i % 97)"
      let row = ["Fife \(i % 32)", note, String(i)]
      cells.append(row)
      text += row.joined(separator: ",") + "\n"
    }
    return (Array(text.utf8), cells)
  }

  /// The offset of the first byte that is not part of a valid character, by the standard
  /// library's parser: the oracle.
  static func firstInvalid(_ bytes: [UInt8]) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let scalar): offset += scalar.count
      case .error: return offset
      case .emptyInput: return nil
      }
    }
  }

  static func line(at offset: Int, _ bytes: [UInt8]) -> Int {
    1 + bytes[..<offset].lazy.filter { $0 == 0x0A }.count
  }

  /// One pass; two stretches; many small ones.
  static let layouts: [(chunk: Int, most: Int)?] = [nil, (20_000, 2), (5_000, 32)]

  static func options(
    _ layout: (chunk: Int, most: Int)?, encoding: TextEncoding? = nil, step: Int = 1 << 18
  ) -> CSVOptions {
    var options = CSVOptions(encoding: encoding)
    options.utf8CheckStep = step
    if let layout {
      options.minimumChunkBytes = layout.chunk
      options.maximumChunks = layout.most
    }
    return options
  }

  @Test func validTextReadsTheSameInEveryLayout() throws {
    let (bytes, expected) = Self.file()
    for layout in Self.layouts {
      for step in [1 << 18, 1000] {
        let r = try CSVReader.read(
          bytes: bytes, name: "u.csv", options: Self.options(layout, step: step))
        #expect(cells(r.table) == expected)
        #expect(!r.notes.contains { $0.contains("Windows-1252") })
      }
    }
  }

  @Test func aBadByteAnywhereIsFoundAtItsPlace() throws {
    // Checked 4 KB at a time, so that a small file is checked in many blocks on each core.
    let step = 4096
    let (clean, _) = Self.file(rows: 2_500)
    var places = [0, 5, 16, 17, clean.count - 1, clean.count - 2]
    // Around the edges of the checked blocks and of the stretches, and at random.
    for edge in [step, 3 * step, clean.count / 2, 20_000, 40_000] {
      places += [edge - 2, edge - 1, edge, edge + 1]
    }
    var seed: UInt64 = 11
    for _ in 0..<24 {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      places.append(Int(seed >> 33) % clean.count)
    }
    // A lone lead byte (é in Windows-1252), a byte never in UTF-8, a character cut short,
    // and an overlong form.
    let damages: [(String, (inout [UInt8], Int) -> Void)] = [
      ("0xE9", { b, p in b[p] = 0xE9 }),
      ("0xFF", { b, p in b[p] = 0xFF }),
      ("cut", { b, p in b.insert(0xE2, at: p) }),
      ("overlong", { b, p in b.replaceSubrange(p..<(p + 1), with: [0xC0, 0x80]) }),
    ]
    for place in places where place >= 0 && place < clean.count {
      for (name, damage) in damages {
        var bytes = clean
        damage(&bytes, place)
        guard let bad = Self.firstInvalid(bytes) else { continue }
        for layout in Self.layouts {
          let error = #expect(throws: FileError.self, "\(name) at \(place)") {
            try CSVReader.read(
              bytes: bytes, name: "u.csv",
              options: Self.options(layout, encoding: .utf8, step: step))
          }
          #expect(error?.kind == .encoding, "\(name) at \(place)")
          #expect(error?.byteOffset == bad, "\(name) at \(place)")
          #expect(error?.line == Self.line(at: bad, bytes), "\(name) at \(place)")
        }
        // Nothing asked: Windows-1252 when every byte is one of its characters, as it says
        // (unless the byte was a comma or a line end, when the rows no longer fit).
        if name == "0xE9" && clean[place] != UInt8(ascii: ",") && clean[place] != 0x0A {
          let r = try CSVReader.read(bytes: bytes, name: "u.csv", options: Self.options(nil))
          #expect(r.notes.first?.hasPrefix("read as Windows-1252 text") == true)
        }
      }
    }
  }

  /// A file that is not UTF-8 is said to be so before anything else is said about it, as when
  /// the check came before the reading: a ragged row, a quote left open, a header missing.
  @Test func notUTF8IsSaidBeforeWhatStoppedTheReading() {
    let (clean, _) = Self.file()
    let tail = Array(clean[(clean.count / 2)...]) + [0xFF, 0x0A]
    let broken: [(String, [UInt8])] = [
      ("ragged", Array("area,note,value\nFife,a,1,2,3\n".utf8) + tail),
      ("open quote", Array("area,note,value\nFife,\"a,1\n".utf8) + tail),
      ("short", Array("area,note,value\nFife\n".utf8) + tail),
    ]
    for (name, bytes) in broken {
      for layout in Self.layouts {
        let error = #expect(throws: FileError.self, "\(name)") {
          try CSVReader.read(
            bytes: bytes, name: "u.csv", options: Self.options(layout, encoding: .utf8))
        }
        #expect(error?.kind == .encoding, "\(name)")
        #expect(error?.byteOffset == Self.firstInvalid(bytes), "\(name)")
      }
    }
  }
}
