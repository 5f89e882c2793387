import Foundation
import Testing
import ZIPFoundation

@testable import Tables

/// The zip reader for workbooks: what an independent writer (ZIPFoundation) packs reads back
/// byte for byte, and every kind of damage ends at once in an error that says which.
@Suite("Reading zip packages")
struct ZipArchiveTests {
  /// A member as the test lays it out: the stored bytes and what the directory says of them.
  struct Laid {
    var name: String
    var method: UInt16 = 8
    var flags: UInt16 = 0
    var stored: [UInt8]
    var crc: UInt32
    var size: Int
    /// Extra fields for the directory entry (ZIP64 sizes).
    var extra: [UInt8] = []
    var sizeField: UInt32? = nil
    var compressedField: UInt32? = nil
    var offsetField: UInt32? = nil
  }

  /// `bytes` deflated (raw, as zip holds it) by ZIPFoundation.
  static func deflate(_ bytes: [UInt8]) throws -> [UInt8] {
    let data = Data(bytes)
    var out = Data()
    _ = try Data.compress(size: Int64(data.count), bufferSize: 1 << 14) { p, n in
      data.subdata(in: Int(p)..<Int(p) + n)
    } consumer: {
      out.append($0)
    }
    return [UInt8](out)
  }

  static func crc(_ bytes: [UInt8]) -> UInt32 { Data(bytes).crc32(checksum: 0) }

  /// A deflated member holding `text`.
  static func member(_ name: String, _ text: String) throws -> Laid {
    let bytes = Array(text.utf8)
    return Laid(name: name, stored: try deflate(bytes), crc: crc(bytes), size: bytes.count)
  }

  static func le(_ value: Int, _ width: Int) -> [UInt8] {
    (0..<width).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
  }

  /// The bytes of a zip package holding `members`, laid out as the test says.
  static func package(_ members: [Laid]) -> [UInt8] {
    var out: [UInt8] = []
    var directory: [UInt8] = []
    for m in members {
      let name = Array(m.name.utf8)
      let offset = out.count
      out += [0x50, 0x4B, 3, 4] + le(20, 2) + le(Int(m.flags), 2) + le(Int(m.method), 2)
      out += le(0, 4) + le(Int(m.crc), 4) + le(m.stored.count, 4) + le(m.size, 4)
      out += le(name.count, 2) + le(0, 2) + name + m.stored
      directory += [0x50, 0x4B, 1, 2] + le(20, 2) + le(20, 2) + le(Int(m.flags), 2)
      directory += le(Int(m.method), 2) + le(0, 4) + le(Int(m.crc), 4)
      directory += le(Int(m.compressedField ?? UInt32(m.stored.count)), 4)
      directory += le(Int(m.sizeField ?? UInt32(m.size)), 4)
      directory += le(name.count, 2) + le(m.extra.count, 2) + le(0, 2) + le(0, 2) + le(0, 2)
      directory += le(0, 4) + le(Int(m.offsetField ?? UInt32(offset)), 4) + name + m.extra
    }
    let start = out.count
    out += directory
    out += [0x50, 0x4B, 5, 6] + le(0, 2) + le(0, 2) + le(members.count, 2) + le(members.count, 2)
    out += le(directory.count, 4) + le(start, 4) + le(0, 2)
    return out
  }

  /// The error unpacking `name` from `bytes` gives, or nil when it unpacks.
  static func unpackProblem(_ bytes: [UInt8], _ name: String = "content.xml", limit: Int = 1 << 20)
    throws -> ZipArchive.UnpackProblem?
  {
    let archive = try ZipArchive(bytes)
    let member = try #require(archive[name])
    do {
      _ = try archive.unpack(member, limit: limit)
      return nil
    } catch {
      return error
    }
  }

