/// Turns the bytes a connection receives, in whatever pieces they arrive, into complete HTTP/1.x
/// requests, rejecting anything ambiguous before it reaches a handler.
///
/// Contract:
/// - Feed bytes as they arrive, then call `next()` until it returns nil. Results are the same however
///   the input is split. Pipelined requests come out one per call, in order.
/// - Held bytes stay within `maxHeaderBytes + maxBodyBytes` plus the last `feed`, as long as the caller
///   drains `next()` after each feed. A Content-Length over the limit fails as soon as the header block
///   is parsed; a chunked body fails as soon as its running total would exceed the limit.
/// - Any error is final: `next()` keeps throwing it and further bytes are dropped. The caller answers
///   with `error.status` and closes.
/// - After a request with `isUpgrade`, no further requests are parsed; the bytes after it (and any fed
///   later) are held, unbounded, until `takeRemainingBytes()` hands them to the upgraded protocol —
///   the caller MUST take them or close.
///
/// Grammar (RFC 9112) as enforced: lines end in CRLF (bare LF or bare CR → 400); empty lines before a
/// request line are skipped; `METHOD SP target SP HTTP/1.x` with a token method and a target that is
/// origin-form (starts with `/`) or `*` for OPTIONS; HTTP/1.1 needs exactly one Host field, HTTP/1.0 at
/// most one; field names are tokens directly followed by `:`; obs-fold and control characters in
/// values → 400; Content-Length is digits only and duplicates must agree; Transfer-Encoding together
/// with Content-Length, on HTTP/1.0, or without `chunked` as the final coding → 400, with any other
/// coding before `chunked` → 501. Chunk extensions are ignored and trailers skipped.
package struct HTTPRequestParser: Sendable {
    private enum Phase: Sendable {
        case head
        case fixedBody(length: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case upgraded
        case failed(HTTPParseError)
    }

    private let limits: HTTPLimits
    private var buffer: [UInt8] = []
    /// Index of the first unconsumed byte in `buffer`; every other position is an offset from it.
    private var start = 0
    private var phase: Phase = .head
    /// Bytes of the current line-oriented section already scanned for line ends.
    private var scanned = 0
    /// Offset where the current line begins (head phase).
    private var lineStart = 0
    /// Trailer bytes consumed so far, counted against `maxHeaderBytes`.
    private var trailerBytes = 0
    /// Skipped leading empty lines: the next request has begun.
    private var sawLeadingEmptyLine = false
    private var pending: HTTPRequest?
    /// Whether `100 Continue` was already offered for the pending request.
    private var continueOffered = false
    private var body: [UInt8] = []

    package init(limits: HTTPLimits = HTTPLimits()) {
        self.limits = limits
    }

    /// Bytes held: unconsumed input plus the body collected so far.
    package var bufferedByteCount: Int { buffer.count - start + body.count }

    /// True once any byte of an unfinished request has arrived, so the caller applies the read
    /// timeout rather than the idle timeout.
    package var isMidRequest: Bool {
        switch phase {
        case .head: buffer.count > start || sawLeadingEmptyLine
        case .fixedBody, .chunkSize, .chunkData, .chunkDataEnd, .trailers: true
        case .upgraded, .failed: false
        }
    }

    package mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard prepareForFeed(), !bytes.isEmpty else { return }
        buffer.append(contentsOf: bytes)
    }

    package mutating func feed(_ bytes: [UInt8]) {
        guard prepareForFeed(), !bytes.isEmpty else { return }
        buffer.append(contentsOf: bytes)
    }

    /// Removes and returns every unconsumed byte. After an upgrade request these are the first bytes
    /// of the new protocol. Anywhere else it discards the progress of a partial request.
    package mutating func takeRemainingBytes() -> [UInt8] {
        let rest = Array(buffer[start...])
        buffer.removeAll(keepingCapacity: false)
        start = 0
        if case .upgraded = phase { return rest }
        if case .failed = phase { return rest }
        resetForNextRequest()
        return rest
    }

    /// The next complete request, or nil when more bytes are needed.
    package mutating func next() throws(HTTPParseError) -> HTTPRequest? {
        do {
            return try step()
        } catch {
            phase = .failed(error)
            buffer = []
            body = []
            start = 0
            pending = nil
            throw error
        }
    }

    // MARK: - Driving the phases

    private mutating func prepareForFeed() -> Bool {
        if case .failed = phase { return false }
        buffer.dropConsumed(&start, minimum: 4096, keepingCapacityUpTo: 64 * 1024)
        return true
    }

    private var available: Int { buffer.count - start }

    private mutating func step() throws(HTTPParseError) -> HTTPRequest? {
        while true {
            switch phase {
            case .failed(let error):
                throw error
            case .upgraded:
                return nil
            case .head:
                guard let headLength = try scanHead() else { return nil }
                let parsed = try buffer.withUnsafeBufferPointer { buf throws(HTTPParseError) in
                    try HTTPHeadParser.parse(UnsafeBufferPointer(rebasing: buf[start..<start + headLength]), limits: limits)
                }
                start += headLength
                scanned = 0
                lineStart = 0
                pending = parsed.request
                switch parsed.framing {
                case .none:
                    return complete()
                case .length(let n):
                    phase = .fixedBody(length: n)
                case .chunked:
                    phase = .chunkSize
                }
            case .fixedBody(let length):
                guard available >= length else { return nil }
                if length > 0 { body = Array(buffer[start..<start + length]) }
                start += length
                return complete()
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
                if available >= 1, buffer[start] != ASCII.cr { throw .badRequest("chunk data not followed by CRLF") }
                if available >= 2, buffer[start + 1] != ASCII.lf { throw .badRequest("chunk data not followed by CRLF") }
                guard available >= 2 else { return nil }
                start += 2
                phase = .chunkSize
            case .trailers:
                guard try scanTrailers() else { return nil }
                return complete()
            }
        }
    }

    /// True once per request whose head asked `Expect: 100-continue` while its body has not fully arrived:
    /// the server should then send the interim `100 Continue` so the client sends the body.
    package mutating func takeExpectsContinue() -> Bool {
        guard !continueOffered, let pending, pending.headers["Expect"]?.lowercased() == "100-continue" else {
            return false
        }
        continueOffered = true
        return true
    }

    private mutating func complete() -> HTTPRequest {
        continueOffered = false
        var request = pending.take()!
        request.body = body
        body = []
        resetForNextRequest()
        if request.isUpgrade { phase = .upgraded }
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.capacity <= 64 * 1024)
            start = 0
        }
        return request
    }

    private mutating func resetForNextRequest() {
        phase = .head
        scanned = 0
        lineStart = 0
        trailerBytes = 0
        sawLeadingEmptyLine = false
        pending = nil
        body = []
    }

    // MARK: - Line scanning

    /// Finds the end of the request head (through its empty line); returns its length, nil if more
    /// bytes are needed.
    private mutating func scanHead() throws(HTTPParseError) -> Int? {
        if scanned == 0 {
            while available > 0 {
                let b = buffer[start]
                if b == ASCII.lf { throw .badRequest("bare LF") }
                guard b == ASCII.cr else { break }
                guard available >= 2 else {
                    sawLeadingEmptyLine = true
                    return nil
                }
                guard buffer[start + 1] == ASCII.lf else { throw .badRequest("bare CR") }
                start += 2
                sawLeadingEmptyLine = true
            }
        }
        let window = min(available, limits.maxHeaderBytes)
        let base = start
        var i = scanned
        var lineBegin = lineStart
        var end: Int?
        var error: HTTPParseError?
        buffer.withUnsafeBufferPointer { buf in
            while i < window {
                if buf[base + i] == ASCII.lf {
                    if i == 0 || buf[base + i - 1] != ASCII.cr {
                        error = .badRequest("bare LF")
                        return
                    }
                    if i - 1 == lineBegin, lineBegin > 0 {
                        end = i + 1
                        return
                    }
                    lineBegin = i + 1
                }
                i += 1
            }
        }
        if let error { throw error }
        if let end { return end }
        scanned = i
        lineStart = lineBegin
        if available >= limits.maxHeaderBytes { throw .headersTooLarge }
        return nil
    }

    /// Finds the next LF within `window` bytes from `scanned`; checks the CR before it.
    private mutating func scanLine(window: Int) throws(HTTPParseError) -> Int? {
        let limit = min(available, window)
        let base = start
        var i = scanned
        let found: Bool = buffer.withUnsafeBufferPointer { buf in
            while i < limit {
                if buf[base + i] == ASCII.lf { return true }
                i += 1
            }
            return false
        }
        guard found else {
            scanned = i
            return nil
        }
        if i == 0 || buffer[start + i - 1] != ASCII.cr { throw .badRequest("bare LF") }
        scanned = 0
        return i
    }

    /// Parses `chunk-size [ chunk-ext ] CRLF`; returns the size, nil if more bytes are needed.
    private mutating func scanChunkSize() throws(HTTPParseError) -> Int? {
        guard let lf = try scanLine(window: limits.maxHeaderBytes) else {
            if available >= limits.maxHeaderBytes { throw .badRequest("chunk size line too long") }
            return nil
        }
        let size: Int
        do {
            size = try ChunkSizeLine.parse(buffer, from: start, to: start + lf - 1, maximum: limits.maxBodyBytes - body.count)
        } catch {
            switch error {
            case .tooLarge: throw .bodyTooLarge
            case .invalidSize: throw .badRequest("invalid chunk size")
            case .invalidExtension: throw .badRequest("invalid chunk extension")
            }
        }
        start += lf + 1
        return size
    }

    /// Skips trailer fields up to the empty line; returns true once it is consumed.
    private mutating func scanTrailers() throws(HTTPParseError) -> Bool {
        while true {
            let window = limits.maxHeaderBytes - trailerBytes
            guard let lf = try scanLine(window: window) else {
                if available >= window { throw .headersTooLarge }
                return false
            }
            let lineLength = lf - 1
            if lineLength > 0 {
                if ASCII.isWhitespace(buffer[start]) { throw .badRequest("obs-fold in trailer") }
                for b in buffer[start..<start + lineLength] where !ASCII.isFieldValueChar(b) {
                    throw .badRequest("invalid character in trailer")
                }
            }
            start += lf + 1
            trailerBytes += lf + 1
            if lineLength == 0 { return true }
        }
    }
}
