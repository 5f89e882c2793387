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
  static func firstInvalidOffsetOnEveryCore(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let cores = max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
    guard cores > 1, bytes.count >= 4 << 20 else { return firstInvalidOffset(bytes) }
    var cuts = [0]
    for k in 1..<cores {
      var cut = bytes.count / cores * k
      var steps = 0
      while cut < bytes.count, bytes[cut] & 0xC0 == 0x80, steps < 3 {
        cut += 1
        steps += 1
      }
      cuts.append(max(cut, cuts.last!))
    }
    cuts.append(bytes.count)
    var found = [Int?](repeating: nil, count: cores)
    let bounds = cuts
    // Read only, by every thread, while this function waits.
    nonisolated(unsafe) let bytes = bytes
    found.withUnsafeMutableBufferPointer { slots in
      nonisolated(unsafe) let slots = slots
      DispatchQueue.concurrentPerform(iterations: cores) { k in
        // Each thread writes only its own slot.
        let part = UnsafeBufferPointer(rebasing: bytes[bounds[k]..<bounds[k + 1]])
        slots[k] = firstInvalidOffset(part).map { $0 + bounds[k] }
      }
    }
    return found.compactMap { $0 }.min()
  }
}
