/// One node's SWIM membership with Lifeguard's refinements, as a value whose event methods return the
/// actions to perform, so the protocol can be tested by event scripts and replayed from a seed.
///
/// Time, randomness (a seeded generator) and the seed addresses are inputs; the core reads no clock,
/// opens no socket and logs nothing. The shell calls `tick(now:)` no later than `nextDeadline`, feeds
/// every received datagram to `received(_:from:now:)`, and performs the returned actions in order.
///
/// Rules, after SWIM, Lifeguard and hashicorp/memberlist:
/// - Each protocol period probes the next member of a shuffled round-robin order with a `ping`; after
///   `probeTimeout` without `ack`, `indirectProbes` other members are asked to probe it; with no `ack` by
///   the end of the period the member becomes suspect.
/// - Local health (Lifeguard): a failed probe whose relays did not all `nack`, and having to refute a
///   suspicion about ourselves, raise the score; a successful probe lowers it. Period and probe timeout
///   are scaled by `score + 1`.
/// - A suspicion expires into `dead` after a timeout that starts at the maximum and shrinks with
///   independent confirmations (Lifeguard's dynamic suspicion).
/// - Only a node raises its own incarnation: to refute a suspect, dead or left claim about itself, or a
///   claim from a previous run (higher incarnation or other address); so a restarted node rejoins above
///   its old incarnation.
/// - Every accepted change is queued as gossip, piggybacked on probes and sent in rounds of stand-alone
///   gossip to a few random members, a bounded number of times in all. A ping to a suspect also carries
///   the suspicion (Lifeguard's buddy system), and each gossip round tells one suspect directly.
/// - Joining and periodic healing use a full state exchange (`pushPull`), in which a remote `dead` counts
///   only as a suspicion; seeds are contacted again every period while no other member is known.
/// - `leave` announces `left` to every live member; after it the value ignores all events.
/// - Dead and left members stay in the table (so stale claims cannot revive them) until their node
///   comes back with a higher incarnation.
package struct Membership: Sendable {
    package let settings: MembershipSettings
    /// This node, with its current incarnation and status.
    package private(set) var me: Member
    /// Lifeguard's local health score, in `0 ..< settings.maxLocalHealth`; 0 is healthy.
    package private(set) var localHealth = 0

    private var others: [String: Member] = [:]
    private var generator: SeededGenerator
    private var lastSequence: UInt64 = 0
    private var probeOrder: [String] = []
    private var probe: Probe?
    private var nextProbeAt: Milliseconds = .min
    /// The live holder of this node's name that last refused its join, reported once.
    private var refusedBy: Member?
    private var nextPushPullAt: Milliseconds = .min
    private var nextGossipAt: Milliseconds = .min
    private var relays: [UInt64: Relay] = [:]
    private var suspicions: [String: Suspicion] = [:]
    private var queue = GossipQueue()
    private var seeds: [NodeAddress] = []

    /// A probe of one member in the current protocol period.
    private struct Probe: Sendable {
        var sequence: UInt64
        var target: String
        var address: NodeAddress
        var indirectAt: Milliseconds
        var indirectSent = false
        var expectedNacks = 0
        var nacks = 0
    }

    /// A ping sent on another member's behalf; its answer goes back under the requester's sequence.
    private struct Relay: Sendable {
        var requester: NodeAddress
        var sequence: UInt64
        var deadline: Milliseconds
    }

    package init(me: Member, settings: MembershipSettings = MembershipSettings(), seed: UInt64) {
        var me = me
        me.status = .alive
        self.me = me
        self.settings = settings
        generator = SeededGenerator(seed: seed)
    }

    /// Every known member, this node first, then the others by name; includes dead and left members.
    package var members: [Member] {
        [me] + others.values.sorted { $0.name < $1.name }
    }

    /// The member named `name`, this node included.
    package func member(named name: String) -> Member? {
        name == me.name ? me : others[name]
    }

    /// The latest time by which `tick(now:)` must run; a time in the past means now, `.max` (after
    /// leaving) means never.
    package var nextDeadline: Milliseconds {
        guard me.status != .left else { return .max }
        var deadline = min(nextProbeAt, nextPushPullAt)
        if !queue.isEmpty || !suspicions.isEmpty { deadline = min(deadline, nextGossipAt) }
        if let probe, !probe.indirectSent { deadline = min(deadline, probe.indirectAt) }
        for relay in relays.values { deadline = min(deadline, relay.deadline) }
        for suspicion in suspicions.values { deadline = min(deadline, suspicion.deadline) }
        return deadline
    }

    // MARK: Events

    /// Contacts `seeds` with a full state exchange; their replies fill the member table. Until some
    /// other live member is known, every protocol period contacts the seeds again.
    package mutating func join(seeds: [NodeAddress], now: Milliseconds) -> [MembershipAction] {
        guard me.status != .left else { return [] }
        self.seeds = seeds.filter { $0 != me.address }
        queue.enqueue(Gossip(member: me, reporter: me.name))
        return contactSeeds()
    }

    private func contactSeeds() -> [MembershipAction] {
        seeds.map { .send(pushPull(isReply: false), to: $0) }
    }

    /// Leaves gracefully: announces `left` to every live member and stops taking part.
    package mutating func leave(now: Milliseconds) -> [MembershipAction] {
        guard me.status != .left else { return [] }
        me.status = .left
        let announcement = MembershipMessage.gossip([Gossip(member: me, reporter: me.name)])
        var actions: [MembershipAction] = [.memberChanged(me)]
        for member in members.dropFirst() where member.isLive {
            actions.append(.send(announcement, to: member.address))
        }
        probe = nil
        relays = [:]
        suspicions = [:]
        return actions
    }

    /// Runs the timers due at `now`: suspicion expiry, relay nacks, indirect probes, the end of the
    /// protocol period (failing an unanswered probe, starting the next, retrying seeds while alone), a
    /// gossip round (which also tells one suspect of its suspicion) and the periodic state exchange.
    package mutating func tick(now: Milliseconds) -> [MembershipAction] {
        guard me.status != .left else { return [] }
        var actions: [MembershipAction] = []
        for name in suspicions.keys.sorted() {
            guard let suspicion = suspicions[name], suspicion.deadline <= now else { continue }
            suspicions[name] = nil
            guard var dead = others[name], dead.status == .suspect else { continue }
            dead.status = .dead
            apply(Gossip(member: dead, reporter: me.name), now: now, into: &actions)
        }
        for sequence in relays.keys.sorted() {
            guard let relay = relays[sequence], relay.deadline <= now else { continue }
            relays[sequence] = nil
            actions.append(.send(.nack(sequence: relay.sequence), to: relay.requester))
        }
        if let current = probe, !current.indirectSent, current.indirectAt <= now {
            sendIndirectProbes(now: now, into: &actions)
        }
        if nextProbeAt <= now {
            if let failed = probe {
                probe = nil
                probeFailed(failed, now: now, into: &actions)
            }
            startProbe(now: now, into: &actions)
            if probe == nil { actions += contactSeeds() }
            nextProbeAt = now + settings.protocolPeriod * Milliseconds(localHealth + 1)
        }
        if nextGossipAt <= now, !queue.isEmpty || !suspicions.isEmpty {
            gossipRound(into: &actions)
            notifySuspect(into: &actions)
            nextGossipAt = now + settings.gossipInterval
        }
        if nextPushPullAt <= now {
            if nextPushPullAt != .min, let partner = pushPullPartner() {
                actions.append(.send(pushPull(isReply: false), to: partner.address))
            }
            nextPushPullAt = now + settings.pushPullInterval
        }
        return actions
    }

    /// Handles one datagram from `address`.
    package mutating func received(_ message: MembershipMessage, from address: NodeAddress, now: Milliseconds) -> [MembershipAction] {
        guard me.status != .left else { return [] }
        var actions: [MembershipAction] = []
        switch message {
        case let .ping(sequence, target, gossip):
            merge(gossip, from: address, now: now, into: &actions)
            if target == me.name {
                actions.append(.send(.ack(sequence: sequence, gossip: piggyback()), to: address))
            }
        case let .ack(sequence, gossip):
            merge(gossip, from: address, now: now, into: &actions)
            if probe?.sequence == sequence {
                probe = nil
                adjustHealth(-1)
            } else if let relay = relays.removeValue(forKey: sequence) {
                actions.append(.send(.ack(sequence: relay.sequence, gossip: piggyback()), to: relay.requester))
            }
        case let .nack(sequence):
            if probe?.sequence == sequence { probe?.nacks += 1 }
        case let .pingRequest(sequence, target, targetAddress, gossip):
            merge(gossip, from: address, now: now, into: &actions)
            let relayed = nextSequence()
            relays[relayed] = Relay(requester: address, sequence: sequence, deadline: now + settings.probeTimeout)
            actions.append(.send(.ping(sequence: relayed, target: target, gossip: piggyback()), to: targetAddress))
        case let .gossip(gossip):
            merge(gossip, from: address, now: now, into: &actions)
        case let .pushPull(sender, _, false) where liveHolder(of: sender, otherThan: address) != nil:
            actions.append(.send(.nameTaken(holder: liveHolder(of: sender, otherThan: address)!), to: address))
        case let .nameTaken(holder):
            // Only a node still joining is refused; it keeps retrying its seeds, so a restart at a new
            // address gets in once the old run is no longer alive.
            guard holder.name == me.name, holder.address != me.address, others.values.allSatisfy({ !$0.isLive }),
                refusedBy != holder
            else { break }
            refusedBy = holder
            actions.append(.refused(holder: holder))
        case let .pushPull(sender, members, isReply):
            // As in memberlist, a remote table's `dead` is only a suspicion here: the member may be
            // reachable from this side and gets the chance to refute.
            let claims = members.map { member in
                var claim = member
                if claim.status == .dead { claim.status = .suspect }
                return Gossip(member: claim, reporter: sender)
            }
            merge(claims, from: address, now: now, into: &actions)
            if !isReply {
                actions.append(.send(pushPull(isReply: true), to: address))
            }
        }
        return actions
    }

    /// The alive member (this node included) named `name` at an address other than `address`, if any.
    private func liveHolder(of name: String, otherThan address: NodeAddress) -> Member? {
        guard let holder = member(named: name), holder.status == .alive, holder.address != address else { return nil }
        return holder
    }

    // MARK: Probing

    private mutating func nextSequence() -> UInt64 {
        lastSequence += 1
        return lastSequence
    }

    private mutating func startProbe(now: Milliseconds, into actions: inout [MembershipAction]) {
        while true {
            if probeOrder.isEmpty {
                probeOrder = others.values.filter(\.isLive).map(\.name).sorted().shuffled(using: &generator)
                if probeOrder.isEmpty { return }
            }
            let name = probeOrder.removeLast()
            guard let target = others[name], target.isLive else { continue }
            let sequence = nextSequence()
            probe = Probe(
                sequence: sequence, target: name, address: target.address,
                indirectAt: now + settings.probeTimeout * Milliseconds(localHealth + 1)
            )
            // Lifeguard's buddy system: a suspect learns of the suspicion from whoever probes it.
            var gossip = piggyback()
            if target.status == .suspect, !gossip.contains(where: { $0.member.name == name }) {
                gossip.insert(Gossip(member: target, reporter: me.name), at: 0)
            }
            actions.append(.send(.ping(sequence: sequence, target: name, gossip: gossip), to: target.address))
            return
        }
    }

    /// Tells one member this node holds as suspect about the suspicion, so that after a partition heals
    /// the suspect can refute within a few gossip rounds instead of waiting to be probed, however much
    /// local health has stretched this node's protocol period.
    private mutating func notifySuspect(into actions: inout [MembershipAction]) {
        let suspects = others.values.filter { $0.status == .suspect }.sorted { $0.name < $1.name }
        guard let suspect = suspects.randomElement(using: &generator) else { return }
        actions.append(.send(.gossip([Gossip(member: suspect, reporter: me.name)]), to: suspect.address))
    }

    private mutating func sendIndirectProbes(now: Milliseconds, into actions: inout [MembershipAction]) {
        guard var current = probe else { return }
        current.indirectSent = true
        let helpers = others.values
            .filter { $0.status == .alive && $0.name != current.target }
            .map(\.name).sorted()
            .shuffled(using: &generator)
            .prefix(settings.indirectProbes)
        current.expectedNacks = helpers.count
        probe = current
        for name in helpers {
            guard let helper = others[name] else { continue }
            let request = MembershipMessage.pingRequest(
                sequence: current.sequence, target: current.target, targetAddress: current.address, gossip: piggyback()
            )
            actions.append(.send(request, to: helper.address))
        }
    }

    private mutating func probeFailed(_ failed: Probe, now: Milliseconds, into actions: inout [MembershipAction]) {
        if failed.expectedNacks > 0 {
            adjustHealth(max(0, failed.expectedNacks - failed.nacks))
        } else {
            adjustHealth(1)
        }
        // A target someone else already suspects gets this node's failure as an independent confirmation.
        guard var target = others[failed.target], target.isLive else { return }
        target.status = .suspect
        apply(Gossip(member: target, reporter: me.name), now: now, into: &actions)
    }

    private mutating func adjustHealth(_ delta: Int) {
        localHealth = min(max(localHealth + delta, 0), settings.maxLocalHealth - 1)
    }

    private mutating func gossipRound(into actions: inout [MembershipAction]) {
        let recipients = others.values.filter(\.isLive).map(\.name).sorted()
            .shuffled(using: &generator)
            .prefix(settings.gossipFanout)
        for name in recipients {
            guard let recipient = others[name] else { continue }
            let gossip = piggyback()
            guard !gossip.isEmpty else { return }
            actions.append(.send(.gossip(gossip), to: recipient.address))
        }
    }

    private mutating func pushPullPartner() -> Member? {
        let candidates = others.values.filter { $0.status != .left }.sorted { $0.name < $1.name }
        return candidates.randomElement(using: &generator)
    }

    private func pushPull(isReply: Bool) -> MembershipMessage {
        .pushPull(sender: me.name, members: members, isReply: isReply)
    }

    // MARK: Dissemination

    private var liveCount: Int { 1 + others.values.count(where: \.isLive) }

    private mutating func piggyback() -> [Gossip] {
        // ceil(log10(n + 1)) without floating point.
        var digits = 0
        var power = 1
        while power < liveCount + 1 { power *= 10; digits += 1 }
        return queue.take(settings.maxPiggyback, limit: settings.retransmitMultiplier * max(digits, 1))
    }

    /// Applies received claims. A sender that holds this node as not alive (even at an incarnation
    /// already refuted) gets this node's current state straight back, so it need not wait for gossip.
    private mutating func merge(_ gossip: [Gossip], from address: NodeAddress, now: Milliseconds, into actions: inout [MembershipAction]) {
        for claim in gossip { apply(claim, now: now, into: &actions) }
        if gossip.contains(where: { $0.member.name == me.name && $0.member.status != .alive }) {
            actions.append(.send(.gossip([Gossip(member: me, reporter: me.name)]), to: address))
        }
    }

    /// Applies one claim if it supersedes what this node believes, then queues it and reports the change.
    private mutating func apply(_ claim: Gossip, now: Milliseconds, into actions: inout [MembershipAction]) {
        let incoming = claim.member
        if incoming.name == me.name {
            refuteIfNeeded(incoming, into: &actions)
            return
        }
        guard let current = others[incoming.name] else {
            // Unknown members are learnt only from claims that they are up.
            guard incoming.isLive else { return }
            var learnt = incoming
            learnt.status = .alive
            others[learnt.name] = learnt
            queue.enqueue(Gossip(member: learnt, reporter: claim.reporter))
            actions.append(.memberChanged(learnt))
            return
        }
        let newer = incoming.incarnation > current.incarnation
        let same = incoming.incarnation == current.incarnation
        switch incoming.status {
        case .alive:
            guard newer else { return }
        case .suspect:
            if same, current.status == .suspect {
                if suspicions[incoming.name]?.confirm(by: claim.reporter) == true {
                    queue.enqueue(claim)
                }
                return
            }
            guard newer || (same && current.status == .alive) else { return }
        case .dead:
            guard newer || (same && current.isLive) else { return }
        case .left:
            guard newer || (same && current.status != .left) else { return }
        }
        others[incoming.name] = incoming
        if incoming.status == .suspect {
            startSuspicion(of: incoming, reporter: claim.reporter, now: now)
        } else {
            suspicions[incoming.name] = nil
        }
        queue.enqueue(claim)
        actions.append(.memberChanged(incoming))
    }

    /// Claims about this node that others could believe over its own: not alive, at another address, or
    /// from a higher incarnation (a previous run of this node). Each is outbid with a higher incarnation.
    private mutating func refuteIfNeeded(_ claim: Member, into actions: inout [MembershipAction]) {
        let wrong = claim.status != .alive || claim.address != me.address
        guard claim.incarnation > me.incarnation || (wrong && claim.incarnation == me.incarnation) else { return }
        me.incarnation = claim.incarnation + 1
        if claim.status == .suspect { adjustHealth(1) }
        queue.enqueue(Gossip(member: me, reporter: me.name))
        actions.append(.memberChanged(me))
    }

    private mutating func startSuspicion(of member: Member, reporter: String, now: Milliseconds) {
        let n = liveCount
        let scale = max(1, Suspicion.log(Double(max(n, 1))) / Suspicion.log(10))
        let minimum = Milliseconds(Double(settings.suspicionMultiplier) * scale * Double(settings.protocolPeriod))
        let expected = n - 2 < settings.suspicionMultiplier - 2 ? 0 : settings.suspicionMultiplier - 2
        suspicions[member.name] = Suspicion(
            reporter: reporter, start: now,
            minimum: minimum, maximum: minimum * Milliseconds(settings.suspicionMaxMultiplier), expected: expected
        )
    }
}
