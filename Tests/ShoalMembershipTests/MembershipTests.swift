import ShoalMembership
import Testing

/// Event scripts for each protocol rule, driving single cores by hand.
@Suite struct MembershipTests {
    static func address(_ index: Int) -> NodeAddress { NodeAddress(host: "10.0.0.\(index)", port: 7946) }
    static func member(_ index: Int, _ status: Member.Status = .alive, incarnation: UInt64 = 0) -> Member {
        Member(name: "n\(index)", address: address(index), status: status, incarnation: incarnation)
    }

    /// Node `index` that already knows the members `known` as alive.
    static func node(_ index: Int, knowing known: [Int], seed: UInt64 = 1) -> Membership {
        var node = Membership(me: member(index), seed: seed)
        let gossip = known.map { Gossip(member: member($0), reporter: "n\($0)") }
        _ = node.received(.gossip(gossip), from: address(known[0]), now: 0)
        return node
    }

    static func sends(_ actions: [MembershipAction]) -> [(message: MembershipMessage, to: NodeAddress)] {
        actions.compactMap { if case let .send(message, to) = $0 { (message, to) } else { nil } }
    }

    static func changes(_ actions: [MembershipAction]) -> [Member] {
        actions.compactMap { if case let .memberChanged(member) = $0 { member } else { nil } }
    }

    static func pings(_ actions: [MembershipAction]) -> [(sequence: UInt64, target: String, gossip: [Gossip], to: NodeAddress)] {
        sends(actions).compactMap {
            if case let .ping(sequence, target, gossip) = $0.message { (sequence, target, gossip, $0.to) } else { nil }
        }
    }

    static func gossip(in message: MembershipMessage) -> [Gossip] {
        switch message {
        case let .ping(_, _, gossip), let .ack(_, gossip), let .pingRequest(_, _, _, gossip), let .gossip(gossip): gossip
        case .nack, .pushPull, .nameTaken: []
        }
    }

    @Test func answeredProbeKeepsTargetAlive() throws {
        var a = Self.node(1, knowing: [2])
        let ping = try #require(Self.pings(a.tick(now: 0)).first)
        #expect(ping.target == "n2" && ping.to == Self.address(2))
        _ = a.received(.ack(sequence: ping.sequence, gossip: []), from: Self.address(2), now: 10)
        let next = a.tick(now: 1000)
        #expect(Self.changes(next).isEmpty)
        #expect(Self.pings(next).count == 1)
        #expect(a.member(named: "n2")?.status == .alive)
        #expect(a.localHealth == 0)
    }

    @Test func pingIsAnsweredOnlyForOwnName() {
        var b = Self.node(2, knowing: [1])
        let ack = Self.sends(b.received(.ping(sequence: 9, target: "n2", gossip: []), from: Self.address(1), now: 0))
        #expect(ack.map { if case let .ack(sequence, _) = $0.message { sequence == 9 } else { false } } == [true])
        #expect(ack.map(\.to) == [Self.address(1)])
        let stale = Self.sends(b.received(.ping(sequence: 10, target: "n7", gossip: []), from: Self.address(1), now: 0))
        #expect(stale.isEmpty)
    }

    @Test func silentTargetGetsIndirectProbesThenSuspicion() throws {
        var a = Self.node(1, knowing: [2, 3, 4])
        let ping = try #require(Self.pings(a.tick(now: 0)).first)
        #expect(Self.sends(a.tick(now: 399)).allSatisfy { if case .pingRequest = $0.message { false } else { true } })
        let requests = Self.sends(a.tick(now: 400)).filter {
            if case let .pingRequest(sequence, target, address, _) = $0.message {
                sequence == ping.sequence && target == ping.target && address == ping.to
            } else { false }
        }
        let helpers = Set([2, 3, 4].map(Self.address)).subtracting([ping.to])
        #expect(Set(requests.map(\.to)) == helpers && requests.count == 2)

        let suspected = Self.changes(a.tick(now: 1000))
        #expect(suspected.map(\.name) == [ping.target] && suspected.map(\.status) == [.suspect])
        // Neither relay answered with a nack: two missed nacks count against local health.
        #expect(a.localHealth == 2)
    }

