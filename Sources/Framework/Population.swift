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

/// Mid-year population estimates by area, year and age band, looked up for rates.
///
/// Built from the bundled `population` dataset (columns `area_code`, `area`, `year`, `ages`,
/// `value`), or any table with those columns.
public struct PopulationEstimates: Sendable {
  /// Figures by a packed key of area, year and age band.
  private var figures: [Int: Double] = [:]
  /// The mid-years with an estimate.
  public private(set) var years: [Int] = []

  private static let areaIndex: [String: Int] = Dictionary(uniqueKeysWithValues: CouncilArea.all.enumerated().map { ($0.element.code, $0.offset) })

  private static func key(_ area: Int, _ year: Int, _ ages: AgeBand) -> Int {
    let band = AgeBand.allCases.firstIndex(of: ages) ?? 0
    return (area * 10_000 + year) * 4 + band
  }

  /// Reads estimates from a table; rows whose area, year or ages do not resolve are an error.
  /// Each distinct area and age band is resolved once.
  public init(table: Table, resolver: AreaResolver = .standard) throws(PopulationError) {
    guard let area = table.columnIndex(named: "area_code") ?? table.columnIndex(named: "area"),
      let year = table.columnIndex(named: "year"), let ages = table.columnIndex(named: "ages"),
      let value = table.columnIndex(named: "value"),
      case .text(let areas) = table.columns[area].data, case .text(let bands) = table.columns[ages].data,
      case .number(let numbers) = table.columns[value].data
    else {
      throw PopulationError(message: "a population table needs the columns area_code (or area), year, ages and value")
    }
    let areaOfCode = areas.dictionary.map { resolver.resolve($0).flatMap { Self.areaIndex[$0.code] } }
    let bandOfCode = bands.dictionary.map { AgeBand(name: $0) }
    var yearSet: Set<Int> = []
    for row in 0..<table.rowCount {
      let r = table.selection[row]
      let a = areas.codes[r]
      guard a != TextColumn.missingCode, let areaIndex = areaOfCode[Int(a)] else {
        throw PopulationError(message: "row \(row + 1): the area does not resolve to a council area")
      }
      let y: Int
      switch table.value(row: row, column: year) {
      case .period(let p): y = p.startYear
      case .number(let n, _): y = Int(n)
      default: throw PopulationError(message: "row \(row + 1): the year is not a year")
      }
      let b = bands.codes[r]
      guard b != TextColumn.missingCode, let band = bandOfCode[Int(b)] else {
        throw PopulationError(message: "row \(row + 1): ages must be 16+, 16-70 or all ages")
      }
      guard let n = numbers.number(at: r) else { continue }
      figures[Self.key(areaIndex, y, band)] = n
      yearSet.insert(y)
    }
    years = yearSet.sorted()
  }

  /// The estimate for an area at a mid-year, or nil where there is none.
  public func population(of area: CouncilArea, year: Int, ages: AgeBand) -> Double? {
    guard let a = Self.areaIndex[area.code] else { return nil }
    return figures[Self.key(a, year, ages)]
  }

  public var latestYear: Int? { years.last }
}

public struct PopulationError: Error, Sendable, CustomStringConvertible {
  public var message: String
  public var description: String { message }
}
