import CLibUV

/// Dials TCP connections from a loop (tests, the load client and links to peer nodes).
package enum TCPClient {
    /// Connects to a numeric `host` (or "localhost") and `port`. `completion` runs once on the loop
    /// thread, always after `connect` returned, with the open connection (reading already started
    /// after the completion returns) or the error (e.g. `ECONNREFUSED`). MUST be called on the loop thread.
    /// While the loop is stopping nothing is dialled and `completion` does not run.
    package static func connect(on loop: Loop, host: String, port: Int,
                                completion: @escaping (Result<TCPConnection, LoopError>) -> Void) {
        assert(loop.inLoopThread)
        let connection: TCPConnection
        do throws(LoopError) {
            guard !loop.stopping else { throw LoopError(code: UV_ECANCELED.rawValue) }
            let address = try SocketAddress(host: host, port: port)
            connection = try TCPConnection(loop: loop)
            connection.connect(to: address, completion: completion)
        } catch {
            loop.executeLater { completion(.failure(error)) }
        }
    }
}
