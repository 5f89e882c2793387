import Foundation
import Testing

/// Drives the real binary in a terminal through tmux, as a user would.
@Suite("The REPL in a terminal", .serialized)
struct TerminalTests {
  let session = "cjnb-e2e-\(ProcessInfo.processInfo.processIdentifier)"

  /// A tmux server of this test run's own, apart from any the user has running.
  var socket: String { "cjnb-e2e-\(ProcessInfo.processInfo.processIdentifier)" }

  @discardableResult
  func tmux(_ arguments: [String]) throws -> String {
    // Only capture-pane answers; the server that new-session starts would hold a pipe open forever.
    let capturing = arguments.first == "capture-pane"
    // The server leaves when its last session ends; a new-session that reaches it while it is
    // leaving fails (CI saw this once, between two sessions of one test), so new-session is tried
    // again, unless the session it asked for is there after all.
    let attempts = arguments.first == "new-session" ? 5 : 1
    for attempt in 1...attempts {
      let output = try Subprocess.run(
        "/usr/bin/env", ["tmux", "-L", socket] + arguments,
        environment: ProcessInfo.processInfo.environment, captureOutput: capturing, timeout: 20)
      if output.status == 0 { return String(decoding: output.stdout, as: UTF8.self) }
      if attempt < attempts {
        Thread.sleep(forTimeInterval: 0.2 * Double(attempt))
        if let name = sessionName(arguments), (try? tmux(["has-session", "-t", name])) != nil {
          return ""
        }
      }
    }
    throw TmuxError(arguments: arguments)
  }

  /// The name a new-session asks for.
  func sessionName(_ arguments: [String]) -> String? {
    guard let flag = arguments.firstIndex(of: "-s"), flag + 1 < arguments.count else { return nil }
    return arguments[flag + 1]
  }

  struct TmuxError: Error { var arguments: [String] }

  /// The screen of tmux session `name` (this test's own by default), with its colour escapes
  /// when `escapes`.
  func screen(_ name: String? = nil, escapes: Bool = false) throws -> String {
    try tmux(["capture-pane", "-t", name ?? session, "-p"] + (escapes ? ["-e"] : []))
  }

  /// Waits until the screen satisfies `condition`, for at most `seconds`.
  @discardableResult
  func waitFor(
    _ what: String, in name: String? = nil, escapes: Bool = false, seconds: Double = 15,
    _ condition: (String) -> Bool
  ) throws -> String {
    let deadline = Date().addingTimeInterval(seconds)
    var last = ""
    while Date() < deadline {
      last = try screen(name, escapes: escapes)
      if condition(last) { return last }
      Thread.sleep(forTimeInterval: 0.1)
    }
    Issue.record("timed out waiting for \(what); the screen was:\n\(last)")
    return last
  }

  func lastLine(_ screen: String) -> String {
    screen.split(separator: "\n").last.map(String.init) ?? ""
  }

  @Test func typeCompleteRecallInterruptAndLeave() throws {
    let state = NSTemporaryDirectory() + "cjnb-e2e-state-\(session)"
    let command =
      "XDG_STATE_HOME=\(state) TERM=xterm '\(Binary.path)'; echo \"exit status $?\"; sleep 30"
    try tmux(["new-session", "-d", "-s", session, "-x", "100", "-y", "30", command])
    defer { _ = try? tmux(["kill-session", "-t", session]) }

    // capture-pane drops trailing spaces, so the prompt reads "cjnb>".
    _ = try waitFor("the prompt") { $0.contains("cjnb>") }
    let banner = try screen()
    #expect(
      banner.contains("datasets: indicators, population, population_current, published, areas"))

    // A column completed with Tab.
    try tmux(["send-keys", "-t", session, "areas | select area_c", "Tab"])
    _ = try waitFor("completion") { lastLine($0).hasSuffix("areas | select area_code") }
    try tmux(["send-keys", "-t", session, "Enter"])
    let result = try waitFor("the result") { $0.contains("S12000033") }
    #expect(result.contains("area_code"))

    // The up arrow recalls the line.
    try tmux(["send-keys", "-t", session, "Up"])
    _ = try waitFor("the recalled line") { lastLine($0) == "cjnb> areas | select area_code" }

    // Ctrl-C drops it and gives a fresh prompt on its own line.
    try tmux(["send-keys", "-t", session, "C-c"])
    let interrupted = try waitFor("a fresh prompt") { lastLine($0) == "cjnb>" }
    #expect(!lastLine(interrupted).contains("area_code"))

    // Ctrl-R searches the history (libedit shows "bck:"); Enter runs what it found, which the
    // history file then holds a second time.
    try tmux(["send-keys", "-t", session, "C-r"])
    Thread.sleep(forTimeInterval: 0.2)
    try tmux(["send-keys", "-t", session, "select"])
    _ = try waitFor("the history search") { lastLine($0).hasPrefix("bck:select") }
    try tmux(["send-keys", "-t", session, "Enter"])
    _ = try waitFor("the found command to run") { _ in
      ((try? String(contentsOfFile: state + "/cjnb/history", encoding: .utf8)) ?? "").components(
        separatedBy: "areas | select area_code"
      ).count == 3
    }

