#if canImport(Glibc)
import Glibc
#endif
import ShoalAuth
import ShoalConfig
import ShoalCore
import ShoalHTTP
import ShoalJSON
import ShoalPostgres
import ShoalProtocol
import ShoalLog
import ShoalRuntime
import ShoalStorageRules
import ShoalStore

/// The REST API: one dispatch table, one error mapping. Opens no sockets.
///
/// `prepare` runs on the loop thread (routing, CORS, authentication — all cheap and lock-free but for the
/// revocation cache); `execute` runs on a request worker with that worker's database connection.
package final class API: Sendable {
    /// A routed, authenticated call waiting for a worker.
    package struct Call: Sendable {
        package var request: APIRequest
        package var route: Route
        package var session: SessionClaims?
        package var pathParameters: [String: String]
        /// Identifies the request in logs and in `ctx.trace_id`.
        package var traceID: String
    }

    package enum Preparation: Sendable {
        case respond(APIResponse)
        case execute(Call)
    }

    package let config: NodeConfig
    package let revocations: RevocationCache
    package let sessions: SessionIssuer
    /// What the loaded modules registered; empty when there are none.
    package let registry: RuntimeRegistry
    /// Pushes notifications to connected sessions (none live until the realtime socket provides one).
    package let notificationDelivery: any NotificationDelivery
    /// Users with a live status presence, for `User.online`.
    package let onlineUsers = OnlineUsers()
    let logger: Logger
    let routes: [Route]

    package init(
        config: NodeConfig, revocations: RevocationCache, registry: RuntimeRegistry = RuntimeRegistry(), logger: Logger,
        notificationDelivery: any NotificationDelivery = NoLiveNotificationDelivery()
    ) {
        self.config = config
        self.revocations = revocations
        self.sessions = SessionIssuer(config: config.session)
        self.registry = registry
        self.notificationDelivery = notificationDelivery
        self.logger = logger
        self.routes = API.accountRoutes + API.rpcRoutes + API.storageRoutes + API.friendRoutes
            + API.notificationRoutes + API.channelRoutes + API.groupRoutes
    }

    // MARK: Loop side

    package func prepare(_ request: APIRequest, now: Int64) -> Preparation {
        if let preflight = CORSPolicy.preflight(method: request.method, headers: request.headers) {
            return .respond(preflight)
        }
        let method = request.method == "HEAD" ? "GET" : request.method
        if method == "GET" && request.path == "/" {
            return .respond(finish(APIResponse(status: 200), for: request))
        }
        let segments = request.path.split(separator: "/", omittingEmptySubsequences: true)
        var pathMatched = false
        for route in routes {
            guard let parameters = route.match(segments) else { continue }
            pathMatched = true
            guard route.method == method else { continue }
            do {
                let session = try authenticate(request, mode: route.auth, now: now)
                return .execute(
                    Call(request: request, route: route, session: session, pathParameters: parameters, traceID: API.newTraceID()))
            } catch {
                if route.auth == .rpc { return .respond(finish(rpcErrorResponse(error), for: request)) }
                return .respond(errorResponse(error, for: request))
            }
        }
        let error =
            pathMatched
            ? APIError(.unimplemented, "Method Not Allowed") : APIError(.notFound, "Not Found")
        return .respond(errorResponse(error, for: request))
    }

    // MARK: Worker side

    package func execute(_ call: Call, database: PGConnection, runtime: (any RuntimeInstance)?, now: Int64) -> APIResponse {
        do {
            let route = call.route
            let request = call.request
            if let raw = route.rawHandler {
                var context = RequestContext(
                    request: request, session: call.session, message: WireInput(JSONObject()), database: database,
                    runtime: runtime, now: now, traceID: call.traceID)
                return finish(try raw(self, &context), for: request)
            }
            var message = try route.mapping.message(
                body: request.body, queryValues: { request.query.values($0) }, pathParameters: call.pathParameters)
            let input: JSON? = route.hasRequestMessage ? .object(message) : nil
            var context = RequestContext(
                request: request, session: call.session, message: WireInput(message), database: database,
                runtime: runtime, now: now, traceID: call.traceID)
            if let runtime, registry.hasBefore(route.name) {
                let hookContext = runtimeContext(.before, call: call)
                let result = try runtime.before(route.name.lowercased(), context: hookContext, message: input)
                if route.hasRequestMessage {
                    guard case .object(let rewritten)? = result else {
                        throw APIError(.notFound, "Requested resource was not found.")
                    }
                    message = rewritten
                    context.message = WireInput(message)
                }
            }
            let output = try route.handler(self, &context)
            if let runtime, registry.hasAfter(route.name) {
                do {
                    try runtime.after(
                        route.name.lowercased(), context: runtimeContext(.after, call: call), output: output,
                        input: route.hasRequestMessage ? .object(message) : nil)
                } catch {
                    logger.warn(
                        "after hook failed", [("request", route.name), ("trace_id", call.traceID), ("error", error.message)])
                }
            }
            var response = APIResponse(status: 200, body: JSONWriter.write(output ?? .object(JSONObject())))
            response.headers.add("Content-Type", "application/json")
            return finish(response, for: call.request)
        } catch {
            return errorResponse(error, for: call.request)
        }
    }

    /// The `ctx` module code sees for a REST call (runtime.md §3.1).
    func runtimeContext(_ mode: ExecutionMode, call: Call) -> RuntimeContext {
        runtimeContext(
            mode, claims: call.session, clientAddress: call.request.clientAddress, clientPort: call.request.clientPort,
            traceID: call.traceID)
    }

    /// The one place a `ctx` is filled from a caller: the node, `runtime.env`, the session's user and the peer.
    func runtimeContext(
        _ mode: ExecutionMode, claims: SessionClaims?, clientAddress: String, clientPort: Int, traceID: String
    ) -> RuntimeContext {
        var context = RuntimeContext(executionMode: mode, node: config.name, env: config.runtime.env)
        if let claims {
            context.userID = claims.userID
            context.username = claims.username
            context.vars = claims.vars.isEmpty ? nil : claims.vars
            context.userSessionExp = claims.expiresAt
        }
        context.clientIP = clientAddress
        context.clientPort = String(clientPort)
        context.traceID = traceID
        return context
    }

    /// A random 128-bit id in UUID form.
    static func newTraceID() -> String {
        var generator = SystemRandomNumberGenerator()
        return UUIDValue.random(using: &generator).description
    }

    // MARK: Errors and headers

    /// The one mapping from any thrown error to Nakama's `{code, message}` body and HTTP status.
    package func errorResponse(_ error: any Error, for request: APIRequest) -> APIResponse {
        let apiError = API.apiError(error)
        var response = APIResponse(status: apiError.code.httpStatus, body: JSONWriter.write(ErrorBody.json(apiError)))
        response.headers.add("Content-Type", "application/json")
        if apiError.code == .unauthenticated {
            response.headers.add("WWW-Authenticate", apiError.message)
        }
        return finish(response, for: request)
    }

    static func apiError(_ error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as RuntimeError:
            return APIError(error.code, error.message)
        case let error as StorageRejection:
            return APIError(.invalidArgument, error.message)
        case let error as StoreError:
            switch error.code {
            case .notFound: return APIError(.notFound, "User account not found.")
            case .lastIdentity:
                return APIError(
                    .permissionDenied, "Cannot unlink last account identifier. Check profile exists and is not last link.")
            case .duplicate(let field):
                switch field {
                case .username: return APIError(.alreadyExists, "Username is already in use.")
                case .device: return APIError(.alreadyExists, "Device ID already in use.")
                case .email: return APIError(.alreadyExists, "Email is already in use.")
                case .custom: return APIError(.alreadyExists, "Custom ID is already in use.")
                }
            }
        case let error as PGError where error.isConnectionFailure:
            return APIError(.unavailable, "Database unavailable.")
        default:
            return APIError(.internal, "Internal server error.")
        }
    }

    func finish(_ response: APIResponse, for request: APIRequest) -> APIResponse {
        var response = response
        response.headers.add("Cache-Control", "no-store, no-cache, must-revalidate")
        CORSPolicy.decorate(&response, requestHeaders: request.headers)
        return response
    }

    // MARK: Authentication

    func authenticate(_ request: APIRequest, mode: AuthMode, now: Int64) throws(APIError) -> SessionClaims? {
        switch mode {
        case .none:
            return nil
        case .rpc:
            return try authenticateRPC(request, now: now)
        case .serverKey:
            guard let header = request.headers["Authorization"] else {
                throw APIError(.unauthenticated, "Server key required")
            }
            guard let key = BasicAuth.username(fromHeader: header),
                ConstantTime.equals(Array(key.utf8), Array(config.socket.serverKey.utf8))
            else {
                throw APIError(.unauthenticated, "Server key invalid")
            }
            return nil
        case .session:
            guard let header = request.headers["Authorization"] else {
                throw APIError(.unauthenticated, "Auth token required")
            }
            guard let token = API.bearerToken(header) else {
                throw APIError(.unauthenticated, "Auth token invalid")
            }
            guard let claims = try? sessions.sessionSigner.verify(token, now: now), revocations.isValid(claims) else {
                throw APIError(.unauthenticated, "Auth token invalid")
            }
            return claims
        }
    }

    /// Wall-clock Unix seconds (the shells' clock; cores take `now` as an argument).
    package static func unixTime() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec)
    }

    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingSpaces()
        return token.isEmpty ? nil : token
    }
}
