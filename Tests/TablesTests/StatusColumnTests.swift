import Testing

@testable import Tables

/// Data files keep a number's reason or marker in `NAME_status`; the reader folds it back.
@Suite("Companion status columns")
struct StatusColumnTests {
  func read(_ csv: String) throws -> CSVResult {
    try CSVReader.read(bytes: Array(csv.utf8), name: "t.csv")
  }

  func values(_ t: Table, _ column: String) -> [Value] {
    guard let c = t.columnIndex(named: column) else { return [] }
    return (0..<t.rowCount).map { t.value(row: $0, column: c) }
  }

  @Test func aWrittenTableReadsBackTheSame() throws {
    let original = try read(
      "area,value,rate\nFife,7[p],1.5\nAngus,[c],[z]\nMoray,,2.25[e]\nPerth,[u],-\nArgyll,3[u],0.1\n"
    ).table
    let csv = TableWriter.csv(original)
    #expect(
      csv.hasPrefix(
        "area,value,value_status,rate,rate_status\nFife,7,[p],1.5,\nAngus,,[c],,[z]\nMoray,,,2.25,[e]\nPerth,,[u],,-\nArgyll,3,[u],0.1,\n"
      ))
    let back = try read(csv)
    #expect(back.table.columnNames == ["area", "value", "rate"])
    for name in ["area", "value", "rate"] {
      #expect(values(back.table, name) == values(original, name), "\(name)")
    }
    #expect(
      back.notes.contains(
        "read value_status, rate_status into the cells of the columns before them (missing reasons and markers)"
      ))
    #expect(TableWriter.csv(back.table) == csv)
    #expect(
      TableWriter.tsv(
        try CSVReader.read(bytes: Array(TableWriter.tsv(original).utf8), name: "t.tsv").table)
        == TableWriter.tsv(original))
  }

  @Test func aColumnOfNothingButMissingFiguresComesBackAsNumbers() throws {
    let back = try read("area,value,value_status\nFife,,[c]\nAngus,,[x]\n").table
    #expect(back.column(named: "value")?.type == .number)
    #expect(values(back, "value") == [.missing(.confidential), .missing(.notAvailable)])
  }

  /// Only cjnb's layout is folded: anything else stays the columns it was.
  @Test(arguments: [
    "area,value,other,value_status\nFife,7,a,[p]\n",  // not right after its column
    "area,value,value_status\nFife,7,[c]\n",  // a reason beside a number
    "area,value,value_status\nFife,,[p]\n",  // a marker beside nothing
    "area,value,value_status\nFife,7,checked\n",  // not a status
    "area,name,name_status\nFife,Ann,[p]\n",  // not a number column
    "area,value,value_status\nFife,7,\n",  // nothing to fold
  ])
  func otherLayoutsAreLeftAsTheyAre(csv: String) throws {
    let r = try read(csv)
    #expect(r.table.columnNames.contains { $0.hasSuffix("_status") }, "\(r.table.columnNames)")
    #expect(!r.notes.contains { $0.hasPrefix("read ") })
  }

  @Test func jsonHasNullsAndStatusesBesideNumbers() throws {
    let t = try read("area,value\nFife,7[p]\nAngus,[c]\nMoray,\n").table
    #expect(
      TableWriter.json(t) == """
        [
          {"area": "Fife", "value": 7, "value_status": "[p]"},
          {"area": "Angus", "value": null, "value_status": "[c]"},
          {"area": "Moray", "value": null, "value_status": null}
        ]

        """)
  }

  @Test func excelGuardsStillApply() throws {
    let t = try read("area,note,value\nFife,=1+2,[c]\n").table
    #expect(
      TableWriter.csv(t, forExcel: true)
        == "\u{FEFF}area,note,value,value_status\nFife,'=1+2,,[c]\n")
  }
}
