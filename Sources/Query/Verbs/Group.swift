import Framework
import Tables

extension Evaluator {
  /// `group by KEYS AGGREGATES`: one row per group. Rows a published table marks as totals of
  /// the others ("Total", "All custody") are left out, with a note, unless they are grouped by
  /// or are all there is: summed with their parts they would count every figure twice.
  func group(_ frame: Frame, keys: [Name], aggregates: [Aggregate], at range: SourceRange)
    throws(Diagnostic) -> Frame
  {
    let table = frame.table
    let keyNames = Set(keys.map { $0.text.lowercased() })
    // A row is a total when any label column not grouped by says so ("Total Crimes" in the
    // group, "Total" in the type below it).
    let layout = table.provenance.layout
    let lists =
      layout.totals.map { ($0, "totals") }
      + layout.otherMeasures.map { ($0, "figures that are not counts") }
    var isTotalRow = [Bool](repeating: false, count: lists.isEmpty ? 0 : table.rowCount)
    var leftOut: [(column: String, labels: [String], rows: Int, kind: String)] = []
    for (totals, kind) in lists where !keyNames.contains(totals.column.lowercased()) {
      guard let c = table.columns.firstIndex(where: { $0.name == totals.column }),
        case .text(let text) = table.columns[c].data
      else { continue }
      let isTotal = text.dictionary.map { totals.labels.contains($0) }
      var seen: [String] = []
      var rows = 0
      for r in 0..<table.rowCount {
        let code = text.codes[table.selection[r]]
        guard code != TextColumn.missingCode && isTotal[Int(code)] else { continue }
        if !seen.contains(text.dictionary[Int(code)]) { seen.append(text.dictionary[Int(code)]) }
        if !isTotalRow[r] { rows += 1 }
        isTotalRow[r] = true
      }
      if !seen.isEmpty { leftOut.append((totals.column, seen, rows, kind)) }
    }
    let keep =
      leftOut.isEmpty ? [] : (0..<table.rowCount).filter { !isTotalRow[$0] }.map { Int32($0) }
    guard !leftOut.isEmpty, !keep.isEmpty else {
      return try groupRows(frame, keys: keys, aggregates: aggregates, at: range)
    }
    var parts = frame
    parts.table = table.selecting(rows: keep)
    var result = try groupRows(parts, keys: keys, aggregates: aggregates, at: range)
    for (column, labels, rows, kind) in leftOut {
      let shown =
        labels.prefix(3).map { "\"\($0)\"" }.joined(separator: ", ")
        + (labels.count > 3 ? " and \(labels.count - 3) more" : "")
      if kind == "totals" {
        result.notes.append(
          Note(
            "left out \(NumberFormatting.count(rows, "row")) of totals in \(column) (\(shown)), so that no figure is counted twice; `where \(Self.quotedName(column)) = \"\(labels[0])\"` gives the total as published"
          ))
      } else {
        result.notes.append(
          Note(
            "left out \(NumberFormatting.count(rows, "row")) of \(kind) in \(column) (\(shown)): an average or a rate does not add to counts"
          ))
      }
    }
    return result
  }

