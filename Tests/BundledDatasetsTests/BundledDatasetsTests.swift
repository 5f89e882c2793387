import BundledDatasets
import Framework
import Tables
import Testing

@Suite("Bundled datasets")
struct BundledDatasetsTests {
  func load(_ name: String) throws -> Table {
    let dataset = try #require(BundledDatasets.named(name))
    let path = try #require(BundledDatasets.path(of: dataset))
    return try CSVReader.read(path: path).table
  }

  @Test func everyBundledFileLoadsWithoutNotes() throws {
    for dataset in BundledDatasets.all {
      let path = try #require(BundledDatasets.path(of: dataset))
      let result = try CSVReader.read(path: path)
      #expect(result.notes.isEmpty, "\(dataset.name): \(result.notes)")
      #expect(result.table.rowCount > 0)
    }
  }

  @Test func areasFileAgreesWithTheFramework() throws {
    let t = try load("areas")
    let resolver = AreaResolver.standard
    #expect(t.rowCount == 33)
    for row in 0..<t.rowCount {
      guard case .text(let code) = t.value(row: row, column: 0),
        case .text(let name) = t.value(row: row, column: 1)
      else {
        Issue.record("row \(row)")
        continue
      }
      let area = try #require(resolver.resolve(code))
      #expect(area.name == name)
      let old = t.value(row: row, column: 2).textValue
      #expect(old == area.previousCode)
      let others =
        t.value(row: row, column: 3).textValue?.split(separator: ";").map {
          $0.trimmingPrefixSpaces()
        } ?? []
      #expect(others == area.otherNames)
    }
  }

  @Test func populationCoversEveryAreaAndBand() throws {
    let estimates = try PopulationEstimates(table: load("population"))
    #expect(estimates.years == Array(1998...2018))
    for area in CouncilArea.all {
      for band in AgeBand.allCases {
        #expect(estimates.population(of: area, year: 2018, ages: band) != nil)
      }
    }
    // Scotland is the sum of the councils.
    let sum = CouncilArea.councils.compactMap {
      estimates.population(of: $0, year: 2017, ages: .sixteenToSeventy)
    }.reduce(0, +)
    #expect(estimates.population(of: .scotland, year: 2017, ages: .sixteenToSeventy) == sum)
  }

  @Test func currentPopulationCoversEveryAreaForItsYearsAndBands() throws {
    let estimates = try PopulationEstimates(table: load("population_current"), source: .census2022)
    #expect(estimates.years(for: .all) == Array(2011...2024))
    #expect(estimates.years(for: .sixteenToSeventy) == [2022, 2024])
    #expect(estimates.years(for: .sixteenPlus) == [2022, 2024])
    for area in CouncilArea.all {
      for year in [2022, 2024] {
        for band in AgeBand.allCases {
          #expect(estimates.population(of: area, year: year, ages: band) != nil)
        }
      }
    }
    // As published: Scotland mid-2022 5,447,700 and mid-2024 5,546,900, all ages; the councils add up.
    #expect(estimates.population(of: .scotland, year: 2022, ages: .all) == 5_447_700)
    #expect(estimates.population(of: .scotland, year: 2024, ages: .all) == 5_546_900)
    let sum = CouncilArea.councils.compactMap {
      estimates.population(of: $0, year: 2024, ages: .sixteenToSeventy)
    }.reduce(0, +)
    #expect(estimates.population(of: .scotland, year: 2024, ages: .sixteenToSeventy) == sum)
  }

  /// Cells of the illustrative dataset, by measure, year and area name.
  func indicatorCells() throws -> [String: [String: [String: Value]]] {
    let t = try load("indicators")
    var cells: [String: [String: [String: Value]]] = [:]
    for row in 0..<t.rowCount {
      let area = t.value(row: row, column: 1).textValue ?? ""
      guard case .period(let year) = t.value(row: row, column: 2) else { continue }
      let measure = t.value(row: row, column: 4).textValue ?? ""
      cells[measure, default: [:]][year.description, default: [:]][area] = t.value(
        row: row, column: 5)
    }
    return cells
  }

