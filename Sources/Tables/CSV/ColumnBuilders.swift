/// Collects one column's cells during a CSV pass.
protocol ColumnBuilder: AnyObject {
  func append(_ bytes: UnsafeBufferPointer<UInt8>, line: Int)
  /// A cell the row did not have (a short row, padded).
  func appendMissing()
}

/// Parses numbers as they arrive. The first cell that is not a number stops it; the reader then
/// reads that column again as text.
final class NumberBuilder: ColumnBuilder {
  private(set) var values: [Double] = []
  private var status: [UInt8] = []
  private var anyStatus = false
  private(set) var maxDecimals = 0
  private(set) var percentCount = 0
  private(set) var presentCount = 0
  private(set) var allIntegers = true
  private(set) var minimum = Double.infinity
  private(set) var maximum = -Double.infinity
  /// The first cell that was not a number: its line and text.
  private(set) var failure: (line: Int, text: String)?

  init(reserve: Int) {
    values.reserveCapacity(reserve)
    status.reserveCapacity(reserve)
  }

  func append(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) {
    guard failure == nil else { return }
    let p = NumberParser.parse(bytes)
    switch p.kind {
    case .number:
      values.append(p.value)
      if let m = p.marker {
        status.append(CellStatus.marked(m).rawValue)
        anyStatus = true
      } else {
        status.append(0)
      }
      presentCount += 1
      if p.decimals > maxDecimals { maxDecimals = p.decimals }
      if p.isPercent { percentCount += 1 }
      if allIntegers && p.value != p.value.rounded() { allIntegers = false }
      if p.value < minimum { minimum = p.value }
      if p.value > maximum { maximum = p.value }
    case .missing:
      values.append(0)
      status.append(CellStatus.missing(p.missing ?? .empty).rawValue)
      anyStatus = true
    case .invalid:
      failure = (line, String(decoding: bytes, as: UTF8.self))
    }
  }

  func appendMissing() {
    guard failure == nil else { return }
    values.append(0)
    status.append(CellStatus.missing(.empty).rawValue)
    anyStatus = true
  }

  func column() -> NumberColumn {
    let format = NumberFormat(
      decimals: min(maxDecimals, 6), isPercent: presentCount > 0 && percentCount == presentCount)
    let cellStatus = anyStatus ? status.map { CellStatus(rawValue: $0) } : nil
    return NumberColumn(values: values, status: cellStatus, format: format)
  }
}

/// Dictionary-encodes cells as they arrive; the column's type (text, period, boolean) is decided
/// once every distinct value is known.
final class CategoricalBuilder: ColumnBuilder {
  private var interner = ByteInterner()
  private(set) var codes: [UInt32] = []
  private var status: [UInt8] = []
  private var anyMissing = false
  /// The first line each distinct value was seen on, for messages about a value.
  private var firstLines: [Int] = []

  init(reserve: Int) {
    codes.reserveCapacity(reserve)
    status.reserveCapacity(reserve)
  }

  func append(_ bytes: UnsafeBufferPointer<UInt8>, line: Int) {
    if let reason = MissingReason.match(bytes) {
      codes.append(TextColumn.missingCode)
      status.append(CellStatus.missing(reason).rawValue)
      anyMissing = true
      return
    }
    let code = interner.intern(bytes)
    if Int(code) == firstLines.count { firstLines.append(line) }
    codes.append(code)
    status.append(0)
  }

  func appendMissing() {
    codes.append(TextColumn.missingCode)
    status.append(CellStatus.missing(.empty).rawValue)
    anyMissing = true
  }

  var distinctValues: [String] { interner.strings() }

  func firstLine(ofCode code: Int) -> Int { firstLines[code] }

  var cellStatus: [CellStatus]? { anyMissing ? status.map { CellStatus(rawValue: $0) } : nil }

  func textColumn() -> TextColumn {
    TextColumn(codes: codes, dictionary: distinctValues, status: cellStatus)
  }
}
