// swift-tools-version: 6.2
import PackageDescription

// A package of its own, so building and testing Pooya never builds package-benchmark.
// Run from this folder: swift package --disable-sandbox benchmark
let package = Package(
    name: "PooyaBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Pooya", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        .executableTarget(
            name: "OneTimePasswordBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "OneTimePassword", package: "Pooya"),
            ],
            path: "Benchmarks/OneTimePasswordBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "IssuerBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PooyaIssuer", package: "Pooya"),
                .product(name: "PooyaProtocol", package: "Pooya"),
                .product(name: "PooyaSQLite", package: "Pooya"),
                .product(name: "PooyaKeyVault", package: "Pooya"),
                .product(name: "PooyaPKCS11", package: "Pooya"),
                .product(name: "OneTimePassword", package: "Pooya"),
            ],
            path: "Benchmarks/IssuerBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "LoadTestSetup",
            dependencies: [
                .product(name: "PooyaIssuer", package: "Pooya"),
                .product(name: "PooyaProtocol", package: "Pooya"),
                .product(name: "PooyaSQLite", package: "Pooya"),
                .product(name: "PooyaPostgres", package: "Pooya"),
                .product(name: "PooyaKeyVault", package: "Pooya"),
                .product(name: "OneTimePassword", package: "Pooya"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "LoadTest/LoadTestSetup"
        ),
        .executableTarget(
            name: "HelloServer",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "LoadTest/HelloServer"
        ),
    ]
)
