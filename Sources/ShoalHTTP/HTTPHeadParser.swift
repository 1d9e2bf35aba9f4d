/// Parses one complete request head (request line, fields, empty line) and decides how the body is
/// framed, so every smuggling and syntax rule lives in one pure function.
///
/// The input is exactly the head as found by `HTTPRequestParser`: every LF is preceded by CR and the
/// last four bytes are CRLF CRLF. Checks run in byte order, then framing checks, so the same head always
/// gives the same error.
enum HTTPHeadParser {
    enum Framing: Equatable {
        case none
        case length(Int)
        case chunked
    }

    struct Result {
        var request: HTTPRequest
        var framing: Framing
    }

    typealias Bytes = UnsafeBufferPointer<UInt8>
    typealias Slice = UnsafeBufferPointer<UInt8>.SubSequence

    static func parse(_ head: Bytes, limits: HTTPLimits) throws(HTTPParseError) -> Result {
        let end = head.count - 2  // drop the final empty line's CRLF
        var lineEnd = lineEndIndex(head, from: 0)
        let (method, target, versionMinor) = try parseRequestLine(head[0..<lineEnd])

        var headers = HTTPHeaders()
        var contentLength: Int?
        var contentLengthSeen = false
        var transferCodings: [Slice] = []
        var transferEncodingSeen = false
        var connectionClose = false
        var connectionKeepAlive = false
        var connectionUpgrade = false
        var upgradeSeen = false
        var hostCount = 0

        var lineStart = lineEnd + 2
        while lineStart < end {
            lineEnd = lineEndIndex(head, from: lineStart)
            let line = head[lineStart..<lineEnd]
            lineStart = lineEnd + 2
            let first = line[line.startIndex]
            if ASCII.isWhitespace(first) { throw .badRequest("obs-fold or leading whitespace in header") }
            var colon = line.startIndex
            while colon < line.endIndex, line[colon] != ASCII.colon {
                let b = line[colon]
                if ASCII.isWhitespace(b) { throw .badRequest("whitespace before colon in header") }
                if !ASCII.isTokenChar(b) { throw .badRequest("invalid header name") }
                colon += 1
            }
            if colon == line.endIndex { throw .badRequest("header without colon") }
            if colon == line.startIndex { throw .badRequest("empty header name") }
            let name = line[line.startIndex..<colon]
            let value = ASCII.trimmed(line[(colon + 1)...])
            for b in value where !ASCII.isFieldValueChar(b) {
                throw .badRequest("invalid character in header value")
            }

            switch name.count {
            case 4 where ASCII.equalsLowercase(name, "host"):
                hostCount += 1
            case 7 where ASCII.equalsLowercase(name, "upgrade"):
                upgradeSeen = true
            case 10 where ASCII.equalsLowercase(name, "connection"):
                forEachListElement(value) { token in
                    if ASCII.equalsLowercase(token, "close") { connectionClose = true }
                    else if ASCII.equalsLowercase(token, "keep-alive") { connectionKeepAlive = true }
                    else if ASCII.equalsLowercase(token, "upgrade") { connectionUpgrade = true }
                }
            case 14 where ASCII.equalsLowercase(name, "content-length"):
                contentLengthSeen = true
                var bad = false
                forEachListElement(value) { element in
                    guard !bad else { return }
                    guard let n = decimal(element) else { bad = true; return }
                    if let existing = contentLength, existing != n { bad = true; return }
                    contentLength = n
                }
                if bad || contentLength == nil { throw .badRequest("invalid Content-Length") }
            case 17 where ASCII.equalsLowercase(name, "transfer-encoding"):
                transferEncodingSeen = true
                forEachListElement(value) { transferCodings.append($0) }
            default:
                break
            }
            headers.add(string(name), string(value))
        }

        if versionMinor == 1, hostCount != 1 { throw .badRequest("HTTP/1.1 requires exactly one Host header") }
        if hostCount > 1 { throw .badRequest("more than one Host header") }

        let framing: Framing
        if transferEncodingSeen {
            if contentLengthSeen { throw .badRequest("both Transfer-Encoding and Content-Length") }
            if versionMinor == 0 { throw .badRequest("Transfer-Encoding in HTTP/1.0") }
            guard let last = transferCodings.last, ASCII.equalsLowercase(last, "chunked") else {
                throw .badRequest("chunked is not the final transfer coding")
            }
            if transferCodings.dropLast().contains(where: { ASCII.equalsLowercase($0, "chunked") }) {
                throw .badRequest("chunked applied more than once")
            }
            if transferCodings.count > 1 { throw .notImplemented("unsupported transfer coding") }
            framing = .chunked
        } else if let contentLength {
            // A Content-Length too large to represent is decimal() == Int.max, also over the limit.
            if contentLength > limits.maxBodyBytes { throw .bodyTooLarge }
            framing = contentLength == 0 ? .none : .length(contentLength)
        } else {
            framing = .none
        }

        let keepAlive = versionMinor == 1 ? !connectionClose : (connectionKeepAlive && !connectionClose)
        let request = HTTPRequest(
            method: method, target: target, versionMinor: versionMinor, headers: headers, body: [],
            keepAlive: keepAlive, isUpgrade: connectionUpgrade && upgradeSeen
        )
        return Result(request: request, framing: framing)
    }

