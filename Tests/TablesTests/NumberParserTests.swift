import Testing

@testable import Tables

@Suite("Numbers as published")
struct NumberParserTests {
  @Test(arguments: [
    ("12150", 12150.0), ("12,150", 12150), ("1,234", 1234), ("1,234,567", 1_234_567), ("45.0", 45),
    ("-3", -3), ("+7", 7), ("2.29E0", 2.29), ("1e3", 1000), ("0.5", 0.5), (".5", 0.5), (" 42 ", 42),
    ("-1,234.5", -1234.5),
  ])
  func readsNumbers(text: String, expected: Double) {
    let p = NumberParser.parse(text)
    #expect(p.kind == .number)
    #expect(p.value == expected)
  }

  @Test func percentKeepsThePercentage() {
    let p = NumberParser.parse("45%")
    #expect(p.kind == .number && p.value == 45 && p.isPercent)
    #expect(NumberParser.parse("45.5 %").value == 45.5)
  }

  @Test func decimalsAsWritten() {
    #expect(NumberParser.parse("45.0").decimals == 1)
    #expect(NumberParser.parse("2.29E0").decimals == 2)
    #expect(NumberParser.parse("12,150").decimals == 0)
  }

  @Test(arguments: [
    ("123[p]", ValueMarker.provisional), ("1,000 [e]", .estimated), ("7[r]", .revised),
    ("5[u]", .lowReliability),
  ])
  func markersKeepNumberAndMarker(text: String, marker: ValueMarker) {
    let p = NumberParser.parse(text)
    #expect(p.kind == .number)
    #expect(p.marker == marker)
    #expect(p.value == Double(text.prefix { $0.isNumber || $0 == "," }.filter { $0 != "," }))
  }

  @Test(arguments: [
    ("[c]", MissingReason.confidential), ("[x]", .notAvailable), ("[z]", .notApplicable),
    ("[low]", .roundsToZero),
    ("[u]", .lowReliability), ("..", .dots), ("*", .star), ("-", .dash), ("", .empty),
    ("  ", .empty), ("[C]", .confidential),
  ])
  func missingSymbolsKeepTheirReason(text: String, reason: MissingReason) {
    let p = NumberParser.parse(text)
    #expect(p.kind == .missing)
    #expect(p.missing == reason)
  }

  @Test(arguments: [
    "1,23", "12,1500", ",123", "12,,150", "abc", "1.2.3", "12 150", "1e", "--3", "n/b", "%", "[p]",
    "[note]", "[a1]",
  ])
  func rejectsWhatIsNotANumber(text: String) {
    #expect(NumberParser.parse(text).kind == .invalid)
  }

  /// The older bare forms, in number cells, and codes of a publisher's own, kept as written.
  @Test(arguments: [
    ("x", MissingReason.bareNotAvailable), ("c", .bareConfidential), ("z", .bareNotApplicable),
    ("low", .bareLow), (":", .colon),
    ("n/a", .notApplicableAbbreviated), ("N/A", .notApplicableAbbreviated),
    ("n/l", .notInLegislation), ("n/r", .notReported), ("[?]", .notANumber),
  ])
  func bareSymbolsAreMissingInNumberCells(text: String, reason: MissingReason) {
    let p = NumberParser.parse(text)
    #expect(p.kind == .missing)
    #expect(p.missing == reason)
    #expect(reason.symbol.lowercased() == text.lowercased())
  }

  @Test func aPublishersOwnCodeKeepsItsText() {
    let ns = NumberParser.parse("[ns]")
    #expect(ns.kind == .missing)
    #expect(ns.missing?.isPublisherCode == true)
    #expect(ns.missing?.symbol == "[ns]")
    #expect(NumberParser.parse("[NS]").missing == ns.missing)
    #expect(NumberParser.parse("[b]").missing?.symbol == "[b]")
    #expect(MissingReason(symbol: "[ns]") == ns.missing)
    // In a text cell a bare x is a value, not a symbol.
    var x = "x"
    #expect(x.withUTF8 { MissingReason.match($0) } == nil)
  }

  @Test func missingSymbolRoundTrip() {
    for reason in MissingReason.allCases where !reason.isPublisherCode {
      #expect(MissingReason(symbol: reason.symbol) == reason)
    }
  }
}

@Suite("Number formatting")
struct NumberFormatTests {
  @Test func thousandsSeparators() {
    #expect(NumberFormat.integer.string(12150) == "12,150")
    #expect(NumberFormat.integer.string(-1_234_567) == "-1,234,567")
    #expect(NumberFormat.integer.string(999) == "999")
    #expect(NumberFormat.oneDecimal.string(49.75) == "49.8")
  }

  @Test func roundsHalfAwayFromZero() {
    #expect(NumberFormatting.format(2.5, decimals: 0) == "3")
    #expect(NumberFormatting.format(-2.5, decimals: 0) == "-3")
    #expect(NumberFormatting.format(2.675, decimals: 2) == "2.68")
    #expect(NumberFormatting.format(-0.04, decimals: 1) == "0.0")
  }

  @Test func signedAndPercent() {
    #expect(NumberFormat.percentChange.string(5.5) == "+5.5%")
    #expect(NumberFormat.percentChange.string(-2.24) == "-2.2%")
    #expect(NumberFormat.change.string(0) == "0")
    #expect(NumberFormat.integer.string(123, marker: .provisional) == "123[p]")
  }

  @Test func plainNumbersForFiles() {
    #expect(NumberFormatting.plain(12150) == "12150")
    #expect(NumberFormatting.plain(45.3) == "45.3")
  }
}
