#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Hands the pages of a mapped file back to the system once the reader is past them
/// (`MADV_DONTNEED`), 16 MB at a time: a private read-only mapping is read again from the file
/// when touched later (a second pass, an error's line), so nothing is lost, and the peak memory
/// of reading is the columns, not the columns and the file. Anything not inside the mapping is
/// left alone: on memory of its own, the same call would zero it.
struct PageRelease {
  private let base: Int
  private var released: Int
  private let enabled: Bool
  private let step: Int
  private static let page = Int(sysconf(Int32(_SC_PAGESIZE)))

  init(buffer: UnsafeBufferPointer<UInt8>, region: Range<Int>?, step: Int, from start: Int) {
    self.step = max(step, Self.page)
    let base = buffer.baseAddress.map { Int(bitPattern: $0) } ?? 0
    self.base = base
    released = start
    if let region {
      enabled = region.lowerBound <= base && base + buffer.count <= region.upperBound
    } else {
      enabled = false
    }
  }

  /// Releases the whole pages before `offset` not yet released, once 16 MB have gathered.
  @inline(__always)
  mutating func release(upTo offset: Int) {
    guard enabled, offset - released >= step else { return }
    let from = (base + released + Self.page - 1) / Self.page * Self.page
    let to = (base + offset) / Self.page * Self.page
    if to > from, let address = UnsafeMutableRawPointer(bitPattern: from) {
      _ = madvise(address, to - from, Int32(MADV_DONTNEED))
    }
    released = offset
  }
}
