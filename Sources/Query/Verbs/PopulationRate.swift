import Framework
import Tables

extension Evaluator {
  /// `rate per N population [AGES] [using YEAR]`: each row's value per N people of its area,
  /// from the mid-year estimate of the year its period starts in.
  /// `using TABLE` takes the populations from a table of the user's own instead, and says so.
  func ratePopulation(
    _ frame: Frame, per: Double, ages: AgeBand?, agesRange: SourceRange?,
    using choice: PopulationChoice?, at range: SourceRange
  ) throws(Diagnostic) -> Frame {
    var using: Int?
    var ownTable: Name?
    switch choice {
    case .year(let y): using = y
    case .table(let name): ownTable = name
    case nil: break
    }
    let table = frame.table
    let roles = Roles(table, resolver: resolver)
    guard let areaColumn = roles.area ?? roles.areas.first else {
      throw Diagnostic(
        "a rate per population needs an area column, and this table has none", at: range)
    }
    let v = try valueColumn(nil, in: table, at: range, verb: "rate per population")
    guard per > 0 else { throw Diagnostic("rates are per a positive number of people", at: range) }
    // A percentage is already a rate: per head of population it means nothing.
    let unit = MeasureUnit.unitColumn(table)
    if let row = (0..<table.rowCount).first(
      where: MeasureUnit.percentages(in: table, value: v, measure: roles.measure, unit: unit))
    {
      let what =
        roles.measure.flatMap { m -> String? in
          if case .text(let s) = table.value(row: row, column: m) { s } else { nil }
        } ?? table.columns[v].name
      throw Diagnostic(
        "\"\(what)\" is a percentage, and a percentage per head of population means nothing",
        at: range,
        help:
          "rate the counts behind it instead: where \(roles.measure.map { table.columns[$0].name } ?? "measure") = \"...\" to pick a count"
      )
    }
    let band = ages ?? .sixteenToSeventy
    let estimates: PopulationEstimates
    if let ownTable {
      estimates = try workspace.population(fromTable: ownTable, ages: band)
    } else {
      estimates = try workspace.population()
    }
    let bandYears = estimates.years(for: band)
    let periodColumn = roles.period
    if using == nil && periodColumn == nil {
      throw Diagnostic(
        "a rate per population needs a period column to choose the population year", at: range,
        label: "or say which mid-year to use: `using 2018`")
    }
    if let using, !bandYears.contains(using) {
      throw Diagnostic(
        "there is no population estimate \(band.phrase) for mid-\(using)", at: range,
        label: Self.nearestPhrase(estimates, using, band),
        help: "the estimates \(band.phrase) cover \(Self.yearRuns(bandYears))")
    }
    var sourceYears: [PopulationSource: Set<Int>] = [:]

    var populations: [Value] = []
    var rates: [Value] = []
    var years: [Value] = []
    var unresolved: [String] = []
    var missingYears: [Period: Int] = [:]
    let band16 = band
    for i in 0..<table.rowCount {
      guard case .text(let areaText) = table.value(row: i, column: areaColumn) else {
        populations.append(.missing(.notAvailable))
        rates.append(.missing(.notAvailable))
        years.append(.missing(.notAvailable))
        continue
      }
      guard let area = resolver.resolve(areaText) else {
        if !unresolved.contains(areaText) { unresolved.append(areaText) }
        continue
      }
      var year = using
      if year == nil, let pc = periodColumn,
        case .period(let period) = table.value(row: i, column: pc)
      {
        year = period.populationYear
        if !bandYears.contains(period.populationYear) { missingYears[period, default: 0] += 1 }
      }
      // A pooled window's count is over all its years: its population is theirs summed (the
      // person-years), or their mean for a mean count.
      var population: Double?
      if let year {
        if let windows = frame.rolling,
          windows.periodColumn.lowercased()
            == periodColumn.map({ table.columns[$0].name.lowercased() }), using == nil
        {
          let span = (0..<windows.length).map { year - (windows.length - 1) + $0 }
          let found = span.map { estimates.estimate(of: area, year: $0, ages: band16) }
          for (y, e) in zip(span, found) {
            if let e { sourceYears[e.source, default: []].insert(y) }
          }
          let each = found.map { $0?.value }
          for (y, e) in zip(span, each) where e == nil && !bandYears.contains(y) {
            if case .period(let period)? = periodColumn.map({ table.value(row: i, column: $0) }) {
              missingYears[period, default: 0] += 1
            }
          }
          if !each.contains(where: { $0 == nil }) {
            let total = each.reduce(0) { $0 + ($1 ?? 0) }
            population = windows.mean ? total / Double(windows.length) : total
          }
        } else {
          let found = estimates.estimate(of: area, year: year, ages: band16)
          if let found { sourceYears[found.source, default: []].insert(year) }
          population = found?.value
        }
      }
      guard let year, let population else {
        populations.append(.missing(.notAvailable))
        rates.append(.missing(.notAvailable))
        years.append(.missing(.notAvailable))
        continue
      }
      populations.append(.number(population))
      years.append(.number(Double(year)))
      switch table.value(row: i, column: v) {
      case .number(let n, let marker): rates.append(.number(per * n / population, marker))
      case .missing(let reason): rates.append(.missing(reason))
      default: rates.append(.missing(.notAvailable))
      }
    }
    if !unresolved.isEmpty {
      let first = unresolved[0]
      let close = resolver.suggestions(for: first)
      throw Diagnostic(
        "\(NumberFormatting.count(unresolved.count, "area")) in \(table.columns[areaColumn].name) \(unresolved.count == 1 ? "is" : "are") not a council area: \(unresolved.prefix(3).map { "\"\($0)\"" }.joined(separator: ", "))",
        at: range,
        label: close.isEmpty ? nil : "\"\(first)\": did you mean \(Suggestions.phrase(close))?",
        help: "rates need the population of each area; filter those rows out first")
    }
    if !missingYears.isEmpty {
      let periods = missingYears.keys.sorted()
      let first = periods[0].populationYear
      let nearest = estimates.nearestYears(to: first, ages: band)
      let suggestion = nearest.last ?? estimates.latestYear ?? 0
      var also = ""
      if band != .all,
        periods.allSatisfy({ estimates.years(for: .all).contains($0.populationYear) })
      {
        also =
          "; estimates of all ages have \(periods.count == 1 ? "it" : "them") (`rate per \(NumberFormatting.plain(per)) population all`)"
      }
      throw Diagnostic(
        "no population estimate \(band.phrase) for \(periods.map { "\($0) (mid-\($0.populationYear))" }.prefix(3).joined(separator: ", "))\(periods.count > 3 ? " and \(periods.count - 3) more" : "")",
        at: range, label: Self.nearestPhrase(estimates, first, band),
        help:
          "say `rate per \(NumberFormatting.plain(per)) population \(band.rawValue) using \(suggestion)` to use mid-\(suggestion) for every year, marked as such; `using TABLE` for populations of your own; or keep to years with an estimate \(band.phrase): \(Self.yearRuns(bandYears))\(also)"
      )
    }

    var table2 = table.materialized()
    table2 = table2.adding("population", ColumnData.build(populations, format: .integer))
    let distinctYears = Set(years.compactMap(\.numberValue))
    if distinctYears.count > 1 {
      table2 = table2.adding(
        "population year", ColumnData.build(years, format: NumberFormat(usesGrouping: false)))
    }
    table2 = table2.adding("rate", ColumnData.build(rates, format: .oneDecimal))
    table2.preferredValue = "rate"
    var result = Frame(table: table2, origin: frame.origin)
    let perText = NumberFormatting.format(per, decimals: 0)
    let context = constantContext(table, excluding: roles.areas)
    var title = "\(context[.measure] ?? table.columns[v].name) per \(perText) people \(band.phrase)"
    if let period = context[.period] { title += ", \(period)" }
    result.title = title
    let yearList = distinctYears.sorted().map { "mid-\(Int($0))" }
    let sources = estimates.sources.filter { sourceYears[$0] != nil }
    let own = sources.first { $0.isUsers }
    var note =
      "population: "
      + (own.map { "\($0.name) (your own figures, not the bundled NRS estimates)" }
        ?? "NRS mid-year estimates")
    if let ownTable, let t = try? workspace.table(named: ownTable.text),
      !["ages", "age_band", "age band"].contains(where: { t.columnIndex(named: $0) != nil })
    {
      note += ", taken as \(band.phrase) (the table says no ages)"
    } else {
      note += " \(band.phrase)"
    }
    if let using {
      note += ", mid-\(using) for every period (chosen with `using`, not the period's own year)"
    } else if yearList.count == 1, let pc = periodColumn,
      case .period(let p)? = (0..<table.rowCount).lazy.map({ table.value(row: $0, column: pc) })
        .first
    {
      note += ", \(yearList[0]) for \(p)"
    } else if !yearList.isEmpty {
      note +=
        ", the year each financial year starts in (\(yearList.first ?? "") to \(yearList.last ?? ""))"
    }
    if let windows = frame.rolling, using == nil, let last = distinctYears.max(),
      let first = distinctYears.min()
    {
      note =
        "population: \(own.map(\.name) ?? "NRS mid-year estimates") \(band.phrase), for each window the \(windows.mean ? "mean" : "sum") of the estimates of its \(windows.length) years (mid-\(Int(first) - windows.length + 1) to mid-\(Int(last)) in all): "
        + (windows.mean
          ? "the mean count over the mean population"
          : "person-years, so the rate is the pooled count over the pooled population")
        + "; population year is the window's last"
    }
    // Every footnote names the series: where two are used, which years come from which, and
    // that they are not on the same basis.
    let official = sources.filter { !$0.isUsers }.sorted {
      (sourceYears[$0]?.min() ?? 0) < (sourceYears[$1]?.min() ?? 0)
    }
    if official.count == 1, let vintage = official[0].vintage {
      note += "; \(vintage)"
    } else if official.count > 1 {
      note +=
        "; "
        + official.map {
          "\(Self.yearRuns((sourceYears[$0] ?? []).sorted())) from \($0.vintage ?? $0.name)"
        }.joined(separator: ", ")
        + ": the two are on different bases, so compare across them with care"
    }
    result.notes = [Note(note, columns: ["population", "rate"])]
    if ages == nil {
      result.notes.append(
        Note(
          "ages 16 to 70, the denominator of justice social work rates; say `16+` or `all` for others",
          columns: ["population", "rate"]))
    }
    return result
  }

  /// "the nearest estimates aged 16 to 70 are mid-2022 and mid-2024".
  static func nearestPhrase(_ estimates: PopulationEstimates, _ year: Int, _ band: AgeBand)
    -> String
  {
    let nearest = estimates.nearestYears(to: year, ages: band)
    guard !nearest.isEmpty else { return "there are no estimates \(band.phrase)" }
    return
      "the nearest \(nearest.count == 1 ? "estimate" : "estimates") \(band.phrase) \(nearest.count == 1 ? "is" : "are") \(nearest.map { "mid-\($0)" }.joined(separator: " and "))"
  }

  /// Years as runs: "mid-1998 to mid-2018, mid-2022, mid-2024".
  static func yearRuns(_ years: [Int]) -> String {
    var runs: [String] = []
    var i = 0
    while i < years.count {
      var j = i
      while j + 1 < years.count && years[j + 1] == years[j] + 1 { j += 1 }
      runs.append(j > i ? "mid-\(years[i]) to mid-\(years[j])" : "mid-\(years[i])")
      i = j + 1
    }
    return runs.isEmpty ? "no years" : runs.joined(separator: ", ")
  }
}