  @Test func whatZIPFoundationPacksReadsBackByteForByte() throws {
    let path = NSTemporaryDirectory() + "cjnb-zip-\(UUID().uuidString).zip"
    defer { try? FileManager.default.removeItem(atPath: path) }
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
    var state: UInt64 = 7
    var expected: [String: [UInt8]] = [:]
    for (i, size) in [0, 1, 100, 70_000, 300_000].enumerated() {
      // Text-like bytes that compress, with some noise so that deflate uses every block kind.
      let bytes = (0..<size).map { k -> UInt8 in
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return k % 7 == 0 ? UInt8(truncatingIfNeeded: state >> 56) : UInt8(65 + k % 23)
      }
      for method in [CompressionMethod.none, .deflate] {
        let name = "part\(i)-\(method == .none ? "stored" : "deflated").xml"
        expected[name] = bytes
        let data = Data(bytes)
        try archive.addEntry(
          with: name, type: .file, uncompressedSize: Int64(size), compressionMethod: method
        ) { p, n in data.subdata(in: Int(p)..<Int(p) + n) }
      }
    }
    let read = try ZipArchive([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    #expect(read.members.count == expected.count)
    for (name, bytes) in expected {
      let member = try #require(read[name])
      #expect(try read.unpack(member, limit: 1 << 20) == bytes, "\(name)")
    }
    // Part names in OPC ignore case.
    #expect(read["PART2-DEFLATED.XML"]?.name == "part2-deflated.xml")
    #expect(read["missing.xml"] == nil)
  }

  /// The fuzz target's finding: a stream cut off before its end, followed by the directory,
  /// made ZIPFoundation's inflate loop spin forever. Here it is an error at once.
  @Test func aCutOffStreamIsSaidToBeCutOff() throws {
    let text = String(repeating: "<row><c>Glasgow City</c><c>12.5</c></row>", count: 2_000)
    var m = try Self.member("content.xml", text)
    m.stored = Array(m.stored.prefix(m.stored.count / 2))
    let clock = ContinuousClock()
    let started = clock.now
    let problem = try Self.unpackProblem(Self.package([m]))
    #expect(problem == .damaged("is cut off: its compressed data ends before the stream does"))
    // Bounded: not a timing assertion on speed, only that it did not spin (the old reader never
    // returned at all).
    #expect(clock.now - started < .seconds(10))
    // And with nothing at all.
    m.stored = []
    #expect(
      try Self.unpackProblem(Self.package([m]))
        == .damaged("is cut off: its compressed data ends before the stream does"))
  }

  @Test func aDirectoryThatUnderstatesTheSizeIsRefusedNotOverrun() throws {
    var m = try Self.member("content.xml", String(repeating: "x", count: 10_000))
    // One byte over fits the byte of room kept spare, so the count is said exactly.
    m.size = 9_999
    #expect(
      try Self.unpackProblem(Self.package([m]))
        == .damaged("unpacks to 10000 bytes, but its directory says 9999"))
    // More than that stops at the room given: nothing is written past it.
    m.size = 5_000
    #expect(
      try Self.unpackProblem(Self.package([m]))
        == .damaged("unpacks to more than the 5000 bytes its directory says"))
  }

  @Test func aDirectoryThatOverstatesTheSizeIsRefused() throws {
    var m = try Self.member("content.xml", "hello")
    m.size = 6
    #expect(
      try Self.unpackProblem(Self.package([m]))
        == .damaged("unpacks to 5 bytes, but its directory says 6"))
  }

  @Test func aWrongChecksumIsRefused() throws {
    var m = try Self.member("content.xml", "hello")
    m.crc ^= 1
    #expect(try Self.unpackProblem(Self.package([m])) == .damaged("fails its checksum (CRC-32)"))
  }

  @Test func bytesThatAreNotDeflateAreRefusedWithZlibsReason() throws {
    // Block type 3 is reserved in deflate.
    let m = Laid(name: "content.xml", stored: [0xFF, 0xFF, 0xFF, 0xFF], crc: 0, size: 10)
    let problem = try #require(try Self.unpackProblem(Self.package([m])))
    guard case .damaged(let text) = problem else {
      Issue.record("expected damage, got \(problem)")
      return
    }
    #expect(text.hasPrefix("is not valid compressed data ("), "\(text)")
  }

  @Test func otherMethodsAndEncryptionAreSaidPlainly() throws {
    var m = try Self.member("content.xml", "hello")
    m.method = 12
    #expect(
      try Self.unpackProblem(Self.package([m]))
        == .damaged(
          "is compressed with method 12, which cjnb cannot unpack (only stored and deflate)"))
    m.method = 8
    m.flags = 1
    #expect(
      try Self.unpackProblem(Self.package([m])) == .damaged("is encrypted, which cjnb cannot read"))
  }

  @Test func aStoredMemberMustHoldItsSize() throws {
    let bytes = Array("hello".utf8)
    var m = Laid(name: "content.xml", method: 0, stored: bytes, crc: Self.crc(bytes), size: 5)
    #expect(try Self.unpackProblem(Self.package([m])) == nil)
    m.size = 4
    #expect(
      try Self.unpackProblem(Self.package([m]))
        == .damaged("is stored as 5 bytes, but its directory says 4"))
  }

  @Test func theLimitIsCheckedBeforeAnythingIsUnpacked() throws {
    let m = try Self.member("content.xml", String(repeating: "y", count: 5_000))
    #expect(try Self.unpackProblem(Self.package([m]), limit: 4_999) == .tooLarge)
    #expect(try Self.unpackProblem(Self.package([m]), limit: 5_000) == nil)
  }

  @Test func zip64SizesInTheExtraFieldAreRead() throws {
    let text = "<zip64/>"
    var m = try Self.member("content.xml", text)
    m.sizeField = 0xFFFF_FFFF
    m.compressedField = 0xFFFF_FFFF
    m.offsetField = 0xFFFF_FFFF
    m.extra =
      [1, 0] + Self.le(24, 2) + Self.le(text.utf8.count, 8) + Self.le(m.stored.count, 8)
      + Self.le(0, 8)
    #expect(try Self.unpackProblem(Self.package([m])) == nil)
    let archive = try ZipArchive(Self.package([m]))
    #expect(
      try archive.unpack(try #require(archive["content.xml"]), limit: 100) == Array(text.utf8))
    // Sizes marked full with no extra field to hold them are damage.
    m.extra = []
    #expect(throws: ZipArchive.Problem.damaged("an entry's ZIP64 sizes are missing")) {
      try ZipArchive(Self.package([m]))
    }
  }

  @Test func aDirectoryThatClaimsMoreEntriesThanItHoldsIsDamage() throws {
    var bytes = Self.package([try Self.member("a.xml", "a")])
    // The end record's two counts, set to 60,000.
    let end = bytes.count - 22
    bytes[end + 8] = 0x60
    bytes[end + 9] = 0xEA
    bytes[end + 10] = 0x60
    bytes[end + 11] = 0xEA
    #expect(throws: ZipArchive.Problem.damaged("an entry of its directory is cut off")) {
      try ZipArchive(bytes)
    }
  }

  @Test func notAZipAtAll() {
    #expect(throws: ZipArchive.Problem.notZip) { try ZipArchive(Array("a,b\n1,2\n".utf8)) }
    #expect(throws: ZipArchive.Problem.notZip) { try ZipArchive(Array(repeating: 0, count: 100)) }
  }

  /// Every prefix, and thousands of byte changes, of a real package end in a result or an error.
  @Test func everyCutAndFlipEnds() throws {
    let good = Self.package([
      try Self.member("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
      try Self.member("content.xml", String(repeating: "<c>Fife</c>", count: 300)),
    ])
    func attempt(_ bytes: [UInt8]) {
      guard let archive = try? ZipArchive(bytes) else { return }
      for member in archive.members { _ = try? archive.unpack(member, limit: 1 << 20) }
    }
    for n in 0..<good.count { attempt(Array(good.prefix(n))) }
    var state: UInt64 = 12_345
    func next() -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int(state >> 33)
    }
    for _ in 0..<5_000 {
      var bytes = good
      for _ in 0...(next() % 4) { bytes[next() % bytes.count] = UInt8(truncatingIfNeeded: next()) }
      attempt(bytes)
    }
  }

  /// Through the spreadsheet reader: the error names the file, the part and what is wrong.
  @Test func aCutOffContentXMLIsADamagedSpreadsheet() throws {
    var content = try Self.member(
      "content.xml",
      HostileOpenDocumentTests.content(String(repeating: "<table:table-row/>", count: 500)))
    content.stored = Array(content.stored.prefix(content.stored.count - 3))
    let mimetype = Array("application/vnd.oasis.opendocument.spreadsheet".utf8)
    let bytes = Self.package([
      Laid(
        name: "mimetype", method: 0, stored: mimetype, crc: Self.crc(mimetype), size: mimetype.count
      ),
      content,
    ])
    let path = NSTemporaryDirectory() + "cjnb-zip-\(UUID().uuidString).ods"
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    let error = try #require(HostileOpenDocumentTests.refusal(path))
    #expect(error.kind == .unreadable)
    #expect(
      error.message
        == "has a damaged part content.xml: its data is cut off: its compressed data ends before the stream does"
    )
  }
}
