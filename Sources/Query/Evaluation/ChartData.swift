import Tables

/// What a chart shows, worked out from the table by the `chart` verb; the renderer draws it.
public struct ChartData: Sendable {
  public enum Kind: Sendable, Equatable { case bar, line, spark, funnel, funnelPlot }

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

    public init(label: String, value: Double?, missing: MissingReason? = nil, highlighted: Bool = false, lower: Double? = nil, upper: Double? = nil) {
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

    public init(name: String, values: [Double?], highlighted: Bool = false) {
      self.name = name
      self.values = values
      self.highlighted = highlighted
    }
  }

  public var kind: Kind
  public var title: String?
  /// What the values are ("value", "rate"), for axis and legend.
  public var valueName: String
  public var format: NumberFormat
  public var bars: [Bar] = []
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

  public init(kind: Kind, title: String?, valueName: String, format: NumberFormat) {
    self.kind = kind
    self.title = title
    self.valueName = valueName
    self.format = format
  }
}
