import Tables

/// Number expressions worked out a column at a time: `derive rate = count / population * 1000`
/// over ten million rows in one tight loop per operator, instead of a closure call and a boxed
/// ``Value`` per row and operand.
///
/// The rules are those of ``ExpressionCompiler/arithmetic(_:_:_:)``, cell for cell: a missing
/// operand's reason is the result's (the left one's first); dividing by zero is `[z]`; a result
/// carries the left operand's marker, else the right one's. A missing result holds 0, as
/// ``ColumnData/build(_:format:)`` stores it.
struct NumberVector {
  var values: [Double]
  /// nil when every cell is a present number without a marker.
  var status: [CellStatus]?
}

extension ExpressionCompiler {
  /// An operand: a literal stays one number, not a column of copies.
  private enum Operand {
    case scalar(Double)
    case vector(NumberVector)
  }

  /// The expression's numbers for the view rows of the table, or nil when it is anything but
  /// number columns, number literals, `-` and the four operators (the row-at-a-time path then
  /// takes it). Call after ``typedValue(_:)`` has accepted the expression: errors are its.
  func numberVector(_ expr: Expr) -> NumberVector? {
    guard let operand = operand(expr) else { return nil }
    switch operand {
    case .vector(let v): return v
    case .scalar(let n):
      return NumberVector(values: [Double](repeating: n, count: table.rowCount), status: nil)
    }
  }

  private func operand(_ expr: Expr) -> Operand? {
    switch expr {
    case .number(let n, _):
      return .scalar(n)
    case .column(let name):
      guard let c = table.columnIndex(named: name.text),
        case .number(let column) = table.columns[c].data
      else { return nil }
      switch table.selection {
      case .all:
        return .vector(NumberVector(values: column.values, status: column.status))
      case .rows(let rows):
        let values = column.values.withUnsafeBufferPointer { src in rows.map { src[Int($0)] } }
        let status = column.status.map { s in
          s.withUnsafeBufferPointer { src in rows.map { src[Int($0)] } }
        }
        return .vector(NumberVector(values: values, status: status))
      }
    case .negate(let inner, _):
      guard let o = operand(inner) else { return nil }
      switch o {
      case .scalar(let n): return .scalar(-n)
      case .vector(var v):
        v.values.withUnsafeMutableBufferPointer { p in
          for i in p.indices { p[i] = -p[i] }
        }
        if let status = v.status {
          // A missing cell holds 0, not -0.
          for i in status.indices where status[i].missing != nil { v.values[i] = 0 }
        }
        return .vector(v)
      }
    case .arithmetic(let op, let a, let b, _):
      guard let l = operand(a), let r = operand(b) else { return nil }
      if case .scalar(let x) = l, case .scalar(let y) = r {
        // Both literal: the row rule on one cell (a literal division by zero is [z] in every row).
        let v = Self.arithmetic(op, .number(x, nil), .number(y, nil))
        if case .number(let n, _) = v { return .scalar(n) }
        return .vector(Self.combine(op, .scalar(x), .scalar(y), count: table.rowCount))
      }
      return .vector(Self.combine(op, l, r, count: table.rowCount))
    default:
      return nil
    }
  }

  /// `l op r` over `count` cells.
  private static func combine(_ op: Expr.Arithmetic, _ l: Operand, _ r: Operand, count: Int)
    -> NumberVector
  {
    // (the literal, or the column's status and numbers)
    func split(_ o: Operand) -> (Double, [CellStatus]?, [Double]) {
      switch o {
      case .scalar(let n): return (n, nil, [])
      case .vector(let v): return (0, v.status, v.values)
      }
    }
    let (lx, ls, lv) = split(l)
    let (rx, rs, rv) = split(r)
    let lScalar = lv.isEmpty && count > 0
    let rScalar = rv.isEmpty && count > 0
    // Each pass below takes half the cells on each core, for many rows.
    var values = [Double](unsafeUninitializedCapacity: count) { out, initialized in
      lv.withUnsafeBufferPointer { lp in
        rv.withUnsafeBufferPointer { rp in
          func work(_ part: Range<Int>) {
            switch op {
            case .add: for i in part { out[i] = (lScalar ? lx : lp[i]) + (rScalar ? rx : rp[i]) }
            case .subtract:
              for i in part { out[i] = (lScalar ? lx : lp[i]) - (rScalar ? rx : rp[i]) }
            case .multiply:
              for i in part { out[i] = (lScalar ? lx : lp[i]) * (rScalar ? rx : rp[i]) }
            case .divide:
              for i in part { out[i] = (lScalar ? lx : lp[i]) / (rScalar ? rx : rp[i]) }
            }
          }
          _ = Parallel.onHalves(0..<count, work)
        }
      }
      initialized = count
    }
    // Division by zero, found from the right operand's numbers.
    let divides = op == .divide && (rScalar ? rx == 0 : rv.contains(0))
    guard ls != nil || rs != nil || divides else {
      return NumberVector(values: values, status: nil)
    }
    var status = [CellStatus](repeating: .present, count: count)
    var anyStatus = false
    let (la, ra) = (ls ?? [], rs ?? [])
    la.withUnsafeBufferPointer { la in
      ra.withUnsafeBufferPointer { ra in
        rv.withUnsafeBufferPointer { rp in
          values.withUnsafeMutableBufferPointer { values in
            status.withUnsafeMutableBufferPointer { out in
              // Whether any cell of `part` has a status.
              func work(_ part: Range<Int>) -> Bool {
                var anyStatus = false
                for i in part {
                  let a = la.isEmpty ? .present : la[i]
                  let b = ra.isEmpty ? .present : ra[i]
                  if a.rawValue | b.rawValue == 0 && !(divides && (rScalar ? rx : rp[i]) == 0) {
                    continue
                  }
                  if let reason = a.missing {
                    out[i] = .missing(reason)
                  } else if let reason = b.missing {
                    out[i] = .missing(reason)
                  } else if divides && (rScalar ? rx : rp[i]) == 0 {
                    out[i] = .missing(.notApplicable)
                  } else if let marker = a.marker ?? b.marker {
                    out[i] = .marked(marker)
                  } else {
                    continue
                  }
                  anyStatus = true
                  if out[i].isMissing { values[i] = 0 }
                }
                return anyStatus
              }
              let (first, second) = Parallel.onHalves(0..<count, work)
              anyStatus = first || second
            }
          }
        }
      }
    }
    return NumberVector(values: values, status: anyStatus ? status : nil)
  }
}
