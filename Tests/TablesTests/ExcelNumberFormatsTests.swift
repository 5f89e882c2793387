import Testing

@testable import Tables

/// Excel's number formats read as the pure function they are: a format's id and code to what a
/// cell's number is shown as.
@Suite("Excel number formats")
struct ExcelNumberFormatsTests {
  @Test func builtInFormats() {
    #expect(Workbook.kind(ofFormat: 0, code: nil) == .number)
    #expect(Workbook.kind(ofFormat: 9, code: nil) == .percent(decimals: 0))
    #expect(Workbook.kind(ofFormat: 10, code: nil) == .percent(decimals: 2))
    for id in [14, 17, 22, 45, 47] {
      #expect(Workbook.kind(ofFormat: id, code: nil) == .date, "format \(id)")
    }
    #expect(Workbook.kind(ofFormat: 23, code: nil) == .number)
  }

  @Test(arguments: [
    ("0.0%", Workbook.NumberKind.percent(decimals: 1)),
    ("#,##0.00%", .percent(decimals: 2)),
    ("0%", .percent(decimals: 0)),
    ("0.0%;[Red]-0.0%", .percent(decimals: 1)),
    ("yyyy-mm-dd", .date),
    ("[$-809]dd/mm/yyyy", .date),
    ("General", .number),
    ("#,##0", .number),
    ("[Red]0.00", .number),
    ("0.00\" days\"", .number),
    ("\"%\"0", .number),
    ("\\%0", .number),
  ])
  func customFormats(code: String, kind: Workbook.NumberKind) {
    #expect(Workbook.kind(ofFormat: 164, code: code) == kind, "\(code)")
  }
}
