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
///
/// Published workbooks also use the older bare forms (`x`, `c`, `z`, `low`, `:`, `n/a`, `n/l`,
/// `n/r`), which are read in number columns only (in a text column `x` may be a value), and
/// bracketed codes of their own (`[ns]`, `[b]`), which are kept as written in one of eight
/// slots per process (`PublishedSymbols`); the workbook's cover or notes sheet says what they mean.
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
  /// `x`: not available, written bare (older convention).
  case bareNotAvailable
  /// `c`: confidential, written bare.
  case bareConfidential
  /// `z`: not applicable, written bare.
  case bareNotApplicable
  /// `low`: rounds to zero, written bare.
  case bareLow
  /// `:`: not available (the Eurostat convention).
  case colon
  /// `n/a`: not applicable or not available.
  case notApplicableAbbreviated
  /// `n/l`: not in the legislation of the time (the offence did not yet exist).
  case notInLegislation
  /// `n/r`: not reported, or not relevant (a change too small to say).
  case notReported
  /// `[?]`: a cell that held neither a number nor a symbol, made missing by `clean`.
  case notANumber
  /// A bracketed code beyond the eight a session keeps as written.
  case otherCode
  /// Bracketed codes the publisher uses that cjnb has no meaning for (`[ns]`), each kept as
  /// written: `PublishedSymbols` holds the text of each slot.
  case code1 = 24, code2, code3, code4, code5, code6, code7, code8

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
    case .bareNotAvailable: "x"
    case .bareConfidential: "c"
    case .bareNotApplicable: "z"
    case .bareLow: "low"
    case .colon: ":"
    case .notApplicableAbbreviated: "n/a"
    case .notInLegislation: "n/l"
    case .notReported: "n/r"
    case .notANumber: "[?]"
    case .otherCode: "[other]"
    case .code1, .code2, .code3, .code4, .code5, .code6, .code7, .code8:
      PublishedSymbols.text(of: self)
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
    case .bareNotAvailable: "not available"
    case .bareConfidential: "confidential (suppressed)"
    case .bareNotApplicable: "not applicable"
    case .bareLow: "rounds to zero"
    case .colon: "not available"
    case .notApplicableAbbreviated: "not applicable or not available"
    case .notInLegislation: "not in the legislation of the time"
    case .notReported: "not reported"
    case .notANumber: "not a number in the file (made missing by clean)"
    case .otherCode: "a code of the publisher's"
    case .code1, .code2, .code3, .code4, .code5, .code6, .code7, .code8: "a code of the publisher's"
    }
  }

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
    case "[?]": self = .notANumber
    case "x": self = .bareNotAvailable
    case "c": self = .bareConfidential
    case "z": self = .bareNotApplicable
    case "low": self = .bareLow
    case ":": self = .colon
    case "n/a": self = .notApplicableAbbreviated
    case "n/l": self = .notInLegislation
    case "n/r": self = .notReported
    default:
      guard
        let reason = trimmed.utf8.withContiguousStorageIfAvailable({ PublishedSymbols.code($0) })
          ?? Array(trimmed.utf8).withUnsafeBufferPointer({ PublishedSymbols.code($0) })
      else { return nil }
      self = reason
    }
  }

  /// The reasons whose symbol is bare (`x`, `n/r`): read only where a number is expected.
  public init?(bareSymbol text: some StringProtocol) {
    var copy = String(text.trimming(" \t"))
    guard let reason = copy.withUTF8({ Self.matchBare($0) }) else { return nil }
    self = reason
  }

  /// The bare forms of older tables, for number cells: `x`, `c`, `z`, `low`, `:`, `n/a`, `n/l`, `n/r`.
  @inlinable
  public static func matchBare(_ bytes: UnsafeBufferPointer<UInt8>) -> MissingReason? {
    let n = bytes.count
    guard n > 0, n <= 3 else { return nil }
    let first = bytes[0] | 0x20
    if n == 1 {
      switch first {
      case UInt8(ascii: "x"): return .bareNotAvailable
      case UInt8(ascii: "c"): return .bareConfidential
      case UInt8(ascii: "z"): return .bareNotApplicable
      default: return bytes[0] == UInt8(ascii: ":") ? .colon : nil
      }
    }
    if n == 3 && bytes[1] == UInt8(ascii: "/") && first == UInt8(ascii: "n") {
      switch bytes[2] | 0x20 {
      case UInt8(ascii: "a"): return .notApplicableAbbreviated
      case UInt8(ascii: "l"): return .notInLegislation
      case UInt8(ascii: "r"): return .notReported
      default: return nil
      }
    }
    if n == 3 && first == UInt8(ascii: "l") && bytes[1] | 0x20 == UInt8(ascii: "o")
      && bytes[2] | 0x20 == UInt8(ascii: "w")
    {
      return .bareLow
    }
    return nil
  }

  /// An order that is the same in every session: by kind, and a publisher's codes (whose slots
  /// depend on the order files were read in) by their text.
  public func sortsBefore(_ other: MissingReason) -> Bool {
    if isPublisherCode && other.isPublisherCode { return symbol < other.symbol }
    return rawValue < other.rawValue
  }

  /// The reasons of the bare forms.
  public static let bareReasons: Set<MissingReason> = [
    .bareNotAvailable, .bareConfidential, .bareNotApplicable, .bareLow, .colon,
    .notApplicableAbbreviated, .notInLegislation, .notReported,
  ]

  /// A code the publisher uses, kept as written (`[ns]`), rather than one of GSS's.
  public var isPublisherCode: Bool {
    rawValue >= MissingReason.code1.rawValue || self == .otherCode
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
      default: break
      }
    }
    if n == 5, bytes[1] | 0x20 == UInt8(ascii: "l"), bytes[2] | 0x20 == UInt8(ascii: "o"),
      bytes[3] | 0x20 == UInt8(ascii: "w")
    {
      return .roundsToZero
    }
    if n == 3 && bytes[1] == UInt8(ascii: "?") { return .notANumber }
    return PublishedSymbols.code(bytes)
  }
}
