import ShoalAPI
import ShoalCore
import ShoalCrypto
import ShoalLoop
import ShoalPresence
import ShoalProtocol

/// Client-relayed matches (protocol.md §4.4): a match is the set of presences on its stream; the server
/// only relays data between them. Ids are `<uuid>.` (empty node). A match ends when its last presence leaves.
extension RealtimeHub {
    func route(_ envelope: ClientEnvelope, from session: WebSocketSession) {
        switch envelope.message {
        case .ping: session.send(.reply(to: envelope.cid, .pong))
        case .pong: break
        case .matchCreate(let request): matchCreate(request, cid: envelope.cid, session)
        case .matchJoin(let request): matchJoin(request, cid: envelope.cid, session)
        case .matchLeave(let request): matchLeave(request, cid: envelope.cid, session)
        case .matchDataSend(let request): matchDataSend(request, session)
        case .channelJoin(let request): channelJoin(request, cid: envelope.cid, session)
        case .channelLeave(let request): channelLeave(request, cid: envelope.cid, session)
        case .channelMessageSend(let request): channelMessageSend(request, cid: envelope.cid, session)
        case .channelMessageUpdate(let request): channelMessageUpdate(request, cid: envelope.cid, session)
        case .channelMessageRemove(let request): channelMessageRemove(request, cid: envelope.cid, session)
        case .statusFollow(let request): statusFollow(request, cid: envelope.cid, session)
        case .statusUnfollow(let request): statusUnfollow(request, cid: envelope.cid, session)
        case .statusUpdate(let request): statusUpdate(request, cid: envelope.cid, session)
        default: session.send(.reply(to: envelope.cid, .error(RealtimeErrorMessage(.runtimeException, "unexpected message"))))
        }
    }

    private func matchCreate(_ request: RealtimeRequest.MatchCreate, cid: String?, _ session: WebSocketSession) {
        var generator = SystemRandomNumberGenerator()
        let uuid = request.name.isEmpty
            ? UUIDValue.random(using: &generator)
            : UUIDValue.named(request.name, in: .dnsNamespace, sha1: { Digest.sha1($0) })
        let matchID = uuid.description + "."
        let stream = RealtimeHub.matchStream(uuid)
        let others = tracker.presences(in: stream)
        joinMatch(stream, matchID: matchID, others: others, cid: cid, session)
    }

    /// How long a node of a cluster waits for a relayed match it does not know before answering "Match
    /// not found": the creator's presence may still be on its way from another node.
    static let relayedJoinGraceMilliseconds: UInt64 = 200

