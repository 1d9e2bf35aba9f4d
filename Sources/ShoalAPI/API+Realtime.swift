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

extension RealtimeDecision {
    /// The client envelope a decision carries on (hooks see it), if any.
    package var envelope: ClientEnvelope? {
        switch self {
        case .work(let envelope), .route(let envelope): return envelope
        case .reply, .close: return nil
        }
    }
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

    /// Decodes a text frame and decides what it asks for. Cheap and lock-free: runs on the loop.
    package func realtimeDecision(_ text: [UInt8]) -> RealtimeDecision {
        do {
            return realtimeDecision(for: try ClientEnvelope.decode(text))
        } catch {
            if let message = error.errorMessage {
                return .close(.reply(to: error.cid, .error(message)), reason: "bad envelope")
            }
            return .close(nil, reason: "malformed envelope")
        }
    }

    /// What a decoded envelope needs.
    package func realtimeDecision(for envelope: ClientEnvelope) -> RealtimeDecision {
        switch envelope.message {
        case .ping, .pong:
            return .route(envelope)
        case .rpc:
            return .work(envelope)
        case .matchCreate, .matchJoin, .matchLeave, .matchDataSend, .channelJoin, .channelLeave, .channelMessageSend,
            .channelMessageUpdate, .channelMessageRemove, .statusFollow, .statusUnfollow, .statusUpdate:
            return .route(envelope)
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
            let context = realtimeContext(.rpc, session: session)
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

    /// The `ctx` of realtime hooks: the socket's user and session.
    package func realtimeContext(_ mode: ExecutionMode, session: RealtimeSession) -> RuntimeContext {
        var context = runtimeContext(
            mode, claims: session.claims, clientAddress: session.clientAddress, clientPort: session.clientPort,
            traceID: API.newTraceID())
        context.sessionID = session.sessionID
        context.lang = session.lang
        return context
    }

    /// Runs `register_rt_before` for an envelope on a worker (runtime.md §4.3): the hook's envelope goes on;
    /// nil answers UNRECOGNIZED_PAYLOAD "Requested resource was not found." and closes the socket; an error
    /// answers RUNTIME_FUNCTION_EXCEPTION and the socket stays open.
    package func realtimeBefore(_ envelope: ClientEnvelope, session: RealtimeSession, runtime: (any RuntimeInstance)?)
        -> RealtimeDecision
    {
        guard let name = envelope.message.hookName, let runtime else { return realtimeDecision(for: envelope) }
        do {
            guard let result = try runtime.realtimeBefore(
                name.lowercased(), context: realtimeContext(.before, session: session), envelope: envelope.json)
            else {
                return .close(
                    .reply(to: envelope.cid, .error(RealtimeErrorMessage(.unrecognizedPayload, "Requested resource was not found."))),
                    reason: "rejected by a before hook")
            }
            return realtimeDecision(for: try ClientEnvelope(json: result))
        } catch let error as RuntimeError {
            return .reply(.reply(to: envelope.cid, .error(RealtimeErrorMessage(.runtimeFunctionException, error.message))))
        } catch {
            return .reply(
                .reply(to: envelope.cid, .error(RealtimeErrorMessage(.runtimeFunctionException, "Could not complete runtime Before function."))))
        }
    }

    /// Runs `register_rt_after` with the reply sent and the processed envelope; errors are only logged.
    package func realtimeAfter(
        _ input: ClientEnvelope, output: ServerEnvelope?, session: RealtimeSession, runtime: (any RuntimeInstance)?
    ) {
        guard let name = input.message.hookName, let runtime else { return }
        do {
            try runtime.realtimeAfter(
                name.lowercased(), context: realtimeContext(.after, session: session), output: output?.json,
                input: input.json)
        } catch {
            logger.warn("realtime after hook failed", [("message", name), ("error", error.message)])
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
