import PropertyBased
import Query
import Tables
import Testing

/// Invariants over random tables: group sums add up to the whole, and a note's counts are the
/// counts of the cells it describes.
@Suite("Invariants of the verbs")
struct InvariantTests {
  static let areas = ["Fife", "Angus", "Moray", "Highland", "Falkirk"]
  static let cells = ["[c]", "[x]", "", "0", "1", "7", "12", "40", "2.5"]

  /// A table of area, year and value from picks of areas, years and cells.
  static func csv(_ picks: [[Int]]) -> String {
    var text = "area,year,value\n"
    for p in picks {
      text +=
        "\(areas[p[0] % areas.count]),\(2015 + p[1] % 6)-\(16 + p[1] % 6),\(cells[p[2] % cells.count])\n"
    }
    return text
  }

  @Test func groupSumsAddUpToTheWholeAndTheNoteCountsTheMissingCells() async {
    await propertyCheck(count: 150, input: Gen.int(in: 0...50).array(of: 3...3).array(of: 1...60)) {
      picks in
      let t = table(Self.csv(picks))
      // Two aggregates read the same cells: the note must still count each cell once.
      let grouped = try frame(
        "t | group by area sum(value) as s, count(value) as n, median(value) as md", on: t)
      // The whole, worked out here from the cells as written.
      var total = 0.0
      var missing: [String: Int] = [:]
      var incomplete = Set<String>()
      for p in picks {
        let cell = Self.cells[p[2] % Self.cells.count]
        if let x = Double(cell) {
          total += x
        } else {
          missing[cell.isEmpty ? "empty" : cell, default: 0] += 1
          incomplete.insert(Self.areas[p[0] % Self.areas.count])
        }
      }
      var sum = 0.0
      var counted = 0
      for r in 0..<grouped.table.rowCount {
        if case .number(let s, _) = grouped.table.value(row: r, column: 1) { sum += s }
        if case .number(let n, _) = grouped.table.value(row: r, column: 2) { counted += Int(n) }
      }
      #expect(abs(sum - total) < 1e-9, "\(Self.csv(picks))")
      #expect(counted == picks.count - missing.values.reduce(0, +))
      let note = grouped.notes.first { $0.text.hasPrefix("[i]") }?.text
      if incomplete.isEmpty {
        #expect(note == nil)
      } else if let note {
        #expect(
          note.hasPrefix(
            "[i] \(NumberFormatting.count(incomplete.count, "group")) had missing cells"), "\(note)"
        )
        for (symbol, n) in missing {
          #expect(note.contains("\(symbol) \(n)"), "\(note) lacks \(symbol) \(n)")
        }
      } else {
        Issue.record("no [i] note for \(incomplete.sorted())")
      }
    }
  }
}
