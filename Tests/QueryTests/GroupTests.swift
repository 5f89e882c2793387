import PropertyBased
import Query
import Tables
import Testing

@Suite("group by")
struct GroupTests {
  @Test func defaultSumsTheValueColumnAndMarksIncompleteGroups() throws {
    let f = try frame(
      #"t | where measure = "cases commenced" and area != "Scotland" | group by year"#, on: sample)
    #expect(
      cells(f.table) == [
        ["2018-19", "140"], ["2019-20", "154"], ["2020-21", "50[i]"], ["2021-22", "132[i]"],
      ])
    #expect(
      f.notes.first?.text
        == "[i] 2 groups had missing cells (empty 1, [c] 1): their figures cover only the cells present"
    )
  }

  @Test func aGroupOfNothingButMissingCellsStaysMissing() throws {
    let t = table("area,value\nFife,[c]\nFife,[c]\nAngus,3\n")
    let f = try frame("t | group by area", on: t)
    #expect(cells(f.table) == [["Angus", "3"], ["Fife", "[c]"]])
  }

  @Test func aggregates() throws {
    let f = try frame(
      #"t | where area = "Fife" | group by measure sum(value), mean(value), median(value), min(value), max(value), count(), count(value)"#,
      on: sample)
    #expect(
      f.table.columnNames == [
        "measure", "sum_value", "mean_value", "median_value", "min_value", "max_value", "count",
        "count_value",
      ])
    #expect(
      cells(f.table) == [
        ["cases commenced", "342[i]", "114[i]", "110[i]", "100[i]", "132[i]", "4", "3"],
        ["cases completed", "80", "40", "40", "0", "80", "2", "2"],
      ])
  }

  @Test func oneRowGroupsAndAreaOrderWithScotlandLast() throws {
    let f = try frame(
      #"t | where year = 2018-19 and measure = "cases commenced" | group by area"#, on: sample)
    #expect(cells(f.table) == [["Falkirk", "40"], ["Fife", "100"], ["Scotland", "2000"]])
  }

  @Test func warnsWhenScotlandIsCountedWithItsCouncilsOrMeasuresAreMixed() throws {
    let twice = try frame("t | group by year", on: sample)
    #expect(
      twice.notes.contains {
        $0.text.hasPrefix("warning: the rows include Scotland as well as councils")
      })
    #expect(
      twice.notes.contains { $0.text.hasPrefix("warning: the figures add up different measures") })
  }

  /// Keys with more combinations than a table of slots holds are grouped by hashing instead,
  /// with the same result as the slots give.
  @Test func manyCombinationsOfKeysGroupTheSame() throws {
    var csv = "a,b,c,value\n"
    for i in 0..<3000 { csv += "\(i % 1500),\((i * 7) % 2999),k\(i % 3),\(i)\n" }
    let t = table(csv)
    let hashed = try frame("t | group by a, b, c", on: t)  // 1,500 × 2,999 × 4 slots: hashed
    let slotted = try frame("t | group by a, c", on: t)  // 1,500 × 4: slots
    #expect(hashed.table.rowCount == 3000)
    #expect(slotted.table.rowCount == 1500)
    let total = (0..<3000).reduce(0, +)
    #expect(
      (0..<hashed.table.rowCount).map { hashed.table.value(row: $0, column: 3).numberValue! }
        .reduce(0, +) == Double(total))
    #expect(
      (0..<slotted.table.rowCount).map { slotted.table.value(row: $0, column: 2).numberValue! }
        .reduce(0, +) == Double(total))
    // Sorted by the keys, numbers by size.
    #expect(cells(slotted.table).prefix(2) == [["0", "k0", "1500"], ["1", "k1", "1502"]])
  }

  @Test func errors() {
    #expect(
      diagnostic("t | group by area sum(area)", on: sample)?.message
        == "sum() needs a number column; area is text")
    #expect(diagnostic("t | group by aera", on: sample)?.label == "did you mean \"area\"?")
  }

  /// The sums of the groups add up to the sum of the whole, whatever the rows.
  @Test func groupSumsAddUpToTheTotal() async {
    await propertyCheck(
      input: Gen.int(in: 0...4).array(of: 1...60), Gen.int(in: -50...500).array(of: 60)
    ) { areas, values in
      let rows = Array(zip(areas, values))
      let csv = "area,value\n" + rows.map { "A\($0.0),\($0.1)" }.joined(separator: "\n") + "\n"
      guard let f = try? frame("t | group by area", on: table(csv)) else {
        Issue.record("group failed")
        return
      }
      let sum = (0..<f.table.rowCount).compactMap { f.table.value(row: $0, column: 1).numberValue }
        .reduce(0, +)
      #expect(sum == Double(rows.map(\.1).reduce(0, +)))
      #expect(f.table.rowCount == Set(rows.map(\.0)).count)
    }
  }
}

