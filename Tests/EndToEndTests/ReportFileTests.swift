import Foundation
import Testing

/// The binary's report files: `export --to docx`, `chart ... to`, `write xlsx`, replayed from a
/// notebook (checked without writing, written by `run --update`).
@Suite("Report files from the binary")
struct ReportFileTests {
  static func folder() throws -> String {
    let folder = NSTemporaryDirectory() + "cjnb-report-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test func aWordDocumentIsAFileNamedWithO() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    try
      "# Fife\n\n```cjnb\nindicators | where area = \"Fife\" and measure = \"cases commenced\" and year >= 2021-22 | select year, value\n```\n"
      .write(toFile: dir + "/nb.md", atomically: true, encoding: .utf8)
    #expect(try Binary.run(["run", dir + "/nb.md", "--update"]).status == 0)
    let refused = try Binary.run(["export", dir + "/nb.md", "--to", "docx"])
    #expect(refused.status == 2 && refused.stderr.contains("-o FILE.docx"))
    let r = try Binary.run(["export", dir + "/nb.md", "--to", "docx", "-o", dir + "/nb.docx"])
    #expect(r.status == 0, "\(r.stderr)")
    let bytes = try Data(contentsOf: URL(fileURLWithPath: dir + "/nb.docx"))
    #expect(bytes.prefix(2) == Data("PK".utf8))
  }

  @Test func aNotebooksFilesAreComparedWhenCheckedAndWrittenWhenUpdated() throws {
    let dir = try Self.folder()
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let cells = [
      "indicators | where area in (\"Fife\", \"Angus\") and measure = \"cases commenced\" | chart line by area to \"trend.svg\"",
      "indicators | where area = \"Fife\" and measure = \"cases commenced\" | select year, value | write xlsx to \"fife.xlsx\"",
    ]
    try ("# Files\n\n" + cells.map { "```cjnb\n\($0)\n```\n\n" }.joined()).write(
      toFile: dir + "/nb.md", atomically: true, encoding: .utf8)
    let update = try Binary.run(["run", dir + "/nb.md", "--update"])
    #expect(update.status == 0, "\(update.stderr)")
    #expect(
      FileManager.default.fileExists(atPath: dir + "/trend.svg")
        && FileManager.default.fileExists(atPath: dir + "/fife.xlsx"))
    // The same bytes again: a check of the notebook is clean, and writes nothing.
    let check = try Binary.run(["check", dir + "/nb.md"])
    #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    try FileManager.default.removeItem(atPath: dir + "/trend.svg")
    let missing = try Binary.run(["check", dir + "/nb.md"])
    #expect(missing.status == 1)
    #expect(!FileManager.default.fileExists(atPath: dir + "/trend.svg"))
    // A notebook writes only inside its folder.
    try
      "```cjnb\nindicators | where area = \"Fife\" and measure = \"cases commenced\" | chart line to \"/tmp/cjnb-outside.svg\"\n```\n"
      .write(toFile: dir + "/bad.md", atomically: true, encoding: .utf8)
    let bad = try Binary.run(["run", dir + "/bad.md", "--update"])
    #expect(bad.status != 0)
    #expect(!FileManager.default.fileExists(atPath: "/tmp/cjnb-outside.svg"))
  }
}
