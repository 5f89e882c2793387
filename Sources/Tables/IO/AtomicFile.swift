#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a file could not be written.
public struct WriteError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Reason: Sendable, Equatable {
    /// The write itself failed (no folder, no space, no permission, ...).
    case failed
    /// Something was created at the path while this was being written: nothing was written.
    case appeared
    /// The file changed on disk since it was last seen: it was left as it is.
    case changed
  }

  public var path: String
  public var message: String
  public var reason: Reason

  public init(path: String, message: String, reason: Reason = .failed) {
    self.path = path
    self.message = message
    self.reason = reason
  }

  public var description: String { "\(path): \(message)" }
}

/// What identifies one version of a file: its device and inode, size and modification time.
/// Replacing a file atomically gives it a new inode, so any save by another program shows.
public struct FileStamp: Sendable, Equatable, CustomStringConvertible {
  public var device: UInt64
  public var inode: UInt64
  public var size: Int64
  public var modified: Int64
  public var modifiedNanoseconds: Int64

  init(_ info: stat) {
    device = UInt64(info.st_dev)
    inode = UInt64(info.st_ino)
    size = Int64(info.st_size)
    #if canImport(Darwin)
      modified = Int64(info.st_mtimespec.tv_sec)
      modifiedNanoseconds = Int64(info.st_mtimespec.tv_nsec)
    #else
      modified = Int64(info.st_mtim.tv_sec)
      modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
    #endif
  }

  /// The stamp of the file at `path`; nil when nothing is there.
  public static func of(_ path: String) -> FileStamp? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return FileStamp(info)
  }

  /// The local time it was last modified, as HH:MM.
  public var time: String {
    var t = time_t(modified)
    var parts = tm()
    localtime_r(&t, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    return "\(two(parts.tm_hour)):\(two(parts.tm_min))"
  }

  public var description: String { "\(size) bytes, modified at \(time)" }
}

/// Writes files whole or not at all.
///
/// The bytes go to a file with no name in the target's folder (Linux's `O_TMPFILE`) or, where
/// that is not supported, to `NAME.tmp-XXXXXX` beside the target; they are flushed to disk and
/// then the file is put in place: linked to the target's name when it must not exist yet (so
/// two writers cannot both create it), renamed over it otherwise. An interrupted write leaves the
/// old file as it was; a temporary file left by a killed process is removed by the next write to
/// the same target, and the outcome says so. Replacing through a symbolic link replaces the file
/// it points to (the link stays); a FIFO or a device is written into, never replaced.
public enum AtomicFile {
  /// How the new file may meet what is already at the path.
  public enum Mode: Sendable, Equatable {
    /// Only when nothing is there, even at the last moment: otherwise `WriteError.Reason.appeared`.
    case create
    /// Whatever is there is replaced.
    case replace
    /// Only when the file there is still the version `stamp` describes (or has gone):
    /// otherwise `WriteError.Reason.changed`.
    case replaceIfUnchanged(FileStamp)
  }

  /// What a write did besides writing.
  public struct Outcome: Sendable, Equatable {
    /// The file as written, to notice later changes by others.
    public var stamp: FileStamp?
    /// Temporary files of earlier, interrupted writes to the same target, removed (names only).
    public var removedLeftovers: [String] = []

    /// A line saying what was removed, or nil.
    public var note: String? {
      guard !removedLeftovers.isEmpty else { return nil }
      let names = removedLeftovers.joined(separator: ", ")
      return
        "removed \(removedLeftovers.count == 1 ? "a temporary file" : "\(removedLeftovers.count) temporary files") "
        + "left by an interrupted save or write: \(names)"
    }
  }

  /// Whether something exists at `path`.
  public static func exists(_ path: String) -> Bool { FileBytes.exists(path) }

  @discardableResult
  public static func write(_ text: String, to path: String, mode: Mode = .replace)
    throws(WriteError) -> Outcome
  {
    try write(Array(text.utf8), to: path, mode: mode)
  }

