import Tables

/// The age bands populations are published for.
public enum AgeBand: String, CaseIterable, Hashable, Sendable {
  case sixteenPlus = "16+"
  /// The denominator of justice social work rates.
  case sixteenToSeventy = "16-70"
  case all = "all ages"

  /// The band a user names: `16+`, `16-70`, `all`.
  public init?(name: String) {
    switch name.lowercased().replacingSpaces() {
    case "16+", "16plus", "16andover", "16andolder": self = .sixteenPlus
    case "16-70", "16to70", "16–70": self = .sixteenToSeventy
    case "all", "allages", "total": self = .all
    default: return nil
    }
  }

  /// "aged 16 to 70", for titles and notes.
  public var phrase: String {
    switch self {
    case .sixteenPlus: "aged 16 and over"
    case .sixteenToSeventy: "aged 16 to 70"
    case .all: "of all ages"
    }
  }
}

extension String {
  fileprivate func replacingSpaces() -> String { filter { $0 != " " } }
}

/// Where a population figure came from: which series of estimates (its vintage), or a table of
/// the user's own. Footnotes name it.
public struct PopulationSource: Hashable, Sendable {
  /// For footnotes: "NRS mid-year estimates", "the table mypop".
  public var name: String
  /// The vintage, for footnotes: "Census-2022-based series"; nil for a user's table.
  public var vintage: String?
  /// Whether the figures are the user's own rather than official estimates.
  public var isUsers: Bool

  public init(name: String, vintage: String?, isUsers: Bool = false) {
    self.name = name
    self.vintage = vintage
    self.isUsers = isUsers
  }

  /// The bundled `population_current`: NRS's estimates rebased on Census 2022.
  public static let census2022 = PopulationSource(
    name: "NRS mid-year estimates", vintage: "the Census-2022-based series")
  /// The bundled `population`: the estimates to mid-2018, published before the rebase.
  public static let series2018 = PopulationSource(
    name: "NRS mid-year estimates", vintage: "the series to mid-2018, before the Census 2022 rebase"
  )

  /// A table the user named with `using TABLE`.
  public static func table(_ name: String) -> PopulationSource {
    PopulationSource(name: "the table \(name)", vintage: nil, isUsers: true)
  }
}

/// Mid-year population estimates by area, year and age band, looked up for rates.
///
/// Built from the bundled `population` datasets (columns `area_code`, `area`, `year`, `ages`,
/// `value`), or any table with those columns; several series can be layered, the first
/// preferred wherever it has a figure, and every figure remembers its series.
public struct PopulationEstimates: Sendable {
  /// Figures by a packed key of area, year and age band, with the index of their source.
  private var figures: [Int: (value: Double, source: Int)] = [:]
  /// The series the figures come from, preferred first.
  public private(set) var sources: [PopulationSource] = []
  /// The mid-years with an estimate for some band.
  public private(set) var years: [Int] = []
  /// The mid-years with an estimate, by band.
  private var bandYears: [AgeBand: [Int]] = [:]

  private static let areaIndex: [String: Int] = Dictionary(
    uniqueKeysWithValues: CouncilArea.all.enumerated().map { ($0.element.code, $0.offset) })

  private static func key(_ area: Int, _ year: Int, _ ages: AgeBand) -> Int {
    let band = AgeBand.allCases.firstIndex(of: ages) ?? 0
    return (area * 10_000 + year) * 4 + band
  }

