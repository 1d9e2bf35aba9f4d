import Dispatch
import ShoalCore
import ShoalJSON
import ShoalLoop
import ShoalProtocol
import ShoalRuntime
import Synchronization

/// `RealtimeStreams` for module code on workers: each call runs on the loop that owns the sockets and the
/// worker waits for its answer (bounded, so a stopping loop cannot hang a worker).
final class HubStreams: RealtimeStreams {
    private let hub = Mutex<LoopBound<RealtimeHub>?>(nil)
    static let waitLimit = DispatchTimeInterval.seconds(5)

    func attach(_ hub: LoopBound<RealtimeHub>) {
        self.hub.withLock { $0 = hub }
    }

    private func onLoop<T: Sendable>(_ otherwise: T, _ body: @escaping @Sendable (RealtimeHub) -> T) -> T {
        guard let bound = hub.withLock({ $0 }) else { return otherwise }
        let result = Mutex<T?>(nil)
        let done = DispatchSemaphore(value: 0)
        bound.loop.execute {
            let value = body(bound.value)
            result.withLock { $0 = value }
            done.signal()
        }
        guard done.wait(timeout: .now() + HubStreams.waitLimit) == .success else { return otherwise }
        return result.withLock { $0 } ?? otherwise
    }

    func join(_ stream: RuntimeStream, user: UserID, session: String, hidden: Bool, persistence: Bool, status: String?)
        throws(RuntimeError) -> Bool
    {
        let joined: Bool? = onLoop(nil) {
            $0.streamTrack(stream, user: user, session: session, meta: (hidden, persistence, status), update: false)
        }
        guard let joined else { throw RuntimeError(.notFound, "session not found") }
        return joined
    }

    func update(_ stream: RuntimeStream, user: UserID, session: String, hidden: Bool, persistence: Bool, status: String?)
        throws(RuntimeError) -> Bool
    {
        let joined: Bool? = onLoop(nil) {
            $0.streamTrack(stream, user: user, session: session, meta: (hidden, persistence, status), update: true)
        }
        guard let joined else { throw RuntimeError(.notFound, "session not found") }
        return joined
    }

    func leave(_ stream: RuntimeStream, user: UserID, session: String) throws(RuntimeError) {
        _ = onLoop(false) { hub -> Bool in
            hub.streamUntrack(stream, session: session)
            return true
        }
    }

    func list(_ stream: RuntimeStream, includeHidden: Bool, includeNotHidden: Bool) -> [StreamPresence] {
        onLoop([]) { $0.streamPresences(stream) }.filter { $0.hidden ? includeHidden : includeNotHidden }
    }

    func get(_ stream: RuntimeStream, user: UserID, session: String) -> StreamPresence? {
        onLoop([]) { $0.streamPresences(stream) }.first { $0.sessionID == session && $0.userID == user.description }
    }

    func count(_ stream: RuntimeStream) -> Int {
        onLoop([]) { $0.streamPresences(stream) }.count
    }

    func close(_ stream: RuntimeStream) {
        _ = onLoop(false) { hub -> Bool in
            hub.streamClose(stream)
            return true
        }
    }

    func send(_ stream: RuntimeStream, data: String, to sessions: [String]?, reliable: Bool) {
        let envelope = ServerEnvelope.push(
            .streamData(
                RealtimeEvent.StreamData(
                    stream: RealtimeStream(mode: stream.mode, subject: stream.subject, subcontext: stream.subcontext, label: stream.label),
                    data: data, reliable: reliable)))
        let text = String(decoding: envelope.encoded(), as: UTF8.self)
        _ = onLoop(false) { hub -> Bool in
            hub.streamSend(stream, text: text, to: sessions)
            return true
        }
    }

    func sendRaw(_ stream: RuntimeStream, envelope: JSON, to sessions: [String]?) {
        let text = JSONWriter.string(envelope)
        _ = onLoop(false) { hub -> Bool in
            hub.streamSend(stream, text: text, to: sessions)
            return true
        }
    }
}
