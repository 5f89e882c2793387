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
  init(selection: RowSelection, periodCodes: [UInt32], periodRank: [Int32], groupOfRow: [Int32], positionOfSeries: [Int32]) throws(RepeatedPeriod) {
    let n = selection.count
    let seriesCount = positionOfSeries.count
    let viewRows: [Int32]? = if case .rows(let r) = selection { r } else { nil }

    // Which series a view row belongs to and the rank of its period (-1 for no period), read
    // through buffers: these loops run once per row.
    func scan(_ body: (_ i: Int, _ physical: Int, _ series: Int, _ rank: Int32) -> Bool) {
      periodCodes.withUnsafeBufferPointer { codes in
        periodRank.withUnsafeBufferPointer { rank in
          groupOfRow.withUnsafeBufferPointer { group in
            positionOfSeries.withUnsafeBufferPointer { position in
              if let viewRows {
                viewRows.withUnsafeBufferPointer { rows in
                  for i in 0..<n {
                    let r = Int(rows[i])
                    let c = codes[r]
                    guard body(i, r, Int(position[Int(group[i])]), c == PeriodColumn.missingCode ? -1 : rank[Int(c)]) else { return }
                  }
                }
              } else {
                for i in 0..<n {
                  let c = codes[i]
                  guard body(i, i, Int(position[Int(group[i])]), c == PeriodColumn.missingCode ? -1 : rank[Int(c)]) else { return }
                }
              }
            }
          }
        }
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

    // Otherwise a counting sort by series, then by period within each series. Series are short,
    // so insertion sort, which costs one comparison a row when a series is already in order.
    var start = [Int](repeating: 0, count: seriesCount + 1)
    var kept = 0
    scan { _, _, k, rank in
      if rank >= 0 {
        start[k + 1] += 1
        kept += 1
      }
      return true
    }
    for k in 0..<seriesCount { start[k + 1] += start[k] }
    // Each row is bucketed with its period's rank, so the sort within a series reads only its
    // own stretch of memory.
    var fill = start
    var (order, ranks) = Filled.arrays(kept) { (rows: UnsafeMutableBufferPointer<Int32>, ranks: UnsafeMutableBufferPointer<Int32>) in
      scan { _, r, k, rank in
        if rank >= 0 {
          rows[fill[k]] = Int32(r)
          ranks[fill[k]] = rank
          fill[k] += 1
        }
        return true
      }
    }
    var repeated: RepeatedPeriod?
    order.withUnsafeMutableBufferPointer { order in
      ranks.withUnsafeMutableBufferPointer { ranks in
        for k in 0..<seriesCount {
          for j in (start[k] + 1)..<max(start[k] + 1, start[k + 1]) {
            let (row, rank) = (order[j], ranks[j])
            var m = j - 1
            while m >= start[k] && ranks[m] > rank {
              (order[m + 1], ranks[m + 1]) = (order[m], ranks[m])
              m -= 1
            }
            (order[m + 1], ranks[m + 1]) = (row, rank)
            if m >= start[k] && ranks[m] == rank {
              repeated = RepeatedPeriod(series: k, row: Int(row))
              return
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