  private func groupRows(
    _ frame: Frame, keys: [Name], aggregates: [Aggregate], at range: SourceRange
  ) throws(Diagnostic) -> Frame {
    let table = frame.table
    var keyColumns: [Int] = []
    for k in keys {
      let i = try column(k, in: table)
      guard !keyColumns.contains(i) else {
        throw Diagnostic("\(k.text) is named twice", at: k.range)
      }
      keyColumns.append(i)
    }
    var specs = aggregates
    if specs.isEmpty {
      let value = try valueColumn(nil, in: table, at: range, verb: "group by")
      specs = [
        Aggregate(
          function: .sum, column: Name(table.columns[value].name, range), alias: nil, range: range)
      ]
    }
    // The columns aggregated, checked before any work.
    var sources: [Int?] = []
    for spec in specs {
      guard let c = spec.column else {
        sources.append(nil)
        continue
      }
      let i = try column(c, in: table)
      guard table.columns[i].type == .number else {
        if spec.function == .count {
          sources.append(i)
          continue
        }
        throw Diagnostic(
          "\(spec.function.rawValue)() needs a number column; \(table.columns[i].name) is \(table.columns[i].type.rawValue)",
          at: c.range)
      }
      sources.append(i)
    }
    if specs.contains(where: { $0.function != .count }) {
      try refuseMixedMeasureTypes(table, keys: keyColumns, at: range)
      try refuseMixedGeographies(table, keys: keyColumns, at: range)
    }
    // Percentages do not add up: a sum of them is refused, a sum that takes some in is warned of.
    let roles = Roles(table, resolver: resolver)
    let unit = MeasureUnit.unitColumn(table)
    var percentWarning: Note?
    for (spec, source) in zip(specs, sources) where spec.function == .sum {
      guard let source, table.rowCount > 0 else { continue }
      let percent = MeasureUnit.percentageCount(
        in: table, value: source, measure: roles.measure, unit: unit)
      let name = table.columns[source].name
      if percent == table.rowCount {
        throw Diagnostic(
          "sum(\(name)) would add up percentages, which gives no meaningful figure", at: spec.range,
          help:
            "mean(\(name)) gives their unweighted average; for a percentage of the whole, sum the counts behind it and `rate` them"
        )
      } else if percent > 0 {
        percentWarning = Note.warning(
          "sum(\(name)) adds \(NumberFormatting.count(percent, "percentage")) into its totals; choose the counts with `where`"
        )
      }
    }

    let index = GroupIndex(table: table, keys: keyColumns)
    var columns: [Column] = []
    let representativeRows = index.representatives.map { Int32(table.selection[$0]) }
    for k in keyColumns {
      columns.append(
        Column(
          name: table.columns[k].name, data: table.columns[k].data.gathering(representativeRows)))
    }

    // Groups with missing cells, each counted once however many aggregates read it, and the
    // missing cells of each source column counted once (sum and median of value read the same).
    var incompleteGroups = Set<Int>()
    var reasons: [MissingReason: Int] = [:]
    var countedSources = Set<Int>()
    for (spec, source) in zip(specs, sources) {
      var accumulators = [Accumulator](repeating: Accumulator(), count: index.count)
      if let source, spec.function != .count, case .number(let numbers) = table.columns[source].data
      {
        let keep = spec.function == .median
        // One pass through raw buffers: no copy-on-write check or optional per row. Each half
        // of the rows on a core of its own, into accumulators of its own, the second half's
        // then added to the first's (so a median's values stay in row order), when there are
        // few groups for the rows: many would make two sets of accumulators cost more than
        // the second core saves.
        let status = numbers.status ?? []
        func accumulate(_ part: Range<Int>) -> [Accumulator] {
          var accumulators = [Accumulator](repeating: Accumulator(), count: index.count)
          numbers.values.withUnsafeBufferPointer { values in
            status.withUnsafeBufferPointer { status in
              index.groupOfRow.withUnsafeBufferPointer { groups in
                accumulators.withUnsafeMutableBufferPointer { acc in
                  @inline(__always) func add(_ i: Int, _ r: Int) {
                    acc[Int(groups[i])].add(
                      status.isEmpty ? .present : status[r], values[r], keepValues: keep)
                  }
                  switch table.selection {
                  case .all: for i in part { add(i, i) }
                  case .rows(let rows):
                    rows.withUnsafeBufferPointer { rows in for i in part { add(i, Int(rows[i])) } }
                  }
                }
              }
            }
          }
          return accumulators
        }
        let n = table.rowCount
        let second: [Accumulator]
        (accumulators, second) = Parallel.onHalves(
          0..<n, size: index.count * 16 <= n ? n : 0, accumulate)
        for g in accumulators.indices { accumulators[g].merge(second[g]) }
      } else if let source, spec.function == .count {
        let data = table.columns[source].data
        for i in 0..<table.rowCount {
          let r = table.selection[i]
          let g = Int(index.groupOfRow[i])
          if data.missing(at: r) == nil { accumulators[g].rows += 1 }
        }
      } else {
        for i in 0..<table.rowCount { accumulators[Int(index.groupOfRow[i])].rows += 1 }
      }
      var values = [Double](repeating: 0, count: index.count)
      var status = [CellStatus](repeating: .present, count: index.count)
      for g in 0..<index.count {
        (values[g], status[g]) = accumulators[g].cell(spec.function)
        if !accumulators[g].missing.isEmpty && spec.function != .count {
          incompleteGroups.insert(g)
          if let source, !countedSources.contains(source) {
            for (reason, n) in accumulators[g].missing { reasons[reason, default: 0] += n }
          }
        }
      }
      if let source, spec.function != .count { countedSources.insert(source) }
      var format = NumberFormat.integer
      if let source, case .number(let numbers) = table.columns[source].data, spec.function != .count
      {
        format = numbers.format
        // A mean of whole counts needs a decimal; a mean of rates keeps theirs.
        if spec.function == .mean || spec.function == .median {
          format.decimals = max(1, format.decimals)
          format.adaptsDecimals = false
        }
      }
      let name = spec.alias?.text ?? aggregateName(spec, table: table, single: specs.count == 1)
      columns.append(
        Column(
          name: name,
          data: .number(
            NumberColumn(
              values: values, status: status.contains { $0 != .present } ? status : nil,
              format: format))))
    }

    var grouped = Table(columns: columns, provenance: table.provenance)
    let order = RowOrder(
      table: grouped, keys: keyColumns.indices.map { ($0, false) },
      roles: Roles(grouped, resolver: resolver))
    grouped = grouped.selecting(rows: order.sortedViewRows(grouped))

    var result = Frame(table: grouped, origin: frame.origin)
    result.title = frame.title
    if !incompleteGroups.isEmpty {
      let byReason = reasons.sorted {
        $0.value != $1.value ? $0.value > $1.value : $0.key.sortsBefore($1.key)
      }.map {
        "\($0.key == .empty ? "empty" : $0.key.symbol) \(NumberFormatting.format(Double($0.value), decimals: 0))"
      }
      result.notes.append(
        Note(
          "[i] \(NumberFormatting.count(incompleteGroups.count, "group")) had missing cells (\(byReason.joined(separator: ", "))): their figures cover only the cells present",
          scope: .rows))
    }
    result.notes += warnings(table, keys: keyColumns)
    if let percentWarning { result.notes.append(percentWarning) }
    return result
  }

