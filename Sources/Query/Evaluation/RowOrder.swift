import Framework
import Tables

/// Orders rows by columns: periods in time order, numbers by size, text alphabetically
/// (Scotland after the councils in area columns), missing cells last whatever the direction.
struct RowOrder {
  /// Each key's ranks, whether it runs high to low, and for ranks that are places among a few
  /// values (a dictionary's), how many places there are.
  private var keys: [(ranker: Ranker, descending: Bool, places: Int?)] = []

  /// Keys are (column index, descending).
  init(table: Table, keys columns: [(Int, Bool)], roles: Roles? = nil) {
    for (index, descending) in columns {
      let data = table.columns[index].data
      let places: Int? =
        switch data {
        case .text(let c): c.dictionary.count
        case .period(let c): c.dictionary.count
        case .boolean: 2
        case .number: nil
        }
      keys.append((Ranker(data, isArea: roles?.areas.contains(index) ?? false), descending, places))
    }
  }

  /// A column's cells as ranks: equal cells have equal ranks; nil for missing. Kept as the
  /// column's own storage and a rank per dictionary entry, so that filling the ranks of ten
  /// million rows is a loop over raw buffers, not a call per row.
  enum Ranker {
    /// Text and periods: a rank per dictionary code.
    case codes([UInt32], rank: [Int])
    /// Whole numbers (counts, years), which rank as themselves: their spread is that of the
    /// figures, so the radix sort needs a pass or two.
    case whole([Double], status: [CellStatus]?)
    /// Other numbers, by bits that order as they do, which spread over most of 64 bits.
    case bits([Double], status: [CellStatus]?)
    case booleans([Bool], status: [CellStatus]?)

    init(_ data: ColumnData, isArea: Bool) {
      switch data {
      case .text(let text):
        // Natural order ("NI2" before "NI10"), Scotland after the councils in an area column.
        self = .codes(
          text.codes,
          rank: NaturalOrder.ranks(
            text.dictionary,
            last: isArea ? { $0 == "Scotland" || $0 == CouncilArea.scotland.code } : nil))
      case .period(let periods):
        let order = periods.dictionary.indices.sorted {
          periods.dictionary[$0] < periods.dictionary[$1]
        }
        var rank = [Int](repeating: 0, count: periods.dictionary.count)
        for (position, code) in order.enumerated() { rank[code] = position }
        self = .codes(periods.codes, rank: rank)
      case .number(let numbers):
        // (Int64's conversion, not libm's round: the range test first keeps NaN and huge ones out.)
        let whole = numbers.values.withUnsafeBufferPointer { v in
          v.allSatisfy { abs($0) < 0x1p53 && Double(Int64($0)) == $0 }
        }
        self =
          whole
          ? .whole(numbers.values, status: numbers.status)
          : .bits(numbers.values, status: numbers.status)
      case .boolean(let bools):
        self = .booleans(bools.values, status: bools.status)
      }
    }

    /// The rank of physical row `r`, nil when its cell is missing.
    func rank(_ r: Int) -> Int? {
      switch self {
      case .codes(let codes, let rank):
        let c = codes[r]
        return c == CategoricalColumn<String>.missingCode ? nil : rank[Int(c)]
      case .whole(let values, let status):
        if let status, status[r].isMissing { return nil }
        return Int(values[r])
      case .bits(let values, let status):
        if let status, status[r].isMissing { return nil }
        return Self.orderedRank(values[r])
      case .booleans(let values, let status):
        if let status, status[r].isMissing { return nil }
        return values[r] ? 1 : 0
      }
    }

    @inline(__always) static func orderedRank(_ x: Double) -> Int {
      Int(Int64(bitPattern: x.orderedBits ^ (1 << 63)))
    }

    /// Writes the rank of each view row `i` of `selection` to `out[i * width + k]`: complemented
    /// when `descending`, `Int.max` when the cell is missing (last, whatever the direction).
    func fill(
      _ out: UnsafeMutableBufferPointer<Int>, width: Int, key k: Int, selection: RowSelection,
      descending: Bool
    ) {
      let flip = descending ? -1 : 0  // ~r is r ^ -1
      @inline(__always) func each(_ body: (Int) -> Int?) {
        switch selection {
        case .all(let n):
          for i in 0..<n { out[i * width + k] = body(i).map { $0 ^ flip } ?? Int.max }
        case .rows(let rows):
          rows.withUnsafeBufferPointer { rows in
            for i in rows.indices {
              out[i * width + k] = body(Int(rows[i])).map { $0 ^ flip } ?? Int.max
            }
          }
        }
      }
      switch self {
      case .codes(let codes, let rank):
        codes.withUnsafeBufferPointer { codes in
          rank.withUnsafeBufferPointer { rank in
            each { r in
              let c = codes[r]
              return c == CategoricalColumn<String>.missingCode ? nil : rank[Int(c)]
            }
          }
        }
      case .whole(let values, let status), .bits(let values, let status):
        let isWhole = if case .whole = self { true } else { false }
        values.withUnsafeBufferPointer { values in
          if let status {
            status.withUnsafeBufferPointer { status in
              if isWhole {
                each { r in status[r].isMissing ? nil : Int(values[r]) }
              } else {
                each { r in status[r].isMissing ? nil : Self.orderedRank(values[r]) }
              }
            }
          } else if isWhole {
            each { r in Int(values[r]) }
          } else {
            each { r in Self.orderedRank(values[r]) }
          }
        }
      case .booleans(let values, let status):
        each { r in
          if let status, status[r].isMissing { return nil }
          return values[r] ? 1 : 0
        }
      }
    }
  }

