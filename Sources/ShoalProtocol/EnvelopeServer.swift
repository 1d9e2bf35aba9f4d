import ShoalJSON

/// A frame the server sends: an event plus, for a direct reply, the cid of the request it answers.
///
/// SDKs route a frame by its cid (present: resolves a pending request; absent: an event), so the cid MUST
/// be set exactly on replies and nil on pushed events. An empty cid is written as no cid, as protojson
/// omits an empty string; an `ack` without a cid is therefore `{}`.
package struct ServerEnvelope: Sendable, Equatable {
    package var cid: String?
    package var event: RealtimeEvent

    package init(cid: String?, event: RealtimeEvent) {
        self.cid = cid
        self.event = event
    }

    /// The reply to a request that carried `cid` (nil when the request had none).
    package static func reply(to cid: String?, _ event: RealtimeEvent) -> ServerEnvelope {
        ServerEnvelope(cid: cid, event: event)
    }

    /// An unsolicited event: never carries a cid.
    package static func push(_ event: RealtimeEvent) -> ServerEnvelope {
        ServerEnvelope(cid: nil, event: event)
    }

    package var json: JSON {
        var object = JSONObject()
        if let cid, !cid.isEmpty { object["cid"] = .string(cid) }
        if let key = event.key, let payload = event.payloadJSON { object[key] = payload }
        return .object(object)
    }

    /// The text frame's bytes.
    package func encoded() -> [UInt8] { JSONWriter.write(json) }
}
