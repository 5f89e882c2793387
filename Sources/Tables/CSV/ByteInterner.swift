/// Gives each distinct byte string a small integer code, without making a `String` per cell.
///
/// An open-addressing hash table over an arena of bytes: the CSV reader interns every text cell,
/// and a million-row file with a few dozen distinct values costs a few dozen strings in all.
/// Not swift-collections' `OrderedSet` (which the package does not depend on): that would need a
/// `String` or an array per cell to look up, which is what this type exists to avoid.
struct ByteInterner {
  private var arena: [UInt8] = []
  private var starts: [Int] = []
  private var lengths: [Int32] = []
  private var hashes: [UInt64] = []
  /// Entry index + 1 in each slot; 0 means empty.
  private var slots: [Int32]
  private var mask: Int

  init(capacity: Int = 64) {
    var size = 16
    while size < capacity * 2 { size <<= 1 }
    slots = [Int32](repeating: 0, count: size)
    mask = size - 1
  }

  var count: Int { starts.count }

  /// The code of `bytes`, adding them when new.
  @inline(__always)
  mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    let h = Self.hash(bytes)
    let found: Int = slots.withUnsafeBufferPointer { slots in
      hashes.withUnsafeBufferPointer { hashes in
        lengths.withUnsafeBufferPointer { lengths in
          starts.withUnsafeBufferPointer { starts in
            arena.withUnsafeBufferPointer { arena in
              var slot = Int(truncatingIfNeeded: h) & mask
              while true {
                let entry = Int(slots[slot])
                if entry == 0 { return -1 - slot }
                let e = entry - 1
                if hashes[e] == h && Int(lengths[e]) == bytes.count
                  && Self.same(arena.baseAddress.map { $0 + starts[e] }, bytes)
                {
                  return e
                }
                slot = (slot + 1) & mask
              }
            }
          }
        }
      }
    }
    if found >= 0 { return UInt32(found) }
    let code = starts.count
    starts.append(arena.count)
    lengths.append(Int32(bytes.count))
    hashes.append(h)
    arena.append(contentsOf: bytes)
    slots[-1 - found] = Int32(code + 1)
    if starts.count * 2 > slots.count { grow() }
    return UInt32(code)
  }

  /// Whether the stored bytes at `stored` equal `bytes` (whose length they are known to have).
  @inline(__always)
  private static func same(_ stored: UnsafePointer<UInt8>?, _ bytes: UnsafeBufferPointer<UInt8>)
    -> Bool
  {
    guard let a = stored, let b = bytes.baseAddress else { return bytes.isEmpty }
    let n = bytes.count
    let ra = UnsafeRawPointer(a)
    let rb = UnsafeRawPointer(b)
    var i = 0
    while i + 8 <= n {
      if ra.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        != rb.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      {
        return false
      }
      i += 8
    }
    guard i < n else { return true }
    // The tail in one or two loads that overlap bytes already compared, not byte by byte.
    if n >= 8 {
      return ra.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        == rb.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
    }
    if n >= 4 {
      return ra.loadUnaligned(as: UInt32.self) == rb.loadUnaligned(as: UInt32.self)
        && ra.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
          == rb.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
    }
    while i < n {
      if a[i] != b[i] { return false }
      i += 1
    }
    return true
  }

  /// The bytes of entry `code`.
  func bytes(_ code: Int) -> ArraySlice<UInt8> {
    arena[starts[code]..<(starts[code] + Int(lengths[code]))]
  }

  /// Every entry as a string, in code order.
  func strings() -> [String] {
    (0..<count).map { String(decoding: bytes($0), as: UTF8.self) }
  }

  private mutating func grow() {
    let size = slots.count * 2
    slots = [Int32](repeating: 0, count: size)
    mask = size - 1
    for e in 0..<starts.count {
      var slot = Int(truncatingIfNeeded: hashes[e]) & mask
      while slots[slot] != 0 { slot = (slot + 1) & mask }
      slots[slot] = Int32(e + 1)
    }
  }

  /// A fast 64-bit hash, eight bytes at a time.
  @inline(__always)
  static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    guard let base = bytes.baseAddress else { return h }
    let raw = UnsafeRawPointer(base)
    var i = 0
    let n = bytes.count
    while i + 8 <= n {
      h = (h ^ raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
      h ^= h >> 32
      i += 8
    }
    if i < n {
      // The tail in loads that may overlap bytes already hashed (the length is in the seed, so
      // equal hashes still need equal bytes of equal length), not byte by byte.
      let tail: UInt64
      if n >= 8 {
        tail = raw.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
      } else if n >= 4 {
        tail =
          UInt64(raw.loadUnaligned(as: UInt32.self)) | UInt64(
            raw.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) << 32
      } else {
        tail = UInt64(base[0]) | UInt64(base[n >> 1]) << 8 | UInt64(base[n - 1]) << 16
      }
      h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
    }
    h ^= h >> 29
    return h
  }
}
