import Foundation
@testable import Query
import Tables
import Testing

/// Confidence intervals. The values here are scipy 1.17's (binomtest(...).proportion_ci(method=
/// "wilson") and chi2.ppf); Tests/Oracle/intervals.py checks hundreds more against scipy itself.
@Suite("Confidence intervals")
struct IntervalTests {
  @Test func wilsonAndExactPoissonAgreeWithScipy() {
    let w = Intervals.wilson(34, 44)
    #expect(abs(w.lower - 0.6300764193536366) < 1e-12 && abs(w.upper - 0.8715805240508285) < 1e-12)
    // 0% and 100% have one limit at the edge.
    #expect(Intervals.wilson(0, 20).lower == 0)
    #expect(Intervals.wilson(20, 20).upper == 1)
    // scipy: chi2.ppf(0.025, 2*5)/2 = 1.6235, chi2.ppf(0.975, 12)/2 = 11.66833
    let p = Intervals.poisson(5)
    #expect(abs(p.lower - 1.6234863901184) < 1e-9 && abs(p.upper - 11.66833207932267) < 1e-9)
    #expect(Intervals.poisson(0).lower == 0)
    #expect(abs(Intervals.poisson(0).upper - 3.6888794541139) < 1e-9)
    #expect(abs(Intervals.z(level: 99.8) - 3.090232306167813) < 1e-12)
  }

  @Test func ratesCarryTheirIntervalAndCompareSaysWhatTheyCanSupport() throws {
    let f = try frame(
      #"indicators | where measure = "CPOs commenced" and year = 2018-19 and area in ("Orkney Islands", "Fife", "Glasgow City", "Scotland") | rate per 10000 population 16-70 ci | compare with scotland"#
    )
    let names = f.table.columnNames
    #expect(names.contains("lower") && names.contains("upper") && names.contains("significance"))
    let area = f.table.columnIndex(named: "area")!
    let verdict = f.table.columnIndex(named: "significance")!
    let verdicts = Dictionary(
      uniqueKeysWithValues: (0..<f.table.rowCount).map { r in
        (f.table.value(row: r, column: area), f.table.value(row: r, column: verdict))
      })
    #expect(verdicts[.text("Fife")] == .text("lower"))
    #expect(verdicts[.text("Glasgow City")] == .text("higher"))
    // Orkney's rate looks lower, but its interval holds Scotland's.
    #expect(verdicts[.text("Orkney Islands")] == .text("similar"))
    #expect(
      f.notes.contains {
        $0.text.hasPrefix("lower, upper: the 95% confidence interval (exact Poisson limits")
      })
  }

  @Test func countsComparedRawAreSaidToReflectSize() throws {
    let f = try frame(
      #"indicators | where measure = "CPOs commenced" and year = 2018-19 | compare with scotland"#)
    #expect(
      f.notes.contains {
        $0.text.hasPrefix("these are counts, which mostly reflect each area's size")
      })
    #expect(
      diagnostic(#"indicators | rate per 10000 population ci 120"#)?.message
        == "a confidence level is a percentage between 50 and 100")
  }
}
