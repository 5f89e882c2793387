#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file could not be written.
public struct WriteError: Error, Equatable, Sendable, CustomStringConvertible {
  public var path: String
  public var message: String
  public var description: String { "\(path): \(message)" }
}

/// Writes files whole or not at all: the bytes go to a temporary file beside the target, are
/// flushed to disk, and the temporary file is renamed over the target. An interrupted write
/// leaves the old file as it was.
public enum AtomicFile {
  /// Whether something exists at `path`.
  public static func exists(_ path: String) -> Bool { FileBytes.exists(path) }

  public static func write(_ text: String, to path: String) throws(WriteError) {
    try write(Array(text.utf8), to: path)
  }

  public static func write(_ bytes: [UInt8], to path: String) throws(WriteError) {
    try write(bytes, to: path, failingAfter: nil)
  }

  /// The same, failing after `failingAfter` bytes as a full disk or a killed process would:
  /// for tests of what an interrupted write leaves behind.
  static func write(_ bytes: [UInt8], to path: String, failingAfter: Int?) throws(WriteError) {
    let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
    var info = stat()
    if !folder.isEmpty, stat(folder, &info) != 0 {
      throw WriteError(path: path, message: "the folder \(folder) does not exist")
    }
    if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      throw WriteError(path: path, message: "is a folder")
    }
    var template = Array("\(path).tmp-XXXXXX".utf8CString)
    let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
      guard let base = buffer.baseAddress else { return -1 }
      return mkstemp(base)
    }
    guard fd >= 0 else { throw WriteError(path: path, message: "cannot write here: \(String(cString: strerror(errno)))") }
    let temporary = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    var failure: String?
    var written = 0
    bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      while written < raw.count {
        if let limit = failingAfter, written >= limit {
          failure = "interrupted after \(limit) bytes"
          return
        }
        let chunk = failingAfter.map { max(1, min(raw.count - written, $0 - written)) } ?? (raw.count - written)
        let n = Glibc.write(fd, base + written, chunk)
        if n < 0 {
          if errno == EINTR { continue }
          failure = String(cString: strerror(errno))
          return
        }
        written += n
      }
    }
    if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    // Keep the permissions of a file being replaced; a new file gets the usual 0644 less umask.
    let mode: mode_t = stat(path, &info) == 0 ? info.st_mode & 0o777 : 0o644 & ~currentUmask()
    fchmod(fd, mode)
    if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
    if failure == nil && rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
    if let failure {
      unlink(temporary)
      throw WriteError(path: path, message: "could not be written: \(failure)")
    }
  }

  private static func currentUmask() -> mode_t {
    let mask = umask(0)
    umask(mask)
    return mask
  }
}
