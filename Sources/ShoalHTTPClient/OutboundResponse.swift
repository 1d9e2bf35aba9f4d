/// The final response to an `OutboundRequest`, as the Lua binding turns it into `code, headers, body`.
///
/// `headers` are in wire order with their original spelling, repeated names kept (the binding picks
/// the first value per name). `body` is de-chunked; it is empty for HEAD, 1xx, 204 and 304, and at
/// most 16 MiB. A 3xx is returned as is: redirects are not followed.
package struct OutboundResponse: Sendable {
    package var status: Int
    package var headers: [(String, String)]
    package var body: [UInt8]

    package init(status: Int, headers: [(String, String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of `name`, compared ASCII case-insensitively, or nil.
    package func header(_ name: String) -> String? {
        let wanted = Self.lowercased(name)
        return headers.first { Self.lowercased($0.0) == wanted }?.1
    }

    private static func lowercased(_ s: String) -> [UInt8] {
        s.utf8.map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }
    }
}
