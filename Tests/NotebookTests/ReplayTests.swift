import Foundation
import BundledDatasets
@testable import Notebook
import Query
import Rendering
@testable import Tables
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// A fresh folder under /tmp for one test: one left by an earlier run of the same process id is
/// removed first.
func scratchFolder(_ name: String) -> String {
  let path = "/tmp/cjnb-notebook-tests-\(getpid())-\(name)"
  try? FileManager.default.removeItem(atPath: path)
  mkdir(path, 0o755)
  return path
}

func runner(in folder: String) -> CommandRunner {
  let sources = BundledDatasets.all.compactMap { d in
    BundledDatasets.path(of: d).map {
      DatasetSource(
        name: d.name, path: $0, summary: d.summary, label: d.label, attribution: d.attribution)
    }
  }
  return CommandRunner(
    workspace: Workspace(datasets: sources, baseDirectory: folder),
    options: RenderOptions(width: 80))
}

@Suite("Replaying and checking notebooks", .serialized)
struct ReplayTests {
  let notebook = """
    # Cases by area

    ```cjnb
    load "cases.csv" as cases
    cases | trend
    ```

    ```cjnb
    cases | where year = 2020-21
    ```
    """

  func write(_ text: String, _ path: String) throws {
    try AtomicFile.write(text, to: path)
  }

