import Framework
import Tables

/// `outcomes`, `indicators` (or `explain indicators`), `explain NI4`, `explain LE19`,
/// `explain outcome 3` and the rest: the Community Justice Performance Framework, from
/// `PerformanceFramework`.
public enum FrameworkCommands {
  /// Every topic `explain` knows, as written after it: what it suggests and completes.
  public static var topics: [String] {
    PerformanceFramework.indicators.map(\.id) + PerformanceFramework.localEvidence.map(\.id)
      + PerformanceFramework.outcomes.map { "outcome \($0.number)" }
      + ["indicators", "outcomes", "aims", "scale", "2016", "quality indicators", "conventions"]
  }

  static func run(_ topic: FrameworkTopic) throws(Diagnostic) -> CommandOutput {
    switch topic {
    case .outcomes: return CommandOutput([.frame(outcomesFrame())])
    case .indicators: return CommandOutput([.frame(indicatorsFrame())])
    case .explain(let text, let range): return try explain(text, range)
    }
  }

  static func outcomesFrame() -> Frame {
    let rows: [[Value]] = PerformanceFramework.outcomes.map { o in
      [
        .number(Double(o.number)), .text(o.text), .text(o.indicators.joined(separator: ", ")),
        .text(span(o.localEvidence)), .number(Double(o.strategyAim)),
      ]
    }
    var frame = Frame(
      table: Table.fromRows(
        ["outcome", "national outcome", "indicators", "local evidence", "aim"], rows))
    frame.title = "Community Justice Performance Framework (2023): national outcomes"
    frame.notes = [Note("explain outcome N, explain NI4, explain LE19, explain aims for more")]
    frame.display = .allRows
    return frame
  }

  static func indicatorsFrame() -> Frame {
    let rows: [[Value]] = PerformanceFramework.indicators.map { i in
      [
        .text(i.id), .number(Double(i.outcome)), .text(i.title),
        .text(i.measures.joined(separator: "; ")),
      ]
    }
    var frame = Frame(
      table: Table.fromRows(
        ["indicator", "outcome", "national indicator", "measures in the bundled data"], rows))
    frame.title = "Community Justice Performance Framework (2023): national indicators"
    frame.notes = [
      Note(
        "explain NI4 for one indicator; the table `indicators` holds illustrative figures for all ten: show indicators, or indicators | where ..."
      )
    ]
    frame.display = .allRows
    return frame
  }

  /// "LE7-LE10" for a run of consecutive items.
  static func span(_ ids: [String]) -> String {
    guard ids.count > 2, let first = ids.first, let last = ids.last else {
      return ids.joined(separator: ", ")
    }
    return "\(first)-\(last)"
  }

  static func explain(_ text: String, _ range: SourceRange) throws(Diagnostic) -> CommandOutput {
    let lower = text.lowercased().trimming(" ")
    if let indicator = PerformanceFramework.indicator(lower) { return .text(explain(indicator)) }
    if let item = PerformanceFramework.evidence(lower) { return .text(explain(item)) }
    if lower.hasPrefix("outcome"), let n = Int(lower.dropFirst("outcome".count).trimming(" ")) {
      guard let outcome = PerformanceFramework.outcome(n) else {
        throw Diagnostic(
          "there is no national outcome \(n)", at: range,
          label: "the framework has outcomes 1 to \(PerformanceFramework.outcomes.count)")
      }
      return .text(explain(outcome))
    }
    switch lower {
    case "aims", "strategy", "strategy aims":
      return .text(
        (["National Strategy for Community Justice (2022): aims"]
          + PerformanceFramework.strategyAims.map { "  \($0.number). \($0.text)" }).joined(
            separator: "\n"))
    case "scale", "six-point scale":
      return .text(
        (["Self-evaluation (Care Inspectorate guide, 2023): the six-point scale"]
          + PerformanceFramework.scale.map { "  \($0.level) \($0.word)" }).joined(separator: "\n"))
    case "2016", "opif", "2016 outcomes":
      return .text(
        (["Outcomes, Performance and Improvement Framework (2016): common outcomes"]
          + PerformanceFramework.outcomes2016.map { "  \($0.number). \($0.text) (\($0.kind))" })
          .joined(separator: "\n"))
    case "quality indicators", "self-evaluation", "qi":
      return .text(
        (["Self-evaluation (Care Inspectorate guide, 2023): quality indicators"]
          + PerformanceFramework.qualityIndicators.map { "  \($0.id) \($0.title)" }).joined(
            separator: "\n"))
    case "conventions":
      return .text(
        (["Conventions of community justice statistics"]
          + PerformanceFramework.conventions.map { "  - \($0)" }).joined(separator: "\n"))
    default:
      throw Diagnostic.unknown(
        "topic", text, at: range, among: topics,
        help:
          "explain NI1..NI10, LE1..LE23, outcome 1..9, indicators, outcomes, aims, scale, 2016, quality indicators, conventions"
      )
    }
  }

  static func explain(_ i: NationalIndicator) -> String {
    let outcome = PerformanceFramework.outcome(i.outcome)
    var lines = ["\(i.id): \(i.title)"]
    if let outcome {
      lines.append("  outcome \(outcome.number): \(outcome.text)")
      lines.append(
        "  strategy aim \(outcome.strategyAim): \(PerformanceFramework.strategyAims[outcome.strategyAim - 1].text)"
      )
      lines.append(
        "  local evidence: \(outcome.localEvidence.map { "\($0) \(PerformanceFramework.evidence($0)?.text.lowercased() ?? "")" }.joined(separator: "; "))"
      )
    }
    if let derivation = i.derivation { lines.append("  how: \(derivation)") }
    lines.append("  measures in the bundled data: \(i.measures.joined(separator: "; "))")
    let headline = i.measures.last ?? ""
    lines.append(
      "  try: indicators | where measure = \"\(headline)\" and area = \"Scotland\" | trend")
    return lines.joined(separator: "\n")
  }

  static func explain(_ item: LocalEvidenceItem) -> String {
    var lines = ["\(item.id): \(item.text)"]
    if let outcome = PerformanceFramework.outcomes.first(where: {
      $0.localEvidence.contains(item.id)
    }) {
      lines.append(
        "  gives context to outcome \(outcome.number) (\(outcome.indicators.joined(separator: ", "))): \(outcome.text)"
      )
    }
    if item.dataPoints.isEmpty {
      lines.append(
        "  narrative evidence: mechanisms, relationships, pathways or views, described in words")
    } else {
      let letters = "abcdefgh".map { String($0) }
      lines.append("  data points:")
      for (k, point) in item.dataPoints.enumerated() {
        lines.append("    (\(letters[k])) \(point)")
      }
      if let reading = item.reading { lines.append("  read as: \(reading)") }
    }
    return lines.joined(separator: "\n")
  }

  static func explain(_ o: NationalOutcome) -> String {
    var lines = ["national outcome \(o.number): \(o.text)"]
    for id in o.indicators {
      if let i = PerformanceFramework.indicator(id) { lines.append("  \(i.id): \(i.title)") }
    }
    lines.append(
      "  local evidence: \(o.localEvidence.map { "\($0) \(PerformanceFramework.evidence($0)?.text.lowercased() ?? "")" }.joined(separator: "; "))"
    )
    lines.append(
      "  strategy aim \(o.strategyAim): \(PerformanceFramework.strategyAims[o.strategyAim - 1].text)"
    )
    return lines.joined(separator: "\n")
  }
}
