/// The rows of a table that a view shows: all physical rows, or chosen ones in a chosen order.
public enum RowSelection: Sendable {
  case all(Int)
  case rows([Int32])

  public var count: Int {
    switch self {
    case .all(let n): n
    case .rows(let r): r.count
    }
  }

  /// The physical row behind view row `i`.
  @inlinable public subscript(i: Int) -> Int {
    switch self {
    case .all: i
    case .rows(let r): Int(r[i])
    }
  }

  /// The physical rows, in view order.
  public var physicalRows: [Int32] {
    switch self {
    case .all(let n): (0..<Int32(n)).map { $0 }
    case .rows(let r): r
    }
  }
}

/// Where a table came from, shown by `describe` and kept with results.
public struct Provenance: Hashable, Sendable {
  /// The file it was read from, as the user named it.
  public var source: String?
  /// A one-line label that must travel with the data ("illustrative, not official statistics").
  public var label: String?
  /// The attribution the licence requires.
  public var attribution: String?
  /// What loading recognised in a published table (notes, totals, symbols, stray tokens),
  /// for `describe`, `unpivot`, `group by` and `clean`.
  public var layout = LayoutFindings()

  public init(source: String? = nil, label: String? = nil, attribution: String? = nil) {
    self.source = source
    self.label = label
    self.attribution = attribution
  }
}

/// An ordered set of named, typed columns, seen through a row selection.
///
/// Filtering, sorting and cutting give a view that shares the columns; verbs that make new cells
/// build new columns. Column names are unique; lookups ignore case when there is no exact match.
///
/// ```
/// let t = try CSVReader.read(path: "indicators.csv").table
/// t.rowCount             // 8,316
/// t.column(named: "area")
/// ```
public struct Table: Sendable {
  public private(set) var columns: [Column]
  public private(set) var selection: RowSelection
  public var provenance: Provenance
  /// The column that verbs use as "the value" when none is named, when it is not the one its
  /// name would suggest: a rate added beside the counts it was worked out from.
  public var preferredValue: String?

  /// A table over whole columns, which must have the same number of cells.
  public init(columns: [Column], provenance: Provenance = Provenance()) {
    let n = columns.first?.data.count ?? 0
    precondition(columns.allSatisfy { $0.data.count == n }, "columns of unequal length")
    self.columns = columns
    self.selection = .all(n)
    self.provenance = provenance
  }

  public var rowCount: Int { selection.count }
  public var columnNames: [String] { columns.map(\.name) }

  /// The index of the column called `name`: an exact match, else the one match ignoring case.
  public func columnIndex(named name: String) -> Int? {
    if let i = columns.firstIndex(where: { $0.name == name }) { return i }
    let lower = name.lowercased()
    let matches = columns.indices.filter { columns[$0].name.lowercased() == lower }
    return matches.count == 1 ? matches[0] : nil
  }

  public func column(named name: String) -> Column? {
    columnIndex(named: name).map { columns[$0] }
  }

  /// The cell at view row `row` of column `column`.
  public func value(row: Int, column: Int) -> Value {
    columns[column].data.value(at: selection[row])
  }

  /// A view of the rows at the given view positions, in that order.
  public func selecting(rows viewRows: [Int32]) -> Table {
    var copy = self
    switch selection {
    case .all: copy.selection = .rows(viewRows)
    case .rows(let current): copy.selection = .rows(viewRows.map { current[Int($0)] })
    }
    return copy
  }

  /// A view of the first `n` rows.
  public func prefix(_ n: Int) -> Table {
    guard n < rowCount else { return self }
    return selecting(rows: (0..<Int32(n)).map { $0 })
  }

  /// The same rows with every column gathered so that view row i is physical row i. Verbs that
  /// add columns call this first, so that new columns line up with the old.
  public func materialized() -> Table {
    guard case .rows(let rows) = selection else { return self }
    var gathered = Table(
      columns: columns.map { Column(name: $0.name, data: $0.data.gathering(rows)) },
      provenance: provenance)
    gathered.preferredValue = preferredValue
    return gathered
  }

  /// The table with the columns at `indices`, in that order.
  public func selectingColumns(_ indices: [Int]) -> Table {
    var copy = self
    copy.columns = indices.map { columns[$0] }
    return copy
  }

  /// The table with a column renamed.
  public func renaming(column index: Int, to name: String) -> Table {
    var copy = self
    copy.columns[index].name = name
    return copy
  }

  /// The table with `data` (one cell per view row) added as a column, or replacing the column of
  /// that name.
  public func adding(_ name: String, _ data: ColumnData) -> Table {
    precondition(data.count == rowCount, "new column does not match the table's rows")
    var copy = materialized()
    if let i = copy.columns.firstIndex(where: { $0.name == name }) {
      copy.columns[i].data = data
    } else {
      copy.columns.append(Column(name: name, data: data))
    }
    return copy
  }

  /// A table built from rows of values under the given column names.
  public static func fromRows(
    _ names: [String], _ rows: [[Value]], formats: [String: NumberFormat] = [:]
  ) -> Table {
    let columns = names.enumerated().map { (i, name) in
      Column(name: name, data: ColumnData.build(rows.map { $0[i] }, format: formats[name]))
    }
    return Table(columns: columns)
  }
}
