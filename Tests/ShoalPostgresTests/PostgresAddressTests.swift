import ShoalPostgres
import ShoalTestSupport
import Testing

@Suite struct PostgresAddressTests {
    @Test(arguments: [
        "postgres://u:p@db:5432/x?sslmode=disable",
        "postgresql://u@db/x",
        "host=/run/postgresql port=5432 dbname=shoal",
        "dbname=shoal",
    ])
    func urlsAndKeyValueConninfoPassThrough(_ address: String) throws {
        #expect(try PostgresAddress.conninfo(from: address) == address)
    }

    @Test func surroundingSpacesAreIgnored() throws {
        #expect(try PostgresAddress.conninfo(from: "  postgres://db/x \n") == "postgres://db/x")
    }

    @Test(arguments: [
        ("root:secret@db.internal:26257/nakama", "postgresql://root:secret@db.internal:26257/nakama"),
        ("root@localhost", "postgresql://root@localhost:5432/shoal"),
        ("localhost:5433", "postgresql://localhost:5433/shoal"),
        ("localhost/game", "postgresql://localhost:5432/game"),
        ("localhost", "postgresql://localhost:5432/shoal"),
        ("root@127.0.0.1:26257/nakama?sslmode=disable", "postgresql://root@127.0.0.1:26257/nakama?sslmode=disable"),
        ("[::1]:6543/db", "postgresql://[::1]:6543/db"),
        ("admin@[fe80::1]", "postgresql://admin@[fe80::1]:5432/shoal"),
        ("db:5432/", "postgresql://db:5432/shoal"),
    ])
    func nakamaFormsBecomeURLs(_ address: String, _ expected: String) throws {
        #expect(try PostgresAddress.conninfo(from: address) == expected)
    }

    @Test func credentialsAndDatabaseArePercentEncoded() throws {
        let conninfo = try PostgresAddress.conninfo(from: "my user:p@ss:w/rd?#%é@db:5432/game night")
        #expect(conninfo == "postgresql://my%20user:p%40ss%3Aw%2Frd%3F%23%25%C3%A9@db:5432/game%20night")
    }

    @Test(arguments: ["", "   ", "user@", "user@:5432", "db:0", "db:65536", "db:port", "[::1", "[::1]x", "user@/db"])
    func invalidAddressesThrowWithoutEchoingThem(_ address: String) throws {
        let error = try #require(throws: PGError.self) { try PostgresAddress.conninfo(from: address) }
        #expect(error.message.hasPrefix("invalid database address"))
        #expect(error.sqlState == nil)
    }

    @Test func invalidAddressErrorDoesNotLeakThePassword() throws {
        let error = try #require(throws: PGError.self) { try PostgresAddress.conninfo(from: "u:hunter2@db:notaport") }
        #expect(!error.description.contains("hunter2"))
    }
}
