// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "NewsIngest",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "NewsIngest", targets: ["NewsIngest"]),
        .executable(name: "newsingest", targets: ["newsingest"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // System libraries from Debian's -dev packages.
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CUchardet", pkgConfig: "uchardet",
            providers: [.apt(["libuchardet-dev"])]),
        .systemLibrary(
            name: "CCrypto", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CPostgreSQL", pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CPSL", pkgConfig: "libpsl",
            providers: [.apt(["libpsl-dev"])]),
        // Typed C wrappers for variadic or global-state C APIs Swift cannot call directly.
        .target(name: "CShims", dependencies: ["CCurl", "CLibXML2"]),
        // CLD2 is C++: a tiny C++ target with a C header.
        .target(
            name: "CCLD2",
            linkerSettings: [.linkedLibrary("cld2")]),
        // ICU's word breaker (Thai, Lao, Khmer, Myanmar word counts) behind an ICU-free header.
        .target(
            name: "CICUShim",
            linkerSettings: [.linkedLibrary("icuuc")]),
        .target(
            name: "NewsIngest",
            dependencies: [
                "CCurl", "CCrypto", "CLibXML2", "CSQLite", "CUchardet", "CZlib", "CShims", "CCLD2", "CICUShim",
                "CPostgreSQL", "CPSL",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            // The lexicon (every multilingual word list), compiled into the binary.
            resources: [.embedInCode("Resources/lexicon.toml")]),
        .executableTarget(
            name: "newsingest",
            dependencies: [
                "NewsIngest",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        // Benchmarks (`make bench`): extraction against libxml2 parse-only, dedupe index cost.
        .executableTarget(
            name: "newsingest-bench",
            dependencies: ["NewsIngest", "CLibXML2"]),
        // libFuzzer harnesses (`make fuzz`), or a replayer of inputs when built without -DFUZZING.
        .executableTarget(
            name: "newsingest-fuzz",
            dependencies: ["NewsIngest"]),
        // Helpers the test targets share: repository paths, the loopback test server.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(
            name: "NewsIngestTests",
            dependencies: ["NewsIngest", "TestSupport"]),
        .testTarget(
            name: "CLITests",
            dependencies: ["NewsIngest", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
