import Query
import Tables
import Testing

@testable import Rendering

/// The steps of a line chart, beside the goldens that check what they draw together.
@Suite("Line chart steps")
struct LineChartTests {
  /// The scale reaches from its first tick to its last, holds every value, and puts the ends of
  /// the range on the bottom and top rows; a flat series still gets a range to sit in.
  @Test(arguments: [[5.0, 5.0], [0, 0], [-3, 12.5], [0.01, 0.02, 0.04], [120, 135, 990]])
  func scaleHoldsEveryValue(values: [Double]) throws {
    let minimum = try #require(values.min())
    let maximum = try #require(values.max())
    let scale = LineChart.Scale(values, minimum: minimum, maximum: maximum, format: .integer)
    #expect(scale.low == scale.ticks.first && scale.high == scale.ticks.last)
    #expect(scale.low < scale.high)
    #expect(values.allSatisfy { scale.low <= $0 && $0 <= scale.high })
    #expect(scale.row(scale.low) == 0 && scale.row(scale.high) == scale.height - 1)
    #expect(!scale.tickFormat.isSigned)
  }

  /// Counts get whole ticks.
  @Test func countsGetWholeTicks() {
    let scale = LineChart.Scale([1, 2], minimum: 1, maximum: 2, format: .integer)
    #expect(scale.ticks.allSatisfy { $0 == $0.rounded() })
    #expect(scale.high - scale.low >= 4)
  }

  /// The first period on the first column, the last on the last, one alone in the middle.
  @Test func periodsSpanThePlot() {
    let across = LineChart.Across(periods: 5, plotWidth: 41)
    #expect(across.column(0) == 0 && across.column(4) == 40 && across.column(2) == 20)
    #expect(LineChart.Across(periods: 1, plotWidth: 41).column(0) == 20)
  }
}
