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
/// `undo` is written as a comment the reader honours, so the file only ever grows.
public final class Journal {
  public let path: String
  private var fd: Int32

  /// The marker line that takes the cell before it out.
  static let undoMarker = "<!-- cjnb: undo -->"

  /// Starts a journal in `directory`, named by the time and process; keeps the `keep` newest.
  /// `workingDirectory` is where the session's relative paths start, for reopening it.
  public init?(directory: String, workingDirectory: String? = nil, keep: Int = 20) {
    var now = time(nil)
    var parts = tm()
    localtime_r(&now, &parts)
    func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
    let stamp = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))-\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))"
    path = "\(directory)/\(stamp)-\(getpid()).md"
    fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0o600)
    guard fd >= 0 else { return nil }
    let date = "\(parts.tm_year + 1900)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday)) \(two(parts.tm_hour)):\(two(parts.tm_min))"
    var front = ["---", "title: \"cjnb session of \(date)\"", "date: \(date)"]
    if let workingDirectory { front.append("directory: \(FrontMatter.quoted(workingDirectory))") }
    write(front + ["---", ""])
    Journal.prune(directory, keep: keep)
  }

  deinit { if fd >= 0 { close(fd) } }

  /// Appends an entry; nil records an `undo`.
  public func record(_ entry: SessionEntry?) {
    guard let entry else {
      write(["", Journal.undoMarker])
      return
    }
    switch entry {
    case .heading(let h): write(["", h])
    case .note(let n): write(["", n])
    case .narrative(let lines): write(lines)
    case .command(let text, let output):
      write([""] + Cell(source: text, output: output.isEmpty ? nil : output).lines)
    }
  }

  private func write(_ lines: [String]) {
    let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
    var done = 0
    bytes.withUnsafeBytes { raw in
      guard let base = raw.baseAddress else { return }
      while done < raw.count {
        let n = Glibc.write(fd, base + done, raw.count - done)
        if n <= 0 {
          if errno == EINTR { continue }
          return
        }
        done += n
      }
    }
  }

  /// The journals in `directory`, newest first.
  public static func list(_ directory: String) -> [String] {
    guard let dir = opendir(directory) else { return [] }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
      let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
      if name.hasSuffix(".md") { names.append(directory + "/" + name) }
    }
    return names.sorted(by: >)
  }

  static func prune(_ directory: String, keep: Int) {
    for old in list(directory).dropFirst(keep) { unlink(old) }
  }

  /// A journal read back as a notebook, with undone cells taken out.
  public static func read(_ path: String) throws(NotebookError) -> NotebookDocument {
    var document = try NotebookFormat.read(path: path)
    var blocks: [NotebookDocument.Block] = []
    for block in document.blocks {
      if case .narrative(let lines) = block, lines.contains(undoMarker) {
        for line in lines {
          if line == undoMarker, let last = blocks.lastIndex(where: { if case .cell = $0 { true } else { false } }) {
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
    return document
  }
}
