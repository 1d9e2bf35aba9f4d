import ShoalAPI
import ShoalHTTP
import ShoalLoop
import ShoalProtocol

/// One realtime socket after the upgrade: decodes frames, runs the realtime pipeline, and writes envelopes
/// with a bounded outbox. Confined to the loop thread.
final class WebSocketSession {
    let info: RealtimeSession
    let connection: TCPConnection
    private unowned let hub: RealtimeHub
    private var reader: WebSocketReader
    private(set) var lastReceived: UInt64
    private var lastPing: UInt64
    /// Frames written since the socket last drained: Nakama's outgoing queue, bounded by `outgoing_queue_size`.
    private var queuedFrames = 0
    private(set) var isClosing = false
    /// When a graceful close began (loop time), so a stuck peer can be cut off.
    private var closingSince: UInt64?
    /// Envelopes whose after hook waits for their reply, by cid.
    private var awaitingAfterHook: [String: ClientEnvelope] = [:]

    init(info: RealtimeSession, connection: TCPConnection, hub: RealtimeHub, maxMessageBytes: Int, now: UInt64) {
        self.info = info
        self.connection = connection
        self.hub = hub
        self.reader = WebSocketReader(maxMessageBytes: maxMessageBytes)
        self.lastReceived = now
        self.lastPing = now
    }

    /// Takes over the connection's callbacks and reads the bytes that followed the upgrade request.
    func start(leftover: [UInt8]) {
        connection.onRead = { [unowned self] bytes in
            self.received(bytes)
        }
        connection.onDrain = { [unowned self] in
            self.queuedFrames = 0
        }
        connection.onClose = { [unowned self] in
            self.isClosing = true
            self.hub.closed(self)
        }
        if !leftover.isEmpty { leftover.withUnsafeBytes { received($0) } }
    }

    private func received(_ bytes: UnsafeRawBufferPointer) {
        guard !isClosing else { return }
        lastReceived = hub.loop.now
        reader.feed(bytes)
        do {
            while !isClosing, let message = try reader.next() {
                handle(message)
            }
        } catch {
            close(error.closeCode, error.reason)
        }
    }

    private func handle(_ message: WebSocketMessage) {
        switch message {
        case .text(let text):
            let decision = hub.api.realtimeDecision(Array(text.utf8))
            if let envelope = decision.envelope, let name = envelope.message.hookName,
                hub.api.registry.hasRealtimeBefore(name)
            {
                hub.runBeforeHook(envelope, for: self)
            } else {
                dispatch(decision)
            }
        case .binary:
            close(.unsupported, "binary frames are not accepted with format=json")
        case .ping(let payload):
            write(.pong(payload))
        case .pong:
            break
        case .close:
            close(.normal, "")
        }
    }

    /// Acts on a pipeline decision, arming the message's after hook when one is registered.
    func dispatch(_ decision: RealtimeDecision) {
        var afterHookWithoutReply: ClientEnvelope?
        if let envelope = decision.envelope, let name = envelope.message.hookName, hub.api.registry.hasRealtimeAfter(name) {
            if let cid = envelope.cid {
                awaitingAfterHook[cid] = envelope
            } else {
                afterHookWithoutReply = envelope
            }
        }
        defer {
            if let envelope = afterHookWithoutReply { hub.runAfterHook(envelope, output: nil, for: self) }
        }
        switch decision {
        case .reply(let envelope):
            send(envelope)
        case .work(let envelope):
            hub.submit(envelope, for: self)
        case .route(let envelope):
            hub.route(envelope, from: self)
        case .close(let envelope, let reason):
            if let envelope { send(envelope) }
            close(.normal, reason)
        }
    }

    /// Queues an envelope; a client that lets `outgoing_queue_size` frames pile up is disconnected.
    func send(_ envelope: ServerEnvelope) {
        guard !isClosing else { return }
        if let cid = envelope.cid, let input = awaitingAfterHook.removeValue(forKey: cid) {
            // After hooks run only when the message succeeded.
            if case .error = envelope.event {} else { hub.runAfterHook(input, output: envelope, for: self) }
        }
        sendFrame(WebSocketSession.frame(envelope))
    }

    /// Queues a ready WebSocket frame: broadcasts encode an event once and hand every member the same bytes.
    func sendFrame(_ frame: [UInt8]) {
        guard !isClosing else { return }
        queuedFrames += 1
        if queuedFrames > hub.outgoingQueueSize {
            close(.policy, "outgoing queue full")
            return
        }
        connection.write(frame)
    }

    static func textFrame(_ text: String) -> [UInt8] { WebSocketWriter.frame(.text(text)) }

    static func frame(_ envelope: ServerEnvelope) -> [UInt8] {
        textFrame(String(decoding: envelope.encoded(), as: UTF8.self))
    }

    private func write(_ message: WebSocketMessage) {
        connection.write(WebSocketWriter.frame(message))
    }

    /// Sends a close frame and closes once it is written.
    func close(_ code: WebSocketCloseCode, _ reason: String) {
        guard !isClosing else { return }
        write(.close(code: code.rawValue, reason: reason))
        isClosing = true
        closingSince = hub.loop.now
        connection.close()
    }

    /// Keep-alive: a ping after `ping_period_ms` of silence; a peer silent past `pong_wait_ms` is dropped.
    func checkAlive(now: UInt64, pingPeriodMs: UInt64, pongWaitMs: UInt64, writeWaitMs: UInt64) {
        if let since = closingSince {
            // A peer that stopped reading cannot hold a closing socket (and its unsent bytes) for long.
            if now &- since > writeWaitMs { connection.abort() }
            return
        }
        guard !isClosing else { return }
        if now &- lastReceived > pongWaitMs {
            isClosing = true
            connection.abort()
        } else if now &- lastReceived >= pingPeriodMs && now &- lastPing >= pingPeriodMs {
            lastPing = now
            write(.ping([]))
        }
    }
}
