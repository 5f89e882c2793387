/// statistics.gov.scot's spreadsheet exports put a row of URIs (the linked-data names of each
/// column) beside the row of labels people read. The labels are the header; the URI row is
/// neither header nor data, and is taken out before the file is read.
enum PortalExport {
  /// The byte range of a row whose every field is a URI (two or more of them), among the first
  /// ten lines, next to a row of as many fields that are not: the labels. Nil when there is none.
  static func uriRow(in bytes: UnsafeBufferPointer<UInt8>) -> (range: Range<Int>, line: Int)? {
    var lines: [Range<Int>] = []
    var start = 0
    var i = 0
    var quoted = false
    while i < bytes.count, lines.count < 10, i < 1 << 20 {
      let b = bytes[i]
      if b == UInt8(ascii: "\"") { quoted.toggle() }
      if !quoted, b == 0x0A || b == 0x0D {
        var end = i + 1
        if b == 0x0D, end < bytes.count, bytes[end] == 0x0A { end += 1 }
        lines.append(start..<end)
        start = end
        i = end
        continue
      }
      i += 1
    }
    if lines.count < 10, start < bytes.count, start < 1 << 20 { lines.append(start..<bytes.count) }
    let fields = lines.map { fieldsOf(bytes, $0) }
    for (n, row) in fields.enumerated() where row.count >= 2 {
      let filled = row.filter { !$0.isEmpty }
      guard filled.count >= 2, filled.allSatisfy(isURI) else { continue }
      let neighbours = [n - 1, n + 1].filter { $0 >= 0 && $0 < fields.count }
      let labels = neighbours.contains { j in
        fields[j].count == row.count && fields[j].filter { !$0.isEmpty }.count >= 2
          && !fields[j].contains(where: isURI)
      }
      // Rows of URIs on both sides are data that happen to be links.
      let allURIs: (Int) -> Bool = { j in
        j < fields.count && fields[j].filter { !$0.isEmpty }.count >= 2
          && fields[j].filter { !$0.isEmpty }.allSatisfy(isURI)
      }
      if labels && !allURIs(n + 1) && !(n > 0 && allURIs(n - 1)) { return (lines[n], n + 1) }
    }
    return nil
  }

  private static func isURI(_ field: [UInt8]) -> Bool {
    field.starts(with: Array("http://".utf8)) || field.starts(with: Array("https://".utf8))
  }

  /// The fields of one line, unquoted and trimmed, split at commas or tabs outside quotes.
  private static func fieldsOf(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> [[UInt8]]
  {
    let tabs = bytes[line].contains(0x09) && !bytes[line].contains(UInt8(ascii: ","))
    let delimiter: UInt8 = tabs ? 0x09 : UInt8(ascii: ",")
    var out: [[UInt8]] = []
    var field: [UInt8] = []
    var quoted = false
    for b in bytes[line] {
      if b == UInt8(ascii: "\"") {
        quoted.toggle()
      } else if !quoted && b == delimiter {
        out.append(trimmed(field))
        field = []
      } else if !quoted && (b == 0x0A || b == 0x0D) {
        continue
      } else {
        field.append(b)
      }
    }
    out.append(trimmed(field))
    return out
  }

  private static func trimmed(_ f: [UInt8]) -> [UInt8] {
    var s = f[...]
    while let c = s.first, c == 0x20 { s = s.dropFirst() }
    while let c = s.last, c == 0x20 { s = s.dropLast() }
    return Array(s)
  }
}
