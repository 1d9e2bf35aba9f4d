import ShoalAuth
import ShoalCore
import ShoalPostgres

/// Everything a handler may use for one request, on the worker thread that runs it.
package struct RequestContext {
    package var request: APIRequest
    /// The caller's verified session, for routes that need one.
    package var session: SessionClaims?
    /// Path parameters by name, percent-decoded.
    package var pathParameters: [String: String]
    package var database: PGConnection
    package var now: Int64

    /// The caller's user id; only routes with session auth call this.
    package var userID: UserID {
        get throws(APIError) {
            guard let session else { throw APIError(.unauthenticated, "Auth token required") }
            return session.userID
        }
    }
}
