import Foundation
import Testing

@testable import Query

/// Whether a measure's name says percentage, looked for in its bytes, against the search it
/// replaced (Foundation's `contains`, kept here as the reference).
@Suite("Percentage names")
struct MeasureUnitTests {
  static func reference(_ name: String) -> Bool {
    let s = name.lowercased()
    if s.contains("%") || s.contains("percentage") || s.contains("per cent")
      || s.contains("percent") || s.contains("proportion")
    {
      return true
    }
    let words = s.split(whereSeparator: { !$0.isLetter })
    return words.last == "rate" && !s.contains("per ")
  }

  @Test func sameAnswerAsTheReference() {
    var names = [
      "CPOs completed (%)", "Percentage of orders completed", "PER CENT completed", "proportion",
      "Completion rate", "Reconviction Rate", "rate per 10,000 population", "rate per 1000",
      "cases commenced", "", "%", "per", "Proportion – Fife", "Taux (pourcentage)", "perc", "rat",
      "rate", "a rate, per cent", "Rate of reconviction", "reconviction rate 2023-24",
      "completion rate.", "taux de réussite rate", "rate é", "Rate1", "crate", "x_rate",
    ]
    // Random text over the letters of the words looked for, from a fixed seed.
    let letters = Array("percntagoil %,-RATE".utf8)
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    for _ in 0..<20_000 {
      var bytes: [UInt8] = []
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      for _ in 0..<Int(state >> 59) + 1 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        bytes.append(letters[Int(state >> 33) % letters.count])
      }
      names.append(String(decoding: bytes, as: UTF8.self))
    }
    for name in names {
      #expect(
        MeasureUnit.isPercentage(name: name) == Self.reference(name), "\(name.debugDescription)")
    }
  }
}
