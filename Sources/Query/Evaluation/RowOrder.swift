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
      // Natural order ("NI2" before "NI10"), worked out once per distinct value.
      let keys = text.dictionary.map(CollationKey.init)
      let scotland = text.dictionary.map { isArea && ($0 == "Scotland" || $0 == CouncilArea.scotland.code) }
      let order = text.dictionary.indices.sorted { a, b in
        if scotland[a] != scotland[b] { return scotland[b] }
        return keys[a] < keys[b]
      }
      var rank = [Int](repeating: 0, count: text.dictionary.count)
      for (position, code) in order.enumerated() { rank[code] = position }
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

/// A string's place in natural order: case ignored, runs of digits compared as numbers.
struct CollationKey: Comparable {
  private let bytes: [UInt8]

  init(_ s: String) {
    var out: [UInt8] = []
    out.reserveCapacity(s.utf8.count + 4)
    var digits: [UInt8] = []
    func flush() {
      guard !digits.isEmpty else { return }
      var d = digits[...]
      while d.count > 1 && d.first == UInt8(ascii: "0") { d = d.dropFirst() }
      // A number sorts before letters, shorter numbers before longer ones.
      out.append(0x01)
      out.append(UInt8(min(d.count, 255)))
      out.append(contentsOf: d)
      digits.removeAll(keepingCapacity: true)
    }
    for b in s.utf8 {
      if b >= 0x30 && b <= 0x39 {
        digits.append(b)
        continue
      }
      flush()
      out.append(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)
    }
    flush()
    bytes = out
  }

  static func < (a: CollationKey, b: CollationKey) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
