/// The `socket` section: the client-facing HTTP/WebSocket listener and its limits.
///
/// `serverKey` is a secret and MUST only be logged through `ConfigLoader.describe`.
package struct SocketConfig: Sendable, Equatable {
    package var serverKey: String = "defaultkey"
    /// Listen address; empty means all interfaces.
    package var address: String = ""
    /// Listen port; 0 asks the OS for a free port (tests).
    package var port: Int = 7350
    package var maxMessageSizeBytes: Int = 4096
    package var maxRequestSizeBytes: Int = 262_144
    package var readTimeoutMs: Int = 10_000
    package var writeTimeoutMs: Int = 10_000
    package var idleTimeoutMs: Int = 60_000
    package var writeWaitMs: Int = 5000
    package var pongWaitMs: Int = 25_000
    package var pingPeriodMs: Int = 15_000
    package var outgoingQueueSize: Int = 64
    /// Shoal's own cap on open client connections.
    package var maxConnections: Int = 65_536

    package init() {}
}
