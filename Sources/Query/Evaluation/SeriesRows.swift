import Tables

/// The rows a trend follows: series after series in the order of their keys, each series in
/// time order. Rows without a period are left out.
struct SeriesRows {
  /// Two rows of one series for the same period.
  struct RepeatedPeriod: Error {
    /// The series' position in key order.
    let series: Int
    /// A physical row holding the period.
    let row: Int
  }

  /// Physical rows, in order; nil when that is the table's own view order, as it is for data
  /// written series by series in time order (then all-row views need no gathering at all).
  let order: [Int32]?
  /// Where each series starts, then the end of the last one.
  let start: [Int]

  /// How many rows are followed.
  var count: Int { start.last ?? 0 }

  /// - Parameters:
  ///   - periodRank: the time order of each period code.
  ///   - groupOfRow: the series of each view row.
  ///   - positionOfSeries: the place of each series in key order.
  init(
    selection: RowSelection, periodCodes: Codes, periodRank: [Int32], groupOfRow: [Int32],
    positionOfSeries: [Int32]
  ) throws(RepeatedPeriod) {
    let n = selection.count
    let seriesCount = positionOfSeries.count
    let viewRows: [Int32]? = if case .rows(let r) = selection { r } else { nil }

    // Which series a view row belongs to and the rank of its period (-1 for no period), read
    // through buffers: these loops run once per row.
    func scan(_ body: (_ i: Int, _ physical: Int, _ series: Int, _ rank: Int32) -> Bool) {
      // At the codes' stored width, chosen once, not at every row.
      func scan<C: FixedWidthInteger & UnsignedInteger>(_ stored: [C]) {
        stored.withUnsafeBufferPointer { codes in
          periodRank.withUnsafeBufferPointer { rank in
            groupOfRow.withUnsafeBufferPointer { group in
              positionOfSeries.withUnsafeBufferPointer { position in
                if let viewRows {
                  viewRows.withUnsafeBufferPointer { rows in
                    for i in 0..<n {
                      let r = Int(rows[i])
                      let c = codes[r]
                      guard
                        body(
                          i, r, Int(position[Int(group[i])]),
                          c == C.max ? -1 : rank[Int(c)])
                      else { return }
                    }
                  }
                } else {
                  for i in 0..<n {
                    let c = codes[i]
                    guard
                      body(
                        i, i, Int(position[Int(group[i])]),
                        c == C.max ? -1 : rank[Int(c)])
                    else { return }
                  }
                }
              }
            }
          }
        }
      }
      switch periodCodes.storage {
      case .one(let a): scan(a)
      case .two(let a): scan(a)
      case .four(let a): scan(a)
      }
    }

    // Data written series by series in time order needs no sorting; one pass finds out.
    var starts: [Int] = []
    starts.reserveCapacity(seriesCount + 1)
    var inOrder = true
    var current = -1
    var lastRank: Int32 = -1
    scan { i, _, k, rank in
      if k != current {
        guard k == current + 1 else {
          inOrder = false
          return false
        }
        starts.append(i)
        current = k
        lastRank = -1
      }
      guard rank > lastRank else {
        inOrder = false
        return false
      }
      lastRank = rank
      return true
    }
    if inOrder {
      starts.append(n)
      order = nil
      start = starts
      return
    }

    // Otherwise two stable counting sorts: by period, then by series. The first writes to one
    // stream per period, the second places each row once; no two rows are ever compared, and a
    // series meeting one period twice shows as two rows in a row for it.
    let periodCount = periodRank.count
    var start = [Int](repeating: 0, count: seriesCount + 1)
    var periodStart = [Int](repeating: 0, count: periodCount + 1)
    scan { _, _, k, rank in
      if rank >= 0 {
        start[k + 1] += 1
        periodStart[Int(rank) + 1] += 1
      }
      return true
    }
    for k in 0..<seriesCount { start[k + 1] += start[k] }
    for p in 0..<periodCount { periodStart[p + 1] += periodStart[p] }
    let kept = start[seriesCount]
    var periodFill = periodStart
    let (rowsByPeriod, seriesByPeriod) = Filled.arrays(kept) {
      (rows: UnsafeMutableBufferPointer<Int32>, series: UnsafeMutableBufferPointer<Int32>) in
      scan { _, r, k, rank in
        if rank >= 0 {
          let at = periodFill[Int(rank)]
          (rows[at], series[at]) = (Int32(r), Int32(k))
          periodFill[Int(rank)] = at + 1
        }
        return true
      }
    }
    var fill = start
    var lastPeriod = [Int32](repeating: -1, count: seriesCount)
    var repeated: RepeatedPeriod?
    let order = Filled.array(kept) { (order: UnsafeMutableBufferPointer<Int32>) in
      rowsByPeriod.withUnsafeBufferPointer { rows in
        seriesByPeriod.withUnsafeBufferPointer { series in
          fill.withUnsafeMutableBufferPointer { fill in
            lastPeriod.withUnsafeMutableBufferPointer { lastPeriod in
              for p in 0..<periodCount {
                for j in periodStart[p]..<periodStart[p + 1] {
                  let k = Int(series[j])
                  if lastPeriod[k] == Int32(p) && repeated == nil {
                    repeated = RepeatedPeriod(series: k, row: Int(rows[j]))
                  }
                  lastPeriod[k] = Int32(p)
                  order[fill[k]] = rows[j]
                  fill[k] += 1
                }
              }
            }
          }
        }
      }
    }
    if let repeated { throw repeated }
    self.order = order
    self.start = start
  }
}
