import Notebook
import Tables

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A session's journal: every command and its output appended to a file as it happens, in the
/// notebook format, so that a killed session can be reopened with `cjnb recover`.
///
/// `undo` is written as a comment the reader honours, so the file only ever grows. The name says
/// how the session ended: `STAMP-PID.md` while it runs and after a crash, `.ended.md` after
/// `quit` or Ctrl-D, `.recovered.md` once `cjnb recover` has reopened or saved it. Only ended and
/// recovered journals are pruned: a crashed session's journal stays until it is recovered or
/// dropped (`cjnb recover N --drop`).
public final class Journal {
  public private(set) var path: String
  private var fd: Int32
  /// Whether anything was recorded: a session that did nothing leaves no journal.
  private var recordedAnything = false

  /// The marker line that takes the cell before it out.
  static let undoMarker = "<!-- cjnb: undo -->"
  /// The front matter field that says every cell was written with its output block (empty when
  /// it printed nothing), so that a cell without one is the entry that was cut off.
  static let formatKey = "journal"
  static let format = "2"

  /// Lines of one output kept in the journal.
  static let outputLines = 2000

  static func bounded(_ output: String) -> String {
    var count = 0
    var end = output.startIndex
    for i in output.indices where output[i] == "\n" {
      count += 1
      if count == outputLines {
        end = i
        break
      }
    }
    guard count == outputLines, end < output.endIndex else { return output }
    let rest = output[end...].reduce(0) { $1 == "\n" ? $0 + 1 : $0 }
    return String(output[..<end])
      + "\n… \(rest) more lines not kept in the journal (run the command again to see them)"
  }

  /// Journals of sessions that were killed or crashed: unfinished, and their process gone.
  public static func abandoned(_ directory: String) -> [String] {
    list(directory).filter { path in
      guard status(of: path) == .unfinished else { return false }
      let stem = (path.split(separator: "/").last.map(String.init) ?? path).dropLast(3)
      guard let pid = stem.split(separator: "-").last.flatMap({ Int32($0) }) else { return true }
      return kill(pid, 0) != 0 && errno == ESRCH
    }
  }

  /// How a journal's session ended, from its name.
  public enum Status: String, Sendable {
    /// Still running, or killed: the only kind that holds work nobody has seen again.
    case unfinished
    /// Left with `quit` or Ctrl-D.
    case ended
    /// Reopened or saved by `cjnb recover`.
    case recovered
  }

  public static func status(of path: String) -> Status {
    if path.hasSuffix(".ended.md") { return .ended }
    if path.hasSuffix(".recovered.md") { return .recovered }
    return .unfinished
  }

  /// The path with the status in its name.
  static func path(_ path: String, as status: Status) -> String {
    var stem = String(path.dropLast(3))
    for suffix in [".ended", ".recovered"] where stem.hasSuffix(suffix) {
      stem = String(stem.dropLast(suffix.count))
    }
    return stem + (status == .unfinished ? "" : "." + status.rawValue) + ".md"
  }

