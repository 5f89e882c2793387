/// Arrays of plain values written through their buffers in one pass and handed over as they
/// are: no uniqueness check per write, as arrays written in a loop pay, and no copy, as buffers
/// turned into arrays afterwards pay. `body` must write every element of every buffer.
enum Filled {
  static func array<A: BitwiseCopyable>(
    _ count: Int, _ body: (UnsafeMutableBufferPointer<A>) -> Void
  ) -> [A] {
    [A](unsafeUninitializedCapacity: count) { a, written in
      body(a)
      written = count
    }
  }

  static func arrays<A: BitwiseCopyable, B: BitwiseCopyable>(
    _ count: Int, _ body: (UnsafeMutableBufferPointer<A>, UnsafeMutableBufferPointer<B>) -> Void
  ) -> ([A], [B]) {
    var second: [B] = []
    let first = array(count) { (a: UnsafeMutableBufferPointer<A>) in
      second = array(count) { (b: UnsafeMutableBufferPointer<B>) in body(a, b) }
    }
    return (first, second)
  }

  static func arrays<
    A: BitwiseCopyable, B: BitwiseCopyable, C: BitwiseCopyable, D: BitwiseCopyable
  >(
    _ count: Int,
    _ body: (
      UnsafeMutableBufferPointer<A>, UnsafeMutableBufferPointer<B>, UnsafeMutableBufferPointer<C>,
      UnsafeMutableBufferPointer<D>
    ) -> Void
  ) -> ([A], [B], [C], [D]) {
    var last: ([C], [D]) = ([], [])
    let first = arrays(count) {
      (a: UnsafeMutableBufferPointer<A>, b: UnsafeMutableBufferPointer<B>) in
      last = arrays(count) { (c: UnsafeMutableBufferPointer<C>, d: UnsafeMutableBufferPointer<D>) in
        body(a, b, c, d)
      }
    }
    return (first.0, first.1, last.0, last.1)
  }
}
