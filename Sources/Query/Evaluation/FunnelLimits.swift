#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Control limits of a funnel plot, by the method of D. J. Spiegelhalter, *Funnel plots for
/// comparing institutional performance*, Statistics in Medicine 24 (2005) 1185–1202, appendix
/// A.1: the exact quantile of the count under the benchmark, interpolated between the discrete
/// steps so that the limits are smooth in the denominator (docs/methods.md).
///
/// - A proportion (orders completed of orders ended): the count is binomial(n, p0).
/// - A rate (orders per 10,000 people): the count is Poisson(θ0 n).
///
/// For a tail probability P (0.025 and 0.975 for the 95% limits, 0.001 and 0.999 for 99.8%),
/// r is the smallest count with F(r) ≥ P, α = (F(r) − P) / (F(r) − F(r − 1)), and the limit on
/// the count is r − α; divided by n it is a limit on the proportion or rate.
public enum FunnelLimits {
  /// The largest expected count whose Poisson limits are worked out (a funnel plot beyond it is
  /// refused): the distribution function's cost grows with the count.
  public static let largestPoissonMean = 10_000_000.0
  /// The largest number of trials whose binomial limits are worked out.
  public static let largestTrials = 1_000_000_000.0

  /// The tail probabilities of a two-sided limit at `level` percent: (0.025, 0.975) for 95.
  public static func tails(level: Double) -> (lower: Double, upper: Double) {
    let alpha = 1 - level / 100
    return (alpha / 2, 1 - alpha / 2)
  }

