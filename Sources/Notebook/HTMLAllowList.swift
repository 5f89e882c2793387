/// Cleans the HTML that Markdown became, so that an exported report holds only what Markdown
/// means: headings, paragraphs, emphasis, lists, quotes, code, tables, links and images.
///
/// Markdown lets raw HTML through, and a notebook may be someone else's: `<script>`, `<iframe>`,
/// `<img onerror=...>`, a `javascript:` link. Every tag not on the list below is written out as
/// text (it shows, and does nothing); every attribute not on the list is dropped; links and
/// images keep only http, https and mailto addresses, or addresses within the report; every
/// attribute value and every stray `<` or `&` is escaped again.
enum HTMLAllowList {
  /// Tags kept, with the attributes each may keep.
  static let tags: [String: Set<String>] = [
    "p": [], "br": [], "hr": [], "h1": [], "h2": [], "h3": [], "h4": [], "h5": [], "h6": [],
    "em": [], "strong": [], "b": [], "i": [], "code": ["class"], "pre": [], "blockquote": [],
    "ul": [], "ol": ["start"], "li": [], "a": ["href", "title"], "img": ["src", "alt", "title"],
    "table": [], "thead": [], "tbody": [], "tr": [], "th": ["align"], "td": ["align"],
    "del": [], "s": [], "sup": [], "sub": [],
  ]

  static func clean(_ html: String) -> String {
    let s = Array(html.unicodeScalars)
    var out = ""
    out.reserveCapacity(html.utf8.count)
    var i = 0
    while i < s.count {
      let c = s[i]
      if c == "<" {
        if let (tag, end) = parseTag(s, at: i) {
          out += tag
          i = end
        } else {
          out += "&lt;"
          i += 1
        }
        continue
      }
      if c == "&" {
        let entityEnd = entity(s, at: i)
        if let entityEnd {
          out.unicodeScalars.append(contentsOf: s[i..<entityEnd])
          i = entityEnd
        } else {
          out += "&amp;"
          i += 1
        }
        continue
      }
      if c == ">" { out += "&gt;" } else { out.unicodeScalars.append(c) }
      i += 1
    }
    return out
  }

  /// `&amp;`, `&#39;`, `&#x2014;`: where a well-formed entity starting at `i` ends.
  static func entity(_ s: [Unicode.Scalar], at i: Int) -> Int? {
    var j = i + 1
    if j < s.count && s[j] == "#" {
      j += 1
      let hex = j < s.count && (s[j] == "x" || s[j] == "X")
      if hex { j += 1 }
      let start = j
      while j < s.count && j - start < 8
        && (hex ? s[j].properties.isASCIIHexDigit : ("0"..."9").contains(s[j]))
      { j += 1 }
      return j > start && j < s.count && s[j] == ";" ? j + 1 : nil
    }
    let start = j
    while j < s.count && j - start < 32
      && (("a"..."z").contains(s[j]) || ("A"..."Z").contains(s[j]) || ("0"..."9").contains(s[j]))
    { j += 1 }
    return j > start && j < s.count && s[j] == ";" ? j + 1 : nil
  }

  /// A whole tag at `i` (`<a href="x">`, `</p>`, `<br/>`) as it is kept, or as text when it is
  /// not on the list; nil when `<` starts no tag at all.
  static func parseTag(_ s: [Unicode.Scalar], at i: Int) -> (String, Int)? {
    var j = i + 1
    let closing = j < s.count && s[j] == "/"
    if closing { j += 1 }
    let nameStart = j
    while j < s.count && (s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]))
      && s[j].isASCII
    { j += 1 }
    guard j > nameStart else { return nil }
    let name = String(String.UnicodeScalarView(s[nameStart..<j])).lowercased()
    var attributes: [(String, String)] = []
    var selfClosing = false
    while true {
      while j < s.count && s[j].properties.isWhitespace { j += 1 }
      guard j < s.count else { return nil }
      if s[j] == ">" {
        j += 1
        break
      }
      if s[j] == "/" && j + 1 < s.count && s[j + 1] == ">" {
        selfClosing = true
        j += 2
        break
      }
      let attrStart = j
      while j < s.count && !s[j].properties.isWhitespace && !"\"'>/=<".unicodeScalars.contains(s[j])
      { j += 1 }
      guard j > attrStart else { return nil }
      let attr = String(String.UnicodeScalarView(s[attrStart..<j])).lowercased()
      while j < s.count && s[j].properties.isWhitespace { j += 1 }
      var value = ""
      if j < s.count && s[j] == "=" {
        j += 1
        while j < s.count && s[j].properties.isWhitespace { j += 1 }
        guard j < s.count else { return nil }
        if s[j] == "\"" || s[j] == "'" {
          let quote = s[j]
          j += 1
          let valueStart = j
          while j < s.count && s[j] != quote { j += 1 }
          guard j < s.count else { return nil }
          value = String(String.UnicodeScalarView(s[valueStart..<j]))
          j += 1
        } else {
          let valueStart = j
          while j < s.count && !s[j].properties.isWhitespace
            && !"\"'=<>`".unicodeScalars.contains(s[j])
          { j += 1 }
          value = String(String.UnicodeScalarView(s[valueStart..<j]))
        }
      }
      attributes.append((attr, decoded(value)))
    }
    guard let allowed = tags[name] else {
      // Not Markdown's: shown as the text it is.
      return (Export.escape(String(String.UnicodeScalarView(s[i..<j]))), j)
    }
    if closing { return ("</\(name)>", j) }
    var tag = "<" + name
    for (attr, value) in attributes where allowed.contains(attr) {
      if (attr == "href" || attr == "src") && !safeAddress(value) { continue }
      if attr == "class"
        && !value.unicodeScalars.allSatisfy({
          $0.properties.isAlphabetic && $0.isASCII || "0123456789-_ ".unicodeScalars.contains($0)
        })
      {
        continue
      }
      if attr == "align" && !["left", "right", "center"].contains(value.lowercased()) { continue }
      if attr == "start" && Int(value) == nil { continue }
      tag += " \(attr)=\"\(Export.escape(value))\""
    }
    return (tag + (selfClosing ? " />" : ">"), j)
  }

  /// Addresses a report may link to: the web, mail, and places within the report or beside it.
  static func safeAddress(_ value: String) -> Bool {
    // Browsers ignore controls and spaces inside a scheme ("java\tscript:"): so does this.
    let squeezed = String(
      String.UnicodeScalarView(value.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F })
    ).lowercased()
    guard let colon = squeezed.firstIndex(of: ":") else { return true }
    if let boundary = squeezed.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }),
      boundary < colon
    {
      return true
    }
    let scheme = squeezed[..<colon]
    return scheme == "http" || scheme == "https" || scheme == "mailto"
  }

  /// The few entities Markdown's HTML uses in attribute values, read back before escaping again.
  static func decoded(_ value: String) -> String {
    guard value.contains("&") else { return value }
    return value.replacingEvery("&quot;", with: "\"").replacingEvery("&#39;", with: "'")
      .replacingEvery("&lt;", with: "<")
      .replacingEvery("&gt;", with: ">").replacingEvery("&amp;", with: "&")
  }
}