@Suite("pivot and unpivot")
struct PivotTests {
  @Test func pivotAndBack() throws {
    let wide = try frame(
      #"t | where measure = "cases commenced" | drop area_code, measure | pivot year"#, on: sample)
    #expect(wide.table.columnNames == ["area", "2018-19", "2019-20", "2020-21", "2021-22"])
    #expect(
      cells(wide.table) == [
        ["Falkirk", "40", "44", "50", ""], ["Fife", "100", "110", "[c]", "132"],
        ["Scotland", "2000", "2100", "2200", "2600"],
      ])
    let w = workspace(sample)
    _ = try w.run(
      Parser.parseCommand(
        #"let wide = t | where measure = "cases commenced" | drop area_code, measure | pivot year"#)
    )
    let long = try frame("wide | unpivot", in: w)
    #expect(long.table.columnNames == ["area", "year", "value"])
    #expect(long.table.rowCount == 12)
    #expect(long.table.column(named: "year")?.type == .period)
  }

  @Test func duplicateCellsAreAnError() {
    let d = diagnostic("t | drop area_code, area | pivot year", on: sample)
    #expect(d?.message.hasPrefix("two rows for measure cases commenced and year 2018-19") == true)
  }
}

/// Grouping enough rows that each half is summed on a core of its own, against sums worked out
/// plainly from the same cells.
@Suite("group by, many rows")
struct GroupManyRowsTests {
  static let areas = ["Fife", "Angus", "Moray", "Highland", "Falkirk"]

  /// 70,001 rows of area and value, one value in nine missing ([c] or [x]), from a fixed seed.
  static let rows: [(area: String, value: Int?)] = {
    var state: UInt64 = 2_026
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    return (0..<70_001).map { _ in
      (areas[next(areas.count)], next(9) == 0 ? nil : next(2_000) - 400)
    }
  }()

  static let csv: String = {
    var lines = ["area,value"]
    for (i, row) in rows.enumerated() {
      let value: String
      if let v = row.value { value = String(v) } else { value = i % 2 == 0 ? "[c]" : "[x]" }
      lines.append(row.area + "," + value)
    }
    return lines.joined(separator: "\n")
  }()

  func numbers(_ f: Frame, _ name: String) -> [Double] {
    guard let i = f.table.columnIndex(named: name), case .number(let n) = f.table.columns[i].data
    else { return [] }
    return (0..<f.table.rowCount).map { n.values[f.table.selection[$0]] }
  }

