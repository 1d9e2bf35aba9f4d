import ShoalAuth
import ShoalCore
import ShoalPostgres
import ShoalProtocol
import ShoalRuntime

/// Everything a handler may use for one request, on the worker thread that runs it.
package struct RequestContext {
    package var request: APIRequest
    /// The caller's verified session, for routes that need one.
    package var session: SessionClaims?
    /// The request message (body, query and path parameters, after any before hook).
    package var message: WireInput
    package var database: PGConnection
    /// The worker's runtime, when modules are loaded.
    package var runtime: (any RuntimeInstance)?
    package var now: Int64
    package var traceID: String

    /// The caller's user id; only routes with session auth call this.
    package var userID: UserID {
        get throws(APIError) {
            guard let session else { throw APIError(.unauthenticated, "Auth token required") }
            return session.userID
        }
    }
}
