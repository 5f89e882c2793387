import Foundation

/// The bracketed codes publishers use beyond GSS's (`[ns]`, `[b]`, `[v]`), kept as written.
///
/// A cell's status has room for a reason, not for text, so each new code takes one of eight
/// slots (`MissingReason.code1` ... `code8`) for the life of the process, in the order codes are
/// first met; a ninth is `MissingReason.otherCode` and said to be so. A code is `[`, one to four
/// letters, `]`, matched without regard to case and kept in lower case.
public enum PublishedSymbols {
  private final class Slots: @unchecked Sendable {
    let lock = NSLock()
    var texts: [String] = []
  }

  private static let slots = Slots()

  /// The slot of the code in `bytes`, taking a new one when there is room; nil when the bytes
  /// are not a code.
  public static func code(_ bytes: UnsafeBufferPointer<UInt8>) -> MissingReason? {
    let n = bytes.count
    guard n >= 3, n <= 6, bytes[0] == UInt8(ascii: "["), bytes[n - 1] == UInt8(ascii: "]") else {
      return nil
    }
    var text = "["
    for k in 1..<(n - 1) {
      let c = bytes[k] | 0x20
      guard c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") else { return nil }
      text.unicodeScalars.append(Unicode.Scalar(c))
    }
    text += "]"
    // `[note]` and the like are words, not codes.
    if text == "[note]" || text == "[see]" { return nil }
    // A marker on its own (`[p]` with no number) is not a reason.
    if n == 3, let marker = ValueMarker.letter(bytes[1]), marker != .seriesBreak { return nil }
    slots.lock.lock()
    defer { slots.lock.unlock() }
    if let i = slots.texts.firstIndex(of: text) {
      return MissingReason(rawValue: MissingReason.code1.rawValue + UInt8(i))
    }
    guard slots.texts.count < 8 else { return .otherCode }
    slots.texts.append(text)
    return MissingReason(rawValue: MissingReason.code1.rawValue + UInt8(slots.texts.count - 1))
  }

  /// The code a slot holds, as written (lower case).
  static func text(of reason: MissingReason) -> String {
    let i = Int(reason.rawValue) - Int(MissingReason.code1.rawValue)
    slots.lock.lock()
    defer { slots.lock.unlock() }
    return i >= 0 && i < slots.texts.count ? slots.texts[i] : "[?]"
  }
}
