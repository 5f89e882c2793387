import Foundation
import Testing

@Suite("The cjnb command line", .serialized)
struct CommandLineTests {
  @Test func versionAndHelp() throws {
    let version = try Binary.run(["--version"])
    #expect(version.status == 0)
    #expect(version.stdout == "0.1.0\n")
    let help = try Binary.run(["--help"])
    #expect(help.status == 0)
    #expect(help.stdout.contains("USAGE: cjnb"))
    #expect(help.stdout.contains("-c <commands>"))
  }

  @Test func badUsageExitsWithTwo() throws {
    let r = try Binary.run(["--no-such-flag"])
    #expect(r.status == 2)
    #expect(r.stderr.contains("Unknown option '--no-such-flag'"))
    #expect(r.stdout.isEmpty)
  }

  @Test func loadDescribeShowFromTheCommandLine() throws {
    let script = "load \"\(Binary.fixture("justice.csv"))\" as t; describe t; show t"
    let r = try Binary.run(["-c", script])
    #expect(r.status == 0)
    // What was done goes to standard error, the results to standard output.
    #expect(r.stderr.hasPrefix("loaded t: 8 rows × 4 columns from"))
    assertGolden(
      r.stdout.replacingOccurrences(of: Binary.root, with: "<repo>"), "load-describe-show.txt")
  }

  @Test func theSameOnStandardInput() throws {
    let script = "load \"\(Binary.fixture("justice.csv"))\" as t\ndescribe t\nshow t\n"
    let r = try Binary.run([], input: script)
    #expect(r.status == 0)
    let byFlag = try Binary.run(["-c", script.replacingOccurrences(of: "\n", with: "; ")])
    #expect(r.stdout == byFlag.stdout)
  }

  @Test func repeatedDashCRunsEveryCommandInOrder() throws {
    let script = "load \"\(Binary.fixture("justice.csv"))\" as t; describe t; show t"
    let joined = try Binary.run(["-c", script])
    let parts = script.components(separatedBy: "; ")
    let repeated = try Binary.run(parts.flatMap { ["-c", $0] })
    #expect(repeated.status == 0)
    #expect(repeated.stdout == joined.stdout)
  }

  @Test func aFailedCommandGivesOneButTheRestRun() throws {
    let r = try Binary.run(["-c", "indicators | group by aera; areas | limit 1"])
    #expect(r.status == 1)
    #expect(r.stderr.contains("error: unknown column \"aera\""))
    #expect(r.stderr.contains("did you mean \"area\"?"))
    #expect(r.stdout.contains("S12000033"))
    let bail = try Binary.run(["-c", "indicators | group by aera; areas | limit 1", "--bail"])
    #expect(bail.status == 1)
    #expect(!bail.stdout.contains("S12000033"))
  }

  @Test func errorsOnStandardInputNameTheLine() throws {
    let r = try Binary.run([], input: "areas | limit 1\n\nareas | where area = \"Falkrik\"\n")
    #expect(r.status == 1)
    assertGolden(r.stderr, "error-on-line-3.txt")
  }

  @Test func bundledDatasetsFromAnyFolder() throws {
    let r = try Binary.run(["-c", "datasets"], directory: "/")
    #expect(r.status == 0)
    #expect(r.stdout.contains("population_current    594"))
  }

  @Test func fileProblemsAreOneClearLine() throws {
    let missing = try Binary.run(["-c", "load \"\(Binary.root)/Datasets/indicator.csv\""])
    #expect(missing.status == 1)
    #expect(missing.stderr.contains("no such file"))
    #expect(missing.stderr.contains("did you mean \"\(Binary.root)/Datasets/indicators.csv\"?"))
    let folder = try Binary.run(["-c", "load \"\(Binary.root)/Datasets\""])
    #expect(folder.stderr.contains("is a directory, not a file"))
  }

  @Test func aWorkbookLoadsBySheetAndSaysWhichWhenAsked() throws {
    let folder = Binary.root + "/Tests/TablesTests/Fixtures"
    let unnamed = try Binary.run(["-c", #"load "published.xlsx""#], directory: folder)
    #expect(unnamed.status == 1)
    #expect(
      unnamed.stderr.hasPrefix(
        #"error: published.xlsx: has 3 sheets: "Cover", "Contents", "Table 1""#))
    #expect(
      unnamed.stderr.contains(#"help: say which to load: load "published.xlsx" sheet "Table 1""#))
    let misspelt = try Binary.run(
      ["-c", #"load "published.xlsx" sheet "Tabel 1""#], directory: folder)
    #expect(misspelt.status == 1)
    // The caret is under the sheet's name.
    #expect(misspelt.stderr.contains("  |                             ^^^^^^^^^"))
    let loaded = try Binary.run(
      [
        "-c",
        #"load "published.xlsx" sheet "Table 1" as cpo; cpo | where `CPOs commenced` > 2000 | select `Local authority`"#,
      ], directory: folder)
    #expect(loaded.status == 0)
    #expect(
      loaded.stderr.hasPrefix(
        #"loaded cpo: 4 rows × 4 columns from published.xlsx, sheet "Table 1""#))
    #expect(
      loaded.stdout.contains("Aberdeen City") && loaded.stdout.contains("Scotland")
        && !loaded.stdout.contains("Dumfries"))
  }

  @Test func standardInputThatIsNotTextIsBadInput() throws {
    let r = try Binary.run([], bytes: Data([0x61, 0x72, 0xFF, 0x0A]))
    #expect(r.status == 2)
    let err = r.stderr
    #expect(err == "error: standard input is not UTF-8 text (byte offset 2)\n")
  }

  @Test func chartsFitCOLUMNSAndAsciiIsSevenBit() throws {
    let command =
      "indicators | where measure = \"CPOs completed (%)\" and year = 2023-24 | chart bar"
    let narrow = try Binary.run(["-c", command], environment: ["COLUMNS": "50"])
    let lines = narrow.stdout.split(separator: "\n")
    #expect(lines.count > 30)
    #expect(lines.allSatisfy { $0.count <= 50 })
    let ascii = try Binary.run(["--ascii", "-c", command])
    #expect(ascii.stdout.utf8.allSatisfy { $0 < 0x80 })
    #expect(ascii.stdout.contains("#"))
    // No colour when the output is not a terminal.
    #expect(!narrow.stdout.contains("\u{1B}["))
  }

  @Test func aNotebookWithAsciiFrontMatterDrawsInASCII() throws {
    let folder = NSTemporaryDirectory() + "cjnb-ascii-\(ProcessInfo.processInfo.processIdentifier)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try
      "---\nascii: true\n---\n\n```cjnb\nindicators | where measure = \"cases commenced\" and area = \"Scotland\" | chart line\n```\n"
      .write(toFile: folder + "/nb.md", atomically: true, encoding: .utf8)
    let r = try Binary.run(["run", folder + "/nb.md"])
    #expect(r.status == 0)
    #expect(r.stdout.utf8.allSatisfy { $0 < 0x80 })
    #expect(r.stdout.contains("+--"))
  }

  @Test func asciiOutputIsSevenBit() throws {
    let r = try Binary.run([
      "--ascii", "-c",
      "indicators | where measure = \"cases commenced\" and area = \"Scotland\" | trend",
    ])
    #expect(r.status == 0)
    #expect(r.stdout.utf8.allSatisfy { $0 < 0x80 })
    #expect(r.stdout.contains("up"))
  }
}
