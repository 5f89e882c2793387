/// Where one field lies in the file's bytes.
struct FieldRef {
  /// First byte of the field (the opening quote, for a quoted field).
  var start: Int
  /// One past the last byte of the field.
  var end: Int
  /// One past the content inside the quotes of a quoted field.
  var contentEnd: Int
  var isQuoted: Bool
  /// Holds doubled quotes or text after the closing quote, so its content must be rebuilt.
  var needsUnescape: Bool

  var isEmpty: Bool { end == start }
}

/// Splits bytes into records and fields by RFC 4180: quoted fields may hold delimiters, line
/// ends and doubled quotes; records end at LF, CRLF or a lone CR; the last line needs no line end.
///
/// The scanner only finds boundaries; it copies nothing. It counts lines as it goes so that every
/// message can name one.
struct RecordScanner {
  enum Step { case record, end, unterminatedQuote(line: Int) }

  private let base: UnsafePointer<UInt8>
  private let count: Int
  let delimiter: UInt8
  /// The next byte to read.
  private(set) var position: Int
  /// The line `position` is on.
  private(set) var line: Int
  /// The line the last record started on.
  private(set) var recordLine = 1
  /// The byte the last record started at.
  private(set) var recordStart = 0
  /// The fields of the last record.
  var fields: [FieldRef] = []
  /// Fields with a quote that RFC 4180 does not allow (inside an unquoted field, or text after
  /// a closing quote): read as they stand, and counted so that the reader can say so.
  private(set) var strayQuotes = 0
  /// The first such field and its line.
  private(set) var firstStrayQuote: (line: Int, field: FieldRef)?

  /// A scanner over `bytes`, or nil when there are none to scan.
  init?(_ bytes: UnsafeBufferPointer<UInt8>, delimiter: UInt8, position: Int = 0, line: Int = 1) {
    guard let base = bytes.baseAddress, !bytes.isEmpty else { return nil }
    self.base = base
    count = bytes.count
    self.delimiter = delimiter
    delimiterWord = UInt64(delimiter) &* 0x0101_0101_0101_0101
    self.position = position
    self.line = line
    fields.reserveCapacity(32)
  }

  /// One past the last byte scanned: the memory a field's bytes may be read on to.
  var end: UnsafePointer<UInt8> { base + count }

  private static let quote = UInt8(ascii: "\"")
  private static let quoteWord: UInt64 = 0x2222_2222_2222_2222
  private let delimiterWord: UInt64

