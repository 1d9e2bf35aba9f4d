import ShoalAPI
import ShoalCore
import ShoalJSON
import ShoalPresence
import ShoalProtocol

/// Chat channels (protocol.md §4.3): rooms, direct and group channels as presence streams; messages are
/// stored when the sender joined with persistence and sent to every member, the sender included.
extension RealtimeHub {
    func channelJoin(_ request: RealtimeRequest.ChannelJoin, cid: String?, _ session: WebSocketSession) {
        let api = self.api
        let info = session.info
        withDatabase(
            session, cid: cid,
            { database -> Result<ChannelID, RealtimeErrorMessage> in
                api.resolveChannelJoin(request, session: info, database: database)
            },
            then: { [unowned self] session, channel in
                let stream = RealtimeHub.channelStream(channel)
                var me = presence(of: session, in: stream)
                me.meta.persistence = request.persistence ?? true
                me.meta.hidden = request.hidden ?? false
                let others = tracker.presences(in: stream).filter { $0.id != me.id }
                let outcome = trackLocal(me)
                session.send(
                    .reply(
                        to: cid,
                        .channel(
                            RealtimeEvent.Channel(
                                id: channel, presences: others.map(RealtimeHub.userPresence),
                                selfPresence: RealtimeHub.userPresence(me)))))
                broadcast(outcome.events)
                inviteToDirectChat(channel, stream: stream, session)
            })
    }

    /// Joining a direct channel the other user is not in sends them Nakama's −1 notification.
    private func inviteToDirectChat(_ channel: ChannelID, stream: PresenceStream, _ session: WebSocketSession) {
        guard case .direct(let a, let b) = channel.kind else { return }
        let other = a == session.info.claims.userID ? b : a
        guard !tracker.isTracked(user: other.description, in: stream) else { return }
        let api = self.api
        let info = session.info
        _ = submitJob { worker in
            guard let database = try? worker.database() else { return }
            api.sendDirectChatInvitation(to: other, session: info, database: database)
        }
    }

    func channelLeave(_ request: RealtimeRequest.ChannelLeave, cid: String?, _ session: WebSocketSession) {
        guard let channel = ChannelID(request.channelID) else {
            return session.send(.reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Invalid channel identifier"))))
        }
        let events = untrackLocal(presenceID(of: session), from: RealtimeHub.channelStream(channel))
        session.send(.reply(to: cid, .ack))
        broadcast(events)
    }

    func channelMessageSend(_ request: RealtimeRequest.ChannelMessageSend, cid: String?, _ session: WebSocketSession) {
        guard let channel = ChannelID(request.channelID) else {
            return session.send(.reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Invalid channel identifier"))))
        }
        guard case .object? = try? JSONParser.parse(request.content) else {
            return session.send(
                .reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Message content must be a valid JSON object"))))
        }
        let stream = RealtimeHub.channelStream(channel)
        guard let member = tracker.get(presenceID(of: session), in: stream) else {
            return session.send(
                .reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Must join channel before sending messages"))))
        }
        let api = self.api
        let info = session.info
        let persistent = member.meta.persistence
        let content = request.content
        withDatabase(
            session, cid: cid,
            { database -> Result<ChannelMessage, RealtimeErrorMessage> in
                api.storeChannelMessage(
                    channel: channel, content: content, persistent: persistent, session: info, database: database,
                    now: Timestamp(seconds: API.unixTime()))
            },
            then: { [unowned self] session, message in
                session.send(.reply(to: cid, .channelMessageAck(message)))
                sendToMembers(of: stream, .push(.channelMessage(message)))
            })
    }

    func channelMessageUpdate(_ request: RealtimeRequest.ChannelMessageUpdate, cid: String?, _ session: WebSocketSession) {
        rewrite(
            channelID: request.channelID, messageID: request.messageID, code: 1, content: request.content, cid: cid, session)
    }

    func channelMessageRemove(_ request: RealtimeRequest.ChannelMessageRemove, cid: String?, _ session: WebSocketSession) {
        rewrite(channelID: request.channelID, messageID: request.messageID, code: 2, content: "{}", cid: cid, session)
    }

    /// Update and remove: only the sender's own stored messages, announced to every member with code 1 or 2.
    private func rewrite(
        channelID: String, messageID: String, code: Int, content: String, cid: String?, _ session: WebSocketSession
    ) {
        guard let channel = ChannelID(channelID) else {
            return session.send(.reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Invalid channel identifier"))))
        }
        guard case .object? = try? JSONParser.parse(content) else {
            return session.send(
                .reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Message content must be a valid JSON object"))))
        }
        let stream = RealtimeHub.channelStream(channel)
        guard tracker.get(presenceID(of: session), in: stream) != nil else {
            return session.send(
                .reply(to: cid, .error(RealtimeErrorMessage(.badInput, "Must join channel before updating messages"))))
        }
        let api = self.api
        let info = session.info
        withDatabase(
            session, cid: cid,
            { database -> Result<ChannelMessage, RealtimeErrorMessage> in
                api.rewriteChannelMessage(
                    channel: channel, messageID: messageID, code: code, content: content, session: info, database: database)
            },
            then: { [unowned self] session, message in
                session.send(.reply(to: cid, .channelMessageAck(message)))
                sendToMembers(of: stream, .push(.channelMessage(message)))
            })
    }

    func broadcastChannel(_ event: PresenceEvent) {
        guard let channel = RealtimeHub.channel(of: event.stream) else { return }
        let envelope = ServerEnvelope.push(
            .channelPresenceEvent(
                RealtimeEvent.ChannelPresenceEvent(
                    channel: channel, joins: event.joins.map(RealtimeHub.userPresence),
                    leaves: event.leaves.map(RealtimeHub.userPresence))))
        announceToLocalMembers(of: event.stream, envelope)
    }

    static func channelStream(_ channel: ChannelID) -> PresenceStream {
        PresenceStream(
            mode: UInt8(channel.streamMode), subject: channel.streamSubject.description,
            subcontext: channel.streamDescriptor.description, label: channel.streamLabel)
    }

    static func channel(of stream: PresenceStream) -> ChannelID? {
        switch stream.mode {
        case PresenceStream.modeChannel: return ChannelID(.room(stream.label))
        case PresenceStream.modeGroup: return UUIDValue(stream.subject).map { ChannelID(.group($0)) }
        case PresenceStream.modeDirect:
            guard let a = UserID(stream.subject), let b = UserID(stream.subcontext) else { return nil }
            return ChannelID(.direct(a, b))
        default: return nil
        }
    }
}
