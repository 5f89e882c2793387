/// Compares replayed outputs with the ones a notebook stores, and says what changed.
public enum Check {
  /// One cell whose output differs.
  public struct Difference: Sendable {
    public var index: Int
    public var line: Int
    public var expected: String
    public var actual: String

    /// A readable account: the cell, its line, the lines that differ and the values that changed.
    public func report(path: String) -> String {
      var lines = ["\(path):\(line): cell \(index + 1): output differs"]
      let old = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      let new = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
      for change in Check.diff(old, new).prefix(20) {
        switch change {
        case .removed(let s): lines.append("  - " + s)
        case .added(let s): lines.append("  + " + s)
        }
      }
      let values = Check.changedValues(old, new)
      if !values.isEmpty { lines.append("  changed: " + values.prefix(8).joined(separator: "; ") + (values.count > 8 ? "; and \(values.count - 8) more" : "")) }
      return lines.joined(separator: "\n")
    }
  }

  /// The cells whose replayed output is not what the notebook holds.
  public static func differences(_ results: [CellResult]) -> [Difference] {
    results.compactMap { r in
      let expected = r.cell.output ?? ""
      guard r.error == nil, expected != r.output else { return nil }
      return Difference(index: r.index, line: r.cell.line, expected: expected, actual: r.output)
    }
  }

  enum Change: Equatable {
    case removed(String)
    case added(String)
  }

  /// The lines removed and added, by the longest common subsequence.
  static func diff(_ a: [String], _ b: [String]) -> [Change] {
    let n = a.count
    let m = b.count
    var lcs = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
    for i in stride(from: n - 1, through: 0, by: -1) {
      for j in stride(from: m - 1, through: 0, by: -1) {
        lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
      }
    }
    var changes: [Change] = []
    var i = 0
    var j = 0
    while i < n || j < m {
      if i < n && j < m && a[i] == b[j] {
        i += 1
        j += 1
      } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
        changes.append(.added(b[j]))
        j += 1
      } else {
        changes.append(.removed(a[i]))
        i += 1
      }
    }
    // Removals before additions reads better: all of a changed line's old form, then the new.
    var ordered: [Change] = []
    var pendingAdds: [Change] = []
    for c in changes {
      if case .added = c { pendingAdds.append(c) } else {
        if !pendingAdds.isEmpty && ordered.last.map({ if case .removed = $0 { false } else { true } }) == true {
          ordered += pendingAdds
          pendingAdds = []
        }
        ordered.append(c)
      }
    }
    return ordered + pendingAdds
  }

  /// "2019-20 value: 2,243 -> 2,250": for lines that changed in place, the words that changed,
  /// with the first word of the line for a label.
  static func changedValues(_ old: [String], _ new: [String]) -> [String] {
    var result: [String] = []
    let changes = diff(old, new)
    let removed = changes.compactMap { if case .removed(let s) = $0 { s } else { nil } }
    let added = changes.compactMap { if case .added(let s) = $0 { s } else { nil } }
    for (a, b) in zip(removed, added) {
      let wa = a.split(separator: " ", omittingEmptySubsequences: true)
      let wb = b.split(separator: " ", omittingEmptySubsequences: true)
      guard wa.count == wb.count, let label = wa.first, label == wb.first else { continue }
      for (x, y) in zip(wa, wb) where x != y { result.append("\(label): \(x) -> \(y)") }
    }
    return result
  }
}
