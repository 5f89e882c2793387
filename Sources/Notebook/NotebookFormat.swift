import Tables

/// Why a notebook could not be read: the file, the line and what is wrong.
public struct NotebookError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var line: Int?
  public var message: String

  public var description: String {
    "error: \(path)\(line.map { ":\($0)" } ?? ""): \(message)"
  }
}

/// Reads and writes the notebook format.
///
/// A cell is a fenced block whose info string is `cjnb`; the fenced block that follows it with
/// the info string `output` (blank lines between allowed) holds what it printed. Any other fenced
/// block (```` ```sql ````, `~~~`) is narrative. An unclosed fence, or an output block with no
/// cell before it, is an error naming its line.
public enum NotebookFormat {
  public static func read(path: String) throws(NotebookError) -> NotebookDocument {
    let bytes: [UInt8]
    do {
      bytes = try FileBytes.read(path)
    } catch {
      throw NotebookError(path: path, line: nil, message: error.message)
    }
    guard let text = String(validating: bytes, as: UTF8.self) else {
      throw NotebookError(path: path, line: nil, message: "is not UTF-8 text")
    }
    return try parse(text, path: path)
  }

  /// A fence line: its character, its length, and its info string.
  struct Fence {
    var character: Character
    var length: Int
    var info: String

    init?(_ line: String) {
      let indent = line.prefix { $0 == " " }.count
      guard indent <= 3 else { return nil }
      let rest = line.dropFirst(indent)
      guard let c = rest.first, c == "`" || c == "~" else { return nil }
      let run = rest.prefix { $0 == c }.count
      guard run >= 3 else { return nil }
      let info = rest.dropFirst(run).trimming(" \t")
      if c == "`" && info.contains("`") { return nil }
      character = c
      length = run
      self.info = info
    }

    var word: String { String(info.prefix { $0 != " " && $0 != "{" }).lowercased() }

    /// Whether `line` closes a block opened by this fence.
    func isClosed(by line: String) -> Bool {
      guard let f = Fence(line) else { return false }
      return f.character == character && f.length >= length && f.info.isEmpty
    }
  }

  public static func parse(_ text: String, path: String = "<notebook>") throws(NotebookError) -> NotebookDocument {
    let lineEnding = text.contains("\r\n") ? "\r\n" : "\n"
    var lines = text.parts(separatedBy: lineEnding)
    let endsWithNewline = text.hasSuffix(lineEnding)
    if endsWithNewline { lines.removeLast() }
    if text.isEmpty { lines = [] }

    var document = NotebookDocument(lineEnding: lineEnding, endsWithNewline: endsWithNewline || text.isEmpty)
    var i = 0
    if lines.first == "---" {
      guard let end = lines.indices.dropFirst().first(where: { lines[$0] == "---" || lines[$0] == "..." }) else {
        throw NotebookError(path: path, line: 1, message: "the front matter opened here is never closed with ---")
      }
      document.frontMatter = FrontMatter(lines: Array(lines[0...end]))
      i = end + 1
    }

    var narrative: [String] = []
    func flushNarrative() {
      if !narrative.isEmpty { document.blocks.append(.narrative(narrative)) }
      narrative = []
    }
    func closing(_ fence: Fence, from open: Int) throws(NotebookError) -> Int {
      guard let close = lines.indices.dropFirst(open + 1).first(where: { fence.isClosed(by: lines[$0]) }) else {
        throw NotebookError(path: path, line: open + 1, message: "the \(fence.word.isEmpty ? "code" : fence.word) block opened here is never closed")
      }
      return close
    }

    while i < lines.count {
      guard let fence = Fence(lines[i]) else {
        narrative.append(lines[i])
        i += 1
        continue
      }
      let close = try closing(fence, from: i)
      if fence.word == "output" {
        throw NotebookError(path: path, line: i + 1, message: "an output block with no cjnb cell before it")
      }
      guard fence.word == "cjnb" else {
        narrative += lines[i...close]
        i = close + 1
        continue
      }
      flushNarrative()
      let source = lines[(i + 1)..<close].joined(separator: "\n")
      // An output block may follow after blank lines.
      var j = close + 1
      while j < lines.count && lines[j].trimming(" \t").isEmpty { j += 1 }
      if j < lines.count, let outFence = Fence(lines[j]), outFence.word == "output" {
        let outClose = try closing(outFence, from: j)
        let output = lines[(j + 1)..<outClose].joined(separator: "\n")
        document.blocks.append(.cell(Cell(source: source, output: output, line: i + 1, openFence: lines[i], closeFence: lines[close],
          gap: Array(lines[(close + 1)..<j]), outputOpen: lines[j], outputClose: lines[outClose])))
        i = outClose + 1
      } else {
        document.blocks.append(.cell(Cell(source: source, output: nil, line: i + 1, openFence: lines[i], closeFence: lines[close],
          gap: [], outputOpen: nil, outputClose: nil)))
        i = close + 1
      }
    }
    flushNarrative()
    return document
  }

  /// The notebook as text: the bytes it was read from, for the parts that did not change.
  public static func write(_ document: NotebookDocument) -> String {
    var lines: [String] = document.frontMatter?.lines ?? []
    for block in document.blocks {
      switch block {
      case .narrative(let text): lines += text
      case .cell(let cell): lines += cell.lines
      }
    }
    var text = lines.joined(separator: document.lineEnding)
    if document.endsWithNewline && !lines.isEmpty { text += document.lineEnding }
    return text
  }

  /// Writes a notebook to `path` whole or not at all.
  public static func save(_ document: NotebookDocument, to path: String) throws(WriteError) {
    try AtomicFile.write(write(document), to: path)
  }
}

