/// A named group of sessions that share realtime traffic; every realtime feature (chat channels,
/// matches, status, notifications, parties, custom streams) routes through one, as in Nakama's tracker.
///
/// Two streams are the same stream exactly when all four fields are equal. `mode` is one of Nakama's
/// stream modes (the `mode…` constants below) or any other value for a custom stream; `subject`,
/// `subcontext` and `label` are empty when the mode does not use them.
package struct PresenceStream: Hashable, Sendable {
    package var mode: UInt8
    package var subject: String
    package var subcontext: String
    package var label: String

    package init(mode: UInt8, subject: String = "", subcontext: String = "", label: String = "") {
        self.mode = mode
        self.subject = subject
        self.subcontext = subcontext
        self.label = label
    }

    /// A user's notifications; subject is the user ID.
    package static let modeNotifications: UInt8 = 0
    /// A user's status followers; subject is the user ID.
    package static let modeStatus: UInt8 = 1
    /// A chat room; label is the room name.
    package static let modeChannel: UInt8 = 2
    /// A group chat; subject is the group ID.
    package static let modeGroup: UInt8 = 3
    /// A direct chat; subject and subcontext are the two user IDs.
    package static let modeDirect: UInt8 = 4
    /// A relayed (client-authoritative) match; subject is the match ID.
    package static let modeMatchRelayed: UInt8 = 5
    /// An authoritative match; subject is the match ID and label the owning node.
    package static let modeMatchAuthoritative: UInt8 = 6
    /// A party; subject is the party ID and label the owning node.
    package static let modeParty: UInt8 = 7
}
