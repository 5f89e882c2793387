import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

extension UTF8Check {
  /// ``firstInvalidOffset(_:)-(UnsafeBufferPointer<UInt8>)``, with a large file cut into one stretch per core, each cut
  /// moved forward to the start of a character: the same answer, since the stretches before the
  /// first bad byte are whole characters, and a character cut short at the end of a stretch is
  /// reported where it starts, as one pass would. Files under 4 MB take one pass.
  ///
  /// With `releasing` (the bytes are a read-only file mapping), each stretch is checked 16 MB at
  /// a time and the pages behind handed back (``PageRelease``), so that checking does not make
  /// the whole file resident before the reader's pass.
  static func firstInvalidOffsetOnEveryCore(
    _ bytes: UnsafeBufferPointer<UInt8>, releasing: Bool = false, step: Int = 16 << 20
  ) -> Int? {
    let cores = max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    guard cores > 1, bytes.count >= 4 << 20 else {
      return inBlocks(bytes, from: 0, to: bytes.count, releasing: releasing, step: step)
    }
    func characterStart(_ at: Int) -> Int {
      var cut = at
      var steps = 0
      while cut < bytes.count, bytes[cut] & 0xC0 == 0x80, steps < 3 {
        cut += 1
        steps += 1
      }
      return cut
    }
    var cuts = [0]
    for k in 1..<cores { cuts.append(max(characterStart(bytes.count / cores * k), cuts.last!)) }
    cuts.append(bytes.count)
    var found = [Int?](repeating: nil, count: cores)
    let bounds = cuts
    // Read only, by every thread, while this function waits.
    nonisolated(unsafe) let bytes = bytes
    found.withUnsafeMutableBufferPointer { slots in
      nonisolated(unsafe) let slots = slots
      DispatchQueue.concurrentPerform(iterations: cores) { k in
        // Each thread writes only its own slot.
        slots[k] = inBlocks(
          bytes, from: bounds[k], to: bounds[k + 1], releasing: releasing, step: step)
      }
    }
    return found.compactMap { $0 }.min()
  }

  /// The first bad byte of `bytes[from..<to]`, checked `step` bytes at a time (each block cut
  /// forward to a character's start), releasing each block's pages once checked when asked.
  private static func inBlocks(
    _ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, releasing: Bool, step: Int
  ) -> Int? {
    guard releasing else {
      return firstInvalidOffset(UnsafeBufferPointer(rebasing: bytes[from..<to])).map { $0 + from }
    }
    var pages = PageRelease(
      buffer: bytes,
      region: bytes.baseAddress.map { Int(bitPattern: $0) }.map { $0..<($0 + bytes.count) },
      step: 1, from: from)
    var start = from
    while start < to {
      var end = min(to, start + step)
      var steps = 0
      while end < to, bytes[end] & 0xC0 == 0x80, steps < 3 {
        end += 1
        steps += 1
      }
      if let bad = firstInvalidOffset(UnsafeBufferPointer(rebasing: bytes[start..<end])) {
        return bad + start
      }
      pages.release(upTo: end)
      start = end
    }
    return nil
  }
}