  /// Starts a journal in `directory`, named by the time and process; prunes ended and recovered
  /// journals beyond the `keep` newest. `workingDirectory` is where the session's relative paths
  /// start, for reopening it.
  public init?(directory: String, workingDirectory: String? = nil, keep: Int = 20) {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let stamp =
      "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))-\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))"
    // A name of its own, never another session's file: O_EXCL, and a number when taken.
    var candidate = "\(directory)/\(stamp)-\(getpid()).md"
    var opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, 0o600)
    var k = 2
    while opened < 0 && errno == EEXIST && k < 1000 {
      candidate = "\(directory)/\(stamp)-\(getpid())-\(k).md"
      opened = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_APPEND, 0o600)
      k += 1
    }
    guard opened >= 0 else { return nil }
    path = candidate
    fd = opened
    let date =
      "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min))"
    var front = [
      "---", "title: \"cjnb session of \(date)\"", "date: \(date)",
      "\(Journal.formatKey): \(Journal.format)",
    ]
    if let workingDirectory { front.append("directory: \(FrontMatter.quoted(workingDirectory))") }
    write(front + ["---", ""])
    Journal.prune(directory, keep: keep)
  }

  deinit { if fd >= 0 { close(fd) } }

  /// The session ended as asked: its journal is marked so (and may be pruned later), or removed
  /// when nothing was recorded.
  public func end() {
    guard fd >= 0 else { return }
    close(fd)
    fd = -1
    if !recordedAnything {
      unlink(path)
      return
    }
    let ended = Journal.path(path, as: .ended)
    if rename(path, ended) == 0 {
      path = ended
    } else if errno == ENOENT, rename(Journal.path(path, as: .recovered), ended) == 0 {
      // Recovered by another cjnb while this session ran: it went on after, so it ended here.
      path = ended
    }
  }

  /// Marks the journal at `path` recovered, so that it may be pruned; returns its new path.
  @discardableResult
  public static func markRecovered(_ path: String) -> String {
    let recovered = Journal.path(path, as: .recovered)
    guard recovered != path else { return path }
    return rename(path, recovered) == 0 ? recovered : path
  }

  /// Deletes the journal at `path` (`cjnb recover N --drop`); nil, or why it could not be.
  public static func drop(_ path: String) -> String? {
    unlink(path) == 0 ? nil : "\(path): could not be deleted: \(String(cString: strerror(errno)))"
  }

  /// Appends an entry; nil records an `undo`.
  public func record(_ entry: SessionEntry?) {
    recordedAnything = true
    guard let entry else {
      write(["", Journal.undoMarker])
      return
    }
    switch entry {
    case .heading(let h): write(["", h])
    case .note(let n): write(["", n])
    case .narrative(let lines): write(lines)
    case .command(let text, let output):
      // The output block always, empty or not: its closing fence ends the entry. A huge output
      // (`show all` of millions of rows) is kept to its start: the journal is for finding work
      // again, and the command can be run again for the rest.
      write([""] + Cell(source: text, output: Self.bounded(output)).lines)
    }
  }

  private func write(_ lines: [String]) {
    guard fd >= 0 else { return }
    // A journal that cannot be written (a full disk) must not stop the session it records.
    Descriptor.writeAll(fd, Array((lines.joined(separator: "\n") + "\n").utf8))
  }

  /// The journals in `directory`, newest first.
  public static func list(_ directory: String) -> [String] {
    let names = (FileBytes.names(inFolder: directory) ?? []).filter { $0.hasSuffix(".md") }.map {
      directory + "/" + $0
    }
    return names.sorted { a, b in
      let (x, y) = (order(a), order(b))
      return x == y ? a > b : y.lexicographicallyPrecedes(x)
    }
  }

  /// What journals are sorted by: the numbers of `YYYY-MM-DD-HHMMSS-PID[-K]`, whatever its status.
  static func order(_ path: String) -> [Int] {
    var stem = Substring(
      path[(path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex)...])
    for suffix in [".md", ".ended", ".recovered"] where stem.hasSuffix(suffix) {
      stem = stem.dropLast(suffix.count)
    }
    return stem.split(separator: "-").map { Int($0) ?? 0 }
  }

  /// Removes ended and recovered journals beyond the `keep` newest; never an unfinished one.
  static func prune(_ directory: String, keep: Int) {
    for old in list(directory).dropFirst(keep) where status(of: old) != .unfinished { unlink(old) }
  }

  /// A journal as read back: a notebook of the complete entries.
  public struct Contents: Sendable {
    public var document: NotebookDocument
    /// The line where the file was cut off in the middle of an entry (a session killed while
    /// writing, a full disk); nil when every entry is whole.
    public var cutAt: Int?
    public var status: Status

    public var cells: Int { document.cells.count }

    /// "the journal was cut off at line N: ...", or nil.
    public var cutOffNote: String? {
      cutAt.map {
        "the journal was cut off in the middle of an entry at line \($0): recovered the \(NumberFormatting.count(cells, "complete cell")) before it"
      }
    }
  }

  /// A journal read back as a notebook, with undone cells taken out.
  public static func read(_ path: String) throws(NotebookError) -> NotebookDocument {
    try load(path).document
  }

  /// A journal read back: every complete entry, undone cells taken out, and whether (where) it
  /// was cut off. A line without its line end, or a block never closed, is the entry that was
  /// being written when it stopped.
  public static func load(_ path: String) throws(NotebookError) -> Contents {
    var bytes: [UInt8]
    do {
      bytes = try FileBytes.read(path)
    } catch {
      throw NotebookError(path: path, line: nil, message: error.message)
    }
    var partialLine = false
    if let last = bytes.last, last != UInt8(ascii: "\n") {
      bytes.removeSubrange((bytes.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? 0)...)
      partialLine = true
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw NotebookError(path: path, line: nil, message: "is not UTF-8 text")
    }
    let lineCount = text.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
    var (document, cutAt) = try NotebookFormat.parseComplete(text, path: path)
    if cutAt == nil && partialLine { cutAt = lineCount + 1 }
    if var front = document.frontMatter, front.value(formatKey) == format {
      // A last cell without its output block was cut off between the two.
      if case .cell(let last)? = document.blocks.last, last.output == nil {
        document.blocks.removeLast()
        if case .narrative(var lines)? = document.blocks.last, lines.last?.isEmpty == true {
          lines.removeLast()
          document.blocks[document.blocks.count - 1] = .narrative(lines)
        }
        cutAt = cutAt.map { min($0, last.line) } ?? last.line
      }
      front.lines.removeAll { $0.hasPrefix(formatKey + ":") }
      document.frontMatter = front
      for k in document.cells.indices where document.cells[k].output == "" {
        document.setOutput(nil, ofCell: k)
      }
    }
    var blocks: [NotebookDocument.Block] = []
    for block in document.blocks {
      if case .narrative(let lines) = block, lines.contains(undoMarker) {
        for line in lines {
          if line == undoMarker,
            let last = blocks.lastIndex(where: { if case .cell = $0 { true } else { false } })
          {
            blocks.remove(at: last)
          }
        }
        let rest = lines.filter { $0 != undoMarker }
        if !rest.allSatisfy({ $0.isEmpty }) { blocks.append(.narrative(rest)) }
      } else {
        blocks.append(block)
      }
    }
    document.blocks = blocks
    return Contents(document: document, cutAt: cutAt, status: status(of: path))
  }
}
