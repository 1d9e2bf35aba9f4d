import ShoalCore

/// A chat channel's identity, `mode.subject.subcontext.label` on the wire (protocol §4.3): rooms are
/// `2...<name>`, groups `3.<group id>..`, direct messages `4.<user a>.<user b>.` with a < b.
///
/// Parsing is strict about shape (four parts, UUIDs where a channel kind needs them, nothing where it
/// does not) and canonicalises a direct channel's user order, so one pair of users has one channel.
package struct ChannelID: Hashable, Sendable, CustomStringConvertible {
    package enum Kind: Hashable, Sendable {
        /// A named room (1–64 characters).
        case room(String)
        case group(UUIDValue)
        /// The two users of a direct channel, smaller id first.
        case direct(UserID, UserID)
    }

    /// `channel_join.type`: 1 room (0 also means room), 2 direct message, 3 group.
    package enum JoinType: Int, Sendable, CaseIterable {
        case room = 1
        case directMessage = 2
        case group = 3
    }

    package let kind: Kind

    package static let maxRoomNameCharacters = 64

    package init(_ kind: Kind) {
        switch kind {
        case .direct(let a, let b) where b < a: self.kind = .direct(b, a)
        default: self.kind = kind
        }
    }

    /// Parses a wire channel id; nil for anything that is not a valid room, group or direct channel.
    package init?(_ text: String) {
        let parts = text.split(separator: ".", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let (subject, subcontext, label) = (parts[1], parts[2], parts[3])
        switch parts[0] {
        case "2":
            guard subject.isEmpty, subcontext.isEmpty, ChannelID.isValidRoomName(label) else { return nil }
            self.init(.room(String(label)))
        case "3":
            guard let group = UUIDValue(subject), group != .zero, subcontext.isEmpty, label.isEmpty else { return nil }
            self.init(.group(group))
        case "4":
            guard let a = UserID(subject), let b = UserID(subcontext), a != .system, b != .system, a != b,
                label.isEmpty
            else { return nil }
            self.init(.direct(a, b))
        default:
            return nil
        }
    }

    /// A room name: 1–64 characters, no control characters.
    package static func isValidRoomName(_ name: some StringProtocol) -> Bool {
        guard !name.isEmpty, name.count <= maxRoomNameCharacters else { return false }
        return !name.unicodeScalars.contains { $0.value < 0x20 || ($0.value >= 0x7F && $0.value < 0xA0) }
    }

    /// The stream mode Nakama stores in `message.stream_mode`.
    package var streamMode: Int {
        switch kind {
        case .room: return 2
        case .group: return 3
        case .direct: return 4
        }
    }

    /// `message.stream_subject`: the group or the first user; the nil UUID for rooms.
    package var streamSubject: UUIDValue {
        switch kind {
        case .room: return .zero
        case .group(let group): return group
        case .direct(let a, _): return a.uuid
        }
    }

    /// `message.stream_descriptor`: the second user of a direct channel; otherwise the nil UUID.
    package var streamDescriptor: UUIDValue {
        if case .direct(_, let b) = kind { return b.uuid }
        return .zero
    }

    /// `message.stream_label`: the room name; otherwise empty.
    package var streamLabel: String {
        if case .room(let name) = kind { return name }
        return ""
    }

    package var description: String {
        switch kind {
        case .room(let name): return "2...\(name)"
        case .group(let group): return "3.\(group).."
        case .direct(let a, let b): return "4.\(a).\(b)."
        }
    }
}
