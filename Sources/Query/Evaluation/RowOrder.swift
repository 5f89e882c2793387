import Framework
import Tables

/// Orders rows by columns: periods in time order, numbers by size, text alphabetically
/// (Scotland after the councils in area columns), missing cells last whatever the direction.
struct RowOrder {
  private var keys: [(rank: (Int) -> Int?, descending: Bool)] = []

  /// Keys are (column index, descending).
  init(table: Table, keys columns: [(Int, Bool)], roles: Roles? = nil) {
    for (index, descending) in columns {
      keys.append((Self.ranker(table.columns[index].data, isArea: roles?.areas.contains(index) ?? false), descending))
    }
  }

  /// A rank per physical row: equal cells have equal ranks; nil for missing.
  static func ranker(_ data: ColumnData, isArea: Bool) -> (Int) -> Int? {
    switch data {
    case .text(let text):
      // Natural order ("NI2" before "NI10"), Scotland after the councils in an area column.
      let scotland = text.dictionary.map { isArea && ($0 == "Scotland" || $0 == CouncilArea.scotland.code) }
      func before(_ a: Int, _ b: Int) -> Bool {
        if scotland[a] != scotland[b] { return scotland[b] }
        return NaturalOrder.compare(text.dictionary[a], text.dictionary[b]) < 0
      }
      let count = text.dictionary.count
      var rank = Array(0..<count)
      // Dictionaries are in order of first appearance, which for sorted data is already natural order.
      if !(0..<max(0, count - 1)).allSatisfy({ !before($0 + 1, $0) }) {
        let order = text.dictionary.indices.sorted(by: before)
        for (position, code) in order.enumerated() { rank[code] = position }
      }
      let codes = text.codes
      return { r in
        let c = codes[r]
        return c == TextColumn.missingCode ? nil : rank[Int(c)]
      }
    case .period(let periods):
      let order = periods.dictionary.indices.sorted { periods.dictionary[$0] < periods.dictionary[$1] }
      var rank = [Int](repeating: 0, count: periods.dictionary.count)
      for (position, code) in order.enumerated() { rank[code] = position }
      let codes = periods.codes
      return { r in
        let c = codes[r]
        return c == PeriodColumn.missingCode ? nil : rank[Int(c)]
      }
    case .number(let numbers):
      // Ranks of numbers: their order among the column's distinct values.
      let values = numbers.values
      return { r in
        if let s = numbers.status, s[r].isMissing { return nil }
        return Int(Int64(bitPattern: values[r].orderedBits ^ (1 << 63)))
      }
    case .boolean(let bools):
      return { r in
        if let s = bools.status, s[r].isMissing { return nil }
        return bools.values[r] ? 1 : 0
      }
    }
  }

  /// Whether physical row a comes before physical row b.
  func before(_ a: Int, _ b: Int) -> Bool {
    for key in keys {
      let (x, y) = (key.rank(a), key.rank(b))
      switch (x, y) {
      case (nil, nil): continue
      case (nil, _): return false
      case (_, nil): return true
      case (let x?, let y?):
        if x == y { continue }
        return key.descending ? x > y : x < y
      }
    }
    return false
  }

  /// The view positions of `table` in this order (stable). Ranks are worked out once per row
  /// and key, so the sort compares integers.
  func sortedViewRows(_ table: Table) -> [Int32] {
    let n = table.rowCount
    let ranks: [[Int]] = keys.map { key in
      (0..<n).map { i in
        guard let r = key.rank(table.selection[i]) else { return Int.max }  // missing: last
        return key.descending ? ~r : r
      }
    }
    var order = (0..<n).map { Int32($0) }
    order.sort { a, b in
      for rank in ranks {
        let (x, y) = (rank[Int(a)], rank[Int(b)])
        if x != y { return x < y }
      }
      return a < b
    }
    return order
  }
}

extension Double {
  /// Bits that order as the numbers do, so that ranks can be compared as integers.
  var orderedBits: UInt64 {
    let bits = self == 0 ? 0 : bitPattern
    return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
  }
}

/// Natural order: case ignored, runs of digits compared as numbers ("NI2" before "NI10").
enum NaturalOrder {
  /// -1, 0 or 1, comparing the UTF-8 of the two strings without allocating.
  static func compare(_ a: String, _ b: String) -> Int {
    var x = a
    var y = b
    return x.withUTF8 { p in y.withUTF8 { q in compare(p, q) } }
  }

  static func compare(_ p: UnsafeBufferPointer<UInt8>, _ q: UnsafeBufferPointer<UInt8>) -> Int {
    var i = 0
    var j = 0
    func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
    func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }
    while i < p.count && j < q.count {
      let (c, d) = (p[i], q[j])
      if isDigit(c) && isDigit(d) {
        // Compare the numbers: skip leading zeros, then the longer run is larger, then digit by digit.
        var si = i
        var sj = j
        while si < p.count && p[si] == 0x30 { si += 1 }
        while sj < q.count && q[sj] == 0x30 { sj += 1 }
        var ei = si
        var ej = sj
        while ei < p.count && isDigit(p[ei]) { ei += 1 }
        while ej < q.count && isDigit(q[ej]) { ej += 1 }
        if ei - si != ej - sj { return ei - si < ej - sj ? -1 : 1 }
        var k = 0
        while si + k < ei {
          if p[si + k] != q[sj + k] { return p[si + k] < q[sj + k] ? -1 : 1 }
          k += 1
        }
        i = ei
        j = ej
        continue
      }
      let (lc, ld) = (lower(c), lower(d))
      if lc != ld { return lc < ld ? -1 : 1 }
      i += 1
      j += 1
    }
    if i < p.count { return 1 }
    if j < q.count { return -1 }
    return 0
  }
}
