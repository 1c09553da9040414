// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Seep",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "seep", targets: ["seep"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // The Go front end: source buffer, tokens, scanner, AST, parser. No dependencies.
        .target(name: "GoSyntax", dependencies: ["CStackBounds"], exclude: ["README.md"]),
        // The calling thread's stack bounds (a GNU extension Swift cannot import directly).
        .target(name: "CStackBounds"),
        // Static analysis: the rule model and engine, control flow, suppressions, the rules.
        .target(name: "LeakRules", dependencies: ["GoSyntax"], exclude: ["README.md"]),
        // The goroutine lens: dump and profile readers, grouping, leak suspects, snapshots.
        .target(
            name: "Goroutines",
            dependencies: ["CZlib", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["README.md"]
        ),
        // The system zlib (Debian's zlib1g-dev), for gzip.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // The memory lens's detector: segmentation, floors, robust trend statistics. No I/O.
        .target(name: "Trend", exclude: ["README.md"]),
        // The memory lens at work: samplers, the sample store (SQLite), evidence capture.
        .target(
            name: "Watch",
            dependencies: [
                "Trend", "Goroutines",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["README.md"]
        ),
        // Output formats: text, JSON, SARIF, GitHub annotations.
        .target(name: "Reports", dependencies: ["GoSyntax", "LeakRules", "Goroutines", "Trend", "Watch"], exclude: ["README.md"]),
        // Command wiring only; logic lives in the libraries above.
        .target(
            name: "SeepCLI",
            dependencies: [
                "GoSyntax",
                "LeakRules",
                "Goroutines",
                "Trend",
                "Watch",
                "Reports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ],
            exclude: ["README.md"]
        ),
        .executableTarget(name: "seep", dependencies: ["SeepCLI"]),
        .testTarget(name: "GoSyntaxTests", dependencies: ["GoSyntax"]),
        .testTarget(name: "LeakRulesTests", dependencies: ["LeakRules", "GoSyntax"], exclude: ["testdata"]),
        .testTarget(name: "GoroutinesTests", dependencies: ["Goroutines"], exclude: ["testdata"]),
        .testTarget(name: "TrendTests", dependencies: ["Trend"]),
        .testTarget(name: "WatchTests", dependencies: ["Watch", "Trend"]),
        // Runs the built `seep` command as a user would.
        .testTarget(name: "SeepCLITests", dependencies: ["seep", "SeepCLI"], exclude: ["testdata"]),
    ],
    swiftLanguageModes: [.v6]
)
