#if canImport(Glibc)
import Glibc
#endif
import CLibSSL

/// A TLS client session over a `TCPSocket`, so https shares the plain socket's deadline handling and
/// never lets OpenSSL touch the descriptor.
///
/// OpenSSL works on two memory BIOs; this type moves their bytes to and from the socket, so every
/// wait is a deadline-bounded poll and every write uses `MSG_NOSIGNAL`. Unless `insecure`, the peer
/// certificate MUST chain to the system trust store and match the host (a DNS name via
/// `SSL_set1_host`, an IP literal via the verify parameters). SNI is sent for DNS names.
final class TLSStream {
    private let socket: TCPSocket
    private let ssl: OpaquePointer
    private let input: OpaquePointer
    private let output: OpaquePointer
    /// Ciphertext on its way between the socket and a BIO.
    private let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 16 * 1024, alignment: 1)

    /// Sets up the session and completes the handshake.
    init(socket: TCPSocket, host: String, insecure: Bool, deadline: Deadline) throws(HTTPClientError) {
        guard let context = TLSContext.shared, let ssl = SSL_new(context.pointer) else {
            throw HTTPClientError(.tls, "tls unavailable")
        }
        guard let input = BIO_new(BIO_s_mem()), let output = BIO_new(BIO_s_mem()) else {
            SSL_free(ssl)
            throw HTTPClientError(.tls, "tls unavailable")
        }
        self.socket = socket
        self.ssl = ssl
        self.input = input
        self.output = output
        SSL_set_bio(ssl, input, output)
        SSL_set_connect_state(ssl)

        if Self.isIPLiteral(host) {
            if !insecure { X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host) }
        } else {
            shoal_ssl_set_tlsext_host_name(ssl, host)
            if !insecure { SSL_set1_host(ssl, host) }
        }
        SSL_set_verify(ssl, insecure ? SSL_VERIFY_NONE : SSL_VERIFY_PEER, nil)

        let done = try drive(deadline: deadline) { SSL_do_handshake($0) }
        if done <= 0 { throw HTTPClientError(.tls, "tls handshake failed: connection closed") }
    }

    deinit {
        SSL_free(ssl)  // frees both BIOs too
        scratch.deallocate()
    }

    func send(_ bytes: UnsafeRawBufferPointer, deadline: Deadline) throws(HTTPClientError) {
        var offset = 0
        while offset < bytes.count {
            let chunk = Int32(min(bytes.count - offset, Int(Int32.max)))
            let base = bytes.baseAddress! + offset
            let n = try drive(deadline: deadline) { SSL_write($0, base, chunk) }
            if n <= 0 { throw HTTPClientError(.transport, "connection closed while writing") }
            offset += Int(n)
        }
    }

    /// Reads decrypted bytes into `buffer`; 0 means the peer closed (with or without close_notify).
    func receive(into buffer: UnsafeMutableRawBufferPointer, deadline: Deadline) throws(HTTPClientError) -> Int {
        let capacity = Int32(min(buffer.count, Int(Int32.max)))
        return Int(try drive(deadline: deadline) { SSL_read($0, buffer.baseAddress!, capacity) })
    }

    /// Runs `operation` until it succeeds, moving bytes between the BIOs and the socket in between.
    /// Returns the operation's positive result, or 0 when the peer closed.
    private func drive(deadline: Deadline, _ operation: (OpaquePointer) -> Int32) throws(HTTPClientError) -> Int32 {
        while true {
            ERR_clear_error()
            let result = operation(ssl)
            let status = result > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl, result)
            let failure = status == SSL_ERROR_SSL || status == SSL_ERROR_SYSCALL ? describeFailure() : nil
            try flushOutput(deadline: deadline)
            if result > 0 { return result }
            switch status {
            case SSL_ERROR_WANT_READ:
                let n = try socket.receive(into: scratch, deadline: deadline)
                if n == 0 { return 0 }
                BIO_write(input, scratch.baseAddress!, Int32(n))
            case SSL_ERROR_WANT_WRITE:
                continue
            case SSL_ERROR_ZERO_RETURN:
                return 0
            default:
                throw HTTPClientError(.tls, SSL_is_init_finished(ssl) == 1 ? "tls error: \(failure ?? "unknown")" : "tls handshake failed: \(failure ?? "unknown")")
            }
        }
    }

    /// Sends every byte OpenSSL queued in the output BIO.
    private func flushOutput(deadline: Deadline) throws(HTTPClientError) {
        while BIO_ctrl_pending(output) > 0 {
            let n = BIO_read(output, scratch.baseAddress!, Int32(scratch.count))
            guard n > 0 else { return }
            try socket.send(UnsafeRawBufferPointer(rebasing: scratch[0..<Int(n)]), deadline: deadline)
        }
    }

    /// The reason for the last failure: the certificate verification result if that failed, else the
    /// first queued OpenSSL error.
    private func describeFailure() -> String {
        let verification = SSL_get_verify_result(ssl)
        if verification != X509_V_OK {
            return "certificate verify failed: " + String(cString: X509_verify_cert_error_string(verification))
        }
        let code = ERR_get_error()
        guard code != 0 else { return "unexpected end of stream" }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func isIPLiteral(_ host: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, host, &v4) == 1 || inet_pton(AF_INET6, host, &v6) == 1
    }
}
