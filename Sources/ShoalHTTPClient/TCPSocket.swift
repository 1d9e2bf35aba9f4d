#if canImport(Glibc)
import Glibc
#endif

/// A connected, non-blocking TCP socket whose every wait is bounded by the request's `Deadline`, so a
/// silent or slow peer costs a request worker at most the request's timeout.
///
/// Owned by one thread at a time; the descriptor is closed on deinit. Writes use `MSG_NOSIGNAL`, so a
/// peer that closed never raises SIGPIPE.
final class TCPSocket {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Resolves `host` with getaddrinfo and tries each address in turn until one connects.
    ///
    /// The lookup itself blocks for as long as the system resolver takes; the deadline is checked
    /// after it and bounds every connect attempt.
    static func connect(host: String, port: Int, deadline: Deadline) throws(HTTPClientError) -> TCPSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else {
            throw HTTPClientError(.connect, "cannot resolve \(host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(list) }
        if deadline.remainingMilliseconds == 0 { throw deadline.expired }

        var lastError: Int32 = ECONNREFUSED
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else {
                lastError = errno
                continue
            }
            let connection = TCPSocket(descriptor: fd)
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return connection }
            guard errno == EINPROGRESS else {
                lastError = errno
                continue
            }
            try connection.wait(for: Int16(POLLOUT), deadline: deadline)
            var error: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
            if error == 0 { return connection }
            lastError = error
        }
        throw HTTPClientError(.connect, lastError == ECONNREFUSED ? "connection refused" : "connect failed: \(Self.describe(lastError))")
    }

    /// Writes every byte of `bytes`.
    func send(_ bytes: UnsafeRawBufferPointer, deadline: Deadline) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.send(descriptor, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
            if n >= 0 {
                offset += n
                continue
            }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try wait(for: Int16(POLLOUT), deadline: deadline)
            case let code: throw HTTPClientError(.transport, "write failed: \(Self.describe(code))")
            }
        }
    }

    /// Reads what is available into `buffer`, waiting for at least one byte; 0 means the peer closed.
    func receive(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws(HTTPClientError) -> Int {
        while true {
            let n = recv(descriptor, buffer.baseAddress!, buffer.count, 0)
            if n >= 0 { return n }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: try wait(for: Int16(POLLIN), deadline: deadline)
            case let code: throw HTTPClientError(.transport, "read failed: \(Self.describe(code))")
            }
        }
    }

    /// Blocks until the socket is ready for `events` (or has an error or hangup to report).
    private func wait(for events: Int16, deadline: Deadline) throws(HTTPClientError) {
        while true {
            let remaining = deadline.remainingMilliseconds
            if remaining == 0 { throw deadline.expired }
            var entry = pollfd(fd: descriptor, events: events, revents: 0)
            let ready = poll(&entry, 1, remaining)
            if ready > 0 { return }
            if ready < 0, errno != EINTR { throw HTTPClientError(.transport, "poll failed: \(Self.describe(errno))") }
        }
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
