import ShoalAPI
import ShoalCore
import ShoalPresence
import ShoalProtocol

/// Online status (protocol.md §4.6): a session's status presence lives on its user's status stream;
/// sessions following that user get its joins and leaves.
extension RealtimeHub {
    func statusFollow(_ request: RealtimeRequest.StatusFollow, cid: String?, _ session: WebSocketSession) {
        let api = self.api
        onWorker(
            session, busy: { session.send(.reply(to: cid, .error(RealtimeErrorMessage(.runtimeException, "Server is busy")))) },
            { worker -> Result<[UserID], RealtimeErrorMessage> in
                if request.usernames.isEmpty {
                    return request.userIDs.allSatisfy({ UserID($0) != nil })
                        ? .success(request.userIDs.compactMap { UserID($0) })
                        : .failure(RealtimeErrorMessage(.badInput, "Invalid user identifier"))
                }
                guard let database = try? worker.database() else {
                    return .failure(RealtimeErrorMessage(.runtimeException, "Database unavailable"))
                }
                return api.resolveFollows(request, database: database)
            },
            then: { [unowned self] session, result in
                switch result {
                case .failure(let error):
                    session.send(.reply(to: cid, .error(error)))
                case .success(let users):
                    var presences: [UserPresence] = []
                    for user in Set(users) where user != session.info.claims.userID {
                        let id = user.description
                        followers[id, default: []].insert(session.info.sessionID)
                        following[session.info.sessionID, default: []].insert(id)
                        presences += tracker.presences(in: RealtimeHub.statusStream(id)).map(RealtimeHub.userPresence)
                    }
                    session.send(.reply(to: cid, .status(presences)))
                }
            })
    }

    func statusUnfollow(_ request: RealtimeRequest.StatusUnfollow, cid: String?, _ session: WebSocketSession) {
        guard request.userIDs.allSatisfy({ UserID($0) != nil }) else {
            return session.send(.reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Invalid user identifier"))))
        }
        for id in request.userIDs {
            followers[id]?.remove(session.info.sessionID)
            if followers[id]?.isEmpty == true { followers[id] = nil }
            following[session.info.sessionID]?.remove(id)
        }
        session.send(.reply(to: cid, .ack))
    }

    func statusUpdate(_ request: RealtimeRequest.StatusUpdate, cid: String?, _ session: WebSocketSession) {
        if let status = request.status {
            guard status.count <= 2048 else {
                return session.send(.reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Status must be 2048 characters or less"))))
            }
            setStatus(session, status)
        } else {
            broadcast(untrackLocal(presenceID(of: session), from: RealtimeHub.statusStream(session.info.claims.userID.description)))
        }
        session.send(.reply(to: cid, .ack))
    }

    /// Tracks or updates the session's status presence; followers see a leave of the old and a join of the new.
    func setStatus(_ session: WebSocketSession, _ status: String) {
        var me = presence(of: session, in: RealtimeHub.statusStream(session.info.claims.userID.description))
        me.meta.status = status
        broadcast(updateLocal(me))
    }

    func broadcastStatus(_ event: PresenceEvent) {
        if let user = UserID(event.stream.subject) {
            api.onlineUsers.set(user, online: tracker.isTracked(user: event.stream.subject, in: event.stream))
        }
        let envelope = ServerEnvelope.push(
            .statusPresenceEvent(
                RealtimeEvent.StatusPresenceEvent(
                    joins: event.joins.map(RealtimeHub.userPresence), leaves: event.leaves.map(RealtimeHub.userPresence))))
        let frame = WebSocketSession.frame(envelope)
        for id in followers[event.stream.subject] ?? [] {
            sessions[id]?.sendFrame(frame)
        }
    }

    /// A closing session stops following everyone.
    func unfollowAll(_ session: WebSocketSession) {
        for id in following.removeValue(forKey: session.info.sessionID) ?? [] {
            followers[id]?.remove(session.info.sessionID)
            if followers[id]?.isEmpty == true { followers[id] = nil }
        }
    }

    static func statusStream(_ userID: String) -> PresenceStream {
        PresenceStream(mode: PresenceStream.modeStatus, subject: userID)
    }
}
