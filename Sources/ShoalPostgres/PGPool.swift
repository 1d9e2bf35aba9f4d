#if canImport(Glibc)
import Glibc
#endif

/// A small blocking pool of `PGConnection`s for callers that are not request workers
/// (migrations, the CLI, tests), which must not each open their own connection.
///
/// At most `size` connections exist; they are opened lazily. `withConnection` blocks while all of
/// them are lent out, hands the caller exclusive use of one for the duration of `body`, and
/// reconnects (`PQreset`) a connection that is found broken when it is taken. Safe to call from
/// any thread. `body` MUST NOT keep the connection after returning.
package final class PGPool: @unchecked Sendable {
    private let conninfo: String
    private let size: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let available = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Guarded by `mutex`.
    private var idle: [PGConnection] = []
    /// Connections that exist or are being opened; guarded by `mutex`.
    private var opened = 0

    package init(conninfo: String, size: Int) {
        precondition(size > 0, "PGPool size must be positive")
        self.conninfo = conninfo
        self.size = size
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(available, nil)
    }

    deinit {
        pthread_cond_destroy(available)
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        available.deallocate()
    }

    /// Runs `body` with a connection of its own; rethrows what `body` or connecting throws.
    @discardableResult
    package func withConnection<T>(_ body: (PGConnection) throws -> T) throws -> T {
        let connection = try checkOut()
        defer { checkIn(connection) }
        return try body(connection)
    }

    private func checkOut() throws -> PGConnection {
        pthread_mutex_lock(mutex)
        while idle.isEmpty && opened == size {
            pthread_cond_wait(available, mutex)
        }
        if let connection = idle.popLast() {
            pthread_mutex_unlock(mutex)
            if !connection.isOK {
                connection.reset()
                guard connection.isOK else {
                    discard()
                    throw PGError(message: "could not reconnect to PostgreSQL", connectionLost: true)
                }
            }
            return connection
        }
        opened += 1
        pthread_mutex_unlock(mutex)
        do {
            return try PGConnection(conninfo: conninfo)
        } catch {
            discard()
            throw error
        }
    }

    private func checkIn(_ connection: PGConnection) {
        pthread_mutex_lock(mutex)
        idle.append(connection)
        pthread_cond_signal(available)
        pthread_mutex_unlock(mutex)
    }

    /// Forgets a connection that could not be (re)opened, so a waiter may try again.
    private func discard() {
        pthread_mutex_lock(mutex)
        opened -= 1
        pthread_cond_signal(available)
        pthread_mutex_unlock(mutex)
    }
}
