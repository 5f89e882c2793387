/// The dot commands of DuckDB's and sqlite's shells (`.mode csv`, `.read FILE`), which a user of
/// them types from habit: each is answered with cjnb's way of doing the same, instead of an
/// unexpected `.`.
public enum DotCommands {
  /// One dot command and what to do in cjnb instead.
  public struct Row: Sendable {
    public var name: String
    public var instead: String
  }

  public static let rows: [Row] = [
    Row(
      name: "mode",
      instead:
        "end a pipeline in `| write csv` (or tsv, json, md), or start cjnb with --csv, --tsv, --json or --md"
    ),
    Row(
      name: "read",
      instead: "run a script with `cjnb < FILE`, or replay a notebook with `cjnb run FILE.md`"),
    Row(name: "once", instead: "end the pipeline in `| write csv to \"FILE\"`"),
    Row(
      name: "output",
      instead: "end each pipeline in `| write csv to \"FILE\"`, or redirect: `cjnb -c '...' > FILE`"
    ),
    Row(name: "import", instead: "load \"FILE.csv\" as NAME"),
    Row(name: "tables", instead: "datasets"),
    Row(name: "schema", instead: "describe TABLE"),
    Row(
      name: "headers", instead: "`| write csv` always writes a header; the screen always shows one"),
    Row(name: "timer", instead: "start cjnb with --timer"),
    Row(name: "help", instead: "help"),
    Row(name: "quit", instead: "quit (or Ctrl-D)"),
    Row(name: "exit", instead: "quit (or Ctrl-D)"),
  ]

  /// An error with cjnb's way when `source` starts with a dot command; nil otherwise.
  ///
  /// ```
  /// error: cjnb has no dot commands: .mode is DuckDB's
  ///  --> 1:1
  ///   | .mode csv
  ///   | ^^^^^
  ///   = help: end a pipeline in `| write csv` ...
  /// ```
  public static func diagnostic(for source: String) -> Diagnostic? {
    let bytes = Array(source.utf8)
    var start = 0
    while start < bytes.count,
      bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A || bytes[start] == 0x0D
    { start += 1 }
    guard start < bytes.count, bytes[start] == UInt8(ascii: ".") else { return nil }
    var end = start + 1
    while end < bytes.count, (bytes[end] | 0x20) >= UInt8(ascii: "a"),
      (bytes[end] | 0x20) <= UInt8(ascii: "z")
    { end += 1 }
    let word = String(decoding: bytes[(start + 1)..<end], as: UTF8.self).lowercased()
    guard !word.isEmpty else { return nil }
    let range = SourceRange(start, end)
    guard let row = rows.first(where: { $0.name == word }) else {
      return Diagnostic(
        "cjnb has no dot commands (.\(word) is from DuckDB's or sqlite's shell)", at: range,
        help: "`help` lists cjnb's commands")
    }
    return Diagnostic(
      "cjnb has no dot commands: .\(row.name) is DuckDB's", at: range,
      help: "in cjnb: " + row.instead)
  }
}
