import Dispatch
import Testing

@testable import Framework

/// Area names are compared by a key; ASCII names take a byte-at-a-time path. It must give the
/// words the Unicode path gives, for every name cjnb knows and for any ASCII text.
@Suite("Area keys")
struct AreaKeyTests {
  static func words(_ s: String) -> [Substring] { s.split(separator: " ") }

  @Test func theASCIIPathGivesTheWordsOfTheUnicodeOne() {
    var names = CouncilArea.all.flatMap { [$0.name, $0.code] + $0.otherNames }
    names += [
      "Perth & Kinross", "  city of EDINBURGH council ", "Na h-Eileanan Siar",
      "Dumfries\tand\r\nGalloway", "ABC-123_x", "",
    ]
    // Any printable or control ASCII, from a fixed seed.
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    for _ in 0..<5000 {
      var bytes: [UInt8] = []
      state = state &* 6364136223846793005 &+ 1442695040888963407
      for _ in 0..<Int(state >> 60) + 1 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        bytes.append(UInt8(truncatingIfNeeded: state >> 33) & 0x7F)
      }
      names.append(String(decoding: bytes, as: UTF8.self))
    }
    for name in names where name.utf8.allSatisfy({ $0 < 0x80 }) {
      #expect(
        Self.words(AreaResolver.foldedASCII(name)) == Self.words(AreaResolver.folded(name)),
        "\(name.debugDescription)")
    }
  }

  @Test func namesStillResolve() {
    let areas = AreaResolver.standard
    #expect(areas.resolve("PERTH & KINROSS")?.name == "Perth and Kinross")
    #expect(areas.resolve("city of edinburgh council")?.name == "City of Edinburgh")
    #expect(areas.resolve("Comhairle nan Eilean Siar")?.name == "Na h-Eileanan Siar")
  }

  /// Texts resolved by the slow path are remembered, up to a limit; the answers are the same the
  /// first time, the second, beyond the limit, and from two threads at once.
  @Test func rememberedAnswersAreTheSame() {
    let fresh = AreaResolver()
    var texts = [
      "PERTH & KINROSS", "city of edinburgh council", "Comhairle nan Eilean Siar", "  Fife ",
      "cases commenced", "Male", "s12000015", "Nowhere",
    ]
    texts += (0..<5_000).map { "not an area \($0)" }
    texts += ["perth and kinross council", "GLASGOW CITY", "the highland council"]
    let first = texts.map { fresh.resolve($0)?.name }
    let second = texts.map { fresh.resolve($0)?.name }
    #expect(first == second)
    #expect(first[0] == "Perth and Kinross")
    #expect(first[4] == nil)
    #expect(first.suffix(3) == ["Perth and Kinross", "Glasgow City", "Highland"])
    // Against a resolver that has remembered nothing.
    #expect(texts.map { AreaResolver().resolve($0)?.name }.suffix(3) == first.suffix(3))
    let shared = AreaResolver()
    let all = texts
    nonisolated(unsafe) var answers = [[String?]](repeating: [], count: 2)
    answers.withUnsafeMutableBufferPointer { slots in
      nonisolated(unsafe) let slots = slots
      DispatchQueue.concurrentPerform(iterations: 2) { k in
        slots[k] = all.map { shared.resolve($0)?.name }
      }
    }
    #expect(answers[0] == first)
    #expect(answers[1] == first)
  }
}