  @Test func illustrativeDatasetShape() throws {
    let t = try load("indicators")
    #expect(t.columnNames == ["area_code", "area", "year", "indicator", "measure", "value"])
    let cells = try indicatorCells()
    #expect(cells.count == 22)
    for (_, years) in cells {
      #expect(years.count == 12)
      for (_, areas) in years { #expect(areas.count == 33) }
    }
    #expect(BundledDatasets.named("indicators")?.label == "illustrative, not official statistics")
  }

  @Test func scotlandIsTheSumOfTheCouncilsAndSuppressionCannotBeWorkedBack() throws {
    for (measure, years) in try indicatorCells() where !measure.hasSuffix("(%)") {
      for (year, areas) in years {
        guard let scotland = areas["Scotland"]?.numberValue else {
          Issue.record("\(measure) \(year): Scotland missing")
          continue
        }
        let councils = areas.filter { $0.key != "Scotland" }.map(\.value)
        let shown = councils.compactMap(\.numberValue).reduce(0, +)
        let hidden = councils.filter { $0.missingReason == .confidential }.count
        #expect(hidden != 1, "\(measure) \(year): a single [c] could be worked back from the total")
        if hidden == 0 {
          #expect(shown == scotland, "\(measure) \(year)")
        } else {
          // What is hidden is at least one person per hidden cell.
          #expect(scotland - shown >= Double(hidden), "\(measure) \(year)")
        }
      }
    }
  }

  @Test func scotlandAgreesWithPublishedNationalFigures() throws {
    let cells = try indicatorCells()
    func scotland(_ measure: String, _ year: String) -> Double {
      cells[measure]?[year]?["Scotland"]?.numberValue ?? .nan
    }
    func nearest(_ v: Double, _ unit: Double) -> Double { (v / unit).rounded() * unit }
    let decade = (2012...2021).map { Period.financialYear($0).description }

    // Diversion: 2,700 in 2021-22, up 20% on 2020-21, the highest in a decade.
    #expect(nearest(scotland("cases commenced", "2021-22"), 10) == 2700)
    #expect(
      (100 * (scotland("cases commenced", "2021-22") / scotland("cases commenced", "2020-21") - 1))
        .rounded() == 20)
    #expect(
      decade.map { scotland("cases commenced", $0) }.max() == scotland("cases commenced", "2021-22")
    )

    // Bail supervision: 570 in 2021-22 (highest in a decade), 470 in 2019-20 (second highest).
    let bail = decade.map { scotland("bail cases commenced", $0) }.sorted(by: >)
    #expect(nearest(bail[0], 10) == 570 && bail[0] == scotland("bail cases commenced", "2021-22"))
    #expect(nearest(bail[1], 10) == 470 && bail[1] == scotland("bail cases commenced", "2019-20"))

    // CPOs: 12,150 in 2021-22, 49% above 2020-21, second lowest in the decade; 16,100 to 19,500 before.
    let cpo = decade.map { scotland("CPOs commenced", $0) }.sorted()
    #expect(nearest(scotland("CPOs commenced", "2021-22"), 10) == 12150)
    #expect(
      (100 * (scotland("CPOs commenced", "2021-22") / scotland("CPOs commenced", "2020-21") - 1))
        .rounded() == 49)
    #expect(cpo[1] == scotland("CPOs commenced", "2021-22"))
    let before = (2012...2019).map {
      scotland("CPOs commenced", Period.financialYear($0).description)
    }
    #expect(nearest(before.min() ?? 0, 100) == 16100)
    #expect(nearest(before.max() ?? 0, 100) == 19500)
  }

  @Test func percentagesComeFromTheCountsBehindThem() throws {
    let cells = try indicatorCells()
    for (year, areas) in cells["CPOs completed (%)"] ?? [:] {
      for (area, value) in areas {
        guard let pct = value.numberValue else { continue }
        let completed = try #require(cells["CPOs completed"]?[year]?[area]?.numberValue)
        let ended = try #require(cells["CPOs ended"]?[year]?[area]?.numberValue)
        #expect(abs(pct - 100 * completed / ended) < 0.05, "\(area) \(year)")
      }
    }
  }
}

extension Substring {
  fileprivate func trimmingPrefixSpaces() -> String { String(drop { $0 == " " }) }
}
