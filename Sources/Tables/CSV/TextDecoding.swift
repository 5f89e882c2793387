/// Reading text that is not UTF-8: UTF-16 by its byte-order mark, and the test for Windows-1252.
enum TextDecoding {
  /// Windows-1252's five undefined bytes: a file holding one is not Windows-1252 text.
  static let undefinedWindows1252: Set<UInt8> = [0x81, 0x8D, 0x8F, 0x90, 0x9D]

  /// Whether every byte is a character of Windows-1252 and none is NUL (which would mean binary
  /// data or UTF-16 without its mark).
  static func isWindows1252Text(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    for b in bytes where b == 0 || (b >= 0x80 && undefinedWindows1252.contains(b)) { return false }
    return true
  }

  /// Reads UTF-16 (the byte-order mark says which end first; little-endian without one) by
  /// turning it into UTF-8 for the reader. An unpaired surrogate or an odd byte at the end is an
  /// error at its place, never a replacement character.
  static func readUTF16(
    _ bytes: UnsafeBufferPointer<UInt8>, name: String, options: CSVOptions, hasBOM: Bool
  ) throws(FileError) -> CSVResult {
    if let asked = options.encoding, asked != .utf16 {
      throw FileError(
        .encoding, path: name, line: 1, byteOffset: 0,
        message: "is UTF-16 text (its byte-order mark says so), not \(asked.rawValue) as asked",
        hint: "load it without `encoding`, or with `encoding \"utf-16\"`")
    }
    let bigEndian = hasBOM && bytes[0] == 0xFE
    var i = hasBOM ? 2 : 0
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count / 2 + bytes.count / 8)
    var line = 1
    func unit(_ at: Int) -> UInt16 {
      bigEndian
        ? UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
        : UInt16(bytes[at + 1]) << 8 | UInt16(bytes[at])
    }
    func fail(_ at: Int, _ what: String) -> FileError {
      FileError(
        .encoding, path: name, line: line, byteOffset: at,
        message: "\(what) at byte offset \(at) is not valid UTF-16",
        hint: "the file may be damaged, or in another encoding: save it again as CSV UTF-8")
    }
    while i < bytes.count {
      guard i + 1 < bytes.count else { throw fail(i, "an odd last byte") }
      let u = unit(i)
      var scalar: UInt32
      if u >= 0xD800 && u <= 0xDBFF {
        guard i + 3 < bytes.count else { throw fail(i, "a surrogate without its pair") }
        let low = unit(i + 2)
        guard low >= 0xDC00 && low <= 0xDFFF else { throw fail(i, "a surrogate without its pair") }
        scalar = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
        i += 4
      } else if u >= 0xDC00 && u <= 0xDFFF {
        throw fail(i, "a surrogate without its pair")
      } else {
        scalar = UInt32(u)
        i += 2
      }
      if scalar == 0x0A { line += 1 }
      if let s = Unicode.Scalar(scalar) { out.append(contentsOf: UTF8.encode(s)!) }
    }
    var utf8 = options
    utf8.encoding = .utf8
    var result = try CSVReader.read(bytes: out, name: name, options: utf8)
    result.notes.insert(
      hasBOM
        ? "read as UTF-16 text (\(bigEndian ? "big" : "little")-endian, by its byte-order mark)"
        : "read as UTF-16 text, little-endian (it has no byte-order mark)", at: 0)
    return result
  }
}
