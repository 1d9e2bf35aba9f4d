import CLibSSL

/// The one OpenSSL client context every https request starts from, so the system trust store is
/// loaded once per process rather than once per request.
///
/// Configured in `init` (TLS 1.2 minimum, system default verify paths) and never changed after, which
/// is what lets OpenSSL create sessions from it on any thread at once. Verification mode and the
/// expected host are set per session by `TLSStream`.
final class TLSContext: @unchecked Sendable {
    let pointer: OpaquePointer

    private init?() {
        guard let context = SSL_CTX_new(TLS_client_method()) else { return nil }
        shoal_ssl_ctx_set_min_proto_version(context, TLS1_2_VERSION)
        SSL_CTX_set_default_verify_paths(context)
        pointer = context
    }

    deinit { SSL_CTX_free(pointer) }

    /// Nil when OpenSSL could not create a context (out of memory).
    static let shared: TLSContext? = TLSContext()
}
