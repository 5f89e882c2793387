// swift-tools-version: 6.0
//
// cjnb: a notebook-style REPL for community justice indicators in Scotland.
// The targets are layers; each may import only the layers below it (see docs/architecture.md).

import PackageDescription

let package = Package(
  name: "cjnb",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "cjnb", targets: ["cjnb"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
    .package(url: "https://github.com/JohnSundell/Ink", from: "0.6.0"),
    // Writes .xlsx and .docx packages (zlib from the system: Debian's zlib1g-dev); cjnb reads
    // zip packages with its own bounded reader (Sources/Tables/Spreadsheet/ZipArchive.swift).
    .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
  ],
  targets: [
    // Ctrl-C: a signal handler that sets a flag long-running work polls.
    .target(name: "CInterrupt"),
    // Unpacking zip members: zlib from the system (Debian's zlib1g-dev), bounded on both sides.
    .target(name: "CInflate", linkerSettings: [.linkedLibrary("z")]),
    .target(
      name: "Tables",
      dependencies: [
        "CInterrupt", "CInflate", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ]),
    .target(name: "Framework", dependencies: ["Tables"]),
    // The files in Datasets/, found at run time wherever the binary was built or installed.
    .target(
      name: "BundledDatasets",
      path: "Datasets",
      exclude: [
        "README.md", "generator", "areas.csv", "population.csv", "indicators.csv", "published.csv",
      ],
      sources: ["BundledDatasets.swift"]
    ),
    .target(name: "Query", dependencies: ["Tables", "Framework"]),
    .target(name: "Rendering", dependencies: ["Tables", "Query"]),
    // The Markdown notebook: read, write, replay, check, export.
    .target(
      name: "Notebook",
      dependencies: ["Tables", "Query", "Rendering", .product(name: "Ink", package: "Ink")]),
    // The session: command table, cells, journal, completion; reads lines through a protocol.
    .target(
      name: "Shell",
      dependencies: ["Tables", "Framework", "Query", "Rendering", "Notebook", "BundledDatasets"]),
    // The line editor: libedit from the system (Debian's libedit-dev, Homebrew's libedit).
    .systemLibrary(
      name: "CLibEdit",
      pkgConfig: "libedit",
      providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
    ),
    // The only code that touches libedit.
    .target(name: "LineEditing", dependencies: ["CLibEdit", "Shell", "Tables"]),
    .executableTarget(
      name: "cjnb",
      dependencies: [
        "Shell", "LineEditing", "Notebook", "Query", "Rendering", "Tables", "BundledDatasets",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "TablesTests",
      dependencies: [
        "Tables", .product(name: "PropertyBased", package: "swift-property-based"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      exclude: ["Fixtures"]
    ),
    .testTarget(name: "FrameworkTests", dependencies: ["Framework", "Tables"]),
    .testTarget(
      name: "QueryTests",
      dependencies: [
        "Query", "Tables", "Framework", "BundledDatasets",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ]
    ),
    .testTarget(
      name: "BundledDatasetsTests", dependencies: ["BundledDatasets", "Framework", "Tables"]),
    .testTarget(
      name: "NotebookTests",
      dependencies: ["Notebook", "Query", "Rendering", "Tables", "BundledDatasets"]),
    .testTarget(
      name: "ShellTests",
      dependencies: ["Shell", "Notebook", "Query", "Rendering", "Tables", "BundledDatasets"]),
    .testTarget(
      name: "RenderingTests",
      dependencies: [
        "Rendering", "Query", "Tables",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      exclude: ["Golden"]
    ),
    .testTarget(name: "EndToEndTests", dependencies: ["cjnb"], exclude: ["Golden", "Fixtures"]),
    // What each fuzz target feeds its reader; the tests replay the committed corpus through it.
    .target(name: "FuzzHarness", dependencies: ["Tables", "Query", "Rendering", "Notebook"]),
    .testTarget(name: "FuzzTests", dependencies: ["FuzzHarness"]),
  ]
)

// The libFuzzer executables (docs/reliability.md, `make fuzz`) are in the package only when
// CJNB_FUZZ is set: they are built with `--sanitize fuzzer`, whose libFuzzer supplies `main`, so a
// plain `swift build` could not link them.
if Context.environment["CJNB_FUZZ"] != nil {
  for name in ["FuzzCSV", "FuzzWorkbook", "FuzzWorkbookXML", "FuzzScript", "FuzzNotebook"] {
    package.targets.append(
      .executableTarget(
        name: name, dependencies: ["FuzzHarness"], path: "Fuzz/Targets/\(name)",
        swiftSettings: [.unsafeFlags(["-parse-as-library"])]
      )
    )
  }
}
