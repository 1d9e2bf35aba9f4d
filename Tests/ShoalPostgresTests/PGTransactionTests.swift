import ShoalPostgres
import ShoalTestSupport
import Testing

@Suite struct PGTransactionTests {
    struct Abort: Error {}

    @Test func commitKeepsWritesAndReturnsTheBodyValue() throws {
        let connection = try TestDatabase.connect()
        try connection.query("CREATE TEMP TABLE ledger (n int)")
        let value = try connection.transaction { tx in
            try tx.query("INSERT INTO ledger VALUES (1), (2)")
            return try tx.query("SELECT sum(n) FROM ledger").rows.first?.int(0)
        }
        #expect(value == 3)
        #expect(try connection.query("SELECT count(*) FROM ledger").rows.first?.int(0) == 2)
    }

    @Test func thrownErrorRollsBackAndIsRethrown() throws {
        let connection = try TestDatabase.connect()
        try connection.query("CREATE TEMP TABLE ledger (n int)")
        #expect(throws: Abort.self) {
            try connection.transaction { tx in
                try tx.query("INSERT INTO ledger VALUES (1)")
                throw Abort()
            }
        }
        #expect(try connection.query("SELECT count(*) FROM ledger").rows.first?.int(0) == 0)
    }

    @Test func failedStatementRollsBackAndConnectionIsReusable() throws {
        let connection = try TestDatabase.connect()
        try connection.query("CREATE TEMP TABLE keyed (k text PRIMARY KEY)")
        let error = try #require(throws: PGError.self) {
            try connection.transaction { tx in
                try tx.query("INSERT INTO keyed VALUES ('a')")
                try tx.query("INSERT INTO keyed VALUES ('a')")
            }
        }
        #expect(error.isUniqueViolation)
        #expect(try connection.query("SELECT count(*) FROM keyed").rows.first?.int(0) == 0)
        try connection.transaction { tx in try tx.query("INSERT INTO keyed VALUES ('b')") }
        #expect(try connection.query("SELECT k FROM keyed").rows.map { $0.string(0) } == ["b"])
    }

    @Test func swallowedStatementErrorDoesNotCommit() throws {
        let connection = try TestDatabase.connect()
        try connection.query("CREATE TEMP TABLE keyed (k text PRIMARY KEY)")
        let error = try #require(throws: PGError.self) {
            try connection.transaction { tx in
                try tx.query("INSERT INTO keyed VALUES ('a')")
                _ = try? tx.query("INSERT INTO keyed VALUES ('a')")
            }
        }
        #expect(error.sqlState == "25P02")
        #expect(try connection.query("SELECT count(*) FROM keyed").rows.first?.int(0) == 0)
    }

    /// Runs a transaction whose first attempt meets a concurrent update of the row it read, which
    /// `serializable` turns into SQLSTATE 40001. Returns the attempts made and the final value.
    private func conflictingTransaction(retries: Int) throws -> (attempts: Int, error: PGError?, value: Int64?) {
        let table = TestDatabase.uniqueName("conflict")
        let connection = try TestDatabase.connect()
        let other = try TestDatabase.connect()
        try connection.query("CREATE TABLE \(table) (id int PRIMARY KEY, v int NOT NULL)")
        defer { _ = try? connection.query("DROP TABLE IF EXISTS \(table)") }
        try connection.query("INSERT INTO \(table) VALUES (1, 1)")
        var attempts = 0
        var caught: PGError?
        do {
            try connection.transaction(isolation: .serializable, retries: retries) { tx in
                attempts += 1
                _ = try tx.query("SELECT v FROM \(table) WHERE id = 1")
                if attempts == 1 {
                    try other.query("UPDATE \(table) SET v = v + 1 WHERE id = 1")
                }
                try tx.query("UPDATE \(table) SET v = v + 10 WHERE id = 1")
            }
        } catch let error as PGError {
            caught = error
        }
        let value = try connection.query("SELECT v FROM \(table) WHERE id = 1").rows.first?.int(0)
        return (attempts, caught, value)
    }

    @Test func serializationFailureIsRetried() throws {
        let outcome = try conflictingTransaction(retries: 3)
        #expect(outcome.error == nil)
        #expect(outcome.attempts == 2)
        #expect(outcome.value == 12)
    }

    @Test func serializationFailureIsThrownWhenNoRetryIsLeft() throws {
        let outcome = try conflictingTransaction(retries: 0)
        let error = try #require(outcome.error)
        #expect(error.isSerializationFailure)
        #expect(error.sqlState == "40001")
        #expect(outcome.attempts == 1)
        #expect(outcome.value == 2)
    }

    @Test func isolationLevelIsApplied() throws {
        let connection = try TestDatabase.connect()
        let levels = try [PGIsolation.readCommitted, .repeatableRead, .serializable].map { isolation in
            try connection.transaction(isolation: isolation) { tx in
                try tx.query("SHOW transaction_isolation").rows.first?.string(0)
            }
        }
        #expect(levels == ["read committed", "repeatable read", "serializable"])
    }
}
