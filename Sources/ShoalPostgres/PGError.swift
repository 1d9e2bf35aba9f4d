/// A failure reported by libpq or the server, typed so callers can branch on the SQLSTATE
/// (unique violations, serialization failures, lost connections) instead of parsing messages.
///
/// `sqlState` is nil when the failure happened on the client side (connect, lost socket, bad
/// address). `connectionLost` is true when the connection was no longer usable after the failure.
package struct PGError: Error, Sendable, CustomStringConvertible {
    /// The five-character SQLSTATE, e.g. "23505".
    package var sqlState: String?
    /// The primary human-readable message.
    package var message: String
    /// The constraint named by the server (`PG_DIAG_CONSTRAINT_NAME`), e.g. for unique violations.
    package var constraint: String?
    /// The server's DETAIL line, if any.
    package var detail: String?
    /// True when the connection was not `CONNECTION_OK` once the failure was observed.
    package var connectionLost: Bool

    package init(
        sqlState: String? = nil, message: String, constraint: String? = nil, detail: String? = nil,
        connectionLost: Bool = false
    ) {
        self.sqlState = sqlState
        self.message = message
        self.constraint = constraint
        self.detail = detail
        self.connectionLost = connectionLost
    }

    /// `unique_violation`.
    package var isUniqueViolation: Bool { sqlState == "23505" }

    /// `serialization_failure` or `deadlock_detected`: the transaction may succeed if run again.
    package var isSerializationFailure: Bool { sqlState == "40001" || sqlState == "40P01" }

    /// The connection is gone (class 08, server shutdown or termination of the backend, or a
    /// client-side loss); `PGConnection.reset()` may recover it.
    package var isConnectionFailure: Bool {
        if connectionLost { return true }
        guard let sqlState else { return false }
        return sqlState.hasPrefix("08") || sqlState == "57P01" || sqlState == "57P02" || sqlState == "57P03"
    }

    package var description: String {
        var text = "PostgreSQL error"
        if let sqlState { text += " \(sqlState)" }
        text += ": \(message)"
        if let detail { text += " (\(detail))" }
        if let constraint { text += " [constraint \(constraint)]" }
        if connectionLost { text += " [connection lost]" }
        return text
    }
}
