import Tables

extension Evaluator {
  /// `sort COLUMN [desc], ...`.
  func sort(_ frame: Frame, _ keys: [SortKey]) throws(Diagnostic) -> Frame {
    var columns: [(Int, Bool)] = []
    for key in keys { columns.append((try column(key.column, in: frame.table), key.descending)) }
    let order = RowOrder(
      table: frame.table, keys: columns, roles: Roles(frame.table, resolver: resolver))
    var result = frame
    result.table = frame.table.selecting(rows: order.sortedViewRows(frame.table))
    result.display = nil
    return result
  }

  /// `top N [by COLUMN]`: the N highest, ties in the order the rows came.
  func top(_ frame: Frame, _ n: Int, by: Name?, at range: SourceRange) throws(Diagnostic) -> Frame {
    let value = try valueColumn(by, in: frame.table, at: range, verb: "top")
    let table = frame.table
    let data = table.columns[value].data
    // A missing figure has no place in a ranking: it is left out, not put last among the top.
    let chosen: [Int32]
    let missing: Int
    if case .number(let numbers) = data, let picked = Self.highest(n, of: numbers, in: table) {
      (chosen, missing) = picked
    } else {
      let order = RowOrder(table: table, keys: [(value, true)])
      let sorted = order.sortedViewRows(table)
      let present = sorted.filter { data.missing(at: table.selection[Int($0)]) == nil }
      (chosen, missing) = (Array(present.prefix(n)), sorted.count - present.count)
    }
    var result = frame
    result.table = table.selecting(rows: chosen)
    result.display = nil
    if chosen.count < n && missing > 0 {
      result.notes.append(
        Note(
          "left out \(NumberFormatting.count(missing, "row")) with no \(table.columns[value].name)",
          scope: .rows))
    }
    return result
  }

  /// The view rows of the `n` highest present numbers, highest first and ties in view order,
  /// and how many cells were missing: a heap of the best `n` so far, so O(rows × log n) rather
  /// than a sort of every row. Nil when a cell is not a number (NaN), whose place only the full
  /// ordering decides.
  static func highest(_ n: Int, of numbers: NumberColumn, in table: Table) -> (
    rows: [Int32], missing: Int
  )? {
    guard n > 0 else { return ([], 0) }
    typealias Entry = (value: Double, row: Int32)
    // `a` ranks below `b`: a smaller number, or the same number later in the view.
    func worse(_ a: Entry, _ b: Entry) -> Bool {
      a.value < b.value || (a.value == b.value && a.row > b.row)
    }
    /// The best `n` of `part` (a heap, unordered) and its missing cells; nil at a NaN.
    func best(_ part: Range<Int>) -> (entries: [Entry], missing: Int)? {
      var heap: [Entry] = []  // the worst of the best at the root
      heap.reserveCapacity(min(n, part.count))
      var missing = 0
      func siftDown(_ start: Int) {
        var i = start
        while true {
          let l = 2 * i + 1
          let r = l + 1
          var m = i
          if l < heap.count && worse(heap[l], heap[m]) { m = l }
          if r < heap.count && worse(heap[r], heap[m]) { m = r }
          if m == i { return }
          heap.swapAt(i, m)
          i = m
        }
      }
      let selected: [Int32] = if case .rows(let rows) = table.selection { rows } else { [] }
      let sawNaN = numbers.values.withUnsafeBufferPointer { values in
        (numbers.status ?? []).withUnsafeBufferPointer { status in
          selected.withUnsafeBufferPointer { selected in
            for r in part {
              let row = selected.isEmpty ? r : Int(selected[r])
              if !status.isEmpty && status[row].isMissing {
                missing += 1
                continue
              }
              let v = values[row]
              if v.isNaN { return true }
              let entry = (value: v, row: Int32(r))
              if heap.count < n {
                heap.append(entry)
                var i = heap.count - 1
                while i > 0 {
                  let parent = (i - 1) / 2
                  guard worse(heap[i], heap[parent]) else { break }
                  heap.swapAt(i, parent)
                  i = parent
                }
              } else if worse(heap[0], entry) {
                heap[0] = entry
                siftDown(0)
              }
            }
            return false
          }
        }
      }
      return sawNaN ? nil : (heap, missing)
    }
    // Each half of the rows on a core of its own; the best n of the two halves' best are the
    // best n of all (rows are view positions, so ties still fall in view order).
    let (first, second) = Parallel.onHalves(0..<table.rowCount, best)
    guard let first, let second else { return nil }
    let chosen = (first.entries + second.entries).sorted { worse($1, $0) }.prefix(n)
    return (chosen.map(\.row), first.missing + second.missing)
  }

  /// `limit N`: the first N rows.
  func limit(_ frame: Frame, _ n: Int) -> Frame {
    var result = frame
    result.table = frame.table.prefix(n)
    result.display = nil
    return result
  }
}
