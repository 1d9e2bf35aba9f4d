#if canImport(Glibc)
import Glibc
#endif
import ShoalAPI
import ShoalConfig
import ShoalCore
import ShoalHTTP
import ShoalLog
import ShoalLoop
import ShoalProtocol

/// The node's HTTP listener: accepts connections, owns their `HTTPSession`s, sends API calls to the
/// request workers and routes their answers back. Confined to the loop thread.
final class HTTPServer {
    let api: API
    private let loop: Loop
    private let workers: WorkerPool<RequestWorker>
    private let config: SocketConfig
    private let logger: Logger
    private let limits: HTTPLimits
    private var listener: TCPListener?
    private var sessions: [Int: HTTPSession] = [:]
    private var nextSessionID = 0
    private var sweepTimer: Timer?
    private(set) var isDraining = false
    /// Realtime sockets upgraded from this server's connections.
    private(set) var realtime: RealtimeHub?
    /// HTTP sessions whose connection became a realtime socket, released at the next sweep.
    private var retired: [HTTPSession] = []

    init(api: API, loop: Loop, workers: WorkerPool<RequestWorker>, config: NodeConfig, logger: Logger) {
        self.api = api
        self.loop = loop
        self.workers = workers
        self.config = config.socket
        self.realtime = RealtimeHub(api: api, loop: loop, workers: workers, config: config)
        self.logger = logger
        self.limits = HTTPLimits(maxHeaderBytes: 16 * 1024, maxBodyBytes: config.socket.maxRequestSizeBytes)
    }

    /// Binds and starts accepting; returns the bound port.
    func start(host: String, port: Int) throws -> Int {
        let listener = try TCPListener.listen(on: loop, host: host, port: port) { [unowned self] connection in
            self.accepted(connection)
        }
        self.listener = listener
        let timer = Timer(loop: loop)
        timer.start(afterMilliseconds: 1000, repeatMilliseconds: 1000) { [unowned self] in self.sweep() }
        sweepTimer = timer
        return listener.port
    }

    var openConnectionCount: Int { sessions.count + (realtime?.count ?? 0) }

    /// Hands an upgraded connection to the realtime hub; returns the refusal to send instead, if any.
    func upgrade(_ session: HTTPSession, request: HTTPRequest, leftover: [UInt8]) -> HTTPResponse? {
        guard let realtime, !isDraining else { return HTTPSession.plain(503, "Server is shutting down") }
        if let refusal = realtime.upgrade(request, connection: session.connection, leftover: leftover) {
            return refusal
        }
        // The session is mid-call; keep it alive until the next sweep.
        if let upgraded = sessions.removeValue(forKey: session.id) { retired.append(upgraded) }
        return nil
    }

    private func accepted(_ connection: TCPConnection) {
        guard !isDraining, sessions.count < config.maxConnections else {
            connection.abort()
            return
        }
        let id = nextSessionID
        nextSessionID += 1
        let session = HTTPSession(id: id, connection: connection, server: self, limits: limits, now: loop.now)
        sessions[id] = session
        connection.onRead = { [unowned self, unowned session] bytes in
            session.received(bytes, now: self.loop.now)
        }
        connection.onDrain = { [unowned self, unowned session] in
            session.wroteAll(now: self.loop.now)
        }
        connection.onClose = { [unowned self] in
            self.sessions[id] = nil
        }
    }

    /// Runs an API call on a request worker; the answer comes back to the session on the loop.
    func submit(_ call: API.Call, session: HTTPSession, sequence: UInt64) {
        let api = self.api
        let bound = LoopBound(session, loop: loop)
        let accepted = workers.submit { worker in
            let now = API.unixTime()
            let response: APIResponse
            do {
                response = api.execute(call, database: try worker.database(), runtime: worker.runtime, now: now)
            } catch {
                response = api.errorResponse(APIError(.unavailable, "Database unavailable."), for: call.request)
            }
            let http = response.http
            bound.loop.execute {
                bound.value.complete(sequence: sequence, response: http)
            }
        }
        if !accepted {
            let busy = api.errorResponse(APIError(.resourceExhausted, "Server is busy, try again."), for: call.request)
            session.complete(sequence: sequence, response: busy.http)
        }
    }

    private func sweep() {
        retired.removeAll()
        let now = loop.now
        for session in Array(sessions.values) {
            session.checkTimeouts(
                now: now, readTimeoutMs: UInt64(config.readTimeoutMs), idleTimeoutMs: UInt64(config.idleTimeoutMs),
                writeTimeoutMs: UInt64(config.writeTimeoutMs))
        }
    }

    /// Stops accepting and lets every connection finish what it was asked.
    func beginDrain() {
        isDraining = true
        listener?.close()
        listener = nil
        for session in Array(sessions.values) { session.drain() }
        realtime?.closeAll()
    }

    /// Closes whatever is still open (the grace period is over).
    func closeAll() {
        listener?.close()
        listener = nil
        sweepTimer?.close()
        sweepTimer = nil
        realtime?.closeAll()
        for session in Array(sessions.values) { session.connection.abort() }
    }

    func unixNow() -> Int64 { API.unixTime() }
}
