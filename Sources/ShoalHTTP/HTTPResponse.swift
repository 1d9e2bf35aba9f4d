/// A response to serialise onto the connection, so framing (status line, Content-Length, Connection)
/// is written in one place and handlers only choose status, headers and body.
///
/// `serialized` always writes `Content-Length` computed from `body` (any caller-set Content-Length is
/// ignored), except for 1xx and 204 responses, which MUST NOT carry one (RFC 9110 §8.6). When the
/// connection will close it writes `Connection: close` in place of any caller-set Connection field.
/// CR, LF and NUL in header names or values are replaced by spaces, so a value built from client input
/// can never split the response.
package struct HTTPResponse: Sendable, Equatable {
    package var status: Int
    package var headers: HTTPHeaders
    package var body: [UInt8]

    package init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The bytes to write. `headOnly` (a HEAD request) writes the same headers, including the
    /// Content-Length a GET would get, and no body.
    package func serialized(keepAlive: Bool, headOnly: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + headers.count * 32 + (headOnly ? 0 : body.count))
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        Self.appendDecimal(status, to: &out)
        out.append(ASCII.space)
        out.append(contentsOf: Self.reasonPhrase(status).utf8)
        out.append(ASCII.cr)
        out.append(ASCII.lf)
        for (name, value) in headers {
            if ASCII.caseInsensitiveEquals(name, "content-length") { continue }
            if !keepAlive, ASCII.caseInsensitiveEquals(name, "connection") { continue }
            Self.appendField(name, to: &out)
            out.append(ASCII.colon)
            out.append(ASCII.space)
            Self.appendField(value, to: &out)
            out.append(ASCII.cr)
            out.append(ASCII.lf)
        }
        if !(100...199).contains(status), status != 204 {
            out.append(contentsOf: "Content-Length: ".utf8)
            Self.appendDecimal(body.count, to: &out)
            out.append(ASCII.cr)
            out.append(ASCII.lf)
        }
        if !keepAlive {
            out.append(contentsOf: "Connection: close\r\n".utf8)
        }
        out.append(ASCII.cr)
        out.append(ASCII.lf)
        if !headOnly { out.append(contentsOf: body) }
        return out
    }

    /// The standard reason phrase for `status` (RFC 9110 §15 plus 429/431), "Unknown" otherwise.
    package static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 101: "Switching Protocols"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 206: "Partial Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 304: "Not Modified"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 406: "Not Acceptable"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 410: "Gone"
        case 411: "Length Required"
        case 412: "Precondition Failed"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 417: "Expectation Failed"
        case 422: "Unprocessable Content"
        case 426: "Upgrade Required"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        case 505: "HTTP Version Not Supported"
        default: "Unknown"
        }
    }

    private static func appendField(_ s: String, to out: inout [UInt8]) {
        for b in s.utf8 {
            out.append(b == ASCII.cr || b == ASCII.lf || b == 0 ? ASCII.space : b)
        }
    }

    private static func appendDecimal(_ n: Int, to out: inout [UInt8]) {
        precondition(n >= 0, "status and length are non-negative")
        if n < 10 {
            out.append(UInt8(ascii: "0") + UInt8(n))
            return
        }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var v = n
        withUnsafeMutableBytes(of: &digits) { buf in
            while v > 0 {
                buf[count] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                count += 1
            }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(buf[i]) }
        }
    }
}
