import Tables

extension Evaluator {
  /// `clean COLUMN, ...`: a text column that is numbers but for a few stray cells becomes a
  /// number column; each cell that is neither a number nor a symbol becomes missing (`[?]`),
  /// and the note says how many, which, and where the first was.
  func clean(_ frame: Frame, _ names: [Name]) throws(Diagnostic) -> Frame {
    var table = frame.table.materialized()
    var notes: [Note] = []
    for name in names {
      let index = try column(name, in: table)
      let column = table.columns[index]
      guard case .text(let text) = column.data else {
        throw Diagnostic(
          "\(column.name) is already \(column.type == .number ? "numbers" : "a \(column.type.rawValue) column"): there is nothing to clean",
          at: name.range)
      }
      var values: [Value] = []
      values.reserveCapacity(table.rowCount)
      var decimals = 0
      var percents = 0
      var present = 0
      var stray: [String: Int] = [:]
      var order: [String] = []
      let parsed = text.dictionary.map { NumberParser.parse($0) }
      for r in 0..<table.rowCount {
        let code = text.codes[r]
        guard code != TextColumn.missingCode else {
          values.append(.missing(text.status?[r].missing ?? .empty))
          continue
        }
        let p = parsed[Int(code)]
        switch p.kind {
        case .number:
          values.append(.number(p.value, p.marker))
          decimals = max(decimals, p.decimals)
          present += 1
          if p.isPercent { percents += 1 }
        case .missing: values.append(.missing(p.missing ?? .empty))
        case .invalid:
          let word = text.dictionary[Int(code)]
          if stray[word] == nil { order.append(word) }
          stray[word, default: 0] += 1
          values.append(.missing(.notANumber))
        }
      }
      guard present > 0 else {
        throw Diagnostic(
          "\(column.name) holds no numbers to keep: cleaning it would leave only missing cells",
          at: name.range,
          help: "it is a text column; `describe` says what it holds")
      }
      let format = NumberFormat(decimals: decimals, isPercent: percents == present)
      table = table.adding(column.name, ColumnData.build(values, format: format))
      let cells = stray.values.reduce(0, +)
      if cells == 0 {
        notes.append(
          Note("\(column.name): every cell was a number or a symbol; now a number column"))
      } else {
        let shown =
          order.prefix(4).map { "\"\($0)\" \(stray[$0] ?? 0)" }.joined(separator: ", ")
          + (order.count > 4 ? " and \(order.count - 4) more" : "")
        notes.append(
          Note(
            "\(column.name): \(NumberFormatting.count(cells, "cell")) that \(cells == 1 ? "was" : "were") not a number \(cells == 1 ? "is" : "are") now missing, marked [?] (\(shown)); \(NumberFormatting.count(present, "number")) kept"
          ))
      }
      var layout = table.provenance.layout
      layout.strays.removeAll { $0.column == column.name }
      table.provenance.layout = layout
    }
    var result = frame
    result.table = table
    result.notes = frame.notes + notes
    result.display = nil
    return result
  }
}
