// swift-tools-version: 6.2
import PackageDescription

/// Settings every Pooya target shares. Swift 6 mode with strict concurrency is the tools-version default; these make
/// imports explicit so the compiler polices the layers (see CONTRIBUTING.md), and turn every warning into an error.
let swiftSettings: [SwiftSetting] = [
    .treatAllWarnings(as: .error),
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Pooya",
    platforms: [.macOS(.v15), .iOS(.v18)],
    products: [
        .library(name: "OneTimePassword", targets: ["OneTimePassword"]),
        .library(name: "PooyaProtocol", targets: ["PooyaProtocol"]),
        .library(name: "PooyaIssuer", targets: ["PooyaIssuer"]),
        .library(name: "PooyaAuthenticator", targets: ["PooyaAuthenticator"]),
        .library(name: "PooyaSQLite", targets: ["PooyaSQLite"]),
        .library(name: "PooyaPostgres", targets: ["PooyaPostgres"]),
        .library(name: "PooyaKeyVault", targets: ["PooyaKeyVault"]),
        .library(name: "PooyaPKCS11", targets: ["PooyaPKCS11"]),
        .executable(name: "pooya", targets: ["pooya"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
    ],
    targets: [
        // MARK: - Core: pure algorithms and formats, no I/O (iOS, macOS, Linux)
        .target(
            name: "OneTimePassword",
            dependencies: [.product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),

        .target(
            name: "PooyaProtocol",
            dependencies: ["OneTimePassword", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Cardholder side: the authenticator's vault and handshake (iOS, macOS, Linux)
        .target(
            name: "PooyaAuthenticator",
            dependencies: ["PooyaProtocol", "OneTimePassword", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Issuer domain: rules and the ports they need; no I/O, no driver, no HTTP
        .target(
            name: "PooyaIssuer",
            dependencies: [
                "PooyaProtocol", "OneTimePassword", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Adapters
        .target(
            name: "PooyaSQLite",
            dependencies: [
                "PooyaIssuer", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PooyaPostgres",
            dependencies: [
                "PooyaIssuer", "PooyaProtocol", "OneTimePassword",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PooyaKeyVault",
            dependencies: [
                "PooyaIssuer", "PooyaProtocol", "OneTimePassword", "COpenSSL",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "PooyaPKCS11",
            dependencies: [
                "PooyaIssuer", "PooyaProtocol", "OneTimePassword", "CPKCS11",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The PKCS#11 interface (Debian's libp11-kit-dev); modules are loaded at run time.
        .systemLibrary(name: "CPKCS11", pkgConfig: "p11-kit-1", providers: [.apt(["libp11-kit-dev"])]),
        // OpenSSL's libcrypto (Debian's libssl-dev): TDES and AES blocks and CMAC for zone PIN keys, which
        // swift-crypto does not offer.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"]), .brew(["openssl@3"])]
        ),

        // libqrencode (Debian's libqrencode-dev): the QR codes of the internet bank's activation page.
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"]), .brew(["qrencode"])]
        ),

        .target(
            name: "PooyaSMS",
            dependencies: ["PooyaIssuer"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Server: the HTTP API, generated from openapi.yaml, over the issuer
        .target(
            name: "PooyaAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            exclude: ["openapi-generator-config.yaml", "Generated/openapi.yaml.sha256"],
            // Generated code, never edited: its imports trip Swift 6.3's unused-import warning (the generator
            // silences it from Swift 6.4 on), so warnings are suppressed for this target alone.
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .unsafeFlags(["-suppress-warnings"])]
        ),
        .target(
            name: "PooyaServer",
            dependencies: [
                "PooyaAPI", "PooyaIssuer", "PooyaProtocol", "OneTimePassword", "CQRencode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Test support shared by the test targets (fakes and the store contract suite)
        .target(
            name: "PooyaTesting",
            dependencies: [
                "PooyaIssuer", "PooyaKeyVault", "PooyaPKCS11", "PooyaProtocol", "OneTimePassword",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Tools: the `pooya` command line
        .target(
            name: "PooyaCLI",
            dependencies: [
                "OneTimePassword", "PooyaIssuer", "PooyaServer", "PooyaSQLite", "PooyaPostgres", "PooyaKeyVault",
                "PooyaPKCS11", "PooyaSMS", "PooyaAuthenticator", "PooyaProtocol",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "pooya",
            dependencies: ["PooyaCLI", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests
        .testTarget(
            name: "OneTimePasswordTests",
            dependencies: ["OneTimePassword"],
            resources: [.copy("Vectors")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PooyaProtocolTests",
            dependencies: ["PooyaProtocol", "OneTimePassword"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PooyaIssuerTests",
            dependencies: [
                "PooyaIssuer", "PooyaProtocol", "PooyaSQLite", "PooyaKeyVault", "PooyaPKCS11", "PooyaTesting",
                "OneTimePassword",
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PooyaSQLiteTests",
            dependencies: [
                "PooyaSQLite", "PooyaIssuer", "PooyaProtocol", "PooyaTesting",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PooyaPostgresTests",
            dependencies: [
                "PooyaPostgres", "PooyaIssuer", "PooyaProtocol", "PooyaTesting",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PooyaServerTests",
            dependencies: [
                "PooyaServer", "PooyaAPI", "PooyaIssuer", "PooyaProtocol", "PooyaSQLite", "PooyaSMS", "PooyaTesting",
                "PooyaKeyVault",
                "OneTimePassword",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "InMemoryLogging", package: "swift-log"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PooyaAuthenticatorTests",
            dependencies: [
                "PooyaAuthenticator", "PooyaProtocol", "OneTimePassword", "PooyaServer", "PooyaIssuer", "PooyaSQLite",
                "PooyaTesting", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PooyaSMSTests",
            dependencies: [
                "PooyaSMS", "PooyaIssuer", "PooyaTesting",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PooyaCLITests",
            dependencies: [
                "PooyaCLI", "OneTimePassword", "PooyaIssuer", "PooyaProtocol", "PooyaServer", "PooyaSMS",
                "PooyaTesting",
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
