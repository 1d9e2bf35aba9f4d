/// Why a client's realtime frame could not become a request, so the pipeline can pick Nakama's answer:
/// close the socket, or send an error envelope and then close.
///
/// `malformed` covers text that is not a JSON object, a wrongly typed field (including `cid`), a message
/// value that is not an object, two message keys in one envelope and an undecodable `bytes` field; Nakama
/// closes the socket without replying. The other two cases carry the envelope's `cid` so the error
/// envelope can echo it; `errorMessage` gives that envelope's body.
package enum EnvelopeError: Error, Sendable, Equatable {
    case malformed(String)
    /// The envelope names no message: error code 2 MISSING_PAYLOAD.
    case missingPayload(cid: String?)
    /// The envelope names a Nakama message this server does not handle (a party or matchmaker message, or
    /// a server-only message sent by the client): error code 1 UNRECOGNIZED_PAYLOAD.
    case unrecognizedPayload(key: String, cid: String?)

    /// The error envelope Nakama sends before closing; nil when it closes without replying.
    package var errorMessage: RealtimeErrorMessage? {
        switch self {
        case .malformed: nil
        case .missingPayload: RealtimeErrorMessage(.missingPayload, "Missing message.")
        case .unrecognizedPayload: RealtimeErrorMessage(.unrecognizedPayload, "Unrecognized message.")
        }
    }

    /// The `cid` to echo on the error envelope.
    package var cid: String? {
        switch self {
        case .malformed: nil
        case .missingPayload(let cid), .unrecognizedPayload(_, let cid): cid
        }
    }
}
