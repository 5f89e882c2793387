import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where cjnb keeps what outlives a session: `$XDG_STATE_HOME/cjnb` (by default
/// `~/.local/state/cjnb`): the history and the journals of recent sessions.
public struct StateFiles: Sendable {
  public let directory: String

  public init(directory: String) { self.directory = directory }

  /// The usual place, from the environment.
  public static func standard() -> StateFiles {
    if let xdg = getenv("XDG_STATE_HOME").map({ String(cString: $0) }), xdg.hasPrefix("/") {
      return StateFiles(directory: xdg + "/cjnb")
    }
    let home = getenv("HOME").map { String(cString: $0) } ?? "/tmp"
    return StateFiles(directory: home + "/.local/state/cjnb")
  }

  public var historyPath: String { directory + "/history" }
  public var journalDirectory: String { directory + "/sessions" }

  /// Creates the folders (and their parents) when missing; false when that is not possible.
  @discardableResult
  public func prepare() -> Bool {
    makeDirectories(journalDirectory)
  }

  /// Removes what interrupted writes left in the state folders (the history's and journals'
  /// temporary files); returns a line saying what went, or nil.
  public func removeLeftovers() -> String? {
    let removed =
      AtomicFile.removeLeftovers(in: directory) + AtomicFile.removeLeftovers(in: journalDirectory)
    guard !removed.isEmpty else { return nil }
    return
      "note: removed \(removed.count == 1 ? "a temporary file" : "\(removed.count) temporary files") that an interrupted write left in \(directory): "
      + removed.joined(separator: ", ")
  }

  private func makeDirectories(_ path: String) -> Bool {
    var current = ""
    for part in path.split(separator: "/") {
      current += "/" + part
      if mkdir(current, 0o700) != 0 && errno != EEXIST { return false }
    }
    return true
  }
}

/// The history file: loaded at start, appended after every command so that a crash loses
/// nothing, and kept to the last `limit` entries. Entries spanning lines are stored on one line,
/// their line ends written `\n`.
public final class HistoryFile {
  public let path: String
  public let limit: Int

  public init(path: String, limit: Int = 2000) {
    self.path = path
    self.limit = limit
  }

  /// The entries, oldest first; trims the file when it has grown past the limit.
  public func load() -> [String] {
    let stamp = FileStamp.of(path)
    guard let bytes = try? FileBytes.read(path) else { return [] }
    let entries = String(decoding: bytes, as: UTF8.self).split(separator: "\n").map {
      Self.decode(String($0))
    }
    if entries.count > limit {
      let kept = Array(entries.suffix(limit))
      // Not over an entry another session appended since it was read: trimming can wait.
      let mode: AtomicFile.Mode = stamp.map { .replaceIfUnchanged($0) } ?? .replace
      _ = try? AtomicFile.write(
        kept.map(Self.encode).joined(separator: "\n") + "\n", to: path, mode: mode)
      return kept
    }
    return entries
  }

  /// Appends one entry at once.
  /// Adds `entry` as one line; a history that cannot be written (a full disk, a read-only
  /// home) loses the line, never the session. The whole line goes in one write, short writes
  /// going on, so that it is never left cut in two.
  public func append(_ entry: String) {
    Descriptor.append(Array((Self.encode(entry) + "\n").utf8), to: path)
  }

  static func encode(_ s: String) -> String {
    var out = ""
    for ch in s {
      switch ch {
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\r\n", "\r": out += "\\n"
      default: out.append(ch)
      }
    }
    return out
  }

  static func decode(_ s: String) -> String {
    var out = ""
    var escaped = false
    for ch in s {
      if escaped {
        out.append(ch == "n" ? "\n" : ch)
        escaped = false
      } else if ch == "\\" {
        escaped = true
      } else {
        out.append(ch)
      }
    }
    return out
  }
}
