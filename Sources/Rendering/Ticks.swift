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
