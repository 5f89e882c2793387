/// Collects one column's cells during a CSV pass.
///
/// A value type kept in a local array by the pass, so that appending a cell touches no class
/// property (whose every access Swift checks for exclusivity at run time) and retains nothing.
struct ColumnAccumulator {
  enum Mode {
    /// Not read in this pass.
    case skip
    /// Parsed as numbers; the first cell that is not a number stops it (see `failure`).
    case number
    /// Dictionary-encoded; text, period or boolean is decided once every distinct value is known.
    case categorical
  }

  let mode: Mode
  // Numbers.
  private(set) var values: [Double] = []
  private(set) var maxDecimals = 0
  private(set) var percentCount = 0
  private(set) var presentCount = 0
  private(set) var allIntegers = true
  private(set) var minimum = Double.infinity
  private(set) var maximum = -Double.infinity
  /// The first cell that was not a number: its line and text.
  private(set) var failure: (line: Int, text: String)?
  // Categories.
  private var interner = ByteInterner()
  /// The codes, at the narrowest width the dictionary allows so far.
  private var builder = CodesBuilder(reserve: 0)
  var codes: Codes { builder.codes }
  /// The first line each distinct value was seen on, for messages about a value.
  private var firstLines: [Int] = []
  // Both: the status of the few cells that are missing or marked, by row.
  private var statusRows: [Int32] = []
  private var statusValues: [UInt8] = []
  /// Cells appended.
  private(set) var count = 0

  /// Whether a cell held one of the bare symbols (`x`, `n/a`), which only a column of numbers
  /// makes symbols: a column of nothing else is a column of text.
  var hasBareSymbol: Bool {
    statusValues.contains { raw in
      guard let reason = CellStatus(rawValue: raw).missing else { return false }
      return MissingReason.bareReasons.contains(reason)
    }
  }

  init(_ mode: Mode, reserve: Int) {
    self.mode = mode
    switch mode {
    case .skip: return
    case .number: values.reserveCapacity(reserve)
    case .categorical: builder = CodesBuilder(reserve: reserve)
    }
  }

  @inline(__always)
  private mutating func setStatus(_ status: CellStatus) {
    statusRows.append(Int32(truncatingIfNeeded: count))
    statusValues.append(status.rawValue)
  }

  /// Appends a cell; the memory up to `end`, when given, may be read past its bytes.
  @inline(__always)
  mutating func append(
    _ bytes: UnsafeBufferPointer<UInt8>, line: Int, readableTo end: UnsafePointer<UInt8>? = nil
  ) {
    switch mode {
    case .skip: return
    case .number: appendNumber(bytes, line: line)
    case .categorical: appendCategory(bytes, line: line, readableTo: end)
    }
  }

  /// A cell the row did not have (a short row, padded).
  mutating func appendMissing() {
    switch mode {
    case .skip: return
    case .number:
      guard failure == nil else { return }
      values.append(0)
    case .categorical:
      builder.append(TextColumn.missingCode)
    }
    setStatus(.missing(.empty))
    count += 1
  }

  private mutating func appendNumber(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) {
    guard failure == nil else { return }
    let p = NumberParser.parse(bytes)
    switch p.kind {
    case .number:
      values.append(p.value)
      if let m = p.marker { setStatus(.marked(m)) }
      presentCount += 1
      if p.decimals > maxDecimals { maxDecimals = p.decimals }
      if p.isPercent { percentCount += 1 }
      // No decimals (after any exponent) is a whole number: `rounded()` is a call into libm.
      if allIntegers && p.decimals > 0 && p.value != p.value.rounded() { allIntegers = false }
      if p.value < minimum { minimum = p.value }
      if p.value > maximum { maximum = p.value }
    case .missing:
      values.append(0)
      setStatus(.missing(p.missing ?? .empty))
    case .invalid:
      failure = (line, String(decoding: bytes, as: UTF8.self))
      return
    }
    count += 1
  }

  private mutating func appendCategory(
    _ bytes: UnsafeBufferPointer<UInt8>, line: Int, readableTo end: UnsafePointer<UInt8>?
  ) {
    // Missing symbols are at most two bytes or start with "[": most cells are told apart
    // without the call.
    if bytes.count <= 2 || bytes[0] == UInt8(ascii: "["), let reason = MissingReason.match(bytes) {
      builder.append(TextColumn.missingCode)
      setStatus(.missing(reason))
    } else {
      let code = interner.intern(bytes, readableTo: end)
      if Int(code) == firstLines.count {
        firstLines.append(line)
        if code >= builder.limit { builder.widen(toHold: code) }
      }
      builder.append(code)
    }
    count += 1
  }

  // MARK: - Joining chunks

  /// Appends the cells another accumulator read from the stretch of the file after this one's;
  /// `lineOffset` turns its line numbers (counted from its own start) into the file's.
  mutating func append(contentsOf other: ColumnAccumulator, lineOffset: Int) {
    switch mode {
    case .skip:
      return
    case .number:
      if failure == nil, let f = other.failure { failure = (f.line + lineOffset, f.text) }
      guard failure == nil else { return }
      values.append(contentsOf: other.values)
      maxDecimals = max(maxDecimals, other.maxDecimals)
      percentCount += other.percentCount
      presentCount += other.presentCount
      allIntegers = allIntegers && other.allIntegers
      minimum = min(minimum, other.minimum)
      maximum = max(maximum, other.maximum)
    case .categorical:
      // The other chunk numbered its values itself: renumber them into this dictionary.
      var remap = [UInt32](repeating: 0, count: other.interner.count)
      for code in 0..<other.interner.count {
        let newCode = other.interner.bytes(code).withUnsafeBufferPointer { interner.intern($0) }
        if Int(newCode) == firstLines.count {
          firstLines.append(other.firstLines[code] + lineOffset)
        }
        remap[code] = newCode
      }
      if interner.count > 0 { builder.widen(toHold: UInt32(interner.count - 1)) }
      builder.append(contentsOf: other.builder, remap: remap)
    }
    statusRows.append(contentsOf: other.statusRows.map { $0 + Int32(truncatingIfNeeded: count) })
    statusValues.append(contentsOf: other.statusValues)
    count += other.count
  }

  // MARK: - Results

  /// A status per cell, or nil when every cell is present and unmarked.
  var cellStatus: [CellStatus]? {
    guard !statusRows.isEmpty else { return nil }
    var status = [CellStatus](repeating: .present, count: count)
    for (row, value) in zip(statusRows, statusValues) {
      status[Int(row)] = CellStatus(rawValue: value)
    }
    return status
  }

  func numberColumn() -> NumberColumn {
    var format = NumberFormat(
      decimals: min(maxDecimals, 6), isPercent: presentCount > 0 && percentCount == presentCount)
    format.adaptsDecimals = true
    return NumberColumn(values: values, status: cellStatus, format: format)
  }

  var distinctValues: [String] { interner.strings() }

  func firstLine(ofCode code: Int) -> Int { firstLines[code] }

  func textColumn() -> TextColumn {
    TextColumn(codes: builder.codes, dictionary: distinctValues, status: cellStatus)
  }
}
