import ShoalAPI
import ShoalCore
import ShoalHTTP
import ShoalJSON
import ShoalLoop
import ShoalProtocol

/// One client TCP connection speaking HTTP/1.1: feeds the parser, hands calls to the API, and writes the
/// answers back in request order (pipelining). Confined to the loop thread.
final class HTTPSession {
    private struct Slot {
        var sequence: UInt64
        var response: HTTPResponse?
        var keepAlive: Bool
        var headOnly: Bool
    }

    let id: Int
    let connection: TCPConnection
    private unowned let server: HTTPServer
    private var parser: HTTPRequestParser
    private var slots: [Slot] = []
    private var nextSequence: UInt64 = 0
    /// No more requests are read: the client asked to close, an error was answered, or the node is draining.
    private(set) var stopReading = false
    private(set) var lastActivity: UInt64
    private var requestStartedAt: UInt64?
    private var readingPaused = false
    /// Set while the parse loop runs, so an answer produced inside it does not re-enter it.
    private var isProcessing = false

    /// Pipelined requests waiting for answers before reading pauses.
    static let maxPipelined = 32
    /// Queued output bytes before reading pauses (back-pressure from a slow reader).
    static let maxPendingWriteBytes = 1 << 20

    init(id: Int, connection: TCPConnection, server: HTTPServer, limits: HTTPLimits, now: UInt64) {
        self.id = id
        self.connection = connection
        self.server = server
        self.parser = HTTPRequestParser(limits: limits)
        self.lastActivity = now
    }

    var isIdle: Bool { slots.isEmpty && !parser.isMidRequest }

    func received(_ bytes: UnsafeRawBufferPointer, now: UInt64) {
        guard !stopReading else { return }
        lastActivity = now
        parser.feed(bytes)
        if requestStartedAt == nil && parser.isMidRequest { requestStartedAt = now }
        processRequests(now: now)
        // A client waiting on `Expect: 100-continue` gets the interim answer when it is next in line.
        if slots.isEmpty, !stopReading, parser.takeExpectsContinue() {
            connection.write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
        }
    }

    /// Parses and dispatches as many complete requests as the pipelining bound allows.
    private func processRequests(now: UInt64) {
        isProcessing = true
        defer { isProcessing = false }
        while !stopReading && slots.count < HTTPSession.maxPipelined {
            let request: HTTPRequest
            do {
                guard let next = try parser.next() else { break }
                request = next
            } catch {
                stopReading = true
                enqueue(HTTPSession.parseErrorResponse(error), keepAlive: false, headOnly: false)
                break
            }
            requestStartedAt = parser.isMidRequest ? now : nil
            if request.isUpgrade {
                stopReading = true
                upgrade(request)
                return
            }
            if !request.keepAlive { stopReading = true }
            dispatch(request)
        }
        updateReading()
    }

    private func dispatch(_ request: HTTPRequest) {
        let sequence = nextSequence
        nextSequence += 1
        let headOnly = request.method == "HEAD"
        slots.append(Slot(sequence: sequence, response: nil, keepAlive: request.keepAlive, headOnly: headOnly))
        let apiRequest = APIRequest(request, clientAddress: connection.remoteAddress, clientPort: connection.remotePort)
        switch server.api.prepare(apiRequest, now: server.unixNow()) {
        case .respond(let response):
            complete(sequence: sequence, response: response.http)
        case .execute(let call):
            server.submit(call, session: self, sequence: sequence)
        }
    }

    /// `GET /ws` becomes a realtime socket once the answers before it are written; anything else is refused.
    private func upgrade(_ request: HTTPRequest) {
        guard request.path == "/ws", request.method == "GET", slots.isEmpty else {
            enqueue(HTTPSession.plain(400, "Bad upgrade request"), keepAlive: false, headOnly: false)
            return
        }
        if let refusal = server.upgrade(self, request: request, leftover: parser.takeRemainingBytes()) {
            enqueue(refusal, keepAlive: false, headOnly: false)
        }
    }

    static func plain(_ status: Int, _ text: String) -> HTTPResponse {
        var headers = HTTPHeaders()
        headers.add("Content-Type", "text/plain; charset=utf-8")
        return HTTPResponse(status: status, headers: headers, body: Array(text.utf8))
    }

    private func enqueue(_ response: HTTPResponse, keepAlive: Bool, headOnly: Bool) {
        let sequence = nextSequence
        nextSequence += 1
        slots.append(Slot(sequence: sequence, response: response, keepAlive: keepAlive, headOnly: headOnly))
        flush()
    }

    /// A worker (or the loop) finished request `sequence`; writes every answer that is now in order.
    func complete(sequence: UInt64, response: HTTPResponse) {
        guard let index = slots.firstIndex(where: { $0.sequence == sequence }) else { return }
        slots[index].response = response
        flush()
    }

    private func flush() {
        while let first = slots.first, let response = first.response {
            slots.removeFirst()
            let closeAfter = !first.keepAlive || (server.isDraining && slots.isEmpty)
            connection.write(response.serialized(keepAlive: !closeAfter, headOnly: first.headOnly))
            if closeAfter {
                stopReading = true
                slots.removeAll()
                connection.close()
                return
            }
        }
        if !isProcessing { processRequests(now: lastActivity) }
    }

    /// Pauses reading while too many answers are pending or too much output is queued.
    func updateReading() {
        guard !connection.isClosed else { return }
        let shouldPause = stopReading || slots.count >= HTTPSession.maxPipelined
            || connection.pendingWriteBytes >= HTTPSession.maxPendingWriteBytes
        if shouldPause && !readingPaused {
            connection.pauseReading()
            readingPaused = true
        } else if !shouldPause && readingPaused {
            connection.resumeReading()
            readingPaused = false
        }
    }

    /// Starts a graceful close: answer what was asked, read nothing more.
    func drain() {
        stopReading = true
        if slots.isEmpty { connection.close() } else { updateReading() }
    }

    /// Closes connections that stalled mid-request past the read timeout or sat idle past the idle timeout.
    func checkTimeouts(now: UInt64, readTimeoutMs: UInt64, idleTimeoutMs: UInt64, writeTimeoutMs: UInt64) {
        if let started = requestStartedAt, parser.isMidRequest, now &- started > readTimeoutMs {
            connection.abort()
        } else if isIdle && now &- lastActivity > idleTimeoutMs {
            connection.close()
        } else if connection.pendingWriteBytes > 0 && now &- lastActivity > writeTimeoutMs {
            connection.abort()
        }
    }

    func wroteAll(now: UInt64) {
        lastActivity = now
        updateReading()
    }

    static func parseErrorResponse(_ error: HTTPParseError) -> HTTPResponse {
        let apiError: APIError
        switch error {
        case .bodyTooLarge: apiError = APIError(.invalidArgument, "http: request body too large")
        case .headersTooLarge: apiError = APIError(.invalidArgument, "Request header fields too large")
        case .badRequest(let reason): apiError = APIError(.invalidArgument, "Bad request: \(reason)")
        case .unsupportedVersion: apiError = APIError(.invalidArgument, "HTTP version not supported")
        case .notImplemented(let reason): apiError = APIError(.unimplemented, reason)
        }
        var headers = HTTPHeaders()
        headers.add("Content-Type", "application/json")
        return HTTPResponse(status: error.status, headers: headers, body: JSONWriter.write(ErrorBody.json(apiError)))
    }
}
