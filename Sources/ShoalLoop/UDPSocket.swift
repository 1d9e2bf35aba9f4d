import CLibUV
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bound UDP socket on a loop, for the cluster's gossip: connectionless datagrams that may be lost,
/// so sending never fails loudly and receiving is a plain callback.
///
/// Contract:
/// - Loop-confined: create, use and close it on the loop's thread (checked by `assert`). The loop keeps
///   it alive until `close()` or `Loop.stop()`; the owner need not hold a reference.
/// - `onDatagram` runs on the loop thread once per received datagram with the sender's numeric host
///   and port; the bytes are valid only during the call (the loop's 64 KiB read buffer). Empty reads,
///   receive errors and truncated datagrams (over 64 KiB) are dropped.
/// - `send` copies the bytes and queues one datagram. Failures (invalid address, send error) only
///   increment `sendErrorCount`. After `close()` it does nothing.
/// - `close()` stops delivery at once; datagrams still queued for sending are cancelled.
package final class UDPSocket: LoopHandle {
    package let loop: Loop
    private var handle: UnsafeMutablePointer<uv_udp_t>?
    private var onDatagram: ((UnsafeRawBufferPointer, String, Int) -> Void)?
    /// The bound port, read once after binding (port 0 asks for an ephemeral port).
    package private(set) var port = 0
    /// Sends that failed since the socket was bound (bad address, synchronous or asynchronous error).
    package private(set) var sendErrorCount = 0

    private init(loop: Loop, onDatagram: @escaping (UnsafeRawBufferPointer, String, Int) -> Void) throws(LoopError) {
        self.loop = loop
        self.onDatagram = onDatagram
        let handle = UnsafeMutablePointer<uv_udp_t>.allocate(capacity: 1)
        let status = uv_udp_init(loop.raw, handle)
        guard status == 0 else {
            handle.deallocate()
            throw LoopError(code: status)
        }
        self.handle = handle
        handle.pointee.data = HandleData.retain(self)
    }

    /// Binds `host` (numeric IPv4/IPv6 or "localhost") and `port` without address reuse, and starts
    /// receiving. Throws the bind error, e.g. `EADDRINUSE`. MUST be called on the loop thread.
    package static func bind(on loop: Loop, host: String, port: Int,
                             onDatagram: @escaping (UnsafeRawBufferPointer, _ host: String, _ port: Int) -> Void) throws -> UDPSocket {
        assert(loop.inLoopThread)
        guard !loop.stopping else { throw LoopError(code: UV_ECANCELED.rawValue) }
        let address = try SocketAddress(host: host, port: port)
        let socket = try UDPSocket(loop: loop, onDatagram: onDatagram)
        let handle = socket.handle!
        do {
            try LoopError.check(address.withSockaddr { uv_udp_bind(handle, $0, 0) })
            try LoopError.check(uv_udp_recv_start(handle, { handle, _, buffer in
                let loop = Loop.from(handle!.pointee.loop)
                buffer!.pointee = uv_buf_init(loop.readBuffer.assumingMemoryBound(to: CChar.self), UInt32(Loop.readBufferSize))
            }, { handle, count, buffer, sender, flags in
                guard count > 0, let sender, flags & UInt32(UV_UDP_PARTIAL.rawValue) == 0 else { return }
                let socket = HandleData.owner(handle!.pointee.data, as: UDPSocket.self)
                socket.didReceive(UnsafeRawBufferPointer(start: buffer!.pointee.base, count: count), from: sender)
            }))
        } catch {
            socket.close()
            throw error
        }
        socket.port = SocketAddress(ofUDP: handle)?.port ?? port
        return socket
    }

    private func didReceive(_ bytes: UnsafeRawBufferPointer, from sender: UnsafePointer<sockaddr>) {
        guard let onDatagram else { return }
        let address = SocketAddress(copying: sender)
        onDatagram(bytes, address.host, address.port)
    }

    /// Queues one datagram holding a copy of `bytes` to `host` (numeric or "localhost") and `port`.
    package func send(_ bytes: [UInt8], to host: String, port: Int) {
        assert(loop.inLoopThread)
        guard let handle else { return }
        guard let address = try? SocketAddress(host: host, port: port) else {
            sendErrorCount += 1
            return
        }
        let request = SendRequest.make(copying: bytes)
        var buffer = SendRequest.buffer(of: request, count: bytes.count)
        let status = address.withSockaddr { address in
            uv_udp_send(request, handle, &buffer, 1, address) { request, status in
                let socket = HandleData.owner(request!.pointee.handle.pointee.data, as: UDPSocket.self)
                SendRequest.free(request!)
                if status < 0 && status != UV_ECANCELED.rawValue { socket.sendErrorCount += 1 }
            }
        }
        if status < 0 {
            SendRequest.free(request)
            sendErrorCount += 1
        }
    }

    /// Stops receiving and closes the socket; idempotent.
    package func close() {
        assert(loop.inLoopThread)
        guard let handle else { return }
        self.handle = nil
        onDatagram = nil
        uv_close(asHandle(handle)) { handle in
            let data = handle!.pointee.data
            handle!.deallocate()
            HandleData.release(data)
        }
    }

    func closeForShutdown() { close() }
}

/// The memory of one queued datagram: a `uv_udp_send_t` followed by a copy of the bytes, in a single
/// allocation freed by the send callback.
private enum SendRequest {
    private static let bytesOffset = (MemoryLayout<uv_udp_send_t>.size + 15) & ~15

    static func make(copying bytes: [UInt8]) -> UnsafeMutablePointer<uv_udp_send_t> {
        let block = UnsafeMutableRawPointer.allocate(byteCount: bytesOffset + bytes.count, alignment: 16)
        bytes.withUnsafeBytes { source in
            if let base = source.baseAddress { block.advanced(by: bytesOffset).copyMemory(from: base, byteCount: source.count) }
        }
        return block.bindMemory(to: uv_udp_send_t.self, capacity: 1)
    }

    /// The buffer libuv sends from; valid until `free(_:)`.
    static func buffer(of request: UnsafeMutablePointer<uv_udp_send_t>, count: Int) -> uv_buf_t {
        let base = UnsafeMutableRawPointer(request).advanced(by: bytesOffset).assumingMemoryBound(to: CChar.self)
        return uv_buf_init(base, UInt32(count))
    }

    static func free(_ request: UnsafeMutablePointer<uv_udp_send_t>) {
        UnsafeMutableRawPointer(request).deallocate()
    }
}

private extension SocketAddress {
    /// A copy of an IPv4 or IPv6 address handed over by libuv.
    init(copying address: UnsafePointer<sockaddr>) {
        let length = Int32(address.pointee.sa_family) == AF_INET6
            ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size
        withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: UnsafeRawBufferPointer(start: address, count: length)) }
    }

    /// The address a UDP handle is bound to; nil when not available.
    init?(ofUDP udp: UnsafePointer<uv_udp_t>) {
        var length = Int32(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutableBytes(of: &storage) { raw in
            uv_udp_getsockname(udp, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), &length)
        }
        guard status == 0 else { return nil }
    }
}
