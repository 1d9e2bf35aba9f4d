#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A fixed set of named threads for blocking work (SQL, Lua, bcrypt) that must never run on a loop,
/// each thread owning a `Context` (e.g. a PostgreSQL connection or a Lua state) that only it touches.
///
/// Contract:
/// - Each thread calls `makeContext(index)` once, on itself, before its first job, and passes that
///   same context to every job it runs; contexts never cross threads.
/// - Jobs run exactly once, in submission order per pool (several threads may run jobs concurrently).
/// - At most `queueLimit` jobs wait (running ones excluded). `submit` returns false and queues nothing
///   when the queue is full or the pool is shutting down; callers answer `RESOURCE_EXHAUSTED`.
/// - Results go back to a loop with `Loop.execute`.
/// - `shutdown()` MUST be called (not from one of the pool's threads): it refuses new jobs, runs every
///   queued job, then joins the threads. It blocks its caller; on a loop thread it deadlocks if a job
///   is blocked in that loop's full `execute` queue, so a node shuts pools down before stopping loops.
package final class WorkerPool<Context>: @unchecked Sendable {
    package let name: String
    package let queueLimit: Int

    // Guarded by `lock`.
    private let lock = ConditionLock()
    private var jobs: [(@Sendable (Context) -> Void)?] = []
    private var head = 0
    private var accepting = true

    private var threads: [pthread_t] = []

    package init(name: String, threads: Int, queueLimit: Int, makeContext: @escaping @Sendable (Int) -> Context) {
        precondition(threads > 0 && queueLimit > 0, "a worker pool needs at least one thread and one queue slot")
        self.name = name
        self.queueLimit = queueLimit
        for index in 0..<threads {
            let threadName = String("\(name)-\(index)".utf8.prefix(15))!
            let start = ThreadStart { [self] in
                nameCurrentThread(threadName)
                self.work(context: makeContext(index))
            }
            var thread = pthread_t()
            let status = pthread_create(&thread, nil, { argument in
                Unmanaged<ThreadStart>.fromOpaque(argument!).takeRetainedValue().body()
                return nil
            }, Unmanaged.passRetained(start).toOpaque())
            precondition(status == 0, "pthread_create failed for worker \(threadName): \(status)")
            self.threads.append(thread)
        }
    }

    /// Queues `job`; false (nothing queued) when `queueLimit` jobs already wait or after `shutdown()`.
    package func submit(_ job: @escaping @Sendable (Context) -> Void) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard accepting, jobs.count - head < queueLimit else { return false }
        jobs.append(job)
        lock.signal()
        return true
    }

    /// Jobs waiting for a thread (not counting running ones).
    package var queuedCount: Int { lock.withLock { jobs.count - head } }

    /// Refuses new jobs, lets the threads finish every queued job, and joins them. Idempotent.
    package func shutdown() {
        let joining: [pthread_t] = lock.withLock {
            accepting = false
            lock.broadcast()
            defer { threads = [] }
            return threads
        }
        for thread in joining {
            precondition(pthread_equal(thread, pthread_self()) == 0, "WorkerPool.shutdown() called from its own worker")
            pthread_join(thread, nil)
        }
    }

    private func work(context: Context) {
        while let job = nextJob() {
            job(context)
        }
    }

    /// Blocks until a job is available; nil once the pool is shutting down and the queue is empty.
    private func nextJob() -> (@Sendable (Context) -> Void)? {
        lock.lock()
        defer { lock.unlock() }
        while head == jobs.count {
            guard accepting else { return nil }
            lock.wait()
        }
        let job = jobs[head]
        jobs[head] = nil
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}

/// Names the calling thread (shown by `top -H`, `gdb`, `/proc`); best effort. Glibc's
/// `pthread_setname_np` is not visible to Swift without `_GNU_SOURCE`, so this writes the same file.
private func nameCurrentThread(_ name: String) {
    #if os(Linux)
    let file = open("/proc/thread-self/comm", O_WRONLY)
    guard file >= 0 else { return }
    _ = Array(name.utf8).withUnsafeBytes { write(file, $0.baseAddress, $0.count) }
    _ = Glibc.close(file)
    #endif
}

/// The body of a new pthread, passed through `pthread_create`'s context pointer.
private final class ThreadStart {
    let body: () -> Void
    init(body: @escaping () -> Void) { self.body = body }
}
