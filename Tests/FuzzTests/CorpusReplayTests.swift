import Foundation
import FuzzHarness
import Testing

/// The fuzz targets' committed inputs, replayed through the same harness as the libFuzzer
/// executables, so that `make test` keeps every seed passing without the fuzzer's build.
///
/// `Fuzz/Crashes/<target>/` holds the inputs that crashed a target, each a regression test once
/// its defect is fixed. Until then they would stop this test process, so they run only when
/// CJNB_FUZZ_CRASHES is set (`make fuzz-regressions`); see docs/reliability.md.
struct CorpusReplayTests {
  static let fuzzFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

  static func inputs(_ kind: String, _ target: String) -> [URL] {
    let folder = fuzzFolder.appendingPathComponent(kind).appendingPathComponent(target)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map {
      folder.appendingPathComponent($0)
    }
  }

  static let names = FuzzHarness.targets.map(\.name)

  @Test(arguments: names)
  func seedCorpusReplays(_ target: String) throws {
    let files = Self.inputs("Corpus", target)
    #expect(!files.isEmpty, "Fuzz/Corpus/\(target) has no seeds")
    for file in files {
      FuzzHarness.run(target, Array(try Data(contentsOf: file)))
    }
  }

  @Test(
    .enabled(if: ProcessInfo.processInfo.environment["CJNB_FUZZ_CRASHES"] != nil), arguments: names)
  func crashInputsReplay(_ target: String) throws {
    for file in Self.inputs("Crashes", target) {
      FuzzHarness.run(target, Array(try Data(contentsOf: file)))
    }
  }
}
