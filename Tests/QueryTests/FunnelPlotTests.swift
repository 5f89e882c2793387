import Query
import Tables
import Testing

/// `funnelplot`. The limits themselves are checked against scipy in Tests/Oracle/funnel_limits.py;
/// the worked values here are scipy 1.17's, by Spiegelhalter's (2005) interpolation.
@Suite("funnel plots")
struct FunnelPlotTests {
  @Test func limitsAgreeWithScipy() {
    // scipy: binom.ppf(0.975, 100, 0.7) = 79, cdf(79) = 0.98353715, cdf(78) = 0.97116875, so
    // (79 - (0.98353715 - 0.975) / (0.98353715 - 0.97116875)) / 100 = 0.783097614208927.
    #expect(
      abs(FunnelLimits.binomialLimit(0.975, n: 100, benchmark: 0.7) - 0.783097614208927) < 1e-12)
    // 0 of 1 and 1 of 1 stay within 0..1.
    #expect(FunnelLimits.binomialLimit(0.001, n: 1, benchmark: 0.7) >= 0)
    #expect(FunnelLimits.binomialLimit(0.999, n: 1, benchmark: 0.7) <= 1)
    // The Poisson limits widen as the denominator shrinks, and sit either side of the benchmark.
    let wide = FunnelLimits.poissonLimit(0.999, n: 20_000, benchmark: 0.0043)
    let narrow = FunnelLimits.poissonLimit(0.999, n: 600_000, benchmark: 0.0043)
    #expect(wide > narrow && narrow > 0.0043)
    #expect(FunnelLimits.poissonLimit(0.001, n: 600_000, benchmark: 0.0043) < 0.0043)
  }

  @Test func pointsAreSetAgainstScotlandAndTheOnesOutsideNamed() throws {
    let f = try frame(
      #"indicators | where year = 2023-24 | rate "CPOs completed" / "CPOs ended" by area | funnelplot highlight "Fife""#
    )
    #expect(
      f.table.columnNames == [
        "area", "CPOs completed", "CPOs ended", "rate", "95% lower", "95% upper", "99.8% lower",
        "99.8% upper", "position",
      ])
    // Scotland is the benchmark, not a point.
    #expect(f.table.rowCount == 32)
    #expect(!column(f.table, "area").contains("Scotland"))
    #expect(f.notes.contains { $0.text == "benchmark: Scotland, 71.1% (10,379 of 14,598)" })
    guard case .chart(let chart)? = f.display, let plot = chart.funnelPlot else {
      Issue.record("no funnel plot")
      return
    }
    #expect(plot.points.first { $0.label == "Fife" }?.highlighted == true)
    let limits = plot.limitsAlongAxis()
    #expect(limits.count == 240 && limits.map(\.denominator) == limits.map(\.denominator).sorted())
    // Every area outside is named in a note, and the counts add up.
    let outside = plot.points.filter { $0.position.isOutside }
    for p in outside { #expect(f.notes.contains { $0.text.contains("\(p.label) (") }) }
    #expect(
      f.notes.contains {
        $0.text
          == "within the 95% limits: \(NumberFormatting.count(32 - outside.count, "area")) of 32"
      })
    // Orkney's few orders: within its wide limits.
    #expect(plot.points.first { $0.label == "Orkney Islands" }?.position == .within)
  }

  @Test func pooledAndAgainstAnArea() throws {
    let pooled = try frame(
      #"indicators | where year = 2023-24 and area != "Scotland" | rate "CPOs completed" / "CPOs ended" by area | funnelplot pooled"#
    )
    #expect(pooled.notes.contains { $0.text.hasPrefix("benchmark: the 32 areas pooled, ") })
    let against = try frame(
      #"indicators | where year = 2023-24 | rate "CPOs completed" / "CPOs ended" by area | funnel plot against "Highland""#
    )
    #expect(against.notes.contains { $0.text.hasPrefix("benchmark: Highland, 62.8%") })
    #expect(against.table.rowCount == 31)
    let rates = try frame(
      #"indicators | where measure = "CPOs commenced" and year = 2018-19 | rate per 10000 population | funnelplot"#
    )
    #expect(
      rates.notes.contains {
        $0.text.hasPrefix("limits: 95% and 99.8% around the benchmark, exact Poisson quantiles")
      })
  }

  @Test func refusalsSayWhy() {
    #expect(
      diagnostic("indicators | funnelplot")?.message.hasPrefix(
        "a funnel plot needs the count and the denominator behind each rate") == true)
    #expect(
      diagnostic(
        #"indicators | where year last 2 | rate "CPOs completed" / "CPOs ended" by area | funnelplot"#
      )?.message
        == "a funnel plot compares areas in one period, and this table has 2 (year)")
    #expect(
      diagnostic(
        #"indicators | where year = 2023-24 and area != "Scotland" | rate "CPOs completed" / "CPOs ended" by area | funnelplot"#
      )?.message
        == "Scotland is not in this table, so there is no benchmark")
    let typo = diagnostic(
      #"indicators | where year = 2023-24 | rate "CPOs completed" / "CPOs ended" by area | funnelplot against "Highlnd""#
    )
    #expect(typo?.label == "did you mean \"Highland\"?")
    #expect(
      diagnostic(
        #"indicators | where year = 2023-24 | rate "CPOs completed" / "CPOs ended" by area | funnelplot poled"#
      )?.label == "did you mean `pooled`?")
    #expect(
      diagnostic(
        #"indicators | where year = 2023-24 | rate "CPOs completed" / "CPOs ended" by area | funnelplot pooled against "Fife""#
      )?.message == "say `pooled` or `against`, not both")
    let t = table("area,done,ended\nFife,0.5,4\nAngus,1.5,3\nScotland,2,7\n")
    #expect(
      diagnostic("t | rate done / ended | funnelplot", on: t)?.message.hasPrefix(
        "a funnel plot needs whole counts of their denominator") == true)
  }

  /// Exact limits cost more as counts grow: bounded, and refused with the reason beyond.
  @Test func hugeCountsAreRefusedNotLeftToRun() {
    let t = table(
      "area,measure,value\nFife,a,700000000\nFife,b,1000000000\nAngus,a,7\nAngus,b,10\nScotland,a,7000000\nScotland,b,10000000\n"
    )
    let d = diagnostic(#"t | rate "a" / "b" by area per 1000 | funnelplot"#, on: t)
    #expect(
      d?.message.hasSuffix("is beyond cjnb's exact Poisson limits, which go to 10,000,000") == true)
    let big = table(
      "area,measure,value\nFife,a,2000000000\nFife,b,3000000000\nAngus,a,5\nAngus,b,9\n")
    let f = try? frame(#"t | rate "a" / "b""#, on: big)
    // scipy: 100 * binomtest(5, 9).proportion_ci(method="wilson").low = 26.665
    #expect(f.map { column($0.table, "lower") } == ["26.665", "[x]"])
    #expect(
      f?.notes.contains {
        $0.text.hasPrefix("[x] in lower and upper: 1 row whose count is above 1,000,000,000")
      } == true)
  }

  @Test func areasWithNoFigureAreSaidNotDrawn() throws {
    let t = table(
      "area,done,ended\nFife,30,40\nAngus,[c],30\nMoray,20,35\nFalkirk,25,33\nScotland,500,700\n")
    let f = try frame("t | rate done / ended | funnelplot", on: t)
    #expect(f.table.rowCount == 3)
    #expect(f.notes.contains { $0.text == "not drawn, having no figure: Angus ([c])" })
  }
}

