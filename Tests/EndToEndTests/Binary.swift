import Foundation
import Testing

/// Runs the built `cjnb` binary.
enum Binary {
  /// The folder holding the test bundle, which also holds `cjnb`.
  static let folder: String = {
    #if os(Linux)
      let exe =
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
        ?? CommandLine.arguments[0]
    #else
      let exe = Bundle.main.bundlePath
    #endif
    var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("cjnb").path)
      && url.path != "/"
    {
      url = url.deletingLastPathComponent()
    }
    return url.path
  }()

  static var path: String { folder + "/cjnb" }

  /// The repository's root, from this file's place in it.
  static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs cjnb with `arguments`, `input` on standard input, in `directory`.
  static func run(
    _ arguments: [String], input: String? = nil, directory: String? = nil,
    environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Result {
    try run(
      arguments, bytes: Data((input ?? "").utf8), directory: directory, environment: environment,
      sourceLocation: sourceLocation)
  }

  /// Runs cjnb with `bytes`, which need not be text, on standard input.
  static func run(
    _ arguments: [String], bytes: Data, directory: String? = nil,
    environment: [String: String] = [:], sourceLocation: SourceLocation = #_sourceLocation
  ) throws -> Result {
    var env = ProcessInfo.processInfo.environment
    env["COLUMNS"] = "80"
    env.removeValue(forKey: "NO_COLOR")
    // The developer's own start-up file never changes what the tests see.
    env["XDG_CONFIG_HOME"] = "/nonexistent/cjnb-tests-config"
    for (k, v) in environment { env[k] = v }
    let output = try Subprocess.run(
      path, arguments, environment: env, directory: directory, input: bytes,
      sourceLocation: sourceLocation)
    return Result(
      status: output.status, stdout: String(decoding: output.stdout, as: UTF8.self),
      stderr: String(decoding: output.stderr, as: UTF8.self))
  }

  static func fixture(_ name: String) -> String { root + "/Tests/EndToEndTests/Fixtures/" + name }
}

/// Compares `text` with a reviewed golden file; `RECORD_GOLDEN=1` writes it instead.
func assertGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation)
{
  let path = Binary.root + "/Tests/EndToEndTests/Golden/" + name
  if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
    try? text.write(toFile: path, atomically: true, encoding: .utf8)
    return
  }
  guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
    Issue.record(
      "no golden file \(name): run with RECORD_GOLDEN=1 and review it",
      sourceLocation: sourceLocation)
    return
  }
  #expect(text == expected, "differs from Golden/\(name)", sourceLocation: sourceLocation)
}
