import ShoalLoop

/// A loop-side continuation carried through a worker job.
private final class LoopContinuation<Value> {
    let body: (WebSocketSession, Value) -> Void
    let session: WebSocketSession
    init(_ session: WebSocketSession, _ body: @escaping (WebSocketSession, Value) -> Void) {
        self.session = session
        self.body = body
    }
}

extension RealtimeHub {
    /// Runs `work` on a request worker (database access), then `then` back on the loop if the session is
    /// still open. A full worker queue answers the client with `busy`.
    func onWorker<Value: Sendable>(
        _ session: WebSocketSession, busy: @escaping () -> Void, _ work: @escaping @Sendable (RequestWorker) -> Value,
        then: @escaping (WebSocketSession, Value) -> Void
    ) {
        let continuation = LoopBound(LoopContinuation(session, then), loop: loop)
        let accepted = submitJob { worker in
            let value = work(worker)
            continuation.loop.execute {
                let next = continuation.value
                if !next.session.isClosing { next.body(next.session, value) }
            }
        }
        if !accepted { busy() }
    }
}
