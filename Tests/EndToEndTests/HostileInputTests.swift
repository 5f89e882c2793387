import Foundation
import Testing

/// The reproducers of the hostile-input issue, run on the built binary: each ends with a clear
/// message and exit status 0 or 1, never a crash or a hang (every run has a deadline).
@Suite("Hostile input on the command line", .serialized)
struct HostileCommandLineTests {
  static func temporaryFolder() throws -> String {
    let folder = NSTemporaryDirectory() + "cjnb-e2e-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  @Test func commandLinesThatCrashedOrHungEndWithAnError() throws {
    let cases: [(arguments: [String], status: Int32, says: String)] = [
      (["--width", "19", "-c", #""cases completed" zzz"#], 1, "error: expected a table name"),
      (
        ["-c", "load \"/nonexistent/" + String(repeating: "a", count: 75) + ".csv\""], 1,
        "no such file"
      ),
      (
        [
          "--width", "80", "-c",
          #"indicators | where measure = "people who agree that a community sentence is better than a short prison sentence (%)""#,
        ], 1, "error: no measure"
      ),
      (
        ["-c", "areas | where " + String(repeating: "(", count: 3500)], 1,
        "expression nested too deeply"
      ),
      (
        [
          "-c",
          "areas | where " + String(repeating: "(", count: 3500) + "area = \"Fife\""
            + String(repeating: ")", count: 3500),
        ], 1, "expression nested too deeply"
      ),
      (
        ["-c", "areas | where " + String(repeating: "not ", count: 30_000) + "area = \"Fife\""], 1,
        "expression nested too deeply"
      ),
      (
        [
          "-c", "indicators | derive x = " + String(repeating: "- ", count: 40) + "value | limit 1",
        ], 0, "x"
      ),
      (["-c", #"load "/dev/zero""#], 1, "is a device, not a file"),
    ]
    for c in cases {
      let r = try Binary.run(c.arguments)
      #expect(
        r.status == c.status,
        "\(c.arguments.joined(separator: " ").prefix(80)): \(r.stderr.prefix(300))")
      #expect(
        (r.stdout + r.stderr).contains(c.says), "\(c.arguments.joined(separator: " ").prefix(80))")
      #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("crashed"))
    }
  }

  /// Standard input is bounded like any pipe, and a byte that is not UTF-8 is named by its
  /// offset, counted in bytes after multi-byte characters too.
  @Test func standardInputIsBoundedAndItsBadByteNamed() throws {
    var bytes = Array("areas | limit 1\n\u{e9}".utf8)
    bytes.append(0xFF)
    let bad = try Binary.run([], bytes: Data(bytes))
    #expect(bad.status == 2)
    #expect(bad.stderr == "error: standard input is not UTF-8 text (byte offset 18)\n")
    let empty = try Subprocess.run(
      "/bin/sh", ["-c", "exec \"$0\" < /dev/null", Binary.path], environment: [:])
    #expect(empty.status == 0 && empty.stdout.isEmpty)
    // More than a gigabyte from a pipe is refused, not held.
    let flood = try Subprocess.run(
      "/bin/sh", ["-c", "head -c 1100000000 /dev/zero | \"$0\"", Binary.path], environment: [:],
      timeout: 300)
    #expect(flood.status == 2)
    #expect(
      String(decoding: flood.stderr, as: UTF8.self)
        == "error: standard input sent more than 1 GB, the most cjnb reads from a pipe\n")
  }

  @Test func aNotebookFromSomeoneElseStaysInItsFolder() throws {
    let root = try Self.temporaryFolder()
    let home = root + "/home"
    let nb = root + "/nb"
    let other = root + "/other"
    for f in [home, nb, other] {
      try FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
    }
    try "a,b\n1,2\n".write(toFile: nb + "/in.csv", atomically: true, encoding: .utf8)
    try "a,b\n3,4\n".write(toFile: other + "/x.csv", atomically: true, encoding: .utf8)
    try FileManager.default.createSymbolicLink(atPath: nb + "/link", withDestinationPath: other)
    let notebook = nb + "/evil.md"
    try """
    # Not what it seems

    ```cjnb
    load "in.csv" as t
    ```

    ```cjnb
    load "/etc/passwd" as p
    ```

    ```cjnb
    t | write csv to "~/.bashrc" replace
    ```

    ```cjnb
    load "link/x.csv" as y
    ```

    """.write(toFile: notebook, atomically: true, encoding: .utf8)
    for arguments in [
      ["run", notebook], ["check", notebook], ["export", notebook, "--to", "md"],
    ] {
      let r = try Binary.run(arguments, environment: ["HOME": home])
      #expect(r.status != 0, "\(arguments[0])")
      #expect(
        r.stderr.contains("/etc/passwd is outside what this notebook may read"),
        "\(arguments[0]): \(r.stderr)")
      #expect(
        r.stderr.contains("~/.bashrc is outside what this notebook may write"), "\(arguments[0])")
      #expect(
        r.stderr.contains("link/x.csv is outside what this notebook may read"), "\(arguments[0])")
      #expect(!r.stdout.contains("root:"), "\(arguments[0])")
      #expect(!FileManager.default.fileExists(atPath: home + "/.bashrc"), "\(arguments[0])")
    }
    // Allowing the folder is the user's deliberate step, and opens that folder only.
    let allowed = try Binary.run(["run", notebook, "--allow", other], environment: ["HOME": home])
    #expect(allowed.stderr.contains("loaded y: 1 row"))
    #expect(allowed.stderr.contains("/etc/passwd is outside"))
    // In the REPL's batch form, `open` of the notebook is confined the same way.
    let opened = try Binary.run(["-c", "open \"\(notebook)\""], environment: ["HOME": home])
    #expect(
      opened.stderr.contains("/etc/passwd is outside what this notebook may read"),
      "\(opened.stderr)")
    #expect(!FileManager.default.fileExists(atPath: home + "/.bashrc"))
    // The user's own commands are not confined.
    let own = try Binary.run(["-c", "load \"\(other)/x.csv\" as x"], environment: ["HOME": home])
    #expect(own.status == 0)
  }

  @Test func htmlExportsCarryNoScript() throws {
    let folder = try Self.temporaryFolder()
    try "a,b\n\"<script>alert(8)</script>\",2\n".write(
      toFile: folder + "/in.csv", atomically: true, encoding: .utf8)
    let notebook = folder + "/xss.md"
    try """
    # Report <script>alert(1)</script>

    Some <b>bold</b>, <script>alert('x')</script>, <img src=x onerror="alert(2)"> and <iframe src="https://e.example"></iframe>.

    [click](javascript:alert(3)), [tab](java\tscript:alert(4)), <a href="javascript:alert(6)" onclick="alert(7)">raw</a>

    ![pic" onerror="alert(5)](x.png)

    ```cjnb
    load "in.csv" as t
    ```

    ```cjnb
    t | write md
    ```

    """.write(toFile: notebook, atomically: true, encoding: .utf8)
    let r = try Binary.run(["export", notebook, "--to", "html", "--rerun"])
    #expect(r.status == 0, "\(r.stderr)")
    let html = r.stdout.lowercased()
    for bad in ["<script", "<iframe", "<img src=\"x\" onerror"] {
      #expect(!html.contains(bad), "\(bad) in \(r.stdout)")
    }
    // No tag carries a handler or a script address (the text of one may show, escaped).
    let tags = try Regex("<[a-z][^>]*>")
    for tag in html.matches(of: tags).map({ String(html[$0.range]) }) {
      #expect(
        !tag.contains("javascript") && !tag.contains("onerror") && !tag.contains("onclick"),
        "\(tag)")
    }
    #expect(html.contains("&lt;script&gt;alert(8)&lt;/script&gt;"))
    #expect(html.contains("<b>bold</b>"))
  }

  @Test func terminalControlsInCellsAreShownNotSent() throws {
    let folder = try Self.temporaryFolder()
    try "name,v\n\"\u{1B}]0;pwned\u{07}x\",1\n\"\u{1B}[2Jclear\",2\n\"nul\u{0}here\u{9B}c1\",3\n"
      .write(toFile: folder + "/esc.csv", atomically: true, encoding: .utf8)
    let r = try Binary.run(["-c", "load \"\(folder)/esc.csv\" as e; e"])
    #expect(r.status == 0)
    #expect(
      !r.stdout.unicodeScalars.contains {
        $0.value == 0x1B || $0.value == 0x07 || $0.value == 0 || $0.value == 0x9B
      })
    #expect(r.stdout.contains("\\x1b]0;pwned\\x07x"))
    #expect(r.stdout.contains("\\x1b[2Jclear"))
    #expect(r.stdout.contains("nul\\x00here\\x9bc1"))
  }
}
