/// Why a request was rejected, with the HTTP status the server answers before it closes the connection.
///
/// Every case is final for the connection: the parser stays failed and the caller MUST close after
/// writing the response. Messages are fixed texts, never echoes of client bytes.
package enum HTTPParseError: Error, Equatable, Sendable {
    /// Malformed syntax or ambiguous framing (smuggling guards). → 400
    case badRequest(String)
    /// Request line plus headers, or the chunked trailers, exceed `HTTPLimits.maxHeaderBytes`. → 431
    case headersTooLarge
    /// The declared or de-chunked body exceeds `HTTPLimits.maxBodyBytes`. → 400 (Nakama's code 3)
    case bodyTooLarge
    /// Not HTTP/1.0 or HTTP/1.1 (including the HTTP/2 connection preface). → 505
    case unsupportedVersion
    /// A transfer coding other than a final `chunked`, e.g. `gzip, chunked`. → 501
    case notImplemented(String)

    package var status: Int {
        switch self {
        case .badRequest, .bodyTooLarge: 400
        case .headersTooLarge: 431
        case .unsupportedVersion: 505
        case .notImplemented: 501
        }
    }
}
