import ShoalLog
import ShoalPostgres

/// What each request worker thread owns: its own PostgreSQL connection, opened lazily and reopened after
/// a failure, so a database outage answers UNAVAILABLE instead of killing the worker.
final class RequestWorker {
    private let conninfo: String
    private let logger: Logger
    private var connection: PGConnection?

    init(conninfo: String, logger: Logger) {
        self.conninfo = conninfo
        self.logger = logger
    }

    /// A healthy connection, or the error that prevented one.
    func database() throws -> PGConnection {
        if let connection, connection.isOK { return connection }
        if let connection {
            connection.reset()
            if connection.isOK { return connection }
            connection.close()
            self.connection = nil
        }
        do {
            let fresh = try PGConnection(conninfo: conninfo)
            connection = fresh
            return fresh
        } catch {
            logger.error("database connection failed", [("error", "\(error)")])
            throw error
        }
    }
}
