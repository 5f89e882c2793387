import Framework
import Tables

extension Evaluator {
  /// `describe`: a table about the table's columns: type, role, and what is in them.
  func describe(_ frame: Frame) -> Frame {
    let table = frame.table
    let roles = Roles(table, resolver: resolver)
    // A pass over each column's cells, the columns shared between the cores.
    let described = Parallel.map(table.columns.count, size: table.rowCount) { i in
      notes(on: i, of: table, roles: roles)
    }
    var rows: [[Value]] = []
    for (i, column) in table.columns.enumerated() {
      let role = roles.role(of: i)?.rawValue ?? "-"
      rows.append([
        .text(column.name), .text(column.type.rawValue), .text(role), .text(described[i].line),
      ])
    }
    let reasons = Set(described.flatMap(\.reasons))
    var result = Frame(table: Table.fromRows(["column", "type", "role", "notes"], rows))
    var title = [
      frame.title ?? table.provenance.source.map(Self.displayName) ?? "table",
      NumberFormatting.count(table.rowCount, "row"),
      NumberFormatting.count(table.columns.count, "column"),
    ]
    if let label = table.provenance.label { title.append(label) }
    result.title = title.joined(separator: " · ")
    if let attribution = table.provenance.attribution { result.notes.append(Note(attribution)) }
    result.notes += layoutNotes(table, reasons: reasons)
    result.display = .allRows
    // `_` stays the table described.
    result.origin = frame.origin
    return result
  }

