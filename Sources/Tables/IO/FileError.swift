/// Why a file could not be read (a CSV or TSV file, a workbook, JSON, a notebook): one clear
/// line, with the place where it applies.
///
/// `description` is what the user sees:
/// `error: area.csv:17: 9 fields where the header has 8` and, on the next line, a hint.
public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
  public enum Kind: Equatable, Sendable {
    case notFound, isDirectory, permissionDenied, unreadable, empty
    case encoding, quoting, ragged, header, type
    /// A workbook with several sheets and none named, or no sheet of the name given.
    case sheet
    /// Ctrl-C while reading.
    case interrupted
    /// The file is larger, or would unpack larger, than cjnb reads (a limit named in the message).
    case tooLarge
  }

  public var kind: Kind
  /// The file as the user named it.
  public var path: String
  /// The sheet of a workbook the problem is in; its lines are the sheet's rows.
  public var sheet: String?
  /// The 1-based line the problem is on, when there is one.
  public var line: Int?
  /// The byte offset from the start of the file, for encoding errors.
  public var byteOffset: Int?
  public var message: String
  /// What to do about it.
  public var hint: String?

  public init(
    _ kind: Kind, path: String, line: Int? = nil, byteOffset: Int? = nil, message: String,
    hint: String? = nil
  ) {
    self.kind = kind
    self.path = path
    self.line = line
    self.byteOffset = byteOffset
    self.message = message
    self.hint = hint
  }

  /// `path:line: message`, the form editors and terminals link to.
  public var location: String {
    if let sheet { return "\(path), sheet \"\(sheet)\"" + (line.map { ", row \($0)" } ?? "") }
    if let line { return "\(path):\(line)" }
    return path
  }

  public var description: String {
    var s = "\(location): \(message)"
    if let hint { s += "\n  hint: \(hint)" }
    return s
  }
}
