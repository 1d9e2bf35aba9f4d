import ShoalHTTP

/// Nakama's open CORS policy: any origin; Authorization, Content-Type and User-Agent headers;
/// GET, HEAD, POST, PUT and DELETE. Pure: request headers in, response headers out.
package enum CORSPolicy {
    static let allowedMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "DELETE"]
    static let allowedHeaders: Set<String> = [
        "authorization", "content-type", "user-agent", "accept", "accept-language", "content-language", "origin",
    ]

    /// The answer to a preflight (`OPTIONS` with `Origin`), or nil when the request is not one.
    package static func preflight(method: String, headers: HTTPHeaders) -> APIResponse? {
        guard method == "OPTIONS", headers["Origin"] != nil else { return nil }
        let requestedMethod = headers["Access-Control-Request-Method"] ?? ""
        guard allowedMethods.contains(requestedMethod) else { return APIResponse(status: 405) }
        let requestedHeaders = (headers["Access-Control-Request-Headers"] ?? "")
            .split(separator: ",").map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
        guard requestedHeaders.allSatisfy({ allowedHeaders.contains($0.lowercased()) }) else {
            return APIResponse(status: 403)
        }
        var out = HTTPHeaders()
        out.add("Access-Control-Allow-Origin", "*")
        out.add("Access-Control-Allow-Methods", requestedMethod)
        if !requestedHeaders.isEmpty {
            out.add("Access-Control-Allow-Headers", requestedHeaders.joined(separator: ","))
        }
        return APIResponse(status: 200, headers: out)
    }

    /// Adds the simple-request header when the caller sent an `Origin`.
    package static func decorate(_ response: inout APIResponse, requestHeaders: HTTPHeaders) {
        if requestHeaders["Origin"] != nil {
            response.headers.add("Access-Control-Allow-Origin", "*")
        }
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        var slice = self[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
