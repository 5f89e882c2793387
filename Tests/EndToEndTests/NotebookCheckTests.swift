import Foundation
import Testing

@Suite("Notebooks and the language reference check clean", .serialized)
struct NotebookCheckTests {
  func notebooks() throws -> [String] {
    let folder = Binary.root + "/Notebooks"
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    return names.filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted().map {
      folder + "/" + $0
    }
  }

  /// docs/loading-portal.md (statistics.gov.scot files, encodings, joins, your own population)
  /// replays to what it shows.
  @Test func loadingPortalData() throws {
    let r = try Binary.run(["check", Binary.root + "/docs/loading-portal.md"], directory: "/")
    #expect(r.status == 0, "\(r.stderr)")
  }

  /// Every example in docs/language.md runs and prints what the page says it prints.
  @Test func languageReference() throws {
    let r = try Binary.run(["check", Binary.root + "/docs/language.md"], directory: "/")
    #expect(r.status == 0, "\(r.stderr)")
  }

  /// docs/loading.md, on what cjnb recognises in published files, replays to what it shows.
  @Test func loadingGuide() throws {
    let r = try Binary.run(["check", Binary.root + "/docs/loading.md"], directory: "/")
    #expect(r.status == 0, "\(r.stderr)")
  }

  /// The README's tour replays to what it shows, and its error example is the real one.
  @Test func readme() throws {
    let r = try Binary.run(["check", Binary.root + "/README.md"], directory: "/")
    #expect(r.status == 0, "\(r.stderr)")
    let readme = try String(contentsOfFile: Binary.root + "/README.md", encoding: .utf8)
    let error = try Binary.run(["-c", "indicators | group by aera sum(value)"])
    #expect(readme.contains("cjnb> indicators | group by aera sum(value)\n" + error.stderr))
    let banner =
      "cjnb 0.1.0 · datasets: indicators, population, population_current, published, areas (indicators: illustrative)"
    #expect(readme.contains(banner))
  }

  /// The examples `help VERB` runs are the ones the reference shows.
  @Test func everyHelpExampleIsInTheReference() throws {
    let page = try String(contentsOfFile: Binary.root + "/docs/language.md", encoding: .utf8)
    let help = try Binary.run(["-c", "help"])
    let verbs = help.stdout.split(separator: "\n", omittingEmptySubsequences: false).drop {
      $0 != "verbs"
    }.dropFirst().prefix { !$0.isEmpty }.map { String($0.split(separator: " ")[0]) }
    #expect(verbs.count >= 20)
    for verb in verbs {
      let about = try Binary.run(["-c", "help \(verb)"])
      let example =
        about.stdout.split(separator: "\n").drop { $0 != "example:" }.dropFirst().first.map {
          $0.trimmingCharacters(in: .whitespaces)
        } ?? ""
      #expect(!example.isEmpty, "help \(verb) has an example")
      #expect(
        page.contains("```cjnb\n\(example)\n```"),
        "the example of \(verb) is in docs/language.md: \(example)")
    }
  }

  /// The worked analyses in Notebooks/ replay to the outputs they hold, from any folder.
  @Test func workedAnalyses() throws {
    let paths = try notebooks()
    #expect(paths.count >= 4)
    let r = try Binary.run(["check"] + paths, directory: "/tmp")
    #expect(r.status == 0, "\(r.stderr)")
  }

  @Test func checkReportsADifferenceWithStatusOneAndAFailureWithTwo() throws {
    let folder = NSTemporaryDirectory() + "cjnb-check-\(ProcessInfo.processInfo.processIdentifier)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    try "year,value\n2019-20,5\n2020-21,7\n".write(
      toFile: folder + "/x.csv", atomically: true, encoding: .utf8)
    try "# X\n\n```cjnb\nload \"x.csv\" as x\nx | trend\n```\n".write(
      toFile: folder + "/nb.md", atomically: true, encoding: .utf8)
    let update = try Binary.run(["run", folder + "/nb.md", "--update"])
    #expect(update.status == 0)
    #expect(update.stderr == "\(folder)/nb.md: 1 cell, 1 with new output\n")
    #expect(update.stdout.isEmpty)
    #expect(try Binary.run(["check", folder + "/nb.md"]).status == 0)
    try "year,value\n2019-20,5\n2020-21,8\n".write(
      toFile: folder + "/x.csv", atomically: true, encoding: .utf8)
    let changed = try Binary.run(["check", folder + "/nb.md"])
    #expect(changed.status == 1)
    #expect(changed.stderr.contains("\(folder)/nb.md:3: cell 1: output differs"))
    #expect(
      changed.stderr.contains("changed: 2020-21: 7 → 8\n  changed: 2020-21 · change: +2 → +3"),
      "\(changed.stderr)")
    try "year,value\n".write(toFile: folder + "/x.csv", atomically: true, encoding: .utf8)
    let failed = try Binary.run(["check", folder + "/nb.md"])
    #expect(failed.status == 2)
    let missing = try Binary.run(["check", folder + "/none.md"])
    #expect(missing.status == 2)
    #expect(missing.stderr == "error: \(folder)/none.md: no such file\n")
  }

  @Test func exportToHTMLIsOneSelfContainedFile() throws {
    let out =
      NSTemporaryDirectory() + "cjnb-export-\(ProcessInfo.processInfo.processIdentifier).html"
    let r = try Binary.run(["export", Binary.root + "/docs/language.md", "--to", "html", "-o", out])
    #expect(r.status == 0, "\(r.stderr)")
    let html = try String(contentsOfFile: out, encoding: .utf8)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(!html.contains("<link") && !html.contains("<script"))
    #expect(html.contains("<table>"))
    #expect(html.contains("<pre class=\"chart\">"))
  }
}
