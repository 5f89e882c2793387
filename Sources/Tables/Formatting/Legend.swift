/// The meaning of the symbols and markers a table holds, for notes under it.
public enum Legend {
  /// `notes`, then the meaning of each symbol the table holds that no note explains already (a
  /// note explains a symbol when it starts with it: `[c] counts under 5 are suppressed`), so a
  /// symbol is never explained twice, on screen or in any file.
  public static func adding(to notes: [String], for table: Table) -> [String] {
    notes
      + lines(for: table).filter { legend in
        let symbol = legend.prefix { $0 != " " }
        return !notes.contains { $0.hasPrefix(symbol + " ") }
      }
  }

  /// One line per symbol present: "[c] confidential (suppressed)". Empty cells and the
  /// self-explanatory "-" are left out.
  public static func lines(for table: Table) -> [String] {
    var missing = Set<MissingReason>()
    var markers = Set<ValueMarker>()
    for column in table.columns {
      let status: [CellStatus]?
      switch column.data {
      case .text(let c): status = c.status
      case .period(let c): status = c.status
      case .number(let c): status = c.status
      case .boolean(let c): status = c.status
      }
      guard let status else { continue }
      var seen = [Bool](repeating: false, count: 256)
      status.withUnsafeBufferPointer { status in
        for r in 0..<table.rowCount { seen[Int(status[table.selection[r]].rawValue)] = true }
      }
      for raw in seen.indices where seen[raw] {
        let s = CellStatus(rawValue: UInt8(raw))
        if let reason = s.missing { missing.insert(reason) }
        if let m = s.marker { markers.insert(m) }
      }
    }
    missing.remove(.empty)
    missing.remove(.dash)
    return missing.sorted { $0.rawValue < $1.rawValue }.map { "\($0.symbol) \($0.meaning)" }
      + markers.sorted { $0.rawValue < $1.rawValue }.map { "\($0.symbol) \($0.meaning)" }
  }
}
