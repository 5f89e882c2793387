import Framework
import Tables

/// A name in a command: a column, dataset or area, with where it was written.
public struct Name: Sendable, Equatable {
  public var text: String
  public var range: SourceRange

  public init(_ text: String, _ range: SourceRange) {
    self.text = text
    self.range = range
  }
}

/// An expression: in `where`, `derive` and the like.
public indirect enum Expr: Sendable, Equatable {
  public enum Comparison: String, Sendable {
    case equal = "=", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">",
      greaterOrEqual = ">="
  }
  public enum Arithmetic: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
  }

  case column(Name)
  case string(String, SourceRange)
  case number(Double, SourceRange)
  /// A period literal as written; it is read in the light of the column it meets.
  case period(String, SourceRange)
  case compare(Comparison, Expr, Expr, SourceRange)
  case arithmetic(Arithmetic, Expr, Expr, SourceRange)
  case negate(Expr, SourceRange)
  case and(Expr, Expr, SourceRange)
  case or(Expr, Expr, SourceRange)
  case not(Expr, SourceRange)
  case isMissing(Expr, negated: Bool, SourceRange)
  case inList(Expr, [Expr], negated: Bool, SourceRange)
  case between(Expr, Expr, Expr, negated: Bool, SourceRange)
  /// `year last 5`: the latest five periods of a column.
  case last(Name, Int, SourceRange)
  /// `area in islands`: membership of a comparator group defined with `group NAME = (...)`.
  case inGroup(Expr, Name, negated: Bool, SourceRange)
  /// `upper(area)`: a function of its arguments.
  case call(Name, [Expr], SourceRange)

  public var range: SourceRange {
    switch self {
    case .column(let n): n.range
    case .string(_, let r), .number(_, let r), .period(_, let r), .compare(_, _, _, let r),
      .arithmetic(_, _, _, let r),
      .negate(_, let r), .and(_, _, let r), .or(_, _, let r), .not(_, let r),
      .isMissing(_, _, let r), .inList(_, _, _, let r),
      .between(_, _, _, _, let r), .last(_, _, let r), .inGroup(_, _, _, let r), .call(_, _, let r):
      r
    }
  }
}

/// An aggregate in `group by`: `sum(value)`, `count()`, with an optional `as NAME`.
public struct Aggregate: Sendable, Equatable {
  public enum Function: String, Sendable, CaseIterable { case sum, mean, median, min, max, count }
  public var function: Function
  public var column: Name?
  public var alias: Name?
  public var range: SourceRange
}

/// A sort key: a column and its direction.
public struct SortKey: Sendable, Equatable {
  public var column: Name
  public var descending: Bool
}

/// One side of `rate A / B`: a measure (a string, in a long table) or a column (a word).
public enum RateOperand: Sendable, Equatable {
  case measure(String, SourceRange)
  case column(Name)

  public var text: String {
    switch self {
    case .measure(let s, _): s
    case .column(let n): n.text
    }
  }
  public var range: SourceRange {
    switch self {
    case .measure(_, let r): r
    case .column(let n): n.range
    }
  }
}

/// What `write` writes.
public enum WriteFormat: String, Sendable, CaseIterable { case csv, tsv, json, md, xlsx }

/// `write FORMAT [to "PATH" [replace]] [suppress below N] [round N]`.
public struct WriteRequest: Sendable, Equatable {
  public var format: WriteFormat
  public var path: Name?
  /// Replace a file that is already there.
  public var replace = false
  /// Counts under this are shown as [c], with secondary suppression.
  public var suppressBelow: Int?
  /// Counts rounded to the nearest multiple of this.
  public var round: Int?
  /// A file for Excel: a byte-order mark, and text that Excel would run as a formula guarded.
  public var forExcel = false

  /// Whether it writes a file: a path other than `-` (standard output).
  public var writesFile: Bool { path.map { $0.text != "-" } ?? false }
}

/// The kind of chart `chart` draws.
public enum ChartKind: String, Sendable, CaseIterable { case bar, line, spark, funnel }

/// Options shared by the chart kinds.
public struct ChartRequest: Sendable, Equatable {
  public var kind: ChartKind
  public var value: Name?
  public var over: Name?
  public var by: Name?
  public var width: Int?
  public var title: String?
  public var ascii = false
  /// Show every bar rather than the first screenful.
  public var all = false
  /// Keep the table's order instead of sorting bars by value.
  public var unsorted = false
  /// Areas to mark besides Scotland.
  public var highlight: [Name] = []
  /// `to "FILE.svg" [replace]`: the chart written as SVG too.
  public var path: Name?
  public var replace = false
}

/// `funnelplot [pooled | against "AREA"] [width N] [title "..."] [ascii] [highlight "AREA", ...]`.
public struct FunnelPlotRequest: Sendable, Equatable {
  /// Limits around the areas' pooled figure instead of Scotland's.
  public var pooled = false
  /// Limits around this area's figure instead of Scotland's.
  public var against: Name?
  public var width: Int?
  public var title: String?
  public var ascii = false
  public var highlight: [Name] = []
  /// `to "FILE.svg" [replace]`: the plot written as SVG too.
  public var path: Name?
  public var replace = false

  public init() {}
}

