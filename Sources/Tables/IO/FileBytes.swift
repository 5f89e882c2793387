#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads whole files into memory with POSIX calls, turning each failure into one clear error.
public enum FileBytes {
  /// The most cjnb reads from a pipe or FIFO, whose size is not known before it ends.
  public static let streamLimit = 1 << 30

  /// The bytes of the file at `path`. Regular files are read whole; pipes and FIFOs are read
  /// up to `streamLimit`, waiting in a way Ctrl-C ends; devices, sockets and folders are refused,
  /// so that `/dev/zero` or a FIFO nobody writes cannot grow or hang a session.
  public static func read(_ path: String) throws(FileError) -> [UInt8] {
    var info = stat()
    guard stat(path, &info) == 0 else { throw openError(path, errno) }
    try refuseUnreadableKinds(path, info.st_mode)
    // Not blocking: opening a FIFO waits for a writer, and that wait could not be interrupted.
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { throw openError(path, errno) }
    defer { close(fd) }
    // What was opened is what counts: the path may have been swapped since `stat`.
    guard fstat(fd, &info) == 0 else { throw openError(path, errno) }
    try refuseUnreadableKinds(path, info.st_mode)
    let regular = (info.st_mode & S_IFMT) == S_IFREG
    if regular {
      // Back to blocking reads for a file, whose reads never wait for long.
      _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
    }
    return try readAll(fd, name: path, regular: regular, size: Int(info.st_size), polling: !regular)
  }

  /// Everything on standard input, up to `streamLimit` when it is a pipe; Ctrl-C ends the wait.
  /// Its reads block (making them non-blocking would change the descriptor the shell shares).
  public static func readStandardInput() throws(FileError) -> [UInt8] {
    var info = stat()
    guard fstat(0, &info) == 0 else {
      throw FileError(
        .unreadable, path: "standard input",
        message: "could not be read: \(String(cString: strerror(errno)))")
    }
    try refuseUnreadableKinds("standard input", info.st_mode, allowingDevices: true)
    let regular = (info.st_mode & S_IFMT) == S_IFREG
    return try readAll(
      0, name: "standard input", regular: regular, size: Int(info.st_size), polling: false)
  }

