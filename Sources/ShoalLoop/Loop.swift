import CLibUV
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libuv event loop and the thread that owns it: every socket, timer and signal handle belongs to
/// exactly one `Loop` and is touched only on its thread.
///
/// Contract:
/// - The loop's thread is the thread that created it until `run()` is called, then the thread running
///   `run()`. Handles MUST be created and used only on that thread (`inLoopThread`).
/// - `execute(_:)` is the only entry point from other threads. Work runs on the loop thread in
///   submission order per submitting thread; wake-ups coalesce and each wake-up drains the whole queue.
/// - The cross-thread queue holds at most `executeQueueLimit` jobs. When it is full, a submitter on
///   another thread blocks until the loop drains it (back-pressure on workers); the loop thread
///   itself never blocks and may exceed the limit.
/// - `stop()` runs the work already queued, closes every open handle and makes `run()` return after
///   all close callbacks fired; the libuv loop is then closed. Work submitted after `stop()` is not
///   run, so producers (worker pools) MUST be shut down before the loop is stopped.
/// - Each loop has its own `uv_loop_t` (never the default loop), so several loops can coexist.
package final class Loop: @unchecked Sendable {
    /// The libuv loop. `data` points at this object (unretained).
    let raw: UnsafeMutablePointer<uv_loop_t>
    /// The 64 KiB buffer every read on this loop uses; valid only during one read callback.
    let readBuffer: UnsafeMutableRawPointer
    static let readBufferSize = 64 * 1024

    package let executeQueueLimit: Int

    private let wakeUp: UnsafeMutablePointer<uv_async_t>
    private let owner: Atomic<UInt>

    // Guarded by `queueLock`.
    private let queueLock = ConditionLock()
    private var queue: [@Sendable () -> Void] = []
    private var blockedSubmitters = 0
    private var acceptsWork = true

    // Loop thread only.
    private var spareQueue: [@Sendable () -> Void] = []
    private var localQueue: [() -> Void] = []
    private(set) var stopping = false
    private var wakeUpClosed = false
    private var closed = false

    /// Creates a loop with its own `uv_loop_t`; the calling thread owns it until `run()`.
    package init(executeQueueLimit: Int = 65_536) throws {
        precondition(executeQueueLimit > 0, "executeQueueLimit must be positive")
        // libuv is set up before any stored property, so a failure leaves no half-built object
        // (whose deinit would run).
        let raw = UnsafeMutablePointer<uv_loop_t>.allocate(capacity: 1)
        let wakeUp = UnsafeMutablePointer<uv_async_t>.allocate(capacity: 1)
        var status = uv_loop_init(raw)
        if status == 0 {
            status = uv_async_init(raw, wakeUp) { async in
                Loop.from(async!.pointee.loop).drainQueues()
            }
            if status != 0 { uv_loop_close(raw) }
        }
        guard status == 0 else {
            raw.deallocate()
            wakeUp.deallocate()
            throw LoopError(code: status)
        }
        self.executeQueueLimit = executeQueueLimit
        self.raw = raw
        self.wakeUp = wakeUp
        owner = Atomic(Loop.currentThread)
        readBuffer = .allocate(byteCount: Loop.readBufferSize, alignment: 16)
        wakeUp.pointee.data = nil
        raw.pointee.data = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        if !wakeUpClosed {
            uv_close(asHandle(wakeUp), nil)
            uv_run(raw, UV_RUN_DEFAULT)
            uv_loop_close(raw)
        }
        wakeUp.deallocate()
        raw.deallocate()
        readBuffer.deallocate()
    }

    static func from(_ raw: UnsafeMutablePointer<uv_loop_t>?) -> Loop {
        Unmanaged<Loop>.fromOpaque(raw!.pointee.data!).takeUnretainedValue()
    }

    #if canImport(Glibc)
    private static var currentThread: UInt { UInt(pthread_self()) }
    #else
    private static var currentThread: UInt { UInt(bitPattern: pthread_self()) }
    #endif

    /// True on the thread that owns the loop (see the type's contract).
    package var inLoopThread: Bool { owner.load(ordering: .acquiring) == Loop.currentThread }

    /// Runs the loop on the calling thread, which becomes its owner, until `stop()` completes.
    /// MUST be called at most once.
    package func run() {
        precondition(!closed, "Loop.run() called on a closed loop")
        owner.store(Loop.currentThread, ordering: .releasing)
        uv_run(raw, UV_RUN_DEFAULT)
        // Handles opened by close callbacks during shutdown keep the loop busy; close them too.
        while uv_loop_close(raw) == UV_EBUSY.rawValue {
            closeAllHandles()
            uv_run(raw, UV_RUN_DEFAULT)
        }
        closed = true
    }

    /// Stops accepting work; on the next loop turn runs the work already queued, closes every handle
    /// and lets `run()` return once their close callbacks ran. While stopping, handles refuse to start.
    /// MUST be called on the loop thread; calling it again is a no-op.
    package func stop() {
        precondition(inLoopThread, "Loop.stop() must be called on the loop thread")
        guard !stopping else { return }
        stopping = true
        queueLock.withLock {
            acceptsWork = false
            if blockedSubmitters > 0 { queueLock.broadcast() }
        }
        uv_async_send(wakeUp)
    }

    /// Queues `work` to run on the loop thread soon. Safe from any thread; see the type's contract
    /// for ordering, the queue limit and what happens after `stop()`.
    package func execute(_ work: @escaping @Sendable () -> Void) {
        let onLoopThread = inLoopThread
        queueLock.lock()
        defer { queueLock.unlock() }
        while acceptsWork, !onLoopThread, queue.count >= executeQueueLimit {
            blockedSubmitters += 1
            queueLock.wait()
            blockedSubmitters -= 1
        }
        guard acceptsWork else { return }
        queue.append(work)
        if queue.count == 1 {
            // Under the lock, so `stop()` cannot close the async handle in between.
            uv_async_send(wakeUp)
        }
    }

    /// Queues `work` from the loop thread to run on a later loop turn, after the callbacks of the
    /// current turn returned: it makes callbacks asynchronous without requiring them to be `Sendable`,
    /// and lets a shell batch what one turn produced (peer links flush their sends this way).
    /// Jobs run in the order they were queued; while the loop is stopping nothing is queued.
    /// MUST be called on the loop thread.
    package func executeLater(_ work: @escaping () -> Void) {
        assert(inLoopThread)
        guard !stopping else { return }
        localQueue.append(work)
        uv_async_send(wakeUp)
    }

    /// libuv's loop time in milliseconds, cached at the start of each loop iteration.
    package var now: UInt64 { uv_now(raw) }

    /// Refreshes `now` from the clock.
    package func updateTime() { uv_update_time(raw) }

    private func drainQueues() {
        runQueuedWork()
        if stopping && !wakeUpClosed {
            // Work queued before `stop()` that this turn's batch did not include.
            runQueuedWork()
            wakeUpClosed = true
            closeAllHandles()
            uv_close(asHandle(wakeUp), nil)
        }
    }

    private func runQueuedWork() {
        var jobs = spareQueue
        queueLock.withLock {
            swap(&queue, &jobs)
            if blockedSubmitters > 0 { queueLock.broadcast() }
        }
        for job in jobs { job() }
        jobs.removeAll(keepingCapacity: true)
        spareQueue = jobs
        while !localQueue.isEmpty {
            let local = localQueue
            localQueue.removeAll()
            for job in local { job() }
        }
    }

    private func closeAllHandles() {
        uv_walk(raw, { handle, _ in
            guard let handle, uv_is_closing(handle) == 0, let data = handle.pointee.data else { return }
            (HandleData.anyOwner(data) as? LoopHandle)?.closeForShutdown()
        }, nil)
    }
}
