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
}
