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

  /// The file at `path` mapped into memory, read-only, with the same errors as `read`.
  public static func map(_ path: String) throws(CSVError) -> MappedFile {
    var info = stat()
    guard stat(path, &info) == 0 else { throw openError(path, errno) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw CSVError(.isDirectory, path: path, message: "is a directory, not a file", hint: "name a .csv or .tsv file inside it")
    }
    let size = Int(info.st_size)
    // Pipes, devices and empty files have nothing to map: read them.
    guard (info.st_mode & S_IFMT) == S_IFREG, size > 0 else { return MappedFile(bytes: try read(path)) }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw openError(path, errno) }
    defer { close(fd) }
    guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
      return MappedFile(bytes: try read(path))
    }
    madvise(address, size, MADV_SEQUENTIAL | MADV_WILLNEED)
    return MappedFile(address: address, count: size)
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

/// A file's bytes in memory: mapped from the file, or read into an array when mapping is not
/// possible. The bytes stay valid as long as this object lives.
public final class MappedFile {
  private let address: UnsafeMutableRawPointer
  private let mapped: Bool
  public let count: Int

  init(address: UnsafeMutableRawPointer, count: Int) {
    self.address = address
    self.count = count
    mapped = true
  }

  /// Bytes that were read: copied into memory this object owns.
  init(bytes: [UInt8]) {
    let memory = UnsafeMutableRawPointer.allocate(byteCount: max(1, bytes.count), alignment: 16)
    bytes.withUnsafeBytes { raw in
      if let base = raw.baseAddress { memory.copyMemory(from: base, byteCount: raw.count) }
    }
    address = memory
    count = bytes.count
    mapped = false
  }

  deinit {
    if mapped { munmap(address, count) } else { address.deallocate() }
  }

  /// The bytes; valid while this object lives.
  public var bytes: UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: count)
  }
}
