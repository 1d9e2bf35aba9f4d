import ShoalJSON

/// Nakama's `api.Rpc` as the socket carries it: the `rpc` request a client sends and the `rpc` reply it gets.
///
/// `payload` is opaque text (usually JSON) passed to and returned from the runtime function. `httpKey` is
/// read from requests but ignored by the realtime pipeline (protocol §4.7); replies leave it empty.
package struct RealtimeRPC: Sendable, Equatable {
    package var id: String
    package var payload: String
    package var httpKey: String

    package init(id: String, payload: String = "", httpKey: String = "") {
        self.id = id
        self.payload = payload
        self.httpKey = httpKey
    }

    init(from input: RealtimeInput) throws(EnvelopeError) {
        self.init(
            id: try input.string("id") ?? "", payload: try input.string("payload") ?? "",
            httpKey: try input.string("http_key") ?? "")
    }

    package var json: JSON {
        var out = WireObject()
        out.string("id", id)
        out.string("payload", payload)
        out.string("http_key", httpKey)
        return out.json
    }
}
