import CLibUV
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An IPv4 or IPv6 socket address in the form libuv takes and returns (`sockaddr_storage`).
///
/// Hosts are numeric literals only ("127.0.0.1", "::1") plus "localhost" (127.0.0.1): name resolution
/// would block or need a request, and the server only binds and dials configured addresses.
struct SocketAddress {
    var storage = sockaddr_storage()

    init(host: String, port: Int) throws(LoopError) {
        guard (0...65_535).contains(port) else { throw LoopError(code: UV_EINVAL.rawValue) }
        let literal = host == "localhost" ? "127.0.0.1" : host
        let status: Int32 = withUnsafeMutableBytes(of: &storage) { raw in
            if literal.contains(":") {
                uv_ip6_addr(literal, Int32(port), raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self))
            } else {
                uv_ip4_addr(literal, Int32(port), raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self))
            }
        }
        try LoopError.check(status)
    }

    /// The address a TCP handle is connected to (`peer`) or bound to; nil when not available.
    init?(of tcp: UnsafePointer<uv_tcp_t>, peer: Bool) {
        var length = Int32(MemoryLayout<sockaddr_storage>.size)
        let status = withUnsafeMutableBytes(of: &storage) { raw in
            let address = raw.baseAddress!.assumingMemoryBound(to: sockaddr.self)
            return peer ? uv_tcp_getpeername(tcp, address, &length) : uv_tcp_getsockname(tcp, address, &length)
        }
        guard status == 0 else { return nil }
    }

    func withSockaddr<Result>(_ body: (UnsafePointer<sockaddr>) -> Result) -> Result {
        withUnsafeBytes(of: storage) { body($0.baseAddress!.assumingMemoryBound(to: sockaddr.self)) }
    }

    /// The numeric host, e.g. "127.0.0.1" or "::1".
    var host: String {
        var text = [CChar](repeating: 0, count: 64)
        withUnsafeBytes(of: storage) { raw in
            if Int32(storage.ss_family) == AF_INET6 {
                _ = uv_ip6_name(raw.baseAddress!.assumingMemoryBound(to: sockaddr_in6.self), &text, text.count)
            } else {
                _ = uv_ip4_name(raw.baseAddress!.assumingMemoryBound(to: sockaddr_in.self), &text, text.count)
            }
        }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    var port: Int {
        withUnsafeBytes(of: storage) { raw in
            if Int32(storage.ss_family) == AF_INET6 {
                Int(UInt16(bigEndian: raw.load(as: sockaddr_in6.self).sin6_port))
            } else {
                Int(UInt16(bigEndian: raw.load(as: sockaddr_in.self).sin_port))
            }
        }
    }
}
