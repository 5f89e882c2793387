import BundledDatasets
import Query
import Tables
import Testing

/// A table from CSV text.
func table(_ csv: String) -> Table {
  do {
    return try CSVReader.read(bytes: Array(csv.utf8), name: "test.csv").table
  } catch {
    Issue.record("fixture does not load: \(error)")
    return Table(columns: [])
  }
}

/// A workspace with the bundled datasets, and `t` when given.
func workspace(_ t: Table? = nil) -> Workspace {
  let sources = BundledDatasets.all.compactMap { d in
    BundledDatasets.path(of: d).map {
      DatasetSource(
        name: d.name, path: $0, summary: d.summary, label: d.label, attribution: d.attribution)
    }
  }
  let w = Workspace(datasets: sources)
  if let t { w.store(t, as: "t") }
  return w
}

/// Runs one pipeline and returns its frame.
func frame(_ command: String, on t: Table? = nil, in w: Workspace? = nil) throws -> Frame {
  let ws = w ?? workspace(t)
  let output = try ws.run(Parser.parseCommand(command))
  for block in output.blocks { if case .frame(let f) = block { return f } }
  throw Diagnostic("no frame")
}

/// The diagnostic a command gives, or nil.
func diagnostic(_ command: String, on t: Table? = nil) -> Diagnostic? {
  do {
    _ = try workspace(t).run(Parser.parseCommand(command))
    return nil
  } catch {
    return error
  }
}

/// The cells of a frame's table as text, row by row.
func cells(_ t: Table) -> [[String]] {
  (0..<t.rowCount).map { r in
    t.columns.indices.map { c in
      switch t.value(row: r, column: c) {
      case .text(let s): s
      case .number(let n, let m):
        NumberFormatting.plain((n * 1000).rounded() / 1000) + (m?.symbol ?? "")
      case .period(let p): p.description
      case .boolean(let b): b ? "true" : "false"
      case .missing(let reason): reason == .empty ? "" : reason.symbol
      }
    }
  }
}

func column(_ t: Table, _ name: String) -> [String] {
  guard let i = t.columnIndex(named: name) else { return [] }
  return cells(t).map { $0[i] }
}

/// The text a source range covers.
func text(_ source: String, _ range: SourceRange?) -> String? {
  guard let range else { return nil }
  let bytes = Array(source.utf8)
  return String(decoding: bytes[range.lower..<min(range.upper, bytes.count)], as: UTF8.self)
}

/// A small long table with the shapes the verbs must handle: areas by name and code, financial
/// years with a gap, a suppressed cell and an empty one.
let sample = table(
  """
  area_code,area,year,measure,value
  S12000047,Fife,2018-19,cases commenced,100
  S12000047,Fife,2019-20,cases commenced,110
  S12000047,Fife,2020-21,cases commenced,[c]
  S12000047,Fife,2021-22,cases commenced,132
  S12000014,Falkirk,2018-19,cases commenced,40
  S12000014,Falkirk,2019-20,cases commenced,44
  S12000014,Falkirk,2020-21,cases commenced,50
  S12000014,Falkirk,2021-22,cases commenced,
  S92000003,Scotland,2018-19,cases commenced,2000
  S92000003,Scotland,2019-20,cases commenced,2100
  S92000003,Scotland,2020-21,cases commenced,2200
  S92000003,Scotland,2021-22,cases commenced,2600
  S12000047,Fife,2018-19,cases completed,80
  S12000047,Fife,2019-20,cases completed,0
  S12000014,Falkirk,2018-19,cases completed,30
  S12000014,Falkirk,2019-20,cases completed,33
  """)
