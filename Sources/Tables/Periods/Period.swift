/// A period of time that statistics are published for.
///
/// Financial years (`2021-22`, also written `2021/22` and `2021-2022`), calendar years (`2021`),
/// calendar quarters (`2021 Q3`) and months (`2021-07`). Periods sort in time order, know their
/// neighbours, and say which mid-year population estimate belongs to them.
///
/// ```
/// let p = Period(parsing: "2021/22")!   // financial year 2021-22
/// p.next                                // 2022-23
/// p.populationYear                      // 2021: the calendar year it starts in
/// ```
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible {
  public enum Kind: UInt8, Hashable, Sendable, CaseIterable {
    case calendarYear, financialYear, quarter, month

    /// How the kind is named in `describe` and messages.
    public var name: String {
      switch self {
      case .calendarYear: "calendar year"
      case .financialYear: "financial year"
      case .quarter: "quarter"
      case .month: "month"
      }
    }

    public var pluralName: String {
      switch self {
      case .calendarYear: "calendar years"
      case .financialYear: "financial years"
      case .quarter: "quarters"
      case .month: "months"
      }
    }
  }

  public let kind: Kind
  /// Position on the kind's own time line: the (starting) year for years, `year * 4 + quarter - 1`
  /// for quarters, `year * 12 + month - 1` for months. Neighbours differ by one.
  public let ordinal: Int32

  public init(kind: Kind, ordinal: Int32) {
    self.kind = kind
    self.ordinal = ordinal
  }

  public static func financialYear(_ startYear: Int) -> Period {
    Period(kind: .financialYear, ordinal: Int32(startYear))
  }
  public static func calendarYear(_ year: Int) -> Period {
    Period(kind: .calendarYear, ordinal: Int32(year))
  }
  public static func quarter(_ year: Int, _ quarter: Int) -> Period {
    Period(kind: .quarter, ordinal: Int32(year * 4 + quarter - 1))
  }
  public static func month(_ year: Int, _ month: Int) -> Period {
    Period(kind: .month, ordinal: Int32(year * 12 + month - 1))
  }

  /// The calendar year the period starts in.
  public var startYear: Int {
    switch kind {
    case .calendarYear, .financialYear: Int(ordinal)
    case .quarter: Int(ordinal.floorDiv(4))
    case .month: Int(ordinal.floorDiv(12))
    }
  }

  /// The first month of the period, counted from year 0, for ordering periods of different kinds.
  public var startMonth: Int {
    switch kind {
    case .calendarYear: Int(ordinal) * 12
    case .financialYear: Int(ordinal) * 12 + 3
    case .quarter: Int(ordinal) * 3
    case .month: Int(ordinal)
    }
  }

  /// The year of the mid-year population estimate that rates for this period use: the calendar
  /// year the period starts in (the justice social work convention for financial years).
  public var populationYear: Int { startYear }

  public var next: Period { Period(kind: kind, ordinal: ordinal + 1) }
  public var previous: Period { Period(kind: kind, ordinal: ordinal - 1) }

  /// Whether `other` directly follows this period.
  public func isFollowed(by other: Period) -> Bool {
    other.kind == kind && other.ordinal == ordinal + 1
  }

  /// The number of steps from this period to `other`, for periods of one kind.
  public func distance(to other: Period) -> Int { Int(other.ordinal) - Int(ordinal) }

  /// The period as analysts write it: `2021-22`, `2021`, `2021 Q3`, `2021-07`.
  public var description: String {
    switch kind {
    case .financialYear:
      let end = (Int(ordinal) + 1) % 100
      return "\(ordinal)-\(end < 10 ? "0" : "")\(end)"
    case .calendarYear:
      return "\(ordinal)"
    case .quarter:
      return "\(ordinal.floorDiv(4)) Q\(ordinal.floorMod(4) + 1)"
    case .month:
      let m = ordinal.floorMod(12) + 1
      return "\(ordinal.floorDiv(12))-\(m < 10 ? "0" : "")\(m)"
    }
  }

  public static func < (a: Period, b: Period) -> Bool {
    let (ma, mb) = (a.startMonth, b.startMonth)
    return ma != mb ? ma < mb : a.kind.rawValue < b.kind.rawValue
  }
}

extension Int32 {
  fileprivate func floorDiv(_ d: Int32) -> Int32 {
    let q = self / d
    return (self % d != 0 && (self < 0) != (d < 0)) ? q - 1 : q
  }
  fileprivate func floorMod(_ d: Int32) -> Int32 { self - floorDiv(d) * d }
}