  /// Whether physical row a comes before physical row b.
  func before(_ a: Int, _ b: Int) -> Bool {
    for key in keys {
      let (x, y) = (key.ranker.rank(a), key.ranker.rank(b))
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
  /// and key, into one flat array: rows already in order cost one look each, keys of a few
  /// values (text, periods) are sorted by counting, and numbers by comparing integers.
  func sortedViewRows(_ table: Table) -> [Int32] {
    let n = table.rowCount
    let width = keys.count
    var ranks = [Int](repeating: 0, count: n * width)
    ranks.withUnsafeMutableBufferPointer { out in
      for (k, key) in keys.enumerated() {
        key.ranker.fill(
          out, width: width, key: k, selection: table.selection, descending: key.descending)
      }
    }
    var order = Array(0..<Int32(n))
    if isSorted(ranks, width) { return order }
    let places = keys.compactMap(\.places)
    if places.count == width && n >= 256 {
      return Self.radixSorted(ranks, width: width, places: places)
    }
    if n >= 256 { return Self.radixSortedByBytes(ranks, width: width) }
    ranks.withUnsafeBufferPointer { ranks in
      order.sort { a, b in
        for k in 0..<width {
          let (x, y) = (ranks[Int(a) * width + k], ranks[Int(b) * width + k])
          if x != y { return x < y }
        }
        return a < b
      }
    }
    return order
  }

  private func isSorted(_ ranks: [Int], _ width: Int) -> Bool {
    ranks.withUnsafeBufferPointer { ranks in
      let n = ranks.count / max(1, width)
      return (0..<max(0, n - 1)).allSatisfy { i in
        for k in 0..<width {
          let (x, y) = (ranks[i * width + k], ranks[(i + 1) * width + k])
          if x != y { return x < y }
        }
        return true
      }
    }
  }

  /// Rows ordered by keys whose ranks are places among a few values: a stable counting sort per
  /// key, the last key first, so no two rows are ever compared.
  private static func radixSorted(_ ranks: [Int], width: Int, places: [Int]) -> [Int32] {
    let n = ranks.count / width
    var order = Array(0..<Int32(n))
    var next = [Int32](repeating: 0, count: n)
    ranks.withUnsafeBufferPointer { ranks in
      for k in stride(from: width - 1, through: 0, by: -1) {
        let size = places[k]
        // The place of a rank: as ranked, or counted from the end for a descending key (whose
        // ranks are complemented); missing cells after every place.
        func place(_ row: Int) -> Int {
          let x = ranks[row * width + k]
          return x == Int.max ? size : (x < 0 ? size - 1 - ~x : x)
        }
        countingPass(&order, &next, buckets: size + 1, place)
      }
    }
    return order
  }
}

extension RowOrder {
  /// Rows ordered by keys of any ranks (numbers among them): a stable least-significant-digit
  /// radix sort, the last key first. Each key's ranks are taken from their smallest (so only the
  /// bits their spread needs are sorted: counts of 0 to 900 take one pass, not six) in digits
  /// of 11 bits, few enough buckets that the scatter stays in cache. No two rows are compared.
  /// Ranks order as signed integers (missing is `Int.max`, a descending key complemented); the
  /// distance from the smallest, as an unsigned number, orders the same way.
  static func radixSortedByBytes(_ ranks: [Int], width: Int) -> [Int32] {
    let n = ranks.count / width
    var order = Array(0..<Int32(n))
    var next = [Int32](repeating: 0, count: n)
    let digit = 11
    ranks.withUnsafeBufferPointer { ranks in
      for k in stride(from: width - 1, through: 0, by: -1) {
        // The spread of the present ranks: a missing cell (Int.max) would otherwise stretch it
        // to all 64 bits. Missing cells sort one past the highest.
        var lo = Int.max
        var hi = Int.min
        var anyMissing = false
        for i in 0..<n {
          let x = ranks[i * width + k]
          if x == Int.max {
            anyMissing = true
            continue
          }
          lo = min(lo, x)
          hi = max(hi, x)
        }
        guard lo <= hi else { continue }  // every cell missing: this key orders nothing
        let spread = UInt64(bitPattern: Int64(hi &- lo))  // below UInt64.max, as hi < Int.max
        let missingKey = spread + 1
        let bits = UInt64.bitWidth - (anyMissing ? missingKey : spread).leadingZeroBitCount
        for shift in stride(from: 0, to: bits, by: digit) {
          countingPass(&order, &next, buckets: 1 << digit) { row in
            let x = ranks[row * width + k]
            let key = x == Int.max ? missingKey : UInt64(bitPattern: Int64(x &- lo))
            return Int(truncatingIfNeeded: (key >> UInt64(shift)) & (1 << UInt64(digit) - 1))
          }
        }
      }
    }
    return order
  }

  /// One stable counting pass of both radix sorts: `order` rearranged by `bucket` of each row
  /// (0 ..< buckets), ties kept in their order. A pass in which every row falls in one bucket
  /// would change nothing and is skipped.
  @inline(__always)
  private static func countingPass(
    _ order: inout [Int32], _ next: inout [Int32], buckets: Int, _ bucket: (Int) -> Int
  ) {
    let n = order.count
    var counts = [Int](repeating: 0, count: buckets + 1)
    for i in 0..<n { counts[bucket(i) + 1] += 1 }
    if counts.contains(n) { return }
    for d in 0..<buckets { counts[d + 1] += counts[d] }
    order.withUnsafeBufferPointer { order in
      next.withUnsafeMutableBufferPointer { next in
        for j in 0..<n {
          let row = Int(order[j])
          let d = bucket(row)
          next[counts[d]] = Int32(row)
          counts[d] += 1
        }
      }
    }
    swap(&order, &next)
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
  /// Whether `a` comes before `b`: "NI2" before "NI10", runs of digits compared as numbers and
  /// the rest without case. (It was `String.localizedStandardLess`, though neither localized
  /// nor Foundation's standard order.)
  static func precedes(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

  /// The place of each string in natural order, those that `last` picks after the rest; equal
  /// strings keep their order. Each string is turned once into a key whose bytes compare as the
  /// strings do, so sorting many (a dictionary of 80,000 series names) compares plain bytes.
  static func ranks(_ strings: [String], last: ((String) -> Bool)? = nil) -> [Int] {
    var bytes: [UInt8] = []
    bytes.reserveCapacity(strings.count * 12)
    var offsets = [0]
    offsets.reserveCapacity(strings.count + 1)
    for s in strings {
      bytes.append(last?(s) == true ? 1 : 0)
      appendKey(s, to: &bytes)
      offsets.append(bytes.count)
    }
    // Sorted by the first eight bytes of each key as one integer, and by the whole key only
    // where those are equal. A shorter key reads as padded with zeros, which never misorders it.
    var entries = [(prefix: UInt64, index: Int)]()
    entries.reserveCapacity(strings.count)
    bytes.withUnsafeBufferPointer { bytes in
      offsets.withUnsafeBufferPointer { offsets in
        for i in 0..<strings.count {
          var prefix: UInt64 = 0
          for j in 0..<8 {
            let at = offsets[i] + j
            prefix = prefix << 8 | UInt64(at < offsets[i + 1] ? bytes[at] : 0)
          }
          entries.append((prefix, i))
        }
        func before(_ x: (prefix: UInt64, index: Int), _ y: (prefix: UInt64, index: Int)) -> Bool {
          if x.prefix != y.prefix { return x.prefix < y.prefix }
          let (a, b) = (x.index, y.index)
          var (i, j) = (offsets[a], offsets[b])
          let (endA, endB) = (offsets[a + 1], offsets[b + 1])
          while i < endA && j < endB {
            if bytes[i] != bytes[j] { return bytes[i] < bytes[j] }
            i += 1
            j += 1
          }
          return endA - i != endB - j ? endA - i < endB - j : a < b
        }
        // Dictionaries are in order of first appearance, which for sorted data is already natural order.
        if !(0..<max(0, entries.count - 1)).allSatisfy({ before(entries[$0], entries[$0 + 1]) }) {
          entries.sort(by: before)
        }
      }
    }
    var rank = [Int](repeating: 0, count: strings.count)
    for (position, entry) in entries.enumerated() { rank[entry.index] = position }
    return rank
  }

  /// The key of `s`: ASCII letters lowered; a run of digits as 0x30, its length without leading
  /// zeros (one byte under 255, else 255 and four bytes), then those digits, so that runs compare
  /// as numbers and a run against any other byte compares as its first digit would.
  static func appendKey(_ s: String, to key: inout [UInt8]) {
    var s = s
    s.withUTF8 { p in
      var i = 0
      while i < p.count {
        let c = p[i]
        guard c >= 0x30 && c <= 0x39 else {
          key.append(c >= 0x41 && c <= 0x5A ? c | 0x20 : c)
          i += 1
          continue
        }
        while i < p.count && p[i] == 0x30 { i += 1 }
        var end = i
        while end < p.count && p[end] >= 0x30 && p[end] <= 0x39 { end += 1 }
        let length = end - i
        key.append(0x30)
        if length < 255 {
          key.append(UInt8(length))
        } else {
          key.append(255)
          for shift in stride(from: 24, through: 0, by: -8) {
            key.append(UInt8(truncatingIfNeeded: length >> shift))
          }
        }
        key.append(contentsOf: UnsafeBufferPointer(rebasing: p[i..<end]))
        i = end
      }
    }
  }

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
