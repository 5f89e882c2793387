import Framework
import Tables

extension Evaluator {
  /// `rate per N population [AGES] [using YEAR]`: each row's value per N people of its area,
  /// from the mid-year estimate of the year its period starts in.
  func ratePopulation(_ frame: Frame, per: Double, ages: AgeBand?, agesRange: SourceRange?, using: Int?, at range: SourceRange) throws(Diagnostic) -> Frame {
    let table = frame.table
    let roles = Roles(table, resolver: resolver)
    guard let areaColumn = roles.area ?? roles.areas.first else {
      throw Diagnostic("a rate per population needs an area column, and this table has none", at: range)
    }
    let v = try valueColumn(nil, in: table, at: range, verb: "rate per population")
    guard per > 0 else { throw Diagnostic("rates are per a positive number of people", at: range) }
    // A percentage is already a rate: per head of population it means nothing.
    let unit = MeasureUnit.unitColumn(table)
    if let row = (0..<table.rowCount).first(where: MeasureUnit.percentages(in: table, value: v, measure: roles.measure, unit: unit)) {
      let what = roles.measure.flatMap { m -> String? in if case .text(let s) = table.value(row: row, column: m) { s } else { nil } } ?? table.columns[v].name
      throw Diagnostic("\"\(what)\" is a percentage, and a percentage per head of population means nothing", at: range,
        help: "rate the counts behind it instead: where \(roles.measure.map { table.columns[$0].name } ?? "measure") = \"...\" to pick a count")
    }
    let band = ages ?? .sixteenToSeventy
    let estimates = try workspace.population()
    let periodColumn = roles.period
    if using == nil && periodColumn == nil {
      throw Diagnostic("a rate per population needs a period column to choose the population year", at: range,
        label: "or say which mid-year to use: `using 2018`")
    }
    if let using, !estimates.years.contains(using) {
      throw Diagnostic("there is no population estimate for mid-\(using)", at: range,
        help: "the bundled estimates cover \(estimates.years.first ?? 0) to \(estimates.latestYear ?? 0)")
    }

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
      if year == nil, let pc = periodColumn, case .period(let period) = table.value(row: i, column: pc) {
        year = period.populationYear
        if !estimates.years.contains(period.populationYear) { missingYears[period, default: 0] += 1 }
      }
      // A pooled window's count is over all its years: its population is theirs summed (the
      // person-years), or their mean for a mean count.
      var population: Double?
      if let year {
        if let windows = frame.rolling, windows.periodColumn.lowercased() == periodColumn.map({ table.columns[$0].name.lowercased() }), using == nil {
          let span = (0..<windows.length).map { year - (windows.length - 1) + $0 }
          let each = span.map { estimates.population(of: area, year: $0, ages: band16) }
          for (y, e) in zip(span, each) where e == nil && !estimates.years.contains(y) {
            if case .period(let period)? = periodColumn.map({ table.value(row: i, column: $0) }) { missingYears[period, default: 0] += 1 }
          }
          if !each.contains(where: { $0 == nil }) {
            let total = each.reduce(0) { $0 + ($1 ?? 0) }
            population = windows.mean ? total / Double(windows.length) : total
          }
        } else {
          population = estimates.population(of: area, year: year, ages: band16)
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
      throw Diagnostic("\(NumberFormatting.count(unresolved.count, "area")) in \(table.columns[areaColumn].name) \(unresolved.count == 1 ? "is" : "are") not a council area: \(unresolved.prefix(3).map { "\"\($0)\"" }.joined(separator: ", "))",
        at: range, label: close.isEmpty ? nil : "\"\(first)\": did you mean \(Suggestions.phrase(close))?",
        help: "rates need the population of each area; filter those rows out first")
    }
    if !missingYears.isEmpty {
      let periods = missingYears.keys.sorted()
      let latest = estimates.latestYear ?? 0
      throw Diagnostic("no population estimate for \(periods.map { "\($0) (mid-\($0.populationYear))" }.prefix(3).joined(separator: ", "))\(periods.count > 3 ? " and \(periods.count - 3) more" : "")",
        at: range, label: "the estimates end at mid-\(latest)",
        help: "say `rate per \(NumberFormatting.plain(per)) population \(band.rawValue) using \(latest)` to use mid-\(latest) for every year, marked as such; or filter to years up to \(Period.financialYear(latest))")
    }

    var table2 = table.materialized()
    table2 = table2.adding("population", ColumnData.build(populations, format: .integer))
    let distinctYears = Set(years.compactMap(\.numberValue))
    if distinctYears.count > 1 {
      table2 = table2.adding("population year", ColumnData.build(years, format: NumberFormat(usesGrouping: false)))
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
    var note = "population: NRS mid-year estimates \(band.phrase)"
    if let using {
      note += ", mid-\(using) for every period (chosen with `using`, not the period's own year)"
    } else if yearList.count == 1, let pc = periodColumn, case .period(let p)? = (0..<table.rowCount).lazy.map({ table.value(row: $0, column: pc) }).first {
      note += ", \(yearList[0]) for \(p)"
    } else if !yearList.isEmpty {
      note += ", the year each financial year starts in (\(yearList.first ?? "") to \(yearList.last ?? ""))"
    }
    if let windows = frame.rolling, using == nil, let last = distinctYears.max(), let first = distinctYears.min() {
      note = "population: NRS mid-year estimates \(band.phrase), for each window the \(windows.mean ? "mean" : "sum") of the estimates of its \(windows.length) years (mid-\(Int(first) - windows.length + 1) to mid-\(Int(last)) in all): "
        + (windows.mean ? "the mean count over the mean population" : "person-years, so the rate is the pooled count over the pooled population") + "; population year is the window's last"
    }
    result.notes = [Note(note, columns: ["population", "rate"])]
    if ages == nil { result.notes.append(Note("ages 16 to 70, the denominator of justice social work rates; say `16+` or `all` for others", columns: ["population", "rate"])) }
    return result
  }
}
