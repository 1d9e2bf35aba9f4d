import ShoalCluster
import ShoalConfig
import ShoalMembership
import ShoalTestSupport
import Testing

/// Nodes in one process finding each other over UDP gossip on loopback.
@Suite struct GossipTests {
    func clusterNode(_ name: String, key: String = "cluster-secret", join: [Int] = [], database: TestNode? = nil) throws -> TestNode {
        try TestCluster.node(name, key: key, join: join, database: database)
    }

    /// Waits (bounded) until `node` sees exactly `names` alive.
    func waitForAlive(_ node: TestNode, _ names: Set<String>) -> Bool {
        waitUntil(seconds: 15) { Set(node.node.clusterMembers.filter { $0.status == .alive }.map(\.name)) == names }
    }

    @Test func nodesJoinAndSeeALeave() throws {
        let first = try clusterNode(uniqueName("a"))
        let a = first.node.config.name
        let second = try clusterNode(uniqueName("b"), join: [first.node.gossipPort], database: first)
        let third = try clusterNode(uniqueName("c"), join: [first.node.gossipPort], database: first)
        let all: Set = [a, second.node.config.name, third.node.config.name]
        #expect(waitForAlive(first, all))
        #expect(waitForAlive(second, all))
        #expect(waitForAlive(third, all))

        // A graceful stop is seen as a leave, not a death.
        third.stop()
        #expect(waitForAlive(first, [a, second.node.config.name]))
        #expect(first.node.clusterMembers.first { $0.name == third.node.config.name }?.status == .left)
        second.stop()
        first.stop()
    }

    @Test func aWrongKeyKeepsANodeOut() throws {
        let first = try clusterNode(uniqueName("k"))
        let intruder = try clusterNode(uniqueName("x"), key: "not-the-key", join: [first.node.gossipPort], database: first)
        sleepMilliseconds(1500)
        #expect(first.node.clusterMembers.map(\.name) == [first.node.config.name])
        #expect(intruder.node.clusterMembers.filter { $0.status == .alive }.map(\.name) == [intruder.node.config.name])
        // The seed counted the intruder's datagrams as rejected and reports it with its other figures.
        let report = first.logs.containing("cluster metrics").last ?? ""
        #expect(report.contains(#""alive":"1""#))
        #expect(!report.contains(#""rejected_datagrams":"0""#))
        #expect(report.contains("gossip_out_bytes_per_sec"))
        intruder.stop()
        first.stop()
    }

    @Test func aDuplicateNameIsRefusedAtJoin() throws {
        let first = try clusterNode(uniqueName("d"))
        let name = first.node.config.name
        let original = try #require(first.node.clusterMembers.first)
        let impostor = try clusterNode(name, join: [first.node.gossipPort], database: first)
        var refused = false
        for _ in 0..<100 where !refused {
            refused = !impostor.logs.containing("cluster refused this node").isEmpty
            sleepMilliseconds(50)
        }
        #expect(refused)
        #expect(first.node.clusterMembers == [original])
        #expect(impostor.node.clusterMembers.count == 1)
        impostor.stop()
        first.stop()
    }

}
