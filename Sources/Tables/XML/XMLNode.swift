/// XML (and SVG) built as a value and escaped by construction: text and attribute values are
/// escaped when the tree is written, so no user text reaches the output unescaped.
///
/// ```
/// let svg = XMLElement("svg", ["width": "640"], [.element(XMLElement("title", [], [.text(title)]))])
/// svg.document()   // <?xml version="1.0" encoding="UTF-8"?>\n<svg width="640"><title>...</title></svg>
/// ```
public indirect enum XMLNode: Sendable, Equatable {
  case element(XMLElement)
  case text(String)
}

public struct XMLElement: Sendable, Equatable {
  public var name: String
  /// In the order written; a value is escaped when written.
  public var attributes: [(String, String)]
  public var children: [XMLNode]

  public init(_ name: String, _ attributes: [(String, String)] = [], _ children: [XMLNode] = []) {
    self.name = name
    self.attributes = attributes
    self.children = children
  }

  /// An element holding only text.
  public init(_ name: String, _ attributes: [(String, String)] = [], text: String) {
    self.init(name, attributes, [.text(text)])
  }

  public static func == (a: XMLElement, b: XMLElement) -> Bool {
    a.name == b.name && a.children == b.children && a.attributes.map(\.0) == b.attributes.map(\.0)
      && a.attributes.map(\.1) == b.attributes.map(\.1)
  }

  public mutating func append(_ child: XMLElement) { children.append(.element(child)) }
  public mutating func append(contentsOf list: [XMLElement]) {
    children += list.map { .element($0) }
  }

  /// The element and what it holds, with a declaration before it.
  public func document() -> String {
    var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    write(into: &out, indent: nil)
    out += "\n"
    return out
  }

  /// The element alone; `indent` puts each child element on a line of its own (SVG for reading).
  public func serialized(pretty: Bool = false) -> String {
    var out = ""
    write(into: &out, indent: pretty ? 0 : nil)
    return out
  }

  func write(into out: inout String, indent: Int?) {
    out += "<" + name
    for (key, value) in attributes {
      out += " " + key + "=\"" + XMLText.escape(value, attribute: true) + "\""
    }
    if children.isEmpty {
      out += "/>"
      return
    }
    out += ">"
    // Elements holding text are written on one line, so that whitespace in text stays as it is.
    let onlyElements = children.allSatisfy {
      if case .element = $0 { return true } else { return false }
    }
    for child in children {
      switch child {
      case .text(let s): out += XMLText.escape(s, attribute: false)
      case .element(let e):
        if let indent, onlyElements { out += "\n" + String(repeating: "  ", count: indent + 1) }
        e.write(into: &out, indent: onlyElements ? indent.map { $0 + 1 } : nil)
      }
    }
    if let indent, onlyElements { out += "\n" + String(repeating: "  ", count: indent) }
    out += "</" + name + ">"
  }
}

public enum XMLText {
  /// `&`, `<`, `>` and (in attributes) quotes escaped; characters XML 1.0 cannot hold at all
  /// (controls other than tab, line feed and carriage return) written as U+FFFD.
  public static func escape(_ s: String, attribute: Bool) -> String {
    var out = ""
    out.reserveCapacity(s.utf8.count)
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"" where attribute: out += "&quot;"
      case "\n" where attribute: out += "&#10;"
      case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
      default:
        let v = scalar.value
        if v < 0x20 || (0xFFFE...0xFFFF).contains(v) {
          out += "\u{FFFD}"
        } else {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