  /// The bytes of `fd`: a regular file of `size` bytes read whole, anything else in chunks up to
  /// `streamLimit`, waiting with `poll` when `polling` (a non-blocking FIFO) so that Ctrl-C is
  /// seen, or in blocking reads that Ctrl-C interrupts.
  private static func readAll(
    _ fd: Int32, name path: String, regular: Bool, size: Int, polling: Bool
  ) throws(FileError) -> [UInt8] {
    // Read straight into uninitialised storage: zero-filling a large file first costs time.
    var failure: Int32 = 0
    let expected = regular ? max(size, 0) : 0
    var bytes = [UInt8](unsafeUninitializedCapacity: expected + 1) { buffer, count in
      count =
        regular ? readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), error: &failure) : 0
    }
    // A file that grew while we read it, or a pipe, goes on in chunks.
    var more = !regular || bytes.count == expected + 1
    while failure == 0 && more {
      if Interruption.isRequested {
        throw FileError(.interrupted, path: path, message: "reading was interrupted (Ctrl-C)")
      }
      if polling {
        guard try waitReadable(fd, path) else { continue }
      }
      let chunk = [UInt8](unsafeUninitializedCapacity: 1 << 16) { buffer, count in
        count =
          regular
          ? readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), error: &failure)
          : readSome(fd, into: UnsafeMutableRawBufferPointer(buffer), error: &failure)
      }
      if failure == EAGAIN || failure == EINTR {
        // Not ready yet, or a signal: Ctrl-C is looked at above.
        failure = 0
        continue
      }
      bytes.append(contentsOf: chunk)
      more = regular ? chunk.count == 1 << 16 : chunk.count > 0
      if !regular && bytes.count > streamLimit {
        throw FileError(
          .tooLarge, path: path,
          message: "sent more than \(streamLimit >> 30) GB, the most cjnb reads from a pipe",
          hint: "write the data to a file first")
      }
    }
    if failure != 0 {
      throw FileError(
        .unreadable, path: path, message: "could not be read: \(String(cString: strerror(failure)))"
      )
    }
    return bytes
  }

  /// Folders, devices and sockets are not tables.
  private static func refuseUnreadableKinds(
    _ path: String, _ mode: mode_t, allowingDevices: Bool = false
  ) throws(FileError) {
    switch mode & S_IFMT {
    case S_IFDIR:
      throw FileError(
        .isDirectory, path: path, message: "is a directory, not a file",
        hint: "name a .csv or .tsv file inside it")
    case S_IFCHR where allowingDevices:
      // Standard input from /dev/null, or a terminal: read as a stream, within the limit.
      return
    case S_IFCHR, S_IFBLK:
      throw FileError(
        .unreadable, path: path, message: "is a device, not a file",
        hint: "cjnb reads regular files, pipes and FIFOs")
    case S_IFSOCK:
      throw FileError(
        .unreadable, path: path, message: "is a socket, not a file",
        hint: "cjnb reads regular files, pipes and FIFOs")
    default:
      return
    }
  }

  /// Waits up to a tenth of a second for `fd` to have bytes or reach its end; false when it did
  /// not, so that the caller can look at Ctrl-C and wait again.
  private static func waitReadable(_ fd: Int32, _ path: String) throws(FileError) -> Bool {
    var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    let n = poll(&p, 1, 100)
    if n < 0 && errno != EINTR {
      throw FileError(
        .unreadable, path: path, message: "could not be read: \(String(cString: strerror(errno)))")
    }
    return n > 0
  }

  /// The file at `path` mapped into memory, read-only, with the same errors as `read`.
  public static func map(_ path: String) throws(FileError) -> MappedFile {
    var info = stat()
    guard stat(path, &info) == 0 else { throw openError(path, errno) }
    if (info.st_mode & S_IFMT) == S_IFDIR {
      throw FileError(
        .isDirectory, path: path, message: "is a directory, not a file",
        hint: "name a .csv or .tsv file inside it")
    }
    let size = Int(info.st_size)
    // Pipes and empty files have nothing to map: read them (devices are refused there).
    guard (info.st_mode & S_IFMT) == S_IFREG, size > 0 else {
      return MappedFile(bytes: try read(path))
    }
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw openError(path, errno) }
    defer { close(fd) }
    guard let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), address != MAP_FAILED else {
      return MappedFile(bytes: try read(path))
    }
    madvise(address, size, MADV_SEQUENTIAL | MADV_WILLNEED)
    return MappedFile(address: address, count: size)
  }

  /// The names in the folder at `path` (with `.` and `..`), or nil when it cannot be read.
  ///
  /// The one place that reads a directory entry's name: in place, up to its NUL. A `dirent` is
  /// only as long as its name, so copying the whole `d_name` array (256 bytes) reads past the
  /// end of a short entry, which the address sanitizer reported in four copies of that code.
  public static func names(inFolder path: String) -> [String]? {
    guard let dir = opendir(path) else { return nil }
    defer { closedir(dir) }
    let offset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 0
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = UnsafeRawPointer(entry).advanced(by: offset).assumingMemoryBound(to: CChar.self)
      names.append(String(cString: name))
    }
    return names
  }

  /// Whether a file or folder exists at `path`.
  public static func exists(_ path: String) -> Bool {
    var info = stat()
    return stat(path, &info) == 0
  }

  static func openError(_ path: String, _ code: Int32) -> FileError {
    switch code {
    case ENOENT, ENOTDIR:
      return FileError(.notFound, path: path, message: "no such file")
    case EACCES, EPERM:
      return FileError(
        .permissionDenied, path: path, message: "permission denied",
        hint: "check the file's permissions (ls -l)")
    default:
      return FileError(
        .unreadable, path: path, message: "could not be opened: \(String(cString: strerror(code)))")
    }
  }
}

/// Reads until the buffer is full or the file ends; returns the bytes read.
private func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, error: inout Int32)
  -> Int
{
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

/// One read of what is there (a pipe gives what it has); 0 at the end.
private func readSome(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, error: inout Int32)
  -> Int
{
  guard let base = buffer.baseAddress else { return 0 }
  while true {
    let n = read(fd, base, buffer.count)
    if n >= 0 { return n }
    // Ctrl-C interrupts a blocking read (the handler has no SA_RESTART): the caller looks.
    if errno == EINTR && !Interruption.isRequested { continue }
    error = errno
    return 0
  }
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

  /// Whether the bytes are the file mapped into memory (not a copy).
  public var isMapped: Bool { mapped }

  /// The bytes; valid while this object lives.
  public var bytes: UnsafeBufferPointer<UInt8> {
    UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: count)
  }
}
