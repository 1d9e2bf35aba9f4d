import ShoalMembership
import Testing

/// Six-node clusters over a simulated network (loss, delay, partitions, kills, restarts), each run
/// replayable from its seed, asserting detection, absence of false deaths and convergence.
@Suite struct MembershipSimulationTests {
    static let size = 6
    /// Seeds per scenario: seven scenarios make 420 seeded runs, which keeps the test target well under
    /// 20 s on a loaded two-core machine. Raise it for a longer soak.
    static let runs: UInt64 = 60

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
        for seed in UInt64(1)...Self.runs {
            let network = Self.cluster(seed: seed, loss: 0.05, until: 70_000)
            let converged = Self.allSeeAll(network, live: true)
            #expect(converged, "seed \(seed)")
        }
    }

    /// Bound: the victim is probed within 2(n - 1) periods, the suspicion lasts at most 24 s, and the
    /// death spreads in a few gossip rounds; 45 s leaves room for loss and local-health slowdowns.
    @Test func killedNodeIsDeclaredDeadByAllWithinBound() {
        for seed in UInt64(1)...Self.runs {
            var network = Self.cluster(seed: seed, loss: 0.05)
            let victim = Int(seed % UInt64(Self.size))
            network.kill(SimulatedNetwork.address(victim))
            network.run(until: 20_000 + 45_000)
            #expect(Self.deaths(network).allSatisfy { $0.hasSuffix("n\(victim) dead") }, "seed \(seed)")
            for observer in 0..<Self.size where observer != victim {
                let status = network.status(of: "n\(victim)", seenBy: SimulatedNetwork.address(observer))
                #expect(status == .dead, "seed \(seed): n\(observer) on n\(victim)")
            }
        }
    }

    @Test func noFalseDeathsUnderModerateLoss() {
        for seed in UInt64(100_000)..<100_000 + Self.runs {
            let network = Self.cluster(seed: seed, loss: 0.05, until: 90_000)
            let deaths = network.changes.filter { $0.member.status == .dead }.map { "\($0.observer) saw \($0.member.name) dead" }
            #expect(deaths == [], "seed \(seed)")
            let converged = Self.allSeeAll(network, live: true)
            #expect(converged, "seed \(seed)")
        }
    }

    static func deaths(_ network: SimulatedNetwork, after start: Milliseconds = 0) -> [String] {
        network.changes.filter { $0.at >= start && $0.member.status == .dead }.map { "\($0.observer) saw \($0.member.name) dead" }
    }

    @Test func partitionShorterThanSuspicionKillsNobody() {
        for seed in UInt64(200_000)..<200_000 + Self.runs {
            var network = Self.cluster(seed: seed)
            network.partition(["n0", "n1"], ["n2", "n3", "n4", "n5"])
            network.run(until: 22_500)
            network.heal()
            network.run(until: 60_000)
            #expect(Self.deaths(network) == [], "seed \(seed)")
            let converged = Self.allSeeAll(network)
            #expect(converged, "seed \(seed)")
        }
    }

    @Test func isolatedNodeIsDeclaredDeadThenRejoinsAfterHealing() {
        for seed in UInt64(300_000)..<300_000 + Self.runs {
            var network = Self.cluster(seed: seed)
            let isolated = "n\(seed % UInt64(Self.size))"
            network.partition([isolated], (0..<Self.size).map { "n\($0)" }.filter { $0 != isolated })
            network.run(until: 80_000)
            for observer in 0..<Self.size where "n\(observer)" != isolated {
                let status = network.status(of: isolated, seenBy: SimulatedNetwork.address(observer))
                #expect(status == .dead, "seed \(seed): n\(observer) on \(isolated)")
            }
            network.heal()
            network.run(until: 80_000 + 2 * 30_000 + 10_000)
            let converged = Self.allSeeAll(network, live: true)
            #expect(converged, "seed \(seed)")
        }
    }

    @Test func leaveIsSeenByAllWithoutDeaths() {
        for seed in UInt64(400_000)..<400_000 + Self.runs {
            var network = Self.cluster(seed: seed, loss: 0.05)
            let leaver = Int(seed % UInt64(Self.size))
            network.leave(SimulatedNetwork.address(leaver))
            network.run(until: 30_000)
            for observer in 0..<Self.size where observer != leaver {
                // A node that never heard of the leaver (a join not yet spread) may not learn it left.
                let status = network.status(of: "n\(leaver)", seenBy: SimulatedNetwork.address(observer))
                #expect(status == .left || status == nil, "seed \(seed): n\(observer) on n\(leaver)")
            }
            #expect(Self.deaths(network) == [], "seed \(seed)")
        }
    }

    @Test func restartedNodeRejoinsEverywhere() {
        for seed in UInt64(500_000)..<500_000 + Self.runs {
            var network = Self.cluster(seed: seed, loss: 0.05)
            let restarted = 1 + Int(seed % UInt64(Self.size - 1))
            network.kill(SimulatedNetwork.address(restarted))
            network.run(until: 60_000)
            network.start("n\(restarted)", at: SimulatedNetwork.address(restarted), seeds: [SimulatedNetwork.address(0)])
            network.run(until: 120_000)
            let converged = Self.allSeeAll(network, live: true)
            #expect(converged, "seed \(seed)")
            let incarnation = network.nodes[SimulatedNetwork.address(restarted)]?.me.incarnation ?? 0
            #expect(incarnation > 0, "seed \(seed)")
        }
    }
}
