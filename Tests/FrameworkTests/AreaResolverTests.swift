import Framework
import Testing

@Suite("Council areas")
struct AreaResolverTests {
  let areas = AreaResolver.standard

  @Test func thirtyTwoCouncilsAndScotland() {
    #expect(CouncilArea.councils.count == 32)
    #expect(CouncilArea.all.count == 33)
    #expect(Set(CouncilArea.all.map(\.code)).count == 33)
  }

  @Test(arguments: [
    ("Edinburgh", "City of Edinburgh"), ("City of Edinburgh", "City of Edinburgh"),
    ("Edinburgh, City of", "City of Edinburgh"),
    ("EDINBURGH CITY", "City of Edinburgh"), ("Eilean Siar", "Na h-Eileanan Siar"),
    ("Na h-Eileanan Siar", "Na h-Eileanan Siar"),
    ("Comhairle nan Eilean Siar", "Na h-Eileanan Siar"), ("Western Isles", "Na h-Eileanan Siar"),
    ("na h eileanan siar", "Na h-Eileanan Siar"),
    ("Argyll & Bute", "Argyll and Bute"), ("Perth & Kinross", "Perth and Kinross"),
    ("Dumfries &  Galloway", "Dumfries and Galloway"),
    ("  fife ", "Fife"), ("Glasgow", "Glasgow City"), ("Glasgow City Council", "Glasgow City"),
    ("Orkney", "Orkney Islands"),
    ("Borders", "Scottish Borders"), ("Scotland", "Scotland"), ("Aberdeen", "Aberdeen City"),
    ("Aberdeenshire", "Aberdeenshire"),
  ])
  func namesAndVariants(text: String, name: String) {
    #expect(areas.resolve(text)?.name == name)
  }

  @Test func oldAndNewCodes() {
    #expect(areas.resolve("S12000015")?.name == "Fife")
    #expect(areas.resolve("S12000047")?.name == "Fife")
    #expect(areas.resolve("S12000046")?.name == "Glasgow City")
    #expect(areas.resolve("S12000049")?.name == "Glasgow City")
    #expect(areas.resolve("S12000044")?.name == "North Lanarkshire")
    #expect(areas.resolve("S12000024")?.name == "Perth and Kinross")
    #expect(areas.resolve("s92000003")?.name == "Scotland")
  }

  @Test func unresolvedNamesGetSuggestions() {
    #expect(areas.resolve("Falkrik") == nil)
    #expect(areas.suggestions(for: "Falkrik") == ["Falkirk"])
    #expect(areas.suggestions(for: "Edinbrugh").first == "City of Edinburgh")
    #expect(areas.suggestions(for: "Lanarkshire") == ["North Lanarkshire", "South Lanarkshire"])
    #expect(areas.resolve("Lanarkshire") == nil)
    #expect(areas.resolve("England") == nil)
  }

  @Test func everyNameAndCodeOfEveryAreaResolvesToItself() {
    for area in CouncilArea.all {
      for text in [area.name] + area.otherNames + area.codes {
        #expect(areas.resolve(text) == area, "\(text)")
      }
    }
  }
}
