import Tables

extension Evaluator {
  /// `select COLUMNS`: these columns, in this order.
  func select(_ frame: Frame, _ names: [Name]) throws(Diagnostic) -> Frame {
    var indices: [Int] = []
    for name in names {
      let i = try column(name, in: frame.table)
      guard !indices.contains(i) else {
        throw Diagnostic("\(name.text) is selected twice", at: name.range)
      }
      indices.append(i)
    }
    var result = frame
    result.table = frame.table.selectingColumns(indices)
    result.display = nil
    return result
  }

  /// `drop COLUMNS`: the others.
  func drop(_ frame: Frame, _ names: [Name]) throws(Diagnostic) -> Frame {
    var dropped: Set<Int> = []
    for name in names { dropped.insert(try column(name, in: frame.table)) }
    guard dropped.count < frame.table.columns.count else {
      throw Diagnostic(
        "that would drop every column", at: names[0].range.through(names[names.count - 1].range))
    }
    var result = frame
    result.table = frame.table.selectingColumns(
      frame.table.columns.indices.filter { !dropped.contains($0) })
    result.display = nil
    return result
  }

  /// `rename A as B, ...`.
  func rename(_ frame: Frame, _ pairs: [Renaming]) throws(Diagnostic) -> Frame {
    var table = frame.table
    for pair in pairs {
      let i = try column(pair.from, in: table)
      if let clash = table.columnIndex(named: pair.to.text), clash != i,
        table.columns[clash].name == pair.to.text
      {
        throw Diagnostic("there is already a column called \(pair.to.text)", at: pair.to.range)
      }
      table = table.renaming(column: i, to: pair.to.text)
    }
    var result = frame
    result.table = table
    result.display = nil
    return result
  }

  /// `derive NAME = EXPRESSION`: a new column (or a replaced one) worked out row by row.
  func derive(_ frame: Frame, _ name: Name, _ expr: Expr) throws(Diagnostic) -> Frame {
    let table = frame.table
    let compiler = ExpressionCompiler(table: table, resolver: resolver)
    let (f, _) = try compiler.typedValue(expr)
    let data: ColumnData
    let zeroDivisions: Int
    if let vector = compiler.numberVector(expr), let format = Self.derivedFormat(vector) {
      // Numbers a column at a time (NumberVectors.swift); an expression with no number in any
      // row takes the row path below, which makes it a column of missing cells.
      data = .number(NumberColumn(values: vector.values, status: vector.status, format: format))
      zeroDivisions = vector.status?.lazy.filter { $0.missing == .notApplicable }.count ?? 0
    } else {
      var values: [Value] = []
      values.reserveCapacity(table.rowCount)
      for i in 0..<table.rowCount {
        if i & 0xFFFF == 0xFFFF, Interruption.isRequested { throw Diagnostic.interrupted }
        values.append(f(table.selection[i]))
        if compiler.cost.exhausted { break }
      }
      try compiler.checkCost(at: expr.range)
      var format: NumberFormat?
      let numbers = values.compactMap(\.numberValue)
      if !numbers.isEmpty {
        if numbers.allSatisfy({ $0 == $0.rounded() }) {
          format = .integer
        } else {
          let largest = numbers.map(abs).max() ?? 0
          format = NumberFormat(decimals: largest < 1 ? 3 : (largest < 10 ? 2 : 1))
        }
      }
      data = ColumnData.build(values, format: format)
      zeroDivisions = values.filter { $0.missingReason == .notApplicable }.count
    }
    var result = frame
    result.table = table.adding(name.text, data)
    result.display = nil
    if zeroDivisions > 0, case .arithmetic = expr {
      result.notes.append(
        Note(
          "[z] in \(name.text): \(NumberFormatting.count(zeroDivisions, "row")) divided by zero",
          scope: .rows, columns: [name.text]))
    }
    if compiler.cost.notAreaCount > 0 {
      let c = compiler.cost
      result.notes.append(
        Note(
          "[x] in \(name.text): \(NumberFormatting.count(c.notAreaCount, "value")) \(c.notAreaCount == 1 ? "is" : "are") not an area cjnb knows: \(c.notAreas.map { "\"\($0)\"" }.joined(separator: ", "))\(c.notAreaCount > c.notAreas.count ? ", ..." : "")",
          scope: .rows, columns: [name.text], kind: .warning))
    }
    return result
  }

  /// A derived column's format: whole numbers as integers, else decimals by the size of the
  /// largest; nil when no cell holds a number.
  static func derivedFormat(_ v: NumberVector) -> NumberFormat? {
    // (any present, all whole, the largest size) of each half, on both cores; whole numbers
    // are found with trunc, which is inline, where `rounded()` is a call to libm's round.
    let status = v.status ?? []
    func look(_ part: Range<Int>) -> (any: Bool, whole: Bool, largest: Double) {
      var any = false
      var whole = true
      var largest = 0.0
      v.values.withUnsafeBufferPointer { values in
        status.withUnsafeBufferPointer { status in
          for i in part where status.isEmpty || !status[i].isMissing {
            let n = values[i]
            any = true
            if whole && n != n.rounded(.towardZero) { whole = false }
            largest = max(largest, abs(n))
          }
        }
      }
      return (any, whole, largest)
    }
    let (a, b) = Parallel.onHalves(0..<v.values.count, look)
    let (any, whole, largest) = (a.any || b.any, a.whole && b.whole, max(a.largest, b.largest))
    guard any else { return nil }
    return whole ? .integer : NumberFormat(decimals: largest < 1 ? 3 : (largest < 10 ? 2 : 1))
  }
}