    @Test func nacksFromAllRelaysSpareLocalHealth() throws {
        var a = Self.node(1, knowing: [2, 3, 4])
        let ping = try #require(Self.pings(a.tick(now: 0)).first)
        let requests = Self.sends(a.tick(now: 400))
        for request in requests {
            _ = a.received(.nack(sequence: ping.sequence), from: request.to, now: 800)
        }
        #expect(Self.changes(a.tick(now: 1000)).map(\.status) == [.suspect])
        #expect(a.localHealth == 0)
    }

    @Test func localHealthStretchesTheProtocolPeriod() throws {
        var a = Self.node(1, knowing: [2, 3, 4])
        _ = a.tick(now: 0)
        _ = a.tick(now: 400)
        _ = a.tick(now: 1000)
        #expect(a.localHealth == 2)
        // Score 2: probe timeout 3 * 400 ms, protocol period 3 * 1000 ms.
        var early: [MembershipMessage] = []
        for time in stride(from: Milliseconds(1100), through: 3900, by: 100) {
            for send in Self.sends(a.tick(now: time)) {
                switch send.message {
                case .ping: early.append(send.message)
                case .pingRequest where time < 2200: early.append(send.message)
                default: break
                }
            }
        }
        #expect(early.isEmpty)
        #expect(Self.pings(a.tick(now: 4000)).count == 1)
    }

    @Test func relayForwardsAckOrAnswersNack() throws {
        var b = Self.node(2, knowing: [1, 3])
        let request = MembershipMessage.pingRequest(sequence: 7, target: "n3", targetAddress: Self.address(3), gossip: [])
        let forwarded = try #require(Self.pings(b.received(request, from: Self.address(1), now: 0)).first)
        #expect(forwarded.target == "n3" && forwarded.to == Self.address(3))
        let relayed = Self.sends(b.received(.ack(sequence: forwarded.sequence, gossip: []), from: Self.address(3), now: 5))
        #expect(relayed.map(\.to) == [Self.address(1)])
        #expect(relayed.map { if case let .ack(sequence, _) = $0.message { sequence == 7 } else { false } } == [true])

        var c = Self.node(2, knowing: [1, 3])
        _ = c.received(request, from: Self.address(1), now: 0)
        #expect(!Self.sends(c.tick(now: 399)).contains { $0.message == .nack(sequence: 7) })
        #expect(Self.sends(c.tick(now: 400)).contains { $0.message == .nack(sequence: 7) && $0.to == Self.address(1) })
    }

    /// Five members: minimum suspicion 4 s, maximum 24 s, two confirmations expected.
    @Test(arguments: [(0, 23_999, 24_000), (1, 11_000, 12_000), (2, 3_999, 4_000)])
    func suspicionShrinksWithConfirmations(confirmations: Int, stillSuspect: Milliseconds, dead: Milliseconds) {
        var a = Self.node(1, knowing: [2, 3, 4, 5])
        let reporters = ["n3", "n4", "n5"].prefix(confirmations + 1)
        let claims = reporters.map { Gossip(member: Self.member(2, .suspect), reporter: $0) }
        _ = a.received(.gossip(claims), from: Self.address(3), now: 0)
        _ = a.tick(now: stillSuspect)
        #expect(a.member(named: "n2")?.status == .suspect)
        let changes = Self.changes(a.tick(now: dead))
        #expect(changes.contains(Self.member(2, .dead)))
        #expect(a.member(named: "n2")?.status == .dead)
    }

    @Test func ownFailedProbeConfirmsAnotherSuspicion() throws {
        var a = Self.node(1, knowing: [2, 3, 4, 5])
        let ping = try #require(Self.pings(a.tick(now: 0)).first)
        let target = try #require(Int(ping.target.dropFirst()))
        _ = a.received(.gossip([Gossip(member: Self.member(target, .suspect), reporter: "n9")]), from: ping.to, now: 10)
        _ = a.tick(now: 400)
        _ = a.tick(now: 1000)
        // One confirmation (this node's own failed probe): 24 s - 20 s * log 2 / log 3, about 11.4 s.
        _ = a.tick(now: 10 + 11_000)
        #expect(a.member(named: ping.target)?.status == .suspect)
        _ = a.tick(now: 10 + 12_000)
        #expect(a.member(named: ping.target)?.status == .dead)
    }

