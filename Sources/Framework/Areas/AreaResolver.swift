import Synchronization
import Tables

/// Maps any name or code an area is written with to the one area it means.
///
/// Names match whatever their case, spacing and punctuation, `&` or `and`, with or without
/// "City of", "Council" or "Comhairle nan"; codes match in either the current or the pre-2018 set.
///
/// ```
/// let areas = AreaResolver()
/// areas.resolve("Edinburgh")          // City of Edinburgh
/// areas.resolve("S12000015")          // Fife (its code before 2018)
/// areas.resolve("Eilean Siar")        // Na h-Eileanan Siar
/// areas.suggestions(for: "Falkrik")   // ["Falkirk"]
/// ```
public struct AreaResolver: Sendable {
  private let byKey: [String: CouncilArea]
  private let byCode: [String: CouncilArea]
  /// Names and codes exactly as listed: most data writes them so, and they need no normalising.
  private let byExact: [String: CouncilArea]
  public let areas: [CouncilArea]
  /// Texts already resolved by a slow path, and what they gave, shared by every copy.
  private let memo = Memo()

  /// What ``resolve(_:)`` gave for texts that needed normalising: the same few names and words
  /// come back for every table a session looks at (the role of each text column is found from
  /// its first 200 entries, again by every verb), and normalising was a sixth of `cjnb check`.
  /// At most ``limit`` texts are kept, so a file of a million distinct words does not grow it.
  private final class Memo: Sendable {
    static let limit = 4096
    let known = Mutex<[String: CouncilArea?]>([:])
  }

  public init(areas: [CouncilArea] = CouncilArea.all) {
    self.areas = areas
    var byKey: [String: CouncilArea] = [:]
    var byCode: [String: CouncilArea] = [:]
    var byExact: [String: CouncilArea] = [:]
    for area in areas {
      for name in [area.name] + area.otherNames {
        byKey[Self.key(name)] = area
        byExact[name] = area
      }
      for code in area.codes {
        byCode[code] = area
        byExact[code] = area
      }
    }
    self.byKey = byKey
    self.byCode = byCode
    self.byExact = byExact
  }

  /// The shared resolver over the 32 councils and Scotland.
  public static let standard = AreaResolver()

  /// The area `text` names or codes, or nil.
  public func resolve(_ text: String) -> CouncilArea? {
    if let area = byExact[text] { return area }
    // Remembered: an area, or nil (not one); not remembered: nil of the outer optional.
    if let known = memo.known.withLock({ $0[text] }) { return known }
    let area = normalisedResolve(text)
    memo.known.withLock { known in
      if known.count < Memo.limit { known[text] = area }
    }
    return area
  }

  /// ``resolve(_:)`` of text not written exactly as listed.
  private func normalisedResolve(_ text: String) -> CouncilArea? {
    let trimmed = text.trimming(" \t")
    if trimmed.count == 9, let area = byCode[trimmed.uppercased()] { return area }
    // A statistics.gov.scot URI resolves by the code it ends in, and by nothing else.
    if trimmed.hasPrefix("http") || trimmed.hasPrefix("<") {
      return Geography.code(in: trimmed).flatMap { byCode[$0] }
    }
    return byKey[Self.key(trimmed)]
  }

  /// Names close to an unresolved `text`, for "did you mean".
  public func suggestions(for text: String, limit: Int = 3) -> [String] {
    let key = Self.key(text)
    var best: [(String, Int)] = []
    for area in areas {
      let distance =
        ([area.name] + area.otherNames).map { Suggestions.editDistance(key, Self.key($0)) }.min()
        ?? Int.max
      let allowed = max(2, key.count / 3)
      if distance <= allowed { best.append((area.name, distance)) }
    }
    if best.isEmpty {
      // A part of a name: "Lanarkshire" suggests both.
      best = areas.filter { Self.key($0.name).split(separator: " ").contains(Substring(key)) }.map {
        ($0.name, 0)
      }
    }
    return best.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
  }

  /// Words that come and go in names of the same council.
  static let droppedWords: Set<String> = ["council", "comhairle", "nan", "the", "area"]

  /// The form names are compared in: lower case, `&` as `and`, punctuation as spaces, without
  /// the words that come and go ("city of", "council", "comhairle nan", "the").
  static func key(_ name: String) -> String {
    let s = name.utf8.allSatisfy({ $0 < 0x80 }) ? foldedASCII(name) : folded(name)
    var words = s.split(separator: " ").map(String.init)
    words.removeAll { droppedWords.contains($0) }
    if words.count > 2, words[words.count - 2] == "city", words[words.count - 1] == "of" {
      words.removeLast(2)
    }
    if words.first == "city", words.dropFirst().first == "of" { words.removeFirst(2) }
    // "Na h-Eileanan Siar" splits into "na h eileanan siar"; "Eilean Siar" is the same place.
    return words.joined(separator: " ")
  }

  /// Lower case, `&` as ` and `, every character but letters and digits as a space.
  static func folded(_ name: String) -> String {
    var s = ""
    for ch in name.lowercased() {
      if ch == "&" {
        s += " and "
      } else if ch.isLetter || ch.isNumber {
        s.append(ch)
      } else {
        s.append(" ")
      }
    }
    return s
  }

  /// ``folded(_:)`` of ASCII text (as nearly every name is), a byte at a time, without the
  /// Unicode tables that `lowercased` and `isLetter` consult per character: they were a fifth
  /// of `cjnb check`.
  static func foldedASCII(_ name: String) -> String {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(name.utf8.count + 8)
    for b in name.utf8 {
      switch b {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"): bytes.append(b | 0x20)
      case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
        bytes.append(b)
      case UInt8(ascii: "&"): bytes += Array(" and ".utf8)
      default: bytes.append(UInt8(ascii: " "))
      }
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
