#if canImport(Glibc)
import Glibc
#endif
import ShoalPostgres
import ShoalStore
import Synchronization

/// The PostgreSQL server tests run against, and fresh databases on it.
///
/// `ops/test` starts a throwaway server and exports `SHOAL_TEST_DATABASE_URL`; when that is unset (a
/// bare `swift test`), one embedded server is started under /tmp for the whole test process.
package enum TestDatabase {
    private static let server = Mutex<String?>(nil)
    private static let counter = Atomic<Int>(0)

    /// The server's admin URL.
    package static func serverURL() throws -> String {
        try server.withLock { url in
            if let url { return url }
            if let env = getenv("SHOAL_TEST_DATABASE_URL"), !String(cString: env).isEmpty {
                url = String(cString: env)
            } else {
                let directory = "/tmp/shoal-tests-postgres-\(getpid())"
                let embedded = EmbeddedPostgres(directory: directory, log: { _ in })
                url = try embedded.start()
                // The server lives as long as the test process; `atexit` cannot capture context.
                TestDatabase.embedded = embedded
            }
            return url!
        }
    }

    nonisolated(unsafe) private static var embedded: EmbeddedPostgres?

    /// Creates an empty database with a unique name and returns its conninfo URL, migrated when asked.
    package static func create(migrated: Bool = true) throws -> String {
        let admin = try PGConnection(conninfo: try serverURL())
        defer { admin.close() }
        let name = "shoal_test_\(getpid())_\(counter.add(1, ordering: .relaxed).newValue)_\(UInt32.random(in: 0...UInt32.max))"
        try admin.query("CREATE DATABASE \(name)")
        let url = try replacingDatabase(in: try serverURL(), with: name)
        if migrated {
            let connection = try PGConnection(conninfo: url)
            defer { connection.close() }
            try Migrator(connection: connection).up()
        }
        return url
    }

    /// Points a conninfo (URL or key=value form) at another database.
    static func replacingDatabase(in conninfo: String, with name: String) throws -> String {
        if conninfo.hasPrefix("postgres://") || conninfo.hasPrefix("postgresql://") {
            let schemeEnd = conninfo.range(of: "://")!.upperBound
            let rest = conninfo[schemeEnd...]
            let queryStart = rest.firstIndex(of: "?") ?? rest.endIndex
            let authority = rest[..<queryStart]
            let host = authority.firstIndex(of: "/").map { authority[..<$0] } ?? authority
            return String(conninfo[..<schemeEnd]) + host + "/" + name + String(rest[queryStart...])
        }
        return conninfo + " dbname=\(name)"
    }
}
