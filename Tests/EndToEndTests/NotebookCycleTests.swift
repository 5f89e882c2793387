import Foundation
import Testing

/// The yearly cycle of a notebook: record, check, replay on next year's data, review, accept,
/// export; without side effects where none were asked for (issue 13).
@Suite("The notebook cycle", .serialized)
struct NotebookCycleTests {
  static func folder() throws -> String {
    let folder = NSTemporaryDirectory() + "cjnb-cycle-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  static let notebook = """
    # Cases in Fife

    ```cjnb
    load "cases.csv" as t
    ```

    ```cjnb
    t | write csv to "cases-out.csv"
    ```

    ```cjnb
    t | trend
    ```

    """

  @Test func checkAndRunWriteNothingAndUpdateRewrites() throws {
    let dir = try Self.folder()
    let nb = dir + "/nb.md"
    try "area,year,value\nFife,2021-22,5\nFife,2022-23,7\n".write(
      toFile: dir + "/cases.csv", atomically: true, encoding: .utf8)
    try Self.notebook.write(toFile: nb, atomically: true, encoding: .utf8)
    // A check of a notebook never run writes nothing, and says the file is not there.
    let first = try Binary.run(["check", nb])
    #expect(first.status == 1)
    #expect(!FileManager.default.fileExists(atPath: dir + "/cases-out.csv"))
    // run --update records the outputs and writes the file the notebook writes.
    #expect(try Binary.run(["run", nb, "--update"]).status == 0)
    let written = try String(contentsOfFile: dir + "/cases-out.csv", encoding: .utf8)
    #expect(written == "area,year,value\nFife,2021-22,5\nFife,2022-23,7\n")
    // Checking again and again has no side effects and passes.
    for _ in 0..<2 {
      let again = try Binary.run(["check", nb])
      #expect(again.status == 0, "\(again.stderr)")
    }
    // A second update rewrites the file rather than failing because it is there.
    #expect(try Binary.run(["run", nb, "--update"]).status == 0)
    // Next year's data: the check says what changed in words, writes nothing, exits 1.
    try "area,year,value\nFife,2021-22,5\nFife,2022-23,9\nFife,2023-24,12\n".write(
      toFile: dir + "/cases.csv", atomically: true, encoding: .utf8)
    let changed = try Binary.run(["check", nb])
    #expect(changed.status == 1)
    #expect(changed.stderr.contains("changed: 2022-23: 7 → 9"), "\(changed.stderr)")
    #expect(changed.stderr.contains("added row: 2023-24"))
    #expect(
      changed.stderr.contains(
        "cases-out.csv: not written while checking; the file differs from what the cell writes"))
    #expect(try String(contentsOfFile: dir + "/cases-out.csv", encoding: .utf8) == written)
    // Export refuses stale outputs unless asked to re-run, and says why.
    let stale = try Binary.run(["export", nb, "--to", "md"])
    #expect(stale.status == 1)
    #expect(stale.stderr.contains("no longer give the outputs the notebook holds"))
    #expect(stale.stdout.isEmpty)
    let rerun = try Binary.run(["export", nb, "--to", "md", "--rerun"])
    #expect(rerun.status == 0)
    #expect(rerun.stdout.contains("| 2023-24 | 12 |"))
    // Accept: update, then all is clean and the export is what the notebook holds. The change to
    // the file is small and local: every line outside the changed outputs is as it was.
    let before = try String(contentsOfFile: nb, encoding: .utf8)
    #expect(try Binary.run(["run", nb, "--update"]).status == 0)
    let after = try String(contentsOfFile: nb, encoding: .utf8)
    func outside(_ text: String) -> [String] {
      var inOutput = false
      return text.split(separator: "\n", omittingEmptySubsequences: false).compactMap { line in
        if line == "```output" { inOutput = true }
        defer { if line == "```" { inOutput = false } }
        return inOutput ? nil : String(line)
      }
    }
    #expect(outside(before) == outside(after))
    #expect(try Binary.run(["check", nb]).status == 0)
    #expect(try Binary.run(["export", nb, "--to", "md"]).status == 0)
  }

  @Test func settingsThatChangeOutputsAreRecorded() throws {
    let dir = try Self.folder()
    let nb = dir + "/nb.md"
    try "area,year,value\nFife,2021-22,5\nFife,2022-23,7\n".write(
      toFile: dir + "/cases.csv", atomically: true, encoding: .utf8)
    try Self.notebook.write(toFile: nb, atomically: true, encoding: .utf8)
    #expect(try Binary.run(["run", nb, "--update", "--width", "120", "--ascii"]).status == 0)
    let text = try String(contentsOfFile: nb, encoding: .utf8)
    #expect(text.hasPrefix("---\nwidth: 120\nascii: true\n---\n# Cases in Fife"))
    // A plain check draws as the notebook says it was drawn.
    let check = try Binary.run(["check", nb])
    #expect(check.status == 0, "\(check.stderr)")
  }

  @Test func aFileWithNoCellsIsNotANotebookThatPasses() throws {
    let dir = try Self.folder()
    for text in ["", "# Just a heading\n\nSome text.\n"] {
      try text.write(toFile: dir + "/empty.md", atomically: true, encoding: .utf8)
      let r = try Binary.run(["check", dir + "/empty.md"])
      #expect(r.status == 2)
      #expect(r.stderr.contains("holds no cells"))
    }
  }

  /// Suppression reaches every figure that leaves cjnb: charts, sentences, write md.
  @Test func exportSuppressionReachesChartsProseAndWrittenTables() throws {
    let dir = try Self.folder()
    let nb = dir + "/nb.md"
    try
      "area,year,value\nOrkney Islands,2019-20,5\nOrkney Islands,2020-21,8\nOrkney Islands,2021-22,12\nOrkney Islands,2022-23,15\n"
      .write(toFile: dir + "/small.csv", atomically: true, encoding: .utf8)
    let cells = [
      "load \"small.csv\" as s", "s | chart spark", "s | chart bar by year", "s | narrate",
      "s | write md",
    ]
    try ("# Small\n\n" + cells.map { "```cjnb\n\($0)\n```\n\n" }.joined()).write(
      toFile: nb, atomically: true, encoding: .utf8)
    #expect(try Binary.run(["run", nb, "--update"]).status == 0)
    for format in ["md", "html"] {
      let r = try Binary.run(["export", nb, "--to", format, "--suppress", "10"])
      #expect(r.status == 0, "\(r.stderr)")
      // No 5 or 8 anywhere: not as a bar, a point, a sparkline's first value, a sentence or a cell.
      // (An SVG chart's axis ticks, 0, 5, 10, are its scale, not figures: they are left out.)
      let figures = r.stdout.replacingOccurrences(
        of: #"class="tick">[0-9,.%]+<"#, with: "", options: .regularExpression)
      for small in [" 5\n", " 8\n", "| 5 |", "| 8 |", "to 8", ">5<", ">8<"] {
        #expect(!figures.contains(small), "\(format): \(small)")
      }
      #expect(r.stdout.contains("[c] 2 counts under 10 suppressed"))
      #expect(r.stdout.contains("Narrative withheld"))
    }
  }

  /// A rate drawn from a small count gives the count back: its whiskered bars and its funnel
  /// plot are withheld from a suppressed export, and its table loses the rate with the count.
  @Test func exportSuppressionReachesRatesTheirIntervalsAndFunnelPlots() throws {
    let dir = try Self.folder()
    let nb = dir + "/rates.md"
    let cells = [
      #"let r = indicators | where year = 2023-24 and area in ("Orkney Islands", "Fife", "Glasgow City", "Scotland") | rate "CPOs completed" / "CPOs ended" by area"#,
      "r | chart bar", "r | funnelplot", "r", "r | select area, rate, lower, upper",
    ]
    try ("# Rates\n\n" + cells.map { "```cjnb\n\($0)\n```\n\n" }.joined()).write(
      toFile: nb, atomically: true, encoding: .utf8)
    #expect(try Binary.run(["run", nb, "--update"]).status == 0)
    let r = try Binary.run(["export", nb, "--to", "md", "--suppress", "50"])
    #expect(r.status == 0, "\(r.stderr)")
    // Orkney: 34 completed of 44 ended, 77.3% (63.0% to 87.2%).
    for figure in ["77.3%", "63.0%", "87.2%", "| 34 |", "| 44 |"] {
      #expect(!r.stdout.contains(figure), "\(figure)")
    }
    #expect(r.stdout.components(separatedBy: "[Chart withheld").count == 3)
    // Glasgow's figures, from hundreds of orders, stay.
    #expect(r.stdout.contains("78.9%"))
    // Rates whose counts were selected away cannot be told apart: withheld, with the reason.
    #expect(
      r.stdout.contains(
        "[rate, lower, upper withheld: the counts they are worked out from are not in the table"))
  }

  /// A sentence that quotes a figure which changed is pointed out by --update, not left stale.
  @Test func updateFlagsNarrativeQuotingAChangedFigure() throws {
    let dir = try Self.folder()
    let nb = dir + "/nb.md"
    try "area,year,value\nFife,2021-22,1200\nFife,2022-23,1234\n".write(
      toFile: dir + "/st.csv", atomically: true, encoding: .utf8)
    try
      "# Stale\n\nFife's count rose to 1,234 in 2022-23.\n\n```cjnb\nload \"st.csv\" as t\n```\n\n```cjnb\nt\n```\n"
      .write(toFile: nb, atomically: true, encoding: .utf8)
    // Nothing but the summary, which is status and goes to standard error.
    let first = try Binary.run(["run", nb, "--update"]).stderr
    #expect(
      first.hasPrefix("\(nb): 2 cells, ") && first.hasSuffix(" with new output\n")
        && first.split(separator: "\n").count == 1, "\(first)")
    try "area,year,value\nFife,2021-22,1200\nFife,2022-23,1250\n".write(
      toFile: dir + "/st.csv", atomically: true, encoding: .utf8)
    let update = try Binary.run(["run", nb, "--update"])
    #expect(update.status == 0)
    #expect(
      update.stderr.contains("line 3: the narrative quotes 1,234, which cell 2 now gives as 1,250"),
      "\(update.stderr)")
  }

  /// Narrative quotes figures live: written in by --update, compared by check, exported as values.
  @Test func quotedFiguresStayTrue() throws {
    let dir = try Self.folder()
    let nb = dir + "/nb.md"
    try "area,year,value\nFife,2022-23,5\nFife,2023-24,7\n".write(
      toFile: dir + "/c.csv", atomically: true, encoding: .utf8)
    try
      "# Live\n\nFife had {{latest}} cases (`{{NAME}}` quotes a result).\n\n```cjnb\nload \"c.csv\" as t\nlet latest = t | where year last 1\n```\n"
      .write(toFile: nb, atomically: true, encoding: .utf8)
    let first = try Binary.run(["run", nb, "--update"])
    #expect(
      first.stderr.contains("1 quoted figure, 1 with a new value"),
      "\(first.stdout) \(first.stderr)")
    #expect(
      try String(contentsOfFile: nb, encoding: .utf8).contains(
        "Fife had {{latest = 7}} cases (`{{NAME}}` quotes a result)."))
    #expect(try Binary.run(["check", nb]).status == 0)
    // Next year's data: check reports the quoted figure as a change.
    try "area,year,value\nFife,2022-23,5\nFife,2023-24,9\n".write(
      toFile: dir + "/c.csv", atomically: true, encoding: .utf8)
    let changed = try Binary.run(["check", nb])
    #expect(changed.status == 1)
    #expect(
      changed.stderr.contains("nb.md:3: quoted figure {{latest}} differs\n  changed: 7 → 9"),
      "\(changed.stderr)")
    #expect(try Binary.run(["run", nb, "--update"]).status == 0)
    let export = try Binary.run(["export", nb, "--to", "md"])
    #expect(export.stdout.contains("Fife had 9 cases"), "\(export.stdout)")
    // A quote of nothing is an error naming the line.
    try "# Bad\n\n{{nothing}}\n\n```cjnb\nareas | limit 1\n```\n".write(
      toFile: dir + "/bad.md", atomically: true, encoding: .utf8)
    let bad = try Binary.run(["check", dir + "/bad.md"])
    #expect(bad.status == 2)
    #expect(bad.stderr.contains("bad.md:3: {{nothing}}: there is no result called nothing"))
  }
}
