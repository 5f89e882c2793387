/// Width and fitting of text in terminal columns.
public enum TextLayout {
  /// Columns a string takes: one per character, two for wide East Asian characters and emoji.
  public static func width(_ s: String) -> Int {
    var w = 0
    for ch in s {
      guard let scalar = ch.unicodeScalars.first else { continue }
      let v = scalar.value
      if v == 0x1B { continue }
      w +=
        (v >= 0x1100
          && (v <= 0x115F || (v >= 0x2E80 && v <= 0xA4CF) || (v >= 0xAC00 && v <= 0xD7A3)
            || (v >= 0xF900 && v <= 0xFAFF)
            || (v >= 0xFF00 && v <= 0xFF60) || (v >= 0x1F300 && v <= 0x1FAFF)))
        ? 2 : 1
    }
    return w
  }

  /// `s` with every character a terminal would act on written out instead: tabs and line ends
  /// as a space, other C0 and C1 controls and DEL as `\x1b`, and the bidirectional overrides
  /// that reorder what is shown as `\u{202e}`. Text from files and notebooks goes through this
  /// before it is drawn, so no cell can clear the screen, retitle the terminal or hide a figure.
  public static func visible(_ s: String) -> String {
    guard s.unicodeScalars.contains(where: needsEscape) else { return s }
    var out = ""
    for scalar in s.unicodeScalars {
      guard needsEscape(scalar) else {
        out.unicodeScalars.append(scalar)
        continue
      }
      switch scalar.value {
      case 0x09, 0x0A, 0x0D: out += " "
      case 0..<0x100:
        let hex = String(scalar.value, radix: 16)
        out += "\\x" + (hex.count < 2 ? "0" : "") + hex
      default: out += "\\u{" + String(scalar.value, radix: 16) + "}"
      }
    }
    return out
  }

  static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    return v < 0x20 || (v >= 0x7F && v < 0xA0) || (v >= 0x202A && v <= 0x202E)
      || (v >= 0x2066 && v <= 0x2069)
  }

  /// `s` cut to `width` columns with an ellipsis where it was cut.
  static func fit(_ s: String, _ width: Int, ascii: Bool) -> String {
    guard width > 0 else { return "" }
    if Self.width(s) <= width { return s }
    let ellipsis = ascii ? "..." : "…"
    let room = width - Self.width(ellipsis)
    guard room > 0 else { return String(ellipsis.prefix(width)) }
    var out = ""
    var w = 0
    for ch in s {
      let cw = Self.width(String(ch))
      if w + cw > room { break }
      out.append(ch)
      w += cw
    }
    return out + ellipsis
  }

  static func padRight(_ s: String, _ width: Int) -> String {
    let w = Self.width(s)
    return w >= width ? s : s + String(repeating: " ", count: width - w)
  }

  static func padLeft(_ s: String, _ width: Int) -> String {
    let w = Self.width(s)
    return w >= width ? s : String(repeating: " ", count: width - w) + s
  }

  /// Words wrapped to lines of at most `width` columns (a word longer than that keeps its
  /// line). Each line's own leading spaces are kept, and its continuation lines are indented two
  /// more, so that lists and labelled lines stay readable.
  public static func wrap(_ text: String, _ width: Int, indent: String = "") -> [String] {
    var lines: [String] = []
    for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
      let own = String(paragraph.prefix { $0 == " " })
      let first = indent + own
      let hanging = indent + own + (own.isEmpty && indent.isEmpty ? "" : "  ")
      var line = first
      var empty = true
      for word in paragraph.split(separator: " ") {
        let candidate = empty ? line + word : line + " " + word
        if Self.width(candidate) > width && !empty {
          lines.append(line)
          line = hanging + word
        } else {
          line = candidate
        }
        empty = false
      }
      lines.append(line)
    }
    return lines
  }

  /// The text in 7-bit ASCII: accented Latin letters lose their accents, dashes and quotes
  /// become their ASCII forms, anything else becomes "?".
  public static func asciiFolded(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
      if scalar.value < 0x80 {
        out.unicodeScalars.append(scalar)
      } else if let folded = foldings[scalar.value] {
        out += folded
      } else {
        out += "?"
      }
    }
    return out
  }

  private static let foldings: [UInt32: String] = {
    var map: [UInt32: String] = [
      0x2018: "'", 0x2019: "'", 0x201C: "\"", 0x201D: "\"", 0x2013: "-", 0x2014: "-", 0x2026: "...",
      0x00A0: " ",
      0x00A3: "GBP", 0x20AC: "EUR", 0x2022: "*", 0x00B7: ".", 0x2020: "+", 0x00D7: "x",
    ]
    let groups: [(String, String)] = [
      ("ÀÁÂÃÄÅ", "A"), ("àáâãäå", "a"), ("Ç", "C"), ("ç", "c"), ("ÈÉÊË", "E"), ("èéêë", "e"),
      ("ÌÍÎÏ", "I"), ("ìíîï", "i"),
      ("Ñ", "N"), ("ñ", "n"), ("ÒÓÔÕÖØ", "O"), ("òóôõöø", "o"), ("ÙÚÛÜ", "U"), ("ùúûü", "u"),
      ("Ý", "Y"), ("ýÿ", "y"),
    ]
    for (letters, base) in groups { for s in letters.unicodeScalars { map[s.value] = base } }
    map[0x00C6] = "AE"
    map[0x00E6] = "ae"
    map[0x00DF] = "ss"
    return map
  }()
}
