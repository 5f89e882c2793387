/// The kinds of Scottish geography a GSS code names, by its first three characters, so that a
/// data zone or a health board is said to be one, never taken for a council of the same name.
///
/// ```
/// Geography.kind(of: "S01006506")   // .dataZone
/// Geography.code(in: "http://statistics.gov.scot/id/statistical-geography/S12000049")  // "S12000049"
/// ```
public enum Geography: String, CaseIterable, Sendable {
  case dataZone = "S01"
  case intermediateZone = "S02"
  case healthBoard = "S08"
  case councilArea = "S12"
  case electoralWard = "S13"
  case westminsterConstituency = "S14"
  case scottishParliamentConstituency = "S16"
  case scottishParliamentRegion = "S17"
  case settlement = "S20"
  case locality = "S19"
  case integrationAuthority = "S37"
  case country = "S92"

  /// "data zone", for messages.
  public var name: String {
    switch self {
    case .dataZone: "data zone"
    case .intermediateZone: "intermediate zone"
    case .healthBoard: "health board"
    case .councilArea: "council area"
    case .electoralWard: "electoral ward"
    case .westminsterConstituency: "UK Parliament constituency"
    case .scottishParliamentConstituency: "Scottish Parliament constituency"
    case .scottishParliamentRegion: "Scottish Parliament region"
    case .settlement: "settlement"
    case .locality: "locality"
    case .integrationAuthority: "health and social care partnership"
    case .country: "country"
    }
  }

  /// "data zones", "constituencies".
  public var pluralName: String { name.hasSuffix("y") ? name.dropLast() + "ies" : name + "s" }

  /// The kind of geography a code (or a URI ending in one) names, or nil for anything else.
  public static func kind(of text: String) -> Geography? {
    guard let code = code(in: text) else { return nil }
    return Geography(rawValue: String(code.prefix(3)))
  }

  /// The GSS code in `text`: the text itself, or the last part of a URI such as
  /// `http://statistics.gov.scot/id/statistical-geography/S12000049` (bare or in angle brackets).
  public static func code(in text: String) -> String? {
    var t = Substring(text.trimming(" \t"))
    if t.hasPrefix("<") && t.hasSuffix(">") { t = t.dropFirst().dropLast() }
    if t.hasPrefix("http://") || t.hasPrefix("https://") {
      guard let slash = t.lastIndex(of: "/") else { return nil }
      t = t[t.index(after: slash)...]
    }
    guard t.utf8.count == 9 else { return nil }
    let u = t.uppercased()
    guard u.hasPrefix("S"), u.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) else {
      return nil
    }
    return u
  }
}
