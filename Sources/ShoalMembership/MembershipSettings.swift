/// The protocol's tunables, defaulting to hashicorp/memberlist's LAN profile.
///
/// All durations are in milliseconds; multipliers are dimensionless. `probeTimeout` should be well under
/// half of `protocolPeriod` so that relays' nacks arrive before the period ends.
package struct MembershipSettings: Hashable, Sendable {
    /// Time between the starts of two probes at full local health.
    package var protocolPeriod: Milliseconds = 1000
    /// How long a direct ping may go unanswered before indirect probes go out.
    package var probeTimeout: Milliseconds = 400
    /// Members asked to probe a silent target on our behalf.
    package var indirectProbes: Int = 3
    /// Gossip is retransmitted `retransmitMultiplier * ceil(log10(n + 1))` times.
    package var retransmitMultiplier: Int = 4
    /// At most this many gossip entries ride on one message.
    package var maxPiggyback: Int = 8
    /// Time between rounds of stand-alone gossip while there is gossip to send.
    package var gossipInterval: Milliseconds = 200
    /// Live members each gossip round goes to.
    package var gossipFanout: Int = 3
    /// Minimum suspicion timeout is `suspicionMultiplier * max(1, log10(n)) * protocolPeriod`.
    package var suspicionMultiplier: Int = 4
    /// Lifeguard: a suspicion starts at `suspicionMaxMultiplier` times the minimum and shrinks as
    /// independent confirmations arrive.
    package var suspicionMaxMultiplier: Int = 6
    /// Lifeguard: the local health score ranges over `0 ..< maxLocalHealth`; probe period and timeout are
    /// scaled by `score + 1`.
    package var maxLocalHealth: Int = 8
    /// Time between full state exchanges with one random member (alive, or dead to heal partitions).
    package var pushPullInterval: Milliseconds = 30_000

    package init() {}
}
