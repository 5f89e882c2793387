import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Confidence intervals for the rates and percentages cjnb computes, by the methods of the
/// public-health guidance on confidence intervals (docs/methods.md):
///
/// - a count behind a rate (cases per 10,000 people) is Poisson: exact limits from the
///   chi-squared distribution, `L = χ²(α/2; 2O) / 2`, `U = χ²(1 - α/2; 2O + 2) / 2` (Garwood);
/// - a proportion (orders completed of orders ended) is binomial: the Wilson score interval.
public enum Intervals {
  /// The standard normal quantile: z with Φ(z) = p, for 0 < p < 1 (1.959964 for 0.975).
  public static func normalQuantile(_ p: Double) -> Double {
    precondition(p > 0 && p < 1)
    // The same few tails are asked for again and again (four for every limit of a funnel
    // plot, one for every interval at a level), and each costs some fifty erfc's.
    if let known = knownQuantiles.withLock({ $0[p] }) { return known }
    // Φ(x) = erfc(-x / √2) / 2 is increasing: bisection to the last bit.
    var lo = -40.0
    var hi = 40.0
    for _ in 0..<200 {
      let mid = (lo + hi) / 2
      if 0.5 * erfc(-mid / 2.0.squareRoot()) < p { lo = mid } else { hi = mid }
      if hi - lo < 1e-15 { break }
    }
    let z = (lo + hi) / 2
    knownQuantiles.withLock { known in
      if known.count < 64 { known[p] = z }
    }
    return z
  }

  /// Quantiles worked out already in this process, by tail probability (at most 64).
  private static let knownQuantiles = Mutex<[Double: Double]>([:])

  /// The z for a two-sided interval at `level` percent: 1.96 for 95, 3.09 for 99.8.
  public static func z(level: Double) -> Double { normalQuantile(1 - (1 - level / 100) / 2) }

  /// One step of the modified Lentz method for a continued fraction b₀ + a₁/(b₁ + a₂/(b₂ + ...)):
  /// takes the term (a, b) into the running `c` and `d` and gives the factor by which the
  /// fraction's value changes, 1 when it has converged. The incomplete gamma and beta functions
  /// (here and in `FunnelLimits`) both evaluate their fractions by it.
  @inline(__always) static func lentzStep(
    _ a: Double, _ b: Double, c: inout Double, d: inout Double
  ) -> Double {
    let tiny = 1e-300
    d = b + a * d
    if abs(d) < tiny { d = tiny }
    c = b + a / c
    if abs(c) < tiny { c = tiny }
    d = 1 / d
    return d * c
  }

  /// The regularised lower incomplete gamma function P(a, x).
  static func gammaP(_ a: Double, _ x: Double) -> Double {
    guard x > 0 else { return 0 }
    let logPrefix = -x + a * log(x) - lgamma(a)
    if x < a + 1 {
      // The series: Σ xⁿ / (a (a+1) ... (a+n)).
      var term = 1 / a
      var sum = term
      var n = 1.0
      while n < 2_000_000 {
        term *= x / (a + n)
        sum += term
        if abs(term) < abs(sum) * 1e-16 { break }
        n += 1
      }
      return min(1, sum * exp(logPrefix))
    }
    // The continued fraction for Q(a, x) (modified Lentz).
    let tiny = 1e-300
    var b = x + 1 - a
    var c = 1 / tiny
    var d = 1 / b
    var h = d
    var i = 1.0
    while i < 2_000_000 {
      b += 2
      let delta = lentzStep(-i * (i - a), b, c: &c, d: &d)
      h *= delta
      if abs(delta - 1) < 1e-16 { break }
      i += 1
    }
    return max(0, 1 - exp(logPrefix) * h)
  }

  /// The chi-squared quantile: x with P(χ²_df ≤ x) = p.
  ///
  /// Newton's method from the Wilson–Hilferty approximation, kept inside a bracket that every
  /// step narrows, and a bisection step wherever Newton's would leave it: a handful of
  /// evaluations of the incomplete gamma function instead of fifty.
  public static func chiSquareQuantile(_ p: Double, degrees df: Double) -> Double {
    guard p > 0 else { return 0 }
    let a = df / 2
    func cdf(_ x: Double) -> Double { gammaP(a, x / 2) }
    // The density of χ²_df at x, in logs for large df.
    func density(_ x: Double) -> Double { exp((a - 1) * log(x) - x / 2 - a * log(2.0) - lgamma(a)) }
    var lo = 0.0
    var hi = max(1.0, df)
    while cdf(hi) < p { hi *= 2 }
    let z = normalQuantile(p)
    let h = 2 / (9 * df)
    var x = df * pow(max(1e-12, 1 - h + z * h.squareRoot()), 3)
    if !(x > lo && x < hi) { x = (lo + hi) / 2 }
    for _ in 0..<200 {
      let fx = cdf(x) - p
      if fx < 0 { lo = x } else { hi = x }
      if hi - lo <= 1e-14 * max(1, hi) || fx == 0 { break }
      let d = density(x)
      var next = d > 0 && d.isFinite ? x - fx / d : .nan
      if !(next > lo && next < hi) { next = (lo + hi) / 2 }
      if abs(next - x) <= 1e-15 * max(1, x) {
        x = next
        break
      }
      x = next
    }
    return x
  }

  /// Exact Poisson limits for an observed count (a count of 0 has a lower limit of 0).
  public static func poisson(_ observed: Double, level: Double = 95) -> (
    lower: Double, upper: Double
  ) {
    let alpha = 1 - level / 100
    let lower = observed <= 0 ? 0 : chiSquareQuantile(alpha / 2, degrees: 2 * observed) / 2
    let upper = chiSquareQuantile(1 - alpha / 2, degrees: 2 * observed + 2) / 2
    return (lower, upper)
  }

  /// The Wilson score interval of the proportion `successes / trials`, as proportions.
  public static func wilson(_ successes: Double, _ trials: Double, level: Double = 95) -> (
    lower: Double, upper: Double
  ) {
    guard trials > 0 else { return (0, 1) }
    let z = z(level: level)
    let p = successes / trials
    let z2 = z * z
    let centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    let half =
      z * (p * (1 - p) / trials + z2 / (4 * trials * trials)).squareRoot() / (1 + z2 / trials)
    return (max(0, centre - half), min(1, centre + half))
  }
}
