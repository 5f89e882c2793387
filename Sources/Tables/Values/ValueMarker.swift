/// A note attached to a number that is still a number: `123[p]` is 123, provisional.
///
/// Markers survive loading, arithmetic that keeps the value (sorting, filtering, selecting) and
/// writing. `incomplete` is cjnb's own: a sum over a group that had missing members.
public enum ValueMarker: UInt8, CaseIterable, Hashable, Sendable {
  /// `[p]`: provisional.
  case provisional = 1
  /// `[e]`: estimated.
  case estimated
  /// `[r]`: revised.
  case revised
  /// `[u]`: low reliability.
  case lowReliability
  /// `[b]`: break in the time series.
  case seriesBreak
  /// `[f]`: forecast.
  case forecast
  /// `[i]`: an aggregate over a group that had missing cells; it covers only the cells present.
  case incomplete

  /// The symbol written after the number.
  public var symbol: String {
    switch self {
    case .provisional: "[p]"
    case .estimated: "[e]"
    case .revised: "[r]"
    case .lowReliability: "[u]"
    case .seriesBreak: "[b]"
    case .forecast: "[f]"
    case .incomplete: "[i]"
    }
  }

  /// What the marker means, for footnotes.
  public var meaning: String {
    switch self {
    case .provisional: "provisional"
    case .estimated: "estimated"
    case .revised: "revised"
    case .lowReliability: "low reliability"
    case .seriesBreak: "break in the series"
    case .forecast: "forecast"
    case .incomplete:
      "incomplete: some cells in the group are missing; only the cells present are counted"
    }
  }

  /// The marker whose letter is `letter` (lower case ASCII), or nil.
  @inlinable
  public static func letter(_ letter: UInt8) -> ValueMarker? {
    switch letter | 0x20 {
    case UInt8(ascii: "p"): .provisional
    case UInt8(ascii: "e"): .estimated
    case UInt8(ascii: "r"): .revised
    case UInt8(ascii: "u"): .lowReliability
    case UInt8(ascii: "b"): .seriesBreak
    case UInt8(ascii: "f"): .forecast
    case UInt8(ascii: "i"): .incomplete
    default: nil
    }
  }
}
