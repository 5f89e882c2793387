import Framework
import Tables

/// The rows a trend follows, in its order (series after series, each in time order), read
/// front to back by each pass that makes the trend's columns.
struct TrendPasses: Sendable {
  let values: [Double]
  let statuses: [CellStatus]?
  let periodCodes: [UInt32]
  /// Where each series starts, then the end of the last.
  let start: [Int]
  let periods: [Period]
  /// Periods each figure pools (`rolling`): a window is marked for the pandemic when any of
  /// its periods is a pandemic year, not only its last.
  var window = 1

  var count: Int { values.count }
  var seriesCount: Int { start.count - 1 }

  private func status(_ j: Int) -> CellStatus { statuses?[j] ?? .present }

  /// The values, their cells' status and the series' starts through buffers, which the passes
  /// read without a bounds check or an optional per row.
  private struct Cells {
    let values: UnsafeBufferPointer<Double>
    /// Empty when every cell is present.
    let statuses: UnsafeBufferPointer<CellStatus>
    let start: UnsafeBufferPointer<Int>

    @inline(__always) func status(_ j: Int) -> CellStatus {
      statuses.isEmpty ? .present : statuses[j]
    }
    @inline(__always) func isMissing(_ j: Int) -> Bool {
      !statuses.isEmpty && statuses[j].isMissing
    }
  }

  private func withCells<R>(_ body: (Cells) -> R) -> R {
    values.withUnsafeBufferPointer { values in
      start.withUnsafeBufferPointer { start in
        guard let statuses else {
          return body(
            Cells(values: values, statuses: UnsafeBufferPointer(start: nil, count: 0), start: start)
          )
        }
        return statuses.withUnsafeBufferPointer {
          body(Cells(values: values, statuses: $0, start: start))
        }
      }
    }
  }

  /// Against the row before in the same series: the change and the % change, and their cells'
  /// status (the first of a series has none: `-`; a zero before gives no percentage: `[z]`).
  func changes() -> (
    change: [Double], changeStatus: [CellStatus], percent: [Double], percentStatus: [CellStatus]
  ) {
    Filled.arrays(count) {
      (
        change: UnsafeMutableBufferPointer<Double>,
        changeStatus: UnsafeMutableBufferPointer<CellStatus>,
        percent: UnsafeMutableBufferPointer<Double>,
        percentStatus: UnsafeMutableBufferPointer<CellStatus>
      ) in
      withCells { cells in
        let (values, start) = (cells.values, cells.start)
        for k in 0..<seriesCount where start[k] < start[k + 1] {
          let first = start[k]
          (change[first], percent[first]) = (0, 0)
          (changeStatus[first], percentStatus[first]) = (.missing(.dash), .missing(.dash))
          for j in (first + 1)..<start[k + 1] {
            let (now, before) = (cells.status(j), cells.status(j - 1))
            if !now.isMissing && !before.isMissing {
              let delta = values[j] - values[j - 1]
              change[j] = delta
              changeStatus[j] = .present
              if values[j - 1] == 0 {
                percent[j] = 0
                percentStatus[j] = .missing(.notApplicable)
              } else {
                percent[j] = 100 * delta / values[j - 1]
                percentStatus[j] = .present
              }
            } else {
              let reason = now.missing ?? before.missing ?? .notAvailable
              (change[j], percent[j]) = (0, 0)
              (changeStatus[j], percentStatus[j]) = (.missing(reason), .missing(reason))
            }
          }
        }
      }
    }
  }

  /// Up (code 0), down (1) or the same (2), as the change goes; nothing for the first of a series,
  /// and the reason a value is missing where it is.
  func directions() -> (codes: [UInt32], status: [CellStatus]) {
    Filled.arrays(count) {
      (
        direction: UnsafeMutableBufferPointer<UInt32>,
        directionStatus: UnsafeMutableBufferPointer<CellStatus>
      ) in
      withCells { cells in
        let (values, start) = (cells.values, cells.start)
        for k in 0..<seriesCount where start[k] < start[k + 1] {
          direction[start[k]] = TextColumn.missingCode
          directionStatus[start[k]] = .missing(.empty)
          for j in (start[k] + 1)..<start[k + 1] {
            let (now, before) = (cells.status(j), cells.status(j - 1))
            if !now.isMissing && !before.isMissing {
              // Without branches: the signs of changes are as good as random.
              let (up, down) = (values[j] > values[j - 1], values[j] < values[j - 1])
              direction[j] = 2 - 2 * UInt32(up ? 1 : 0) - UInt32(down ? 1 : 0)
              directionStatus[j] = .present
            } else {
              direction[j] = TextColumn.missingCode
              directionStatus[j] = .missing(now.missing ?? before.missing ?? .notAvailable)
            }
          }
        }
      }
    }
  }