  /// `sum(value)` is called `value` when it is the only aggregate; otherwise `sum_value`.
  private func aggregateName(_ spec: Aggregate, table: Table, single: Bool) -> String {
    guard let c = spec.column else { return "count" }
    let name = table.columnIndex(named: c.text).map { table.columns[$0].name } ?? c.text
    if spec.function == .count { return "count_\(name)" }
    return single && spec.function == .sum ? name : "\(spec.function.rawValue)_\(name)"
  }

  /// What a sum over these rows would get wrong: Scotland counted with its councils, several
  /// measures added together.
  /// Whether the rows of `table` hold more than one value of the text column; stops at the second.
  static func holdsSeveral(_ text: TextColumn, _ table: Table) -> Bool {
    guard table.rowCount > 1 else { return false }
    let first = text.codes[table.selection[0]]
    for i in 1..<table.rowCount where text.codes[table.selection[i]] != first { return true }
    return false
  }

  /// For each code of the column's dictionary, whether a row of the table uses it; the last
  /// slot is the missing code. One pass over the rows, no hashing.
  static func codesInUse(_ text: TextColumn, _ table: Table) -> [Bool] {
    let missing = text.dictionary.count
    // Half the rows on each core, each marking a list of its own.
    func used(_ part: Range<Int>) -> [Bool] {
      var used = [Bool](repeating: false, count: missing + 1)
      func marks<C: FixedWidthInteger & UnsignedInteger>(_ codes: [C]) {
        used.withUnsafeMutableBufferPointer { used in
          codes.withUnsafeBufferPointer { codes in
            func mark(_ code: C) { used[code == C.max ? missing : Int(code)] = true }
            switch table.selection {
            case .all: for i in part { mark(codes[i]) }
            case .rows(let rows):
              rows.withUnsafeBufferPointer { rows in for i in part { mark(codes[Int(rows[i])]) } }
            }
          }
        }
      }
      switch text.codes.storage {
      case .one(let a): marks(a)
      case .two(let a): marks(a)
      case .four(let a): marks(a)
      }
      return used
    }
    let n = table.rowCount
    let (first, second) = Parallel.onHalves(0..<n, size: missing * 16 <= n ? n : 0, used)
    return zip(first, second).map { $0 || $1 }
  }

  /// "Total", "All", "All ages", "Scotland total": a label for the sum of the other rows.
  static func isTotalLabel(_ s: String) -> Bool {
    let t = s.lowercased().trimming(" ")
    return t == "total" || t == "all" || t == "totals" || t == "grand total" || t.hasPrefix("all ")
      || t.hasSuffix(" total") || t.hasPrefix("total ")
  }

