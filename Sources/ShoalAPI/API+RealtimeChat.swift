import ShoalCore
import ShoalGroupRules
import ShoalJSON
import ShoalPostgres
import ShoalProtocol
import ShoalSocialRules
import ShoalStore

/// The database side of realtime chat and status (protocol.md §4.3, §4.6), run on a request worker;
/// presence bookkeeping stays with the node's realtime hub on the loop.
extension API {
    /// Checks a `channel_join` and names its channel: a room name, a direct channel with an existing user
    /// who has not blocked the caller, or a group the caller belongs to.
    package func resolveChannelJoin(
        _ join: RealtimeRequest.ChannelJoin, session: RealtimeSession, database: PGConnection
    ) -> Result<ChannelID, RealtimeErrorMessage> {
        let caller = session.claims.userID
        do {
            switch join.joinType {
            case .room?:
                guard !join.target.isEmpty, join.target.count <= ChannelID.maxRoomNameCharacters,
                    ChannelID.isValidRoomName(join.target)
                else { return .failure(RealtimeErrorMessage(.badInput, "Invalid room name")) }
                return .success(ChannelID(.room(join.target)))
            case .directMessage?:
                guard let other = UserID(join.target), other != caller else {
                    return .failure(RealtimeErrorMessage(.badInput, "Invalid user ID"))
                }
                guard try UserStore(connection: database).find(id: other) != nil else {
                    return .failure(RealtimeErrorMessage(.badInput, "User not found"))
                }
                let blocked = try database.query(
                    "SELECT 1 FROM user_edge WHERE source_id = $1 AND destination_id = $2 AND state = 3",
                    [.text(other.description), .text(caller.description)])
                guard blocked.rows.isEmpty else {
                    return .failure(RealtimeErrorMessage(.badInput, "Cannot message a user who blocked you"))
                }
                return .success(ChannelID(.direct(caller, other)))
            case .group?:
                guard let group = UUIDValue(join.target) else {
                    return .failure(RealtimeErrorMessage(.badInput, "Invalid group ID"))
                }
                guard try GroupStore(connection: database).role(group: group, user: caller)?.isMember == true else {
                    return .failure(RealtimeErrorMessage(.badInput, "Group not found"))
                }
                return .success(ChannelID(.group(group)))
            case nil:
                return .failure(RealtimeErrorMessage(.badInput, "Invalid channel type"))
            }
        } catch {
            return .failure(RealtimeErrorMessage(.runtimeException, "Could not join channel"))
        }
    }

    /// A chat message from the session, stored when the sender joined with persistence.
    package func storeChannelMessage(
        channel: ChannelID, content: String, persistent: Bool, session: RealtimeSession, database: PGConnection,
        now: Timestamp
    ) -> Result<ChannelMessage, RealtimeErrorMessage> {
        var generator = SystemRandomNumberGenerator()
        let message = ChannelMessage(
            channel: channel, id: UUIDValue.random(using: &generator), senderID: session.claims.userID,
            username: session.claims.username, content: content, createTime: now, updateTime: now, persistent: persistent)
        guard persistent else { return .success(message) }
        do {
            return .success(try ChannelMessageStore(connection: database).insert(message))
        } catch {
            return .failure(RealtimeErrorMessage(.runtimeException, "Could not send message"))
        }
    }

    /// Nakama's direct-chat invitation (−1 "<username> wants to chat"), sent when a user joins a direct
    /// channel the other user is not in.
    package func sendDirectChatInvitation(to user: UserID, session: RealtimeSession, database: PGConnection) {
        var generator = SystemRandomNumberGenerator()
        let content = JSONWriter.string(.object(JSONObject([("username", .string(session.claims.username))])))
        let invitation = NotificationRecord(
            id: UUIDValue.random(using: &generator), userID: user, subject: "\(session.claims.username) wants to chat",
            content: content, code: -1, senderID: session.claims.userID, createTime: Timestamp(seconds: API.unixTime()),
            persistent: true)
        do {
            try NotificationSender(connection: database, delivery: notificationDelivery).send([invitation])
        } catch {
            logger.warn("direct chat invitation failed", [("error", "\(error)")])
        }
    }

    /// Updates (code 1) or removes (code 2) one of the session's stored messages.
    package func rewriteChannelMessage(
        channel: ChannelID, messageID: String, code: Int, content: String, session: RealtimeSession,
        database: PGConnection
    ) -> Result<ChannelMessage, RealtimeErrorMessage> {
        guard let id = UUIDValue(messageID) else { return .failure(RealtimeErrorMessage(.badInput, "Invalid message identifier")) }
        do {
            guard let message = try ChannelMessageStore(connection: database).rewrite(
                channel: channel, id: id, sender: session.claims.userID, code: code, content: content)
            else {
                return .failure(RealtimeErrorMessage(.badInput, "Could not find message to \(code == 1 ? "update" : "remove") in channel history"))
            }
            return .success(message)
        } catch {
            return .failure(RealtimeErrorMessage(.runtimeException, "Could not change message"))
        }
    }

    /// The user ids of `status_follow`: valid ids as given plus the users the usernames name.
    package func resolveFollows(
        _ follow: RealtimeRequest.StatusFollow, database: PGConnection
    ) -> Result<[UserID], RealtimeErrorMessage> {
        var ids: [UserID] = []
        for text in follow.userIDs {
            guard let id = UserID(text) else { return .failure(RealtimeErrorMessage(.badInput, "Invalid user identifier")) }
            ids.append(id)
        }
        guard !follow.usernames.contains(where: \.isEmpty) else {
            return .failure(RealtimeErrorMessage(.badInput, "Invalid username"))
        }
        guard !follow.usernames.isEmpty else { return .success(ids) }
        do {
            let named = try UserStore(connection: database).users(ids: [], usernames: follow.usernames)
            return .success(ids + named.map(\.id))
        } catch {
            return .failure(RealtimeErrorMessage(.runtimeException, "Could not look up users"))
        }
    }
}
