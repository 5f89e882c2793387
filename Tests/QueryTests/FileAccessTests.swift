import Foundation
@testable import Query
import Tables
import Testing

/// A notebook replayed from a file reads and writes only inside its folder.
@Suite("File access of replayed notebooks")
struct FileAccessTests {
  /// A folder `nb` holding a CSV, with a sibling `other` and a link from `nb` to it.
  static func folders() throws -> (nb: String, other: String) {
    let root = NSTemporaryDirectory() + "cjnb-access-\(UUID().uuidString)"
    let nb = root + "/nb"
    let other = root + "/other"
    for folder in [nb, other] {
      try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }
    for folder in [nb, other] {
      try "a,b\n1,2\n".write(toFile: folder + "/x.csv", atomically: true, encoding: .utf8)
    }
    try FileManager.default.createSymbolicLink(atPath: nb + "/link", withDestinationPath: other)
    try FileManager.default.createSymbolicLink(
      atPath: nb + "/outside.csv", withDestinationPath: other + "/x.csv")
    return (nb, other)
  }

  static func confined(_ nb: String, allowing: [String] = []) -> Workspace {
    let w = workspace()
    w.baseDirectory = nb
    w.confine(to: nb, allowing: allowing)
    return w
  }

  static func refusal(_ command: String, in w: Workspace) -> Diagnostic? {
    do {
      _ = try w.run(Parser.parseCommand(command))
      return nil
    } catch {
      return error
    }
  }

  @Test func insideTheFolderEverythingWorks() throws {
    let (nb, _) = try Self.folders()
    let w = Self.confined(nb)
    #expect(Self.refusal(#"load "x.csv" as t"#, in: w) == nil)
    #expect(Self.refusal(#"load "\#(nb)/x.csv" as u"#, in: w) == nil)
    #expect(Self.refusal(#"t | write csv to "out.csv""#, in: w) == nil)
    #expect(FileManager.default.fileExists(atPath: nb + "/out.csv"))
    // The bundled datasets are read as before.
    #expect(Self.refusal("indicators | limit 1", in: w) == nil)
  }

  @Test func pathsOutsideByAnyRouteAreRefusedWithTheRule() throws {
    let (nb, other) = try Self.folders()
    let w = Self.confined(nb)
    _ = Self.refusal(#"load "x.csv" as t"#, in: w)
    for command in [
      #"load "/etc/passwd" as p"#, #"load "../other/x.csv" as p"#, #"load "link/x.csv" as p"#,
      #"load "outside.csv" as p"#,
      #"load "\#(nb)/../other/x.csv" as p"#, #"load "~/.bashrc" as p"#,
      #"t | write csv to "~/.bashrc" replace"#, #"t | write csv to "../other/new.csv""#,
      #"t | write csv to "link/new.csv""#,
      #"t | write csv to "outside.csv" replace"#,
      #"t | write csv to "/tmp/cjnb-escape.csv" replace"#,
    ] {
      let d = try #require(Self.refusal(command, in: w), "\(command)")
      #expect(d.message.contains("is outside what this notebook may"), "\(command): \(d.message)")
      #expect(d.help?.contains("reads and writes only inside the notebook's folder") == true)
      #expect(d.help?.contains("--allow FOLDER") == true)
    }
    #expect(!FileManager.default.fileExists(atPath: other + "/new.csv"))
    #expect(try String(contentsOfFile: other + "/x.csv", encoding: .utf8) == "a,b\n1,2\n")
    #expect(!FileManager.default.fileExists(atPath: "/tmp/cjnb-escape.csv"))
  }

  @Test func anAllowedFolderOpensItAndNothingElse() throws {
    let (nb, other) = try Self.folders()
    let w = Self.confined(nb, allowing: [other])
    #expect(Self.refusal(#"load "../other/x.csv" as p"#, in: w) == nil)
    #expect(Self.refusal(#"load "link/x.csv" as q"#, in: w) == nil)
    #expect(Self.refusal(#"load "/etc/passwd" as r"#, in: w) != nil)
  }

  @Test func theBundledDatasetsCanBeReadButNotWritten() throws {
    let (nb, _) = try Self.folders()
    let w = Self.confined(nb)
    let dataset = try #require(w.datasetPaths.first)
    #expect(Self.refusal(#"load "\#(dataset)" as d"#, in: w) == nil)
    let d = try #require(Self.refusal(#"d | write csv to "\#(dataset)" replace"#, in: w))
    #expect(d.help?.contains("may read the bundled datasets but not write there") == true)
  }

  @Test func aSessionIsTheUsersOwn() throws {
    let (_, other) = try Self.folders()
    let w = workspace()
    #expect(Self.refusal(#"load "\#(other)/x.csv" as p"#, in: w) == nil)
  }
}
