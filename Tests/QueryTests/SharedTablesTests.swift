import Foundation
import Tables
import Testing

@testable import Query

/// Bundled tables are read once per process, and again when their file changes.
@Suite("Shared bundled tables")
struct SharedTablesTests {
  @Test func aFileIsReadOnceAndAgainWhenItChanges() throws {
    let folder = NSTemporaryDirectory() + "cjnb-shared-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let path = folder + "/areas.csv"
    try "area,value\nFife,1\n".write(toFile: path, atomically: true, encoding: .utf8)
    let w = Workspace(datasets: [DatasetSource(name: "mine", path: path, summary: "")])
    #expect(try w.table(named: "mine")?.rowCount == 1)
    // A second session over the same file sees the same table.
    let other = Workspace(datasets: [DatasetSource(name: "mine", path: path, summary: "")])
    #expect(try other.table(named: "mine")?.rowCount == 1)
    // Rewritten (another size, another time): read afresh by the next session to ask.
    try "area,value\nFife,1\nAngus,2\nMoray,3\n".write(
      toFile: path, atomically: true, encoding: .utf8)
    let third = Workspace(datasets: [DatasetSource(name: "mine", path: path, summary: "")])
    #expect(try third.table(named: "mine")?.rowCount == 3)
    // The first session keeps the table it read.
    #expect(try w.table(named: "mine")?.rowCount == 1)
  }

  @Test func aFileThatCannotBeReadIsAnError() {
    let w = Workspace(datasets: [
      DatasetSource(name: "gone", path: "/nonexistent/cjnb/x.csv", summary: "")
    ])
    #expect(throws: Diagnostic.self) { try w.table(named: "gone") }
  }
}
