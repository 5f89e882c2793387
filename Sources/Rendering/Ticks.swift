import Tables

/// Readable tick steps: 1, 2 or 5 times a power of ten.
enum Ticks {
  static func step(for span: Double, count: Int) -> Double {
    guard span > 0, span.isFinite else { return 1 }
    let raw = span / Double(max(1, count))
    var magnitude = 1.0
    while magnitude * 10 <= raw { magnitude *= 10 }
    while magnitude > raw { magnitude /= 10 }
    for m in [1.0, 2.0, 5.0, 10.0] where m * magnitude >= raw { return m * magnitude }
    return 10 * magnitude
  }

  /// The format of the tick labels for figures shown in `format`: unsigned, whole when the step
  /// is, and with the decimals a step under 1 needs (so steps of 0.5 are not all labelled 0 or
  /// 1). One rule for every chart, in the terminal and in SVG.
  static func labelFormat(_ format: NumberFormat, ticks: [Double]) -> NumberFormat {
    var labels = format
    labels.isSigned = false
    let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
    if step < 1 {
      labels.decimals = max(labels.decimals, step < 0.1 ? 2 : 1)
    } else if step == step.rounded() {
      labels.decimals = 0
    }
    return labels
  }

  /// Ticks covering `low...high`, on multiples of the step.
  static func ticks(low: Double, high: Double, count: Int = 5) -> [Double] {
    let step = step(for: high - low, count: count)
    let first = (low / step).rounded(.down) * step
    let last = (high / step).rounded(.up) * step
    var ticks: [Double] = []
    var t = first
    while t <= last + step / 2 {
      ticks.append(abs(t) < step / 1e6 ? 0 : t)
      t += step
    }
    return ticks.count >= 2 ? ticks : [first, first + step]
  }
}
