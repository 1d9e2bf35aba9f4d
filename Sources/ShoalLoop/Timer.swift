import CLibUV

/// A libuv timer: runs a callback on the loop thread after a delay, once or repeatedly.
///
/// Contract:
/// - Loop-confined; the loop keeps the timer alive until `close()` or `Loop.stop()`.
/// - Delays count from `loop.now` (cached per loop turn). A repeating timer re-arms relative to the
///   loop time when its callback runs, so lateness accumulates; fixed-rate ticks SHOULD re-arm a
///   one-shot timer to the next absolute deadline instead.
/// - `start` replaces a running schedule; after `close()` (or while the loop stops) it does nothing.
package final class Timer: LoopHandle {
    package let loop: Loop
    private var handle: UnsafeMutablePointer<uv_timer_t>?
    private var callback: (() -> Void)?

    package init(loop: Loop) {
        assert(loop.inLoopThread)
        self.loop = loop
        let handle = UnsafeMutablePointer<uv_timer_t>.allocate(capacity: 1)
        // uv_timer_init cannot fail (it only links the handle into the loop).
        uv_timer_init(loop.raw, handle)
        self.handle = handle
        handle.pointee.data = HandleData.retain(self)
    }

    package func start(afterMilliseconds: UInt64, repeatMilliseconds: UInt64 = 0, _ callback: @escaping () -> Void) {
        assert(loop.inLoopThread)
        guard let handle, !loop.stopping else { return }
        self.callback = callback
        uv_timer_start(handle, { handle in
            HandleData.owner(handle!.pointee.data, as: Timer.self).callback?()
        }, afterMilliseconds, repeatMilliseconds)
    }

    package func stop() {
        assert(loop.inLoopThread)
        if let handle { uv_timer_stop(handle) }
    }

    package func close() {
        assert(loop.inLoopThread)
        guard let handle else { return }
        self.handle = nil
        uv_close(asHandle(handle)) { handle in
            let data = handle!.pointee.data
            HandleData.owner(data, as: Timer.self).callback = nil
            handle!.deallocate()
            HandleData.release(data)
        }
    }

    func closeForShutdown() { close() }
}
