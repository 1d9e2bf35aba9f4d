import ShoalPostgres
import ShoalTestSupport
import Testing

@Suite struct PGConnectionTests {
    @Test func typedValuesRoundTrip() throws {
        let connection = try TestDatabase.connect()
        let bytes: [UInt8] = [0, 1, 0, 255, 0, 0x7f, 0x80]
        let result = try connection.query(
            "SELECT $1::text AS t, $2::int8 AS i, $3::bool AS b, $4::bytea AS y, $5::float8 AS d, $6::text AS n",
            [.text("héllo 🌊 日本 'quoted' \\ back"), .int(Int64.min), .bool(true), .bytes(bytes), .double(-1.25e-7), .null])
        let row = try #require(result.rows.first)
        #expect(result.columns == ["t", "i", "b", "y", "d", "n"])
        #expect(row.string(0) == "héllo 🌊 日本 'quoted' \\ back")
        #expect(row.int(1) == Int64.min)
        #expect(row.bool(2) == true)
        #expect(row.bytes(3) == bytes)
        #expect(row.double(4) == -1.25e-7)
        #expect(row.isNull(5))
        #expect(row.string(5) == nil)
        #expect(!row.isNull(0))
    }

    @Test func edgeValuesRoundTrip() throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query(
            "SELECT $1::int8, $2::bool, $3::bytea, $4::float8, $5::float8, $6::float8, $7::int4, $8::text",
            [.int(Int64.max), .bool(false), .bytes([]), .double(.infinity), .double(-.infinity), .double(.nan),
             .int(-42), .text("")])
        let row = try #require(result.rows.first)
        #expect(row.int(0) == Int64.max)
        #expect(row.bool(1) == false)
        #expect(row.bytes(2) == [])
        #expect(row.double(3) == .infinity)
        #expect(row.double(4) == -.infinity)
        #expect(row.double(5)?.isNaN == true)
        #expect(row.int(6) == -42)
        #expect(row.string(7) == "")
        #expect(!row.isNull(7))
    }

    @Test func nullParametersOfEveryColumnType() throws {
        let connection = try TestDatabase.connect()
        let row = try #require(try connection.query(
            "SELECT $1::int8, $2::bool, $3::bytea, $4::float8", [.null, .null, .null, .null]).rows.first)
        for column in 0..<4 { #expect(row.isNull(column)) }
        #expect(row.int(0) == nil && row.bool(1) == nil && row.bytes(2) == nil && row.double(3) == nil)
    }

    @Test func columnsByName() throws {
        let connection = try TestDatabase.connect()
        let result = try connection.query("SELECT 7 AS seven, 'x' AS letter")
        let row = try #require(result.rows.first)
        #expect(result.column("letter") == 1)
        #expect(result.column("missing") == nil)
        #expect(row["seven"].flatMap { row.int($0) } == 7)
        #expect(row["letter"].flatMap { row.string($0) } == "x")
    }

    @Test func bytesStoredInATableRoundTrip() throws {
        let connection = try TestDatabase.connect()
        try connection.query("CREATE TEMP TABLE blobs (id int PRIMARY KEY, data bytea NOT NULL)")
        let data = (0...255).map { UInt8($0) } + [0, 0, 0]
        try connection.query("INSERT INTO blobs VALUES ($1, $2)", [.int(1), .bytes(data)])
        let read = try connection.query("SELECT data FROM blobs WHERE id = $1", [.int(1)])
        #expect(read.rows.first?.bytes(0) == data)
    }

    @Test func affectedRows() throws {
        let connection = try TestDatabase.connect()
        try connection.query("CREATE TEMP TABLE counted (id int PRIMARY KEY, v int)")
        let inserted = try connection.query("INSERT INTO counted SELECT g, 0 FROM generate_series(1, 5) g")
        #expect(inserted.affectedRows == 5)
        #expect(inserted.rows.isEmpty)
        let updated = try connection.query("UPDATE counted SET v = 1 WHERE id > $1", [.int(3)])
        #expect(updated.affectedRows == 2)
        let deleted = try connection.query("DELETE FROM counted WHERE id = $1", [.int(99)])
        #expect(deleted.affectedRows == 0)
        let selected = try connection.query("SELECT id FROM counted ORDER BY id")
        #expect(selected.affectedRows == 5)
        #expect(selected.rows.map { $0.int(0) } == [1, 2, 3, 4, 5])
        let created = try connection.query("CREATE TEMP TABLE other (x int)")
        #expect(created.affectedRows == 0)
    }

    @Test func uniqueViolationCarriesStateAndConstraint() throws {
        let connection = try TestDatabase.connect()
        try connection.query("CREATE TEMP TABLE users (id int, name text CONSTRAINT users_name_key UNIQUE)")
        try connection.query("INSERT INTO users VALUES (1, $1)", [.text("ann")])
        let error = try #require(throws: PGError.self) {
            try connection.query("INSERT INTO users VALUES (2, $1)", [.text("ann")])
        }
        #expect(error.sqlState == "23505")
        #expect(error.isUniqueViolation)
        #expect(error.constraint == "users_name_key")
        #expect(!error.isSerializationFailure && !error.isConnectionFailure)
        #expect(error.detail?.contains("ann") == true)
        #expect(connection.isOK)
        #expect(try connection.query("SELECT count(*) FROM users").rows.first?.int(0) == 1)
    }

    @Test func syntaxErrorIsReportedAndConnectionStaysUsable() throws {
        let connection = try TestDatabase.connect()
        let error = try #require(throws: PGError.self) { try connection.query("SELEC 1") }
        #expect(error.sqlState == "42601")
        #expect(error.message.contains("syntax error"))
        #expect(!error.isUniqueViolation && !error.isConnectionFailure)
        #expect(try connection.query("SELECT 1").rows.first?.int(0) == 1)
    }

    @Test func scriptRunsEveryStatementAndStopsAtAFailure() throws {
        let connection = try TestDatabase.connect()
        try connection.execute(script: """
            CREATE TEMP TABLE steps (n int);
            INSERT INTO steps VALUES (1);
            INSERT INTO steps VALUES (2);
            """)
        #expect(try connection.query("SELECT sum(n) FROM steps").rows.first?.int(0) == 3)
        let error = try #require(throws: PGError.self) {
            try connection.execute(script: "INSERT INTO steps VALUES (10); SELECT * FROM no_such_table; INSERT INTO steps VALUES (100);")
        }
        #expect(error.sqlState == "42P01")
        // A simple-protocol script runs as one implicit transaction: the failure undoes it all.
        #expect(try connection.query("SELECT sum(n) FROM steps").rows.first?.int(0) == 3)
    }

    @Test func terminatedBackendIsAConnectionFailureAndResetRecovers() throws {
        let victim = try TestDatabase.connect()
        let killer = try TestDatabase.connect()
        let pid = try #require(try victim.query("SELECT pg_backend_pid()").rows.first?.int(0))
        let terminated = try killer.query("SELECT pg_terminate_backend($1::int, 10000)", [.int(pid)])
        #expect(terminated.rows.first?.bool(0) == true)

        let error = try #require(throws: PGError.self) { try victim.query("SELECT 1") }
        #expect(error.isConnectionFailure)
        #expect(!victim.isOK)

        victim.reset()
        #expect(victim.isOK)
        let newPid = try #require(try victim.query("SELECT pg_backend_pid()").rows.first?.int(0))
        #expect(newPid != pid)
    }

    @Test func closedConnectionThrowsAndCloseIsIdempotent() throws {
        let connection = try TestDatabase.connect()
        connection.close()
        connection.close()
        #expect(!connection.isOK)
        let error = try #require(throws: PGError.self) { try connection.query("SELECT 1") }
        #expect(error.isConnectionFailure)
    }

    @Test func connectingToNothingThrowsAConnectionFailure() throws {
        let error = try #require(throws: PGError.self) {
            try PGConnection(conninfo: "host=/nonexistent-shoal-socket-dir port=5999 user=postgres connect_timeout=2")
        }
        #expect(error.isConnectionFailure)
        #expect(error.sqlState == nil)
        #expect(!error.message.isEmpty)
    }
}
