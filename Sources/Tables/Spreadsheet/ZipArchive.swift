import CInflate

/// A zip package in memory, read the way cjnb reads workbooks (.xlsx) and spreadsheets (.ods):
/// the directory is checked entry by entry when it is opened, and a member is unpacked with every
/// length bounded, so any input, however damaged, ends in bounded time and memory.
///
/// cjnb used ZIPFoundation's reader before. Its inflate loop on Linux waits for the stream's end
/// marker and reads past the member's compressed bytes, so a cut-off stream near the end of the
/// file spun forever (found by the workbook fuzz target); its in-memory reader also trapped on an
/// offset past the end. This reader hands zlib exactly the member's bytes and a buffer of exactly
/// the size its directory gives, and says which of the two was wrong.
struct ZipArchive {
  /// One file in the package, as its central directory describes it.
  struct Member {
    let name: String
    let flags: UInt16
    let method: UInt16
    let crc32: UInt32
    let compressedSize: Int
    /// The unpacked size, which the directory states and unpacking checks.
    let size: Int
    /// Where the member's (compressed) bytes start, past its local header.
    let dataOffset: Int
  }

  /// Why the bytes cannot be opened as a zip package.
  enum Problem: Error, Equatable {
    /// No end record: not a zip package at all.
    case notZip
    /// A zip package whose directory is damaged; the text says how.
    case damaged(String)
  }

  /// Why a member cannot be unpacked; the text reads after "its data " or as a clause.
  enum UnpackProblem: Error, Equatable {
    /// The member unpacks to more than the limit.
    case tooLarge
    case damaged(String)
  }

  /// A workbook has a few dozen parts; a directory of millions is an attack on memory.
  static let maximumMembers = 100_000

  let bytes: [UInt8]
  let members: [Member]
  /// Member index by exact name, and by name in lower case (OPC part names ignore case): the
  /// first of two with one name wins.
  private let byName: [String: Int]
  private let byFoldedName: [String: Int]

  init(_ bytes: [UInt8]) throws(Problem) {
    self.bytes = bytes
    let (offset, size, count) = try Self.directory(bytes)
    var members: [Member] = []
    members.reserveCapacity(min(count, size / 46))
    var p = offset
    for _ in 0..<count {
      let member = try Self.member(bytes, at: &p, end: offset + size)
      members.append(member)
    }
    self.members = members
    var byName: [String: Int] = [:]
    var byFoldedName: [String: Int] = [:]
    for (i, member) in members.enumerated() {
      if byName[member.name] == nil { byName[member.name] = i }
      let folded = member.name.lowercased()
      if byFoldedName[folded] == nil { byFoldedName[folded] = i }
    }
    self.byName = byName
    self.byFoldedName = byFoldedName
  }

  /// The member called `name`, matched exactly and then ignoring case.
  subscript(name: String) -> Member? {
    if let i = byName[name] ?? byFoldedName[name.lowercased()] { return members[i] }
    return nil
  }

  /// The unpacked bytes of `member`, at most `limit` of them.
  func unpack(_ member: Member, limit: Int) throws(UnpackProblem) -> [UInt8] {
    guard member.flags & 1 == 0 else {
      throw .damaged("is encrypted, which cjnb cannot read")
    }
    guard member.size <= limit else { throw .tooLarge }
    let start = member.dataOffset
    let end = start + member.compressedSize
    let unpacked: [UInt8]
    switch member.method {
    case 0:
      guard member.compressedSize == member.size else {
        throw .damaged(
          "is stored as \(member.compressedSize) bytes, but its directory says \(member.size)")
      }
      unpacked = Array(bytes[start..<end])
    case 8:
      var status: Int32 = 0
      var message: UnsafePointer<CChar>? = nil
      // One byte more room than the directory gives: a stream that fills it is too long.
      let output = [UInt8](unsafeUninitializedCapacity: member.size + 1) { buffer, count in
        var written = 0
        status = bytes.withUnsafeBufferPointer { input in
          cjnb_inflate_raw(
            input.baseAddress! + start, member.compressedSize, buffer.baseAddress!,
            member.size + 1, &written, &message)
        }
        count = written
      }
      switch Int(status) {
      case Int(CJNB_INFLATE_DONE):
        guard output.count == member.size else {
          throw .damaged(
            "unpacks to \(output.count) bytes, but its directory says \(member.size)")
        }
      case Int(CJNB_INFLATE_TOO_LONG):
        throw .damaged("unpacks to more than the \(member.size) bytes its directory says")
      case Int(CJNB_INFLATE_CUT_OFF):
        throw .damaged("is cut off: its compressed data ends before the stream does")
      case Int(CJNB_INFLATE_NO_MEMORY):
        throw .damaged("could not be unpacked: out of memory")
      default:
        let detail = message.map { String(cString: $0) } ?? "invalid compressed data"
        throw .damaged("is not valid compressed data (\(detail))")
      }
      unpacked = output
    default:
      throw .damaged(
        "is compressed with method \(member.method), which cjnb cannot unpack (only stored and deflate)"
      )
    }
    let crc = unpacked.withUnsafeBufferPointer { cjnb_crc32($0.baseAddress, $0.count) }
    guard crc == member.crc32 else {
      throw .damaged("fails its checksum (CRC-32)")
    }
    return unpacked
  }

  // MARK: - The directory

