import Framework
import Tables

/// What the columns of a table are for, decided from their names and contents: the period, the
/// value, the areas and the measure. `describe` says what was decided; verbs use it for defaults.
public struct Roles: Sendable {
  public enum Role: String, Sendable { case area, period, value, measure }

  public var period: Int?
  public var value: Int?
  /// Columns whose values are council areas (names or codes), the name column first.
  public var areas: [Int] = []
  public var measure: Int?

  public init(_ table: Table, resolver: AreaResolver = .standard) {
    let names = table.columns.map { $0.name.lowercased() }

    let periods = table.columns.indices.filter { table.columns[$0].type == .period }
    period =
      periods.first { ["year", "period", "financial_year", "date"].contains(names[$0]) }
      ?? periods.first

    let numbers = table.columns.indices.filter { table.columns[$0].type == .number }
    let preferred = table.preferredValue.map { $0.lowercased() }
    value =
      numbers.first { names[$0] == preferred } ?? numbers.first { names[$0] == "value" }
      ?? numbers.first { ["count", "number", "total", "n"].contains(names[$0]) }
      ?? (numbers.count == 1 ? numbers[0] : numbers.last)

    var areaColumns: [(Int, Bool)] = []
    for (i, column) in table.columns.enumerated() {
      guard case .text(let text) = column.data else { continue }
      let named =
        Self.areaNames.contains(names[i]) || names[i].hasPrefix("area")
        || names[i].hasPrefix("council")
      let resolved = text.dictionary.prefix(200).filter { resolver.resolve($0) != nil }.count
      let sample = min(text.dictionary.count, 200)
      if sample > 0 && (Double(resolved) >= 0.8 * Double(sample) || (named && resolved > 0)) {
        let isCode =
          text.dictionary.first.map {
            $0.count == 9 && $0.hasPrefix("S") && $0.dropFirst().allSatisfy(\.isNumber)
          } ?? false
        areaColumns.append((i, isCode))
      }
    }
    areas = areaColumns.filter { !$0.1 }.map(\.0) + areaColumns.filter { $0.1 }.map(\.0)

    let texts = table.columns.indices.filter {
      table.columns[$0].type == .text && !areas.contains($0)
    }
    measure =
      texts.first { names[$0] == "measure" }
      ?? texts.first { ["indicator_measure", "statistic", "variable"].contains(names[$0]) }
  }

  static let areaNames: Set<String> = [
    "area", "area_code", "area_name", "council", "council_area", "local_authority",
    "local authority", "la", "la_code",
    "geography", "geography_code", "featurecode", "feature_code", "authority",
  ]

  /// The column used for areas in results: the names rather than the codes.
  public var area: Int? { areas.first }

  public func role(of column: Int) -> Role? {
    if column == period { return .period }
    if column == value { return .value }
    if areas.contains(column) { return .area }
    if column == measure { return .measure }
    return nil
  }
}
