import Testing
import Tables

@testable import Query

/// The radix sort against the plain comparison of two rows (`RowOrder.before`), ties by position:
/// on tables large enough that every pass runs on both cores, and small enough that it does not.
@Suite("Row order")
struct RowOrderTests {
  /// A table of `n` rows with text, whole numbers (some missing), fractions and numbers past
  /// 32 bits, from a fixed seed.
  static func randomTable(_ n: Int, seed: UInt64) -> Table {
    var state = seed
    func next(_ bound: Int) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((state >> 33) % UInt64(bound))
    }
    let areas = ["Fife", "Angus", "Scotland", "Moray", "East Lothian", "Highland", ""]
    var csv = "area,count,share,big\n"
    for _ in 0..<n {
      let count = next(10) == 0 ? "[c]" : String(next(1_000) - 500)
      let share = next(12) == 0 ? "" : String(Double(next(2_000_000) - 1_000_000) / 997)
      let big = String(next(1 << 20) * (1 << 22) + next(7))
      csv += "\(areas[next(areas.count)]),\(count),\(share),\(big)\n"
    }
    return table(csv)
  }

  static func naive(_ order: RowOrder, _ table: Table) -> [Int32] {
    (0..<Int32(table.rowCount)).sorted { a, b in
      let (x, y) = (table.selection[Int(a)], table.selection[Int(b)])
      if order.before(x, y) { return true }
      if order.before(y, x) { return false }
      return a < b
    }
  }

  static let keySets: [[(Int, Bool)]] = [
    [(1, true)], [(2, false)], [(2, true)], [(3, false)], [(0, false), (1, true)],
    [(1, false), (2, true), (0, false)], [(0, true), (3, true)],
  ]

  @Test(arguments: [300, 70_001])
  func radixSortAgreesWithComparingRows(rows: Int) {
    let t = Self.randomTable(rows, seed: UInt64(rows))
    #expect(t.rowCount == rows)
    // The whole table, and a selection of its rows backwards with some left out.
    let picked = t.selecting(rows: (0..<Int32(rows)).reversed().filter { $0 % 3 != 1 })
    for view in [t, picked] {
      for keys in Self.keySets {
        let order = RowOrder(table: view, keys: keys)
        let sorted = order.sortedViewRows(view)
        #expect(sorted == Self.naive(order, view), "keys \(keys), \(view.rowCount) rows")
      }
    }
  }

  /// `top`'s heaps, one for each half of the rows, against a full sort: the highest present
  /// numbers, ties in view order, missing cells left out.
  @Test(arguments: [1, 25, 5_000])
  func topAgreesWithSortingEveryRow(n: Int) throws {
    let t = Self.randomTable(70_001, seed: 7)
    let picked = t.selecting(rows: (0..<Int32(70_001)).reversed().filter { $0 % 4 != 1 })
    for view in [t, picked] {
      let counts = column(view, "count")
      let bigs = column(view, "big")
      let present = (0..<view.rowCount).filter { counts[$0] != "[c]" }
      let expected = present.sorted { a, b in
        let (x, y) = (Double(counts[a])!, Double(counts[b])!)
        return x != y ? x > y : a < b
      }.prefix(n).map { "\(counts[$0]) \(bigs[$0])" }
      let f = try frame("t | top \(n) by count", on: view)
      let got = zip(column(f.table, "count"), column(f.table, "big")).map { "\($0) \($1)" }
      #expect(got == Array(expected), "top \(n) of \(view.rowCount) rows")
    }
  }

  @Test func rowsAlreadyInOrderStayAsTheyAre() {
    let t = table("n\n" + (0..<70_000).map { "\($0 / 7)" }.joined(separator: "\n"))
    let sorted = RowOrder(table: t, keys: [(0, false)]).sortedViewRows(t)
    #expect(sorted == Array(0..<70_000))
    let backwards = RowOrder(table: t, keys: [(0, true)]).sortedViewRows(t)
    #expect(backwards == Self.naive(RowOrder(table: t, keys: [(0, true)]), t))
  }
}
