/// One complete HTTP/1.x request as the parser hands it to the router: head fields decoded, body
/// de-chunked and connection semantics already worked out.
///
/// `path` and `query` are raw slices of `target` (split at the first `?`, not percent-decoded);
/// decode them with `PercentDecoding` and `URLQuery`.
package struct HTTPRequest: Sendable, Equatable {
    package var method: String
    package var target: String
    package var path: String
    package var query: String
    package var versionMinor: Int
    package var headers: HTTPHeaders
    package var body: [UInt8]
    /// HTTP/1.1: true unless `Connection: close`; HTTP/1.0: true only with `Connection: keep-alive`.
    package var keepAlive: Bool
    /// `Connection: upgrade` and an `Upgrade` field are both present.
    package var isUpgrade: Bool

    package init(
        method: String, target: String, versionMinor: Int = 1, headers: HTTPHeaders = HTTPHeaders(),
        body: [UInt8] = [], keepAlive: Bool = true, isUpgrade: Bool = false
    ) {
        self.method = method
        self.target = target
        if let q = target.utf8.firstIndex(of: ASCII.question) {
            path = String(target[..<q])
            query = String(target[target.index(after: q)...])
        } else {
            path = target
            query = ""
        }
        self.versionMinor = versionMinor
        self.headers = headers
        self.body = body
        self.keepAlive = keepAlive
        self.isUpgrade = isUpgrade
    }
}
