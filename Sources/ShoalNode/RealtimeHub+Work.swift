import ShoalAPI
import ShoalLoop
import ShoalPostgres
import ShoalProtocol

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

extension RealtimeHub {
    /// Runs `work` with a worker's database connection, then `then` on the loop with its value. Every failure
    /// (busy workers, no database, the work's own error) is answered to the client as an error reply to `cid`.
    func withDatabase<Value: Sendable>(
        _ session: WebSocketSession, cid: String?,
        _ work: @escaping @Sendable (PGConnection) -> Result<Value, RealtimeErrorMessage>,
        then: @escaping (WebSocketSession, Value) -> Void
    ) {
        onWorker(
            session, busy: { session.send(.reply(to: cid, .error(RealtimeErrorMessage(.runtimeException, "Server is busy")))) },
            { worker -> Result<Value, RealtimeErrorMessage> in
                guard let database = try? worker.database() else {
                    return .failure(RealtimeErrorMessage(.runtimeException, "Database unavailable"))
                }
                return work(database)
            },
            then: { session, result in
                switch result {
                case .failure(let error): session.send(.reply(to: cid, .error(error)))
                case .success(let value): then(session, value)
                }
            })
    }

    /// Runs the message's `register_rt_before` hook on a worker, then carries on with what it returned.
    func runBeforeHook(_ envelope: ClientEnvelope, for session: WebSocketSession) {
        let api = self.api
        let info = session.info
        onWorker(
            session,
            busy: { session.send(.reply(to: envelope.cid, .error(RealtimeErrorMessage(.runtimeException, "Server is busy")))) },
            { worker in api.realtimeBefore(envelope, session: info, runtime: worker.runtime) },
            then: { session, decision in session.dispatch(decision) })
    }

    /// Runs the message's `register_rt_after` hook on a worker; nothing waits for it.
    func runAfterHook(_ input: ClientEnvelope, output: ServerEnvelope?, for session: WebSocketSession) {
        let api = self.api
        let info = session.info
        _ = submitJob { worker in api.realtimeAfter(input, output: output, session: info, runtime: worker.runtime) }
    }
}