  @discardableResult
  public static func write(_ bytes: [UInt8], to path: String, mode: Mode = .replace)
    throws(WriteError) -> Outcome
  {
    try write(bytes, to: path, mode: mode, failingAfter: nil)
  }

  /// The same, failing after `failingAfter` bytes as a full disk or a killed process would
  /// (for tests of what an interrupted write leaves behind); `beforePublishing` runs once the
  /// bytes are on disk, just before the file is put in place (for tests of a race with another
  /// writer); `unnamed: false` forces the named temporary file.
  @discardableResult
  static func write(
    _ bytes: [UInt8], to path: String, mode: Mode = .replace, failingAfter: Int?,
    beforePublishing: (() -> Void)? = nil, unnamed: Bool = true
  ) throws(WriteError) -> Outcome {
    var info = stat()
    if mode != .create, lstat(path, &info) == 0 {
      switch info.st_mode & S_IFMT {
      case S_IFLNK:
        // A link stays a link: the file it points to is replaced, beside itself, so that a
        // notebook kept under a link (or a dotfile managed by one) is not turned into a copy.
        guard let real = realpath(path, nil) else {
          throw WriteError(
            path: path,
            message:
              "is a link to a file that is not there; write to that file by its own name, or remove the link"
          )
        }
        let target = String(cString: real)
        free(real)
        return try write(
          bytes, to: target, mode: mode, failingAfter: failingAfter,
          beforePublishing: beforePublishing, unnamed: unnamed)
      case S_IFIFO, S_IFCHR:
        // A pipe or a device (`/dev/stdout`, a FIFO another program reads) is written into:
        // replacing it would take it away from its reader, and would not be atomic anyway.
        return try writeThrough(bytes, to: path)
      default: break
      }
    }
    let folder = folder(of: path)
    if stat(folder, &info) != 0 {
      throw WriteError(path: path, message: "the folder \(folder) does not exist")
    }
    if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
      throw WriteError(path: path, message: "is a folder")
    }
    if case .create = mode, exists(path) {
      throw WriteError(path: path, message: "is already there", reason: .appeared)
    }
    var outcome = Outcome()
    outcome.removedLeftovers = removeLeftovers(in: folder, of: baseName(of: path))

    var temporary: String?
    var fd: Int32 = unnamed ? openUnnamed(in: folder) : -1
    if fd < 0 { (fd, temporary) = try openNamed(beside: path) }

    var failure = writeAll(fd, bytes, stoppingAfter: failingAfter)
    if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
    // Keep the permissions of a file being replaced; a new file gets the usual 0644 less umask.
    let permissions: mode_t =
      stat(path, &info) == 0 ? info.st_mode & 0o777 : 0o644 & ~currentUmask()
    fchmod(fd, permissions)
    if failure == nil, fstat(fd, &info) == 0 { outcome.stamp = FileStamp(info) }
    if failure == nil { beforePublishing?() }

