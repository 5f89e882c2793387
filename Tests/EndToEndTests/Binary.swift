import Foundation
import Testing

/// Runs the built `cjnb` binary.
enum Binary {
  /// The folder holding the test bundle, which also holds `cjnb`.
  static let folder: String = {
    #if os(Linux)
      let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    #else
      let exe = Bundle.main.bundlePath
    #endif
    var url = URL(fileURLWithPath: exe).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: url.appendingPathComponent("cjnb").path) && url.path != "/" {
      url = url.deletingLastPathComponent()
    }
    return url.path
  }()

  static var path: String { folder + "/cjnb" }

  /// The repository's root, from this file's place in it.
  static let root: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

  struct Result {
    var status: Int32
    var stdout: String
    var stderr: String
  }

  /// Runs cjnb with `arguments`, `input` on standard input, in `directory`.
  static func run(_ arguments: [String], input: String? = nil, directory: String? = nil, environment: [String: String] = [:]) throws -> Result {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["COLUMNS"] = "80"
    env.removeValue(forKey: "NO_COLOR")
    for (k, v) in environment { env[k] = v }
    process.environment = env
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
    try stdin.fileHandleForWriting.close()
    let out = stdout.fileHandleForReading.readDataToEndOfFile()
    let err = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return Result(status: process.terminationStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
  }

  static func fixture(_ name: String) -> String { root + "/Tests/EndToEndTests/Fixtures/" + name }
}

/// Compares `text` with a reviewed golden file; `RECORD_GOLDEN=1` writes it instead.
func assertGolden(_ text: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
  let path = Binary.root + "/Tests/EndToEndTests/Golden/" + name
  if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
    try? text.write(toFile: path, atomically: true, encoding: .utf8)
    return
  }
  guard let expected = try? String(contentsOfFile: path, encoding: .utf8) else {
    Issue.record("no golden file \(name): run with RECORD_GOLDEN=1 and review it", sourceLocation: sourceLocation)
    return
  }
  #expect(text == expected, "differs from Golden/\(name)", sourceLocation: sourceLocation)
}