    @Test func suspectRefutesWithHigherIncarnation() throws {
        var a = Self.node(1, knowing: [2, 3])
        let refuted = Self.changes(a.received(.gossip([Gossip(member: Self.member(1, .suspect), reporter: "n2")]), from: Self.address(2), now: 0))
        #expect(refuted == [Self.member(1, incarnation: 1)])
        #expect(a.me.incarnation == 1 && a.localHealth == 1)
        let ping = try #require(Self.pings(a.tick(now: 0)).first)
        #expect(ping.gossip.contains(Gossip(member: Self.member(1, incarnation: 1), reporter: "n1")))

        var b = Self.node(2, knowing: [1, 3])
        _ = b.received(.gossip([Gossip(member: Self.member(1, .suspect), reporter: "n3")]), from: Self.address(3), now: 0)
        #expect(b.member(named: "n1")?.status == .suspect)
        _ = b.received(.gossip(ping.gossip), from: Self.address(1), now: 10)
        #expect(b.member(named: "n1") == Self.member(1, incarnation: 1))
        _ = b.tick(now: 60_000)
        #expect(b.member(named: "n1")?.status == .alive)
    }

    @Test func senderOfAStaleSuspicionGetsTheCurrentStateBack() {
        var a = Self.node(1, knowing: [2, 3])
        _ = a.received(.gossip([Gossip(member: Self.member(1, .suspect), reporter: "n2")]), from: Self.address(2), now: 0)
        let actions = a.received(.gossip([Gossip(member: Self.member(1, .suspect), reporter: "n2")]), from: Self.address(3), now: 5)
        #expect(Self.changes(actions).isEmpty)
        #expect(a.me.incarnation == 1)
        let answer = MembershipMessage.gossip([Gossip(member: Self.member(1, incarnation: 1), reporter: "n1")])
        #expect(Self.sends(actions).map(\.message) == [answer] && Self.sends(actions).map(\.to) == [Self.address(3)])
    }

    @Test func staleClaimsAreIgnored() {
        var b = Self.node(2, knowing: [1, 3])
        _ = b.received(.gossip([Gossip(member: Self.member(1, incarnation: 2), reporter: "n1")]), from: Self.address(1), now: 0)
        let stale = [Gossip(member: Self.member(1, .suspect, incarnation: 1), reporter: "n3"),
                     Gossip(member: Self.member(1, .dead, incarnation: 1), reporter: "n3")]
        #expect(Self.changes(b.received(.gossip(stale), from: Self.address(3), now: 1)).isEmpty)
        #expect(b.member(named: "n1") == Self.member(1, incarnation: 2))
    }

    @Test func probingASuspectCarriesTheSuspicion() throws {
        var a = Self.node(1, knowing: [2, 3, 4, 5])
        _ = a.received(.gossip([Gossip(member: Self.member(2, .suspect), reporter: "n3")]), from: Self.address(3), now: 0)
        // After the queued copies of the claim are spent, only the buddy rule can put it on a ping.
        var probesOfSuspect: [[Gossip]] = []
        for time in stride(from: Milliseconds(0), through: 12_000, by: 200) {
            for ping in Self.pings(a.tick(now: time)) {
                if time >= 3_000, ping.target == "n2" { probesOfSuspect.append(ping.gossip) }
                _ = a.received(.ack(sequence: ping.sequence, gossip: []), from: ping.to, now: time + 1)
            }
        }
        #expect(!probesOfSuspect.isEmpty)
        #expect(probesOfSuspect.allSatisfy { $0.contains { $0.member == Self.member(2, .suspect) } })
    }

