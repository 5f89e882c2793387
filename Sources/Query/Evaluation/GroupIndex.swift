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
    // One integer per row combines the keys' ids, and a table of slots turns each combination
    // into a group number, in one pass over the rows. On two cores for many rows: each half
    // numbers its own rows, and the second half's groups are then matched to the first's by
    // their combination (or numbered after them, in order of appearance).
    let radix = radices.map { Int32($0) }
    var combined = [Int32](repeating: 0, count: n)
    let parallel = n >= 1 << 16 && space <= n
    // A table of slots while it is not much larger than the rows it numbers (the halves are
    // numbered apart only then, and the merge needs the second half's slots).
    let dense = parallel || space <= max(1 << 12, 8 * n)
    let halves = parallel ? Parallel.halves(0..<n) : (0..<n, n..<n)
    let selected: [Int32] =
      if case .rows(let rows) = table.selection { rows } else { [] }
    // Each row's combination of its keys' ids, one key column at a time: a text or period
    // column's codes at their stored width, read through the selection (its missing cell the
    // last id), or the ids numbered above, one per view row.
    selected.withUnsafeBufferPointer { selected in
      combined.withUnsafeMutableBufferPointer { combined in
        for (c, k) in keys.enumerated() {
          let radix = radix[c]
          _ = Parallel.onHalves(0..<n, size: n) { part in
            if let ids = numbered[c] {
              ids.withUnsafeBufferPointer { ids in
                for i in part { combined[i] = combined[i] &* radix &+ ids[i] }
              }
              return
            }
            let combine = Combine(
              radix: radix, selected: selected, combined: combined, part: part)
            switch table.columns[k].data {
            case .text(let t): t.codes.visit(combine)
            case .period(let p): p.codes.visit(combine)
            default: break
            }
          }
        }
      }
    }
    combined.withUnsafeMutableBufferPointer { combined in
      /// Numbers the combinations of `part` in order of first appearance: the slot of each
      /// combination, and the first row of each group.
      func number(_ part: Range<Int>) -> (slots: [Int32], firsts: [Int]) {
        /// The combination of row `i`, read before the row's group is written over it.
        @inline(__always) func key(_ i: Int) -> Int32 { combined[i] }
        var firsts: [Int] = []
        guard dense else {
          // Far more combinations than rows (a few rows of a table with large
          // dictionaries): a table of slots would be mostly zeroing, so a hash of the keys.
          var seen: [Int32: Int32] = [:]
          for i in part {
            let k = key(i)
            if let g = seen[k] {
              combined[i] = g
            } else {
              let g = Int32(firsts.count)
              seen[k] = g
              firsts.append(i)
              combined[i] = g
            }
          }
          return ([], firsts)
        }
        var slots = [Int32](repeating: -1, count: space)
        slots.withUnsafeMutableBufferPointer { slots in
          for i in part {
            let k = Int(key(i))
            var g = slots[k]
            if g < 0 {
              g = Int32(firsts.count)
              slots[k] = g
              firsts.append(i)
            }
            combined[i] = g
          }
        }
        return (slots, firsts)
      }
      var (first, second) = Parallel.both(
        size: parallel ? n : 0, { number(halves.0) }, { number(halves.1) })
      representatives = first.firsts
      guard !second.firsts.isEmpty else { return }
      // The second half's groups by their combinations, then as the first half numbers them.
      var combination = [Int](repeating: 0, count: second.firsts.count)
      for (key, g) in second.slots.enumerated() where g >= 0 { combination[Int(g)] = key }
      let renumbered = combination.indices.map { j -> Int32 in
        let key = combination[j]
        if first.slots[key] < 0 {
          first.slots[key] = Int32(representatives.count)
          representatives.append(second.firsts[j])
        }
        return first.slots[key]
      }
      renumbered.withUnsafeBufferPointer { renumbered in
        _ = Parallel.onHalves(halves.1, size: n) { part in
          for i in part { combined[i] = renumbered[Int(combined[i])] }
        }
      }
    }
    self.groupOfRow = combined
    self.representatives = representatives
  }

  /// Folds one key column's codes into each row's combination: combination × radix + id.
  private struct Combine: CodesVisitor {
    let radix: Int32
    let selected: UnsafeBufferPointer<Int32>
    let combined: UnsafeMutableBufferPointer<Int32>
    let part: Range<Int>

    func visit<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
      let missing = radix - 1
      for i in part {
        let code = codes[selected.isEmpty ? i : Int(selected[i])]
        combined[i] =
          combined[i] &* radix &+ (code == C.max ? missing : Int32(truncatingIfNeeded: code))
      }
    }
  }

  /// A small integer per row for one column's values (missing cells share one), and the count.
  private static func denseIds(_ data: ColumnData, _ selection: RowSelection, _ n: Int) -> (
    [Int32], Int
  ) {
    switch data {
    case .text(let c):
      let dense = DenseIds(selection: selection, n: n, missing: Int32(c.dictionary.count))
      return (c.codes.visit(dense), c.dictionary.count + 1)
    case .period(let c):
      let dense = DenseIds(selection: selection, n: n, missing: Int32(c.dictionary.count))
      return (c.codes.visit(dense), c.dictionary.count + 1)
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

  /// A column's codes as ids, one per view row, its missing cell the id after the dictionary's.
  private struct DenseIds: CodesVisitor {
    let selection: RowSelection
    let n: Int
    /// The dictionary's size.
    let missing: Int32

    func visit<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) -> [Int32] {
      [Int32](unsafeUninitializedCapacity: n) { ids, count in
        @inline(__always) func id(_ c: C) -> Int32 {
          c == C.max ? missing : Int32(truncatingIfNeeded: c)
        }
        switch selection {
        case .all:
          for i in 0..<n { ids[i] = id(codes[i]) }
        case .rows(let rows):
          for i in 0..<n { ids[i] = id(codes[Int(rows[i])]) }
        }
        count = n
      }
    }
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
    // A present cell without a marker, the common case, tests one byte: the reason and the
    // marker are made only for the others.
    rows &+= 1
    if status.rawValue != 0 {
      if status.isMissing {
        missing[status.missing ?? .notAvailable, default: 0] += 1
        return
      }
      if marker == nil { marker = status.marker }
    }
    present &+= 1
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
