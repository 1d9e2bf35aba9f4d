import ShoalProtocol
import ShoalSocialRules
import Testing

/// The friend state machine by event tables: every (mine, theirs) pair for every operation.
@Suite struct FriendRulesTests {
    typealias Pair = (mine: FriendState?, theirs: FriendState?)

    static let consistent: [Pair] = [
        (nil, nil), (.friend, .friend), (.inviteSent, .inviteReceived), (.inviteReceived, .inviteSent),
        (.blocked, nil), (nil, .blocked), (.blocked, .blocked),
    ]
    static let everyPair: [Pair] = {
        let states: [FriendState?] = [nil] + FriendState.allCases.map(Optional.some)
        return states.flatMap { mine in states.map { theirs in (mine, theirs) } }
    }()

    static func after(_ change: FriendChange, _ pair: Pair) -> Pair {
        (change.mine.applied(to: pair.mine), change.theirs.applied(to: pair.theirs))
    }

    @Test func addTable() {
        // (mine, theirs) → resulting pair, notice
        let expected: [(Pair, Pair, FriendNotice?)] = [
            ((nil, nil), (.inviteSent, .inviteReceived), .request),
            ((.friend, .friend), (.friend, .friend), nil),
            ((.inviteSent, .inviteReceived), (.inviteSent, .inviteReceived), nil),
            ((.inviteReceived, .inviteSent), (.friend, .friend), .accepted),
            ((.blocked, nil), (.blocked, nil), nil),
            ((nil, .blocked), (nil, .blocked), nil),
            ((.blocked, .blocked), (.blocked, .blocked), nil),
        ]
        for (before, result, notice) in expected {
            let change = FriendRules.add(mine: before.mine, theirs: before.theirs)
            let outcome = Self.after(change, before)
            #expect(outcome.mine == result.mine && outcome.theirs == result.theirs, "add \(before)")
            #expect(change.notice == notice, "add \(before)")
        }
        #expect(FriendRules.add(mine: nil, theirs: nil) == FriendChange(
            mine: .create(.inviteSent), theirs: .create(.inviteReceived), notice: .request))
    }

    @Test func addLeavesInconsistentPairsAlone() {
        for pair in Self.everyPair where !Self.consistent.contains(where: { $0 == pair }) {
            #expect(FriendRules.add(mine: pair.mine, theirs: pair.theirs).isNone, "add \(pair)")
        }
    }

    @Test func deleteTable() {
        let expected: [(Pair, Pair, FriendNotice?)] = [
            ((nil, nil), (nil, nil), nil),
            ((.friend, .friend), (nil, nil), .removed),
            ((.inviteSent, .inviteReceived), (nil, nil), .removed),
            ((.inviteReceived, .inviteSent), (nil, nil), .removed),
            ((.blocked, nil), (nil, nil), nil),
            ((nil, .blocked), (nil, .blocked), nil),
            ((.blocked, .blocked), (nil, .blocked), nil),
        ]
        for (before, result, notice) in expected {
            let change = FriendRules.delete(mine: before.mine, theirs: before.theirs)
            let outcome = Self.after(change, before)
            #expect(outcome.mine == result.mine && outcome.theirs == result.theirs, "delete \(before)")
            #expect(change.notice == notice, "delete \(before)")
        }
    }

    @Test func blockTable() {
        let expected: [(Pair, Pair)] = [
            ((nil, nil), (.blocked, nil)),
            ((.friend, .friend), (.blocked, nil)),
            ((.inviteSent, .inviteReceived), (.blocked, nil)),
            ((.inviteReceived, .inviteSent), (.blocked, nil)),
            ((.blocked, nil), (.blocked, nil)),
            ((nil, .blocked), (.blocked, .blocked)),
            ((.blocked, .blocked), (.blocked, .blocked)),
        ]
        for (before, result) in expected {
            let change = FriendRules.block(mine: before.mine, theirs: before.theirs)
            let outcome = Self.after(change, before)
            #expect(outcome.mine == result.mine && outcome.theirs == result.theirs, "block \(before)")
            #expect(change.notice == nil)
        }
        #expect(FriendRules.block(mine: nil, theirs: .friend) == FriendChange(mine: .create(.blocked), theirs: .remove))
    }

    /// From any consistent pair, every operation lands on a consistent pair, edge counts move by exactly the
    /// edges created and removed, and a notice only goes out when the other user's view changed.
    @Test func everyOperationKeepsThePairConsistent() {
        let operations: [(String, (FriendState?, FriendState?) -> FriendChange)] = [
            ("add", FriendRules.add), ("delete", FriendRules.delete), ("block", FriendRules.block),
        ]
        for pair in Self.consistent {
            for (name, operation) in operations {
                let change = operation(pair.mine, pair.theirs)
                let outcome = Self.after(change, pair)
                #expect(Self.consistent.contains { $0 == outcome }, "\(name) \(pair) → \(outcome)")
                let ownedBefore = (pair.mine == nil ? 0 : 1, pair.theirs == nil ? 0 : 1)
                let ownedAfter = (outcome.mine == nil ? 0 : 1, outcome.theirs == nil ? 0 : 1)
                #expect(ownedAfter.0 - ownedBefore.0 == change.mine.edgeCountDelta, "\(name) \(pair)")
                #expect(ownedAfter.1 - ownedBefore.1 == change.theirs.edgeCountDelta, "\(name) \(pair)")
                if change.notice != nil { #expect(outcome.theirs != pair.theirs, "\(name) \(pair)") }
            }
        }
    }

    /// Random operation sequences from scratch never leave the consistent set, and the summed deltas equal
    /// the number of edges each side owns (edge_count stays exact).
    @Test func randomSequencesKeepEdgeCountsExact() {
        var generator = SplitMix(seed: 0x5EED)
        for _ in 0..<500 {
            var pair: Pair = (nil, nil)
            var counts = (0, 0)
            for _ in 0..<20 {
                let actorIsMe = generator.next() % 2 == 0
                let view: Pair = actorIsMe ? pair : (pair.theirs, pair.mine)
                let change: FriendChange
                switch generator.next() % 3 {
                case 0: change = FriendRules.add(mine: view.mine, theirs: view.theirs)
                case 1: change = FriendRules.delete(mine: view.mine, theirs: view.theirs)
                default: change = FriendRules.block(mine: view.mine, theirs: view.theirs)
                }
                let moved = Self.after(change, view)
                if actorIsMe {
                    pair = moved
                    counts.0 += change.mine.edgeCountDelta
                    counts.1 += change.theirs.edgeCountDelta
                } else {
                    pair = (moved.theirs, moved.mine)
                    counts.1 += change.mine.edgeCountDelta
                    counts.0 += change.theirs.edgeCountDelta
                }
                #expect(Self.consistent.contains { $0 == pair })
                #expect(counts.0 == (pair.mine == nil ? 0 : 1) && counts.1 == (pair.theirs == nil ? 0 : 1))
            }
        }
    }

    @Test func noticesCarryNakamaCodesAndSubjects() {
        #expect(FriendNotice.request.code == -2)
        #expect(FriendNotice.accepted.code == -3)
        #expect(FriendNotice.removed.code == -9)
        #expect(FriendNotice.request.subject(actingUsername: "ann") == "ann wants to add you as a friend")
        #expect(FriendNotice.accepted.subject(actingUsername: "ann") == "ann accepted your friend request")
    }
}

/// A small seeded generator so the random sequences replay.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
