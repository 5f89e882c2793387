#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One dataset shipped with cjnb and available by name in every session.
public struct BundledDataset: Sendable, Hashable {
  /// The name a session knows it by (`indicators`).
  public let name: String
  /// The file in the datasets folder.
  public let file: String
  /// One line on what it holds.
  public let summary: String
  /// A label that travels with the data wherever it is shown.
  public let label: String?
  /// The attribution its licence asks for.
  public let attribution: String?
}

/// The datasets in `Datasets/`, and where to find them at run time.
///
/// The folder is looked for, in order: `$CJNB_DATASETS`; `share/cjnb/datasets` beside the
/// binary's `bin` folder (an installed copy); `datasets` beside the binary; and the `Datasets/`
/// folder of the source tree the binary was built from, whatever `--scratch-path` was used.
public enum BundledDatasets {
  public static let all: [BundledDataset] = [
    BundledDataset(
      name: "indicators", file: "indicators.csv",
      summary: "national indicators NI1-NI10 by council area, 2012-13 to 2023-24",
      label: "illustrative, not official statistics",
      attribution: "Made by cjnb's seeded generator; Scotland totals agree with published national figures where known."),
    BundledDataset(
      name: "population", file: "population.csv",
      summary: "mid-year population estimates by council area, 1998 to 2018, aged 16+, 16-70 and all ages (the series before the Census 2022 rebase)",
      label: nil,
      attribution: "Contains National Records of Scotland data © Crown copyright, licensed under the Open Government Licence v3.0."),
    BundledDataset(
      name: "population_current", file: "population-current.csv",
      summary: "the current, Census-2022-based estimates: aged 16+ and 16-70 for mid-2022 and mid-2024, all ages 2011 to 2024",
      label: nil,
      attribution: "Contains National Records of Scotland data © Crown copyright, licensed under the Open Government Licence v3.0 (all ages 2011-2021 and 2023 as revised in ONS table MYE4, June 2024 edition, © Crown copyright, OGL v3.0)."),
    BundledDataset(
      name: "published", file: "published.csv",
      summary: "national justice social work figures as published (rounded), Scotland",
      label: nil,
      attribution: "Scottish Government, Justice social work statistics in Scotland, as quoted in the framework documents."),
    BundledDataset(
      name: "areas", file: "areas.csv",
      summary: "the 32 council areas and Scotland: GSS codes before and after 2018, other names",
      label: nil,
      attribution: nil),
  ]

  /// The dataset called `name`, if one is bundled.
  public static func named(_ name: String) -> BundledDataset? {
    all.first { $0.name == name }
  }

  /// The folder holding the bundled files, or nil when none can be found.
  public static let directory: String? = locate()

  /// The full path of a bundled file.
  public static func path(of dataset: BundledDataset) -> String? {
    directory.map { "\($0)/\(dataset.file)" }
  }

  private static func locate() -> String? {
    var candidates: [String] = []
    if let env = getenv("CJNB_DATASETS") { candidates.append(String(cString: env)) }
    if let exe = executableDirectory() {
      candidates.append("\(exe)/../share/cjnb/datasets")
      candidates.append("\(exe)/datasets")
    }
    let source = #filePath
    if let slash = source.lastIndex(of: "/") { candidates.append(String(source[..<slash])) }
    return candidates.first { isDatasetsFolder($0) }
  }

  private static func isDatasetsFolder(_ path: String) -> Bool {
    var info = stat()
    return stat("\(path)/indicators.csv", &info) == 0
  }

  /// The folder of the running binary.
  private static func executableDirectory() -> String? {
    var buffer = [CChar](repeating: 0, count: 4096)
    #if os(Linux)
      let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
      guard n > 0 else { return nil }
      let path = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    #else
      var size = UInt32(buffer.count)
      guard _NSGetExecutablePath(&buffer, &size) == 0 else { return nil }
      let path = String(cString: buffer)
    #endif
    guard let slash = path.lastIndex(of: "/") else { return nil }
    return String(path[..<slash])
  }
}
