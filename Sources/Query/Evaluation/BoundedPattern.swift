/// A regular expression matched in time linear in the text, whatever the pattern: an automaton
/// followed state set by state set (Thompson's construction), never by backtracking, so a hostile
/// pattern such as `(a*)*b` costs no more than any other of its size.
///
/// The syntax is the common core: literals, `.`, `[a-z]`, `[^...]`, `\d \w \s \D \W \S`, `\.`
/// and other escapes, `*`, `+`, `?`, `{m}`, `{m,}`, `{m,n}`, `|`, `( )` and `(?: )`, `^` and `$`.
/// Matching is on Unicode scalars and finds the leftmost, then longest, match.
struct BoundedPattern: Sendable {
  struct Failure: Error {
    var message: String
    /// Offset of the problem in the pattern, in scalars.
    var offset: Int
  }

  /// The longest pattern, and the most automaton states a pattern may expand to (`{m,n}` repeats
  /// its part), which bound the work per character of text.
  static let maximumLength = 1_000
  static let maximumStates = 20_000

  private enum Matcher: Sendable {
    case scalar(Unicode.Scalar)
    case any
    case set([ClosedRange<UInt32>], negated: Bool)

    func matches(_ c: Unicode.Scalar) -> Bool {
      switch self {
      case .scalar(let s): return s == c
      case .any: return c != "\n"
      case .set(let ranges, let negated): return ranges.contains { $0.contains(c.value) } != negated
      }
    }
  }

  private enum State: Sendable {
    case consume(Matcher, next: Int)
    case split(Int, Int)
    case jump(Int)
    case lineStart(next: Int)
    case lineEnd(next: Int)
    case match
  }

  private indirect enum Node {
    case matcher(Matcher)
    case sequence([Node])
    case alternation([Node])
    case repeated(Node, min: Int, max: Int?)
    case start, end
  }

  private var states: [State] = []
  private var start = 0

  init(_ pattern: String) throws(Failure) {
    let scalars = Array(pattern.unicodeScalars)
    guard scalars.count <= Self.maximumLength else {
      throw Failure(
        message: "the pattern is longer than \(Self.maximumLength) characters",
        offset: Self.maximumLength)
    }
    var parser = Parser(scalars: scalars)
    let node = try parser.alternation(depth: 0)
    if parser.position < scalars.count {
      throw Failure(message: "unmatched `)`", offset: parser.position)
    }
    let match = states.count
    states.append(.match)
    start = try compile(node, next: match)
  }

  // MARK: - Compiling, back to front: each part is given the state it leads to.

  private mutating func add(_ s: State) throws(Failure) -> Int {
    guard states.count < Self.maximumStates else {
      throw Failure(
        message: "the pattern expands to more than \(Self.maximumStates) steps (a large `{m,n}`?)",
        offset: 0)
    }
    states.append(s)
    return states.count - 1
  }

  private mutating func compile(_ node: Node, next: Int) throws(Failure) -> Int {
    switch node {
    case .matcher(let m): return try add(.consume(m, next: next))
    case .start: return try add(.lineStart(next: next))
    case .end: return try add(.lineEnd(next: next))
    case .sequence(let parts):
      var n = next
      for part in parts.reversed() { n = try compile(part, next: n) }
      return n
    case .alternation(let options):
      var entry = try compile(options[options.count - 1], next: next)
      for option in options.dropLast().reversed() {
        let first = try compile(option, next: next)
        entry = try add(.split(first, entry))
      }
      return entry
    case .repeated(let inner, let min, let max):
      var n = next
      if let max {
        // Optional copies after the required ones: each may stop.
        for _ in 0..<(max - min) {
          let body = try compile(inner, next: n)
          n = try add(.split(body, next))
        }
      } else {
        // A loop: a state that either enters the body (which comes back) or leaves.
        let loop = try add(.jump(0))
        let body = try compile(inner, next: loop)
        states[loop] = .split(body, n)
        n = loop
      }
      for _ in 0..<min { n = try compile(inner, next: n) }
      return n
    }
  }

  private struct Parser {
    let scalars: [Unicode.Scalar]
    var position = 0

