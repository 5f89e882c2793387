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
    // A dense id per key column and row, and how many ids each column has.
    var ids: [[Int32]] = []
    var radices: [Int] = []
    for k in keys {
      let (columnIds, radix) = Self.denseIds(table.columns[k].data, table.selection, n)
      ids.append(columnIds)
      radices.append(radix)
    }
    var space = 1
    var overflow = false
    for r in radices {
      let (product, o) = space.multipliedReportingOverflow(by: r)
      if o { overflow = true }
      space = o ? Int.max : product
    }
    var groupOfRow = [Int32](repeating: 0, count: n)
    var representatives: [Int] = []
    if !overflow && space <= 1 << 22 {
      var slots = [Int32](repeating: -1, count: space)
      for i in 0..<n {
        var key = 0
        for c in 0..<ids.count { key = key * radices[c] + Int(ids[c][i]) }
        var g = slots[key]
        if g < 0 {
          g = Int32(representatives.count)
          slots[key] = g
          representatives.append(i)
        }
        groupOfRow[i] = g
      }
    } else {
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
    }
    self.groupOfRow = groupOfRow
    self.representatives = representatives
  }

  /// A small integer per row for one column's values (missing cells share one), and the count.
  private static func denseIds(_ data: ColumnData, _ selection: RowSelection, _ n: Int) -> ([Int32], Int) {
    switch data {
    case .text(let c): return codes(c.codes, c.dictionary.count, selection, n)
    case .period(let c): return codes(c.codes, c.dictionary.count, selection, n)
    case .boolean(let b):
      return ((0..<n).map { i in
        let r = selection[i]
        if let s = b.status, s[r].isMissing { return 2 }
        return b.values[r] ? 1 : 0
      }, 3)
    case .number(let numbers):
      var seen: [UInt64: Int32] = [:]
      var ids = [Int32](repeating: 0, count: n)
      for i in 0..<n {
        let r = selection[i]
        let key: UInt64 = numbers.status.map { $0[r].isMissing } == true ? UInt64.max : numbers.values[r].orderedBits
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

  private static func codes(_ codes: [UInt32], _ size: Int, _ selection: RowSelection, _ n: Int) -> ([Int32], Int) {
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

  /// The most common reason among the missing cells.
  var commonReason: MissingReason {
    missing.max { $0.value != $1.value ? $0.value < $1.value : $0.key.rawValue > $1.key.rawValue }?.key ?? .notAvailable
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

/// A buffer of fixed size written by index and then handed over as an array: the hot loops of
/// verbs write through it without a uniqueness check per write, which arrays captured by the
/// loop's closures would pay.
struct FillBuffer<Element> {
  private let pointer: UnsafeMutablePointer<Element>
  let count: Int

  init(count: Int, repeating value: Element) {
    self.count = count
    pointer = .allocate(capacity: max(1, count))
    pointer.initialize(repeating: value, count: count)
  }

  subscript(i: Int) -> Element {
    get { pointer[i] }
    nonmutating set { pointer[i] = newValue }
  }

  /// The contents as an array; the buffer is freed and must not be used again.
  func finish() -> [Element] {
    let array = Array(UnsafeBufferPointer(start: pointer, count: count))
    pointer.deinitialize(count: count)
    pointer.deallocate()
    return array
  }
}
