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
  ],
  targets: [
    .target(name: "Tables"),
    .target(name: "Framework", dependencies: ["Tables"]),
    // The files in Datasets/, found at run time wherever the binary was built or installed.
    .target(
      name: "BundledDatasets",
      path: "Datasets",
      exclude: ["README.md", "generator", "areas.csv", "population.csv", "indicators.csv", "published.csv"],
      sources: ["BundledDatasets.swift"]
    ),
    .target(name: "Query", dependencies: ["Tables", "Framework"]),
    .target(name: "Rendering", dependencies: ["Tables", "Query"]),
    .target(name: "Shell", dependencies: ["Tables", "Framework", "Query", "Rendering", "BundledDatasets"]),
    .executableTarget(
      name: "cjnb",
      dependencies: [
        "Shell", "Query", "Rendering", "BundledDatasets",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(
      name: "TablesTests",
      dependencies: ["Tables", .product(name: "PropertyBased", package: "swift-property-based")],
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
    .testTarget(name: "BundledDatasetsTests", dependencies: ["BundledDatasets", "Framework", "Tables"]),
    .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Query", "Tables"]),
    .testTarget(name: "EndToEndTests", dependencies: ["cjnb"], exclude: ["Golden", "Fixtures"]),
  ]
)