    var peek: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    mutating func alternation(depth: Int) throws(Failure) -> Node {
      guard depth < 50 else {
        throw Failure(message: "groups are nested more than 50 deep", offset: position)
      }
      var options = [try sequence(depth: depth)]
      while peek == "|" {
        position += 1
        options.append(try sequence(depth: depth))
      }
      return options.count == 1 ? options[0] : .alternation(options)
    }

    mutating func sequence(depth: Int) throws(Failure) -> Node {
      var parts: [Node] = []
      while let c = peek, c != "|", c != ")" {
        var atom = try self.atom(depth: depth)
        while let q = peek, "*+?{".unicodeScalars.contains(q) {
          let at = position
          if case .start = atom { throw Failure(message: "nothing to repeat", offset: at) }
          if case .end = atom { throw Failure(message: "nothing to repeat", offset: at) }
          if case .repeated = atom {
            throw Failure(
              message: "a repetition of a repetition: put the inner one in brackets", offset: at)
          }
          position += 1
          switch q {
          case "*": atom = .repeated(atom, min: 0, max: nil)
          case "+": atom = .repeated(atom, min: 1, max: nil)
          case "?": atom = .repeated(atom, min: 0, max: 1)
          default:
            let low = try count()
            var high: Int? = low
            if peek == "," {
              position += 1
              high = peek == "}" ? nil : try count()
            }
            guard peek == "}" else {
              throw Failure(message: "expected `}` to close the count", offset: position)
            }
            position += 1
            if let high, high < low {
              throw Failure(message: "{\(low),\(high)}: the larger count comes second", offset: at)
            }
            if (high ?? low) > 1_000 {
              throw Failure(message: "counts above 1000 are not allowed", offset: at)
            }
            atom = .repeated(atom, min: low, max: high)
          }
        }
        parts.append(atom)
      }
      return parts.count == 1 ? parts[0] : .sequence(parts)
    }

    mutating func count() throws(Failure) -> Int {
      var n = 0
      var digits = 0
      while let c = peek, let d = Int(String(c)), c.isASCII {
        n = min(n * 10 + d, 100_000)
        digits += 1
        position += 1
      }
      guard digits > 0 else {
        throw Failure(message: "expected a number in the count", offset: position)
      }
      return n
    }

    mutating func atom(depth: Int) throws(Failure) -> Node {
      let c = scalars[position]
      position += 1
      switch c {
      case ".": return .matcher(.any)
      case "^": return .start
      case "$": return .end
      case "(":
        if peek == "?" {
          guard position + 1 < scalars.count, scalars[position + 1] == ":" else {
            throw Failure(message: "only `(?:` groups are supported", offset: position)
          }
          position += 2
        }
        let inner = try alternation(depth: depth + 1)
        guard peek == ")" else { throw Failure(message: "`(` is not closed", offset: position) }
        position += 1
        // A group may be repeated whatever it holds: `(a*)*` is a pattern, `a**` a slip.
        return .sequence([inner])
      case "[": return .matcher(try set())
      case "\\": return .matcher(try escape(inSet: false).matcher)
      case "*", "+", "?", "{": throw Failure(message: "nothing to repeat", offset: position - 1)
      default: return .matcher(.scalar(c))
      }
    }

    /// An escape: a class (`\d`) or one character.
    mutating func escape(inSet: Bool) throws(Failure) -> (
      matcher: Matcher, ranges: [ClosedRange<UInt32>]?, negated: Bool
    ) {
      guard let c = peek else {
        throw Failure(message: "the pattern ends with `\\`", offset: position)
      }
      position += 1
      let digit: [ClosedRange<UInt32>] = [48...57]
      let word: [ClosedRange<UInt32>] = [48...57, 65...90, 95...95, 97...122]
      let space: [ClosedRange<UInt32>] = [9...13, 32...32, 160...160]
      switch c {
      case "d": return (.set(digit, negated: false), digit, false)
      case "D": return (.set(digit, negated: true), digit, true)
      case "w": return (.set(word, negated: false), word, false)
      case "W": return (.set(word, negated: true), word, true)
      case "s": return (.set(space, negated: false), space, false)
      case "S": return (.set(space, negated: true), space, true)
      case "n": return (.scalar("\n"), [10...10], false)
      case "t": return (.scalar("\t"), [9...9], false)
      default:
        if c.properties.isAlphabetic || c.properties.numericType != nil {
          throw Failure(
            message:
              "`\\\(c)` is not an escape cjnb knows: \\d \\w \\s (and \\D \\W \\S), or `\\` before a symbol",
            offset: position - 2)
        }
        return (.scalar(c), [c.value...c.value], false)
      }
    }

