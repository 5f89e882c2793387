/// A forward-only reader of the XML parts of an .xlsx workbook: start and end tags with their
/// attributes, and the text between them with entities decoded.
///
/// Spreadsheet parts use a small corner of XML: no DTD, no entities beyond the five named ones
/// and character references, namespace prefixes that are the same in every file. So names keep
/// their prefix (`r:id`), and an element is matched by its local name where prefixes vary.
struct XMLScanner {
  enum Event: Equatable {
    /// `<name a="v">`, or `<name a="v"/>` when `empty`.
    case start(name: String, attributes: [String: String], empty: Bool)
    case end(name: String)
    case text(String)
  }

  struct Malformed: Error, Equatable {
    var offset: Int
    var message: String
  }

  private let bytes: [UInt8]
  private var i = 0

  init(_ bytes: [UInt8]) {
    self.bytes = bytes
    // A byte-order mark before the declaration.
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
  }

  /// The next event, or nil at the end.
  mutating func next() throws(Malformed) -> Event? {
    while i < bytes.count {
      guard bytes[i] == UInt8(ascii: "<") else {
        let start = i
        while i < bytes.count && bytes[i] != UInt8(ascii: "<") { i += 1 }
        return .text(try Self.decode(bytes[start..<i], at: start))
      }
      // Declarations, processing instructions, comments and CDATA.
      if matches("<?") {
        try skip(past: "?>")
        continue
      }
      if matches("<!--") {
        try skip(past: "-->")
        continue
      }
      if matches("<![CDATA[") {
        let start = i + 9
        try skip(past: "]]>")
        return .text(String(decoding: bytes[start..<(i - 3)], as: UTF8.self))
      }
      if matches("<!") {
        try skip(past: ">")
        continue
      }
      if matches("</") {
        i += 2
        let name = readName()
        skipSpace()
        guard i < bytes.count && bytes[i] == UInt8(ascii: ">") else {
          throw Malformed(offset: i, message: "an end tag that does not close")
        }
        i += 1
        return .end(name: name)
      }
      i += 1
      let name = readName()
      guard !name.isEmpty else { throw Malformed(offset: i, message: "a tag without a name") }
      var attributes: [String: String] = [:]
      while true {
        skipSpace()
        guard i < bytes.count else {
          throw Malformed(offset: i, message: "a tag that never closes")
        }
        if bytes[i] == UInt8(ascii: ">") {
          i += 1
          return .start(name: name, attributes: attributes, empty: false)
        }
        if matches("/>") {
          i += 2
          return .start(name: name, attributes: attributes, empty: true)
        }
        let key = readName()
        skipSpace()
        guard !key.isEmpty, i < bytes.count, bytes[i] == UInt8(ascii: "=") else {
          throw Malformed(offset: i, message: "an attribute without a value")
        }
        i += 1
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") || bytes[i] == UInt8(ascii: "'")
        else {
          throw Malformed(offset: i, message: "an attribute value without quotes")
        }
        let quote = bytes[i]
        i += 1
        let start = i
        while i < bytes.count && bytes[i] != quote { i += 1 }
        guard i < bytes.count else {
          throw Malformed(offset: start, message: "an attribute value that never closes")
        }
        attributes[key] = try Self.decode(bytes[start..<i], at: start)
        i += 1
      }
    }
    return nil
  }

  /// The text of the element whose start tag was just read, up to its end tag, with the text
  /// of any elements inside it; elements named in `excluding` (and what they hold) left out.
  mutating func text(of element: String, excluding: Set<String> = []) throws(Malformed) -> String {
    var text = ""
    var depth = 0
    var skipping = 0
    while let event = try next() {
      switch event {
      case .text(let t): if skipping == 0 { text += t }
      case .start(let name, _, let empty):
        if empty { continue }
        depth += 1
        if skipping > 0 || excluding.contains(String(Self.localName(name))) { skipping += 1 }
      case .end(let name):
        if depth == 0 {
          guard Self.localName(name) == Self.localName(element) else {
            throw Malformed(offset: i, message: "</\(name)> where </\(element)> belongs")
          }
          return text
        }
        depth -= 1
        if skipping > 0 { skipping -= 1 }
      }
    }
    throw Malformed(offset: i, message: "<\(element)> never closes")
  }

  /// `x:sheet` is `sheet`.
  static func localName(_ name: String) -> Substring {
    name.lastIndex(of: ":").map { name[name.index(after: $0)...] } ?? name[...]
  }

  private func matches(_ s: StaticString) -> Bool {
    let n = s.utf8CodeUnitCount
    guard i + n <= bytes.count else { return false }
    return s.withUTF8Buffer { p in (0..<n).allSatisfy { bytes[i + $0] == p[$0] } }
  }

  private mutating func skip(past s: StaticString) throws(Malformed) {
    let start = i
    while i < bytes.count {
      if matches(s) {
        i += s.utf8CodeUnitCount
        return
      }
      i += 1
    }
    throw Malformed(offset: start, message: "markup that never closes")
  }

  private mutating func skipSpace() {
    while i < bytes.count
      && (bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D)
    { i += 1 }
  }

  private mutating func readName() -> String {
    let start = i
    while i < bytes.count {
      let c = bytes[i]
      if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ">")
        || c == UInt8(ascii: "/") || c == UInt8(ascii: "=")
      {
        break
      }
      i += 1
    }
    return String(decoding: bytes[start..<i], as: UTF8.self)
  }

  /// Text with `&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`, `&#10;` and `&#x2013;` decoded.
  static func decode(_ raw: ArraySlice<UInt8>, at offset: Int) throws(Malformed) -> String {
    guard raw.contains(UInt8(ascii: "&")) else { return String(decoding: raw, as: UTF8.self) }
    var out: [UInt8] = []
    out.reserveCapacity(raw.count)
    var j = raw.startIndex
    while j < raw.endIndex {
      guard raw[j] == UInt8(ascii: "&") else {
        out.append(raw[j])
        j += 1
        continue
      }
      guard let semicolon = raw[j...].firstIndex(of: UInt8(ascii: ";")), semicolon - j <= 12 else {
        throw Malformed(
          offset: offset + (j - raw.startIndex), message: "an & that starts no entity")
      }
      let name = String(decoding: raw[(j + 1)..<semicolon], as: UTF8.self)
      var scalar: Unicode.Scalar?
      switch name {
      case "amp": scalar = "&"
      case "lt": scalar = "<"
      case "gt": scalar = ">"
      case "quot": scalar = "\""
      case "apos": scalar = "'"
      default:
        if name.hasPrefix("#x") || name.hasPrefix("#X") {
          scalar = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
        } else if name.hasPrefix("#") {
          scalar = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init)
        }
      }
      guard let scalar else {
        throw Malformed(
          offset: offset + (j - raw.startIndex), message: "an unknown entity &\(name);")
      }
      out.append(contentsOf: Array(String(scalar).utf8))
      j = semicolon + 1
    }
    return String(decoding: out, as: UTF8.self)
  }
}