    @Test func eachGossipRoundTellsASuspectDirectly() {
        var a = Self.node(1, knowing: [2, 3, 4, 5])
        _ = a.received(.gossip([Gossip(member: Self.member(4, .suspect), reporter: "n3")]), from: Self.address(3), now: 0)
        for time in stride(from: Milliseconds(0), through: 3_000, by: 200) {
            let actions = a.tick(now: time)
            for ping in Self.pings(actions) {
                _ = a.received(.ack(sequence: ping.sequence, gossip: []), from: ping.to, now: time + 1)
            }
            let notices = Self.sends(actions).filter {
                $0.to == Self.address(4) && $0.message == .gossip([Gossip(member: Self.member(4, .suspect), reporter: "n1")])
            }
            #expect(notices.count == 1, "round at \(time)")
        }
    }

    @Test func gossipIsRetransmittedABoundedNumberOfTimes() {
        var a = Self.node(1, knowing: [2, 3])
        var copies: [String: Int] = [:]
        var now: Milliseconds = 0
        while now < 30_000 {
            for send in Self.sends(a.tick(now: now)) {
                for claim in Self.gossip(in: send.message) { copies[claim.member.name, default: 0] += 1 }
                if case let .ping(sequence, _, _) = send.message {
                    _ = a.received(.ack(sequence: sequence, gossip: []), from: send.to, now: now + 1)
                }
            }
            now = max(now + 1, a.nextDeadline)
        }
        // Three live members: 4 * ceil(log10(3 + 1)) transmissions per claim.
        #expect(copies == ["n2": 4, "n3": 4])
        #expect(a.members.allSatisfy { $0.status == .alive })
    }

    @Test func gracefulLeave() {
        var a = Self.node(1, knowing: [2, 3])
        let actions = a.leave(now: 0)
        #expect(Self.changes(actions) == [Self.member(1, .left)])
        let announced = Self.sends(actions)
        #expect(Set(announced.map(\.to)) == [Self.address(2), Self.address(3)])
        #expect(a.tick(now: 1000).isEmpty)
        #expect(a.received(.ping(sequence: 1, target: "n1", gossip: []), from: Self.address(2), now: 1000).isEmpty)

        var b = Self.node(2, knowing: [1, 3])
        #expect(Self.changes(b.received(announced[0].message, from: Self.address(1), now: 5)) == [Self.member(1, .left)])
        for time in stride(from: Milliseconds(0), through: 20_000, by: 1000) {
            #expect(!Self.pings(b.tick(now: time)).contains { $0.target == "n1" })
        }
        #expect(b.member(named: "n1")?.status == .left)
    }

    @Test func restartedNodeRejoinsAboveItsOldIncarnation() throws {
        var b = Self.node(2, knowing: [1, 3])
        _ = b.received(.gossip([Gossip(member: Self.member(1, .dead, incarnation: 3), reporter: "n3")]), from: Self.address(3), now: 0)
        #expect(b.member(named: "n1")?.status == .dead)

        var a = Membership(me: Self.member(1), seed: 9)
        let join = try #require(Self.sends(a.join(seeds: [Self.address(2)], now: 100)).first)
        #expect(join.to == Self.address(2))
        let reply = try #require(Self.sends(b.received(join.message, from: Self.address(1), now: 110)).first)
        #expect(b.member(named: "n1")?.status == .dead)
        _ = a.received(reply.message, from: Self.address(2), now: 120)
        #expect(a.me.incarnation == 4)
        #expect(a.member(named: "n3")?.status == .alive)

        let outgoing = Self.sends(a.tick(now: 130))
        let toB = try #require(outgoing.first { $0.to == Self.address(2) })
        let changes = Self.changes(b.received(toB.message, from: Self.address(1), now: 140))
        #expect(changes == [Self.member(1, incarnation: 4)])
    }