/// One step of a pipeline.
/// What `rate per N population using ...` names: one mid-year for every row, or a table.
public enum PopulationChoice: Sendable, Equatable {
  case year(Int)
  case table(Name)
}

/// One pair of columns `join` matches on: `on area` (the same name both sides) or `on area = council`.
public struct JoinKey: Sendable, Equatable {
  public var left: Name
  public var right: Name

  public init(left: Name, right: Name) {
    self.left = left
    self.right = right
  }
}

public enum Verb: Sendable, Equatable {
  case filter(Expr)
  case select([Name])
  case drop([Name])
  case clean([Name])
  case rename([Renaming])
  case derive(Name, Expr)
  case sort([SortKey])
  case top(Int, by: Name?)
  case limit(Int)
  case group(keys: [Name], aggregates: [Aggregate])
  case pivot(Name, values: Name?)
  case unpivot([Name], as: Name?)
  case trend(value: Name?, over: Name?, by: [Name])
  /// `rolling N [sum|mean]`: `mean` nil when not said (sums for counts, means for percentages).
  case rolling(Int, mean: Bool?, over: Name?, by: [Name])
  /// `ci LEVEL` asks for confidence intervals (percent, 95 when `ci` alone).
  case rate(RateOperand, RateOperand, as: Name?, by: [Name], per: Double?, ci: Double?)
  /// `using`: a mid-year for every row, or a table of the user's own populations.
  case ratePopulation(
    per: Double, ages: AgeBand?, ageRange: SourceRange?, using: PopulationChoice?, ci: Double?)
  case compare(with: [Name])
  /// `join [inner|left] TABLE on KEYS`: `keepAll` for a left join.
  case join(Name, on: [JoinKey], keepAll: Bool)
  /// `share of scotland`: each row's count as a percentage of Scotland's.
  case share
  /// Stages are measures, written as strings.
  case funnel([Name], by: [Name])
  case chart(ChartRequest)
  /// `funnelplot`: rates against their denominators within control limits.
  case funnelPlot(FunnelPlotRequest)
  case narrate(for: Name?, round: Int?)
  /// `assess [for PERIOD] [area "AREA"]`: a draft of the section 23 table.
  case assess(for: Name?, area: Name?)
  case write(WriteRequest)
  case describe
  case show(all: Bool)
}

/// `rename A as B`.
public struct Renaming: Sendable, Equatable {
  public var from: Name
  public var to: Name
}

/// A verb where it was written.
public struct Stage: Sendable, Equatable {
  public var verb: Verb
  /// The verb's word.
  public var name: Name
  /// The whole stage, verb and arguments.
  public var range: SourceRange
}

/// Where a pipeline starts: a named table, or `_`, the last result.
public enum PipelineSource: Sendable, Equatable {
  case named(Name)
  case last(SourceRange)
}

/// A table passed through verbs: `indicators | where ... | group by area`.
public struct Pipeline: Sendable, Equatable {
  public var source: PipelineSource
  public var stages: [Stage]
}

/// How to read a file with `load`.
public struct LoadRequest: Sendable, Equatable {
  public var path: String
  public var pathRange: SourceRange
  public var name: Name?
  public var options: CSVOptions
  /// The sheet of an .xlsx workbook.
  public var sheet: Name? = nil
}

/// One command of the language.
public enum Command: Sendable, Equatable {
  case pipeline(Pipeline)
  case assign(Name, Pipeline)
  case load(LoadRequest)
  case datasets
  /// `explain NI4`, `outcomes`, `indicators` and the like: the framework.
  case framework(FrameworkTopic)
  /// `group NAME = ("AREA", ...)`: a named comparator group of areas.
  case defineGroup(Name, [Name])
  /// An empty line or a comment.
  case nothing
}

extension Command {
  /// Whether running it writes a file: a pipeline with `write ... to PATH`.
  public var writesFile: Bool {
    let stages: [Stage]
    switch self {
    case .pipeline(let p), .assign(_, let p): stages = p.stages
    default: return false
    }
    return stages.contains {
      switch $0.verb {
      case .write(let request): request.writesFile
      case .chart(let request): request.path != nil
      case .funnelPlot(let request): request.path != nil
      default: false
      }
    }
  }

  /// The files it names: what `load` reads and `write ... to` writes, as written.
  public var paths: [String] {
    switch self {
    case .load(let request): return [request.path]
    case .pipeline(let p), .assign(_, let p):
      return p.stages.compactMap {
        if case .write(let request) = $0.verb { request.path?.text } else { nil }
      }
    default: return []
    }
  }

  /// The files the commands of `source` name; none for text that does not parse.
  public static func paths(in source: String) -> [String] {
    ((try? Parser.parseScript(source)) ?? []).flatMap(\.command.paths)
  }

  /// Whether any command of `source` writes a file; false for text that does not parse (it
  /// cannot run either).
  public static func writesFile(_ source: String) -> Bool {
    guard let parsed = try? Parser.parseScript(source) else { return false }
    return parsed.contains { $0.command.writesFile }
  }
}

/// What `explain` and its relatives show.
public enum FrameworkTopic: Sendable, Equatable {
  case outcomes
  case indicators
  case explain(String, SourceRange)
}
