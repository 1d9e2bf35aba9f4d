import ShoalConfig
import ShoalMembership
import ShoalNode
import ShoalTestSupport

/// In-process nodes on one database that gossip with short probe periods on loopback: a cluster in a test.
struct TestCluster {
    let nodes: [TestNode]

    /// Starts `size` nodes, each joining the first, and waits (bounded) until all see each other alive and linked.
    /// `revocationPollMilliseconds` sets how often nodes read revocations from the database.
    init(
        size: Int, prefix: String, revocationPollMilliseconds: UInt64 = 500,
        configure: @escaping (inout NodeConfig) -> Void = { _ in }
    ) throws {
        let options: (inout Node.Options) -> Void = { $0.revocationPollMilliseconds = revocationPollMilliseconds }
        let first = try TestCluster.node(uniqueName(prefix), configure: configure, options: options)
        var nodes = [first]
        for _ in 1..<size {
            nodes.append(
                try TestCluster.node(
                    uniqueName(prefix), join: [first.node.gossipPort], database: first, configure: configure,
                    options: options))
        }
        self.nodes = nodes
        guard waitUntilLinked() else {
            stop()
            throw NotFormed(views: nodes.map { "\($0.node.config.name): \($0.node.linkedPeers)" })
        }
    }

    struct NotFormed: Error, CustomStringConvertible {
        var views: [String]
        var description: String { "cluster did not form: " + views.joined(separator: "; ") }
    }

    static func node(
        _ name: String, key: String = "cluster-secret", join: [Int] = [], database: TestNode? = nil,
        configure: (inout NodeConfig) -> Void = { _ in }, options: (inout Node.Options) -> Void = { _ in }
    ) throws -> TestNode {
        let setUp: (inout NodeConfig) -> Void = {
            $0.name = name
            $0.cluster.key = key
            $0.cluster.gossipPort = 0
            $0.cluster.join = join.map { "127.0.0.1:\($0)" }
            $0.cluster.probeIntervalMs = 200
            $0.cluster.probeTimeoutMs = 100
            configure(&$0)
        }
        if let database { return try TestNode(sharingDatabaseWith: database, configure: setUp, options: options) }
        return try TestNode(databaseURL: try TestDatabase.create(), configure: setUp, options: options)
    }

    var names: [String] { nodes.map(\.node.config.name) }

    /// Every node sees every other alive and has an up link to it (bounded wait).
    func waitUntilLinked() -> Bool {
        let all = Set(names)
        return waitUntil {
            nodes.allSatisfy { node in
                let alive = Set(node.node.clusterMembers.filter { $0.status == .alive }.map(\.name))
                return alive == all && Set(node.node.linkedPeers) == all.subtracting([node.node.config.name])
            }
        }
    }

    func stop() {
        for node in nodes.reversed() { node.stop() }
    }
}

/// Polls `condition` every 50 ms for at most `seconds`; whether it held.
func waitUntil(seconds: Int = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    for _ in 0..<(seconds * 20) {
        if try condition() { return true }
        sleepMilliseconds(50)
    }
    return try condition()
}

func uniqueName(_ prefix: String) -> String {
    var generator = SystemRandomNumberGenerator()
    return prefix + String(generator.next() as UInt32, radix: 16)
}
