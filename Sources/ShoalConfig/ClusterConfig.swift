/// The `cluster` section: gossip membership (SWIM) and the shared key that authenticates it.
///
/// `join` entries are `host:port` seeds; an empty list makes a single-node cluster. `key` is a secret
/// and MUST only be logged through `ConfigLoader.describe`.
package struct ClusterConfig: Sendable, Equatable {
    package var gossipPort: Int = 7352
    package var join: [String] = []
    package var key: String = ""
    package var probeIntervalMs: Int = 1000
    package var probeTimeoutMs: Int = 500
    package var suspicionMult: Int = 4

    package init() {}

    /// A `join` entry split into host and port; nil unless it is `host:port` with a port in 1...65535.
    package static func seed(_ entry: String) -> (host: String, port: UInt16)? {
        guard let colon = entry.lastIndex(of: ":"), colon != entry.startIndex,
            let port = UInt16(entry[entry.index(after: colon)...]), port != 0
        else { return nil }
        return (String(entry[..<colon]), port)
    }
}
