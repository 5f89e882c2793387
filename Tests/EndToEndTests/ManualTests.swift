import Foundation
import Testing

/// The man page and the shell completions `make install` puts in place, made by the binary
/// from the rows `--help` and `help` read.
@Suite("Man page and completions")
struct ManualTests {
  static func tool(_ name: String) -> String? {
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(
      separator: ":")
    return path.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
  }

  @Test func theManPageNamesEveryOptionVerbAndCommand() throws {
    let r = try Binary.run(["manual"])
    #expect(r.status == 0 && r.stderr.isEmpty, "\(r.stderr)")
    let page = r.stdout
    #expect(page.hasPrefix(".TH CJNB 1 "))
    for section in [
      "NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "COMMANDS", "THE LANGUAGE", "SESSION COMMANDS",
      "FILES", "EXIT STATUS",
    ] {
      #expect(page.contains("\n.SH \(section)\n"), "no section \(section)")
    }
    // roff's own spelling: hyphens escaped.
    func roff(_ s: String) -> String { s.replacingOccurrences(of: "-", with: "\\-") }
    for option in [
      "\\fB\\-c <commands>\\fR", "\\fB\\-\\-bail\\fR", "\\fB\\-q, \\-\\-quiet\\fR",
      "\\fB\\-\\-allow <folder>\\fR", "\\fB<notebook>\\fR", "\\fB\\-\\-update\\fR",
      "\\fB\\-\\-to <to>\\fR",
    ] {
      #expect(page.contains(option), "no \(option)")
    }
    let help = try Binary.run(["-c", "help"]).stdout
    for verb in ["where", "group", "trend", "rate", "chart", "write", "narrate"] {
      #expect(help.contains(verb))
      #expect(page.contains("\n\\fB" + roff(verb)), "no verb \(verb) in the man page")
    }
    for command in ["load", "save", "open", "width", "timer", "quit"] {
      #expect(page.contains("\n\\fB" + command), "no command \(command)")
    }
    // No line starts as a roff request by accident.
    for line in page.split(separator: "\n") where line.hasPrefix(".") {
      let request = line.dropFirst().prefix { $0 != " " }
      #expect(
        ["TH", "SH", "SS", "TP", "IP", "PP", "B", "I", "br", "nf", "fi", "RS", "RE"].contains(
          String(request)), "\(line)")
    }
    let ascii = page.unicodeScalars.allSatisfy { $0.isASCII }
    #expect(ascii, "non-ASCII text must be written as \\[uXXXX]")
  }

  /// groff formats it without a warning (when groff is installed, as man-db needs it to be).
  @Test(.enabled(if: ManualTests.tool("groff") != nil, "groff is not installed"))
  func groffFormatsItWithoutWarnings() throws {
    let folder = NSTemporaryDirectory() + "cjnb-manual-\(ProcessInfo.processInfo.processIdentifier)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try Binary.run(["manual"]).stdout.write(
      toFile: folder + "/cjnb.1", atomically: true, encoding: .utf8)
    let r = try Subprocess.run(
      ManualTests.tool("groff")!, ["-man", "-Tutf8", "-ww", "-z", folder + "/cjnb.1"],
      environment: ["LC_ALL": "C.UTF-8"])
    #expect(r.status == 0)
    #expect(String(decoding: r.stderr, as: UTF8.self) == "")
  }

  /// Bash completes a notebook argument with .md files and folders, not other files.
  @Test func bashCompletesNotebooksWithMarkdownFiles() throws {
    let folder =
      NSTemporaryDirectory() + "cjnb-completion-\(ProcessInfo.processInfo.processIdentifier)"
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(
      atPath: folder + "/reports", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for file in ["fife.md", "angus.md", "data.csv"] {
      _ = FileManager.default.createFile(atPath: folder + "/" + file, contents: Data())
    }
    let script = try Binary.run(["--generate-completion-script", "bash"])
    #expect(script.status == 0)
    try script.stdout.write(toFile: folder + "/cjnb.bash", atomically: true, encoding: .utf8)
    let complete = """
      source ./cjnb.bash
      for line in "cjnb run " "cjnb check " "cjnb export fife.md --to " "cjnb --as"; do
        read -ra w <<< "$line"
        [ "${line: -1}" = " " ] && w+=("")
        COMP_WORDS=("${w[@]}"); COMP_CWORD=$((${#w[@]} - 1)); COMP_LINE="$line"; COMP_POINT=${#line}; COMPREPLY=()
        _cjnb cjnb "${w[-1]}" "${w[-2]}"
        printf '%s:' "$line"; printf ' %s' $(printf '%s\\n' "${COMPREPLY[@]}" | sort); echo
      done
      """
    let r = try Subprocess.run(
      "/bin/bash", ["-c", complete], environment: ["PATH": "/usr/bin:/bin"], directory: folder)
    #expect(
      String(decoding: r.stdout, as: UTF8.self) == """
        cjnb run : angus.md fife.md reports
        cjnb check : angus.md fife.md reports
        cjnb export fife.md --to : docx html md
        cjnb --as: --ascii

        """, "\(String(decoding: r.stderr, as: UTF8.self))")
  }

  /// The zsh and fish scripts are made and, where the shell is installed, parse.
  @Test func zshAndFishScriptsParse() throws {
    for (shell, check) in [("zsh", ["-n"]), ("fish", ["--no-execute"])] {
      let script = try Binary.run(["--generate-completion-script", shell])
      #expect(script.status == 0 && script.stdout.contains("cjnb"))
      guard let path = ManualTests.tool(shell) else { continue }
      let folder =
        NSTemporaryDirectory() + "cjnb-\(shell)-\(ProcessInfo.processInfo.processIdentifier)"
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
      defer { try? FileManager.default.removeItem(atPath: folder) }
      try script.stdout.write(toFile: folder + "/script", atomically: true, encoding: .utf8)
      let r = try Subprocess.run(path, check + [folder + "/script"], environment: [:])
      #expect(r.status == 0, "\(shell): \(String(decoding: r.stderr, as: UTF8.self))")
    }
  }
}
