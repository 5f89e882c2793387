/// Why a cell holds no value, as official statistics say it.
///
/// Each reason keeps the symbol it was published with, so a table read from a file and written
/// back shows the same symbols. The bracketed symbols follow the GSS guidance on symbols in
/// tables; `..`, `*` and `-` are the older conventions still met in downloads.
///
/// ```
/// MissingReason(symbol: "[c]")  // .confidential
/// MissingReason.confidential.symbol  // "[c]"
/// ```
public enum MissingReason: UInt8, CaseIterable, Hashable, Sendable {
  /// An empty cell.
  case empty = 1
  /// `[c]`: confidential, suppressed to protect people from being identified.
  case confidential
  /// `[x]`: not available.
  case notAvailable
  /// `[z]`: not applicable (also what a rate with a zero denominator becomes).
  case notApplicable
  /// `[low]`: a figure that rounds to zero.
  case roundsToZero
  /// `[u]`: too unreliable to publish.
  case lowReliability
  /// `[w]`: no cases.
  case noCases
  /// `[d]`: cells merged to protect confidentiality.
  case merged
  /// `[k]`: a low figure.
  case lowFigure
  /// `..`: not available (older convention).
  case dots
  /// `*`: suppressed (older convention).
  case star
  /// `-`: nil or not applicable (older convention).
  case dash

  /// The symbol as it is written in a table.
  public var symbol: String {
    switch self {
    case .empty: ""
    case .confidential: "[c]"
    case .notAvailable: "[x]"
    case .notApplicable: "[z]"
    case .roundsToZero: "[low]"
    case .lowReliability: "[u]"
    case .noCases: "[w]"
    case .merged: "[d]"
    case .lowFigure: "[k]"
    case .dots: ".."
    case .star: "*"
    case .dash: "-"
    }
  }

  /// What the symbol means, for footnotes and `describe`.
  public var meaning: String {
    switch self {
    case .empty: "empty"
    case .confidential: "confidential (suppressed)"
    case .notAvailable: "not available"
    case .notApplicable: "not applicable"
    case .roundsToZero: "rounds to zero"
    case .lowReliability: "low reliability"
    case .noCases: "no cases"
    case .merged: "merged with another cell"
    case .lowFigure: "low figure"
    case .dots: "not available"
    case .star: "suppressed"
    case .dash: "nil or not applicable"
    }
  }

  /// The symbol shown in a rendered table: empty cells show as blank.
  public var displaySymbol: String { symbol }

  /// The reason a symbol stands for, or nil when the text is not a missing-value symbol.
  /// Letters inside brackets are matched without regard to case and surrounding spaces.
  public init?(symbol text: some StringProtocol) {
    let trimmed = text.trimming(" \t")
    switch trimmed.lowercased() {
    case "": self = .empty
    case "[c]": self = .confidential
    case "[x]": self = .notAvailable
    case "[z]": self = .notApplicable
    case "[low]": self = .roundsToZero
    case "[u]": self = .lowReliability
    case "[w]": self = .noCases
    case "[d]": self = .merged
    case "[k]": self = .lowFigure
    case "..": self = .dots
    case "*": self = .star
    case "-": self = .dash
    default: return nil
    }
  }

  /// The reason behind a cell's bytes, or nil. The hot path of the CSV reader: no allocation.
  @inlinable
  public static func match(_ bytes: UnsafeBufferPointer<UInt8>) -> MissingReason? {
    let n = bytes.count
    if n == 0 { return .empty }
    let first = bytes[0]
    if n == 1 {
      switch first {
      case UInt8(ascii: "*"): return .star
      case UInt8(ascii: "-"): return .dash
      default: return nil
      }
    }
    if n == 2 { return first == UInt8(ascii: ".") && bytes[1] == UInt8(ascii: ".") ? .dots : nil }
    guard first == UInt8(ascii: "["), bytes[n - 1] == UInt8(ascii: "]") else { return nil }
    if n == 3 {
      switch bytes[1] | 0x20 {
      case UInt8(ascii: "c"): return .confidential
      case UInt8(ascii: "x"): return .notAvailable
      case UInt8(ascii: "z"): return .notApplicable
      case UInt8(ascii: "u"): return .lowReliability
      case UInt8(ascii: "w"): return .noCases
      case UInt8(ascii: "d"): return .merged
      case UInt8(ascii: "k"): return .lowFigure
      default: return nil
      }
    }
    if n == 5, bytes[1] | 0x20 == UInt8(ascii: "l"), bytes[2] | 0x20 == UInt8(ascii: "o"),
      bytes[3] | 0x20 == UInt8(ascii: "w")
    {
      return .roundsToZero
    }
    return nil
  }
}
