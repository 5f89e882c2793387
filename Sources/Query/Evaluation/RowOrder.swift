import Framework
import Tables

/// Orders rows by columns: periods in time order, numbers by size, text alphabetically
/// (Scotland after the councils in area columns), missing cells last whatever the direction.
struct RowOrder {
  /// Each key's ranks and whether it runs high to low.
  private var keys: [(ranker: Ranker, descending: Bool)] = []

  /// Keys are (column index, descending).
  init(table: Table, keys columns: [(Int, Bool)], roles: Roles? = nil) {
    for (index, descending) in columns {
      let data = table.columns[index].data
      keys.append((Ranker(data, isArea: roles?.areas.contains(index) ?? false), descending))
    }
  }

  /// A column's cells as ranks: equal cells have equal ranks; nil for missing. Kept as the
  /// column's own storage and a rank per dictionary entry, so that filling the ranks of ten
  /// million rows is a loop over raw buffers, not a call per row.
  enum Ranker {
    /// Text and periods: a rank per dictionary code.
    case codes(Codes, rank: [Int])
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
          func whole(_ part: Range<Int>) -> Bool {
            for i in part where !(abs(v[i]) < 0x1p53 && Double(Int64(v[i])) == v[i]) {
              return false
            }
            return true
          }
          let (a, b) = Parallel.onHalves(0..<v.count, whole)
          return a && b
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

