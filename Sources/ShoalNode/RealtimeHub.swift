import ShoalAPI
import ShoalConfig
import ShoalCore
import ShoalCrypto
import ShoalHTTP
import ShoalLoop
import ShoalPresence
import ShoalProtocol

/// Every realtime socket of this node, by session and by user: upgrades connections, routes envelopes
/// to sessions and runs socket work on the request workers. Confined to the loop thread.
final class RealtimeHub {
    let api: API
    let loop: Loop
    private let workers: WorkerPool<RequestWorker>
    private let socket: SocketConfig
    let singleSocket: Bool
    let nodeName: String
    /// Who is on which stream, for every session of the cluster (only this node's outside a cluster).
    var tracker = PresenceTracker()
    /// The other nodes, in a cluster.
    var outbox: (any ClusterOutbox)?
    /// Presence sync parts received from each node, applied when its last part arrives.
    var pendingSyncs: [String: [Presence]] = [:]
    private(set) var sessions: [String: WebSocketSession] = [:]
    /// Status followers: user id → following session ids, and session id → followed user ids.
    var followers: [String: Set<String>] = [:]
    var following: [String: Set<String>] = [:]
    private var keepAliveTimer: Timer?

    var outgoingQueueSize: Int { socket.outgoingQueueSize }
    var count: Int { sessions.count }

    init(api: API, loop: Loop, workers: WorkerPool<RequestWorker>, config: NodeConfig) {
        self.api = api
        self.loop = loop
        self.workers = workers
        self.socket = config.socket
        self.singleSocket = config.session.singleSocket
        self.nodeName = config.name
        let timer = Timer(loop: loop)
        timer.start(afterMilliseconds: 1000, repeatMilliseconds: 1000) { [unowned self] in self.checkKeepAlive() }
        keepAliveTimer = timer
    }

    /// Answers a `GET /ws` upgrade: nil when the socket was opened, else the refusal to send.
    func upgrade(_ request: HTTPRequest, connection: TCPConnection, leftover: [UInt8]) -> HTTPResponse? {
        let apiRequest = APIRequest(request, clientAddress: connection.remoteAddress, clientPort: connection.remotePort)
        var generator = SystemRandomNumberGenerator()
        let sessionID = UUIDValue.random(using: &generator).description
        let info: RealtimeSession
        switch api.authenticateSocket(apiRequest, sessionID: sessionID, now: API.unixTime()) {
        case .refused(let response): return response.http
        case .accepted(let accepted): info = accepted
        }
        let accept: HTTPResponse
        do {
            accept = try WebSocketHandshake.accept(request, sha1: { Digest.sha1($0) })
        } catch {
            return error.response
        }
        connection.write(accept.serialized(keepAlive: true))
        let session = WebSocketSession(
            info: info, connection: connection, hub: self, maxMessageBytes: socket.maxMessageSizeBytes, now: loop.now)
        if singleSocket { closeOtherSockets(of: info.claims.userID, keeping: sessionID) }
        sessions[sessionID] = session
        var mailbox = presence(of: session, in: RealtimeHub.notificationStream(info.claims.userID.description))
        mailbox.meta.hidden = true
        _ = trackLocal(mailbox)
        session.start(leftover: leftover)
        if info.appearsOnline { setStatus(session, "") }
        return nil
    }

    /// A session's connection closed: forget it.
    func closed(_ session: WebSocketSession) {
        let id = session.info.sessionID
        guard sessions.removeValue(forKey: id) != nil else { return }
        // Everything the session held ends with it; the others see it leave.
        broadcast(untrackLocalSession(presenceID(of: session)))
        unfollowAll(session)
    }

    /// Runs socket work (RPCs) on a worker; the reply goes back to the session if it is still open.
    func submit(_ envelope: ClientEnvelope, for session: WebSocketSession) {
        let api = self.api
        let info = session.info
        let bound = LoopBound(session, loop: loop)
        let accepted = workers.submit { worker in
            let reply = api.executeRealtime(envelope, session: info, runtime: worker.runtime)
            bound.loop.execute { bound.value.send(reply) }
        }
        if !accepted {
            session.send(.reply(to: envelope.cid, .error(RealtimeErrorMessage(.runtimeException, "Server is busy, try again."))))
        }
    }

    /// Queues a job on the request workers; false when their queue is full.
    func submitJob(_ job: @escaping @Sendable (RequestWorker) -> Void) -> Bool {
        workers.submit(job)
    }

    /// Pushes notifications to every socket of their recipients, on whichever node it is.
    func deliver(_ notifications: [NotificationRecord]) {
        var byUser: [UserID: [NotificationRecord]] = [:]
        for notification in notifications { byUser[notification.userID, default: []].append(notification) }
        for (user, records) in byUser {
            let targets = tracker.sessions(ofUser: user.description, in: RealtimeHub.notificationStream(user.description))
            guard !targets.isEmpty else { continue }
            deliver(String(decoding: ServerEnvelope.push(.notifications(records)).encoded(), as: UTF8.self), to: targets)
        }
    }

    private func checkKeepAlive() {
        let now = loop.now
        for session in Array(sessions.values) {
            session.checkAlive(
                now: now, pingPeriodMs: UInt64(socket.pingPeriodMs), pongWaitMs: UInt64(socket.pongWaitMs),
                writeWaitMs: UInt64(socket.writeWaitMs))
        }
    }

    /// Node shutdown: every socket gets a going-away close.
    func closeAll() {
        keepAliveTimer?.close()
        keepAliveTimer = nil
        for session in Array(sessions.values) { session.close(.goingAway, "server shutting down") }
    }
}
