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
  /// Each entry's key (see `Slot`), to place it again when the table grows.
  private var keys: [UInt64] = []
  /// Open addressing, one load a probe: a value of at most eight bytes is its own key (its bytes,
  /// zero-padded), so that finding it compares two words and reads no arena; a longer one's
  /// key is its hash, and a hit is confirmed against the arena.
  private struct Slot {
    var key: UInt64
    /// (code + 1) << 32 | length; 0 for an empty slot.
    var info: UInt64
  }
  private var slots: [Slot]
  private var mask: Int
  /// 64 − log2(slots): the slot of a key is the top bits of key × a large odd constant.
  private var shift: UInt64

  init(capacity: Int = 64) {
    var size = 16
    var bits: UInt64 = 4
    while size < capacity * 2 {
      size <<= 1
      bits += 1
    }
    slots = [Slot](repeating: Slot(key: 0, info: 0), count: size)
    mask = size - 1
    shift = 64 - bits
  }

  var count: Int { starts.count }

  /// The code of `bytes`, adding them when new.
  @inline(__always)
  mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
    intern(bytes, readableTo: nil)
  }

  /// The code of `bytes`, adding them when new; the memory up to `end` (when given) may be read
  /// past them, so that a short value is loaded as one word, not byte by byte.
  @inline(__always)
  mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>, readableTo end: UnsafePointer<UInt8>?)
    -> UInt32
  {
    let n = bytes.count
    let key = Self.key(bytes, readableTo: end)
    let info = UInt64(UInt32(truncatingIfNeeded: n))
    let found: Int = slots.withUnsafeBufferPointer { slots in
      var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
      while true {
        let entry = slots[slot]
        if entry.info == 0 { return -1 - slot }
        if entry.key == key && entry.info & 0xFFFF_FFFF == info {
          let code = Int(truncatingIfNeeded: entry.info >> 32) - 1
          if n <= 8
            || arena.withUnsafeBufferPointer({ Self.same($0.baseAddress! + starts[code], bytes) })
          {
            return code
          }
        }
        slot = (slot + 1) & mask
      }
    }
    if found >= 0 { return UInt32(found) }
    let code = starts.count
    starts.append(arena.count)
    lengths.append(Int32(n))
    keys.append(key)
    arena.append(contentsOf: bytes)
    slots[-1 - found] = Slot(key: key, info: UInt64(code + 1) << 32 | info)
    if starts.count * 2 > slots.count { grow() }
    return UInt32(code)
  }

  /// A value's key: its bytes as a little-endian word, zero-padded, when there are at most
  /// eight (one load when eight bytes may be read from its start), else its hash.
  @inline(__always)
  static func key(_ bytes: UnsafeBufferPointer<UInt8>, readableTo end: UnsafePointer<UInt8>?)
    -> UInt64
  {
    let n = bytes.count
    guard n <= 8 else { return hash(bytes) }
    guard let p = bytes.baseAddress, n > 0 else { return 0 }
    if let end, end - p >= 8 {
      let word = UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
      return n == 8 ? word : word & ((1 << (UInt64(n) << 3)) &- 1)
    }
    var word: UInt64 = 0
    for i in 0..<n { word |= UInt64(p[i]) << (UInt64(i) << 3) }
    return word
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
    var table = [Slot](repeating: Slot(key: 0, info: 0), count: size)
    mask = size - 1
    shift -= 1
    for e in 0..<starts.count {
      var slot = Int(truncatingIfNeeded: (keys[e] &* 0x9E37_79B9_7F4A_7C15) >> shift)
      while table[slot].info != 0 { slot = (slot + 1) & mask }
      table[slot] = Slot(
        key: keys[e], info: UInt64(e + 1) << 32 | UInt64(UInt32(truncatingIfNeeded: lengths[e])))
    }
    slots = table
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
