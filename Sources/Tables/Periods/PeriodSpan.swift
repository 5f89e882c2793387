/// The periods a column or series covers, with the gaps between them.
///
/// ```
/// PeriodSpan([2019-20, 2020-21, 2022-23]).gaps   // [2021-22]
/// ```
public struct PeriodSpan: Hashable, Sendable {
  /// The distinct periods, in time order.
  public let periods: [Period]

  public init<S: Sequence>(_ periods: S) where S.Element == Period {
    self.periods = Array(Set(periods)).sorted()
  }

  public var first: Period? { periods.first }
  public var last: Period? { periods.last }
  public var isEmpty: Bool { periods.isEmpty }

  /// The kinds of period present: more than one is worth a warning.
  public var kinds: [Period.Kind] {
    Array(Set(periods.map(\.kind))).sorted { $0.rawValue < $1.rawValue }
  }

  /// Periods between the first and the last that are not present, for each kind.
  public var gaps: [Period] {
    var result: [Period] = []
    for kind in kinds {
      let ofKind = periods.filter { $0.kind == kind }
      for (a, b) in zip(ofKind, ofKind.dropFirst()) where b.ordinal - a.ordinal > 1 {
        for o in (a.ordinal + 1)..<b.ordinal { result.append(Period(kind: kind, ordinal: o)) }
      }
    }
    return result.sorted()
  }

  /// The latest run of consecutive periods (the ones a trend can be claimed over).
  public var latestContinuousRun: [Period] {
    guard var run = periods.last.map({ [$0] }) else { return [] }
    for p in periods.dropLast().reversed() {
      guard let head = run.first, p.isFollowed(by: head) else { break }
      run.insert(p, at: 0)
    }
    return run
  }

  /// "2012-13 .. 2023-24", with the number of gaps where there are any.
  public var summary: String {
    guard let first, let last else { return "none" }
    let range = first == last ? "\(first)" : "\(first) .. \(last)"
    let g = gaps
    switch g.count {
    case 0: return periods.count > 1 ? "\(range), no gaps" : range
    case 1...3: return "\(range), gaps: \(g.map(\.description).joined(separator: ", "))"
    default: return "\(range), \(g.count) gaps (first \(g[0]))"
    }
  }
}
