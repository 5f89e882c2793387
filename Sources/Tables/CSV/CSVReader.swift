#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads CSV and TSV files as published: quoting by RFC 4180, a byte-order mark, any line end,
/// title rows above the header, awkward headers, short rows, numbers with separators and markers.
///
/// It works on the file's bytes in two steps: a preview of the first records finds the delimiter,
/// the header and each column's likely type; one pass then fills typed columns directly, text
/// dictionary-encoded as it is read. A column that turns out not to be numeric is read again.
///
/// ```
/// let result = try CSVReader.read(path: "Datasets/indicators.csv")
/// result.table.rowCount
/// result.notes   // ["skipped 2 title lines above the header on line 3: ..."]
/// ```
public enum CSVReader {
  public static func read(path: String, options: CSVOptions = CSVOptions()) throws(FileError)
    -> CSVResult
  {
    try read(path: path, options: options, releasingPagesEvery: nil)
  }

  /// `read(path:)`, handing the mapped file's pages back every `step` bytes (16 MB when nil).
  static func read(path: String, options: CSVOptions, releasingPagesEvery step: Int?)
    throws(FileError) -> CSVResult
  {
    // The file is mapped, not copied: the reader works on its bytes where they lie.
    let file = try FileBytes.map(path)
    var options = options
    if file.isMapped, let base = file.bytes.baseAddress {
      let start = Int(bitPattern: base)
      options.releasableRegion = start..<(start + file.bytes.count)
      if let step { options.pageReleaseStep = step }
    }
    var result = try read(buffer: file.bytes, name: path, options: options)
    withExtendedLifetime(file) {}
    result.table.provenance.source = path
    return result
  }

  /// Reads `bytes` as a delimited file; `name` names it in messages (a path, usually).
  public static func read(bytes: [UInt8], name: String, options: CSVOptions = CSVOptions())
    throws(FileError) -> CSVResult
  {
    try bytes.withUnsafeBufferPointer { (buffer) throws(FileError) -> CSVResult in
      try read(buffer: buffer, name: name, options: options)
    }
  }

  static func read(buffer original: UnsafeBufferPointer<UInt8>, name: String, options: CSVOptions)
    throws(FileError) -> CSVResult
  {
    guard !original.isEmpty else {
      throw FileError(
        .empty, path: name, message: "is empty (0 bytes)",
        hint: "was it saved before it was closed?")
    }
    func starts(_ prefix: [UInt8]) -> Bool {
      original.count >= prefix.count && zip(original, prefix).allSatisfy { $0 == $1 }
    }
    let utf16BOM = starts([0xFF, 0xFE]) || starts([0xFE, 0xFF])
    if utf16BOM || options.encoding == .utf16 {
      return try TextDecoding.readUTF16(original, name: name, options: options, hasBOM: utf16BOM)
    }
    let bom = starts([0xEF, 0xBB, 0xBF]) ? 3 : 0
    let bytes = UnsafeBufferPointer(rebasing: original[bom...])

    switch options.encoding {
    case .utf8?, nil, .utf16?:
      break
    case .windows1252?:
      var utf8 = options
      utf8.encoding = .utf8
      var result = try read(
        bytes: UTF8Check.transcodeWindows1252(Array(bytes)), name: name, options: utf8)
      result.notes.insert("read as Windows-1252 text", at: 0)
      return result
    }

    /// What bytes that are not UTF-8 give: Windows-1252 text when nothing was asked and every
    /// byte is one of its characters, else the error at the first bad byte. Nil when they are
    /// UTF-8 after all. The bytes are checked as they are read (`CSVParser.checksUTF8`), and a
    /// file that is not UTF-8 is said so before anything else is said about it: whatever
    /// stopped the reading, the whole file is checked before the error goes out.
    func notUTF8() throws(FileError) -> CSVResult? {
      let mapped =
        options.releasableRegion.map { region in
          bytes.baseAddress.map {
            region.lowerBound <= Int(bitPattern: $0)
              && Int(bitPattern: $0) + bytes.count <= region.upperBound
          } ?? false
        } ?? false
      guard
        let bad = UTF8Check.firstInvalidOffsetOnEveryCore(
          bytes, releasing: mapped, step: options.pageReleaseStep)
      else { return nil }
      let offset = bad + bom
      let line = lineNumber(at: bad, in: bytes)
      // Not UTF-8, and nothing was asked: Windows-1252 when every byte is one of its characters.
      if options.encoding == nil, bom == 0, TextDecoding.isWindows1252Text(bytes) {
        var cp1252 = options
        cp1252.encoding = .windows1252
        var result = try read(buffer: original, name: name, options: cp1252)
        result.notes[0] =
          "read as Windows-1252 text, what Excel on Windows saves as CSV: it is not UTF-8 (byte 0x\(hex(bytes[bad])) on line \(line)); say `encoding \"utf-8\"` to refuse it instead"
        return result
      }
      throw FileError(
        .encoding, path: name, line: line, byteOffset: offset,
        message: "byte 0x\(hex(bytes[bad])) at byte offset \(offset) is not valid UTF-8",
        hint:
          "the file may be in a Windows encoding: load it with `encoding \"windows-1252\"`, or save it as CSV UTF-8"
      )
    }

    // Only spaces and line ends are UTF-8 whatever else: no check is needed to say so.
    guard bytes.contains(where: { $0 != 0x0A && $0 != 0x0D && $0 != 0x20 && $0 != 0x09 }) else {
      throw FileError(.empty, path: name, message: "has no rows: it holds only blank lines")
    }
    if let uri = PortalExport.uriRow(in: bytes) {
      if let result = try notUTF8() { return result }
      // The row becomes a blank line, so that the lines after it keep their numbers in messages.
      var result = try read(
        bytes: Array(bytes[..<uri.range.lowerBound]) + [0x0A]
          + Array(bytes[uri.range.upperBound...]), name: name, options: options)
      result.notes.insert(
        "left out the row of URIs on line \(uri.line) beside the labels (a statistics.gov.scot export): the labels are the header",
        at: 0)
      return result
    }
    var parse = CSVParser(buffer: bytes, name: name, options: options, notes: [])
    parse.checksUTF8 = true
    do {
      return try parse.run()
    } catch {
      if error.kind == .interrupted { throw error }
      if let result = try notUTF8() { return result }
      throw error
    }
  }

  /// The 1-based line holding the byte at `offset`.
  static func lineNumber(at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int {
    var line = 1
    var i = 0
    while i < offset {
      if bytes[i] == 0x0A || (bytes[i] == 0x0D && (i + 1 >= bytes.count || bytes[i + 1] != 0x0A)) {
        line += 1
      }
      i += 1
    }
    return line
  }
}

/// A byte as two hex digits.
private func hex(_ byte: UInt8) -> String {
  let digits = String(byte, radix: 16, uppercase: true)
  return digits.count == 1 ? "0" + digits : digits
}
