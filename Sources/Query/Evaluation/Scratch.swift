#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Working memory for a pass over millions of rows, such as a sort's: above 4 MB it is mapped on
/// its own and, where the system allows, asked to be laid out in 2 MB pages (`MADV_HUGEPAGE`).
/// Fresh memory is otherwise faulted in 4 KB at a time, and on a virtual machine those faults
/// were a fifth of a 10M-row sort. Memory from `allocate` is given back with `free`, with the
/// same count; it is not initialized.
enum Scratch {
  private static let mapped = 4 << 20

  static func allocate<E>(_: E.Type, _ count: Int) -> UnsafeMutableBufferPointer<E> {
    let bytes = count * MemoryLayout<E>.stride
    guard bytes >= mapped else { return .allocate(capacity: count) }
    // As with any allocation that fails, there is no going on: Swift's own would stop here too.
    guard
      let address = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
      address != MAP_FAILED
    else { fatalError("out of memory: \(bytes) bytes of working memory") }
    #if os(Linux)
      _ = madvise(address, bytes, Int32(MADV_HUGEPAGE))
    #endif
    return UnsafeMutableBufferPointer(
      start: address.bindMemory(to: E.self, capacity: count), count: count)
  }

  static func free<E>(_ buffer: UnsafeMutableBufferPointer<E>) {
    let bytes = buffer.count * MemoryLayout<E>.stride
    guard bytes >= mapped, let base = buffer.baseAddress else {
      buffer.deallocate()
      return
    }
    munmap(UnsafeMutableRawPointer(base), bytes)
  }
}

extension Scratch {
  /// Asks for the whole 2 MB stretches of fresh memory (not yet written) to be laid out in
  /// large pages, for memory that must be an array's: a sort's rows, written in 2,048 places
  /// at once, would otherwise meet a missing page or a missed translation at nearly every write.
  static func preferLargePages(_ memory: UnsafeMutableRawBufferPointer) {
    #if os(Linux)
      let large = 2 << 20
      guard memory.count >= mapped, let base = memory.baseAddress else { return }
      let start = (Int(bitPattern: base) + large - 1) / large * large
      let end = (Int(bitPattern: base) + memory.count) / large * large
      guard end > start, let address = UnsafeMutableRawPointer(bitPattern: start) else { return }
      _ = madvise(address, end - start, Int32(MADV_HUGEPAGE))
    #endif
  }
}
