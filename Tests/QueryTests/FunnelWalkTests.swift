@testable import Query
import Testing

/// The funnel limits walk up the distribution from one exact value; the search they replaced
/// asks the exact distribution function at every step. The two must agree, from one trial to a
/// billion and for Poisson means up to the largest allowed.
@Suite("funnel limits by a walk")
struct FunnelWalkTests {
  /// The limit by the bracketed search with an exact distribution function at each step.
  func searched(
    _ p: Double, n: Double, _ cdf: @escaping (Double) -> Double, mean: Double,
    spread: Double, high: Double
  ) -> Double {
    let r = FunnelLimits.bracketedQuantile(
      p, guess: mean, spread: spread, low: 0, high: high, cdf)
    return FunnelLimits.interpolated(p, r: r, cdf) / n
  }

  @Test func binomialLimitsAgreeWithTheSearch() {
    for n in [1.0, 2, 3, 7, 40, 100, 999, 12_345, 250_000, 3_000_000, 1_000_000_000] {
      for p0 in [0.0005, 0.03, 0.5, 0.711, 0.97, 0.9995] {
        for p in [0.001, 0.025, 0.975, 0.999] {
          let mean = n * p0
          let walked = FunnelLimits.binomialLimit(p, n: n, benchmark: p0)
          let reference = min(
            1,
            max(
              0,
              searched(
                p, n: n, { FunnelLimits.binomialCDF($0, n: n, p: p0) }, mean: mean,
                spread: (mean * (1 - p0)).squareRoot(), high: n)))
          #expect(
            abs(walked - reference) <= 1e-9 * max(abs(reference), 1e-6),
            "n \(n), p0 \(p0), p \(p): walked \(walked), searched \(reference)")
        }
      }
    }
  }

  @Test func poissonLimitsAgreeWithTheSearch() {
    for mu in [0.01, 0.5, 3, 25, 400, 10_000, 2_000_000, FunnelLimits.largestPoissonMean] {
      for p in [0.001, 0.025, 0.975, 0.999] {
        let n = 1000.0
        let walked = FunnelLimits.poissonLimit(p, n: n, benchmark: mu / n)
        let reference = max(
          0,
          searched(
            p, n: n, { FunnelLimits.poissonCDF($0, mean: mu) }, mean: mu,
            spread: mu.squareRoot(), high: .infinity))
        #expect(
          abs(walked - reference) <= 1e-9 * max(abs(reference), 1e-6),
          "mean \(mu), p \(p): walked \(walked), searched \(reference)")
      }
    }
  }
}