  @Test func runUpdateThenCheckAgainstNextYearsData() throws {
    let folder = scratchFolder("check")
    try write("year,value\n2018-19,100\n2019-20,110\n2020-21,120\n", folder + "/cases.csv")
    var doc = try NotebookFormat.parse(notebook)
    // Update: the outputs are written in.
    let first = Replay.run(doc, path: folder + "/nb.md", runner: runner(in: folder))
    #expect(first.allSatisfy { $0.error == nil })
    for r in first { doc.setOutput(r.output, ofCell: r.index) }
    try NotebookFormat.save(doc, to: folder + "/nb.md")
    // Same data: everything matches.
    let again = Replay.run(
      try NotebookFormat.read(path: folder + "/nb.md"), path: folder + "/nb.md",
      runner: runner(in: folder))
    #expect(Check.differences(again).isEmpty)
    // Next year's release revises a figure: the check names the cell, its line and the values.
    try write("year,value\n2018-19,100\n2019-20,110\n2020-21,125\n", folder + "/cases.csv")
    let revised = Replay.run(
      try NotebookFormat.read(path: folder + "/nb.md"), path: folder + "/nb.md",
      runner: runner(in: folder))
    let differences = Check.differences(revised)
    #expect(differences.map(\.index) == [0, 1])
    let report = differences[1].report(path: "nb.md")
    let line = try NotebookFormat.read(path: folder + "/nb.md").cells[1].line
    #expect(line > 10)
    #expect(report.hasPrefix("nb.md:\(line): cell 2: output differs"))
    #expect(report.contains("changed: 2020-21: 120 → 125"), "\(report)")
    #expect(
      differences[0].report(path: "nb.md").contains("2020-21 · change: +10 → +15"),
      "\(differences[0].report(path: "nb.md"))")
  }

  @Test func pathsStartAtTheNotebooksFolder() throws {
    let folder = scratchFolder("paths")
    try write("year,value\n2018-19,1\n", folder + "/cases.csv")
    let elsewhere = runner(in: folder)
    let results = Replay.run(
      try NotebookFormat.parse(notebook), path: folder + "/nb.md", runner: elsewhere)
    #expect(results.first?.error == nil)
  }

  @Test func aFailingCommandIsReportedWithTheNotebooksLine() throws {
    let folder = scratchFolder("fail")
    let doc = try NotebookFormat.parse(
      "# x\n\n```cjnb\nareas | limit 1\nareas | where aera = \"Fife\"\n```\n")
    let results = Replay.run(doc, path: "nb.md", runner: runner(in: folder))
    let error = DiagnosticRenderer.render(try #require(results.first?.error))
    #expect(error.hasPrefix("error: unknown column \"aera\"\n --> nb.md:5:15"))
  }

  /// Defect fixed: the refusal was a string typed by hand, so it had no caret and did not say
  /// the column; it is a diagnostic now, drawn as every other error is.
  @Test func sessionCommandsAreNotRunFromNotebooks() throws {
    let doc = try NotebookFormat.parse("```cjnb\nsave \"x.md\"\n```\n")
    let results = Replay.run(doc, path: "nb.md", runner: runner(in: "/tmp"))
    let error = try #require(results.first?.error)
    #expect(
      DiagnosticRenderer.render(error) == """
        error: `save` belongs to an interactive session; a notebook runs only cjnb commands
         --> nb.md:2:1
          | save "x.md"
          | ^^^^
        """)
  }

  @Test func anInterruptedSaveLeavesTheOldFileWhole() throws {
    let folder = scratchFolder("atomic")
    let path = folder + "/nb.md"
    let old = String(repeating: "old notebook\n", count: 1000)
    try write(old, path)
    let new = Array(String(repeating: "new notebook\n", count: 1000).utf8)
    #expect(throws: WriteError.self) { try AtomicFile.write(new, to: path, failingAfter: 4096) }
    #expect(String(decoding: try FileBytes.read(path), as: UTF8.self) == old)
    // No temporary file is left behind.
    let leftovers = try listing(folder).filter { $0.contains(".tmp-") }
    #expect(leftovers.isEmpty)
  }

  func listing(_ folder: String) throws -> [String] {
    guard let dir = opendir(folder) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let e = readdir(dir) {
      names.append(
        withUnsafeBytes(of: e.pointee.d_name) {
          String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
        })
    }
    return names
  }

  @Test func exportKeepsNarrativeAndOutputsWithoutCommands() throws {
    let folder = scratchFolder("export")
    try write(
      "area,year,value\nFife,2020-21,3\nAngus,2020-21,40\nMoray,2020-21,12\nScotland,2020-21,55\n",
      folder + "/cases.csv")
    let doc = try NotebookFormat.parse(
      "---\ntitle: Cases\n---\n\n# Cases\n\nSome *narrative*.\n\n```cjnb\nload \"cases.csv\" as c\nc\n```\n"
    )
    let results = Replay.run(doc, path: folder + "/nb.md", runner: runner(in: folder))
    let settings = Export.Settings(suppressBelow: 5)
    let md = Export.markdown(doc, results: results, settings: settings)
    #expect(md.contains("# Cases\n\nSome *narrative*."))
    #expect(!md.contains("load \"cases.csv\""))
    #expect(md.contains("| Fife | 2020-21 | [c] |"))
    #expect(md.contains("| Moray | 2020-21 | [c] |"))
    let html = Export.html(doc, results: results, settings: Export.Settings(withCommands: true))
    #expect(html.contains("<title>Cases</title>"))
    #expect(html.contains("<em>narrative</em>"))
    #expect(html.contains("<td class=\"num\">55</td>"))
    #expect(html.contains("<pre class=\"command\">load &quot;cases.csv&quot; as c\nc</pre>"))
    #expect(html.contains("@media print"))
  }

  @Test func markdownWrittenInACellBecomesARealTableInAnExport() throws {
    let folder = scratchFolder("export-md")
    try write("area,year,value\nFife,2020-21,3\nAngus,2020-21,40\n", folder + "/cases.csv")
    let doc = try NotebookFormat.parse(
      "# Cases\n\n```cjnb\nload \"cases.csv\" as c\nc | write md suppress below 5\n```\n")
    let results = Replay.run(doc, path: folder + "/nb.md", runner: runner(in: folder))
    let md = Export.markdown(doc, results: results, settings: Export.Settings())
    #expect(md.contains("| area | year | value |\n| --- | --- | ---: |\n| Fife | 2020-21 | [c] |"))
    #expect(!md.contains("```text"))
    let html = Export.html(doc, results: results, settings: Export.Settings())
    #expect(html.contains("<th align=\"right\">value</th>"))
    #expect(html.contains("<td align=\"right\">[c]</td>"))
    #expect(html.contains("td[align=\"right\"]"))
    #expect(!html.contains("<pre class=\"chart\">| area"))
  }
}
