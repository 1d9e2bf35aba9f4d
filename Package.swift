// swift-tools-version:6.0
import PackageDescription

// Layers (see README "Architecture"): C wrappers' system libraries (0), pure cores (1),
// C wrappers (2), services (3), composition (4), outputs (5). A target depends only on lower layers.
let package = Package(
    name: "Shoal",
    products: [
        .executable(name: "shoal", targets: ["shoal"]),
    ],
    targets: [
        // 0 — C libraries, one importer each.
        .systemLibrary(name: "CLibUV", pkgConfig: "libuv", providers: [.apt(["libuv1-dev"])]),
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLibCrypt", providers: [.apt(["libcrypt-dev"])]),
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "CLua51", linkerSettings: [.linkedLibrary("lua5.1"), .linkedLibrary("m")]),
        .systemLibrary(name: "CLibSSL", pkgConfig: "libssl", providers: [.apt(["libssl-dev"])]),

        // 1 — pure cores.
        .target(name: "ShoalCore"),
        .target(name: "ShoalJSON"),
        .target(name: "ShoalHTTP"),
        .target(name: "ShoalProtocol", dependencies: ["ShoalCore", "ShoalJSON"]),
        .target(name: "ShoalConfig", dependencies: ["ShoalCore"]),
        .target(name: "ShoalCron", dependencies: ["ShoalCore"]),
        .target(name: "ShoalStorageRules"),
        .target(name: "ShoalSocialRules", dependencies: ["ShoalCore", "ShoalProtocol"]),
        .target(name: "ShoalGroupRules"),
        .target(name: "ShoalPresence"),
        .target(name: "ShoalMembership"),
        .target(name: "ShoalRouting", dependencies: ["ShoalPresence", "ShoalJSON"]),

        // 2 — C wrappers.
        .target(name: "ShoalLoop", dependencies: ["CLibUV"]),
        .target(name: "ShoalPostgres", dependencies: ["CLibPQ", "ShoalCore"]),
        .target(name: "ShoalCrypto", dependencies: ["CLibCrypto", "CLibCrypt"]),
        .target(name: "ShoalLua", dependencies: ["CLua51", "ShoalJSON"]),
        .target(name: "ShoalHTTPClient", dependencies: ["ShoalHTTP", "CLibSSL"]),

        .target(name: "ShoalLog"),

        // 3 — services.
        .target(name: "ShoalAuth", dependencies: ["ShoalCore", "ShoalJSON", "ShoalCrypto"]),
        .target(name: "ShoalRuntime", dependencies: ["ShoalCore", "ShoalJSON", "ShoalProtocol", "ShoalGroupRules"]),
        .target(name: "ShoalRuntimeLua", dependencies: [
            "ShoalRuntime", "ShoalLua", "ShoalJSON", "ShoalCore", "ShoalProtocol", "ShoalAuth", "ShoalCrypto",
            "ShoalCron", "ShoalLog", "ShoalGroupRules", "ShoalHTTPClient",
        ]),
        .target(name: "ShoalStore", dependencies: [
            "ShoalCore", "ShoalPostgres", "ShoalJSON", "ShoalProtocol", "ShoalStorageRules", "ShoalSocialRules", "ShoalGroupRules",
        ]),

        .target(name: "ShoalCluster", dependencies: [
            "ShoalMembership", "ShoalLoop", "ShoalCrypto", "ShoalJSON", "ShoalLog",
        ]),

        // 4 — composition.
        .target(name: "ShoalAPI", dependencies: [
            "ShoalCore", "ShoalJSON", "ShoalHTTP", "ShoalProtocol", "ShoalAuth", "ShoalStore", "ShoalConfig", "ShoalPostgres",
            "ShoalLog", "ShoalCrypto", "ShoalRuntime", "ShoalStorageRules", "ShoalSocialRules", "ShoalGroupRules",
        ]),
        .target(name: "ShoalNode", dependencies: [
            "ShoalCore", "ShoalConfig", "ShoalLoop", "ShoalPostgres", "ShoalStore", "ShoalHTTP", "ShoalAPI", "ShoalLog",
            "ShoalRuntime", "ShoalRuntimeLua", "ShoalLua", "ShoalAuth", "ShoalCrypto", "ShoalPresence", "ShoalCluster",
            "ShoalMembership", "ShoalRouting",
        ]),

        // 5 — outputs.
        .executableTarget(name: "shoal", dependencies: [
            "ShoalNode", "ShoalConfig", "ShoalStore", "ShoalPostgres", "ShoalLog", "ShoalAPI",
        ]),
        .target(name: "ShoalFuzzReplay", path: "Tests/Fuzz/Replay"),
        .executableTarget(name: "shoal-fuzz-http", dependencies: ["ShoalHTTP", "ShoalFuzzReplay"], path: "Tests/Fuzz/HTTPParser"),
        .executableTarget(
            name: "shoal-fuzz-websocket", dependencies: ["ShoalHTTP", "ShoalFuzzReplay"], path: "Tests/Fuzz/WebSocketFrames"),
        .executableTarget(
            name: "shoal-fuzz-cluster",
            dependencies: ["ShoalCluster", "ShoalRouting", "ShoalMembership", "ShoalPresence", "ShoalCrypto", "ShoalFuzzReplay"],
            path: "Tests/Fuzz/ClusterInputs"),
        .target(name: "ShoalTestSupport", dependencies: [
            "ShoalNode", "ShoalConfig", "ShoalPostgres", "ShoalStore", "ShoalJSON", "ShoalLog", "ShoalHTTP", "ShoalCore",
            "ShoalCrypto",
        ], path: "Tests/ShoalTestSupport"),

        .testTarget(name: "ShoalCoreTests", dependencies: ["ShoalCore"]),
        .testTarget(name: "ShoalProtocolTests", dependencies: ["ShoalProtocol", "ShoalJSON", "ShoalCore"]),

        .testTarget(name: "ShoalJSONTests", dependencies: ["ShoalJSON"]),
        .testTarget(name: "ShoalHTTPTests", dependencies: ["ShoalHTTP"]),
        .testTarget(name: "ShoalHTTPClientTests", dependencies: ["ShoalHTTPClient", "ShoalHTTP", "ShoalTestSupport"]),
        .testTarget(name: "ShoalAuthTests", dependencies: ["ShoalAuth", "ShoalJSON"]),
        .testTarget(name: "ShoalCryptoTests", dependencies: ["ShoalCrypto"]),
        .testTarget(name: "ShoalCLITests", dependencies: ["ShoalTestSupport", "shoal"]),
        .testTarget(name: "ShoalConfigTests", dependencies: ["ShoalConfig"]),
        .testTarget(name: "ShoalCronTests", dependencies: ["ShoalCron"]),
        .testTarget(name: "ShoalLuaTests", dependencies: ["ShoalLua", "ShoalJSON"]),
        .testTarget(name: "ShoalStorageRulesTests", dependencies: ["ShoalStorageRules"]),
        .testTarget(name: "ShoalSocialRulesTests", dependencies: ["ShoalSocialRules", "ShoalProtocol"]),
        .testTarget(name: "ShoalGroupRulesTests", dependencies: ["ShoalGroupRules"]),
        .testTarget(name: "ShoalPresenceTests", dependencies: ["ShoalPresence"]),
        .testTarget(name: "ShoalMembershipTests", dependencies: ["ShoalMembership"]),
        .testTarget(name: "ShoalRoutingTests", dependencies: ["ShoalRouting", "ShoalPresence"]),
        .testTarget(name: "ShoalLoopTests", dependencies: ["ShoalLoop"]),
        .testTarget(name: "ShoalPostgresTests", dependencies: ["ShoalPostgres", "ShoalTestSupport"]),
        .testTarget(name: "ShoalRuntimeLuaTests", dependencies: [
            "ShoalRuntimeLua", "ShoalTestSupport", "ShoalJSON", "ShoalAuth", "ShoalConfig", "ShoalLua",
        ]),
        .testTarget(name: "ShoalRealtimeTests", dependencies: ["ShoalTestSupport", "ShoalJSON", "ShoalAuth"]),
        .testTarget(name: "ShoalClusterTests", dependencies: [
            "ShoalCluster", "ShoalMembership", "ShoalTestSupport", "ShoalConfig", "ShoalNode", "ShoalCrypto", "ShoalLoop",
            "ShoalLog", "ShoalJSON",
        ]),
        .testTarget(name: "ShoalAPITests", dependencies: [
            "ShoalAPI", "ShoalNode", "ShoalTestSupport", "ShoalJSON", "ShoalAuth", "ShoalProtocol", "ShoalConfig",
            "ShoalCore", "ShoalPostgres", "ShoalStore", "ShoalStorageRules",
        ]),
    ]
)