  /// A column name as the language takes it: in backticks unless it is a plain word.
  static func quotedName(_ name: String) -> String {
    name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } && name.first?.isLetter == true
      ? name : "`\(name)`"
  }

  /// What loading recognised: the notes on names and labels, what the symbols mean, a wide
  /// table's unpivot, and codes nobody explained.
  /// `reasons`: why the cells of number columns are missing, as `describe` found them.
  private func layoutNotes(_ table: Table, reasons: Set<MissingReason>) -> [Note] {
    let layout = table.provenance.layout
    var notes: [Note] = []
    let names = Set(table.columns.map(\.name))
    for a in layout.annotations where names.contains(a.column) {
      let place = a.label.map { "\(a.column) \"\($0)\"" } ?? a.column
      notes.append(
        Note("\(place) \(a.note): \(a.text ?? "no notes sheet in the file says what this note is")")
      )
    }
    for reason in reasons.filter({ $0 != .empty }).sorted(by: { $0.symbol < $1.symbol }) {
      if let said = layout.meaning(of: reason.symbol) {
        notes.append(Note("\(reason.symbol): \(said.meaning) (the \(said.sheet) sheet)"))
      } else if reason.isPublisherCode {
        notes.append(
          Note(
            "\(reason.symbol): a symbol cjnb does not know, and the workbook does not say what it means; its cells are missing"
          ))
      }
    }
    let periods = layout.periodColumns.filter(names.contains)
    if periods.count >= 2 {
      notes.append(
        Note(
          "a wide table, one column per period (\(periods[0]) .. \(periods[periods.count - 1])): `unpivot` makes one row per period\(layout.measure.map { ", its figures named \"\($0)\"" } ?? "")"
        ))
    }
    return notes
  }

  static func displayName(_ path: String) -> String {
    var name = path.split(separator: "/").last.map(String.init) ?? path
    if let dot = name.lastIndex(of: ".") { name = String(name[..<dot]) }
    return name
  }

  /// One line about a column: its values, and its missing cells by symbol; and for a number
  /// column, the reasons its cells are missing.
  private func notes(on index: Int, of table: Table, roles: Roles) -> (
    line: String, reasons: [MissingReason]
  ) {
    let column = table.columns[index]
    var parts: [String] = []
    var missing: [MissingReason: Int] = [:]
    var markers: [ValueMarker: Int] = [:]
    var reasons: [MissingReason] = []
    let rows = table.selection

    switch column.data {
    case .text(let text):
      let used = usedCodes(text.codes, dictionary: text.dictionary.count, rows) {
        missing[text.missing(at: $0) ?? .empty, default: 0] += 1
      }
      let values = used.map { text.dictionary[$0] }
      if roles.areas.contains(index) {
        parts.append(areaNote(values, isCode: index != roles.areas.first))
      } else if index == roles.measure {
        parts.append(NumberFormatting.count(values.count, "measure"))
      } else {
        parts.append(valuesNote(values))
      }
    case .period(let periods):
      let used = usedCodes(periods.codes, dictionary: periods.dictionary.count, rows) {
        missing[periods.missing(at: $0) ?? .empty, default: 0] += 1
      }
      let span = PeriodSpan(used.map { periods.dictionary[$0] })
      let kinds = span.kinds.map(\.pluralName).joined(separator: " and ")
      parts.append(kinds.isEmpty ? "no periods" : "\(kinds) \(span.summary)")
    case .number(let numbers):
      var low = Double.infinity
      var high = -Double.infinity
      // Cells by status byte, counted in one pass over raw buffers, then read as reasons.
      var byStatus = [Int](repeating: 0, count: 256)
      numbers.values.withUnsafeBufferPointer { values in
        (numbers.status ?? []).withUnsafeBufferPointer { status in
          byStatus.withUnsafeMutableBufferPointer { byStatus in
            @inline(__always) func look(_ r: Int) {
              if !status.isEmpty {
                let s = status[r]
                byStatus[Int(s.rawValue)] += 1
                if s.isMissing { return }
              }
              let v = values[r]
              low = min(low, v)
              high = max(high, v)
            }
            switch rows {
            case .all(let n): for r in 0..<n { look(r) }
            case .rows(let rows): rows.withUnsafeBufferPointer { for r in $0 { look(Int(r)) } }
            }
          }
        }
      }
      for (byte, n) in byStatus.enumerated() where n > 0 {
        let s = CellStatus(rawValue: UInt8(byte))
        if let reason = s.missing {
          missing[reason, default: 0] += n
          reasons.append(reason)
        } else if let m = s.marker {
          markers[m, default: 0] += n
        }
      }
      if low <= high {
        // Each end as itself: a column of counts and percentages runs from 0 to 25,942.
        parts.append(
          "\(numbers.format.fitted(to: [low]).string(low)) to \(numbers.format.fitted(to: [high]).string(high))"
        )
      }
    case .boolean(let bools):
      var yes = 0
      var no = 0
      for r in 0..<rows.count {
        if let s = bools.status?[rows[r]], let reason = s.missing {
          missing[reason, default: 0] += 1
        } else if bools.values[rows[r]] {
          yes += 1
        } else {
          no += 1
        }
      }
      parts.append(
        "true \(NumberFormatting.format(Double(yes), decimals: 0)), false \(NumberFormatting.format(Double(no), decimals: 0))"
      )
    }
    if !missing.isEmpty {
      let total = missing.values.reduce(0, +)
      let bySymbol = missing.sorted {
        $0.value != $1.value ? $0.value > $1.value : $0.key.sortsBefore($1.key)
      }
      .map {
        "\($0.key == .empty ? "empty" : $0.key.symbol) \(NumberFormatting.format(Double($0.value), decimals: 0))"
      }
      parts.append(
        "\(NumberFormatting.format(Double(total), decimals: 0)) missing: \(bySymbol.joined(separator: ", "))"
      )
    }
    let layout = table.provenance.layout
    if let stray = layout.strays.first(where: { $0.column == column.name }), column.type == .text {
      let cells = stray.tokens.reduce(0) { $0 + $1.count }
      let shown = stray.tokens.prefix(3).map {
        "\"\($0.text)\" \($0.count) (first line \($0.line))"
      }.joined(separator: ", ")
      parts.append(
        "numbers but for \(NumberFormatting.count(cells, "cell")): \(shown)\(stray.tokens.count > 3 ? " and \(stray.tokens.count - 3) more" : ""); `clean \(Self.quotedName(column.name))` makes \(cells == 1 ? "it" : "them") missing"
      )
    }
    let totals = layout.totalLabels(in: column.name)
    if !totals.isEmpty {
      parts.append(
        "\(totals.count == 1 ? "total" : "totals"): \(totals.prefix(3).map { "\"\($0)\"" }.joined(separator: ", "))\(totals.count > 3 ? " and \(totals.count - 3) more" : "") (left out of sums)"
      )
    }
    if let others = layout.otherMeasures.first(where: { $0.column == column.name }) {
      parts.append(
        "not counts: \(others.labels.prefix(2).map { "\"\($0)\"" }.joined(separator: ", "))\(others.labels.count > 2 ? " and \(others.labels.count - 2) more" : "") (left out of sums)"
      )
    }
    if !markers.isEmpty {
      parts.append(
        markers.sorted { $0.key.rawValue < $1.key.rawValue }
          .map {
            "\(NumberFormatting.format(Double($0.value), decimals: 0)) \($0.key.meaning) \($0.key.symbol)"
          }.joined(separator: ", "))
    }
    return (parts.joined(separator: "; "), reasons)
  }

  /// The dictionary entries the rows use, in code order; `onMissing` is called with the
  /// physical row of each missing cell.
  private func usedCodes(
    _ codes: Codes, dictionary: Int, _ rows: RowSelection, onMissing: (Int) -> Void
  ) -> [Int] {
    var seen = [Bool](repeating: false, count: dictionary)
    func looks<C: FixedWidthInteger & UnsignedInteger>(_ codes: [C]) {
      codes.withUnsafeBufferPointer { codes in
        seen.withUnsafeMutableBufferPointer { seen in
          @inline(__always) func look(_ p: Int) {
            let code = codes[p]
            if code == C.max { onMissing(p) } else { seen[Int(code)] = true }
          }
          switch rows {
          case .all(let n): for p in 0..<n { look(p) }
          case .rows(let rows): rows.withUnsafeBufferPointer { for p in $0 { look(Int(p)) } }
          }
        }
      }
    }
    switch codes.storage {
    case .one(let a): looks(a)
    case .two(let a): looks(a)
    case .four(let a): looks(a)
    }
    return seen.indices.filter { seen[$0] }
  }

  /// "33 names, all resolved (32 councils + Scotland)", or what did not resolve.
  private func areaNote(_ values: [String], isCode: Bool) -> String {
    var resolved: Set<String> = []
    var unresolved: [String] = []
    // Codes of other geographies (data zones, health boards) are counted as what they are.
    var others: [Geography: Int] = [:]
    for v in values {
      if let area = resolver.resolve(v) {
        resolved.insert(area.code)
      } else if let kind = Geography.kind(of: v), kind != .councilArea, kind != .country {
        others[kind, default: 0] += 1
      } else {
        unresolved.append(v)
      }
    }
    let councils = resolved.filter { $0 != CouncilArea.scotland.code }.count
    let hasScotland = resolved.contains(CouncilArea.scotland.code)
    let what = NumberFormatting.count(values.count, isCode ? "code" : "name")
    var scope = "\(councils) council\(councils == 1 ? "" : "s")"
    if hasScotland { scope += " + Scotland" }
    if !others.isEmpty {
      scope +=
        "; other geographies, not councils: "
        + Geography.allCases.compactMap { kind in
          others[kind].map { "\($0) \($0 == 1 ? kind.name : kind.pluralName) (\(kind.rawValue))" }
        }.joined(separator: ", ")
    }
    if unresolved.isEmpty {
      return others.isEmpty ? "\(what), all resolved (\(scope))" : "\(what): \(scope)"
    }
    let shown = unresolved.prefix(3).map { v -> String in
      let close = resolver.suggestions(for: v, limit: 1)
      return close.isEmpty ? "\"\(v)\"" : "\"\(v)\" (\(close[0])?)"
    }
    let more = unresolved.count > 3 ? " and \(unresolved.count - 3) more" : ""
    return "\(what): \(scope); not resolved: \(shown.joined(separator: ", "))\(more)"
  }

  private func valuesNote(_ values: [String]) -> String {
    let sorted = values.sorted(by: NaturalOrder.precedes)
    if sorted.count <= 4 { return sorted.map { "\"\($0)\"" }.joined(separator: ", ") }
    if sorted.count <= 12, let first = sorted.first, let last = sorted.last {
      return "\(sorted.count) values: \(first) .. \(last)"
    }
    return "\(NumberFormatting.count(values.count, "distinct value")), e.g. \"\(sorted[0])\""
  }
}
