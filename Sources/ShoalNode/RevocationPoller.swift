import ShoalAPI
import ShoalLoop
import ShoalStore
import Synchronization

/// Pulls session revocations recorded by any node into this node's cache, so a logout on one node is
/// refused on every node within one poll interval. The query runs on a request worker, never the loop.
final class RevocationPoller {
    /// Re-read this far behind the cursor: a writer may commit after a later-stamped row was seen.
    static let overlapMicroseconds: Int64 = 2_000_000

    private let loop: Loop
    private let workers: WorkerPool<RequestWorker>
    private let cache: RevocationCache
    private let intervalMilliseconds: UInt64
    private let gate = PollGate()
    private var timer: Timer?
    private var polls = 0

    init(loop: Loop, workers: WorkerPool<RequestWorker>, cache: RevocationCache, intervalMilliseconds: UInt64) {
        self.loop = loop
        self.workers = workers
        self.cache = cache
        self.intervalMilliseconds = intervalMilliseconds
    }

    func start() {
        let timer = Timer(loop: loop)
        timer.start(afterMilliseconds: intervalMilliseconds, repeatMilliseconds: intervalMilliseconds) { [unowned self] in
            self.poll()
        }
        self.timer = timer
    }

    private func poll() {
        guard gate.enter() else { return }
        polls += 1
        let prune = polls % 120 == 0
        let cache = self.cache
        let gate = self.gate
        let submitted = workers.submit { worker in
            defer { gate.leave() }
            guard let database = try? worker.database() else { return }
            let store = SessionStore(connection: database)
            let now = API.unixTime()
            let since = cache.cursorMicroseconds - RevocationPoller.overlapMicroseconds
            guard let update = try? store.changes(sinceMicroseconds: since, now: now) else { return }
            cache.apply(update.changes)
            cache.advance(cursorMicroseconds: update.cursor)
            if prune {
                cache.prune(now: now)
                try? store.prune(now: now)
            }
        }
        if !submitted { gate.leave() }
    }

}

/// Admits one poll at a time, so a slow database never piles polls onto the workers.
private final class PollGate: Sendable {
    private let busy = Atomic<Bool>(false)
    func enter() -> Bool { !busy.exchange(true, ordering: .acquiringAndReleasing) }
    func leave() { busy.store(false, ordering: .releasing) }
}
