/// The character encodings the reader accepts.
public enum TextEncoding: String, Sendable, CaseIterable {
  case utf8 = "utf-8"
  /// Windows-1252, a superset of ISO 8859-1: what Excel on Windows writes as "CSV".
  case windows1252 = "windows-1252"
  /// UTF-16, by its byte-order mark (little-endian without one): Excel's "Unicode Text".
  case utf16 = "utf-16"

  /// The encoding a user's name for it stands for: `utf8`, `latin1`, `cp1252`, ...
  public init?(name: String) {
    switch name.lowercased().replacingEvery("_", with: "-") {
    case "utf-8", "utf8": self = .utf8
    case "latin1", "latin-1", "iso-8859-1", "iso8859-1", "windows-1252", "cp1252", "windows1252":
      self = .windows1252
    case "utf-16", "utf16", "utf-16le", "utf16le", "unicode", "ucs-2": self = .utf16
    default: return nil
    }
  }
}

/// UTF-8 validation and transcoding, on bytes.
public enum UTF8Check {
  /// The offset of the first byte that is not valid UTF-8, or nil when all of it is. O(bytes).
  public static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { firstInvalidOffset($0) }
  }

  /// The offset of the first byte that is not valid UTF-8, or nil when all of it is.
  static func firstInvalidOffset(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    let n = bytes.count
    guard let base = bytes.baseAddress else { return nil }
    var i = 0
    while i < n {
      // Eight ASCII bytes at a time: the common case for indicator files.
      if i + 8 <= n {
        let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
        if word & 0x8080_8080_8080_8080 == 0 {
          i += 8
          continue
        }
      }
      let c = base[i]
      if c < 0x80 {
        i += 1
        continue
      }
      var need = 0
      var minimum: UInt32 = 0
      var scalar: UInt32 = 0
      switch c {
      case 0xC2...0xDF: need = 1; minimum = 0x80; scalar = UInt32(c & 0x1F)
      case 0xE0...0xEF: need = 2; minimum = 0x800; scalar = UInt32(c & 0x0F)
      case 0xF0...0xF4: need = 3; minimum = 0x10000; scalar = UInt32(c & 0x07)
      default: return i
      }
      guard i + need < n else { return i }
      for k in 1...need {
        let cc = base[i + k]
        guard cc & 0xC0 == 0x80 else { return i }
        scalar = scalar << 6 | UInt32(cc & 0x3F)
      }
      if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
      i += need + 1
    }
    return nil
  }

  /// Windows-1252 bytes as UTF-8.
  static func transcodeWindows1252(_ bytes: [UInt8]) -> [UInt8] {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count + bytes.count / 16)
    for b in bytes {
      if b < 0x80 {
        out.append(b)
        continue
      }
      let scalar: UInt32 = b >= 0xA0 ? UInt32(b) : windows1252High[Int(b - 0x80)]
      for u in String(Character(Unicode.Scalar(scalar) ?? "\u{FFFD}")).utf8 { out.append(u) }
    }
    return out
  }

  /// Windows-1252's characters for 0x80...0x9F (undefined ones map to the replacement character).
  private static let windows1252High: [UInt32] = [
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
    0x0152, 0xFFFD,
    0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122,
    0x0161, 0x203A,
    0x0153, 0xFFFD, 0x017E, 0x0178,
  ]
}
