/// One session on one stream: the unit the tracker stores and the element of join and leave lists.
///
/// The tracker holds at most one presence per (`id`, `stream`) pair.
package struct Presence: Hashable, Sendable {
    package var id: PresenceID
    package var stream: PresenceStream
    package var meta: PresenceMeta

    package init(id: PresenceID, stream: PresenceStream, meta: PresenceMeta) {
        self.id = id
        self.stream = stream
        self.meta = meta
    }
}
