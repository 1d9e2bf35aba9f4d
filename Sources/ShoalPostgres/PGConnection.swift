import CLibPQ
#if canImport(Glibc)
import Glibc
#endif

/// One blocking libpq connection: the only way Shoal code runs SQL.
///
/// Thread confinement: a connection MUST be used by one thread at a time (a request worker owns
/// one; `PGPool` hands one out to one caller at a time). Every call blocks until the server
/// answers. Statements are prepared once per connection (named by the cache below) and run with
/// `PQexecPrepared` and text-format parameters, so values are never spliced into SQL and the server
/// parses and plans each distinct statement once; only `execute(script:)` (migrations) sends
/// multi-statement text.
/// After `close()` every call throws. Server notices are discarded.
package final class PGConnection {
    private var handle: OpaquePointer?
    private var inTransaction = false
    /// Server-side prepared statements of this session, by SQL text.
    private var prepared: [String: String] = [:]
    /// Statements beyond this many run unprepared, so dynamically built SQL cannot grow the cache.
    static let preparedStatementLimit = 256

    /// Connects with a libpq conninfo string or URL (see `PostgresAddress`).
    package init(conninfo: String) throws {
        guard let connection = PQconnectdb(conninfo) else {
            throw PGError(message: "out of memory while connecting", connectionLost: true)
        }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = PGConnection.errorMessage(connection)
            PQfinish(connection)
            throw PGError(message: message, connectionLost: true)
        }
        // Server notices (e.g. "table does not exist, skipping") would otherwise go to stderr.
        PQsetNoticeReceiver(connection, { _, _ in }, nil)
        handle = connection
    }

    deinit {
        close()
    }

    /// True when libpq considers the connection usable (`PQstatus == CONNECTION_OK`).
    package var isOK: Bool {
        guard let handle else { return false }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Reconnects with the original parameters (`PQreset`); check `isOK` afterwards.
    package func reset() {
        guard let handle else { return }
        prepared.removeAll()
        PQreset(handle)
    }

    /// Closes the connection; idempotent.
    package func close() {
        if let handle {
            PQfinish(handle)
        }
        handle = nil
        prepared.removeAll()
    }

    /// Runs one statement with `$1…$n` parameters and returns its rows.
    @discardableResult
    package func query(_ sql: String, _ params: [PGValue] = []) throws -> PGResult {
        let connection = try open()
        let texts = params.map { $0.textFormat }
        let cStrings: [UnsafeMutablePointer<CChar>?] = texts.map { text in text.flatMap { strdup($0) } }
        defer { cStrings.forEach { free($0) } }
        let name = try preparedName(for: sql, parameterCount: params.count, connection)
        let result = cStrings.map { UnsafePointer($0) }.withUnsafeBufferPointer { values in
            if let name {
                return PQexecPrepared(connection, name, Int32(params.count), values.baseAddress, nil, nil, 0)
            }
            return PQexecParams(connection, sql, Int32(params.count), nil, values.baseAddress, nil, nil, 0)
        }
        return try consume(result, connection)
    }

    /// The prepared statement for `sql`, preparing it on first use; nil once the cache is full.
    private func preparedName(for sql: String, parameterCount: Int, _ connection: OpaquePointer) throws -> String? {
        if let name = prepared[sql] { return name }
        guard prepared.count < PGConnection.preparedStatementLimit else { return nil }
        let name = "shoal_\(prepared.count)"
        _ = try consume(PQprepare(connection, name, sql, Int32(parameterCount), nil), connection)
        prepared[sql] = name
        return name
    }

    /// Runs a multi-statement script with the simple query protocol (`PQexec`); for migrations.
    /// The script stops at the first failing statement, whose error is thrown.
    package func execute(script sql: String) throws {
        let connection = try open()
        _ = try consume(PQexec(connection, sql), connection)
    }

    /// Runs `body` inside `BEGIN ISOLATION LEVEL … COMMIT`.
    ///
    /// On a serialization failure or deadlock (from the body or from COMMIT) the transaction is
    /// rolled back and the whole body runs again, at most `retries` more times; `body` MUST be safe
    /// to repeat. Any other error rolls back and is rethrown, as does a body that returns after a
    /// statement failed inside it (SQLSTATE 25P02). Nested calls are a programming error.
    @discardableResult
    package func transaction<T>(
        isolation: PGIsolation = .readCommitted, retries: Int = 5, _ body: (PGConnection) throws -> T
    ) throws -> T {
        precondition(!inTransaction, "PGConnection.transaction called inside a transaction")
        inTransaction = true
        defer { inTransaction = false }
        var attempt = 0
        while true {
            do {
                try query("BEGIN ISOLATION LEVEL \(isolation.sql)")
                let value = try body(self)
                if let handle, PQtransactionStatus(handle) == PQTRANS_INERROR {
                    // COMMIT would quietly roll back; the body swallowed the statement's error.
                    throw PGError(
                        sqlState: "25P02",
                        message: "the transaction was aborted by a failed statement whose error the body did not rethrow")
                }
                try query("COMMIT")
                return value
            } catch {
                rollbackIfNeeded()
                if let pgError = error as? PGError, pgError.isSerializationFailure, attempt < retries {
                    attempt += 1
                    backOff(attempt: attempt)
                    continue
                }
                throw error
            }
        }
    }

    private func rollbackIfNeeded() {
        guard let handle, PQstatus(handle) == CONNECTION_OK else { return }
        let status = PQtransactionStatus(handle)
        if status == PQTRANS_INTRANS || status == PQTRANS_INERROR {
            _ = try? query("ROLLBACK")
        }
    }

    /// Sleeps a random 0…(attempt × 2) ms so conflicting transactions stop colliding in lockstep.
    private func backOff(attempt: Int) {
        let micros = UInt32.random(in: 0...UInt32(min(attempt, 10) * 2_000))
        usleep(micros)
    }

    private func open() throws -> OpaquePointer {
        guard let handle else {
            throw PGError(message: "connection is closed", connectionLost: true)
        }
        return handle
    }

    private func consume(_ result: OpaquePointer?, _ connection: OpaquePointer) throws -> PGResult {
        guard let result else {
            throw PGError(
                message: PGConnection.errorMessage(connection),
                connectionLost: PQstatus(connection) != CONNECTION_OK)
        }
        defer { PQclear(result) }
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK || status == PGRES_EMPTY_QUERY else {
            throw PGConnection.error(from: result, connection)
        }
        let columnCount = Int(PQnfields(result))
        let columns = PGColumns(
            names: (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) },
            types: (0..<columnCount).map { UInt32(PQftype(result, Int32($0))) })
        let rowCount = Int(PQntuples(result))
        var rows = [PGRow]()
        rows.reserveCapacity(rowCount)
        for row in 0..<Int32(rowCount) {
            var values = [String?]()
            values.reserveCapacity(columnCount)
            for column in 0..<Int32(columnCount) {
                if PQgetisnull(result, row, column) != 0 {
                    values.append(nil)
                } else {
                    let length = Int(PQgetlength(result, row, column))
                    let bytes = UnsafeRawBufferPointer(start: PQgetvalue(result, row, column), count: length)
                    values.append(String(decoding: bytes, as: UTF8.self))
                }
            }
            rows.append(PGRow(values: values, columns: columns))
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PGResult(rows: rows, columns: columns, affectedRows: affected)
    }

    private static func error(from result: OpaquePointer, _ connection: OpaquePointer) -> PGError {
        // The PG_DIAG_* codes are character macros, which Swift does not import.
        func field(_ code: Character) -> String? {
            PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
        }
        let primary = field("M")
        let message = primary ?? trimmed(String(cString: PQresultErrorMessage(result)))
        return PGError(
            sqlState: field("C"),
            message: message.isEmpty ? errorMessage(connection) : message,
            constraint: field("n"),
            detail: field("D"),
            connectionLost: PQstatus(connection) != CONNECTION_OK)
    }

    private static func errorMessage(_ connection: OpaquePointer) -> String {
        trimmed(PQerrorMessage(connection).map { String(cString: $0) } ?? "unknown libpq error")
    }

    private static func trimmed(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
