import ShoalAuth
import ShoalConfig
import ShoalCore
import ShoalHTTP
import ShoalJSON
import ShoalPostgres
import ShoalProtocol
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
    }

    package enum Preparation: Sendable {
        case respond(APIResponse)
        case execute(Call)
    }

    package let config: NodeConfig
    package let revocations: RevocationCache
    package let sessions: SessionIssuer
    let routes: [Route]

    package init(config: NodeConfig, revocations: RevocationCache) {
        self.config = config
        self.revocations = revocations
        self.sessions = SessionIssuer(config: config.session)
        self.routes = API.accountRoutes
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
                return .execute(Call(request: request, route: route, session: session, pathParameters: parameters))
            } catch {
                return .respond(errorResponse(error, for: request))
            }
        }
        let error =
            pathMatched
            ? APIError(.unimplemented, "Method Not Allowed") : APIError(.notFound, "Not Found")
        return .respond(errorResponse(error, for: request))
    }

    // MARK: Worker side

    package func execute(_ call: Call, database: PGConnection, now: Int64) -> APIResponse {
        var context = RequestContext(
            request: call.request, session: call.session, pathParameters: call.pathParameters,
            database: database, now: now)
        do {
            let body = try call.route.handler(self, &context)
            var response = APIResponse(status: 200, body: JSONWriter.write(body))
            response.headers.add("Content-Type", "application/json")
            return finish(response, for: call.request)
        } catch {
            return errorResponse(error, for: call.request)
        }
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

    static func bearerToken(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
        let token = parts[1].trimmingSpaces()
        return token.isEmpty ? nil : token
    }
}
