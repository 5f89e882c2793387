import Foundation
import Testing
import ZIPFoundation

@testable import Tables

/// OpenDocument files made to hurt: each ends in a clear error (or a result) at once.
@Suite("Hostile .ods files")
struct HostileOpenDocumentTests {
  /// An .ods file whose content.xml is `content`, or `size` bytes from `chunk`.
  static func document(_ content: String = "", size: Int? = nil, chunk: ((Int, Int) -> Data)? = nil)
    throws -> String
  {
    let folder = NSTemporaryDirectory() + "cjnb-hostile-ods-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    let path = folder + "/sheet.ods"
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
    let mimetype = Data("application/vnd.oasis.opendocument.spreadsheet".utf8)
    try archive.addEntry(
      with: "mimetype", type: .file, uncompressedSize: Int64(mimetype.count),
      compressionMethod: .none
    ) { p, n in mimetype.subdata(in: Int(p)..<Int(p) + n) }
    if let size, let chunk {
      try archive.addEntry(
        with: "content.xml", type: .file, uncompressedSize: Int64(size), compressionMethod: .deflate
      ) { p, n in chunk(Int(p), n) }
    } else {
      let data = Data(content.utf8)
      try archive.addEntry(
        with: "content.xml", type: .file, uncompressedSize: Int64(data.count),
        compressionMethod: .deflate
      ) { p, n in data.subdata(in: Int(p)..<Int(p) + n) }
    }
    return path
  }

  static func content(_ rows: String) -> String {
    #"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet><table:table table:name="S">"#
      + rows + "</table:table></office:spreadsheet></office:body></office:document-content>"
  }

  static func refusal(_ path: String) -> FileError? {
    do {
      _ = try OpenDocument.read(path: path, sheet: nil)
      return nil
    } catch {
      return error
    }
  }

  @Test func aContentThatUnpacksPastTheLimitStopsAtTheLimit() throws {
    let total = 200 << 20
    let path = try Self.document(size: total) { _, count in Data(repeating: 0x20, count: count) }
    let error = try #require(Self.refusal(path))
    #expect(error.kind == .tooLarge)
    #expect(error.message.contains("unpacks to more than 96 MB"))
  }

  @Test func filledRepeatsPastTheGridAreRefusedInBoundedTime() throws {
    let clock = ContinuousClock()
    let start = clock.now
    // 16,384 columns of one filled cell, that row 2,000 times: 32 million cells.
    let path = try Self.document(
      Self.content(
        #"<table:table-row table:number-rows-repeated="2000"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>"#
      ))
    let error = try #require(Self.refusal(path))
    #expect(error.kind == .tooLarge)
    #expect(error.message.contains("20,000,000"))
    #expect(clock.now - start < .seconds(30))
  }

  @Test func deeplyNestedTextInACellIsReadWithoutRecursion() throws {
    let depth = 200_000
    let cell =
      #"<table:table-cell office:value-type="string"><text:p>"#
      + String(repeating: "<text:span>", count: depth) + "deep"
      + String(repeating: "</text:span>", count: depth) + "</text:p></table:table-cell>"
    let path = try Self.document(
      Self.content(
        "<table:table-row>\(cell)<table:table-cell office:value-type=\"string\"><text:p>b</text:p></table:table-cell></table:table-row>"
      ))
    let (result, _) = try OpenDocument.read(path: path, sheet: nil)
    #expect(result.table.columnNames == ["deep", "b"])
  }

  @Test func damagedXMLSaysWhere() throws {
    let path = try Self.document(
      Self.content(
        #"<table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-row>"#
      ))
    let error = try #require(Self.refusal(path))
    #expect(error.kind == .unreadable)
    #expect(error.message.hasPrefix("has a damaged content.xml:"))
  }
}