    @Test func restartAtNewAddressOutbidsTheOldRun() throws {
        var b = Self.node(2, knowing: [1, 3])
        _ = b.received(.gossip([Gossip(member: Self.member(1, incarnation: 5), reporter: "n1")]), from: Self.address(1), now: 0)
        let moved = Member(name: "n1", address: Self.address(9))
        var a = Membership(me: moved, seed: 3)
        // While the old run is alive the name is taken: the newcomer is refused (reported once) and retries.
        let join = try #require(Self.sends(a.join(seeds: [Self.address(2)], now: 100)).first)
        let refusal = try #require(Self.sends(b.received(join.message, from: moved.address, now: 105)).first)
        #expect(refusal.message == .nameTaken(holder: Self.member(1, incarnation: 5)))
        #expect(a.received(refusal.message, from: Self.address(2), now: 106) == [.refused(holder: Self.member(1, incarnation: 5))])
        #expect(a.received(refusal.message, from: Self.address(2), now: 107).isEmpty)
        #expect(b.member(named: "n1")?.address == Self.address(1))
        // Once the old run is suspected the retry is let in and outbids it.
        _ = b.received(.gossip([Gossip(member: Self.member(1, .suspect, incarnation: 5), reporter: "n3")]), from: Self.address(3), now: 108)
        let retry = try #require(Self.sends(a.tick(now: 109)).first { $0.to == Self.address(2) })
        let reply = try #require(Self.sends(b.received(retry.message, from: moved.address, now: 110)).first)
        _ = a.received(reply.message, from: Self.address(2), now: 120)
        // Refuting the suspicion the seed held about its name costs the newcomer local health.
        #expect(a.me.incarnation == 6 && a.localHealth == 1)
        var toB: MembershipMessage?
        for now in stride(from: Milliseconds(200), through: 5_000, by: 100) where toB == nil {
            toB = Self.sends(a.tick(now: now)).first { $0.to == Self.address(2) }?.message
        }
        _ = b.received(try #require(toB), from: moved.address, now: 5_100)
        #expect(b.member(named: "n1")?.address == Self.address(9))
        #expect(b.member(named: "n1")?.incarnation == 6)
    }

    @Test func aSeedRefusesANewcomerWithItsOwnName() throws {
        var seed = Self.node(2, knowing: [3])
        var twin = Membership(me: Member(name: "n2", address: Self.address(9)), seed: 4)
        let join = try #require(Self.sends(twin.join(seeds: [Self.address(2)], now: 0)).first)
        let answer = seed.received(join.message, from: Self.address(9), now: 10)
        #expect(Self.sends(answer).map(\.message) == [.nameTaken(holder: Self.member(2))])
        #expect(seed.me == Self.member(2))
        #expect(twin.received(Self.sends(answer)[0].message, from: Self.address(2), now: 20) == [.refused(holder: Self.member(2))])
        #expect(twin.members == [twin.me])
    }

    @Test func joinRetriesSeedsWhileAlone() {
        var a = Membership(me: Self.member(1), seed: 1)
        #expect(Self.sends(a.join(seeds: [Self.address(1), Self.address(2)], now: 0)).map(\.to) == [Self.address(2)])
        #expect(Self.sends(a.tick(now: 0)).map(\.to) == [Self.address(2)])
        _ = a.received(.pushPull(sender: "n2", members: [Self.member(2)], isReply: true), from: Self.address(2), now: 10)
        #expect(Self.pings(a.tick(now: 1000)).map(\.to) == [Self.address(2)])
    }

    @Test func remoteDeathInStateExchangeIsOnlySuspicion() {
        var b = Self.node(2, knowing: [1, 3])
        let state = [Self.member(3), Self.member(1, .dead)]
        _ = b.received(.pushPull(sender: "n3", members: state, isReply: false), from: Self.address(3), now: 0)
        #expect(b.member(named: "n1")?.status == .suspect)
    }

    @Test func sameSeedReplaysTheSameActions() {
        func script(seed: UInt64) -> [MembershipAction] {
            var a = Self.node(1, knowing: [2, 3, 4, 5, 6], seed: seed)
            var actions: [MembershipAction] = []
            for time in stride(from: Milliseconds(0), through: 10_000, by: 100) { actions += a.tick(now: time) }
            return actions
        }
        #expect(script(seed: 42) == script(seed: 42))
        #expect(script(seed: 42) != script(seed: 43))
    }
}