    mutating func set() throws(Failure) -> Matcher {
      let open = position - 1
      var negated = false
      if peek == "^" {
        negated = true
        position += 1
      }
      var ranges: [ClosedRange<UInt32>] = []
      var first = true
      while let c = peek, c != "]" || first {
        first = false
        position += 1
        var low: UInt32
        if c == "\\" {
          let e = try escape(inSet: true)
          if e.negated || (e.ranges?.count ?? 0) > 1
            || (e.ranges?.first.map { $0.count > 1 } ?? false)
          {
            if e.negated {
              throw Failure(message: "\\D, \\W and \\S cannot go inside [ ]", offset: position - 2)
            }
            ranges += e.ranges ?? []
            continue
          }
          low = e.ranges?.first?.lowerBound ?? 0
        } else {
          low = c.value
        }
        if peek == "-", position + 1 < scalars.count, scalars[position + 1] != "]" {
          position += 1
          var high = scalars[position].value
          position += 1
          if high == 92, let escaped = peek {  // `\`
            high = escaped.value
            position += 1
          }
          guard high >= low else {
            throw Failure(message: "a range goes from low to high", offset: position - 1)
          }
          ranges.append(low...high)
        } else {
          ranges.append(low...low)
        }
      }
      guard peek == "]" else { throw Failure(message: "`[` is not closed", offset: open) }
      position += 1
      return .set(ranges, negated: negated)
    }
  }

  // MARK: - Matching

  /// The leftmost-longest match in `text`, from `from` on, as scalar offsets; nil when none.
  /// Its cost is at most (scalars + 1) × states, counted into `budget`, which it refuses to
  /// exceed (the caller stops there).
  func firstMatch(in text: [Unicode.Scalar], from: Int = 0, budget: inout Int) -> Range<Int>? {
    var current: [Int] = []  // states, each with the start of its thread
    var starts: [Int] = []
    var mark = [Int](repeating: -1, count: states.count)
    var best: Range<Int>?
    var step = 0

    func addThread(
      _ s: Int, _ begin: Int, _ at: Int, _ list: inout [Int], _ listStarts: inout [Int],
      _ stamp: Int
    ) {
      var stack = [s]
      while let t = stack.popLast() {
        if mark[t] == stamp { continue }
        mark[t] = stamp
        switch states[t] {
        case .split(let a, let b):
          stack.append(b)
          stack.append(a)
        case .jump(let a): stack.append(a)
        case .lineStart(let next): if at == 0 || text[at - 1] == "\n" { stack.append(next) }
        case .lineEnd(let next): if at == text.count || text[at] == "\n" { stack.append(next) }
        case .consume, .match:
          list.append(t)
          listStarts.append(begin)
        }
      }
    }

    var position = from
    while position <= text.count {
      budget -= states.count
      if budget < 0 { return nil }
      // A new thread starting here, after every older one (they started further left), while
      // no match has been found.
      if best == nil { addThread(start, position, position, &current, &starts, step) }
      var next: [Int] = []
      var nextStarts: [Int] = []
      step += 1
      for (i, s) in current.enumerated() {
        let begin = starts[i]
        switch states[s] {
        case .match:
          if best == nil || begin < best!.lowerBound
            || (begin == best!.lowerBound && position > best!.upperBound)
          {
            best = begin..<position
          }
        case .consume(let m, let n):
          if position < text.count, m.matches(text[position]) {
            addThread(n, begin, position + 1, &next, &nextStarts, step)
          }
        default: break
        }
      }
      if let found = best {
        // Only threads that began where the match did can make it longer.
        var kept: [Int] = []
        var keptStarts: [Int] = []
        for (i, s) in next.enumerated() where nextStarts[i] <= found.lowerBound {
          kept.append(s)
          keptStarts.append(nextStarts[i])
        }
        next = kept
        nextStarts = keptStarts
        if next.isEmpty { return found }
      }
      current = next
      starts = nextStarts
      position += 1
    }
    return best
  }
}