  private static func u16(_ b: [UInt8], _ i: Int) -> Int { Int(b[i]) | Int(b[i + 1]) << 8 }
  private static func u32(_ b: [UInt8], _ i: Int) -> Int { u16(b, i) | u16(b, i + 2) << 16 }
  /// A 64-bit field as an Int, or nil when it does not fit one (no file is that large).
  private static func u64(_ b: [UInt8], _ i: Int) -> Int? {
    let high = u32(b, i + 4)
    guard high < 1 << 31 else { return nil }
    return u32(b, i) | high << 32
  }

  /// The central directory's offset, size and entry count, from the end record (and its ZIP64
  /// successor when the end record's fields are full), checked to lie within the file.
  private static func directory(_ b: [UInt8]) throws(Problem) -> (Int, Int, Int) {
    let n = b.count
    guard n >= 22 else { throw .notZip }
    // The end record is within the last 64 KB + 22 bytes, signature PK\u{5}\u{6}.
    var found: Int?
    var i = n - 22
    while i >= max(0, n - 22 - 65_535) {
      if b[i] == 0x50 && b[i + 1] == 0x4B && b[i + 2] == 0x05 && b[i + 3] == 0x06 {
        found = i
        break
      }
      i -= 1
    }
    guard let end = found else { throw .notZip }
    guard end + 22 + u16(b, end + 20) <= n else {
      throw .damaged("its comment runs past the end")
    }
    var count = u16(b, end + 10)
    var size = u32(b, end + 12)
    var offset = u32(b, end + 16)
    var directoryEnd = end
    if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
      // ZIP64: a locator just before the end record points at the larger end record.
      let locator = end - 20
      if locator >= 0 && u32(b, locator) == 0x0706_4B50 {
        guard let at = u64(b, locator + 8), at <= locator - 56, u32(b, at) == 0x0606_4B50,
          let count64 = u64(b, at + 32), let size64 = u64(b, at + 40),
          let offset64 = u64(b, at + 48)
        else { throw .damaged("its ZIP64 end record is missing or cut off") }
        (count, size, offset) = (count64, size64, offset64)
        directoryEnd = at
      }
    }
    guard offset <= directoryEnd, size <= directoryEnd - offset else {
      throw .damaged("its directory lies past the end of the file")
    }
    // Every entry takes at least 46 bytes: a count the directory cannot hold is damage.
    guard count <= size / 46 else { throw .damaged("an entry of its directory is cut off") }
    guard count <= maximumMembers else {
      throw .damaged("it lists \(count) files, more than the \(maximumMembers) cjnb reads")
    }
    return (offset, size, count)
  }

  /// The directory entry at `p` (moved past it), with its local header checked.
  private static func member(_ b: [UInt8], at p: inout Int, end: Int) throws(Problem) -> Member {
    guard p + 46 <= end, u32(b, p) == 0x0201_4B50 else {
      throw .damaged("an entry of its directory is cut off")
    }
    let flags = UInt16(u16(b, p + 8))
    let method = UInt16(u16(b, p + 10))
    let crc = UInt32(u32(b, p + 16))
    var compressed = u32(b, p + 20)
    var size = u32(b, p + 24)
    let nameLength = u16(b, p + 28)
    let extraLength = u16(b, p + 30)
    let commentLength = u16(b, p + 32)
    var local = u32(b, p + 42)
    let nameStart = p + 46
    guard nameStart + nameLength + extraLength + commentLength <= end else {
      throw .damaged("an entry of its directory is cut off")
    }
    // Names are UTF-8 (flag bit 11) or, by the old rule, code page 437; workbooks' part names
    // are ASCII either way, and anything else is only compared, never used as a path.
    let name = String(decoding: b[nameStart..<nameStart + nameLength], as: UTF8.self)
    // ZIP64's extra field holds, in this order, the fields that are full in the entry.
    if size == 0xFFFF_FFFF || compressed == 0xFFFF_FFFF || local == 0xFFFF_FFFF {
      var e = nameStart + nameLength
      let extraEnd = e + extraLength
      var found = false
      while e + 4 <= extraEnd {
        let id = u16(b, e)
        let length = u16(b, e + 2)
        guard e + 4 + length <= extraEnd else { break }
        if id == 0x0001 {
          var q = e + 4
          func next() throws(Problem) -> Int {
            guard q + 8 <= e + 4 + length, let value = u64(b, q) else {
              throw .damaged("an entry's ZIP64 sizes are cut off")
            }
            q += 8
            return value
          }
          if size == 0xFFFF_FFFF { size = try next() }
          if compressed == 0xFFFF_FFFF { compressed = try next() }
          if local == 0xFFFF_FFFF { local = try next() }
          found = true
          break
        }
        e += 4 + length
      }
      guard found else { throw .damaged("an entry's ZIP64 sizes are missing") }
    }
    p = nameStart + nameLength + extraLength + commentLength
    let n = b.count
    guard local <= n - 30, u32(b, local) == 0x0403_4B50 else {
      throw .damaged("an entry points past the end of the file")
    }
    let data = local + 30 + u16(b, local + 26) + u16(b, local + 28)
    guard data <= n, compressed <= n - data else {
      throw .damaged("an entry's data runs past the end of the file")
    }
    return Member(
      name: name, flags: flags, method: method, crc32: crc, compressedSize: compressed,
      size: size, dataOffset: data)
  }
}