/// The words of narrate, assess and funnel, set by the intervals.
@Suite("words that match the statistics")
struct StatisticalWordsTests {
  @Test func differenceIntervalIsNewcombesMethod10() {
    // Newcombe (1998), Statistics in Medicine 17:873-890, table II, example (a): 56/70 - 48/80,
    // method 10 (the score intervals combined): +0.0524 to +0.3339.
    let a = Intervals.wilson(56, 70)
    let b = Intervals.wilson(48, 80)
    let d = Narrator.differenceInterval(
      0.8, Narrator.Interval(lower: a.lower, upper: a.upper), 0.6,
      Narrator.Interval(lower: b.lower, upper: b.upper))
    #expect(abs(d.lower - 0.0524) < 5e-5 && abs(d.upper - 0.3339) < 5e-5)
    #expect(
      !Narrator.withinChance(
        0.8, Narrator.Interval(lower: a.lower, upper: a.upper), 0.6,
        Narrator.Interval(lower: b.lower, upper: b.upper)))
  }

  @Test func narrateSaysWhetherAChangeAndADifferenceAreBeyondChance() throws {
    let small = try frame(
      #"indicators | where area = "Orkney Islands" | rate "CPOs completed" / "CPOs ended" | narrate"#
    )
    guard case .prose(let orkney)? = small.display else { Issue.record("no prose"); return }
    #expect(orkney.contains("The change is within the range expected by chance"))
    let large = try frame(
      #"indicators | where area in ("Fife", "Scotland") | rate "CPOs completed" / "CPOs ended" by area | compare with scotland | where area = "Fife" | narrate"#
    )
    guard case .prose(let fife)? = large.display else { Issue.record("no prose"); return }
    #expect(
      fife.hasPrefix(
        "CPOs completed as a percentage of CPOs ended in Fife fell by 6.4 percentage points"))
    #expect(fife.contains("The change is statistically significant"))
    #expect(
      fife.contains(
        "It is similar to Scotland's 71.1%: the difference is within the range expected by chance"))
    let glasgow = try frame(
      #"indicators | where measure = "CPOs commenced" and year <= 2018-19 and area in ("Glasgow City", "Scotland") | rate per 10000 population | compare with scotland | where area = "Glasgow City" | narrate"#
    )
    guard case .prose(let g)? = glasgow.display else { Issue.record("no prose"); return }
    #expect(g.contains("It is statistically significantly higher than Scotland's 43.2"))
  }

  @Test func theAttritionFunnelSaysItsStagesAreNotTheSamePeople() throws {
    let f = try frame(
      #"indicators | where area = "Scotland" and year = 2023-24 | funnel "assessments undertaken" > "cases commenced" > "cases completed""#
    )
    #expect(
      f.notes.contains {
        $0.text.hasPrefix("the stages counted in one year are not the same people")
      })
  }
}

@Suite("a kept rate stays a rate")
struct KeptRateTests {
  /// A rate kept with `let`, or continued from `_`, still has what it divides: funnelplot,
  /// compare with a group and trend of windows work on it.
  @Test func keptAndContinuedRatesKeepTheirBasis() throws {
    let w = workspace()
    _ = try w.run(
      Parser.parseCommand(
        #"let c = indicators | where year = 2023-24 | rate "CPOs completed" / "CPOs ended" by area"#
      ))
    let output = try w.run(Parser.parseCommand("c | funnelplot"))
    guard case .frame(let f)? = output.blocks.first else { Issue.record("no frame"); return }
    #expect(f.table.rowCount == 32)
    let again = try w.run(Parser.parseCommand("funnelplot pooled"))
    guard case .frame(let g)? = again.blocks.first else { Issue.record("no frame"); return }
    #expect(g.notes.contains { $0.text.hasPrefix("benchmark: the 32 areas pooled") })
  }
}