    // Ctrl-D on an empty line says once that the cells are not saved; the second leaves with
    // status 0.
    try tmux(["send-keys", "-t", session, "C-d"])
    _ = try waitFor("the unsaved cells said") { $0.contains("cells are not saved") }
    try tmux(["send-keys", "-t", session, "C-d"])
    let end = try waitFor("the exit") { $0.contains("exit status") }
    #expect(end.contains("exit status 0"))
    // The history holds the command.
    let history = try String(contentsOfFile: state + "/cjnb/history", encoding: .utf8)
    #expect(history.contains("areas | select area_code"))
  }

  @Test func editrcGivesViKeys() throws {
    let home = NSTemporaryDirectory() + "cjnb-e2e-home-\(session)"
    try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
    try "bind -v\n".write(toFile: home + "/.editrc", atomically: true, encoding: .utf8)
    let name = session + "-vi"
    let command = "HOME=\(home) XDG_STATE_HOME=\(home)/state TERM=xterm '\(Binary.path)'; sleep 30"
    try tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "30", command])
    defer { _ = try? tmux(["kill-session", "-t", name]) }
    try waitFor("the prompt", in: name) { $0.contains("cjnb>") }
    // vi keys from ~/.editrc: Escape, 0, x deletes the stray first character.
    try tmux(["send-keys", "-t", name, "xareas | limit 1"])
    for key in ["Escape", "0", "x", "Enter"] {
      try tmux(["send-keys", "-t", name, key])
      Thread.sleep(forTimeInterval: 0.15)
    }
    try waitFor("the vi-edited command's result", in: name) { $0.contains("S12000033") }
  }

  /// Colour on a terminal, none with NO_COLOR; a resized terminal changes the next output.
  @Test func colourAndResize() throws {
    for noColor in [false, true] {
      let name = session + (noColor ? "-nocolor" : "-color")
      let state = NSTemporaryDirectory() + "cjnb-e2e-state-\(name)"
      // The colour case unsets NO_COLOR, which the environment tests run in may already hold.
      let command =
        "\(noColor ? "NO_COLOR=1 " : "unset NO_COLOR; ")XDG_STATE_HOME=\(state) TERM=xterm '\(Binary.path)'; sleep 30"
      try tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "40", command])
      defer { _ = try? tmux(["kill-session", "-t", name]) }
      try waitFor("the prompt", in: name, escapes: true) { $0.contains("cjnb>") }
      try tmux([
        "send-keys", "-t", name,
        "indicators | where measure = \"CPOs completed (%)\" and year = 2023-24 | chart bar",
        "Enter",
      ])
      let drawn = try waitFor("the chart", in: name, escapes: true) { $0.contains("Midlothian") }
      #expect(
        drawn.contains("\u{1B}[") != noColor,
        noColor ? "no colour with NO_COLOR" : "colour on a terminal")
      if noColor {
        // Narrow the terminal: the next chart fits the new width.
        try tmux(["resize-window", "-t", name, "-x", "50", "-y", "40"])
        Thread.sleep(forTimeInterval: 0.3)
        try tmux(["send-keys", "-t", name, "clear", "Enter"])
        try tmux([
          "send-keys", "-t", name,
          "indicators | where measure = \"CPOs completed (%)\" and year = 2023-24 | chart bar",
          "Enter",
        ])
        let narrow = try waitFor("the narrow chart", in: name, escapes: true) {
          $0.contains("Argyll")
        }
        let lines = narrow.split(separator: "\n").filter { $0.contains("█") }
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { $0.count <= 50 }, "bars fit 50 columns")
      }
    }
  }

  /// `cjnb recover N` in a terminal: the cells come back, the write is listed and not re-run.
  @Test func recoverReopensAKilledSessionWithoutRerunningItsWrites() throws {
    let (state, work) = try RecoverTests.killedSession("terminal")
    let name = session + "-recover"
    let command = "XDG_STATE_HOME=\(state) TERM=xterm '\(Binary.path)' recover 1; sleep 30"
    try tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "40", command])
    defer { _ = try? tmux(["kill-session", "-t", name]) }
    let screen = try waitFor("the recovered session", in: name) { $0.contains("cjnb>") }
    #expect(screen.contains("recovered 3 cells from "))
    #expect(screen.contains("cell 2: x | write csv to \"out.csv\""))
    #expect(screen.contains("help: to re-run one, enter it again (Up recalls it)"))
    #expect(try String(contentsOfFile: work + "/out.csv", encoding: .utf8) == "edited by hand\n")
    // The tables are back.
    try tmux(["send-keys", "-t", name, "x | limit 2", "Enter"])
    try waitFor("the rebuilt table", in: name) { $0.contains("2020-21") }
    // Up recalls the write that was not re-run.
    try tmux(["send-keys", "-t", name, "C-u", "Up", "Up"])
    try waitFor("the recalled write", in: name) {
      lastLine($0).hasSuffix("x | write csv to \"out.csv\"")
    }
  }
}
