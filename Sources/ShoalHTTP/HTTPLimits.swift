/// The hard bounds an HTTP connection may make the server hold, so a client can never make the parser
/// buffer without limit.
///
/// `maxHeaderBytes` bounds the request line plus header block (through the empty line), each chunk-size
/// line and the chunked trailer section. `maxBodyBytes` bounds the (de-chunked) body; it is Nakama's
/// `socket.max_request_size_bytes`.
package struct HTTPLimits: Sendable, Equatable {
    package var maxHeaderBytes: Int
    package var maxBodyBytes: Int

    package init(maxHeaderBytes: Int = 16 * 1024, maxBodyBytes: Int = 262_144) {
        precondition(maxHeaderBytes > 0 && maxBodyBytes >= 0, "HTTP limits must be positive")
        self.maxHeaderBytes = maxHeaderBytes
        self.maxBodyBytes = maxBodyBytes
    }
}
