import ShoalAuth
import ShoalCore
import ShoalHTTP
import ShoalJSON
import ShoalProtocol
import ShoalRuntime

/// Who is on the other end of a realtime socket; fixed when the socket opens.
package struct RealtimeSession: Sendable, Equatable {
    package var sessionID: String
    package var claims: SessionClaims
    package var clientAddress: String
    package var clientPort: Int
    package var lang: String
    /// `status=true` on connect: the session appears online to followers.
    package var appearsOnline: Bool
}

/// The outcome of a WebSocket upgrade's authentication.
package enum SocketAuthentication: Sendable {
    case accepted(RealtimeSession)
    case refused(APIResponse)
}

/// What the realtime pipeline decided for one client frame.
package enum RealtimeDecision: Sendable {
    /// Answer at once, on the loop.
    case reply(ServerEnvelope)
    /// Needs a worker (module code or the database); run `executeRealtime` there.
    case work(ClientEnvelope)
    /// Close the socket, after sending `envelope` when there is one (Nakama's behaviour for bad frames).
    case close(ServerEnvelope?, reason: String)
    /// Presence work the node's realtime hub does on the loop (relayed matches).
    case route(ClientEnvelope)
}

/// The realtime half of the API: socket authentication and the one dispatch of client envelopes.
extension API {
    /// Checks a `GET /ws` upgrade: the session token (`?token=` or a Bearer header) and `format`.
    /// On refusal the answer is Nakama's plain-text HTTP error, sent before any upgrade.
    package func authenticateSocket(_ request: APIRequest, sessionID: String, now: Int64) -> SocketAuthentication {
        let format = request.query["format"] ?? "json"
        guard format == "json" else {
            return .refused(API.plainText(400, "Invalid format parameter"))
        }
        var token = request.query["token"] ?? ""
        if token.isEmpty, let header = request.headers["Authorization"], let bearer = API.bearerToken(header) {
            token = bearer
        }
        guard !token.isEmpty, let claims = try? sessions.sessionSigner.verify(token, now: now), revocations.isValid(claims)
        else {
            return .refused(API.plainText(401, "Missing or invalid token"))
        }
        let status = (request.query["status"] ?? "false").lowercased()
        return .accepted(
            RealtimeSession(
                sessionID: sessionID, claims: claims, clientAddress: request.clientAddress, clientPort: request.clientPort,
                lang: request.query["lang"] ?? "en", appearsOnline: status == "true" || status == "1"))
    }

    /// Decides what a text frame asks for. Cheap and lock-free: runs on the loop.
    package func realtimeDecision(_ text: [UInt8]) -> RealtimeDecision {
        let envelope: ClientEnvelope
        do {
            envelope = try ClientEnvelope.decode(text)
        } catch {
            if let message = error.errorMessage {
                return .close(.reply(to: error.cid, .error(message)), reason: "bad envelope")
            }
            return .close(nil, reason: "malformed envelope")
        }
        switch envelope.message {
        case .ping:
            return .reply(.reply(to: envelope.cid, .pong))
        case .pong:
            return .reply(.reply(to: envelope.cid, .ack))
        case .rpc:
            return .work(envelope)
        case .matchCreate, .matchJoin, .matchLeave, .matchDataSend, .channelJoin, .channelLeave, .channelMessageSend,
            .statusFollow, .statusUnfollow, .statusUpdate:
            return .route(envelope)
        default:
            return .reply(
                .reply(
                    to: envelope.cid,
                    .error(RealtimeErrorMessage(.runtimeException, "\(envelope.message.key) is not supported yet"))))
        }
    }

    /// Runs a decision's work on a worker with its runtime; returns the reply to send.
    package func executeRealtime(_ envelope: ClientEnvelope, session: RealtimeSession, runtime: (any RuntimeInstance)?)
        -> ServerEnvelope
    {
        switch envelope.message {
        case .rpc(let call):
            let id = call.id.lowercased()
            guard !id.isEmpty else {
                return .reply(to: envelope.cid, .error(RealtimeErrorMessage(.badInput, "RPC ID must be set")))
            }
            guard registry.hasRPC(id), let runtime else {
                return .reply(
                    to: envelope.cid, .error(RealtimeErrorMessage(.runtimeFunctionNotFound, "RPC function not found")))
            }
            var context = RuntimeContext(executionMode: .rpc, node: config.name, env: config.runtime.env)
            context.userID = session.claims.userID
            context.username = session.claims.username
            context.vars = session.claims.vars.isEmpty ? nil : session.claims.vars
            context.userSessionExp = session.claims.expiresAt
            context.sessionID = session.sessionID
            context.lang = session.lang
            context.clientIP = session.clientAddress
            context.clientPort = String(session.clientPort)
            context.traceID = API.newTraceID()
            do {
                let payload = try runtime.rpc(id, context: context, payload: call.payload) ?? ""
                return .reply(to: envelope.cid, .rpc(RealtimeRPC(id: call.id, payload: payload)))
            } catch {
                return .reply(to: envelope.cid, .error(RealtimeErrorMessage(.runtimeFunctionException, error.message)))
            }
        default:
            return .reply(to: envelope.cid, .error(RealtimeErrorMessage(.runtimeException, "unexpected message")))
        }
    }

    /// The match id a matchmaker token names (`{"mid": …, "exp": …}` signed with the session key), or nil.
    package func matchID(fromToken token: String, now: Int64) -> String? {
        guard let claims = try? sessions.sessionSigner.verifyClaims(token, now: now) else { return nil }
        return claims["mid"]?.stringValue
    }

    static func plainText(_ status: Int, _ text: String) -> APIResponse {
        var response = APIResponse(status: status, body: Array(text.utf8))
        response.headers.add("Content-Type", "text/plain; charset=utf-8")
        return response
    }
}