  @Test(arguments: [false, true])
  func sumsCountsAndMediansMatchPlainArithmetic(leavingOutFife: Bool) throws {
    let t = table(Self.csv)
    let command =
      (leavingOutFife ? #"t | where area != "Fife""# : "t")
      + " | group by area sum(value), mean(value), median(value), min(value), max(value), count(), count(value)"
    let f = try frame(command, on: t)
    let expectedAreas = Self.areas.filter { !leavingOutFife || $0 != "Fife" }.sorted()
    #expect(column(f.table, "area") == expectedAreas)
    for (g, area) in expectedAreas.enumerated() {
      let all = Self.rows.filter { $0.area == area }
      let present = all.compactMap(\.value).map(Double.init)
      let sorted = present.sorted()
      let median =
        sorted.count % 2 == 1
        ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
      #expect(numbers(f, "sum_value")[g] == present.reduce(0, +), "\(area)")
      #expect(
        abs(numbers(f, "mean_value")[g] - present.reduce(0, +) / Double(present.count)) < 1e-9)
      #expect(numbers(f, "median_value")[g] == median, "\(area)")
      #expect(numbers(f, "min_value")[g] == sorted.first, "\(area)")
      #expect(numbers(f, "max_value")[g] == sorted.last, "\(area)")
      #expect(numbers(f, "count")[g] == Double(all.count), "\(area)")
      #expect(numbers(f, "count_value")[g] == Double(present.count), "\(area)")
    }
    var bySymbol: [String: Int] = [:]
    for (i, row) in Self.rows.enumerated()
    where row.value == nil && (!leavingOutFife || row.area != "Fife") {
      bySymbol[i % 2 == 0 ? "[c]" : "[x]", default: 0] += 1
    }
    let listed = bySymbol.sorted { $0.value > $1.value }.map {
      "\($0.key) \(NumberFormatting.format(Double($0.value), decimals: 0))"
    }
    #expect(
      f.notes.first { $0.text.hasPrefix("[i]") }?.text
        == "[i] \(expectedAreas.count) groups had missing cells (\(listed.joined(separator: ", "))): their figures cover only the cells present"
    )
  }

  @Test(arguments: [false, true])
  func groupsOfTwoKeysAreNumberedInOrderOfAppearance(leavingOutFife: Bool) throws {
    // A second key from the row's place: the groups' first rows fall in both halves.
    let csv = Self.csv.split(separator: "\n").enumerated().map { i, line in
      i == 0 ? line + ",half" : line + (i <= 35_000 || i % 5 != 0 ? ",early" : ",late")
    }.joined(separator: "\n")
    let t = table(csv)
    let command =
      (leavingOutFife ? #"t | where area != "Fife""# : "t") + " | group by half, area count()"
    let f = try frame(command, on: t)
    var counts: [String: Int] = [:]
    for (i, row) in Self.rows.enumerated() where !leavingOutFife || row.area != "Fife" {
      counts["\(i + 1 <= 35_000 || (i + 1) % 5 != 0 ? "early" : "late") \(row.area)", default: 0] +=
        1
    }
    let got = cells(f.table).map { ("\($0[0]) \($0[1])", $0[2]) }
    #expect(got.count == counts.count)
    for (key, n) in got {
      #expect(n == String(counts[key] ?? -1), "\(key)")
    }
  }

  @Test func describeCountsEveryMissingCell() throws {
    let t = table(Self.csv)
    let f = try frame("describe t", on: t)
    let line = cells(f.table).first { $0[0] == "value" }?[3] ?? ""
    var c = 0
    var x = 0
    for (i, row) in Self.rows.enumerated() where row.value == nil {
      if i % 2 == 0 { c += 1 } else { x += 1 }
    }
    let present = Self.rows.compactMap(\.value)
    let (low, high) = (present.min()!, present.max()!)
    func grouped(_ n: Int) -> String { NumberFormatting.format(Double(n), decimals: 0) }
    let parts = [(c, "[c]"), (x, "[x]")].sorted { $0.0 > $1.0 }.map { "\($0.1) \(grouped($0.0))" }
    #expect(
      line
        == "\(grouped(low)) to \(grouped(high)); \(grouped(c + x)) missing: \(parts.joined(separator: ", "))"
    )
    let areas = cells(f.table).first { $0[0] == "area" }?[3] ?? ""
    #expect(areas == "5 names, all resolved (5 councils)")
  }
}
