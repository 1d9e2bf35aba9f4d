import CLibUV

/// A listening TCP socket that hands each accepted connection to its owner, already reading.
///
/// Contract:
/// - Loop-confined: create and close it on the loop's thread. The loop keeps it alive until `close()`
///   or `Loop.stop()`.
/// - `onConnection` runs on the loop thread with an open connection (TCP_NODELAY set); reading starts
///   right after it returns unless it called `pauseReading()`.
/// - Accept errors (EMFILE/ENFILE included) skip that connection: libuv accepts and closes the pending
///   connection with a reserved descriptor, so the loop does not spin on a full descriptor table.
package final class TCPListener: LoopHandle {
    package let loop: Loop
    private let handle: UnsafeMutablePointer<uv_tcp_t>
    private var onConnection: ((TCPConnection) -> Void)?
    private var isClosing = false
    /// The bound port, read once after `listen` (port 0 asks for an ephemeral port).
    package private(set) var port = 0
    /// Accept failures since the listener started (e.g. EMFILE), for monitoring.
    package private(set) var acceptErrorCount = 0

    private init(loop: Loop, onConnection: @escaping (TCPConnection) -> Void) throws(LoopError) {
        self.loop = loop
        self.onConnection = onConnection
        handle = .allocate(capacity: 1)
        let status = uv_tcp_init(loop.raw, handle)
        guard status == 0 else {
            handle.deallocate()
            throw LoopError(code: status)
        }
        handle.pointee.data = HandleData.retain(self)
    }

    /// Binds `host` (numeric IPv4/IPv6 or "localhost") and `port` and starts accepting.
    /// Throws the bind or listen error, e.g. `EADDRINUSE`. MUST be called on the loop thread.
    package static func listen(on loop: Loop, host: String, port: Int, backlog: Int32 = 1024,
                               onConnection: @escaping (TCPConnection) -> Void) throws -> TCPListener {
        assert(loop.inLoopThread)
        guard !loop.stopping else { throw LoopError(code: UV_ECANCELED.rawValue) }
        let address = try SocketAddress(host: host, port: port)
        let listener = try TCPListener(loop: loop, onConnection: onConnection)
        do {
            try LoopError.check(address.withSockaddr { uv_tcp_bind(listener.handle, $0, 0) })
            try LoopError.check(uv_listen(asStream(listener.handle), backlog) { server, status in
                HandleData.owner(server!.pointee.data, as: TCPListener.self).didReceiveConnection(status: status)
            })
        } catch {
            listener.close()
            throw error
        }
        listener.port = SocketAddress(of: listener.handle, peer: false)?.port ?? port
        return listener
    }

    private func didReceiveConnection(status: Int32) {
        guard status == 0, !isClosing else {
            acceptErrorCount += 1
            return
        }
        let connection: TCPConnection
        do {
            connection = try TCPConnection(loop: loop)
        } catch {
            acceptErrorCount += 1
            return
        }
        guard uv_accept(asStream(handle), connection.stream) == 0 else {
            acceptErrorCount += 1
            connection.abort()
            return
        }
        connection.didConnect()
        onConnection?(connection)
        connection.startReading()
    }

    /// Stops accepting and closes the socket; connections already accepted stay open.
    package func close() {
        assert(loop.inLoopThread)
        guard !isClosing else { return }
        isClosing = true
        uv_close(asHandle(handle)) { handle in
            let data = handle!.pointee.data
            let listener = HandleData.owner(data, as: TCPListener.self)
            listener.handle.deallocate()
            listener.onConnection = nil
            HandleData.release(data)
        }
    }

    func closeForShutdown() { close() }
}
