extension Period {
  /// A period written as a reference.data.gov.uk URI, as statistics.gov.scot's SPARQL results
  /// and downloads give them: `http://reference.data.gov.uk/id/government-year/2015-2016` (the
  /// financial year 2015-16), `.../id/year/2016`, `.../id/quarter/2016-Q1`, `.../id/month/2016-01`,
  /// bare or in angle brackets. The kind the URI names must be the kind its tail reads as.
  static func parseReferenceURI(_ raw: UnsafeBufferPointer<UInt8>, from s: Int, to e: Int)
    -> Period?
  {
    var start = s
    var end = e
    if raw[start] == UInt8(ascii: "<"), end > start + 1, raw[end - 1] == UInt8(ascii: ">") {
      start += 1
      end -= 1
    }
    let marker = Array("reference.data.gov.uk/id/".utf8)
    let text = Array(raw[start..<end])
    guard text.starts(with: Array("http://".utf8)) || text.starts(with: Array("https://".utf8)),
      let at = (0...max(0, text.count - marker.count)).first(where: {
        text[$0..<min(text.count, $0 + marker.count)].elementsEqual(marker)
      }),
      at <= 8
    else { return nil }
    let rest = text[(at + marker.count)...]
    guard let slash = rest.firstIndex(of: UInt8(ascii: "/")) else { return nil }
    let kind: Kind
    switch String(decoding: rest[rest.startIndex..<slash], as: UTF8.self) {
    case "government-year": kind = .financialYear
    case "year": kind = .calendarYear
    case "quarter": kind = .quarter
    case "month": kind = .month
    default: return nil
    }
    let tail = Array(rest[(slash + 1)...])
    guard !tail.isEmpty, tail.count <= 12, !tail.contains(UInt8(ascii: "/")) else { return nil }
    let period = tail.withUnsafeBufferPointer { Period.parse($0, preferring: kind) }
    return period?.kind == kind ? period : nil
  }
}
