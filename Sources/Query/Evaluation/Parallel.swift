import Dispatch

/// Two pieces of work at once, on two cores where there are two.
enum Parallel {
  /// Runs `first` and `second` side by side and returns both results. Each closure must keep to
  /// its own state: neither may write what the other reads. Work under `minimum` (what the
  /// caller counts, say rows) runs on the calling thread, where a second thread would not pay.
  static func both<A, B>(size: Int, minimum: Int = 1 << 16, _ first: () -> A, _ second: () -> B)
    -> (A, B)
  {
    guard size >= minimum else { return (first(), second()) }
    return withoutActuallyEscaping(first) { first in
      withoutActuallyEscaping(second) { second in
        let a = UnsafeMutablePointer<A>.allocate(capacity: 1)
        let b = UnsafeMutablePointer<B>.allocate(capacity: 1)
        defer {
          a.deallocate()
          b.deallocate()
        }
        // Each iteration writes only its own slot; both are read once both are done.
        nonisolated(unsafe) let work = (first, second, a, b)
        DispatchQueue.concurrentPerform(iterations: 2) { i in
          if i == 0 { work.2.initialize(to: work.0()) } else { work.3.initialize(to: work.1()) }
        }
        return (a.move(), b.move())
      }
    }
  }

  /// `body` of each of 0 ..< count, the calls shared among the cores as they come free, the
  /// results in order. Each call must keep to its own state. Work under `minimum` (of what the
  /// caller counts in `size`, say rows) runs on the calling thread.
  static func map<T>(_ count: Int, size: Int, minimum: Int = 1 << 16, _ body: (Int) -> T) -> [T] {
    guard size >= minimum, count > 1 else { return (0..<count).map(body) }
    return withoutActuallyEscaping(body) { body in
      let out = UnsafeMutablePointer<T>.allocate(capacity: count)
      defer {
        out.deinitialize(count: count)
        out.deallocate()
      }
      // Each iteration writes only its own slot; all are read once all are done.
      nonisolated(unsafe) let work = (body, out)
      DispatchQueue.concurrentPerform(iterations: count) { i in
        (work.1 + i).initialize(to: work.0(i))
      }
      return Array(UnsafeBufferPointer(start: out, count: count))
    }
  }

  /// `part` cut in two, the first half first.
  static func halves(_ part: Range<Int>) -> (Range<Int>, Range<Int>) {
    let middle = part.lowerBound + part.count / 2
    return (part.lowerBound..<middle, middle..<part.upperBound)
  }

  /// `body` of each half of `part` (say rows), side by side when `size` (by default the number
  /// of rows in `part`) is at least `minimum`; the first half's result first. Each call must
  /// keep to its own half.
  static func onHalves<T>(
    _ part: Range<Int>, size: Int? = nil, minimum: Int = 1 << 16, _ body: (Range<Int>) -> T
  ) -> (T, T) {
    let (first, second) = halves(part)
    return both(size: size ?? part.count, minimum: minimum, { body(first) }, { body(second) })
  }
}
