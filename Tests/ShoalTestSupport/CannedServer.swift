#if canImport(Glibc)
import Glibc
#endif
import ShoalHTTP

/// A one-connection HTTP server on a loopback port, run on its own thread, so client tests go through
/// a real TCP socket and see exactly the request bytes the client wrote.
///
/// It accepts one connection, parses one request with `HTTPRequestParser`, then acts per `Behaviour`.
/// Every blocking call is bounded (10 s receive timeout), so a test that never connects cannot hang it.
/// Descriptors are close-on-exec, so a subprocess another test spawns cannot keep a connection open.
/// `finish()` joins the thread and returns the request received, if any.
package final class CannedServer: @unchecked Sendable {
    package enum Behaviour {
        /// Writes these bytes, then closes.
        case respond([UInt8])
        /// Writes the head, then `count` filler bytes in pieces (ignoring a client that hung up), then closes.
        case stream(head: [UInt8], count: Int)
        /// Reads the request, never answers, and waits for the client to close.
        case silent
    }

    package let port: Int
    private let listener: Int32
    private let behaviour: Behaviour
    private var thread = pthread_t()
    /// Written by the server thread before it ends; read after `pthread_join`.
    private var request: HTTPRequest?

    package convenience init(respond text: String) throws { try self.init(.respond(Array(text.utf8))) }

    package init(_ behaviour: Behaviour, ipv6: Bool = false) throws {
        self.behaviour = behaviour
        listener = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw TestFailure("socket failed") }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(listener, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        port = try Self.bindLoopback(listener, ipv6: ipv6)
        guard listen(listener, 4) == 0 else { throw TestFailure("listen failed") }
        let context = Unmanaged.passRetained(self).toOpaque()
        let created = pthread_create(&thread, nil, { context in
            let server = Unmanaged<CannedServer>.fromOpaque(context!).takeRetainedValue()
            server.serve()
            return nil
        }, context)
        guard created == 0 else {
            Unmanaged<CannedServer>.fromOpaque(context).release()
            close(listener)
            throw TestFailure("pthread_create failed")
        }
    }

    /// Waits for the server thread and returns the request it parsed.
    package func finish() -> HTTPRequest? {
        pthread_join(thread, nil)
        close(listener)
        return request
    }

    /// Binds `descriptor` to an ephemeral loopback port and returns the port.
    package static func bindLoopback(_ descriptor: Int32, ipv6: Bool) throws -> Int {
        var storage = sockaddr_storage()
        let length: socklen_t
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_addr = in6addr_loopback
            withUnsafeBytes(of: &address) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            withUnsafeBytes(of: &address) { raw in withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: raw) } }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
        }
        var bound = length
        let ok = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &bound) == 0
            }
        }
        guard ok else { throw TestFailure("bind failed") }
        return withUnsafeBytes(of: &storage) { raw in
            Int(UInt16(bigEndian: raw.load(fromByteOffset: 2, as: UInt16.self)))
        }
    }

    private func serve() {
        let connection = accept(listener, nil, nil)
        guard connection >= 0 else { return }
        _ = fcntl(connection, F_SETFD, FD_CLOEXEC)
        defer { close(connection) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(connection, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var parser = HTTPRequestParser(limits: HTTPLimits(maxHeaderBytes: 64 * 1024, maxBodyBytes: 1 << 20))
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while request == nil {
            let n = recv(connection, &buffer, buffer.count, 0)
            guard n > 0 else { return }
            parser.feed(Array(buffer[0..<n]))
            guard let parsed = try? parser.next() else { continue }
            request = parsed
        }
        switch behaviour {
        case .respond(let bytes):
            write(bytes, to: connection)
        case .stream(let head, let count):
            write(head, to: connection)
            let filler = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
            var sent = 0
            while sent < count, write(Array(filler.prefix(count - sent)), to: connection) { sent += filler.count }
        case .silent:
            while recv(connection, &buffer, buffer.count, 0) > 0 {}
        }
    }

    /// Writes all of `bytes`; false once the client has gone.
    @discardableResult
    private func write(_ bytes: [UInt8], to connection: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(connection, $0.baseAddress!, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}

package struct TestFailure: Error, CustomStringConvertible {
    package var description: String
    package init(_ description: String) { self.description = description }
}
