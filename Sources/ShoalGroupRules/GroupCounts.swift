/// The group state a membership decision depends on, read under the group's row lock.
package struct GroupCounts: Sendable, Equatable {
    /// Members (roles 0–2).
    package var edgeCount: Int
    package var maxCount: Int
    /// Users with role 0.
    package var superadminCount: Int

    package init(edgeCount: Int, maxCount: Int, superadminCount: Int) {
        self.edgeCount = edgeCount
        self.maxCount = maxCount
        self.superadminCount = superadminCount
    }

    package var isFull: Bool { edgeCount >= maxCount }

    /// The counts after `change` is applied.
    package func applying(_ change: GroupEdgeChange) -> GroupCounts {
        var next = self
        next.edgeCount += change.edgeCountDelta
        next.superadminCount += (change.after == .superadmin ? 1 : 0) - (change.before == .superadmin ? 1 : 0)
        return next
    }
}
