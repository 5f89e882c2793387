import Foundation
import Testing

/// `cjnb recover` on journals of killed sessions, through the built binary.
@Suite("cjnb recover", .serialized)
struct RecoverTests {
  /// A state folder with the journal of a killed session that loaded a file and wrote one; the
  /// journal is cut off `cut` bytes before its end. Returns the state and working folders.
  static func killedSession(_ name: String, cut: Int = 0) throws -> (state: String, work: String) {
    let state =
      NSTemporaryDirectory()
      + "cjnb-e2e-recover-\(ProcessInfo.processInfo.processIdentifier)-\(name)"
    let work = state + "-work"
    try? FileManager.default.removeItem(atPath: state)
    try? FileManager.default.removeItem(atPath: work)
    try FileManager.default.createDirectory(
      atPath: state + "/cjnb/sessions", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
    try "year,value\n2019-20,5\n2020-21,7\n".write(
      toFile: work + "/x.csv", atomically: true, encoding: .utf8)
    // The user's later edit of what the session wrote.
    try "edited by hand\n".write(toFile: work + "/out.csv", atomically: true, encoding: .utf8)
    let journal = """
      ---
      title: "cjnb session of 2026-01-05 10:00"
      date: 2026-01-05 10:00
      journal: 2
      directory: \(work)
      ---


      ```cjnb
      load "x.csv" as x
      ```

      ```output
      loaded x: 2 rows, 2 columns
      ```

      ```cjnb
      x | write csv to "out.csv"
      ```

      ```output
      wrote 2 rows to out.csv
      ```

      ```cjnb
      x | limit 1
      ```

      ```output
        year     value
        ───────  ─────
        2019-20      5
      ```

      """
    let bytes = Array(journal.utf8)
    try Data(bytes[..<(bytes.count - cut)]).write(
      to: URL(fileURLWithPath: state + "/cjnb/sessions/2026-01-05-100000-4242.md"))
    return (state, work)
  }

  @Test func theListSaysHowEachSessionEndedAndWhereOneWasCutOff() throws {
    let (state, _) = try Self.killedSession("list", cut: 30)
    let r = try Binary.run(["recover"], environment: ["XDG_STATE_HOME": state])
    #expect(r.status == 0)
    #expect(
      r.stdout.hasPrefix(
        "  1  2026-01-05 10:00  2 cells  did not end (killed, or still running), cut off  load \"x.csv\" as x\n"
      ))
  }

  @Test func toAFileThatIsThereRefusesWithoutReplaceAndSaysSo() throws {
    let (state, work) = try Self.killedSession("to-existing")
    let target = work + "/existing.md"
    try "my notebook\n".write(toFile: target, atomically: true, encoding: .utf8)
    let refused = try Binary.run(
      ["recover", "1", "--to", target], environment: ["XDG_STATE_HOME": state])
    #expect(refused.status == 1)
    #expect(
      refused.stderr
        == "error: \(target) is already there; it was left as it is\n  help: say --replace to replace it, or give another file name\n"
    )
    #expect(try String(contentsOfFile: target, encoding: .utf8) == "my notebook\n")

    let replaced = try Binary.run(
      ["recover", "1", "--to", target, "--replace"], environment: ["XDG_STATE_HOME": state])
    #expect(replaced.status == 0)
    #expect(replaced.stdout == "saved 3 cells to \(target)\n")
    #expect(
      try String(contentsOfFile: target, encoding: .utf8).contains("x | write csv to \"out.csv\""))
    // Nothing was re-run: the file the session wrote keeps the user's edit.
    #expect(try String(contentsOfFile: work + "/out.csv", encoding: .utf8) == "edited by hand\n")
    // The journal is marked recovered, so it may be pruned.
    let list = try Binary.run(["recover"], environment: ["XDG_STATE_HOME": state])
    #expect(list.stdout.contains("3 cells  recovered"))
    // The saved notebook is a notebook: its front matter has no journal bookkeeping.
    #expect(try !String(contentsOfFile: target, encoding: .utf8).contains("journal: 2"))
  }

  @Test func aCutOffJournalSavesItsCompleteCellsAndSaysItWasCutOff() throws {
    let (state, work) = try Self.killedSession("to-cut", cut: 30)
    let target = work + "/recovered.md"
    let r = try Binary.run(
      ["recover", "1", "--to", target], environment: ["XDG_STATE_HOME": state])
    #expect(r.status == 0)
    #expect(r.stdout == "saved 2 cells to \(target)\n")
    #expect(
      r.stderr.contains(
        "note: the journal was cut off in the middle of an entry at line 25: recovered the 2 complete cells before it"
      ))
    let saved = try String(contentsOfFile: target, encoding: .utf8)
    #expect(saved.hasSuffix("```output\nwrote 2 rows to out.csv\n```\n"))
  }

  @Test func dropDeletesAJournal() throws {
    let (state, _) = try Self.killedSession("drop")
    let r = try Binary.run(["recover", "1", "--drop"], environment: ["XDG_STATE_HOME": state])
    #expect(r.status == 0)
    #expect(r.stdout.hasPrefix("dropped journal 1 ("))
    let list = try Binary.run(["recover"], environment: ["XDG_STATE_HOME": state])
    #expect(list.stdout.hasPrefix("no journals yet"))
  }
}
