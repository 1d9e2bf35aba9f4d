import CLibUV

/// Delivers a process signal (SIGINT, SIGTERM, ...) as a callback on the loop thread, where it is
/// safe to start a graceful shutdown.
///
/// Contract: loop-confined; watching starts in `init` and ends with `close()` or `Loop.stop()`. When
/// the last watcher of a signal closes, libuv restores the default disposition.
package final class SignalWatcher: LoopHandle {
    package let loop: Loop
    private var handle: UnsafeMutablePointer<uv_signal_t>?
    private var callback: (() -> Void)?

    package init(loop: Loop, signal: Int32, _ callback: @escaping () -> Void) throws {
        assert(loop.inLoopThread)
        guard !loop.stopping else { throw LoopError(code: UV_ECANCELED.rawValue) }
        self.loop = loop
        self.callback = callback
        let handle = UnsafeMutablePointer<uv_signal_t>.allocate(capacity: 1)
        let initStatus = uv_signal_init(loop.raw, handle)
        guard initStatus == 0 else {
            handle.deallocate()
            throw LoopError(code: initStatus)
        }
        self.handle = handle
        handle.pointee.data = HandleData.retain(self)
        let status = uv_signal_start(handle, { handle, _ in
            HandleData.owner(handle!.pointee.data, as: SignalWatcher.self).callback?()
        }, signal)
        if status < 0 {
            close()
            throw LoopError(code: status)
        }
    }

    package func close() {
        assert(loop.inLoopThread)
        guard let handle else { return }
        self.handle = nil
        uv_close(asHandle(handle)) { handle in
            let data = handle!.pointee.data
            HandleData.owner(data, as: SignalWatcher.self).callback = nil
            handle!.deallocate()
            HandleData.release(data)
        }
    }

    func closeForShutdown() { close() }
}
