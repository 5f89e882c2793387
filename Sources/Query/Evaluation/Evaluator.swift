import Framework
import Tables

/// Applies verbs to frames. One per pipeline run; it reads the workspace (population, paths)
/// but changes nothing in it.
struct Evaluator {
  let workspace: Workspace
  var resolver: AreaResolver { workspace.resolver }

  func apply(_ stage: Stage, to frame: Frame) throws(Diagnostic) -> Frame {
    if Interruption.isRequested { throw Diagnostic.interrupted }
    var result: Frame
    switch stage.verb {
    case .filter(let expr): result = try filter(frame, expr)
    case .select(let names): result = try select(frame, names)
    case .drop(let names): result = try drop(frame, names)
    case .clean(let names): result = try clean(frame, names)
    case .rename(let pairs): result = try rename(frame, pairs)
    case .derive(let name, let expr): result = try derive(frame, name, expr)
    case .sort(let keys): result = try sort(frame, keys)
    case .top(let n, let by): result = try top(frame, n, by: by, at: stage.range)
    case .limit(let n): result = limit(frame, n)
    case .group(let keys, let aggregates):
      result = try group(frame, keys: keys, aggregates: aggregates, at: stage.range)
    case .pivot(let column, let values):
      result = try pivot(frame, column, values: values, at: stage.range)
    case .unpivot(let columns, let name):
      result = try unpivot(frame, columns, as: name, at: stage.range)
    case .trend(let value, let over, let by):
      result = try trend(frame, value: value, over: over, by: by, at: stage.range)
    case .rolling(let n, let mean, let over, let by):
      result = try rolling(frame, length: n, mean: mean, over: over, by: by, at: stage.range)
    case .rate(let a, let b, let name, let by, let per, let ci):
      result = try rate(frame, a, b, as: name, by: by, per: per, at: stage.range)
      if let ci {
        result = try withIntervals(
          result, level: ci, numerator: a, denominator: b, per: per, at: stage.range)
      }
      if let rateName = result.table.preferredValue,
        let n = result.table.columnIndex(named: a.text),
        let d = result.table.columnIndex(named: b.text)
      {
        result.rateBasis = RateBasis(
          rate: rateName, numerator: result.table.columns[n].name,
          denominator: result.table.columns[d].name, per: per)
      }
    case .ratePopulation(let per, let ages, let agesRange, let using, let ci):
      result = try ratePopulation(
        frame, per: per, ages: ages, agesRange: agesRange, using: using, at: stage.range)
      let count = frame.table.columns[
        try valueColumn(nil, in: frame.table, at: stage.range, verb: "rate per population")
      ].name
      if let ci {
        result = try populationIntervals(result, level: ci, count: count, per: per, at: stage.range)
      }
      result.rateBasis = RateBasis(
        rate: "rate", numerator: count, denominator: "population", per: per)
    case .compare(let with): result = try compare(frame, with: with, at: stage.range)
    case .share: result = try share(frame, at: stage.range)
    case .join(let other, let keys, let keepAll):
      result = try join(frame, other, on: keys, keepAll: keepAll, at: stage.range)
    case .funnel(let stages, let by): result = try funnel(frame, stages, by: by, at: stage.range)
    case .chart(let request): result = try chart(frame, request, at: stage.range)
    case .funnelPlot(let request): result = try funnelPlot(frame, request, at: stage.range)
    case .narrate(let period, let round):
      result = try narrate(frame, for: period, round: round, at: stage.range)
    case .assess(let period, let area):
      result = try assess(frame, for: period, area: area, at: stage.range)
    case .write(let request): result = try write(frame, request, at: stage.range)
    case .describe: result = describe(frame)
    case .show(let all):
      result = frame
      result.display = all ? .allRows : nil
    }
    if result.origin == nil { result.origin = frame.origin }
    if result.context.isEmpty { result.context = frame.context }
    // Rolling windows stay windows while their labels and periods are in the table (a rate of
    // pooled counts, a sort); the verbs that set their own say so themselves.
    if result.rolling == nil, let w = frame.rolling,
      result.table.columnIndex(named: w.labelColumn) != nil,
      result.table.columnIndex(named: w.periodColumn) != nil
    {
      result.rolling = w
    }
    // What rolling said of its windows (a gap that breaks them, a missing figure in them)
    // stays said through the verbs that write their own notes (rate, trend).
    if frame.rolling != nil, result.rolling != nil {
      let windowNotes = frame.notes.filter {
        RollingWindows.isWindowNote($0) && !result.notes.contains($0)
      }
      if !windowNotes.isEmpty, !result.notes.contains(where: RollingWindows.isWindowNote) {
        result.notes += windowNotes
      }
    }
    // Verbs that pass the table on with fewer rows or other columns pass on only the notes
    // that still describe it.
    switch stage.verb {
    case .filter, .select, .drop, .derive, .sort, .top, .limit, .join:
      result.notes = Note.carried(
        result.notes, from: frame.table, to: result.table, inherited: frame.notes)
    case .rename(let pairs):
      let map = Dictionary(
        pairs.map { ($0.from.text.lowercased(), $0.to.text) }, uniquingKeysWith: { a, _ in a })
      result.notes = Note.carried(
        result.notes, from: frame.table, to: result.table, inherited: frame.notes, renamed: map)
    default: break
    }
    return result
  }

  // MARK: - Shared helpers

  /// The index of a named column, or an error with "did you mean".
  func column(_ name: Name, in table: Table) throws(Diagnostic) -> Int {
    if let i = table.columnIndex(named: name.text) { return i }
    throw Diagnostic.unknown(
      "column", name.text, at: name.range, among: table.columnNames,
      help: "columns: \(table.columnNames.joined(separator: ", "))")
  }

  /// The value column: named, or the table's value role.
  func valueColumn(_ name: Name?, in table: Table, at range: SourceRange, verb: String)
    throws(Diagnostic) -> Int
  {
    if let name {
      let i = try column(name, in: table)
      guard table.columns[i].type == .number else {
        throw Diagnostic(
          "\(verb) needs a number column; \(table.columns[i].name) holds \(table.columns[i].type.rawValue)",
          at: name.range)
      }
      return i
    }
    guard let i = Roles(table, resolver: resolver).value else {
      throw Diagnostic(
        "\(verb) needs a number column, and this table has none", at: range,
        help: "columns: \(table.columnNames.joined(separator: ", "))")
    }
    return i
  }

  /// The period column: named, or the table's period role.
  func periodColumn(_ name: Name?, in table: Table, at range: SourceRange, verb: String)
    throws(Diagnostic) -> Int
  {
    if let name {
      let i = try column(name, in: table)
      guard table.columns[i].type == .period else {
        throw Diagnostic(
          "\(table.columns[i].name) is not a period column", at: name.range,
          help:
            "periods are written 2021-22, 2021, 2021 Q3 or 2021-07; load with `type \(table.columns[i].name) period` to read them as such"
        )
      }
      return i
    }
    guard let i = Roles(table, resolver: resolver).period else {
      throw Diagnostic(
        "\(verb) needs a period column, and this table has none", at: range,
        help: "columns: \(table.columnNames.joined(separator: ", "))")
    }
    return i
  }
}