    private func matchJoin(
        _ request: RealtimeRequest.MatchJoin, cid: String?, _ session: WebSocketSession, afterGrace: Bool = false
    ) {
        let matchID: String
        var byToken = false
        switch request.target {
        case .matchID(let id)?:
            matchID = id
        case .token(let token)?:
            guard let id = api.matchID(fromToken: token, now: API.unixTime()) else {
                return session.send(.reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Invalid match token"))))
            }
            matchID = id
            byToken = true
        case nil:
            return session.send(.reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Match ID or token must be set"))))
        }
        guard let uuid = RealtimeHub.relayedMatchUUID(matchID) else {
            if RealtimeHub.isMatchID(matchID) {
                return session.send(.reply(to: cid, .error(RealtimeErrorMessage(.matchNotFound, "Match not found"))))
            }
            return session.send(.reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Invalid match ID"))))
        }
        let stream = RealtimeHub.matchStream(uuid)
        let others = tracker.presences(in: stream)
        // A relayed match exists while someone is in it; a matchmaker token may create it.
        guard !others.isEmpty || byToken else {
            guard outbox != nil, !afterGrace else {
                return session.send(.reply(to: cid, .error(RealtimeErrorMessage(.matchNotFound, "Match not found"))))
            }
            let timer = Timer(loop: loop)
            timer.start(afterMilliseconds: RealtimeHub.relayedJoinGraceMilliseconds) { [weak self, weak session] in
                timer.close()
                guard let self, let session, !session.isClosing else { return }
                matchJoin(request, cid: cid, session, afterGrace: true)
            }
            return
        }
        joinMatch(stream, matchID: matchID, others: others, cid: cid, session)
    }

    private func joinMatch(
        _ stream: PresenceStream, matchID: String, others: [Presence], cid: String?, _ session: WebSocketSession
    ) {
        let me = presence(of: session, in: stream)
        let outcome = trackLocal(me)
        let visible = others.filter { $0.id != me.id }
        session.send(
            .reply(
                to: cid,
                .match(
                    RealtimeEvent.Match(
                        matchID: matchID, size: visible.count + 1, presences: visible.map(RealtimeHub.userPresence),
                        selfPresence: RealtimeHub.userPresence(me)))))
        broadcast(outcome.events)
    }

    private func matchLeave(_ request: RealtimeRequest.MatchLeave, cid: String?, _ session: WebSocketSession) {
        guard let uuid = RealtimeHub.relayedMatchUUID(request.matchID) else {
            return session.send(.reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Invalid match ID"))))
        }
        let events = untrackLocal(presenceID(of: session), from: RealtimeHub.matchStream(uuid))
        session.send(.reply(to: cid, .ack))
        broadcast(events)
    }

    private func matchDataSend(_ request: RealtimeRequest.MatchDataSend, _ session: WebSocketSession) {
        guard let uuid = RealtimeHub.relayedMatchUUID(request.matchID) else {
            // No cid: match data is fire-and-forget.
            return session.send(.push(.error(RealtimeErrorMessage(.badInput, "Invalid match ID"))))
        }
        let stream = RealtimeHub.matchStream(uuid)
        guard let sender = tracker.get(presenceID(of: session), in: stream) else { return }
        let targets = Set(request.presences.map(\.sessionID))
        let envelope = ServerEnvelope.push(
            .matchData(
                RealtimeEvent.MatchData(
                    matchID: request.matchID, presence: RealtimeHub.userPresence(sender), opCode: request.opCode,
                    data: request.data, reliable: request.reliable)))
        let receivers = tracker.presences(in: stream).lazy.map(\.id).filter { id in
            targets.isEmpty ? id != sender.id : targets.contains(id.sessionID)
        }
        deliver(String(decoding: envelope.encoded(), as: UTF8.self), to: Array(receivers))
    }

    /// Sends each tracker event to the local sessions that see it: stream members for matches and channels,
    /// followers for status.
    func broadcast(_ events: [PresenceEvent]) {
        for event in events {
            switch event.stream.mode {
            case PresenceStream.modeMatchRelayed: broadcastMatch(event)
            case PresenceStream.modeChannel, PresenceStream.modeGroup, PresenceStream.modeDirect: broadcastChannel(event)
            case PresenceStream.modeStatus: broadcastStatus(event)
            case let mode where mode > PresenceStream.modeParty: broadcastCustomStream(event)
            default: break
            }
        }
    }

    private func broadcastMatch(_ event: PresenceEvent) {
        let envelope = ServerEnvelope.push(
            .matchPresenceEvent(
                RealtimeEvent.MatchPresenceEvent(
                    matchID: event.stream.subject + ".", joins: event.joins.map(RealtimeHub.userPresence),
                    leaves: event.leaves.map(RealtimeHub.userPresence))))
        announceToLocalMembers(of: event.stream, envelope)
    }

    /// A presence event, to this node's members of the stream, a joiner included: every node announces
    /// each event to its own sessions. The event is encoded once for all of them.
    func announceToLocalMembers(of stream: PresenceStream, _ envelope: ServerEnvelope) {
        let frame = WebSocketSession.frame(envelope)
        for presence in tracker.presences(in: stream, includeHidden: true) where presence.id.node == nodeName {
            sessions[presence.id.sessionID]?.sendFrame(frame)
        }
    }

    /// A message, to every member of the stream on any node.
    func sendToMembers(of stream: PresenceStream, _ envelope: ServerEnvelope) {
        deliver(
            String(decoding: envelope.encoded(), as: UTF8.self),
            to: tracker.presences(in: stream, includeHidden: true).map(\.id))
    }

    func presenceID(of session: WebSocketSession) -> PresenceID {
        PresenceID(node: nodeName, sessionID: session.info.sessionID)
    }

    func presence(of session: WebSocketSession, in stream: PresenceStream) -> Presence {
        Presence(
            id: presenceID(of: session), stream: stream,
            meta: PresenceMeta(userID: session.info.claims.userID.description, username: session.info.claims.username))
    }

    static func matchStream(_ uuid: UUIDValue) -> PresenceStream {
        PresenceStream(mode: PresenceStream.modeMatchRelayed, subject: uuid.description)
    }

    /// The UUID of a relayed match id (`<uuid>.`), nil for anything else.
    static func relayedMatchUUID(_ matchID: String) -> UUIDValue? {
        guard matchID.hasSuffix("."), let uuid = UUIDValue(matchID.dropLast()) else { return nil }
        return uuid
    }

    /// `<uuid>.<node>`: a well-formed match id of either kind.
    static func isMatchID(_ matchID: String) -> Bool {
        guard let dot = matchID.firstIndex(of: ".") else { return false }
        return UUIDValue(matchID[..<dot]) != nil
    }

    static func userPresence(_ presence: Presence) -> UserPresence {
        UserPresence(
            userID: presence.meta.userID, sessionID: presence.id.sessionID, username: presence.meta.username,
            persistence: presence.meta.persistence, status: presence.meta.status)
    }
}
