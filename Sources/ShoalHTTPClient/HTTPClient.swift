import ShoalHTTP

/// The blocking outbound HTTP/1.1 client behind Lua's `nk.http_request`, so scripts can call external
/// services (receipt validation, webhooks) from a request worker.
///
/// Contract:
/// - `send` blocks the calling thread for up to the request's timeout (≤ 0 → 5000 ms), one deadline
///   for connect, TLS handshake, write and read; DNS resolution is the system resolver's and is only
///   checked against the deadline once it returns. Callers MUST be worker threads, never the I/O loop.
/// - One connection per request, closed afterwards; no pooling, no proxies, no redirects (a 3xx is
///   returned as the response), no content decoding.
/// - Methods GET, POST, PUT, PATCH, DELETE, HEAD (case-insensitive, sent uppercase). The request
///   carries the caller's headers in order, plus `Host` and `User-Agent: shoal` unless given;
///   `Content-Length` is always computed from the body (sent when the body is non-empty or the method is
///   POST, PUT or PATCH) and `Connection: close` always sent, replacing any caller-given
///   Content-Length, Transfer-Encoding or Connection.
/// - The response is framed by `HTTPResponseParser`: Content-Length, chunked, or until close; none for
///   HEAD, 1xx, 204, 304. Bodies over 16 MiB and heads over 64 KiB fail, never grow without bound.
/// - https uses OpenSSL with SNI and, unless `insecure`, certificate verification against the system
///   trust store plus a hostname (or IP) check.
package enum HTTPClient {
    package static let maxResponseBodyBytes = 16 * 1024 * 1024
    package static let maxResponseHeadBytes = 64 * 1024

    private static let methods: Set<String> = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]
    private static let methodsWithContentLength: Set<String> = ["POST", "PUT", "PATCH"]
    private static let replacedHeaders: Set<String> = ["content-length", "transfer-encoding", "connection"]

    package static func send(_ request: OutboundRequest) throws(HTTPClientError) -> OutboundResponse {
        let url = try OutboundURL(request.url)
        let method = String(decoding: request.method.utf8.map { $0 &- UInt8(ascii: "a") < 26 ? $0 - 0x20 : $0 }, as: UTF8.self)
        guard methods.contains(method) else { throw HTTPClientError(.invalidRequest, "invalid method \(request.method)") }
        let head = try serializedHead(request, method: method, url: url)
        let deadline = Deadline(milliseconds: request.effectiveTimeoutMilliseconds)

        let socket = try TCPSocket.connect(host: url.host, port: url.port, deadline: deadline)
        let connection: Connection = url.isTLS
            ? .tls(try TLSStream(socket: socket, host: url.host, insecure: request.insecure, deadline: deadline))
            : .plain(socket)
        try connection.send(head + request.body, deadline: deadline)

        var parser = HTTPResponseParser(
            limits: HTTPLimits(maxHeaderBytes: maxResponseHeadBytes, maxBodyBytes: maxResponseBodyBytes),
            bodyless: method == "HEAD")
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { buffer.deallocate() }
        while true {
            let n = try connection.receive(into: buffer, deadline: deadline)
            let received = n == 0 ? nil : UnsafeRawBufferPointer(rebasing: buffer[0..<n])
            if let response = try parse(received, with: &parser) { return response }
        }
    }

    /// Where the request goes: the socket itself, or a TLS session over it.
    private enum Connection {
        case plain(TCPSocket)
        case tls(TLSStream)

        func send(_ bytes: [UInt8], deadline: Deadline) throws(HTTPClientError) {
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(HTTPClientError) in
                    switch self {
                    case .plain(let socket): try socket.send(raw, deadline: deadline)
                    case .tls(let stream): try stream.send(raw, deadline: deadline)
                    }
                }
            }
            try result.get()
        }

        func receive(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws(HTTPClientError) -> Int {
            switch self {
            case .plain(let socket): try socket.receive(into: buffer, deadline: deadline)
            case .tls(let stream): try stream.receive(into: buffer, deadline: deadline)
            }
        }
    }

    /// Feeds `received` (nil: the peer closed) to the parser; the response once complete.
    private static func parse(
        _ received: UnsafeRawBufferPointer?, with parser: inout HTTPResponseParser
    ) throws(HTTPClientError) -> OutboundResponse? {
        do throws(HTTPResponseParser.Failure) {
            guard let received else { return OutboundResponse(try parser.finish()) }
            parser.feed(received)
            return try parser.next().map(OutboundResponse.init)
        } catch {
            throw describe(error)
        }
    }

    /// Request line and header block, ending with the empty line.
    private static func serializedHead(
        _ request: OutboundRequest, method: String, url: OutboundURL
    ) throws(HTTPClientError) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.append(contentsOf: "\(method) \(url.target) HTTP/1.1\r\n".utf8)
        var hasHost = false
        var hasUserAgent = false
        for (name, value) in request.headers {
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                throw HTTPClientError(.invalidRequest, "invalid header name")
            }
            guard !value.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0 }) else {
                throw HTTPClientError(.invalidRequest, "invalid header value for \(name)")
            }
            let lower = String(decoding: name.utf8.map { $0 &- UInt8(ascii: "A") < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
            if replacedHeaders.contains(lower) { continue }
            if lower == "host" { hasHost = true }
            if lower == "user-agent" { hasUserAgent = true }
            out.append(contentsOf: "\(name): \(value)\r\n".utf8)
        }
        if !hasHost { out.append(contentsOf: "Host: \(url.hostField)\r\n".utf8) }
        if !hasUserAgent { out.append(contentsOf: "User-Agent: shoal\r\n".utf8) }
        if !request.body.isEmpty || methodsWithContentLength.contains(method) {
            out.append(contentsOf: "Content-Length: \(request.body.count)\r\n".utf8)
        }
        out.append(contentsOf: "Connection: close\r\n\r\n".utf8)
        return out
    }

    private static func describe(_ failure: HTTPResponseParser.Failure) -> HTTPClientError {
        switch failure {
        case .malformed(let reason): HTTPClientError(.transport, "malformed response: \(reason)")
        case .headersTooLarge: HTTPClientError(.tooLarge, "response headers larger than \(maxResponseHeadBytes) bytes")
        case .bodyTooLarge: HTTPClientError(.tooLarge, "response body larger than \(maxResponseBodyBytes) bytes")
        case .truncated: HTTPClientError(.transport, "connection closed before the response was complete")
        }
    }

    /// `tchar` from RFC 9110 §5.6.2.
    private static func isTokenByte(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "!#$%&'*+-.^_`|~".utf8.contains(b)
        }
    }
}

extension OutboundResponse {
    init(_ response: HTTPResponse) {
        self.init(status: response.status, headers: response.headers.map { ($0.name, $0.value) }, body: response.body)
    }
}