  /// Notes on rows: the pandemic years, and the period a gap goes back to ("since 2017-18").
  struct Notes {
    var codes: [UInt32]
    var status: [CellStatus]
    var dictionary: [String]
    var anyPandemic: Bool
  }

  func notes() -> Notes {
    var pandemic = [Bool](repeating: false, count: periods.count)
    for (code, period) in periods.enumerated() {
      pandemic[code] = (0..<max(1, window)).contains {
        Conventions.isPandemic(Period(kind: period.kind, ordinal: period.ordinal - Int32($0)))
      }
    }
    let succession = successionKeys()
    // A note is one small integer: the pandemic mark, and one more than the code of the period
    // a gap goes back to; its text is made once.
    var dictionary: [String] = []
    // The code of each key's text, by key (which is under twice one more than the periods).
    var index = [UInt32](repeating: .max, count: 2 * (periods.count + 1))
    var anyPandemic = false
    let (codes, status) = Filled.arrays(count) {
      (codes: UnsafeMutableBufferPointer<UInt32>, status: UnsafeMutableBufferPointer<CellStatus>) in
      periodCodes.withUnsafeBufferPointer { periodCodes in
        succession.withUnsafeBufferPointer { succession in
          pandemic.withUnsafeBufferPointer { pandemic in
            start.withUnsafeBufferPointer { start in
              for k in 0..<seriesCount {
                for j in start[k]..<start[k + 1] {
                  let code = Int(periodCodes[j])
                  var key = pandemic[code] ? 1 : 0
                  if j > start[k] {
                    let previous = Int(periodCodes[j - 1])
                    if succession[code] != succession[previous] + 1 { key |= (previous + 1) << 1 }
                  }
                  guard key != 0 else {
                    codes[j] = TextColumn.missingCode
                    status[j] = .missing(.empty)
                    continue
                  }
                  anyPandemic = anyPandemic || key & 1 == 1
                  // Interned by hand: the keys are small integers, so a flat table indexed by
                  // the key beats any hash set (OrderedSet included) on this per-cell path.
                  if index[key] == .max {
                    var parts: [String] = []
                    if key & 1 == 1 { parts.append("pandemic") }
                    if key >> 1 > 0 { parts.append("since \(periods[(key >> 1) - 1])") }
                    index[key] = UInt32(dictionary.count)
                    dictionary.append(parts.joined(separator: ", "))
                  }
                  codes[j] = index[key]
                  status[j] = .present
                }
              }
            }
          }
        }
      }
    }
    return Notes(codes: codes, status: status, dictionary: dictionary, anyPandemic: anyPandemic)
  }

  /// A key per period code such that a period directly follows another when its key is one more.
  func successionKeys() -> [Int64] {
    periods.map { Int64($0.kind.rawValue) << 40 | Int64($0.ordinal) }
  }

  /// The periods with a value in series `k`, and those values, in time order.
  func points(ofSeries k: Int) -> [(Period, Double)] {
    (start[k]..<start[k + 1]).filter { !status($0).isMissing }.map {
      (periods[Int(periodCodes[$0])], values[$0])
    }
  }

  /// For many series at once: how many have their latest value the highest and the lowest of
  /// their span, and how many have too short a latest unbroken run to claim a trend.
  func digest() -> (highest: Int, lowest: Int, short: Int) {
    var digest = (highest: 0, lowest: 0, short: 0)
    let succession = successionKeys()
    withCells { cells in
      let (values, start) = (cells.values, cells.start)
      periodCodes.withUnsafeBufferPointer { periodCodes in
        for k in 0..<seriesCount {
          let rows = start[k]..<start[k + 1]
          var latest: Double?
          var runLength = 0
          var lastKey = Int64.min
          for j in rows where !cells.isMissing(j) {
            let key = succession[Int(periodCodes[j])]
            runLength = key == lastKey + 1 ? runLength + 1 : 1
            lastKey = key
            latest = values[j]
          }
          if let latest {
            var (above, below, count) = (0, 0, 0)
            for j in rows where !cells.isMissing(j) {
              count += 1
              if values[j] > latest { above += 1 } else if values[j] < latest { below += 1 }
            }
            if count > 1 && above == 0 { digest.highest += 1 }
            if count > 1 && below == 0 { digest.lowest += 1 }
          }
          if runLength < Conventions.minimumTrendPeriods { digest.short += 1 }
        }
      }
    }
    return digest
  }
}
