import ShoalGroupRules
import Testing

/// Random operation sequences on a modelled group: whatever the rules allow, the group keeps at least
/// one superadmin and never more members than `max_count`, and `edge_count` stays the member count.
@Suite struct GroupRulesPropertyTests {
    struct Model {
        var roles: [Int: GroupRole] = [0: .superadmin]
        var maxCount: Int
        var counts: GroupCounts {
            GroupCounts(
                edgeCount: roles.values.filter(\.isMember).count, maxCount: maxCount,
                superadminCount: roles.values.filter { $0 == .superadmin }.count)
        }
    }

    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test(arguments: 0..<40)
    func invariantsHoldOverRandomSequences(_ seed: Int) throws {
        var random = SplitMix(state: UInt64(seed) &* 7919 &+ 1)
        var model = Model(maxCount: Int.random(in: 1...6, using: &random))
        let users = 0..<8
        for _ in 0..<300 {
            let target = users.randomElement(using: &random)!
            let actorID = users.randomElement(using: &random)!
            let useSystem = Int.random(in: 0..<10, using: &random) == 0
            let actor: GroupActor = useSystem ? .system : .user(model.roles[actorID])
            let before = model.counts
            let change: GroupEdgeChange
            do {
                switch Int.random(in: 0..<7, using: &random) {
                case 0:
                    change = try GroupRules.join(current: model.roles[target], open: Bool.random(using: &random), counts: before)
                case 1:
                    change = try GroupRules.leave(current: model.roles[target], counts: before)
                default:
                    let operation = GroupMemberOperation.allCases.randomElement(using: &random)!
                    change = try GroupRules.apply(
                        operation, actor: actor, target: model.roles[target],
                        targetIsActor: !useSystem && actorID == target, counts: before)
                }
            } catch {
                continue
            }
            #expect(change.before == model.roles[target])
            model.roles[target] = change.after
            let after = model.counts
            #expect(after == before.applying(change))
            #expect(after.edgeCount <= after.maxCount)
            #expect(after.superadminCount >= 1)
        }
    }
}
