/// The codes of a categorical column, each kept in as few bytes as its dictionary needs: one
/// byte while it has at most 255 values (nearly every column of an indicator file: areas, years,
/// measures, sexes, age bands), two while at most 65,535, else four.
///
/// Read as `UInt32`, with the missing cell's code `UInt32.max` at every width: the stored missing
/// code is the width's largest value, so that narrowing a code is truncating it. Ten million rows
/// of seven text columns are 70 MB of codes at one byte, not 280 MB; on a machine where every
/// fresh page costs a fault and a clearing, that is most of a load's time.
public struct Codes: RandomAccessCollection, Sendable {
  public enum Storage: Sendable {
    case one([UInt8])
    case two([UInt16])
    case four([UInt32])
  }

  public let storage: Storage

  @inlinable public init(storage: Storage) { self.storage = storage }

  /// Codes into a dictionary of `dictionaryCount` values, at the narrowest width that holds them.
  public init(_ codes: [UInt32], dictionaryCount: Int) {
    switch Self.width(forDictionary: dictionaryCount) {
    case 1: storage = .one(codes.map { UInt8(truncatingIfNeeded: $0) })
    case 2: storage = .two(codes.map { UInt16(truncatingIfNeeded: $0) })
    default: storage = .four(codes)
    }
  }

  /// The bytes a code takes for a dictionary of `count` values (the largest stored value of a
  /// width is the missing code, so 255 values fit in a byte, not 256).
  public static func width(forDictionary count: Int) -> Int {
    count < Int(UInt8.max) ? 1 : count < Int(UInt16.max) ? 2 : 4
  }

  @inlinable public var startIndex: Int { 0 }
  @inlinable public var endIndex: Int {
    switch storage {
    case .one(let a): a.count
    case .two(let a): a.count
    case .four(let a): a.count
    }
  }

  @inlinable @inline(__always)
  public subscript(i: Int) -> UInt32 {
    switch storage {
    case .one(let a): Self.widened(a[i])
    case .two(let a): Self.widened(a[i])
    case .four(let a): a[i]
    }
  }

  /// A stored code as read: the width's largest value is the missing code.
  @inlinable @inline(__always)
  public static func widened<C: FixedWidthInteger & UnsignedInteger>(_ c: C) -> UInt32 {
    c == C.max ? UInt32.max : UInt32(truncatingIfNeeded: c)
  }

  /// Every code at four bytes.
  public var words: [UInt32] {
    switch storage {
    case .one(let a): a.map(Self.widened)
    case .two(let a): a.map(Self.widened)
    case .four(let a): a
    }
  }

  /// Every code at four bytes, in new memory the caller deallocates.
  func allocatedWords() -> UnsafeMutableBufferPointer<UInt32> {
    let out = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: Swift.max(1, count))
    func widen<C: FixedWidthInteger & UnsignedInteger>(_ a: [C]) {
      a.withUnsafeBufferPointer { a in
        for i in a.indices { out[i] = Self.widened(a[i]) }
      }
    }
    switch storage {
    case .one(let a): widen(a)
    case .two(let a): widen(a)
    case .four(let a): _ = out.initialize(from: a)
    }
    return UnsafeMutableBufferPointer(rebasing: out[0..<count])
  }

  /// The codes at the given rows, at this width.
  public func gathering(_ rows: [Int32]) -> Codes {
    func gather<C>(_ a: [C]) -> [C] {
      a.withUnsafeBufferPointer { src in rows.map { src[Int($0)] } }
    }
    return switch storage {
    case .one(let a): Codes(storage: .one(gather(a)))
    case .two(let a): Codes(storage: .two(gather(a)))
    case .four(let a): Codes(storage: .four(gather(a)))
    }
  }

  /// Calls `visitor` with the codes as stored; the width's largest value is the missing code.
  /// For loops over millions of rows, which should not choose a width at every cell.
  @inlinable
  public func visit<V: CodesVisitor>(_ visitor: V) -> V.Result {
    switch storage {
    case .one(let a): a.withUnsafeBufferPointer { visitor.visit($0) }
    case .two(let a): a.withUnsafeBufferPointer { visitor.visit($0) }
    case .four(let a): a.withUnsafeBufferPointer { visitor.visit($0) }
    }
  }
}

/// A loop over codes at their stored width (see `Codes.visit`).
public protocol CodesVisitor {
  associatedtype Result
  func visit<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) -> Result
}

/// Builds codes at the narrowest width, widening when the dictionary outgrows it.
struct CodesBuilder {
  private(set) var width = 1
  private var one: [UInt8] = []
  private var two: [UInt16] = []
  private var four: [UInt32] = []
  /// The first code the current width cannot hold (its largest value is the missing code).
  private(set) var limit = UInt32(UInt8.max)

  init(reserve: Int) { one.reserveCapacity(reserve) }

  /// Appends a code, `UInt32.max` for a missing cell; codes at or past `limit` must first
  /// `widen(toHold:)`.
  @inline(__always)
  mutating func append(_ code: UInt32) {
    switch width {
    case 1: one.append(UInt8(truncatingIfNeeded: code))
    case 2: two.append(UInt16(truncatingIfNeeded: code))
    default: four.append(code)
    }
  }

  /// Makes room for codes up to `code`, copying the codes so far to a wider width if need be.
  mutating func widen(toHold code: UInt32) {
    guard code >= limit else { return }
    let reserve = max(one.capacity, two.capacity, four.capacity)
    let old = codes
    one = []
    two = []
    four = []
    if code < UInt32(UInt16.max) {
      width = 2
      limit = UInt32(UInt16.max)
      two.reserveCapacity(reserve)
      two.append(contentsOf: old.lazy.map { UInt16(truncatingIfNeeded: $0) })
    } else {
      width = 4
      limit = UInt32.max
      four.reserveCapacity(reserve)
      four.append(contentsOf: old)
    }
  }

  /// Appends other codes through `remap` (missing cells stay missing); `remap` must hold only
  /// codes below `limit`.
  mutating func append(contentsOf other: CodesBuilder, remap: [UInt32]) {
    struct Copy<D: FixedWidthInteger & UnsignedInteger>: CodesVisitor {
      let remap: UnsafeBufferPointer<UInt32>
      let into: UnsafeMutablePointer<D>
      func visit<C: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafeBufferPointer<C>) {
        for i in codes.indices {
          let c = codes[i]
          into[i] = c == C.max ? D.max : D(truncatingIfNeeded: remap[Int(c)])
        }
      }
    }
    let codes = other.codes
    let n = codes.count
    guard n > 0 else { return }
    remap.withUnsafeBufferPointer { remap in
      // Written straight into room made for them, not one `append` (and its checks) a cell.
      func extend<D: FixedWidthInteger & UnsignedInteger>(_ a: inout [D]) {
        a.reserveCapacity(a.count + n)
        let start = a.count
        a.append(contentsOf: repeatElement(0, count: n))
        a.withUnsafeMutableBufferPointer { a in
          codes.visit(Copy(remap: remap, into: a.baseAddress! + start))
        }
      }
      switch width {
      case 1: extend(&one)
      case 2: extend(&two)
      default: extend(&four)
      }
    }
  }

  var codes: Codes {
    Codes(storage: width == 1 ? .one(one) : width == 2 ? .two(two) : .four(four))
  }
}
