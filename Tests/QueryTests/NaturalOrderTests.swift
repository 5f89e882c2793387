import PropertyBased
@testable import Query
import Tables
import Testing

@Suite("natural order")
struct NaturalOrderTests {
  static let pieces = [
    "NI", "ni", "1", "01", "10", "2", "007", "a", "B", " ", "/", ":", "-", "é", "Z9", "0",
  ]

  static func strings(_ picks: [[Int]]) -> [String] { picks.map { $0.map { pieces[$0] }.joined() } }

  /// The order `describe` lists values in: digits as numbers, case ignored.
  @Test func precedesOrdersDigitsAsNumbers() {
    #expect(NaturalOrder.precedes("NI2", "NI10"))
    #expect(!NaturalOrder.precedes("NI10", "NI2"))
    #expect(NaturalOrder.precedes("area 3", "Area 20"))
    #expect(["NI10", "NI2", "NI1"].sorted(by: NaturalOrder.precedes) == ["NI1", "NI2", "NI10"])
  }

  /// Sorting by keys puts strings where comparing them pairwise does, ties in their first order.
  @Test func keysOrderAsTheComparisonDoes() async {
    await propertyCheck(input: Gen.int(in: 0...15).array(of: 0...4).array(of: 0...30)) { picks in
      let strings = Self.strings(picks)
      let expected = strings.indices.sorted { a, b in
        let c = NaturalOrder.compare(strings[a], strings[b])
        return c != 0 ? c < 0 : a < b
      }
      let ranks = NaturalOrder.ranks(strings)
      #expect(strings.indices.sorted { ranks[$0] < ranks[$1] } == expected, "\(strings)")
    }
  }

  @Test func numbersAsNumbersCaseIgnoredScotlandLastInAreas() throws {
    #expect(NaturalOrder.ranks(["NI10", "NI2", "ni1", "NI02b"]) == [3, 1, 0, 2])
    let areas = ["Scotland", "Fife", "Angus", "Falkirk"]
    let ranks = NaturalOrder.ranks(areas, last: { $0 == "Scotland" })
    #expect(
      areas.indices.sorted { ranks[$0] < ranks[$1] }.map { areas[$0] } == [
        "Angus", "Falkirk", "Fife", "Scotland",
      ])
  }
}
