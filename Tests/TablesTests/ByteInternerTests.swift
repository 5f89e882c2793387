import Testing

@testable import Tables

/// The per-cell dictionary: equal bytes share a code, different bytes never do, for every
/// length around the word-sized loads of the hash and the comparison.
@Suite("Byte interner")
struct ByteInternerTests {
  @Test func codesByContentAtEveryLength() {
    var interner = ByteInterner(capacity: 4)
    var words: [[UInt8]] = [[]]
    for n in 1...40 {
      let base = (0..<n).map { UInt8(97 + $0 % 26) }
      words.append(base)
      // The same length, one byte changed at the start, the middle and the end.
      for at in Set([0, n / 2, n - 1]) {
        var w = base
        w[at] = UInt8(ascii: "Z")
        words.append(w)
      }
    }
    let codes = words.map { w in w.withUnsafeBufferPointer { interner.intern($0) } }
    #expect(Set(codes).count == words.count, "every different word has its own code")
    #expect(codes == Array(0..<UInt32(words.count)), "codes in the order first met")
    let again = words.map { w in w.withUnsafeBufferPointer { interner.intern($0) } }
    #expect(again == codes)
    #expect(interner.count == words.count)
    #expect((0..<words.count).allSatisfy { Array(interner.bytes($0)) == words[$0] })
  }
}
