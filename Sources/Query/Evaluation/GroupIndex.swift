import Tables

/// Which group each row of a table falls in, by the values of some key columns.
///
/// Keys are combined from dictionary codes, so grouping a million rows by area and year is one
/// pass over two arrays of integers into a dense table of group numbers.
struct GroupIndex {
  /// The group of each view row.
  let groupOfRow: [Int32]
  /// The first view row of each group, in order of first appearance.
  let representatives: [Int]

  var count: Int { representatives.count }

  init(table: Table, keys: [Int]) {
    let n = table.rowCount
    guard !keys.isEmpty else {
      groupOfRow = [Int32](repeating: 0, count: n)
      representatives = n > 0 ? [0] : []
      return
    }
    // How many ids each key column has: a text or period column's dictionary and its missing
    // cell; other columns are numbered first.
    var numbered: [[Int32]?] = []
    var radices: [Int] = []
    for k in keys {
      switch table.columns[k].data {
      case .text(let c):
        numbered.append(nil)
        radices.append(c.dictionary.count + 1)
      case .period(let c):
        numbered.append(nil)
        radices.append(c.dictionary.count + 1)
      case let data:
        let (ids, radix) = Self.denseIds(data, table.selection, n)
        numbered.append(ids)
        radices.append(radix)
      }
    }
    var space = 1
    var overflow = false
    for r in radices {
      let (product, o) = space.multipliedReportingOverflow(by: r)
      if o { overflow = true }
      space = o ? Int.max : product
    }
    var representatives: [Int] = []
    guard !overflow && space <= 1 << 22 else {
      // Too many combinations for a table of slots: a hash of the ids.
      let ids = keys.indices.map { c in
        numbered[c] ?? Self.denseIds(table.columns[keys[c]].data, table.selection, n).0
      }
      var groupOfRow = [Int32](repeating: 0, count: n)
      var seen: [[Int32]: Int32] = [:]
      for i in 0..<n {
        let key = ids.map { $0[i] }
        if let g = seen[key] {
          groupOfRow[i] = g
        } else {
          let g = Int32(representatives.count)
          seen[key] = g
          representatives.append(i)
          groupOfRow[i] = g
        }
      }
      self.groupOfRow = groupOfRow
      self.representatives = representatives
      return
    }
    // One integer per row combines the keys' ids, column by column; then a table of slots turns
    // each combination into a group number, in place.
    var combined = [Int32](repeating: 0, count: n)
    combined.withUnsafeMutableBufferPointer { combined in
      for (c, k) in keys.enumerated() {
        let radix = Int32(radices[c])
        if let ids = numbered[c] {
          for i in 0..<n { combined[i] = combined[i] &* radix &+ ids[i] }
          continue
        }
        let codes: [UInt32] =
          switch table.columns[k].data {
          case .text(let t): t.codes
          case .period(let p): p.codes
          default: []
          }
        let missing = radix - 1
        codes.withUnsafeBufferPointer { codes in
          func fold(_ i: Int, _ code: UInt32) {
            combined[i] =
              combined[i] &* radix &+ (code == TextColumn.missingCode ? missing : Int32(code))
          }
          switch table.selection {
          case .all: for i in 0..<n { fold(i, codes[i]) }
          case .rows(let rows):
            rows.withUnsafeBufferPointer { rows in for i in 0..<n { fold(i, codes[Int(rows[i])]) } }
          }
        }
      }
      var slots = [Int32](repeating: -1, count: space)
      slots.withUnsafeMutableBufferPointer { slots in
        for i in 0..<n {
          let key = Int(combined[i])
          var g = slots[key]
          if g < 0 {
            g = Int32(representatives.count)
            slots[key] = g
            representatives.append(i)
          }
          combined[i] = g
        }
      }
    }
    self.groupOfRow = combined
    self.representatives = representatives
  }

