import ShoalHTTPClient
import ShoalLua

extension NakamaLibrary {
    /// `http_request(url, method, headers, body?, timeout_ms?, insecure?) → code, headers, body`
    /// (runtime.md §2.3). Blocks this worker only, bounded by the timeout (≤ 0 means 5000 ms).
    static func http() -> [String: LuaHostFunction] {
        [
            "http_request": { arguments in
                let url = try arguments.string(1)
                let method = try arguments.string(2).uppercased()
                guard ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"].contains(method) else {
                    throw fail("bad argument #2 to 'http_request' (expects method to be one of GET, POST, PUT, PATCH, DELETE, HEAD)")
                }
                var headers: [(String, String)] = []
                for (key, value) in try arguments.table(3).hash {
                    guard let name = key.stringValue, let text = value.stringValue else {
                        throw fail("bad argument #3 to 'http_request' (expects headers to be a table of strings)")
                    }
                    headers.append((name, text))
                }
                let request = OutboundRequest(
                    url: url, method: method, headers: headers, body: arguments.isNil(4) ? [] : try arguments.bytes(4),
                    timeoutMilliseconds: try arguments.optionalInteger(5) ?? 0, insecure: try arguments.optionalBool(6) ?? false)
                let response: OutboundResponse
                do {
                    response = try HTTPClient.send(request)
                } catch {
                    throw fail("error sending http request: \(error)")
                }
                // One value per header, the first, under Go's canonical spelling (Content-Type).
                var responseHeaders = LuaTable()
                for (name, value) in response.headers {
                    let canonical = canonicalHeaderName(name)
                    if responseHeaders[canonical] == .nil { responseHeaders[canonical] = LuaValue(value) }
                }
                return [LuaValue(response.status), .table(responseHeaders), .string(response.body)]
            },
        ]
    }

    /// `content-type` → `Content-Type`, as Go's `textproto.CanonicalMIMEHeaderKey` writes header names.
    static func canonicalHeaderName(_ name: String) -> String {
        var out = ""
        var upper = true
        for character in name {
            out += upper ? character.uppercased() : character.lowercased()
            upper = character == "-"
        }
        return out
    }
}