    /// Writes the rank of each view row `i` in `part` of `selection` to `out[i * width + k]`:
    /// complemented when `descending`, `Int.max` when the cell is missing (last, whatever the
    /// direction). Parts that do not overlap can be filled at once.
    func fill(
      _ out: UnsafeMutableBufferPointer<Int>, width: Int, key k: Int, selection: RowSelection,
      descending: Bool, part: Range<Int>
    ) {
      let flip = descending ? -1 : 0  // ~r is r ^ -1
      @inline(__always) func each(_ body: (Int) -> Int?) {
        switch selection {
        case .all:
          for i in part { out[i * width + k] = body(i).map { $0 ^ flip } ?? Int.max }
        case .rows(let rows):
          rows.withUnsafeBufferPointer { rows in
            for i in part {
              out[i * width + k] = body(Int(rows[i])).map { $0 ^ flip } ?? Int.max
            }
          }
        }
      }
      switch self {
      case .codes(let codes, let rank):
        func fill<C: FixedWidthInteger & UnsignedInteger>(_ stored: [C]) {
          stored.withUnsafeBufferPointer { codes in
            rank.withUnsafeBufferPointer { rank in
              each { r in
                let c = codes[r]
                return c == C.max ? nil : rank[Int(c)]
              }
            }
          }
        }
        switch codes.storage {
        case .one(let a): fill(a)
        case .two(let a): fill(a)
        case .four(let a): fill(a)
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
  /// and key, into one flat array, half the rows on each core: rows already in order cost one
  /// look each; otherwise a radix sort (`radixSorted`), or comparisons for a few rows.
  func sortedViewRows(_ table: Table) -> [Int32] {
    let n = table.rowCount
    let width = keys.count
    let ranks = Scratch.allocate(Int.self, n * width)
    defer { Scratch.free(ranks) }
    for (k, key) in keys.enumerated() {
      _ = Parallel.onHalves(0..<n) { part in
        key.ranker.fill(
          ranks, width: width, key: k, selection: table.selection, descending: key.descending,
          part: part)
      }
    }
    if Self.isSorted(UnsafeBufferPointer(ranks), width) { return Self.identity(n) }
    if n >= 256 { return Self.radixSorted(ranks, width: width) }
    var order = Self.identity(n)
    order.sort { a, b in
      for k in 0..<width {
        let (x, y) = (ranks[Int(a) * width + k], ranks[Int(b) * width + k])
        if x != y { return x < y }
      }
      return a < b
    }
    return order
  }

  private static func isSorted(_ ranks: UnsafeBufferPointer<Int>, _ width: Int) -> Bool {
    let n = ranks.count / max(1, width)
    return (0..<max(0, n - 1)).allSatisfy { i in
      for k in 0..<width {
        let (x, y) = (ranks[i * width + k], ranks[(i + 1) * width + k])
        if x != y { return x < y }
      }
      return true
    }
  }

  /// 0, 1, 2 ..< n.
  static func identity(_ n: Int) -> [Int32] {
    [Int32](unsafeUninitializedCapacity: n) { out, count in
      for i in 0..<n { out[i] = Int32(truncatingIfNeeded: i) }
      count = n
    }
  }

}

extension RowOrder {
  /// Rows ordered by ranks: a stable least-significant-digit radix sort, the last key first, so
  /// no two rows are compared. Each key's ranks are taken from their smallest, so only the bits
  /// their spread needs are sorted (counts of 0 to 900 take one pass, not six, and a dictionary's
  /// places one), in digits of at most 11 bits: few enough buckets that the scatter stays in cache.
  /// Each row's key travels with it: gathered once per key, in the order so far, beside the row
  /// number (in one 64-bit word when the key's spread fits in 32 bits), so that every pass reads
  /// one array straight through, half of it on each core.
  /// Ranks order as signed integers (missing is `Int.max`, a descending key complemented); the
  /// distance from the smallest, as an unsigned number, orders the same way.
  static func radixSorted(_ ranks: UnsafeMutableBufferPointer<Int>, width: Int) -> [Int32] {
    let n = ranks.count / width
    var order: [Int32]? = nil  // nil while it is 0 ..< n
    for k in stride(from: width - 1, through: 0, by: -1) {
      // The spread of the present ranks: a missing cell (Int.max) would otherwise stretch it
      // to all 64 bits. Missing cells sort one past the highest.
      func spread(_ part: Range<Int>) -> (lo: Int, hi: Int, missing: Bool) {
        var lo = Int.max
        var hi = Int.min
        var missing = false
        for i in part {
          let x = ranks[i * width + k]
          if x == Int.max {
            missing = true
            continue
          }
          lo = min(lo, x)
          hi = max(hi, x)
        }
        return (lo, hi, missing)
      }
      let (a, b) = Parallel.onHalves(0..<n, spread)
      let (lo, hi, anyMissing) = (min(a.lo, b.lo), max(a.hi, b.hi), a.missing || b.missing)
      guard lo <= hi else { continue }  // every cell missing: this key orders nothing
      let spread = UInt64(bitPattern: Int64(hi &- lo))  // below UInt64.max, as hi < Int.max
      let missingKey = spread + 1
      let bits = UInt64.bitWidth - (anyMissing ? missingKey : spread).leadingZeroBitCount
      guard bits > 0 else { continue }  // one rank and nothing missing
      @inline(__always) func key(_ x: Int) -> UInt64 {
        x == Int.max ? missingKey : UInt64(bitPattern: Int64(x &- lo))
      }
      let passes = (bits + 10) / 11
      let digit = (bits + passes - 1) / passes
      /// Each row of the order so far with its key, made by `pack` from the row and its rank.
      func gathered<E>(_ pack: (Int, Int) -> E) -> UnsafeMutableBufferPointer<E> {
        let out = Scratch.allocate(E.self, n)
        func gather(_ part: Range<Int>) {
          if let order {
            order.withUnsafeBufferPointer { order in
              for j in part {
                let row = Int(order[j])
                out.initializeElement(at: j, to: pack(row, ranks[row * width + k]))
              }
            }
          } else {
            for j in part { out.initializeElement(at: j, to: pack(j, ranks[j * width + k])) }
          }
        }
        _ = Parallel.onHalves(0..<n, gather)
        return out
      }
      if bits <= 32 {
        // The key above the row number, in one word. A single key's ranks are replaced by
        // these words where they lie, each read before it is written.
        if width == 1 {
          order = ranks.withMemoryRebound(to: PackedRow.self) { words in
            // (The rank is read through the new type: the old one may not be used in here.)
            func pack(_ part: Range<Int>) {
              for j in part {
                words[j] = PackedRow(key: key(Int(truncatingIfNeeded: words[j].word)), row: j)
              }
            }
            _ = Parallel.onHalves(0..<n, pack)
            return Self.sortedByDigits(words, passes: passes, digit: digit)
          }
        } else {
          let words = gathered { row, x in PackedRow(key: key(x), row: row) }
          defer { Scratch.free(words) }
          order = Self.sortedByDigits(words, passes: passes, digit: digit)
        }
      } else {
        let entries = gathered { row, x in
          KeyedRow(key: key(x), row: Int32(truncatingIfNeeded: row))
        }
        defer { Scratch.free(entries) }
        order = Self.sortedByDigits(entries, passes: passes, digit: digit)
      }
    }
    return order ?? Self.identity(n)
  }

  /// The rows of `entries` in order of `passes` digits of `digit` bits of their keys, the
  /// lowest first. `entries` is used up; the last pass writes rows, not entries, into memory
  /// asked for in large pages (the scatter writes to up to 2,048 places at once).
  private static func sortedByDigits<E: RadixEntry>(
    _ entries: UnsafeMutableBufferPointer<E>, passes: Int, digit: Int
  ) -> [Int32] {
    let n = entries.count
    var from = entries
    var spare: UnsafeMutableBufferPointer<E>? = nil
    defer { if let spare { Scratch.free(spare) } }
    return [Int32](unsafeUninitializedCapacity: n) { out, count in
      Scratch.preferLargePages(UnsafeMutableRawBufferPointer(out))
      var written = false
      for pass in 0..<passes {
        let shift = pass * digit
        if pass == passes - 1 {
          written = scatter(UnsafeBufferPointer(from), shift: shift, digit: digit, rows: out)
        } else {
          if spare == nil { spare = Scratch.allocate(E.self, n) }
          var to = from.baseAddress == entries.baseAddress ? spare! : entries
          if scatter(UnsafeBufferPointer(from), shift: shift, digit: digit, entries: to) {
            swap(&from, &to)
          }
        }
      }
      if !written {
        _ = Parallel.onHalves(0..<n) { part in for j in part { out[j] = from[j].row } }
      }
      count = n
    }
  }

  /// One stable pass of a radix sort on both cores: the elements of `source` put in order of
  /// their digit (`digit` bits from `shift` on), equal digits in the order they came, into
  /// `entries`, or only their rows into `rows`. Each half is counted on its own core, and the first
  /// half's elements of a digit placed before the second's, so the two write places that do not
  /// overlap. False, with nothing put, when every element has the same digit: the pass would
  /// change nothing.
  private static func scatter<E: RadixEntry>(
    _ source: UnsafeBufferPointer<E>, shift: Int, digit: Int,
    entries: UnsafeMutableBufferPointer<E>? = nil, rows: UnsafeMutableBufferPointer<Int32>? = nil
  ) -> Bool {
    let n = source.count
    let halves = Parallel.halves(0..<n)
    let buckets = 1 << digit
    let mask = buckets - 1
    func counts(_ part: Range<Int>) -> [Int] {
      var counts = [Int](repeating: 0, count: buckets)
      counts.withUnsafeMutableBufferPointer { counts in
        for i in part { counts[source[i].digit(shift) & mask] += 1 }
      }
      return counts
    }
    let (first, second) = Parallel.onHalves(0..<n, counts)
    var startFirst = [Int](repeating: 0, count: buckets)
    var startSecond = [Int](repeating: 0, count: buckets)
    var at = 0
    for d in 0..<buckets {
      let here = first[d] + second[d]
      if here == n { return false }
      startFirst[d] = at
      startSecond[d] = at + first[d]
      at += here
    }
    func place(_ part: Range<Int>, _ starts: [Int]) {
      var next = starts
      next.withUnsafeMutableBufferPointer { next in
        if let rows {
          for i in part {
            let e = source[i]
            let d = e.digit(shift) & mask
            rows[next[d]] = e.row
            next[d] += 1
          }
        } else if let entries {
          for i in part {
            let e = source[i]
            let d = e.digit(shift) & mask
            entries.initializeElement(at: next[d], to: e)
            next[d] += 1
          }
        }
      }
    }
    _ = Parallel.both(
      size: n, { place(halves.0, startFirst) }, { place(halves.1, startSecond) })
    return true
  }
}

/// A row as a radix sort carries it, with its key.
protocol RadixEntry {
  /// The bits of the key from `shift` on (the caller masks those it wants).
  func digit(_ shift: Int) -> Int
  var row: Int32 { get }
}

/// A key of up to 32 bits above its row number, in one word.
struct PackedRow: RadixEntry {
  var word: UInt64
  @inline(__always) init(key: UInt64, row: Int) { word = key << 32 | UInt64(row) }
  @inline(__always) func digit(_ shift: Int) -> Int {
    Int(truncatingIfNeeded: word >> UInt64(32 + shift))
  }
  @inline(__always) var row: Int32 { Int32(truncatingIfNeeded: word) }
}

/// A row and its key, for a key spread over more than 32 bits.
struct KeyedRow: RadixEntry {
  var key: UInt64
  var row: Int32
  @inline(__always) func digit(_ shift: Int) -> Int {
    Int(truncatingIfNeeded: key >> UInt64(shift))
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
