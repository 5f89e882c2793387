#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole files into memory with POSIX calls, turning each failure into one clear error.
public enum FileBytes {
  /// The bytes of the file at `path`.
  public static func read(_ path: String) throws(CSVError) -> [UInt8] {
    var info = stat()
    guard stat(path, &info) == 0 else { throw openError(path, errno) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw CSVError(.isDirectory, path: path, message: "is a directory, not a file", hint: "name a .csv or .tsv file inside it")
    }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw openError(path, errno) }
    defer { close(fd) }
    // Read straight into uninitialised storage: zero-filling a large file first costs time.
    var failure: Int32 = 0
    let expected = max(Int(info.st_size), 0)
    var bytes = [UInt8](unsafeUninitializedCapacity: expected + 1) { buffer, count in
      count = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), error: &failure)
    }
    // A file that grew while we read it (or a pipe) goes on in chunks.
    var more = bytes.count == expected + 1
    while failure == 0 && more {
      let chunk = [UInt8](unsafeUninitializedCapacity: 1 << 16) { buffer, count in
        count = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), error: &failure)
      }
      bytes.append(contentsOf: chunk)
      more = chunk.count == 1 << 16
    }
    if failure != 0 {
      throw CSVError(.unreadable, path: path, message: "could not be read: \(String(cString: strerror(failure)))")
    }
    return bytes
  }

  /// Whether a file or folder exists at `path`.
  public static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  private static func openError(_ path: String, _ code: Int32) -> CSVError {
    switch code {
    case ENOENT, ENOTDIR:
      return CSVError(.notFound, path: path, message: "no such file")
    case EACCES, EPERM:
      return CSVError(.permissionDenied, path: path, message: "permission denied", hint: "check the file's permissions (ls -l)")
    default:
      return CSVError(.unreadable, path: path, message: "could not be opened: \(String(cString: strerror(code)))")
    }
  }
}

/// Reads until the buffer is full or the file ends; returns the bytes read.
private func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, error: inout Int32) -> Int {
  guard let base = buffer.baseAddress else { return 0 }
  var filled = 0
  while filled < buffer.count {
    let n = read(fd, base + filled, buffer.count - filled)
    if n < 0 {
      if errno == EINTR { continue }
      error = errno
      break
    }
    if n == 0 { break }
    filled += n
  }
  return filled
}
