import ShoalGroupRules
import Testing

/// Every role pair for every operation, against tables written from protocol §6.2.
@Suite struct GroupRulesTests {
    static let targets: [GroupRole?] = [nil] + GroupRole.allCases.map { $0 }
    static let roomy = GroupCounts(edgeCount: 3, maxCount: 100, superadminCount: 2)

    @Test func usersBelowAdminCannotManageMembersUpdateOrDelete() {
        for actor in [GroupActor.user(nil), .user(.member), .user(.joinRequest), .user(.banned)] {
            for operation in GroupMemberOperation.allCases {
                for target in Self.targets {
                    #expect(throws: GroupError.permissionDenied) {
                        try GroupRules.apply(operation, actor: actor, target: target, targetIsActor: false, counts: Self.roomy)
                    }
                }
            }
            #expect(throws: GroupError.permissionDenied) { try GroupRules.update(actor: actor) }
            #expect(throws: GroupError.permissionDenied) { try GroupRules.delete(actor: actor) }
        }
        #expect(throws: GroupError.permissionDenied) { try GroupRules.delete(actor: .user(.admin)) }
        #expect(throws: Never.self) { try GroupRules.update(actor: .user(.admin)) }
        #expect(throws: Never.self) { try GroupRules.update(actor: .user(.superadmin)) }
        #expect(throws: Never.self) { try GroupRules.update(actor: .system) }
        #expect(throws: Never.self) { try GroupRules.delete(actor: .user(.superadmin)) }
        #expect(throws: Never.self) { try GroupRules.delete(actor: .system) }
    }

    /// The role each target ends with, in target order nil, 0, 1, 2, 3, 4 ("-" = no edge).
    static let expected: [GroupMemberOperation: [String: [String]]] = [
        .add: [
            "admin": ["2", "0", "1", "2", "2", "2"],
            "superadmin": ["2", "0", "1", "2", "2", "2"],
        ],
        .kick: [
            "admin": ["-", "0", "1", "-", "-", "-"],
            "superadmin": ["-", "-", "-", "-", "-", "-"],
        ],
        .ban: [
            "admin": ["4", "0", "1", "4", "4", "4"],
            "superadmin": ["4", "4", "4", "4", "4", "4"],
        ],
        .promote: [
            "admin": ["-", "0", "1", "1", "3", "4"],
            "superadmin": ["-", "0", "0", "1", "3", "4"],
        ],
        .demote: [
            "admin": ["-", "0", "2", "2", "3", "4"],
            "superadmin": ["-", "1", "2", "2", "3", "4"],
        ],
    ]

    static func label(_ role: GroupRole?) -> String { role.map { String($0.rawValue) } ?? "-" }

    @Test(arguments: GroupMemberOperation.allCases)
    func adminAndSuperadminOutcomesMatchTheTable(_ operation: GroupMemberOperation) throws {
        for (name, actor) in [("admin", GroupActor.user(.admin)), ("superadmin", .user(.superadmin))] {
            let table = try #require(Self.expected[operation]?[name])
            for (index, target) in Self.targets.enumerated() {
                let change = try GroupRules.apply(operation, actor: actor, target: target, targetIsActor: false, counts: Self.roomy)
                #expect(Self.label(change.after) == table[index], "\(operation) by \(name) on \(Self.label(target))")
                #expect(change.before == target)
            }
        }
    }

    @Test(arguments: GroupMemberOperation.allCases)
    func systemActsAsSuperadminAndNobodyActsOnThemselves(_ operation: GroupMemberOperation) throws {
        for target in Self.targets {
            let system = try GroupRules.apply(operation, actor: .system, target: target, targetIsActor: false, counts: Self.roomy)
            let superadmin = try GroupRules.apply(
                operation, actor: .user(.superadmin), target: target, targetIsActor: false, counts: Self.roomy)
            #expect(system == superadmin)
            for actor in [GroupActor.user(.admin), .user(.superadmin)] {
                let own = try GroupRules.apply(operation, actor: actor, target: target, targetIsActor: true, counts: Self.roomy)
                #expect(own.isUnchanged)
            }
        }
    }

    @Test func messagesAreWrittenOnlyForMembershipChanges() throws {
        let member = try GroupRules.apply(.kick, actor: .user(.admin), target: .member, targetIsActor: false, counts: Self.roomy)
        #expect(member.message == .kick && member.edgeCountDelta == -1)
        let request = try GroupRules.apply(.kick, actor: .user(.admin), target: .joinRequest, targetIsActor: false, counts: Self.roomy)
        #expect(request.message == nil && request.after == nil && request.edgeCountDelta == 0)
        let ban = try GroupRules.apply(.ban, actor: .user(.superadmin), target: .admin, targetIsActor: false, counts: Self.roomy)
        #expect(ban.message == .ban && ban.edgeCountDelta == -1)
        let preban = try GroupRules.apply(.ban, actor: .user(.admin), target: nil, targetIsActor: false, counts: Self.roomy)
        #expect(preban.message == nil && preban.after == .banned && preban.edgeCountDelta == 0)
        let accept = try GroupRules.apply(.add, actor: .user(.admin), target: .joinRequest, targetIsActor: false, counts: Self.roomy)
        #expect(accept.message == .add && accept.edgeCountDelta == 1)
        let promote = try GroupRules.apply(.promote, actor: .user(.superadmin), target: .member, targetIsActor: false, counts: Self.roomy)
        #expect(promote.message == .promote && promote.after == .admin && promote.edgeCountDelta == 0)
        let demote = try GroupRules.apply(.demote, actor: .user(.superadmin), target: .superadmin, targetIsActor: false, counts: Self.roomy)
        #expect(demote.message == .demote && demote.after == .admin)
        let noop = try GroupRules.apply(.add, actor: .user(.admin), target: .member, targetIsActor: false, counts: Self.roomy)
        #expect(noop.isUnchanged && noop.message == nil)
    }

    @Test func addingToAFullGroupFailsButExistingMembersAreANoOp() throws {
        let full = GroupCounts(edgeCount: 5, maxCount: 5, superadminCount: 1)
        for target: GroupRole? in [nil, .joinRequest, .banned] {
            #expect(throws: GroupError.full) {
                try GroupRules.apply(.add, actor: .user(.admin), target: target, targetIsActor: false, counts: full)
            }
        }
        for target: GroupRole in [.superadmin, .admin, .member] {
            #expect(try GroupRules.apply(.add, actor: .system, target: target, targetIsActor: false, counts: full).isUnchanged)
        }
    }

    @Test func theLastSuperadminIsNeverRemovedOrDemoted() throws {
        let alone = GroupCounts(edgeCount: 2, maxCount: 10, superadminCount: 1)
        for operation: GroupMemberOperation in [.kick, .ban, .demote] {
            #expect(throws: GroupError.lastSuperadmin) {
                try GroupRules.apply(operation, actor: .system, target: .superadmin, targetIsActor: false, counts: alone)
            }
            let two = GroupCounts(edgeCount: 2, maxCount: 10, superadminCount: 2)
            #expect(!(try GroupRules.apply(operation, actor: .system, target: .superadmin, targetIsActor: false, counts: two)).isUnchanged)
        }
        #expect(throws: GroupError.lastSuperadmin) { try GroupRules.leave(current: .superadmin, counts: alone) }
    }

    @Test func joinTable() throws {
        let room = GroupCounts(edgeCount: 1, maxCount: 2, superadminCount: 1)
        let full = GroupCounts(edgeCount: 2, maxCount: 2, superadminCount: 1)
        let open = try GroupRules.join(current: nil, open: true, counts: room)
        #expect(open.after == .member && open.message == .join && open.edgeCountDelta == 1)
        let closed = try GroupRules.join(current: nil, open: false, counts: room)
        #expect(closed.after == .joinRequest && closed.message == nil && closed.edgeCountDelta == 0)
        for isOpen in [true, false] {
            #expect(throws: GroupError.full) { try GroupRules.join(current: nil, open: isOpen, counts: full) }
            for role in GroupRole.allCases {
                #expect(try GroupRules.join(current: role, open: isOpen, counts: full).isUnchanged)
            }
        }
    }

    @Test func leaveTable() throws {
        let counts = GroupCounts(edgeCount: 3, maxCount: 10, superadminCount: 2)
        #expect(try GroupRules.leave(current: nil, counts: counts).isUnchanged)
        #expect(try GroupRules.leave(current: .banned, counts: counts).isUnchanged)
        let request = try GroupRules.leave(current: .joinRequest, counts: counts)
        #expect(request.after == nil && request.message == nil && request.edgeCountDelta == 0)
        for role: GroupRole in [.superadmin, .admin, .member] {
            let change = try GroupRules.leave(current: role, counts: counts)
            #expect(change.after == nil && change.message == .leave && change.edgeCountDelta == -1)
        }
    }

    @Test func maxCountDefaultsAndMustBePositive() {
        #expect(GroupRules.maxCount(requested: 0) == 100)
        #expect(GroupRules.maxCount(requested: 1) == 1)
        #expect(GroupRules.maxCount(requested: 5000) == 5000)
        #expect(GroupRules.maxCount(requested: -1) == nil)
    }
}
