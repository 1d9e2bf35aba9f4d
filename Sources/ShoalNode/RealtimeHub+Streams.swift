import ShoalCore
import ShoalJSON
import ShoalPresence
import ShoalProtocol
import ShoalRuntime

/// Runtime streams (`nk.stream_*`, runtime.md §2.12) on the hub: module code joins connected sessions to
/// streams and sends to them; custom streams (modes above 7) announce `stream_presence_event`s.
extension RealtimeHub {
    /// nil when the session is not connected here (or belongs to another user).
    func streamTrack(
        _ stream: RuntimeStream, user: UserID, session sessionID: String, meta: (hidden: Bool, persistence: Bool, status: String?),
        update: Bool
    ) -> Bool? {
        guard let session = sessions[sessionID], session.info.claims.userID == user,
            let presenceStream = RealtimeHub.presenceStream(stream)
        else { return nil }
        var presence = presence(of: session, in: presenceStream)
        presence.meta.hidden = meta.hidden
        presence.meta.persistence = meta.persistence
        presence.meta.status = meta.status
        if update {
            let isNew = tracker.get(presence.id, in: presenceStream) == nil
            broadcast(updateLocal(presence))
            return isNew
        }
        let outcome = trackLocal(presence)
        broadcast(outcome.events)
        return outcome.isNew
    }

    func streamUntrack(_ stream: RuntimeStream, session sessionID: String) {
        guard let presenceStream = RealtimeHub.presenceStream(stream) else { return }
        broadcast(untrackLocal(PresenceID(node: nodeName, sessionID: sessionID), from: presenceStream))
    }

    func streamPresences(_ stream: RuntimeStream) -> [StreamPresence] {
        guard let presenceStream = RealtimeHub.presenceStream(stream) else { return [] }
        return tracker.presences(in: presenceStream, includeHidden: true).map { presence in
            StreamPresence(
                userID: presence.meta.userID, sessionID: presence.id.sessionID, node: presence.id.node,
                username: presence.meta.username, hidden: presence.meta.hidden, persistence: presence.meta.persistence,
                status: presence.meta.status)
        }
    }

    func streamClose(_ stream: RuntimeStream) {
        guard let presenceStream = RealtimeHub.presenceStream(stream) else { return }
        closeStreamEverywhere(presenceStream)
    }

    /// Sends `text` (an encoded envelope) to the stream's members, or only to `targets` among them.
    func streamSend(_ stream: RuntimeStream, text: String, to targets: [String]?) {
        guard let presenceStream = RealtimeHub.presenceStream(stream) else { return }
        let wanted = targets.map(Set.init)
        let receivers = tracker.presences(in: presenceStream, includeHidden: true).lazy.map(\.id).filter { id in
            wanted?.contains(id.sessionID) ?? true
        }
        deliver(text, to: Array(receivers))
    }

    func broadcastCustomStream(_ event: PresenceEvent) {
        let stream = RealtimeStream(
            mode: Int(event.stream.mode), subject: event.stream.subject, subcontext: event.stream.subcontext,
            label: event.stream.label)
        announceToLocalMembers(
            of: event.stream,
            .push(
                .streamPresenceEvent(
                    RealtimeEvent.StreamPresenceEvent(
                        stream: stream, joins: event.joins.map(RealtimeHub.userPresence),
                        leaves: event.leaves.map(RealtimeHub.userPresence)))))
    }

    static func presenceStream(_ stream: RuntimeStream) -> PresenceStream? {
        guard (0...255).contains(stream.mode) else { return nil }
        return PresenceStream(mode: UInt8(stream.mode), subject: stream.subject, subcontext: stream.subcontext, label: stream.label)
    }
}
