import Foundation
import Testing

/// Batch use as the next program in a pipe sees it: standard output holds results only, and
/// the files cjnb writes are read by jq, DuckDB and cjnb itself with numbers as numbers.
@Suite("Clean pipes and machine-readable files", .serialized)
struct PipeTests {
  static let fixture = Binary.fixture("justice.csv")
  static let script = "load \"\(fixture)\" as t\nt | write json\n"

  /// A fresh folder for one test.
  static func folder(_ name: String) throws -> String {
    let folder =
      NSTemporaryDirectory() + "cjnb-pipes-\(name)-\(ProcessInfo.processInfo.processIdentifier)"
    try? FileManager.default.removeItem(atPath: folder)
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
  }

  /// The rows of a JSON array of objects, or a recorded failure.
  static func rows(_ json: String, sourceLocation: SourceLocation = #_sourceLocation) -> [[String:
    Any]]
  {
    guard let parsed = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
    else {
      Issue.record(
        "standard output is not a JSON array of objects:\n\(json)", sourceLocation: sourceLocation)
      return []
    }
    return parsed
  }

  /// Runs python3 with `arguments`; nil when there is no python3.
  static func python(_ arguments: [String], input: String = "") throws -> Subprocess.Output? {
    // The one on PATH, as a user's shell (and the oracle's `make` rule) would find it.
    let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(
      separator: ":")
    guard
      let python = path.map({ $0 + "/python3" }).first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else { return nil }
    return try Subprocess.run(
      python, arguments, environment: ProcessInfo.processInfo.environment, input: Data(input.utf8))
  }

  static let hasDuckDB: Bool =
    (try? python(["-c", "import duckdb"]))?.map { $0.status == 0 } ?? false

  @Test func standardOutputHoldsOnlyTheDataInEveryBatchForm() throws {
    let folder = try Self.folder("forms")
    try FileManager.default.copyItem(atPath: Self.fixture, toPath: folder + "/justice.csv")
    try "```cjnb\nload \"justice.csv\" as t\nt | write json\n```\n".write(
      toFile: folder + "/local.md", atomically: true, encoding: .utf8)
    let forms: [(String, Binary.Result)] = [
      ("-c", try Binary.run(["-c", Self.script])),
      ("standard input", try Binary.run([], input: Self.script)),
      ("run", try Binary.run(["run", folder + "/local.md"])),
    ]
    for (form, r) in forms {
      #expect(r.status == 0, "\(form): \(r.stderr)")
      let rows = Self.rows(r.stdout)
      #expect(rows.count == 8, "\(form)")
      #expect(rows.first?["Value"] as? Int == 1021, "\(form)")
      #expect(r.stderr.contains("loaded t: 8 rows × 4 columns"), "\(form): \(r.stderr)")
      #expect(r.stderr.contains("note: skipped 1 empty row"), "\(form)")
    }
    // The REPL's record is unchanged: a notebook keeps the status lines in its outputs.
    #expect(forms[2].1.stderr.contains("cjnb> load \"justice.csv\" as t"))
  }

  @Test func quietLeavesOutStatusButNotWarnings() throws {
    let quiet = try Binary.run(["-q", "-c", Self.script])
    #expect(quiet.status == 0)
    #expect(quiet.stderr.isEmpty, "\(quiet.stderr)")
    #expect(Self.rows(quiet.stdout).count == 8)
    let counted = #"indicators | where measure = "cases commenced" | group by year | write json"#
    let warned = try Binary.run(["--quiet", "-c", counted])
    #expect(
      warned.stderr
        == "warning: the rows include Scotland as well as councils, so Scotland's figures are counted twice; add `where area != \"Scotland\"`\n"
    )
    #expect(Self.rows(warned.stdout).count == 12)
  }

  /// A warning reaches standard error whatever the result is drawn as, even when the result
  /// shows it too (a table's notes), since standard output may be going to a file.
  @Test func warningsReachStandardError() throws {
    let grouped = #"indicators | where measure = "cases commenced" | group by year"#
    for command in [
      grouped, grouped + " | write csv", grouped + " | write md", grouped + #" | write csv to "-""#,
    ] {
      let r = try Binary.run(["-c", command])
      #expect(r.status == 0)
      #expect(
        r.stderr.contains("warning: the rows include Scotland as well as councils"),
        "\(command): \(r.stderr)")
    }
    let folder = try Self.folder("warned")
    let written = try Binary.run(
      ["-c", grouped + #" | write csv to "out.csv""#], directory: folder)
    #expect(written.stdout.isEmpty)
    #expect(
      written.stderr
        == "wrote 12 rows to out.csv\n  warning: the rows include Scotland as well as councils, so Scotland's figures are counted twice; add `where area != \"Scotland\"`\n"
    )
  }

  @Test func writeToDashIsStandardOutput() throws {
    let command = #"indicators | where area = "Fife" and measure = "cases commenced" | limit 3"#
    let plain = try Binary.run(["-c", command + " | write csv"])
    let dash = try Binary.run(["-c", command + #" | write csv to "-""#])
    #expect(dash.status == 0)
    #expect(dash.stdout == plain.stdout)
    #expect(
      dash.stdout.hasPrefix(
        "area_code,area,year,indicator,measure,value\nS12000047,Fife,2012-13,NI1,cases commenced,"))
    #expect(dash.stderr.isEmpty)
  }

  @Test func formatFlagsPrintEveryTableInThatFormat() throws {
    let command =
      #"indicators | where area = "Fife" and measure = "cases commenced" | trend | limit 2"#
    let csv = try Binary.run(["--csv", "-c", command])
    #expect(
      csv.stdout
        == "year,value,change,change_status,% change,% change_status,direction,note\n2012-13,132,,-,,-,,\n2013-14,114,-18,,-13.6363636363636,,down,\n"
    )
    let json = try Binary.run(["--json", "-c", command])
    let rows = Self.rows(json.stdout)
    #expect(rows.count == 2)
    #expect(rows.first?["change"] is NSNull)
    #expect(rows.first?["change_status"] as? String == "-")
    #expect(rows.last?["change"] as? Int == -18)
    let md = try Binary.run(["--md", "-c", command])
    #expect(md.stdout.hasPrefix("**cases commenced · Fife**\n\n| year | value | change |"))
    let tsv = try Binary.run(["--tsv", "-c", command])
    #expect(tsv.stdout.hasPrefix("year\tvalue\tchange\tchange_status\t"))
    // Notes about the table go beside it.
    #expect(csv.stderr.hasPrefix("note: † pandemic years"), "\(csv.stderr)")
    let both = try Binary.run(["--csv", "--json", "-c", command])
    #expect(both.status == 2)
  }

  @Test func timesGoToStandardError() throws {
    let flag = try Binary.run(["--timer", "-q", "-c", "areas | limit 1 | write json"])
    #expect(Self.rows(flag.stdout).count == 1)
    #expect(flag.stderr.hasPrefix("time: ") && flag.stderr.hasSuffix(" ms\n"), "\(flag.stderr)")
    let setting = try Binary.run([], input: "timer on\nareas | limit 1 | write json\n")
    #expect(Self.rows(setting.stdout).count == 1)
    #expect(
      setting.stderr.hasPrefix("timer on: the time each command takes follows it\ntime: "),
      "\(setting.stderr)")
  }

  /// Settings in $XDG_CONFIG_HOME/cjnb/init.cjnb apply to scripts and the REPL; the command line
  /// wins over them, --no-init goes without, and anything but a setting is refused by line.
  @Test func theStartupFileHoldsSettings() throws {
    let config = try Self.folder("config")
    try FileManager.default.createDirectory(
      atPath: config + "/cjnb", withIntermediateDirectories: true)
    try "-- narrow, for a side panel\nwidth 40\nascii on\n".write(
      toFile: config + "/cjnb/init.cjnb", atomically: true, encoding: .utf8)
    let chart =
      #"indicators | where measure = "CPOs completed (%)" and year = 2023-24 | limit 3 | chart bar"#
    let environment = ["XDG_CONFIG_HOME": config]
    let set = try Binary.run(["-c", chart], environment: environment)
    #expect(set.status == 0 && set.stderr.isEmpty, "\(set.stderr)")
    let lines = set.stdout.split(separator: "\n")
    #expect(
      lines.count == 4 && lines.allSatisfy { $0.count <= 40 }
        && set.stdout.utf8.allSatisfy { $0 < 0x80 }, "\(set.stdout)")
    let flag = try Binary.run(["--width", "70", "-c", chart], environment: environment)
    #expect(flag.stdout.split(separator: "\n").map(\.count).max() ?? 0 > 40)
    let without = try Binary.run(["--no-init", "-c", chart], environment: environment)
    #expect(without.stdout.contains("█"))
    try "width 40\nload \"x.csv\" as x\n".write(
      toFile: config + "/cjnb/init.cjnb", atomically: true, encoding: .utf8)
    let refused = try Binary.run(["-c", "areas | limit 1 | select area"], environment: environment)
    #expect(refused.status == 0)
    #expect(
      refused.stderr.hasPrefix(
        "error: `load` is not a setting; a start-up file holds settings only\n --> \(config)/cjnb/init.cjnb:2:1\n  | load \"x.csv\" as x\n  | ^^^^\n"
      ), "\(refused.stderr)")
    // A notebook replays as it is, whatever the settings.
    let notebook = config + "/nb.md"
    try "```cjnb\n\(chart)\n```\n".write(toFile: notebook, atomically: true, encoding: .utf8)
    let replayed = try Binary.run(["run", notebook], environment: environment)
    #expect(
      replayed.stderr == "cjnb> \(chart)\n" && replayed.stdout.contains("█"), "\(replayed.stderr)")
  }

  @Test func jsonToolParsesJSONOnStandardOutput() throws {
    let r = try Binary.run(["-c", Self.script])
    guard let tool = try Self.python(["-m", "json.tool"], input: r.stdout) else {
      Issue.record("python3 is not installed")
      return
    }
    #expect(tool.status == 0, "\(String(decoding: tool.stderr, as: UTF8.self))")
  }

  @Test func duckDBDotCommandsAreAnsweredWithCjnbsWay() throws {
    let r = try Binary.run(["-c", ".mode csv"])
    #expect(r.status == 1)
    #expect(r.stderr.hasPrefix("error: cjnb has no dot commands: .mode is DuckDB's\n"))
    #expect(r.stderr.contains("help: in cjnb: end a pipeline in `| write csv`"))
    let read = try Binary.run(["-c", ".read script.sql"])
    #expect(read.stderr.contains("cjnb run FILE.md"))
  }

  /// Missing cells, markers and "-" written by cjnb and read back by cjnb: the same table.
  @Test func cjnbReadsItsOwnCSVAndTSVBack() throws {
    let folder = try Self.folder("roundtrip")
    try
      "area,year,value\nFife,2019-20,7[p]\nFife,2020-21,[c]\nAngus,2019-20,12.25\nAngus,2020-21,\nMoray,2019-20,[x]\nMoray,2020-21,-3\n"
      .write(toFile: folder + "/in.csv", atomically: true, encoding: .utf8)
    for format in ["csv", "tsv"] {
      let write = try Binary.run(
        [
          "-q", "-c",
          "load \"in.csv\" as a; a | write \(format) to \"a.\(format)\" replace; a | group by area | write \(format) to \"g.\(format)\" replace",
        ], directory: folder)
      #expect(write.status == 0 && write.stderr.isEmpty, "\(write.stderr)")
      func shown(_ script: String) throws -> String {
        try Binary.run(["-q", "-c", script], directory: folder).stdout
      }
      #expect(
        try shown("load \"a.\(format)\" as a; a") == (try shown("load \"in.csv\" as a; a")),
        "\(format): the table read back differs")
      // The groups' note on how many cells were missing is said with them, not kept in the file.
      func cells(_ md: String) -> String { md.components(separatedBy: "\n\n").first ?? md }
      #expect(
        cells(try shown("load \"g.\(format)\" as g; g | write md"))
          == cells(try shown("load \"in.csv\" as a; a | group by area | write md")),
        "\(format): the groups read back differ")
      let written = try String(contentsOfFile: folder + "/a.\(format)", encoding: .utf8)
      #expect(
        try shown("load \"a.\(format)\" as a; a | write \(format)") == written,
        "\(format): written again, not the same bytes")
      let sep = format == "csv" ? "," : "\t"
      #expect(
        written.hasPrefix(
          ["area", "year", "value", "value_status"].joined(separator: sep) + "\n"
            + ["Fife", "2019-20", "7", "[p]"].joined(separator: sep) + "\n"), "\(written)")
      #expect(written.contains(["Fife", "2020-21", "", "[c]"].joined(separator: sep) + "\n"))
      #expect(written.contains(["Moray", "2020-21", "-3", ""].joined(separator: sep) + "\n"))
      let groups = try String(contentsOfFile: folder + "/g.\(format)", encoding: .utf8)
      #expect(groups.contains(["Fife", "7", "[i]"].joined(separator: sep) + "\n"), "\(groups)")
    }
  }

  /// JSON written by cjnb, and JSON Lines, read back by cjnb: the same table.
  @Test func cjnbReadsItsOwnJSONBack() throws {
    let folder = try Self.folder("json")
    try
      "area,year,value,note\nFife,2019-20,7[p],\"a, \"\"b\"\"\"\nFife,2020-21,[c],\nAngus,2019-20,12.25,café\nAngus,2020-21,,\n"
      .write(toFile: folder + "/in.csv", atomically: true, encoding: .utf8)
    func shown(_ script: String) throws -> Binary.Result {
      try Binary.run(["-q", "-c", script], directory: folder)
    }
    let write = try shown("load \"in.csv\" as a; a | write json to \"a.json\"")
    #expect(write.status == 0, "\(write.stderr)")
    #expect(
      try shown("load \"a.json\" as a; a").stdout == (try shown("load \"in.csv\" as a; a")).stdout)
    #expect(
      try shown("load \"a.json\" as a; a | write json").stdout
        == (try String(contentsOfFile: folder + "/a.json", encoding: .utf8)))
    try
      "{\"area\": \"Fife\", \"value\": 3}\n{\"area\": \"Angus\", \"value\": null, \"value_status\": \"[c]\"}\n"
      .write(toFile: folder + "/l.jsonl", atomically: true, encoding: .utf8)
    let lines = try shown("load \"l.jsonl\" as l; l | write csv")
    #expect(lines.stdout == "area,value,value_status\nFife,3,\nAngus,,[c]\n", "\(lines.stderr)")
    // A broken file says where.
    try "[{\"area\": \"Fife\", \"value\": {\"n\": 3}}]".write(
      toFile: folder + "/bad.json", atomically: true, encoding: .utf8)
    let bad = try Binary.run(["-c", "load \"bad.json\""], directory: folder)
    #expect(bad.status == 1)
    #expect(
      bad.stderr.hasPrefix(
        "error: bad.json:1: column 28: a nested object cannot be a table cell\n"), "\(bad.stderr)")
  }

  /// A column named as another's companion would make a file with two columns of one name.
  @Test func aCompanionNameThatIsTakenIsRefused() throws {
    let folder = try Self.folder("clash")
    try "area,value,value_status\nFife,[c],old\nAngus,3,new\n".write(
      toFile: folder + "/c.csv", atomically: true, encoding: .utf8)
    for args in [
      ["-c", "load \"c.csv\" as t; t | write csv"], ["--json", "-c", "load \"c.csv\" as t; t"],
    ] {
      let r = try Binary.run(args, directory: folder)
      #expect(r.status == 1 && r.stdout.isEmpty)
      #expect(
        r.stderr.contains(
          "error: value has symbols or markers that go in a column value_status beside it, and the table already has a column of that name"
        ), "\(r.stderr)")
      #expect(
        r.stderr.contains("help: rename one first: | rename value_status as value_status_old"))
    }
    let renamed = try Binary.run(
      ["-q", "-c", "load \"c.csv\" as t; t | rename value_status as old | write csv"],
      directory: folder)
    #expect(
      renamed.stdout == "area,value,value_status,old\nFife,,[c],old\nAngus,3,,new\n",
      "\(renamed.stderr)")
  }

  /// DuckDB reads the CSV and the JSON with the figures as numbers and the statuses as text.
  @Test(
    .enabled(
      if: PipeTests.hasDuckDB, "DuckDB's Python module is installed by .ci/oracle-prerequisites.sh")
  )
  func duckDBReadsNumbersAsNumbers() throws {
    let folder = try Self.folder("duckdb")
    let command =
      #"indicators | where measure = "cases completed" and area in ("Na h-Eileanan Siar", "Orkney Islands") and year <= 2016-17"#
    let r = try Binary.run(
      [
        "-c",
        "\(command) | write csv to \"t.csv\"; \(command) | write json to \"t.json\"; indicators | where measure = \"cases commenced\" and area = \"Scotland\" | trend | write json to \"trend.json\"",
      ], directory: folder)
    #expect(r.status == 0, "\(r.stderr)")
    let check = """
      import duckdb
      numeric = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "FLOAT", "DOUBLE"}
      for query in ["select * from read_csv('t.csv')", "select * from read_json('t.json')"]:
          rel = duckdb.sql(query)
          types = dict(zip(rel.columns, [str(t) for t in rel.types]))
          assert types["value"] in numeric, (query, types)
          assert types["value_status"] == "VARCHAR", (query, types)
          rows = duckdb.sql(query + " where value_status = '[c]'").fetchall()
          assert rows and all(row[rel.columns.index("value")] is None for row in rows), (query, rows)
          total = duckdb.sql("select sum(value) from (" + query + ")").fetchall()[0][0]
          assert total > 0, total
      rel = duckdb.sql("select * from read_json('trend.json')")
      types = dict(zip(rel.columns, [str(t) for t in rel.types]))
      assert types["change"] in numeric and types["% change"] in numeric, types
      first = duckdb.sql("select change, change_status from read_json('trend.json') limit 1").fetchall()
      assert first == [(None, "-")], first
      print("ok")
      """
    let inFolder = try Subprocess.run(
      "/bin/sh", ["-c", "cd \"$0\" && exec python3 -c \"$1\"", folder, check],
      environment: ProcessInfo.processInfo.environment)
    #expect(inFolder.status == 0, "\(String(decoding: inFolder.stderr, as: UTF8.self))")
    #expect(String(decoding: inFolder.stdout, as: UTF8.self) == "ok\n")
  }
}
