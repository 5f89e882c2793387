import Tables

/// What a funnel plot shows, worked out by `funnelplot`; renderers (the terminal's, and any
/// other) draw it from these values alone.
///
/// Each area's rate or percentage is a point against its denominator; around the benchmark's
/// line run the 95% and 99.8% control limits, sampled along the denominator axis.
public struct FunnelPlotData: Sendable, Equatable {
  /// Where a point lies against the limits at its own denominator.
  public enum Position: String, Sendable, Equatable, CaseIterable {
    case above998 = "above the 99.8% limit"
    case above95 = "above the 95% limit, within 99.8%"
    case within = "within the 95% limits"
    case below95 = "below the 95% limit, within 99.8%"
    case below998 = "below the 99.8% limit"

    /// Outside the 95% limits, on either side.
    public var isOutside: Bool { self != .within }
    public var isAbove: Bool { self == .above95 || self == .above998 }
  }

  public struct Point: Sendable, Equatable {
    public var label: String
    public var numerator: Double
    public var denominator: Double
    /// As shown: a percentage, or a rate per `per`.
    public var value: Double
    public var position: Position
    public var highlighted: Bool

    public init(
      label: String, numerator: Double, denominator: Double, value: Double, position: Position,
      highlighted: Bool = false
    ) {
      self.label = label
      self.numerator = numerator
      self.denominator = denominator
      self.value = value
      self.position = position
      self.highlighted = highlighted
    }
  }

  /// The four limits at one denominator, in the unit the points are shown in.
  public struct Limits: Sendable, Equatable {
    public var denominator: Double
    public var lower95: Double
    public var upper95: Double
    public var lower998: Double
    public var upper998: Double

    public init(
      denominator: Double, lower95: Double, upper95: Double, lower998: Double, upper998: Double
    ) {
      self.denominator = denominator
      self.lower95 = lower95
      self.upper95 = upper95
      self.lower998 = lower998
      self.upper998 = upper998
    }
  }

  public var title: String?
  /// What the points are ("CPOs completed / CPOs ended", "rate").
  public var valueName: String
  /// The denominator's name, for the x axis ("CPOs ended", "population").
  public var denominatorName: String
  public var format: NumberFormat
  /// The benchmark, in the unit of the points, and what it is ("Scotland", "the areas pooled").
  public var benchmark: Double
  public var benchmarkLabel: String
  /// Binomial limits (a percentage) or Poisson limits (a rate per `per`).
  public var isProportion: Bool
  public var per: Double?
  public var points: [Point]
  /// The benchmark as a proportion, or a rate per unit of the denominator, and the factor that
  /// shows it (100 for a percentage, `per` for a rate): `benchmark` is their product.
  public var benchmarkPerUnit: Double
  public var scale: Double
  /// The end of the denominator axis.
  public var denominatorMax: Double

  /// How many denominators along the axis the limits are drawn at.
  public static let samples = 240

  /// `benchmark` is `scale × benchmarkPerUnit`, the benchmark in the unit of the points.
  public init(
    title: String?, valueName: String, denominatorName: String, format: NumberFormat,
    benchmarkPerUnit: Double, scale: Double,
    benchmarkLabel: String, isProportion: Bool, per: Double?, points: [Point],
    denominatorMax: Double
  ) {
    self.title = title
    self.valueName = valueName
    self.denominatorName = denominatorName
    self.format = format
    self.benchmarkPerUnit = benchmarkPerUnit
    self.scale = scale
    self.benchmark = scale * benchmarkPerUnit
    self.benchmarkLabel = benchmarkLabel
    self.isProportion = isProportion
    self.per = per
    self.points = points
    self.denominatorMax = denominatorMax
  }

  /// The four limits at denominator `m` around the benchmark `theta` (a proportion, or a rate
  /// per unit), in the unit shown (`scale` × the limit).
  public static func limits(
    at m: Double, benchmark theta: Double, scale: Double, isProportion: Bool
  ) -> Limits {
    func at(_ level: Double, _ upper: Bool) -> Double {
      scale
        * FunnelLimits.limit(
          level: level, upper: upper, n: m, benchmark: theta, isProportion: isProportion)
    }
    return Limits(
      denominator: m, lower95: at(95, false), upper95: at(95, true), lower998: at(99.8, false),
      upper998: at(99.8, true))
  }

  /// The limits at denominators evenly spaced from the axis's start to its end, in order, for
  /// drawing. Worked out when a drawing asks (each costs exact distribution functions), not when
  /// only the plot's table is used, so a renderer asks once.
  /// The denominators are shared among the cores: each costs a few dozen distribution functions.
  public func limitsAlongAxis() -> [Limits] {
    Parallel.map(Self.samples, size: Int.max) {
      Self.limits(
        at: denominatorMax * Double($0 + 1) / Double(Self.samples), benchmark: benchmarkPerUnit,
        scale: scale, isProportion: isProportion)
    }
  }
}