  func warnings(_ table: Table, keys: [Int]) -> [Note] {
    var notes: [Note] = []
    let roles = Roles(table, resolver: resolver)
    if let area = roles.area, !keys.contains(where: { roles.areas.contains($0) }),
      case .text(let names) = table.columns[area].data
    {
      // Each name the rows use is resolved once, not once a row.
      var scotland = false
      var council = false
      for (code, used) in Self.codesInUse(names, table).enumerated()
      where used && code < names.dictionary.count {
        guard let resolved = resolver.resolve(names.dictionary[code]) else { continue }
        if resolved.isScotland { scotland = true } else { council = true }
        if scotland && council { break }
      }
      if scotland && council {
        notes.append(
          Note.warning(
            "the rows include Scotland as well as councils, so Scotland's figures are counted twice; add `where area != \"Scotland\"`"
          ))
      }
    }
    // Rows of different units (counts, days, pounds) add up to nothing.
    if let unit = MeasureUnit.unitColumn(table), !keys.contains(unit),
      case .text(let text) = table.columns[unit].data
    {
      if Self.holdsSeveral(text, table) {
        notes.append(
          Note.warning(
            "the figures add up different units (\(table.columns[unit].name)); choose one with `where \(table.columns[unit].name) = \"...\"` or group by \(table.columns[unit].name)"
          ))
      }
    }
    // A total row summed with its parts counts everything twice.
    for c in table.columns.indices where !keys.contains(c) && !roles.areas.contains(c) {
      // The rows are looked at only when the dictionary holds a total.
      guard case .text(let text) = table.columns[c].data, text.dictionary.count > 1,
        text.dictionary.contains(where: Self.isTotalLabel)
      else {
        continue
      }
      let inUse = Self.codesInUse(text, table)
      let present = inUse.lazy.filter { $0 }.count
      let totals = text.dictionary.indices.compactMap { code -> String? in
        inUse[code] && Self.isTotalLabel(text.dictionary[code]) ? text.dictionary[code] : nil
      }
      if let total = totals.sorted().first, present > totals.count {
        notes.append(
          Note.warning(
            "the rows include \"\(total)\" in \(table.columns[c].name) as well as its parts, so they are counted twice; add `where \(table.columns[c].name) != \"\(total)\"` or group by \(table.columns[c].name)"
          ))
      }
    }
    if let measure = roles.measure, !keys.contains(measure),
      case .text(let text) = table.columns[measure].data
    {
      if Self.holdsSeveral(text, table) {
        notes.append(
          Note.warning(
            "the figures add up different measures; choose one with `where \(table.columns[measure].name) = \"...\"` or group by \(table.columns[measure].name)"
          ))
      }
    }
    return notes
  }

  /// A statistics.gov.scot table has one row per cell, its measure type (count, ratio, rate,
  /// mean) in a column of its own: rows of different types are never aggregated together.
  func refuseMixedMeasureTypes(_ table: Table, keys: [Int], at range: SourceRange)
    throws(Diagnostic)
  {
    guard let unit = MeasureUnit.unitColumn(table), !keys.contains(unit),
      case .text(let text) = table.columns[unit].data
    else { return }
    let typeOfCode = text.dictionary.map(MeasureUnit.measureType)
    guard typeOfCode.contains(where: { $0 != nil }) else { return }
    var seen: [String] = []
    var examples: [String] = []
    for i in 0..<table.rowCount {
      let code = text.codes[table.selection[i]]
      guard code != TextColumn.missingCode, let type = typeOfCode[Int(code)], !seen.contains(type)
      else { continue }
      seen.append(type)
      examples.append(text.dictionary[Int(code)])
      if seen.count > 1 { break }
    }
    guard seen.count > 1 else { return }
    let name = table.columns[unit].name
    throw Diagnostic(
      "the rows hold figures of different measure types in \(name) (\(seen.joined(separator: ", "))), and they do not add up",
      at: range,
      label: "a \(seen[0]) and a \(seen[1]) would be combined",
      help: "choose one with `where \(name) = \"\(examples[0])\"`, or group by \(name) as well")
  }

  /// Councils and data zones (or health boards) cover the same people: rows of several kinds of
  /// geography are never aggregated together.
  func refuseMixedGeographies(_ table: Table, keys: [Int], at range: SourceRange) throws(Diagnostic)
  {
    let roles = Roles(table, resolver: resolver)
    guard let area = roles.areas.last ?? roles.area,
      !keys.contains(where: { roles.areas.contains($0) }),
      case .text(let text) = table.columns[area].data
    else { return }
    let kindOfCode = text.dictionary.map { v -> Geography? in
      // Scotland with its councils is warned of on its own (it is their sum).
      if let a = resolver.resolve(v) { return a.isScotland ? nil : .councilArea }
      return Geography.kind(of: v)
    }
    guard kindOfCode.contains(where: { $0 != nil && $0 != .councilArea && $0 != .country }) else {
      return
    }
    var seen: [Geography] = []
    var examples: [String] = []
    for i in 0..<table.rowCount {
      let code = text.codes[table.selection[i]]
      guard code != TextColumn.missingCode, let kind = kindOfCode[Int(code)], !seen.contains(kind)
      else { continue }
      seen.append(kind)
      examples.append(text.dictionary[Int(code)])
    }
    guard seen.count > 1 else { return }
    let name = table.columns[area].name
    throw Diagnostic(
      "the rows hold areas of different geographies in \(name) (\(seen.map(\.pluralName).joined(separator: ", "))), which cover the same people",
      at: range,
      label: "their figures would be counted more than once",
      help:
        "keep one geography, as in `where \(name) = \"\(examples[0])\"` for one area, or group by \(name) as well"
    )
  }
}
