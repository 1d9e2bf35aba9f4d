import ShoalMembership

/// N membership cores exchanging messages through a simulated network with loss, delay and partitions,
/// all driven by one seeded generator so a failing seed replays exactly.
struct SimulatedNetwork {
    struct Delivery {
        var at: Milliseconds
        var order: Int
        var message: MembershipMessage
        var from: NodeAddress
        var to: NodeAddress
    }

    var nodes: [NodeAddress: Membership] = [:]
    var names: [NodeAddress: String] = [:]
    var killed: Set<NodeAddress> = []
    /// Pairs of names (both orders) that cannot reach each other.
    var cut: Set<[String]> = []
    var loss = 0.0
    var delay: ClosedRange<Milliseconds> = 1...20
    var now: Milliseconds = 0
    /// Every status change any live node reported, as (observer, member).
    var changes: [(at: Milliseconds, observer: String, member: Member)] = []
    private var inFlight: [Delivery] = []
    private var sent = 0
    private var generator: SeededGenerator

    init(seed: UInt64) {
        generator = SeededGenerator(seed: seed)
    }

    static func address(_ index: Int) -> NodeAddress {
        NodeAddress(host: "10.0.0.\(index)", port: 7946)
    }

    /// Starts node `name` at `address` and joins it through `seeds`.
    mutating func start(_ name: String, at address: NodeAddress, seeds: [NodeAddress], settings: MembershipSettings = MembershipSettings()) {
        killed.remove(address)
        var node = Membership(me: Member(name: name, address: address), settings: settings, seed: generator.next())
        names[address] = name
        let actions = node.join(seeds: seeds, now: now)
        nodes[address] = node
        perform(actions, by: address)
    }

    mutating func kill(_ address: NodeAddress) {
        killed.insert(address)
        nodes[address] = nil
    }

    mutating func leave(_ address: NodeAddress) {
        guard var node = nodes[address] else { return }
        let actions = node.leave(now: now)
        nodes[address] = node
        perform(actions, by: address)
    }

    mutating func partition(_ left: [String], _ right: [String]) {
        for a in left { for b in right { cut.insert([a, b]); cut.insert([b, a]) } }
    }

    mutating func heal() { cut = [] }

    /// Advances simulated time to `end`, running every timer and delivery due on the way.
    mutating func run(until end: Milliseconds) {
        while true {
            let nextTimer = nodes.min {
                ($0.value.nextDeadline, $0.key.host) < ($1.value.nextDeadline, $1.key.host)
            }
            let timerAt = nextTimer.map { max($0.value.nextDeadline, now) } ?? .max
            let deliveryIndex = inFlight.indices.min { (inFlight[$0].at, inFlight[$0].order) < (inFlight[$1].at, inFlight[$1].order) }
            let deliveryAt = deliveryIndex.map { inFlight[$0].at } ?? .max
            let at = min(timerAt, deliveryAt)
            guard at <= end else { break }
            now = at
            if deliveryAt <= timerAt, let index = deliveryIndex {
                let delivery = inFlight.remove(at: index)
                guard nodes[delivery.to] != nil else { continue }
                let actions = nodes[delivery.to]!.received(delivery.message, from: delivery.from, now: now)
                perform(actions, by: delivery.to)
            } else if let (address, _) = nextTimer {
                let actions = nodes[address]!.tick(now: now)
                perform(actions, by: address)
            }
        }
        now = end
    }

    private mutating func perform(_ actions: [MembershipAction], by address: NodeAddress) {
        let name = names[address]!
        for action in actions {
            switch action {
            case let .memberChanged(member):
                changes.append((now, name, member))
            case let .send(message, to):
                let lost = Double(generator.next() % 1_000_000) / 1_000_000 < loss
                guard !lost, let target = names[to], !cut.contains([name, target]) else { continue }
                sent += 1
                let latency = Milliseconds.random(in: delay, using: &generator)
                inFlight.append(Delivery(at: now + latency, order: sent, message: message, from: address, to: to))
            case .refused:
                // Simulated nodes restart at their own address, so no name is ever held elsewhere.
                continue
            }
        }
    }

    /// The status `observer` currently holds for `name`.
    func status(of name: String, seenBy observer: NodeAddress) -> Member.Status? {
        nodes[observer]?.member(named: name)?.status
    }
}