    private static func parseRequestLine(_ line: Slice) throws(HTTPParseError) -> (String, String, Int) {
        var i = line.startIndex
        while i < line.endIndex, line[i] != ASCII.space { i += 1 }
        guard i < line.endIndex else { throw .badRequest("malformed request line") }
        let method = line[line.startIndex..<i]
        i += 1
        let targetStart = i
        while i < line.endIndex, line[i] != ASCII.space { i += 1 }
        guard i < line.endIndex else { throw .badRequest("malformed request line") }
        let target = line[targetStart..<i]
        let version = line[(i + 1)...]

        if method.isEmpty || target.isEmpty { throw .badRequest("malformed request line") }
        let minor = try parseVersion(version)
        for b in method where !ASCII.isTokenChar(b) { throw .badRequest("invalid method") }
        for b in target where b <= ASCII.space || b >= 0x7F { throw .badRequest("invalid request target") }
        let first = target[target.startIndex]
        if first != ASCII.slash {
            let isAsterisk = target.count == 1 && first == ASCII.star && method.elementsEqual("OPTIONS".utf8)
            if !isAsterisk { throw .badRequest("request target must be origin-form") }
        }
        return (string(method), string(target), minor)
    }

    /// `HTTP/1.0` → 0, `HTTP/1.1` → 1; any other `HTTP/d.d` or `HTTP/d` (d ≠ 1) → 505; anything else → 400.
    private static func parseVersion(_ v: Slice) throws(HTTPParseError) -> Int {
        let prefix: StaticString = "HTTP/"
        guard v.count >= 6, v.prefix(5).elementsEqual(UnsafeBufferPointer(start: prefix.utf8Start, count: 5)) else {
            throw .badRequest("malformed HTTP version")
        }
        let rest = v[(v.startIndex + 5)...]
        func isDigit(_ b: UInt8) -> Bool { b &- UInt8(ascii: "0") < 10 }
        let p = rest.startIndex
        if rest.count == 3, isDigit(rest[p]), rest[p + 1] == UInt8(ascii: "."), isDigit(rest[p + 2]) {
            if rest[p] == UInt8(ascii: "1"), rest[p + 2] == UInt8(ascii: "0") { return 0 }
            if rest[p] == UInt8(ascii: "1"), rest[p + 2] == UInt8(ascii: "1") { return 1 }
            throw .unsupportedVersion
        }
        if rest.count == 1, isDigit(rest[p]), rest[p] != UInt8(ascii: "1") { throw .unsupportedVersion }
        throw .badRequest("malformed HTTP version")
    }

    /// Index of the CR that ends the line beginning at `from` (the head guarantees CRLF endings).
    @inline(__always)
    private static func lineEndIndex(_ head: Bytes, from: Int) -> Int {
        var i = from
        while head[i] != ASCII.lf { i += 1 }
        return i - 1
    }

    /// Calls `body` with each non-empty, OWS-trimmed element of a comma-separated list.
    private static func forEachListElement(_ value: Slice, _ body: (Slice) -> Void) {
        var elementStart = value.startIndex
        var i = value.startIndex
        while i <= value.endIndex {
            if i == value.endIndex || value[i] == ASCII.comma {
                let element = ASCII.trimmed(value[elementStart..<i])
                if !element.isEmpty { body(element) }
                elementStart = i + 1
            }
            i += 1
        }
    }

    /// Digits-only decimal; saturates at Int.max. Nil if empty or not all digits.
    private static func decimal(_ s: Slice) -> Int? {
        guard !s.isEmpty else { return nil }
        var n = 0
        for b in s {
            let d = b &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (m, o1) = n.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int(d))
            n = o1 || o2 ? Int.max : a
        }
        return n
    }

    @inline(__always)
    private static func string(_ s: Slice) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: s), as: UTF8.self)
    }
}
