import Testing

@testable import Tables

/// Column letters of a cell reference (`AB12`): three letters at most, and no arithmetic overflow
/// on a long run of them (the fuzzer's `r="figuresinlineStr"`, 2 December).
@Suite("Cell references")
struct CellReferenceTests {
  @Test func columnLettersAreReadUpToThree() {
    #expect(Workbook.columnIndex("A1") == 0)
    #expect(Workbook.columnIndex("Z9") == 25)
    #expect(Workbook.columnIndex("AA3") == 26)
    #expect(Workbook.columnIndex("xfd1") == 16383)
    #expect(Workbook.columnIndex("ZZZ1") == 18277)
    #expect(Workbook.columnIndex("AAAA1") == nil)
    #expect(Workbook.columnIndex("figuresinlineStr") == nil)
    #expect(Workbook.columnIndex(String(repeating: "Z", count: 40)) == nil)
    #expect(Workbook.columnIndex("12") == nil)
  }
}
