import Tables

/// What a chart shows, worked out from the table by the `chart` verb; the renderer draws it.
public struct ChartData: Sendable {
  /// What is drawn: named apart from `ChartKind`, the kinds a `chart` step can ask for, since
  /// it also holds the funnel plot, which the `funnel plot` verb draws.
  public enum Drawing: Sendable, Equatable { case bar, line, spark, funnel, funnelPlot }

  /// One labelled value: a bar, a funnel stage.
  public struct Bar: Sendable, Equatable {
    public var label: String
    /// nil when the cell is missing; `missing` holds its symbol.
    public var value: Double?
    public var missing: MissingReason?
    /// Drawn out so that the eye finds it (Scotland, a named area).
    public var highlighted: Bool
    /// The confidence interval around `value`, drawn as a whisker; nil when the row has none.
    public var lower: Double?
    public var upper: Double?

    public init(
      label: String, value: Double?, missing: MissingReason? = nil, highlighted: Bool = false,
      lower: Double? = nil, upper: Double? = nil
    ) {
      self.label = label
      self.value = value
      self.missing = missing
      self.highlighted = highlighted
      self.lower = lower
      self.upper = upper
    }
  }

  /// A named series of values over periods.
  public struct Series: Sendable, Equatable {
    public var name: String
    /// One value per period of `ChartData.periods`; nil where missing or absent.
    public var values: [Double?]
    public var highlighted: Bool
    /// Why a value is missing, where the table said (`[c]`, `[x]`); empty, or one per period.
    public var missing: [MissingReason?] = []

    public init(
      name: String, values: [Double?], highlighted: Bool = false, missing: [MissingReason?] = []
    ) {
      self.name = name
      self.values = values
      self.highlighted = highlighted
      self.missing = missing
    }

    /// The symbol of the value at `k` when it is missing for a stated reason.
    public func missingReason(at k: Int) -> MissingReason? { k < missing.count ? missing[k] : nil }
  }

  public var kind: Drawing
  public var title: String?
  /// What the values are ("value", "rate"), for axis and legend.
  public var valueName: String
  public var format: NumberFormat
  public var bars: [Bar] = []
  /// Whether bars carry their confidence interval, which each drawing keys in its own way (the
  /// terminal's whisker glyphs mean nothing beside a drawn whisker).
  public var barsHaveIntervals: Bool { kind == .bar && bars.contains { $0.upper != nil } }
  /// The key to drawn whiskers, in a report's words.
  public static let intervalKey =
    "The line across each bar runs from the lower to the upper limit of the confidence interval"
  /// Every period between the first and last, in order, gaps included.
  public var periods: [Period] = []
  public var series: [Series] = []
  /// Requested width in columns; nil means the output's width.
  public var width: Int?
  /// Draw in 7-bit ASCII whatever the output allows.
  public var ascii = false
  /// Show every bar, not the first screenful.
  public var showAll = false
  public var notes: [Note] = []
  /// A funnel plot's points and limits (`funnelplot`; kind `.funnelPlot`).
  public var funnelPlot: FunnelPlotData?
  /// The source line of official statistics: the data's label and attribution.
  public var source: String?
  /// Where `chart ... to "FILE.svg"` writes the chart as SVG, besides drawing it.
  public var path: Name?
  public var replace = false

  public init(kind: Drawing, title: String?, valueName: String, format: NumberFormat) {
    self.kind = kind
    self.title = title
    self.valueName = valueName
    self.format = format
  }
}
