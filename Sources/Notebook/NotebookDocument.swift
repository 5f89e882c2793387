import Tables

/// A notebook: Markdown that reads well on its own, with ```` ```cjnb ```` cells and the
/// ```` ```output ```` block each produced.
///
/// Reading and writing give back the same bytes: each part keeps the text it was read from,
/// and only a cell whose output changes is written anew.
public struct NotebookDocument: Sendable, Equatable {
  public var frontMatter: FrontMatter?
  public var blocks: [Block]
  /// "\n", or "\r\n" for a file written on Windows.
  public var lineEnding: String
  /// Whether the file ended with a line end.
  public var endsWithNewline: Bool

  public init(
    frontMatter: FrontMatter? = nil, blocks: [Block] = [], lineEnding: String = "\n",
    endsWithNewline: Bool = true
  ) {
    self.frontMatter = frontMatter
    self.blocks = blocks
    self.lineEnding = lineEnding
    self.endsWithNewline = endsWithNewline
  }

  public enum Block: Sendable, Equatable {
    /// Markdown outside cells, as written (other fenced blocks included).
    case narrative([String])
    case cell(Cell)
  }

  /// The cells, in order.
  public var cells: [Cell] {
    blocks.compactMap { if case .cell(let c) = $0 { c } else { nil } }
  }

  /// Replaces the output of cell `index` (counted among cells).
  public mutating func setOutput(_ output: String?, ofCell index: Int) {
    var k = 0
    for b in blocks.indices {
      guard case .cell(var cell) = blocks[b] else { continue }
      if k == index {
        cell.setOutput(output)
        blocks[b] = .cell(cell)
        return
      }
      k += 1
    }
  }

  /// Whether output should be drawn in ASCII (front matter `ascii: true`).
  public var ascii: Bool { frontMatter?.value("ascii")?.lowercased() == "true" }
  /// The width its outputs are drawn at (front matter `width: 120`); 80 when not said.
  public var width: Int? {
    frontMatter?.value("width").flatMap { Int($0) }.flatMap { (20...1000).contains($0) ? $0 : nil }
  }

  /// Records a setting its outputs depend on in the front matter (made when there is none),
  /// replacing the line of that key; nil removes it.
  public mutating func setSetting(_ key: String, _ value: String?) {
    var matter = frontMatter ?? FrontMatter(lines: ["---", "---"])
    matter.set(key, value)
    frontMatter = matter.lines.count > 2 ? matter : (frontMatter == nil ? nil : matter)
  }
  public var title: String? { frontMatter?.value("title") }
}

/// The `---` block at the top: kept as written, read as `key: value` lines.
public struct FrontMatter: Sendable, Equatable {
  public var lines: [String]

  public init(lines: [String]) { self.lines = lines }

  /// A front matter block from fields, in order.
  public init(_ fields: [(String, String)]) {
    lines = ["---"] + fields.map { "\($0.0): \(FrontMatter.quoted($0.1))" } + ["---"]
  }

  /// The value of `key`, without quotes; nil when absent.
  public func value(_ key: String) -> String? {
    for line in lines.dropFirst().dropLast() {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let k = line[..<colon].trimming(" \t")
      guard k.lowercased() == key.lowercased() else { continue }
      var v = line[line.index(after: colon)...].trimming(" \t")
      if v.count >= 2, let f = v.first, f == "\"" || f == "'", v.last == f {
        v = String(v.dropFirst().dropLast())
      }
      return v
    }
    return nil
  }

  /// Sets `key` to `value` in place (added before the closing `---` when new); nil removes it.
  public mutating func set(_ key: String, _ value: String?) {
    let index = lines.indices.dropFirst().dropLast().first { i in
      guard let colon = lines[i].firstIndex(of: ":") else { return false }
      return lines[i][..<colon].trimming(" \t").lowercased() == key.lowercased()
    }
    switch (index, value) {
    case (let i?, let v?): lines[i] = "\(key): \(FrontMatter.quoted(v))"
    case (let i?, nil): lines.remove(at: i)
    case (nil, let v?):
      lines.insert("\(key): \(FrontMatter.quoted(v))", at: max(1, lines.count - 1))
    case (nil, nil): break
    }
  }