  /// A small integer per row for one column's values (missing cells share one), and the count.
  private static func denseIds(_ data: ColumnData, _ selection: RowSelection, _ n: Int) -> (
    [Int32], Int
  ) {
    switch data {
    case .text(let c): return codes(c.codes, c.dictionary.count, selection, n)
    case .period(let c): return codes(c.codes, c.dictionary.count, selection, n)
    case .boolean(let b):
      return (
        (0..<n).map { i in
          let r = selection[i]
          if let s = b.status, s[r].isMissing { return 2 }
          return b.values[r] ? 1 : 0
        }, 3
      )
    case .number(let numbers):
      var seen: [UInt64: Int32] = [:]
      var ids = [Int32](repeating: 0, count: n)
      for i in 0..<n {
        let r = selection[i]
        let key: UInt64 =
          numbers.status.map { $0[r].isMissing } == true
          ? UInt64.max : numbers.values[r].orderedBits
        if let id = seen[key] {
          ids[i] = id
        } else {
          let id = Int32(seen.count)
          seen[key] = id
          ids[i] = id
        }
      }
      return (ids, max(1, seen.count))
    }
  }

  private static func codes(_ codes: [UInt32], _ size: Int, _ selection: RowSelection, _ n: Int)
    -> ([Int32], Int)
  {
    let missing = Int32(size)
    var ids = [Int32](repeating: 0, count: n)
    codes.withUnsafeBufferPointer { codes in
      switch selection {
      case .all:
        for i in 0..<n {
          let c = codes[i]
          ids[i] = c == TextColumn.missingCode ? missing : Int32(c)
        }
      case .rows(let rows):
        for i in 0..<n {
          let c = codes[Int(rows[i])]
          ids[i] = c == TextColumn.missingCode ? missing : Int32(c)
        }
      }
    }
    return (ids, size + 1)
  }

  /// The view rows of each group.
  func rowsByGroup() -> [[Int]] {
    var rows = [[Int]](repeating: [], count: count)
    for (i, g) in groupOfRow.enumerated() { rows[Int(g)].append(i) }
    return rows
  }
}

/// Sums, counts and the like over the cells of a group, with what was missing.
struct Accumulator {
  var sum = 0.0
  var present = 0
  var rows = 0
  var minimum = Double.infinity
  var maximum = -Double.infinity
  var values: [Double] = []
  var missing: [MissingReason: Int] = [:]
  var marker: ValueMarker?

  @inline(__always)
  mutating func add(_ status: CellStatus, _ value: Double, keepValues: Bool) {
    rows += 1
    if let reason = status.missing {
      missing[reason, default: 0] += 1
      return
    }
    if marker == nil, let m = status.marker { marker = m }
    present += 1
    sum += value
    if value < minimum { minimum = value }
    if value > maximum { maximum = value }
    if keepValues { values.append(value) }
  }

  /// Takes in what `other` gathered from rows after this one's.
  mutating func merge(_ other: Accumulator) {
    sum += other.sum
    present += other.present
    rows += other.rows
    minimum = min(minimum, other.minimum)
    maximum = max(maximum, other.maximum)
    values += other.values
    for (reason, n) in other.missing { missing[reason, default: 0] += n }
    if marker == nil { marker = other.marker }
  }

  /// The most common reason among the missing cells.
  var commonReason: MissingReason {
    missing.max { $0.value != $1.value ? $0.value < $1.value : $0.key.rawValue > $1.key.rawValue }?
      .key ?? .notAvailable
  }

  /// An aggregate as a cell: missing when nothing was present, marked incomplete when something was missing.
  func cell(_ function: Aggregate.Function) -> (Double, CellStatus) {
    if function == .count { return (Double(rows), .present) }
    guard present > 0 else { return (0, .missing(rows == 0 ? .notAvailable : commonReason)) }
    let value: Double
    switch function {
    case .sum: value = sum
    case .mean: value = sum / Double(present)
    case .median:
      let sorted = values.sorted()
      let mid = sorted.count / 2
      value = sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    case .min: value = minimum
    case .max: value = maximum
    case .count: value = Double(rows)
    }
    if !missing.isEmpty { return (value, .marked(.incomplete)) }
    return (value, marker.map { .marked($0) } ?? .present)
  }
}
