import Tables

/// Why a notebook could not be read: the file, the line and what is wrong.
public struct NotebookError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var line: Int?
  public var message: String

  public init(path: String, line: Int?, message: String) {
    self.path = path
    self.line = line
    self.message = message
  }

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

  public static func parse(_ text: String, path: String = "<notebook>") throws(NotebookError)
    -> NotebookDocument
  {
    try parse(text, path: path, stoppingAtUnclosed: false).document
  }

  /// What was written before a block that is never closed, as in a file cut off while it was
  /// being written (a journal): the document up to the start of that block (a cell's output block
  /// takes its cell with it), and the line where it was cut off; nil when nothing was cut.
  public static func parseComplete(_ text: String, path: String = "<notebook>")
    throws(NotebookError) -> (document: NotebookDocument, cutAt: Int?)
  {
    try parse(text, path: path, stoppingAtUnclosed: true)
  }

  static func parse(_ text: String, path: String, stoppingAtUnclosed: Bool) throws(NotebookError)
    -> (document: NotebookDocument, cutAt: Int?)
  {
    // (A byte search: Foundation's `contains` of a String goes through CFString.)
    var previous: UInt8 = 0
    let hasCRLF = text.utf8.contains { byte in
      defer { previous = byte }
      return previous == 0x0D && byte == 0x0A
    }
    let lineEnding = hasCRLF ? "\r\n" : "\n"
    // Every line feed ends a line, with its carriage return in a CRLF file: a bare line feed
    // among CRLF lines (an editor's mixed endings) is a line end too, or a fence on such a line
    // would be seen only after writing, which writes every line end as CRLF.
    // (Split as bytes: a String compares "\r\n" as one character, which no "\n" matches.)
    let crlf = lineEnding == "\r\n"
    var lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { line in
      String(decoding: crlf && line.last == 0x0D ? line.dropLast() : line[...], as: UTF8.self)
    }
    let endsWithNewline = text.utf8.last == 0x0A
    if endsWithNewline { lines.removeLast() }
    if text.isEmpty { lines = [] }

    var document = NotebookDocument(
      lineEnding: lineEnding, endsWithNewline: endsWithNewline || text.isEmpty)
    var i = 0
    if lines.first == "---" {
      guard
        let end = lines.indices.dropFirst().first(where: {
          lines[$0] == "---" || lines[$0] == "..."
        })
      else {
        if stoppingAtUnclosed { return (document, 1) }
        throw NotebookError(
          path: path, line: 1, message: "the front matter opened here is never closed with ---")
      }
      document.frontMatter = FrontMatter(lines: Array(lines[0...end]))
      i = end + 1
    }

    var narrative: [String] = []
    func flushNarrative() {
      if !narrative.isEmpty { document.blocks.append(.narrative(narrative)) }
      narrative = []
    }
    func closing(_ fence: Fence, from open: Int) throws(NotebookError) -> Int? {
      guard
        let close = lines.indices.dropFirst(open + 1).first(where: { fence.isClosed(by: lines[$0]) }
        )
      else {
        if stoppingAtUnclosed { return nil }
        throw NotebookError(
          path: path, line: open + 1,
          message:
            "the \(fence.word.isEmpty ? "code" : fence.word) block opened here is never closed")
      }
      return close
    }
    /// Stops at a block never closed: what came before it is kept, less the blank line that
    /// began the entry it was part of.
    func cut(at line: Int) -> (document: NotebookDocument, cutAt: Int?) {
      if narrative.last?.isEmpty == true { narrative.removeLast() }
      flushNarrative()
      if case .narrative(var last)? = document.blocks.last, last.last?.isEmpty == true {
        last.removeLast()
        document.blocks[document.blocks.count - 1] = .narrative(last)
        if last.isEmpty { document.blocks.removeLast() }
      }
      // What is kept ends where the cut block began: at a line end.
      document.endsWithNewline = true
      return (document, line + 1)
    }

    while i < lines.count {
      guard let fence = Fence(lines[i]) else {
        narrative.append(lines[i])
        i += 1
        continue
      }
      guard let close = try closing(fence, from: i) else { return cut(at: i) }
      if fence.word == "output" {
        throw NotebookError(
          path: path, line: i + 1, message: "an output block with no cjnb cell before it")
      }
      guard fence.word == "cjnb" else {
        narrative += lines[i...close]
        i = close + 1
        continue
      }
      // Cell options follow the word: `cjnb no-export`.
      for option in fence.info.dropFirst(4).split(whereSeparator: { $0 == " " || $0 == "\t" })
      where !Cell.options.contains(option.lowercased()) {
        let close = Suggestions.closest(to: String(option), in: Cell.options).first
        throw NotebookError(
          path: path, line: i + 1,
          message: "unknown cell option \"\(option)\""
            + (close.map { "; did you mean \"\($0)\"?" } ?? "")
            + " (options: \(Cell.options.joined(separator: ", ")))")
      }
      flushNarrative()
      let source = lines[(i + 1)..<close].joined(separator: "\n")
      // An output block may follow after blank lines.
      var j = close + 1
      while j < lines.count && lines[j].trimming(" \t").isEmpty { j += 1 }
      if j < lines.count, let outFence = Fence(lines[j]), outFence.word == "output" {
        // An output block cut off takes its cell with it: the cell was written with it.
        guard let outClose = try closing(outFence, from: j) else { return cut(at: i) }
        let output = lines[(j + 1)..<outClose].joined(separator: "\n")
        document.blocks.append(
          .cell(
            Cell(
              source: source, output: output, line: i + 1, openFence: lines[i],
              closeFence: lines[close],
              gap: Array(lines[(close + 1)..<j]), outputOpen: lines[j], outputClose: lines[outClose]
            )))
        i = outClose + 1
      } else {
        document.blocks.append(
          .cell(
            Cell(
              source: source, output: nil, line: i + 1, openFence: lines[i],
              closeFence: lines[close],
              gap: [], outputOpen: nil, outputClose: nil)))
        i = close + 1
      }
    }
    flushNarrative()
    return (document, nil)
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

  /// Writes a notebook to `path` whole or not at all; `mode` says whether a file there may be
  /// replaced (see `AtomicFile.Mode`).
  @discardableResult
  public static func save(
    _ document: NotebookDocument, to path: String, mode: AtomicFile.Mode = .replace
  ) throws(WriteError) -> AtomicFile.Outcome {
    try AtomicFile.write(write(document), to: path, mode: mode)
  }
}