  /// Reads estimates from a table; rows whose area, year or ages do not resolve are an error.
  /// Each distinct area and age band is resolved once. The value column is `value` or
  /// `population`, the ages `ages` or `age_band`; a table without ages gives `assumedAges`
  /// (the band a rate asked for) when that is set.
  public init(
    table: Table, source: PopulationSource = .series2018, assumedAges: AgeBand? = nil,
    resolver: AreaResolver = .standard
  ) throws(PopulationError) {
    let ages =
      table.columnIndex(named: "ages") ?? table.columnIndex(named: "age_band")
      ?? table.columnIndex(named: "age band")
    guard let area = table.columnIndex(named: "area_code") ?? table.columnIndex(named: "area"),
      let year = table.columnIndex(named: "year"),
      let value = table.columnIndex(named: "value") ?? table.columnIndex(named: "population"),
      ages != nil || assumedAges != nil
    else {
      throw PopulationError(
        message:
          "a population table needs the columns area_code (or area), year, ages and value (or population)"
      )
    }
    guard case .text(let areas) = table.columns[area].data else {
      throw PopulationError(
        message: "the column \(table.columns[area].name) should hold areas' names or codes")
    }
    guard case .number(let numbers) = table.columns[value].data else {
      throw PopulationError(message: "the column \(table.columns[value].name) should hold numbers")
    }
    var bands: TextColumn?
    if let ages {
      guard case .text(let b) = table.columns[ages].data else {
        throw PopulationError(
          message:
            "the column \(table.columns[ages].name) should hold age bands: 16+, 16-70 or all ages")
      }
      bands = b
    }
    sources = [source]
    let areaOfCode = areas.dictionary.map {
      resolver.resolve($0).flatMap { Self.areaIndex[$0.code] }
    }
    let bandOfCode = bands?.dictionary.map { AgeBand(name: $0) } ?? []
    var yearSet: [AgeBand: Set<Int>] = [:]
    for row in 0..<table.rowCount {
      let r = table.selection[row]
      let a = areas.codes[r]
      guard a != TextColumn.missingCode, let areaIndex = areaOfCode[Int(a)] else {
        throw PopulationError(
          message: "row \(row + 1): the area does not resolve to a council area")
      }
      let y: Int
      switch table.value(row: row, column: year) {
      case .period(let p): y = p.populationYear
      case .number(let n, _) where n == n.rounded() && n >= 1000 && n <= 9999: y = Int(n)
      default: throw PopulationError(message: "row \(row + 1): the year is not a year")
      }
      let band: AgeBand
      if let bands {
        let b = bands.codes[r]
        guard b != TextColumn.missingCode, let named = bandOfCode[Int(b)] else {
          throw PopulationError(message: "row \(row + 1): ages must be 16+, 16-70 or all ages")
        }
        band = named
      } else {
        band = assumedAges ?? .sixteenToSeventy
      }
      guard let n = numbers.number(at: r) else { continue }
      guard n > 0, n.isFinite else {
        throw PopulationError(message: "row \(row + 1): a population must be a positive number")
      }
      figures[Self.key(areaIndex, y, band)] = (n, 0)
      yearSet[band, default: []].insert(y)
    }
    bandYears = yearSet.mapValues { $0.sorted() }
    years = Set(yearSet.values.joined()).sorted()
  }

  /// These estimates with `other`'s figures wherever these have none: these are preferred.
  public func filling(from other: PopulationEstimates) -> PopulationEstimates {
    var merged = self
    let offset = merged.sources.count
    merged.sources += other.sources
    for (key, figure) in other.figures where merged.figures[key] == nil {
      merged.figures[key] = (figure.value, figure.source + offset)
    }
    for band in AgeBand.allCases {
      let both = Set(bandYears[band] ?? []).union(other.bandYears[band] ?? [])
      if !both.isEmpty { merged.bandYears[band] = both.sorted() }
    }
    merged.years = Set(years).union(other.years).sorted()
    return merged
  }

  /// The estimate for an area at a mid-year, or nil where there is none.
  public func population(of area: CouncilArea, year: Int, ages: AgeBand) -> Double? {
    estimate(of: area, year: year, ages: ages)?.value
  }

  /// The estimate for an area at a mid-year with the series it comes from.
  public func estimate(of area: CouncilArea, year: Int, ages: AgeBand) -> (
    value: Double, source: PopulationSource
  )? {
    guard let a = Self.areaIndex[area.code], let figure = figures[Self.key(a, year, ages)] else {
      return nil
    }
    return (figure.value, sources[figure.source])
  }

  /// The mid-years with an estimate for a band.
  public func years(for ages: AgeBand) -> [Int] { bandYears[ages] ?? [] }

  /// The mid-years with an estimate for a band closest to `year` (two when both sides are as near).
  public func nearestYears(to year: Int, ages: AgeBand) -> [Int] {
    let all = years(for: ages)
    guard let best = all.map({ abs($0 - year) }).min() else { return [] }
    return all.filter { abs($0 - year) == best }
  }

  public var latestYear: Int? { years.last }
}

public struct PopulationError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
