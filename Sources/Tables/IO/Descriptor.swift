#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writing to a file descriptor, the one place that calls `write(2)`: every byte, going on after
/// short writes and interruptions, on Linux and macOS alike. The terminal, the journal, the
/// history and atomic files all write through it.
public enum Descriptor {
  /// Writes every byte of `bytes` to `fd`; what went wrong (strerror's text), or nil.
  /// `stoppingAfter` stops early, as a write cut off by a crash would (for tests).
  @discardableResult
  public static func writeAll(_ fd: Int32, _ bytes: [UInt8], stoppingAfter limit: Int? = nil)
    -> String?
  {
    bytes.withUnsafeBytes { raw -> String? in
      guard let base = raw.baseAddress else { return nil }
      var written = 0
      while written < raw.count {
        if let limit, written >= limit { return "interrupted after \(limit) bytes" }
        let chunk =
          limit.map { max(1, min(raw.count - written, $0 - written)) } ?? (raw.count - written)
        #if canImport(Glibc)
          let n = Glibc.write(fd, base + written, chunk)
        #else
          let n = Darwin.write(fd, base + written, chunk)
        #endif
        if n < 0 {
          if errno == EINTR { continue }
          return String(cString: strerror(errno))
        }
        // A write of nothing to a descriptor that takes bytes would loop for ever.
        if n == 0 { return "the file took no more bytes" }
        written += n
      }
      return nil
    }
  }

  /// Appends `bytes` to the file at `path` (created with `mode` when absent) in one `write`
  /// of an `O_APPEND` descriptor, so that two sessions appending at once do not interleave
  /// within a line; what went wrong, or nil.
  @discardableResult
  public static func append(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) -> String? {
    let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, mode)
    guard fd >= 0 else { return String(cString: strerror(errno)) }
    var failure = writeAll(fd, bytes)
    if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
    return failure
  }
}