    if failure == nil {
      do throws(WriteError) {
        try publish(fd: fd, temporary: &temporary, to: path, mode: mode)
      } catch {
        close(fd)
        if let temporary { unlink(temporary) }
        if error.reason == .failed && temporary == nil && error.message == linkUnsupported {
          // The unnamed file could not be given a name here: start again with a named one.
          var again = try write(
            bytes, to: path, mode: mode, failingAfter: failingAfter, beforePublishing: nil,
            unnamed: false)
          again.removedLeftovers = outcome.removedLeftovers + again.removedLeftovers
          return again
        }
        throw error
      }
    }
    if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
    if let failure {
      if let temporary { unlink(temporary) }
      throw WriteError(path: path, message: "could not be written: \(failure)")
    }
    return outcome
  }

  /// Writes every byte to `fd` (``Descriptor/writeAll(_:_:stoppingAfter:)``).
  static func writeAll(_ fd: Int32, _ bytes: [UInt8], stoppingAfter limit: Int? = nil) -> String? {
    Descriptor.writeAll(fd, bytes, stoppingAfter: limit)
  }

  /// Writes `bytes` into the FIFO or device at `path`, as a shell's `>` does: waiting, for a
  /// FIFO, until a program opens it to read.
  private static func writeThrough(_ bytes: [UInt8], to path: String) throws(WriteError) -> Outcome
  {
    let fd = open(path, O_WRONLY | O_CLOEXEC)
    guard fd >= 0 else {
      throw WriteError(
        path: path, message: "could not be opened: \(String(cString: strerror(errno)))")
    }
    var failure = writeAll(fd, bytes)
    if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
    if let failure { throw WriteError(path: path, message: "could not be written: \(failure)") }
    return Outcome()
  }

  /// Puts the written file at `path`; on return `temporary` names nothing left behind.
  private static func publish(fd: Int32, temporary: inout String?, to path: String, mode: Mode)
    throws(WriteError)
  {
    func appeared() -> WriteError {
      WriteError(
        path: path,
        message:
          "appeared while it was being written (another session or program created it); it was left as it is",
        reason: .appeared)
    }
    if case .create = mode {
      // link() fails when the name exists: of two writers creating the same file, one wins.
      if let named = temporary {
        if link(named, path) == 0 {
          unlink(named)
          temporary = nil
          return
        }
        if errno == EEXIST { throw appeared() }
        // A folder without hard links (a FAT drive, some network shares): claim the name with
        // O_EXCL, which fails as link does when it is taken, then rename the file over the claim.
        let claim = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if claim < 0 {
          if errno == EEXIST { throw appeared() }
          throw WriteError(
            path: path, message: "could not be written: \(String(cString: strerror(errno)))")
        }
        close(claim)
        if rename(named, path) != 0 {
          let error = errno
          unlink(path)
          throw WriteError(
            path: path, message: "could not be written: \(String(cString: strerror(error)))")
        }
        temporary = nil
      } else {
        let status = linkUnnamed(fd, to: path)
        if status != 0 {
          if status == EEXIST { throw appeared() }
          throw WriteError(
            path: path,
            message: unsupported(status)
              ? linkUnsupported : "could not be written: \(String(cString: strerror(status)))")
        }
      }
      return
    }
    if temporary == nil {
      // A name for the instant between linking and renaming; the lock marks it as in use.
      for _ in 0..<100 {
        let name = "\(path).tmp-\(randomSuffix())"
        let status = linkUnnamed(fd, to: name)
        if status == 0 {
          temporary = name
          break
        }
        if status != EEXIST {
          throw WriteError(
            path: path,
            message: unsupported(status)
              ? linkUnsupported : "could not be written: \(String(cString: strerror(status)))")
        }
      }
      guard temporary != nil else {
        throw WriteError(
          path: path, message: "could not be written: no free temporary name beside it")
      }
    }
    if case .replaceIfUnchanged(let expected) = mode, let now = FileStamp.of(path), now != expected
    {
      throw WriteError(
        path: path,
        message:
          "changed on disk since it was last read or saved (now \(now)); it was left as it is",
        reason: .changed)
    }
    guard let named = temporary else { return }
    if rename(named, path) != 0 {
      throw WriteError(
        path: path, message: "could not be written: \(String(cString: strerror(errno)))")
    }
    temporary = nil
  }

  private static let linkUnsupported =
    "could not be written: the folder cannot link an unnamed file"

  private static func unsupported(_ error: Int32) -> Bool {
    [EOPNOTSUPP, ENOENT, EXDEV, EPERM, EINVAL, ENOSYS].contains(error)
  }

  #if os(Linux) && (arch(x86_64) || arch(arm64))
    /// `O_TMPFILE`, which Swift does not import (a macro over `__O_TMPFILE` in the generic
    /// Linux headers, `020000000 | O_DIRECTORY`).
    private static let openTmpfile: Int32 = 0o20000000 | O_DIRECTORY
  #endif

  /// A file with no name in `folder`, locked, or -1 where that is not supported.
  private static func openUnnamed(in folder: String) -> Int32 {
    #if os(Linux) && (arch(x86_64) || arch(arm64))
      let fd = open(folder, openTmpfile | O_WRONLY | O_CLOEXEC, 0o600)
      guard fd >= 0 else { return -1 }
      flock(fd, LOCK_EX)
      return fd
    #else
      return -1
    #endif
  }

  /// Gives the unnamed file open as `fd` the name `path`; 0 or the error number.
  private static func linkUnnamed(_ fd: Int32, to path: String) -> Int32 {
    #if os(Linux)
      if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 {
        return 0
      }
      let error = errno
      if error == EEXIST { return error }
      // Without /proc, AT_EMPTY_PATH links the descriptor itself (it needs privilege).
      // (AT_EMPTY_PATH, 0x1000 on every Linux, is not imported either.)
      if linkat(fd, "", AT_FDCWD, path, 0x1000) == 0 { return 0 }
      return errno == EEXIST ? EEXIST : error
    #else
      return EOPNOTSUPP
    #endif
  }

  /// `NAME.tmp-XXXXXX` beside `path`, created and locked, so that a cleaner can tell it from one a
  /// killed process left.
  private static func openNamed(beside path: String) throws(WriteError) -> (Int32, String) {
    for _ in 0..<10 {
      var template = Array("\(path).tmp-XXXXXX".utf8CString)
      let fd = template.withUnsafeMutableBufferPointer { buffer -> Int32 in
        guard let base = buffer.baseAddress else { return -1 }
        return mkstemp(base)
      }
      guard fd >= 0 else {
        throw WriteError(
          path: path, message: "cannot write here: \(String(cString: strerror(errno)))")
      }
      let temporary = String(
        decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
      _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
      flock(fd, LOCK_EX)
      // Another cjnb cleaning up may have taken it for a leftover before the lock: start again.
      var mine = stat()
      var named = stat()
      if fstat(fd, &mine) == 0, stat(temporary, &named) == 0, mine.st_ino == named.st_ino,
        mine.st_dev == named.st_dev
      {
        return (fd, temporary)
      }
      close(fd)
    }
    throw WriteError(
      path: path, message: "cannot write here: its temporary files keep disappearing")
  }

  /// Removes the temporary files that interrupted writes left in `folder`: `TARGET.tmp-XXXXXX`
  /// for the target `target`, or for any target when nil. A file still locked by the write that
  /// made it is left alone. Returns the names removed.
  @discardableResult
  public static func removeLeftovers(in folder: String, of target: String? = nil) -> [String] {
    guard let all = FileBytes.names(inFolder: folder) else { return [] }
    let names = all.filter { isTemporaryName($0, of: target) }
    var removed: [String] = []
    for name in names.sorted() {
      let full = folder == "/" ? "/" + name : folder + "/" + name
      let fd = open(full, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
      guard fd >= 0 else { continue }
      var info = stat()
      // Unlocked means whoever made it has gone: a lock lasts as long as its process.
      if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
        flock(fd, LOCK_EX | LOCK_NB) == 0, unlink(full) == 0
      {
        removed.append(name)
      }
      close(fd)
    }
    return removed
  }

  /// Whether `name` is `TARGET.tmp-` and six letters or digits, as mkstemp and this file make them.
  static func isTemporaryName(_ name: String, of target: String?) -> Bool {
    let bytes = Array(name.utf8)
    let marker = Array(".tmp-".utf8)
    guard bytes.count > marker.count + 6 else { return false }
    let stem = bytes.count - 6 - marker.count
    guard Array(bytes[stem..<(stem + marker.count)]) == marker else { return false }
    guard
      bytes.suffix(6).allSatisfy({
        ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122)
      })
    else { return false }
    if let target { return Array(bytes[..<stem]) == Array(target.utf8) }
    return stem > 0
  }

  static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    let folder = String(path[..<slash])
    return folder.isEmpty ? "/" : folder
  }

  static func baseName(of path: String) -> String {
    path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
  }

  private static func randomSuffix() -> String {
    let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
    var generator = SystemRandomNumberGenerator()
    return String(
      (0..<6).map { _ in letters[Int(generator.next(upperBound: UInt64(letters.count)))] })
  }

  private static func currentUmask() -> mode_t {
    let mask = umask(0)
    umask(mask)
    return mask
  }
}
