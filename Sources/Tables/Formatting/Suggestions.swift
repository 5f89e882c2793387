/// "Did you mean" from edit distance over the names in scope.
public enum Suggestions {
  /// The edit distance between two strings, ignoring case: insertions, deletions, substitutions
  /// and swaps of neighbouring letters ("vaule" is one edit from "value").
  public static func editDistance(_ a: String, _ b: String) -> Int {
    let x = Array(a.lowercased())
    let y = Array(b.lowercased())
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var before = [Int](repeating: 0, count: y.count + 1)
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
      current[0] = i
      for j in 1...y.count {
        let cost = x[i - 1] == y[j - 1] ? 0 : 1
        current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
        if i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] {
          current[j] = min(current[j], before[j - 2] + 1)
        }
      }
      (before, previous, current) = (previous, current, before)
    }
    return previous[y.count]
  }

  /// The candidates close enough to `word` to be what was meant, closest first.
  ///
  /// Close enough: an edit distance of at most a third of the word's length (at least 1, at most
  /// 3), or the candidate starts with the word, or contains it as a whole word.
  public static func closest(to word: String, in candidates: [String], limit: Int = 3) -> [String] {
    let lower = word.lowercased()
    guard !lower.isEmpty else { return [] }
    let allowed = max(1, min(3, lower.count / 3))
    var scored: [(String, Int)] = []
    var seen: Set<String> = []
    for c in candidates where !seen.contains(c) {
      seen.insert(c)
      let cl = c.lowercased()
      if cl == lower { continue }
      let d = editDistance(lower, cl)
      if d <= allowed {
        scored.append((c, d))
      } else if lower.count >= 3
        && (cl.hasPrefix(lower) || cl.split(separator: " ").contains(Substring(lower)))
      {
        scored.append((c, allowed + 1 + abs(cl.count - lower.count) / 4))
      }
    }
    return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
  }

  /// `"area"`, `"area" or "areas"`, `"a", "b" or "c"`: for "did you mean ...?".
  public static func phrase(_ names: [String]) -> String {
    let quoted = names.map { "\"\($0)\"" }
    switch quoted.count {
    case 0: return ""
    case 1: return quoted[0]
    default: return quoted.dropLast().joined(separator: ", ") + " or " + quoted[quoted.count - 1]
    }
  }
}
