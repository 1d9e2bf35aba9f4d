/// One outbound HTTP request as a Lua `nk.http_request` call describes it, so the binding hands the
/// client plain values and the client owns every wire rule.
///
/// `method` is matched case-insensitively against GET, POST, PUT, PATCH, DELETE and HEAD.
/// `timeoutMilliseconds` ≤ 0 means the default, 5000 ms. `insecure` skips certificate and hostname
/// verification for https. Header names MUST be tokens and values MUST NOT contain CR, LF or NUL,
/// otherwise `HTTPClient.send` fails without connecting.
package struct OutboundRequest: Sendable {
    package static let defaultTimeoutMilliseconds = 5000

    package var url: String
    package var method: String
    package var headers: [(String, String)]
    package var body: [UInt8]
    package var timeoutMilliseconds: Int
    package var insecure: Bool

    package init(
        url: String, method: String = "GET", headers: [(String, String)] = [], body: [UInt8] = [],
        timeoutMilliseconds: Int = OutboundRequest.defaultTimeoutMilliseconds, insecure: Bool = false
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeoutMilliseconds = timeoutMilliseconds
        self.insecure = insecure
    }

    /// The deadline budget actually applied: `timeoutMilliseconds`, or 5000 when it is ≤ 0.
    package var effectiveTimeoutMilliseconds: Int {
        timeoutMilliseconds > 0 ? timeoutMilliseconds : Self.defaultTimeoutMilliseconds
    }
}
