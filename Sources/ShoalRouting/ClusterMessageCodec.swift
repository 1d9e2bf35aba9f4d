import ShoalJSON
import ShoalPresence

/// `ClusterMessage` as link payloads: compact JSON, so a capture of a link reads as text. Decoding is
/// strict: anything malformed is nil, and the caller counts and drops it.
package enum ClusterMessageCodec {
    /// Presences per `presenceSync` part, so a node's sync never needs one huge frame.
    package static let syncPartSize = 500

    package static func encode(_ message: ClusterMessage) -> [UInt8] {
        JSONWriter.write(json(message))
    }

    /// The sync of `presences` as messages of at most `syncPartSize` presences; always at least one.
    package static func syncParts(_ presences: [Presence]) -> [ClusterMessage] {
        guard !presences.isEmpty else { return [.presenceSync([], isLast: true)] }
        return stride(from: 0, to: presences.count, by: syncPartSize).map { start in
            let end = min(start + syncPartSize, presences.count)
            return .presenceSync(Array(presences[start..<end]), isLast: end == presences.count)
        }
    }

    /// The message `sender` sent, its presences stamped with `sender` as their node; nil when malformed.
    package static func decode(_ payload: [UInt8], from sender: String) -> ClusterMessage? {
        guard let json = try? JSONParser.parse(payload), let type = json["t"]?.stringValue else { return nil }
        switch type {
        case "sync":
            guard let items = json["p"]?.arrayValue, let isLast = json["last"]?.boolValue else { return nil }
            var presences: [Presence] = []
            presences.reserveCapacity(items.count)
            for item in items {
                guard let presence = presence(item, node: sender) else { return nil }
                presences.append(presence)
            }
            return .presenceSync(presences, isLast: isLast)
        case "track":
            return json["p"].flatMap { presence($0, node: sender) }.map { .track($0) }
        case "update":
            return json["p"].flatMap { presence($0, node: sender) }.map { .update($0) }
        case "untrack":
            guard let session = json["s"]?.stringValue, let stream = json["st"].flatMap(stream) else { return nil }
            return .untrack(sessionID: session, stream: stream)
        case "closed":
            return json["s"]?.stringValue.map { .sessionClosed(sessionID: $0) }
        case "stream_closed":
            return json["st"].flatMap(stream).map { .streamClosed($0) }
        case "deliver":
            guard let text = json["x"]?.stringValue, let sessions = strings(json["to"]) else { return nil }
            return .deliver(text: text, sessionIDs: sessions)
        case "close":
            guard let sessions = strings(json["to"]), let reason = json["r"]?.stringValue else { return nil }
            return .closeSessions(sessions, reason: reason)
        case "revoked":
            guard let items = json["v"]?.arrayValue else { return nil }
            var revocations: [Revocation] = []
            for item in items {
                guard let revocation = revocation(item) else { return nil }
                revocations.append(revocation)
            }
            return .sessionsRevoked(revocations)
        default:
            return nil
        }
    }

    // MARK: JSON shapes

    static func json(_ message: ClusterMessage) -> JSON {
        var object = JSONObject()
        switch message {
        case .presenceSync(let presences, let isLast):
            object["t"] = "sync"; object["p"] = .array(presences.map(json)); object["last"] = .bool(isLast)
        case .track(let presence):
            object["t"] = "track"; object["p"] = json(presence)
        case .update(let presence):
            object["t"] = "update"; object["p"] = json(presence)
        case .untrack(let session, let stream):
            object["t"] = "untrack"; object["s"] = .string(session); object["st"] = json(stream)
        case .sessionClosed(let session):
            object["t"] = "closed"; object["s"] = .string(session)
        case .streamClosed(let stream):
            object["t"] = "stream_closed"; object["st"] = json(stream)
        case .deliver(let text, let sessions):
            object["t"] = "deliver"; object["x"] = .string(text); object["to"] = .array(sessions.map { .string($0) })
        case .closeSessions(let sessions, let reason):
            object["t"] = "close"; object["to"] = .array(sessions.map { .string($0) }); object["r"] = .string(reason)
        case .sessionsRevoked(let revocations):
            object["t"] = "revoked"; object["v"] = .array(revocations.map(json))
        }
        return .object(object)
    }

    static func json(_ presence: Presence) -> JSON {
        var object = JSONObject()
        object["s"] = .string(presence.id.sessionID)
        object["st"] = json(presence.stream)
        object["u"] = .string(presence.meta.userID)
        object["n"] = .string(presence.meta.username)
        if presence.meta.hidden { object["h"] = .bool(true) }
        if presence.meta.persistence { object["p"] = .bool(true) }
        if let status = presence.meta.status { object["x"] = .string(status) }
        if let format = presence.meta.format { object["f"] = .string(format) }
        return .object(object)
    }

    static func json(_ stream: PresenceStream) -> JSON {
        var object = JSONObject()
        object["m"] = .int(Int64(stream.mode))
        if !stream.subject.isEmpty { object["s"] = .string(stream.subject) }
        if !stream.subcontext.isEmpty { object["c"] = .string(stream.subcontext) }
        if !stream.label.isEmpty { object["l"] = .string(stream.label) }
        return .object(object)
    }

    static func json(_ revocation: Revocation) -> JSON {
        switch revocation {
        case .token(let id, let expiresAt):
            return .object(JSONObject([("k", .string(id)), ("e", .int(expiresAt))]))
        case .userFloor(let userID, let notBefore):
            return .object(JSONObject([("u", .string(userID)), ("nb", .int(notBefore))]))
        }
    }

    static func revocation(_ json: JSON) -> Revocation? {
        if let id = json["k"]?.stringValue, let expiresAt = json["e"]?.intValue, json["u"] == nil {
            return .token(id: id, expiresAt: expiresAt)
        }
        if let user = json["u"]?.stringValue, let notBefore = json["nb"]?.intValue, json["k"] == nil {
            return .userFloor(userID: user, notBefore: notBefore)
        }
        return nil
    }

    static func presence(_ json: JSON, node: String) -> Presence? {
        guard let session = json["s"]?.stringValue, let stream = json["st"].flatMap(stream),
            let user = json["u"]?.stringValue, let username = json["n"]?.stringValue,
            let hidden = optional(json["h"], \.boolValue), let persistence = optional(json["p"], \.boolValue),
            let status = optional(json["x"], \.stringValue), let format = optional(json["f"], \.stringValue)
        else { return nil }
        return Presence(
            id: PresenceID(node: node, sessionID: session), stream: stream,
            meta: PresenceMeta(
                userID: user, username: username, format: format, hidden: hidden ?? false, persistence: persistence ?? false,
                status: status))
    }

    static func stream(_ json: JSON) -> PresenceStream? {
        guard let mode = json["m"]?.intValue, (0...255).contains(mode),
            let subject = optional(json["s"], \.stringValue), let subcontext = optional(json["c"], \.stringValue),
            let label = optional(json["l"], \.stringValue)
        else { return nil }
        return PresenceStream(mode: UInt8(mode), subject: subject ?? "", subcontext: subcontext ?? "", label: label ?? "")
    }

    /// `.some(nil)` for an absent field, `.some(value)` for a present one of the right type, nil otherwise.
    private static func optional<T>(_ json: JSON?, _ value: (JSON) -> T?) -> T?? {
        guard let json else { return .some(nil) }
        return value(json).map { .some($0) }
    }

    private static func strings(_ json: JSON?) -> [String]? {
        guard let items = json?.arrayValue else { return nil }
        var result: [String] = []
        result.reserveCapacity(items.count)
        for item in items {
            guard let text = item.stringValue else { return nil }
            result.append(text)
        }
        return result
    }
}