  /// The regularised incomplete beta function I_x(a, b), by its continued fraction (modified
  /// Lentz), on the side of x where it converges fast.
  static func incompleteBeta(_ x: Double, _ a: Double, _ b: Double) -> Double {
    if x <= 0 { return 0 }
    if x >= 1 { return 1 }
    let logFront = lgamma(a + b) - lgamma(a) - lgamma(b) + a * log(x) + b * log1p(-x)
    if x > (a + 1) / (a + b + 2) { return 1 - incompleteBeta(1 - x, b, a) }
    let tiny = 1e-300
    var c = 1.0
    var d = 1 - (a + b) * x / (a + 1)
    if abs(d) < tiny { d = tiny }
    d = 1 / d
    var h = d
    var m = 1.0
    while m < 100_000 {
      // The even step, then the odd one.
      let m2 = 2 * m
      h *= Intervals.lentzStep(m * (b - m) * x / ((a + m2 - 1) * (a + m2)), 1, c: &c, d: &d)
      let delta = Intervals.lentzStep(
        -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1)), 1, c: &c, d: &d)
      h *= delta
      if abs(delta - 1) < 1e-15 { break }
      m += 1
    }
    return min(1, max(0, exp(logFront) * h / a))
  }

  /// P(X ≤ r) for X binomial(n, p).
  public static func binomialCDF(_ r: Double, n: Double, p: Double) -> Double {
    if r < 0 { return 0 }
    if r >= n { return 1 }
    return incompleteBeta(1 - p, n - r, r + 1)
  }

  /// P(X ≤ r) for X Poisson(μ): Q(r + 1, μ), the upper regularised gamma function.
  public static func poissonCDF(_ r: Double, mean mu: Double) -> Double {
    if r < 0 { return 0 }
    if mu <= 0 { return 1 }
    return max(0, min(1, 1 - Intervals.gammaP(r + 1, mu)))
  }

  /// The smallest whole r in `low...high` with cdf(r) ≥ p (cdf increasing).
  static func quantile(_ p: Double, low: Double, high: Double, _ cdf: (Double) -> Double) -> Double
  {
    var lo = low
    var hi = high
    if cdf(lo) >= p { return lo }
    // cdf(lo) < p <= cdf(hi)
    while hi - lo > 1 {
      let mid = (lo + (hi - lo) / 2).rounded(.down)
      if cdf(mid) >= p { hi = mid } else { lo = mid }
    }
    return hi
  }

  /// The smallest whole r in `low...high` with cdf(r) ≥ p, searched for in a bracket around the
  /// normal approximation `guess + z·spread` (off by a count or two), widened until it holds:
  /// each step of the search costs a distribution function, which is slow for large counts, so
  /// a few steps in a narrow bracket beat a bisection of the whole range.
  static func bracketedQuantile(
    _ p: Double, guess mean: Double, spread: Double, low floor: Double, high ceiling: Double,
    _ cdf: (Double) -> Double
  ) -> Double {
    let low = lowerBracket(p, guess: mean, spread: spread, low: floor, cdf)
    let guess = mean + Intervals.normalQuantile(p) * spread
    var width = 8 + 0.01 * spread
    var high = min(ceiling, (guess + width).rounded(.up))
    while high < ceiling && cdf(high) < p {
      width *= 4
      high = min(ceiling, (guess + width).rounded(.up))
    }
    return quantile(p, low: low, high: high, cdf)
  }

  /// The smallest whole r ≥ `low` with F(r) ≥ p, and Spiegelhalter's r − α there, by a walk up
  /// the distribution from one exact value: F(low) and P(X = low) given, each next probability
  /// from the one before by `ratio` (P(X = r + 1) / P(X = r)), so the search costs one
  /// distribution function, not one a step. Nil when F(low) ≥ p already, or when the walk would
  /// be long (beyond `high`, or a few thousand steps).
  static func walkedLimit(
    _ p: Double, low: Double, high: Double, cdf: Double, mass: Double,
    ratio: (Double) -> Double
  ) -> Double? {
    guard cdf < p, mass.isFinite, mass > 0, high - low <= 4096 else { return nil }
    var r = low
    var f = cdf
    var m = mass
    while f < p {
      guard r < high else { return nil }
      m *= ratio(r)
      r += 1
      f += m
    }
    // F(r − 1) < p ≤ F(r) = f, and m = P(X = r) = F(r) − F(r − 1).
    return r - min(f - p, m) / m
  }

  /// The bracket's lower end for `bracketedQuantile`'s search: below the quantile, widened
  /// until F is under p there (or it reaches `floor`).
  static func lowerBracket(
    _ p: Double, guess mean: Double, spread: Double, low floor: Double,
    _ cdf: (Double) -> Double
  ) -> Double {
    let guess = mean + Intervals.normalQuantile(p) * spread
    var width = 8 + 0.01 * spread
    var low = max(floor, (guess - width).rounded(.down))
    while low > floor && cdf(low) >= p {
      width *= 4
      low = max(floor, (guess - width).rounded(.down))
    }
    return low
  }

  /// Spiegelhalter's interpolated limit on the count: r − α.
  static func interpolated(_ p: Double, r: Double, _ cdf: (Double) -> Double) -> Double {
    let at = cdf(r)
    let below = cdf(r - 1)
    let step = at - below
    guard step > 0 else { return r }
    return r - (at - p) / step
  }

  /// The limit on a proportion of `n` trials around the benchmark proportion `p0`, at the tail
  /// probability `p`; between 0 and 1.
  public static func binomialLimit(_ p: Double, n: Double, benchmark p0: Double) -> Double {
    guard n >= 1 else { return p < 0.5 ? 0 : 1 }
    let trials = n.rounded()
    var known = KnownValues()
    let cdf = { (r: Double) in known.value(at: r) { binomialCDF($0, n: trials, p: p0) } }
    let mean = trials * p0
    let spread = (mean * (1 - p0)).squareRoot()
    if p0 > 0 && p0 < 1 {
      let low = lowerBracket(p, guess: mean, spread: spread, low: 0, cdf)
      let logMass =
        lgamma(trials + 1) - lgamma(low + 1) - lgamma(trials - low + 1) + low * log(p0)
        + (trials - low) * log1p(-p0)
      let odds = p0 / (1 - p0)
      if let limit = walkedLimit(
        p, low: low, high: trials, cdf: cdf(low), mass: exp(logMass),
        ratio: { r in (trials - r) / (r + 1) * odds })
      {
        return min(1, max(0, limit / trials))
      }
    }
    let r = bracketedQuantile(p, guess: mean, spread: spread, low: 0, high: trials, cdf)
    return min(1, max(0, interpolated(p, r: r, cdf) / trials))
  }

  /// The limit on a rate (per unit of `n`) of a Poisson count with mean `θ0 n`, at the tail
  /// probability `p`; at least 0.
  public static func poissonLimit(_ p: Double, n: Double, benchmark theta: Double) -> Double {
    guard n > 0 else { return 0 }
    let mu = theta * n
    var known = KnownValues()
    let cdf = { (r: Double) in known.value(at: r) { poissonCDF($0, mean: mu) } }
    if mu > 0 {
      let low = lowerBracket(p, guess: mu, spread: mu.squareRoot(), low: 0, cdf)
      if let limit = walkedLimit(
        p, low: low, high: .infinity, cdf: cdf(low),
        mass: exp(low * log(mu) - mu - lgamma(low + 1)),
        ratio: { r in mu / (r + 1) })
      {
        return max(0, limit / n)
      }
    }
    let r = bracketedQuantile(p, guess: mu, spread: mu.squareRoot(), low: 0, high: .infinity, cdf)
    return max(0, interpolated(p, r: r, cdf) / n)
  }

  /// The limit at `level` percent, `upper` or lower, on a proportion (`isProportion`) or rate
  /// per unit of `n`.
  public static func limit(
    level: Double, upper: Bool, n: Double, benchmark: Double, isProportion: Bool
  ) -> Double {
    let (lo, hi) = tails(level: level)
    let p = upper ? hi : lo
    return isProportion
      ? binomialLimit(p, n: n, benchmark: benchmark) : poissonLimit(p, n: n, benchmark: benchmark)
  }
}

/// The values of a distribution function already worked out in one search: the search ends on
/// r − 1 and r, and the interpolation between them asks for both again.
struct KnownValues {
  private var known: [(at: Double, value: Double)] = []

  mutating func value(at x: Double, _ work: (Double) -> Double) -> Double {
    if let hit = known.first(where: { $0.at == x }) { return hit.value }
    let value = work(x)
    known.append((x, value))
    return value
  }
}