  /// A value as front matter writes it: quoted when YAML would misread it.
  public static func quoted(_ s: String) -> String {
    let needs =
      s.contains(":") || s.contains("#") || s.hasPrefix(" ") || s.hasPrefix("\"") || s.isEmpty
    return needs ? "\"" + s.replacingEvery("\"", with: "\\\"") + "\"" : s
  }
}

/// A cell: commands, and the output they printed when the notebook was last run.
public struct Cell: Sendable, Equatable {
  /// The commands, one or more lines.
  public var source: String
  /// What they printed; nil when there is no output block.
  public private(set) var output: String?
  /// The line of the opening fence in the file (1-based).
  public let line: Int
  /// The line of the first command.
  public var sourceLine: Int { line + 1 }

  /// The options a cell's fence may carry after `cjnb`.
  public static let options = ["no-export"]

  /// Whether exports leave the cell out (```` ```cjnb no-export ````): it is run, checked and
  /// kept in the notebook, but its commands and outputs are not published (a `describe`, a check
  /// of the data).
  public var isExported: Bool {
    let info = openFence.drop { $0 == " " }.drop { $0 == "`" || $0 == "~" }.dropFirst(4)
    return !info.split(whereSeparator: { $0 == " " || $0 == "\t" }).contains {
      $0.lowercased() == "no-export"
    }
  }

  // The text around the parts, kept for writing back as read.
  var openFence: String
  var closeFence: String
  /// Blank lines between the cell and its output block.
  var gap: [String]
  var outputOpen: String?
  var outputClose: String?

  public init(source: String, output: String?, line: Int = 0) {
    self.source = source
    self.output = output
    self.line = line
    openFence = "```cjnb"
    closeFence = "```"
    gap = output == nil ? [] : [""]
    outputOpen = output == nil ? nil : "```output"
    outputClose = output == nil ? nil : "```"
    if let output { fitFence(to: output) }
  }

  init(
    source: String, output: String?, line: Int, openFence: String, closeFence: String,
    gap: [String], outputOpen: String?, outputClose: String?
  ) {
    self.source = source
    self.output = output
    self.line = line
    self.openFence = openFence
    self.closeFence = closeFence
    self.gap = gap
    self.outputOpen = outputOpen
    self.outputClose = outputClose
  }

  /// A new output; nil or empty removes the block.
  mutating func setOutput(_ newOutput: String?) {
    guard let newOutput, !newOutput.isEmpty else {
      output = nil
      outputOpen = nil
      outputClose = nil
      gap = []
      return
    }
    if output == nil {
      gap = [""]
      outputOpen = "```output"
      outputClose = "```"
    }
    output = newOutput
    fitFence(to: newOutput)
  }

  /// An output holding a line of three backticks needs a longer fence.
  private mutating func fitFence(to text: String) {
    var longest = 0
    for line in Self.lines(of: text) {
      let ticks = line.drop { $0 == " " }.prefix { $0 == "`" }.count
      longest = max(longest, ticks)
    }
    let current = (outputOpen ?? "").prefix { $0 == "`" }.count
    guard longest >= max(3, current) else { return }
    let fence = String(repeating: "`", count: longest + 1)
    outputOpen = fence + "output"
    outputClose = fence
  }

  /// The lines of a cell's source or output, split at every line feed as bytes: a String
  /// takes "\r\n" as one character, which no "\n" matches, so a line that ends in a carriage
  /// return (```` ```\r ````, read from a line ending `\r\r\n`) would run into the next one
  /// when written, and a fence hidden in it would appear.
  static func lines(of text: String) -> [String] {
    text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map {
      String(decoding: $0, as: UTF8.self)
    }
  }

  /// The lines this cell is written as.
  public var lines: [String] {
    var out = [openFence] + (source.isEmpty ? [] : Self.lines(of: source)) + [closeFence]
    if let output, let open = outputOpen, let close = outputClose {
      out += gap + [open] + (output.isEmpty ? [] : Self.lines(of: output)) + [close]
    }
    return out
  }
}
