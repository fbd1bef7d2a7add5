// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // Async functions run on their caller's executor. NIO runs the tasks it takes over on the
    // event loop's serial executor, so without this every call to a nonisolated async function
    // hopped to the generic executor: an enqueue and another turn of the loop, several per request.
    .enableUpcomingFeature("NonisolatedNonsendingByDefault"),
]

let package = Package(
    name: "rampart",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "rampart", targets: ["rampart"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-http2.git", from: "1.46.0"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        // Traces: the API everywhere, the OTLP/HTTP exporter only (its gRPC trait would add grpc-swift's build).
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "RampartCore", swiftSettings: strict),
        .target(
            name: "RampartSigV4",
            dependencies: ["RampartCore", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .target(name: "RampartPolicy", dependencies: ["RampartCore"], swiftSettings: strict),
        .target(
            name: "RampartMFA",
            dependencies: [
                "RampartCore", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "RampartStore",
            dependencies: [
                "RampartCore", "CSQLite", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HashTreeCollections", package: "swift-collections"),
            ],
            swiftSettings: strict
        ),
        // The PostgreSQL store, for several instances on one database (`serve --database postgres://…`).
        .target(
            name: "RampartPostgres",
            dependencies: [
                "RampartCore", "RampartStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "RampartServices",
            dependencies: [
                "RampartCore", "RampartPolicy", "RampartMFA", "RampartStore", "RampartSigV4",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            swiftSettings: strict
        ),
        .target(
            name: "RampartWire", dependencies: ["RampartCore", "RampartPolicy", "RampartServices"],
            swiftSettings: strict),
        .target(
            name: "RampartConsole", dependencies: ["RampartCore", "RampartMFA", "RampartServices", "RampartWire"],
            swiftSettings: strict),
        .target(
            name: "RampartServer",
            dependencies: [
                "RampartCore", "RampartSigV4", "RampartStore", "RampartPostgres", "RampartServices", "RampartWire",
                "RampartPolicy", "RampartConsole",
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOHTTP2", package: "swift-nio-http2"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "OTel", package: "swift-otel"),
            ],
            swiftSettings: strict
        ),
        // The trail as CloudTrail log and digest files (`rampart audit export`, `verify-export`).
        .target(
            name: "RampartTrailExport",
            dependencies: ["RampartCore", "RampartStore", "CZlib", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "rampart",
            dependencies: [
                "RampartServer", "RampartSigV4", "RampartPolicy", "RampartStore", "RampartPostgres", "RampartMFA",
                "RampartTrailExport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // In-process measurements (TOTP verification, SigV4); bench/README.md says how to run them.
        .executableTarget(
            name: "rampart-bench",
            dependencies: ["RampartMFA", "RampartSigV4"],
            path: "bench/swift",
            swiftSettings: strict
        ),
        // Policy decisions per second and the conformance corpus, in process.
        .executableTarget(
            name: "rampart-policy-bench",
            dependencies: ["RampartPolicy"],
            path: "bench/policy",
            exclude: ["CORPUS.md"],
            swiftSettings: strict
        ),
        // The mandate's report and sign-in decision at 10,000 accounts, in process.
        .executableTarget(
            name: "rampart-mandate-bench",
            dependencies: ["RampartServices", "RampartStore", "RampartCore"],
            path: "bench/mandate",
            swiftSettings: strict
        ),
        // What several test targets share: timing parsers for super-linear growth.
        .target(name: "RampartTestSupport", path: "Tests/RampartTestSupport"),
        // libFuzzer targets for the parsers; scripts/fuzz builds and runs them (README, "Fuzzing").
        .executableTarget(
            name: "rampart-fuzz",
            dependencies: [
                "RampartCore", "RampartWire", "RampartServices", "RampartPolicy", "RampartMFA", "RampartSigV4",
                "RampartConsole",
            ],
            path: "fuzz/Sources",
            swiftSettings: strict
        ),
        .testTarget(name: "RampartCoreTests", dependencies: ["RampartCore"]),
        .testTarget(name: "RampartTrailExportTests", dependencies: ["RampartTrailExport", "RampartStore"]),
        .testTarget(
            name: "RampartSigV4Tests", dependencies: ["RampartTestSupport", "RampartSigV4"],
            resources: [.copy("Vectors")]),
        .testTarget(name: "RampartPolicyTests", dependencies: ["RampartTestSupport", "RampartPolicy"]),
        .testTarget(
            name: "RampartMFATests",
            dependencies: [
                "RampartTestSupport", "RampartMFA", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
            ],
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "RampartStoreTests",
            dependencies: ["RampartStore", "RampartPostgres", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(
            name: "RampartServicesTests",
            dependencies: ["RampartTestSupport", "RampartServices", "RampartMFA", "RampartStore"]),
        .testTarget(name: "RampartConsoleTests", dependencies: ["RampartTestSupport", "RampartConsole"]),
        .testTarget(
            name: "RampartWireTests", dependencies: ["RampartTestSupport", "RampartWire"], exclude: ["Fixtures"]),
        .testTarget(
            name: "RampartServerTests",
            dependencies: [
                "RampartServer", "RampartSigV4", .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "InMemoryTracing", package: "swift-distributed-tracing"),
            ]
        ),
    ]
)
