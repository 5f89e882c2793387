import Foundation
import Framework
import Testing

/// The framework as data, checked against the table of outcomes and indicators in the shared
/// FRAMEWORK.md (beside the project's root, as CI has it): an independent transcription.
@Suite("The framework catalogue")
struct CatalogueTests {
  static let frameworkFile: String = {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().deletingLastPathComponent()
    return root.deletingLastPathComponent().appendingPathComponent("shared/FRAMEWORK.md").path
  }()

  /// `LE7-LE10` and `LE1, LE2` as ids.
  static func evidence(_ cell: String) -> [String] {
    cell.split(separator: ",").flatMap { part -> [String] in
      let ends = part.trimmingCharacters(in: .whitespaces).split(separator: "-").map {
        Int($0.dropFirst(2))!
      }
      return (ends[0]...(ends.last!)).map { "LE\($0)" }
    }
  }

  @Test(
    .enabled(
      if: FileManager.default.fileExists(atPath: CatalogueTests.frameworkFile),
      "../shared/FRAMEWORK.md is not beside the project"))
  func outcomesAndIndicatorsMatchTheFrameworkTable() throws {
    let text = try String(contentsOfFile: Self.frameworkFile, encoding: .utf8)
    let rows = text.split(separator: "\n").filter { $0.hasPrefix("| NI") }.map {
      $0.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
    }
    #expect(rows.count == 10)
    #expect(PerformanceFramework.indicators.map(\.id) == rows.map { $0[0] })
    var outcome = 0
    for row in rows {
      let indicator = try #require(PerformanceFramework.indicator(row[0]))
      if !row[1].hasPrefix("(same outcome") { outcome += 1 }
      #expect(indicator.outcome == outcome, "\(row[0])")
      let national = try #require(PerformanceFramework.outcome(outcome))
      if !row[1].hasPrefix("(same outcome") { #expect(national.text == row[1]) }
      #expect(national.indicators.contains(row[0]))
      #expect(national.localEvidence == Self.evidence(row[3]), "\(row[0])")
      #expect(national.strategyAim == Int(row[4]), "\(row[0])")
      #expect(
        indicator.title.lowercased().hasPrefix(String(row[2].prefix(12)).lowercased()),
        "\(row[0]): \(indicator.title)")
    }
    #expect(outcome == 9 && PerformanceFramework.outcomes.count == 9)
  }

  @Test func everyItemOfLocalEvidenceOnce() {
    #expect(PerformanceFramework.localEvidence.map(\.id) == (1...23).map { "LE\($0)" })
    let named = PerformanceFramework.outcomes.flatMap(\.localEvidence)
    #expect(named == (1...23).map { "LE\($0)" }, "each item belongs to one outcome, in order")
    // The data-point items, lettered as the framework letters them.
    #expect(PerformanceFramework.evidence("LE14")?.dataPoints.count == 3)
    #expect(PerformanceFramework.evidence("LE19")?.dataPoints.count == 5)
  }

  @Test func lookUpsIgnoreCaseAndRefuseTheUnknown() {
    #expect(PerformanceFramework.indicator("ni4")?.id == "NI4")
    #expect(PerformanceFramework.indicator("NI11") == nil)
    #expect(PerformanceFramework.outcome(10) == nil)
    #expect(PerformanceFramework.indicator(forMeasure: "Cases Commenced")?.id == "NI1")
    #expect(
      PerformanceFramework.evidence(for: PerformanceFramework.indicator("NI9")!) == [
        "LE18", "LE19", "LE20", "LE21",
      ])
  }
}
