import CLibUV

/// One TCP stream on a loop, accepted by a `TCPListener` or dialled by `TCPClient`, turning libuv's
/// read, write and close callbacks into closures.
///
/// Contract:
/// - Loop-confined: every member MUST be used on the loop's thread (checked by `assert`).
/// - The loop keeps the connection alive until it is closed; the owner need not hold a reference.
/// - `onRead` gets bytes that are valid only during the call (one read buffer is shared per loop).
/// - `write` copies and queues; `pendingWriteBytes` counts bytes not yet written and `onDrain` runs
///   each time it falls back to 0 while the connection is open. A write error aborts the connection.
/// - `close()` stops reading, flushes queued writes, shuts the write side down, then closes;
///   `abort()` closes now and drops queued writes. End of stream from the peer starts `close()`,
///   a read error `abort()`. `onClose` runs exactly once, after the socket is closed.
/// - Once `isClosed` is true, `write`, `pauseReading` and `resumeReading` do nothing.
/// - Accepted sockets have TCP_NODELAY set.
package final class TCPConnection: LoopHandle {
    private enum State { case connecting, open, shuttingDown, closing, closed }

    package let loop: Loop
    let handle: UnsafeMutablePointer<uv_tcp_t>
    private var state = State.connecting
    private var readingPaused = false
    private var connectCompletion: ((Result<TCPConnection, LoopError>) -> Void)?

    package var onRead: ((UnsafeRawBufferPointer) -> Void)?
    package var onClose: (() -> Void)?
    package var onDrain: (() -> Void)?
    package private(set) var pendingWriteBytes = 0
    package private(set) var remoteAddress = ""
    package private(set) var remotePort = 0

    /// A connection whose handle is initialised but not yet connected (accepted into or dialled).
    init(loop: Loop) throws(LoopError) {
        self.loop = loop
        handle = .allocate(capacity: 1)
        let status = uv_tcp_init(loop.raw, handle)
        guard status == 0 else {
            handle.deallocate()
            throw LoopError(code: status)
        }
        handle.pointee.data = HandleData.retain(self)
    }

    package var isClosed: Bool { state != .open && state != .connecting }

    var stream: UnsafeMutablePointer<uv_stream_t> { asStream(handle) }

    /// Marks an accepted or dialled connection open and records its peer.
    func didConnect() {
        state = .open
        uv_tcp_nodelay(handle, 1)
        if let peer = SocketAddress(of: handle, peer: true) {
            remoteAddress = peer.host
            remotePort = peer.port
        }
    }

    /// Starts delivering reads unless the owner paused them from its connection callback.
    func startReading() {
        if state == .open && !readingPaused { readStart() }
    }

    package func write(_ bytes: [UInt8]) {
        assert(loop.inLoopThread)
        guard state == .open, !bytes.isEmpty else { return }
        precondition(bytes.count <= Int(UInt32.max), "a single write must be smaller than 4 GiB")
        let request = WriteRequest.make(copying: bytes)
        var buffer = WriteRequest.buffer(of: request)
        let status = uv_write(request, stream, &buffer, 1) { request, status in
            let request = request!
            let connection = HandleData.owner(request.pointee.handle.pointee.data, as: TCPConnection.self)
            let count = WriteRequest.byteCount(of: request)
            WriteRequest.free(request)
            connection.didWrite(count: count, status: status)
        }
        guard status == 0 else {
            WriteRequest.free(request)
            abort()
            return
        }
        pendingWriteBytes += bytes.count
    }

    private func didWrite(count: Int, status: Int32) {
        pendingWriteBytes -= count
        if status < 0 {
            abort()
        } else if pendingWriteBytes == 0 && state == .open {
            onDrain?()
        }
    }

    package func pauseReading() {
        assert(loop.inLoopThread)
        readingPaused = true
        if state == .open { uv_read_stop(stream) }
    }

    package func resumeReading() {
        assert(loop.inLoopThread)
        readingPaused = false
        if state == .open { readStart() }
    }

    private func readStart() {
        let status = uv_read_start(stream, { handle, _, buffer in
            let loop = Loop.from(handle!.pointee.loop)
            buffer!.pointee = uv_buf_init(loop.readBuffer.assumingMemoryBound(to: CChar.self), UInt32(Loop.readBufferSize))
        }, { stream, count, _ in
            let connection = HandleData.owner(stream!.pointee.data, as: TCPConnection.self)
            connection.didRead(count: count)
        })
        if status < 0 { abort() }
    }

    private func didRead(count: Int) {
        if count > 0 {
            onRead?(UnsafeRawBufferPointer(start: loop.readBuffer, count: count))
        } else if count == Int(UV_EOF.rawValue) {
            close()
        } else if count < 0 {
            abort()
        }
    }

    package func close() {
        assert(loop.inLoopThread)
        guard state == .open else {
            if state == .connecting { abort() }
            return
        }
        state = .shuttingDown
        uv_read_stop(stream)
        let request = UnsafeMutablePointer<uv_shutdown_t>.allocate(capacity: 1)
        let status = uv_shutdown(request, stream) { request, _ in
            let connection = HandleData.owner(request!.pointee.handle.pointee.data, as: TCPConnection.self)
            request!.deallocate()
            connection.closeHandle()
        }
        if status < 0 {
            request.deallocate()
            closeHandle()
        }
    }

    package func abort() {
        assert(loop.inLoopThread)
        closeHandle()
    }

    func closeForShutdown() { abort() }

    private func closeHandle() {
        guard state != .closing && state != .closed else { return }
        state = .closing
        uv_close(asHandle(handle)) { handle in
            let data = handle!.pointee.data
            HandleData.owner(data, as: TCPConnection.self).didClose()
            HandleData.release(data)
        }
    }

    private func didClose() {
        state = .closed
        handle.deallocate()
        let callback = onClose
        onRead = nil
        onDrain = nil
        onClose = nil
        callback?()
    }

    // MARK: Dialling (used by TCPClient)

    func connect(to address: SocketAddress, completion: @escaping (Result<TCPConnection, LoopError>) -> Void) {
        connectCompletion = completion
        let request = UnsafeMutablePointer<uv_connect_t>.allocate(capacity: 1)
        let status = address.withSockaddr { address in
            uv_tcp_connect(request, handle, address) { request, status in
                let connection = HandleData.owner(request!.pointee.handle.pointee.data, as: TCPConnection.self)
                request!.deallocate()
                connection.didFinishConnecting(status: status)
            }
        }
        if status < 0 {
            request.deallocate()
            connectCompletion = nil
            abort()
            loop.executeLater { completion(.failure(LoopError(code: status))) }
        }
    }

    private func didFinishConnecting(status: Int32) {
        let completion = connectCompletion
        connectCompletion = nil
        if status < 0 || state != .connecting {
            abort()
            completion?(.failure(LoopError(code: status < 0 ? status : UV_ECANCELED.rawValue)))
            return
        }
        didConnect()
        completion?(.success(self))
        startReading()
    }
}
