/// A column of repeated values stored once each: a code per row into a dictionary.
///
/// Text and period columns are categorical: an indicator file of a million rows has a few dozen
/// distinct areas, years and measures, so each row costs a byte (see `Codes`) and comparing two
/// cells is comparing two integers. Missing cells have the code `missingCode` and their reason in `status`.
public final class CategoricalColumn<Element: Hashable & Sendable>: Sendable {
  /// The code of a missing cell.
  public static var missingCode: UInt32 { UInt32.max }

  public let codes: Codes
  public let dictionary: [Element]
  /// The reason for each missing cell; nil when no cell is missing.
  public let status: [CellStatus]?

  public init(codes: Codes, dictionary: [Element], status: [CellStatus]?) {
    self.codes = codes
    self.dictionary = dictionary
    self.status = status
  }

  /// A column of codes given at four bytes, kept at the narrowest width its dictionary allows.
  public convenience init(codes: [UInt32], dictionary: [Element], status: [CellStatus]?) {
    self.init(
      codes: Codes(codes, dictionaryCount: dictionary.count), dictionary: dictionary,
      status: status)
  }

  /// Builds a column from values, `nil` meaning missing for the given reason.
  public convenience init(_ values: [Element?], missing reason: MissingReason = .empty) {
    var index: [Element: UInt32] = [:]
    var dictionary: [Element] = []
    var codes: [UInt32] = []
    codes.reserveCapacity(values.count)
    var status: [CellStatus]?
    for (row, value) in values.enumerated() {
      guard let value else {
        if status == nil { status = Array(repeating: .present, count: values.count) }
        status?[row] = .missing(reason)
        codes.append(Self.missingCode)
        continue
      }
      // Interned by hand: swift-collections' OrderedSet would say this in one call, but the package does not depend on swift-collections and one loop is not worth a dependency.
      if let code = index[value] {
        codes.append(code)
      } else {
        let code = UInt32(dictionary.count)
        index[value] = code
        dictionary.append(value)
        codes.append(code)
      }
    }
    self.init(codes: codes, dictionary: dictionary, status: status)
  }

  public var count: Int { codes.count }

  /// The value at a physical row, or nil when missing.
  @inlinable public func value(at row: Int) -> Element? {
    let code = codes[row]
    return code == Self.missingCode ? nil : dictionary[Int(code)]
  }

  /// Why the cell at `row` is missing, or nil.
  public func missing(at row: Int) -> MissingReason? {
    guard codes[row] == Self.missingCode else { return nil }
    return status?[row].missing ?? .empty
  }

  /// The code of `value` in the dictionary, or nil when no cell holds it.
  public func code(of value: Element) -> UInt32? {
    dictionary.firstIndex(of: value).map { UInt32($0) }
  }

  /// The cells at the given physical rows, sharing this column's dictionary.
  public func gathering(_ rows: [Int32]) -> CategoricalColumn {
    let newCodes = codes.gathering(rows)
    let newStatus = status.map { s in rows.map { s[Int($0)] } }
    return CategoricalColumn(codes: newCodes, dictionary: dictionary, status: newStatus)
  }

  /// The same cells with the dictionary reduced to the values still used, in first-seen order.
  public func compacted() -> CategoricalColumn {
    var remap = [UInt32](repeating: Self.missingCode, count: dictionary.count)
    var newDictionary: [Element] = []
    var newCodes = codes.words
    for i in newCodes.indices where newCodes[i] != Self.missingCode {
      let old = Int(newCodes[i])
      if remap[old] == Self.missingCode {
        remap[old] = UInt32(newDictionary.count)
        newDictionary.append(dictionary[old])
      }
      newCodes[i] = remap[old]
    }
    return CategoricalColumn(codes: newCodes, dictionary: newDictionary, status: status)
  }
}

public typealias TextColumn = CategoricalColumn<String>
public typealias PeriodColumn = CategoricalColumn<Period>
