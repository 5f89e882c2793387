/// How to read a delimited file. Every field left nil is decided by looking at the file, and
/// the decision is reported in `CSVResult.notes`.
public struct CSVOptions: Sendable, Equatable {
  /// The field separator; nil detects it (comma, tab, semicolon or bar).
  public var delimiter: UInt8?
  /// Lines to skip above the header; nil detects title rows.
  public var skipLines: Int?
  /// Pad short rows with empty cells instead of stopping at the first.
  public var lenient = false
  /// Column types chosen by the user, by column name.
  public var types: [String: ColumnType] = [:]
  /// The encoding asked for; nil reads UTF-8, or UTF-16 by its byte-order mark, or Windows-1252
  /// when the bytes are not UTF-8 but are Windows-1252 text (valid UTF-8 is always read as such).
  public var encoding: TextEncoding? = nil
  /// Files with more data than this per core are read on several cores at once.
  public var minimumChunkBytes = 256 << 10
  /// At most this many stretches; nil means one per core (up to eight).
  public var maximumChunks: Int?
  /// The addresses of a file mapped read-only (as `Int`s), whose pages the reader hands back to
  /// the system as it goes past them: they are read again from the file if looked at later, so
  /// the mapped file does not add its size to the peak memory. Set by `read(path:)` for a
  /// mapping only; a buffer outside it (an array, transcoded text) is never touched.
  var releasableRegion: Range<Int>?
  /// How many bytes gather before their pages are handed back (smaller in tests).
  var pageReleaseStep = 16 << 20
  /// How many bytes of a pass gather before they are checked to be UTF-8 (smaller in tests):
  /// small enough that they are still in the core's cache.
  var utf8CheckStep = 1 << 18

  public init(
    delimiter: UInt8? = nil, skipLines: Int? = nil, lenient: Bool = false,
    types: [String: ColumnType] = [:], encoding: TextEncoding? = nil
  ) {
    self.delimiter = delimiter
    self.skipLines = skipLines
    self.lenient = lenient
    self.types = types
    self.encoding = encoding
  }
}

/// A table read from a file, with what the reader decided on the user's behalf.
public struct CSVResult: Sendable {
  public var table: Table
  /// One line per decision worth knowing: title rows skipped, headers renamed, rows padded.
  public var notes: [String]
  /// The line the header was on (0 when there was none).
  public var headerLine: Int
}
