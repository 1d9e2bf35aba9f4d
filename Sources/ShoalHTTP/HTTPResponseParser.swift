/// Turns the bytes of one HTTP/1.x response, in whatever pieces they arrive, into a complete
/// `HTTPResponse`, so the outbound client frames bodies by RFC 9112 and never holds more than its limits.
///
/// Contract:
/// - One response per parser (the client sends `Connection: close`). Feed bytes as they arrive and call
///   `next()` after each feed until it returns the response; when the peer closes first, call
///   `finish()`. Results are the same however the input is split. Bytes after the response are ignored.
/// - Interim responses (100–199 except 101) are skipped; the final response is returned.
/// - Framing (RFC 9112 §6.3): a response to HEAD (`bodyless`), 1xx, 204 and 304 has no body; with
///   Transfer-Encoding whose final coding is `chunked` the body is de-chunked (Content-Length ignored);
///   with any other Transfer-Encoding, or neither field, the body runs until the peer closes; otherwise
///   Content-Length (digits only, duplicates must agree) gives the length.
/// - Lines end in LF with an optional CR before it, as clients tolerate. Status line is
///   `HTTP/1.x SP 3DIGIT [SP reason]`; field names are tokens directly followed by `:`; obs-fold and
///   control characters in values fail. Chunk extensions are ignored and trailers skipped.
/// - Held bytes stay within `maxHeaderBytes` (status line plus fields, each chunk-size line, the
///   trailers) plus `maxBodyBytes` plus the last `feed`. A Content-Length over the limit fails as soon
///   as the head is parsed; other bodies fail as soon as they would exceed it.
/// - Any error is final: `next()` and `finish()` keep throwing it.
package struct HTTPResponseParser: Sendable {
    /// Why a response could not be read.
    package enum Failure: Error, Equatable, Sendable {
        /// Malformed status line, field or chunk syntax, or an invalid Content-Length.
        case malformed(String)
        /// Status line plus fields, a chunk-size line or the trailers exceed `maxHeaderBytes`.
        case headersTooLarge
        /// The declared or received body exceeds `maxBodyBytes`.
        case bodyTooLarge
        /// The peer closed before the response was complete.
        case truncated
    }

    private enum Phase: Sendable {
        case head
        case fixedBody(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case untilClose
        case done
        case failed(Failure)
    }

    private let limits: HTTPLimits
    private let bodyless: Bool
    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte in `buffer`.
    private var start = 0
    /// Bytes after `start` already scanned for a line end or the end of the head.
    private var scanned = 0
    /// Trailer bytes consumed so far, counted against `maxHeaderBytes`.
    private var trailerBytes = 0
    private var phase: Phase = .head
    private var pending: HTTPResponse?
    private var body: [UInt8] = []

    /// `bodyless` is true when the request was HEAD: the response then has no body whatever it declares.
    package init(limits: HTTPLimits, bodyless: Bool) {
        self.limits = limits
        self.bodyless = bodyless
    }

    package mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard prepareForFeed(), !bytes.isEmpty else { return }
        buffer.append(contentsOf: bytes)
    }

    package mutating func feed(_ bytes: [UInt8]) {
        guard prepareForFeed(), !bytes.isEmpty else { return }
        buffer.append(contentsOf: bytes)
    }

    /// The complete response, returned once; nil while more bytes are needed (and after it was returned).
    package mutating func next() throws(Failure) -> HTTPResponse? {
        do {
            return try step()
        } catch {
            fail(error)
            throw error
        }
    }

    /// The peer closed the connection: completes a body delimited by the close, otherwise throws
    /// `.truncated`. Call after `next()` returned nil for every byte fed.
    package mutating func finish() throws(Failure) -> HTTPResponse {
        do throws(Failure) {
            if let response = try step() { return response }
            if case .untilClose = phase { return complete() }
            throw .truncated
        } catch {
            fail(error)
            throw error
        }
    }

    // MARK: - Driving the phases

    private mutating func fail(_ error: Failure) {
        phase = .failed(error)
        buffer = []
        body = []
        start = 0
        pending = nil
    }

    private mutating func prepareForFeed() -> Bool {
        switch phase {
        case .failed, .done: return false
        default: break
        }
        buffer.dropConsumed(&start, minimum: 4096, keepingCapacityUpTo: .max)
        return true
    }

    private var available: Int { buffer.count - start }

    private mutating func step() throws(Failure) -> HTTPResponse? {
        while true {
            switch phase {
            case .failed(let error):
                throw error
            case .done:
                return nil
            case .head:
                guard let headLength = try scanHead() else { return nil }
                let head = try parseHead(buffer[start..<start + headLength])
                start += headLength
                scanned = 0
                if head.response.status >= 100, head.response.status < 200, head.response.status != 101 { continue }
                pending = head.response
                if bodyless || head.response.status < 200 || head.response.status == 204 || head.response.status == 304 {
                    return complete()
                }
                switch head.framing {
                case .length(0): return complete()
                case .length(let n): phase = .fixedBody(remaining: n)
                case .chunked: phase = .chunkSize
                case .untilClose: phase = .untilClose
                }
            case .fixedBody(let remaining):
                let take = min(remaining, available)
                guard take > 0 else { return nil }
                body.append(contentsOf: buffer[start..<start + take])
                start += take
                if take == remaining { return complete() }
                phase = .fixedBody(remaining: remaining - take)
            case .chunkSize:
                guard let size = try scanChunkSize() else { return nil }
                phase = size == 0 ? .trailers : .chunkData(remaining: size)
            case .chunkData(let remaining):
                let take = min(remaining, available)
                guard take > 0 else { return nil }
                body.append(contentsOf: buffer[start..<start + take])
                start += take
                phase = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
            case .chunkDataEnd:
                guard let lf = try scanLine(window: 2) else {
                    if available >= 2 { throw .malformed("chunk data not followed by CRLF") }
                    return nil
                }
                if lf != 0 && !(lf == 1 && buffer[start] == ASCII.cr) { throw .malformed("chunk data not followed by CRLF") }
                start += lf + 1
                phase = .chunkSize
            case .trailers:
                guard try scanTrailers() else { return nil }
                return complete()
            case .untilClose:
                guard available > 0 else { return nil }
                if available > limits.maxBodyBytes - body.count { throw .bodyTooLarge }
                body.append(contentsOf: buffer[start...])
                start = buffer.count
                return nil
            }
        }
    }

    private mutating func complete() -> HTTPResponse {
        var response = pending.take()!
        response.body = body
        body = []
        buffer = []
        start = 0
        phase = .done
        return response
    }

    // MARK: - Line scanning

    /// Finds the end of the head (through the empty line); returns its length, nil if more bytes are needed.
    private mutating func scanHead() throws(Failure) -> Int? {
        let window = min(available, limits.maxHeaderBytes)
        let base = start
        var i = scanned
        var end: Int?
        buffer.withUnsafeBufferPointer { buf in
            while i < window {
                if buf[base + i] == ASCII.lf {
                    // An empty line: LF directly after the previous LF, or after CR after it.
                    if i >= 1, buf[base + i - 1] == ASCII.lf {
                        end = i + 1
                        return
                    }
                    if i >= 2, buf[base + i - 1] == ASCII.cr, buf[base + i - 2] == ASCII.lf {
                        end = i + 1
                        return
                    }
                }
                i += 1
            }
        }
        if let end { return end }
        // Rescan the last two bytes next time: they may begin the empty line.
        scanned = max(0, i - 2)
        if available >= limits.maxHeaderBytes { throw .headersTooLarge }
        return nil
    }

    /// Offset from `start` of the next LF within `window` bytes, nil if none yet.
    private mutating func scanLine(window: Int) throws(Failure) -> Int? {
        let limit = min(available, window)
        var i = scanned
        while i < limit {
            if buffer[start + i] == ASCII.lf {
                scanned = 0
                return i
            }
            i += 1
        }
        scanned = i
        return nil
    }

    /// Parses `chunk-size [ chunk-ext ] CRLF`; returns the size, nil if more bytes are needed.
    private mutating func scanChunkSize() throws(Failure) -> Int? {
        guard let lf = try scanLine(window: limits.maxHeaderBytes) else {
            if available >= limits.maxHeaderBytes { throw .headersTooLarge }
            return nil
        }
        var lineEnd = start + lf
        if lineEnd > start, buffer[lineEnd - 1] == ASCII.cr { lineEnd -= 1 }
        let size: Int
        do {
            size = try ChunkSizeLine.parse(buffer, from: start, to: lineEnd, maximum: limits.maxBodyBytes - body.count)
        } catch {
            switch error {
            case .tooLarge: throw .bodyTooLarge
            case .invalidSize: throw .malformed("invalid chunk size")
            case .invalidExtension: throw .malformed("invalid chunk extension")
            }
        }
        start += lf + 1
        return size
    }

    /// Skips trailer fields up to the empty line; returns true once it is consumed.
    private mutating func scanTrailers() throws(Failure) -> Bool {
        while true {
            let window = limits.maxHeaderBytes - trailerBytes
            guard let lf = try scanLine(window: window) else {
                if available >= window { throw .headersTooLarge }
                return false
            }
            var lineLength = lf
            if lineLength > 0, buffer[start + lineLength - 1] == ASCII.cr { lineLength -= 1 }
            for b in buffer[start..<start + lineLength] where !ASCII.isFieldValueChar(b) {
                throw .malformed("invalid character in trailer")
            }
            start += lf + 1
            trailerBytes += lf + 1
            if lineLength == 0 { return true }
        }
    }

    // MARK: - The head

    private enum Framing {
        case length(Int)
        case chunked
        case untilClose
    }

    /// Parses the status line and fields of `head` (through its empty line) and decides the framing.
    private func parseHead(_ head: ArraySlice<UInt8>) throws(Failure) -> (response: HTTPResponse, framing: Framing) {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = head.startIndex
        for i in head.indices where head[i] == ASCII.lf {
            var end = i
            if end > lineStart, head[end - 1] == ASCII.cr { end -= 1 }
            lines.append(head[lineStart..<end])
            lineStart = i + 1
        }
        // The last line is the empty one that ends the head.
        let status = try parseStatusLine(lines[0])
        var headers = HTTPHeaders()
        headers.reserveCapacity(lines.count - 2)
        var contentLength: Int?
        var transferCodings: [String] = []
        var transferEncodingSeen = false
        for line in lines[1..<(lines.count - 1)] {
            guard let first = line.first else { throw .malformed("empty header line") }
            if ASCII.isWhitespace(first) { throw .malformed("obs-fold or leading whitespace in header") }
            guard let colon = line.firstIndex(of: ASCII.colon) else { throw .malformed("header without colon") }
            let name = line[line.startIndex..<colon]
            if name.isEmpty { throw .malformed("empty header name") }
            for b in name where !ASCII.isTokenChar(b) { throw .malformed("invalid header name") }
            var valueStart = colon + 1
            var valueEnd = line.endIndex
            while valueStart < valueEnd, ASCII.isWhitespace(line[valueStart]) { valueStart += 1 }
            while valueEnd > valueStart, ASCII.isWhitespace(line[valueEnd - 1]) { valueEnd -= 1 }
            let value = line[valueStart..<valueEnd]
            for b in value where !ASCII.isFieldValueChar(b) { throw .malformed("invalid character in header value") }
            let nameString = String(decoding: name, as: UTF8.self)
            let valueString = String(decoding: value, as: UTF8.self)
            if ASCII.caseInsensitiveEquals(nameString, "content-length") {
                let elements = Self.listElements(value)
                if elements.isEmpty { throw .malformed("invalid Content-Length") }
                for element in elements {
                    guard let n = Self.decimal(element) else { throw .malformed("invalid Content-Length") }
                    if let contentLength, contentLength != n { throw .malformed("conflicting Content-Length") }
                    contentLength = n
                }
            } else if ASCII.caseInsensitiveEquals(nameString, "transfer-encoding") {
                transferEncodingSeen = true
                transferCodings += Self.listElements(value).map { String(decoding: $0, as: UTF8.self) }
            }
            headers.add(nameString, valueString)
        }

        let framing: Framing
        if transferEncodingSeen {
            framing = transferCodings.last.map { ASCII.caseInsensitiveEquals($0, "chunked") } == true ? .chunked : .untilClose
        } else if let contentLength {
            framing = .length(contentLength)
        } else {
            framing = .untilClose
        }
        let bodyExpected = !bodyless && status >= 200 && status != 204 && status != 304
        if bodyExpected, case .length(let n) = framing, n > limits.maxBodyBytes { throw .bodyTooLarge }
        return (HTTPResponse(status: status, headers: headers), framing)
    }

    /// `HTTP/1.x SP 3DIGIT [SP reason]` → the status code.
    private func parseStatusLine(_ line: ArraySlice<UInt8>) throws(Failure) -> Int {
        let bytes = Array(line)
        let prefix = Array("HTTP/1.".utf8)
        guard bytes.count >= 12, bytes[0..<7].elementsEqual(prefix), bytes[7] &- UInt8(ascii: "0") < 10,
              bytes[8] == ASCII.space
        else { throw .malformed("malformed status line") }
        var status = 0
        for b in bytes[9..<12] {
            let d = b &- UInt8(ascii: "0")
            guard d < 10 else { throw .malformed("malformed status code") }
            status = status * 10 + Int(d)
        }
        guard status >= 100 else { throw .malformed("malformed status code") }
        if bytes.count > 12 {
            guard bytes[12] == ASCII.space else { throw .malformed("malformed status line") }
            for b in bytes[13...] where !ASCII.isFieldValueChar(b) { throw .malformed("invalid reason phrase") }
        }
        return status
    }

    /// The non-empty, OWS-trimmed elements of a comma-separated list.
    private static func listElements(_ value: ArraySlice<UInt8>) -> [ArraySlice<UInt8>] {
        value.split(separator: ASCII.comma, omittingEmptySubsequences: true).compactMap { element in
            var lo = element.startIndex
            var hi = element.endIndex
            while lo < hi, ASCII.isWhitespace(element[lo]) { lo += 1 }
            while hi > lo, ASCII.isWhitespace(element[hi - 1]) { hi -= 1 }
            return lo < hi ? element[lo..<hi] : nil
        }
    }

    /// Digits-only decimal; saturates at Int.max. Nil if not all digits.
    private static func decimal(_ s: ArraySlice<UInt8>) -> Int? {
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
}
