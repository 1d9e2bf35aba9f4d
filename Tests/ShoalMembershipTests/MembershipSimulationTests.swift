import ShoalMembership
import Testing

@Suite struct MembershipSimulationTests {
    static let size = 6

    /// Starts `size` nodes joining through node 0, a protocol period apart, and runs until `until`.
    static func cluster(seed: UInt64, loss: Double = 0, until: Milliseconds = 20_000) -> SimulatedNetwork {
        var network = SimulatedNetwork(seed: seed)
        network.loss = loss
        for index in 0..<size {
            network.run(until: Milliseconds(index) * 1000)
            network.start("n\(index)", at: SimulatedNetwork.address(index), seeds: [SimulatedNetwork.address(0)])
        }
        network.run(until: until)
        return network
    }

    /// Whether every node knows every other as alive, or as live (alive or suspect) when `live`.
    static func allSeeAll(_ network: SimulatedNetwork, live: Bool = false) -> Bool {
        for observer in 0..<size {
            for member in 0..<size {
                guard let status = network.status(of: "n\(member)", seenBy: SimulatedNetwork.address(observer)) else { return false }
                if live ? status == .dead || status == .left : status != .alive { return false }
            }
        }
        return true
    }

    /// Gossip usually spreads a join within seconds; the periodic state exchange bounds the unlucky cases.
    @Test func joinsConvergeUnderLoss() {
        for seed in UInt64(1)...40 {
            let network = Self.cluster(seed: seed, loss: 0.05, until: 70_000)
            let converged = Self.allSeeAll(network, live: true)
            #expect(converged, "seed \(seed)")
        }
    }

    @Test func killedNodeIsDeclaredDeadByAllWithinBound() {
        for seed in UInt64(1)...40 {
            var network = Self.cluster(seed: seed, loss: 0.05)
            let victim = Int(seed % UInt64(Self.size))
            network.kill(SimulatedNetwork.address(victim))
            network.run(until: 20_000 + 45_000)
            for observer in 0..<Self.size where observer != victim {
                let status = network.status(of: "n\(victim)", seenBy: SimulatedNetwork.address(observer))
                #expect(status == .dead, "seed \(seed): n\(observer) on n\(victim)")
            }
        }
    }

    @Test func noFalseDeathsUnderModerateLoss() {
        for seed in UInt64(100)...140 {
            let network = Self.cluster(seed: seed, loss: 0.05, until: 90_000)
            let deaths = network.changes.filter { $0.member.status == .dead }.map { "\($0.observer) saw \($0.member.name) dead" }
            #expect(deaths == [], "seed \(seed)")
            let converged = Self.allSeeAll(network, live: true)
            #expect(converged, "seed \(seed)")
        }
    }
}
