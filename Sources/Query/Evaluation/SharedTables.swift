import Synchronization
import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The bundled tables, read once per process and shared by its sessions: `cjnb check` replays
/// each notebook in a session of its own, and every one of them used to read and parse the same
/// files again. A table is known by its path, size and time of last change, so a file rewritten
/// since (a test's datasets folder, `make datasets`) is read afresh. Tables are values: a session
/// that changes one changes its own copy.
enum SharedTables {
  private struct Key: Hashable {
    var path: String
    var size: Int64
    var seconds: Int
    var nanoseconds: Int
  }

  private static let known = Mutex<[Key: Table]>([:])

  /// The table at `path`, from memory when the file is as it was when read.
  static func table(at path: String) throws(FileError) -> Table {
    var status = stat()
    guard stat(path, &status) == 0 else { return try CSVReader.read(path: path).table }
    #if os(Linux)
      let changed = status.st_mtim
    #else
      let changed = status.st_mtimespec
    #endif
    let key = Key(
      path: path, size: Int64(status.st_size), seconds: Int(changed.tv_sec),
      nanoseconds: Int(changed.tv_nsec))
    if let table = known.withLock({ $0[key] }) { return table }
    let table = try CSVReader.read(path: path).table
    known.withLock { known in
      // One entry per path: an older reading of a file that has changed is let go.
      for old in known.keys where old.path == path { known[old] = nil }
      known[key] = table
    }
    return table
  }
}
