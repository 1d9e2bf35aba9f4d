/// What one operation does to one user's edge in one group: the role before and after (nil = no edge),
/// and the channel message it writes.
///
/// Invariants: `edgeCountDelta` is the change to the group's `edge_count` (members only: roles 0–2);
/// a change with `before == after` writes nothing and has no message.
package struct GroupEdgeChange: Sendable, Equatable {
    package var before: GroupRole?
    package var after: GroupRole?
    package var message: GroupMessageCode?

    package init(before: GroupRole?, after: GroupRole?, message: GroupMessageCode? = nil) {
        self.before = before
        self.after = after
        self.message = before == after ? nil : message
    }

    /// Nothing happens to an edge in `role`.
    package static func unchanged(_ role: GroupRole?) -> GroupEdgeChange {
        GroupEdgeChange(before: role, after: role)
    }

    package var isUnchanged: Bool { before == after }

    package var edgeCountDelta: Int {
        (after?.isMember == true ? 1 : 0) - (before?.isMember == true ? 1 : 0)
    }
}
