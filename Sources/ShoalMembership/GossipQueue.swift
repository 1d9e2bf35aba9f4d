/// The pending gossip of one node, so each claim is retransmitted a bounded number of times and newer
/// claims about a member replace older ones.
///
/// Holds at most one entry per member name. Entries sent fewer times go first; ties break by name so
/// a run is reproducible.
struct GossipQueue: Sendable {
    private var entries: [String: (gossip: Gossip, sent: Int)] = [:]

    var isEmpty: Bool { entries.isEmpty }

    /// Queues `gossip`, replacing any pending claim about the same member.
    mutating func enqueue(_ gossip: Gossip) {
        entries[gossip.member.name] = (gossip, 0)
    }

    /// Takes up to `count` entries for one message; an entry is dropped once sent `limit` times.
    mutating func take(_ count: Int, limit: Int) -> [Gossip] {
        let chosen = entries
            .sorted { $0.value.sent != $1.value.sent ? $0.value.sent < $1.value.sent : $0.key < $1.key }
            .prefix(count)
        var taken: [Gossip] = []
        for (name, entry) in chosen {
            taken.append(entry.gossip)
            if entry.sent + 1 >= limit {
                entries[name] = nil
            } else {
                entries[name] = (entry.gossip, entry.sent + 1)
            }
        }
        return taken
    }
}
