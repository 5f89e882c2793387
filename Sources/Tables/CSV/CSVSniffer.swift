extension CSVParser {
  /// The delimiter that splits the first lines most consistently into more than one field.
  func detectDelimiter() -> UInt8 {
    // A file named as tab-separated is: its values may hold commas in any number.
    if name.lowercased().hasSuffix(".tsv") || name.lowercased().hasSuffix(".tab") { return 0x09 }
    let extensionDefault = UInt8(ascii: ",")
    let candidates: [UInt8] = [UInt8(ascii: ","), 0x09, UInt8(ascii: ";"), UInt8(ascii: "|")]
    var counts = [[Int]](repeating: [], count: candidates.count)
    var lineCounts = [Int](repeating: 0, count: candidates.count)
    var inQuotes = false
    var lines = 0
    var i = 0
    while i < buffer.count && lines < 50 {
      let c = buffer[i]
      if c == UInt8(ascii: "\"") {
        inQuotes.toggle()
      } else if !inQuotes && (c == 0x0A || c == 0x0D) {
        for k in candidates.indices { counts[k].append(lineCounts[k]) }
        lineCounts = [Int](repeating: 0, count: candidates.count)
        lines += 1
        if c == 0x0D && i + 1 < buffer.count && buffer[i + 1] == 0x0A { i += 1 }
      } else if !inQuotes, let k = candidates.firstIndex(of: c) {
        lineCounts[k] += 1
      }
      i += 1
    }
    for k in candidates.indices { counts[k].append(lineCounts[k]) }
    // Lines that hold any candidate: a delimiter missing from some of them is less likely the
    // one (`label<TAB>n` over `t|||<TAB>2164` is split by tabs, not by the row's three bars).
    let holding = counts[0].indices.filter { l in candidates.indices.contains { counts[$0][l] > 0 }
    }
    .count
    var best = extensionDefault
    var bestScore = 0.0
    for (k, d) in candidates.enumerated() {
      let nonZero = counts[k].filter { $0 > 0 }
      guard !nonZero.isEmpty else { continue }
      // The most common count, and how many lines have it.
      var frequency: [Int: Int] = [:]
      for c in nonZero { frequency[c, default: 0] += 1 }
      guard
        let (mode, times) = frequency.max(by: {
          $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key
        })
      else { continue }
      let consistency = Double(times) / Double(max(1, holding))
      let score =
        Double(times) * Double(min(mode, 8)) * consistency + (d == extensionDefault ? 0.5 : 0)
      if score > bestScore {
        bestScore = score
        best = d
      }
    }
    return best
  }

  func delimiterName(_ d: UInt8) -> String {
    switch d {
    case 0x09: "tabs"
    case UInt8(ascii: ";"): "semicolons"
    case UInt8(ascii: "|"): "bars (|)"
    default: "\"\(Character(Unicode.Scalar(d)))\""
    }
  }
}
