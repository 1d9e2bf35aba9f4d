#if canImport(Glibc)
import Glibc
#endif
import ShoalLog
import ShoalPostgres
import ShoalRuntime

/// What each request worker thread owns: its own PostgreSQL connection, opened lazily, reopened after
/// a failure (so a database outage answers UNAVAILABLE instead of killing the worker) and replaced once
/// it is older than `database.conn_max_lifetime_ms`.
final class RequestWorker {
    private let conninfo: String
    private let logger: Logger
    private let maxLifetimeMilliseconds: UInt64
    private var connection: PGConnection?
    /// This worker's module runtime (its own Lua VM), when modules are loaded.
    var runtime: (any RuntimeInstance)?
    private var openedAt: UInt64 = 0

    init(conninfo: String, maxLifetimeMilliseconds: UInt64, logger: Logger) {
        self.conninfo = conninfo
        self.maxLifetimeMilliseconds = maxLifetimeMilliseconds
        self.logger = logger
    }

    /// A healthy connection, or the error that prevented one.
    func database() throws -> PGConnection {
        if let connection, maxLifetimeMilliseconds > 0,
            RequestWorker.monotonicMilliseconds() &- openedAt > maxLifetimeMilliseconds
        {
            connection.close()
            self.connection = nil
        }
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
            openedAt = RequestWorker.monotonicMilliseconds()
            return fresh
        } catch {
            logger.error("database connection failed", [("error", "\(error)")])
            throw error
        }
    }

    static func monotonicMilliseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1000 + UInt64(spec.tv_nsec) / 1_000_000
    }
}
