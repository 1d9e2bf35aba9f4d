/// gRPC status codes, the error vocabulary of Nakama's API; `ShoalAPI` maps them to HTTP statuses.
package enum GRPCCode: Int, Sendable, Hashable {
    case ok = 0
    case cancelled = 1
    case unknown = 2
    case invalidArgument = 3
    case deadlineExceeded = 4
    case notFound = 5
    case alreadyExists = 6
    case permissionDenied = 7
    case resourceExhausted = 8
    case failedPrecondition = 9
    case aborted = 10
    case outOfRange = 11
    case unimplemented = 12
    case `internal` = 13
    case unavailable = 14
    case dataLoss = 15
    case unauthenticated = 16

    /// The HTTP status grpc-gateway answers for this code.
    package var httpStatus: Int {
        switch self {
        case .ok: return 200
        case .cancelled: return 499
        case .unknown: return 500
        case .invalidArgument: return 400
        case .deadlineExceeded: return 504
        case .notFound: return 404
        case .alreadyExists: return 409
        case .permissionDenied: return 403
        case .resourceExhausted: return 429
        case .failedPrecondition: return 400
        case .aborted: return 409
        case .outOfRange: return 400
        case .unimplemented: return 501
        case .internal: return 500
        case .unavailable: return 503
        case .dataLoss: return 500
        case .unauthenticated: return 401
        }
    }
}

/// An error that carries the gRPC code and message a client should see.
package struct APIError: Error, Sendable, Equatable {
    package var code: GRPCCode
    package var message: String
    package init(_ code: GRPCCode, _ message: String) {
        self.code = code
        self.message = message
    }
}
