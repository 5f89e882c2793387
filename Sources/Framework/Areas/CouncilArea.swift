/// One of Scotland's 32 council areas, or Scotland itself.
public struct CouncilArea: Hashable, Sendable, CustomStringConvertible {
  /// The name as National Records of Scotland write it ("City of Edinburgh", "Na h-Eileanan Siar").
  public let name: String
  /// The GSS code in use since 2018-19 (`S12000036`; Scotland is `S92000003`).
  public let code: String
  /// The code before the 2018 boundary changes, for the four councils that were recoded.
  public let previousCode: String?
  /// Other names met in published files.
  public let otherNames: [String]

  public var isScotland: Bool { code == CouncilArea.scotlandCode }
  public var description: String { name }

  /// Every code the area has had.
  public var codes: [String] { [code] + (previousCode.map { [$0] } ?? []) }

  static let scotlandCode = "S92000003"

  init(_ name: String, _ code: String, previous: String? = nil, _ otherNames: [String] = []) {
    self.name = name
    self.code = code
    self.previousCode = previous
    self.otherNames = otherNames
  }
}

extension CouncilArea {
  /// The 32 council areas in alphabetical order of name, then Scotland.
  ///
  /// Codes are those of `reference-data/council-code-changes-2018.csv`: Fife, Glasgow City,
  /// North Lanarkshire and Perth and Kinross were recoded after the 2018 boundary changes.
  public static let all: [CouncilArea] = councils + [scotland]

  /// Scotland as a whole.
  public static let scotland = CouncilArea(
    "Scotland", scotlandCode, ["All Scotland", "Scotland total"])

  /// The 32 council areas.
  public static let councils: [CouncilArea] = [
    CouncilArea("Aberdeen City", "S12000033", ["Aberdeen", "City of Aberdeen"]),
    CouncilArea("Aberdeenshire", "S12000034"),
    CouncilArea("Angus", "S12000041"),
    CouncilArea("Argyll and Bute", "S12000035", ["Argyll"]),
    CouncilArea(
      "City of Edinburgh", "S12000036", ["Edinburgh", "Edinburgh City", "Edinburgh, City of"]),
    CouncilArea("Clackmannanshire", "S12000005", ["Clacks"]),
    CouncilArea("Dumfries and Galloway", "S12000006", ["Dumfries"]),
    CouncilArea("Dundee City", "S12000042", ["Dundee", "City of Dundee"]),
    CouncilArea("East Ayrshire", "S12000008"),
    CouncilArea("East Dunbartonshire", "S12000045"),
    CouncilArea("East Lothian", "S12000010"),
    CouncilArea("East Renfrewshire", "S12000011"),
    CouncilArea("Falkirk", "S12000014"),
    CouncilArea("Fife", "S12000047", previous: "S12000015"),
    CouncilArea(
      "Glasgow City", "S12000049", previous: "S12000046", ["Glasgow", "City of Glasgow"]),
    CouncilArea("Highland", "S12000017", ["Highlands", "The Highland Council"]),
    CouncilArea("Inverclyde", "S12000018"),
    CouncilArea("Midlothian", "S12000019"),
    CouncilArea("Moray", "S12000020"),
    CouncilArea(
      "Na h-Eileanan Siar", "S12000013",
      [
        "Eilean Siar", "Comhairle nan Eilean Siar", "Western Isles", "Na h-Eileanan an Iar",
        "Outer Hebrides",
      ]),
    CouncilArea("North Ayrshire", "S12000021"),
    CouncilArea("North Lanarkshire", "S12000050", previous: "S12000044"),
    CouncilArea("Orkney Islands", "S12000023", ["Orkney"]),
    CouncilArea("Perth and Kinross", "S12000048", previous: "S12000024", ["Perth"]),
    CouncilArea("Renfrewshire", "S12000038"),
    CouncilArea("Scottish Borders", "S12000026", ["Borders", "The Scottish Borders"]),
    CouncilArea("Shetland Islands", "S12000027", ["Shetland"]),
    CouncilArea("South Ayrshire", "S12000028"),
    CouncilArea("South Lanarkshire", "S12000029"),
    CouncilArea("Stirling", "S12000030"),
    CouncilArea("West Dunbartonshire", "S12000039"),
    CouncilArea("West Lothian", "S12000040"),
  ]
}
