import Foundation
import PropertyBased
import Testing

@testable import Tables

@Suite("Rounding printed figures")
struct NumberFormattingTests {
  // Regression (issue 11): the "treat as a half" tolerance grew with magnitude and invented digits.
  @Test func noDigitIsInventedAtAnyMagnitude() {
    #expect(NumberFormatting.format(538, decimals: 6, grouping: false) == "538.000000")
    #expect(NumberFormatting.format(277.3333333, decimals: 6, grouping: false) == "277.333333")
    #expect(NumberFormatting.format(60_000_000.2, decimals: 6) == "60,000,000.200000")
    #expect(NumberFormatting.format(1e20, decimals: 0) == "100,000,000,000,000,000,000")
    #expect(NumberFormatting.format(1.5e-7, decimals: 3) == "0.000")
  }

  @Test func halvesGoAwayFromZeroOnTheNumberAsWritten() {
    #expect(NumberFormatting.format(2.675, decimals: 2) == "2.68")
    #expect(NumberFormatting.format(-0.125, decimals: 2) == "-0.13")
    #expect(NumberFormatting.format(0.5, decimals: 0) == "1")
    #expect(NumberFormatting.format(-0.4, decimals: 0) == "0")
    #expect(NumberFormatting.format(9.995, decimals: 2) == "10.00")
    #expect(NumberFormatting.format(999_999.5, decimals: 0) == "1,000,000")
    #expect(NumberFormatting.format(0.05, decimals: 1) == "0.1")
    #expect(NumberFormatting.format(1.45, decimals: 1) == "1.5")
  }

  /// Against Foundation's decimal arithmetic, rounding the same shortest form half up (`.plain`).
  @Test func agreesWithExactDecimalRounding() async {
    await propertyCheck(
      count: 2000, input: Gen.int(in: -2_000_000_000...2_000_000_000), Gen.int(in: 0...9),
      Gen.int(in: 0...6)
    ) { units, scaleExponent, places in
      let value = Double(units) / pow(10, Double(scaleExponent))
      var exact = Decimal(string: value.description)!
      var rounded = Decimal()
      NSDecimalRound(&rounded, &exact, places, .plain)
      let shown = NumberFormatting.format(value, decimals: places, grouping: false)
      #expect(Decimal(string: shown) == rounded, "\(value) at \(places): \(shown), not \(rounded)")
      // As many places as asked, and no more.
      #expect(shown.split(separator: ".").dropFirst().first?.count ?? 0 == places)
    }
  }

  @Test func dataFilesKeepEveryDigitAndDropBinaryNoise() {
    #expect(NumberFormatting.data(277.3333333) == "277.3333333")
    #expect(NumberFormatting.data(60_000_000.2) == "60000000.2")
    #expect(NumberFormatting.data(538) == "538")
    #expect(NumberFormatting.data(0.1 + 0.2) == "0.3")
    #expect(NumberFormatting.data(2.0 / 3.0) == "0.666666666666667")
    #expect(NumberFormatting.data(-0.000123) == "-0.000123")
    #expect(NumberFormatting.data(1.5e20) == "150000000000000000000")
    #expect(Double(NumberFormatting.data(1e-30)) == 1e-30)
  }

  /// A number read from text is written back as the same text, for any number of digits up to 15.
  @Test func dataRoundTripsWhatWasRead() async {
    await propertyCheck(
      count: 1000, input: Gen.int(in: -999_999_999...999_999_999), Gen.int(in: 0...6)
    ) { units, scaleExponent in
      let text =
        scaleExponent == 0
        ? "\(units)"
        : {
          let magnitude = String(abs(units))
          let padded =
            String(repeating: "0", count: max(0, scaleExponent + 1 - magnitude.count)) + magnitude
          var s =
            String(padded.dropLast(scaleExponent)) + "." + String(padded.suffix(scaleExponent))
          while s.hasSuffix("0") { s.removeLast() }
          if s.hasSuffix(".") { s.removeLast() }
          return (units < 0 ? "-" : "") + s
        }()
      let value = Double(text)!
      let expected = value == 0 ? "0" : text
      #expect(NumberFormatting.data(value) == expected, "\(text)")
    }
  }
}