  /// The high bit of each byte of `x` that is zero. Only the lowest set bit is exact (a borrow
  /// can mark bytes above it), which is all the search needs.
  @inline(__always)
  private static func zeroBytes(_ x: UInt64) -> UInt64 {
    (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
  }
  /// The high bit of each byte of `x` below 0x0E (CR is 0x0D, LF 0x0A); as with `zeroBytes`,
  /// only the lowest set bit is exact.
  @inline(__always)
  private static func belowLineEnds(_ x: UInt64) -> UInt64 {
    (x &- 0x0E0E_0E0E_0E0E_0E0E) & ~x & 0x8080_8080_8080_8080
  }
  private static let lf = UInt8(ascii: "\n")
  private static let cr = UInt8(ascii: "\r")

  /// Reads the next record into `fields`.
  mutating func next() -> Step {
    guard position < count else { return .end }
    fields.removeAll(keepingCapacity: true)
    recordLine = line
    recordStart = position
    let delimiter = self.delimiter
    while true {
      if base[position] == Self.quote {
        let openLine = line
        var p = position + 1
        var escaped = false
        while true {
          guard p < count else { return .unterminatedQuote(line: openLine) }
          let c = base[p]
          if c == Self.quote {
            if p + 1 < count && base[p + 1] == Self.quote {
              escaped = true
              p += 2
              continue
            }
            break
          }
          if c == Self.lf || (c == Self.cr && !(p + 1 < count && base[p + 1] == Self.lf)) {
            line += 1
          }
          p += 1
        }
        var q = p + 1
        var trailing = false
        while q < count {
          let c = base[q]
          if c == delimiter || c == Self.lf || c == Self.cr { break }
          if c != 0x20 && c != 0x09 { trailing = true }
          q += 1
        }
        let field = FieldRef(
          start: position, end: q, contentEnd: p, isQuoted: true,
          needsUnescape: escaped || q != p + 1)
        if trailing { strayQuote(field, openLine) }
        fields.append(field)
        position = q
      } else {
        var p = specialByte(from: position)
        var stray = false
        while p < count && base[p] == Self.quote {
          stray = true
          p = specialByte(from: p + 1)
        }
        let field = FieldRef(
          start: position, end: p, contentEnd: p, isQuoted: false, needsUnescape: false)
        if stray { strayQuote(field, line) }
        fields.append(field)
        position = p
      }
      guard position < count else { return .record }
      let c = base[position]
      position += 1
      if c == delimiter {
        if position >= count {
          fields.append(
            FieldRef(
              start: position, end: position, contentEnd: position, isQuoted: false,
              needsUnescape: false))
          return .record
        }
        continue
      }
      if c == Self.cr && position < count && base[position] == Self.lf { position += 1 }
      line += 1
      return .record
    }
  }

  /// The first delimiter, line end or quote at or after `p` (or `count`), eight bytes at a time
  /// while none is among them.
  @inline(__always)
  private func specialByte(from start: Int) -> Int {
    var p = start
    while p < count {
      if p + 8 <= count {
        let word = UnsafeRawPointer(base + p).loadUnaligned(as: UInt64.self)
        // Line ends in one test, as bytes below 0x0E (a tab is among them too, and is stepped
        // over below like any byte that is not a field's end).
        let hit =
          Self.zeroBytes(word ^ delimiterWord) | Self.belowLineEnds(word)
          | Self.zeroBytes(word ^ Self.quoteWord)
        if hit == 0 {
          p += 8
          continue
        }
        p += hit.trailingZeroBitCount >> 3
      }
      let c = base[p]
      if c == delimiter || c == Self.lf || c == Self.cr || c == Self.quote { return p }
      p += 1
    }
    return p
  }

  /// `start..<end` without the spaces and tabs at either end.
  @inline(__always)
  private func trimmed(_ start: Int, _ end: Int) -> (Int, Int) {
    var s = start
    var e = end
    while s < e && (base[s] == 0x20 || base[s] == 0x09) { s += 1 }
    while e > s && (base[e - 1] == 0x20 || base[e - 1] == 0x09) { e -= 1 }
    return (s, e)
  }

  /// Reads the next record when it is the common kind, `width` unquoted fields with no quote
  /// among them and the first and last not blank: the bounds of each field's content, spaces
  /// trimmed, go into `bounds` (start and end, two a field). Otherwise, or at the end, it leaves
  /// everything as it was and returns false, for `next()` to read the record. No array is
  /// filled, so the reader's loop over a million such records touches no array but the columns'.
  @inline(__always)
  mutating func nextPlain(width: Int, into bounds: UnsafeMutablePointer<Int>) -> Bool {
    var p = position
    guard p < count, width > 0 else { return false }
    let delimiter = self.delimiter
    var j = 0
    while true {
      let start = p
      p = specialByte(from: p)
      let atEnd = p >= count
      let c = atEnd ? 0 : base[p]
      if c == Self.quote { return false }
      let (s, e) = trimmed(start, p)
      bounds[2 * j] = s
      bounds[2 * j + 1] = e
      let last = j == width - 1
      if atEnd || c != delimiter {
        // A line end (or the end of the bytes) after the last field, and only there.
        guard last, s < e else { return false }
        if !atEnd {
          p += 1
          if c == Self.cr && p < count && base[p] == Self.lf { p += 1 }
        }
        break
      }
      // A delimiter: another field follows, which the record must have room for.
      if last || (j == 0 && s == e) { return false }
      p += 1
      j += 1
    }
    recordLine = line
    recordStart = position
    line += 1
    position = p
    return true
  }

  private mutating func strayQuote(_ field: FieldRef, _ line: Int) {
    strayQuotes += 1
    if firstStrayQuote == nil { firstStrayQuote = (line, field) }
  }

  /// Calls `body` with the content of a field: unquoted, unescaped and, for unquoted fields,
  /// without surrounding spaces.
  @inline(__always)
  func withContent<R>(
    _ f: FieldRef, scratch: inout [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> R
  ) -> R {
    if !f.isQuoted {
      let (s, e) = trimmed(f.start, f.end)
      return body(UnsafeBufferPointer(start: base + s, count: e - s))
    }
    if !f.needsUnescape {
      return body(UnsafeBufferPointer(start: base + f.start + 1, count: f.contentEnd - f.start - 1))
    }
    scratch.removeAll(keepingCapacity: true)
    var p = f.start + 1
    while p < f.contentEnd {
      let c = base[p]
      scratch.append(c)
      p += c == Self.quote ? 2 : 1
    }
    // Text after the closing quote, as spreadsheets keep it.
    for q in (f.contentEnd + 1)..<max(f.contentEnd + 1, f.end) { scratch.append(base[q]) }
    return scratch.withUnsafeBufferPointer(body)
  }

  /// A field's content as a string.
  func string(_ f: FieldRef) -> String {
    var scratch: [UInt8] = []
    return withContent(f, scratch: &scratch) { String(decoding: $0, as: UTF8.self) }
  }

  /// Whether a field holds nothing but spaces.
  func isBlank(_ f: FieldRef) -> Bool {
    if f.isQuoted { return f.contentEnd == f.start + 1 && !f.needsUnescape }
    var p = f.start
    while p < f.end {
      if base[p] != 0x20 && base[p] != 0x09 { return false }
      p += 1
    }
    return true
  }
}
