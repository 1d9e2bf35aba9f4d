#if canImport(Glibc)
import Glibc
#endif
import ShoalCrypto
import ShoalPostgres
import ShoalStore
import Synchronization

/// The PostgreSQL server tests run against, and fresh databases on it.
///
/// `ops/test` starts a throwaway server and exports `SHOAL_TEST_DATABASE_URL`; when that is unset (a
/// bare `swift test`), one `EmbeddedPostgres` is started in a temporary directory for the whole test
/// process and stopped and deleted at exit.
package enum TestDatabase {
    private static let started: Result<String, any Error> = Result {
        if let env = getenv("SHOAL_TEST_DATABASE_URL"), !String(cString: env).isEmpty {
            return try PostgresAddress.conninfo(from: String(cString: env))
        }
        let directory = try makeTemporaryDirectory()
        let server = EmbeddedPostgres(directory: directory, log: { _ in })
        embedded = server
        // OpenSSL frees its locks in an exit handler of its own. Initialising it first makes that handler
        // run after this one, so nodes still running while the server stops never use a freed lock.
        _ = Digest.sha256([])
        atexit {
            TestDatabase.embedded?.stop()
            if let directory = TestDatabase.embedded?.directory {
                _ = directory.withCString { path in
                    // The server's files belong to the postgres user when tests run as root.
                    system("rm -rf '\(String(cString: path))'")
                }
            }
        }
        return try server.start()
    }

    nonisolated(unsafe) private static var embedded: EmbeddedPostgres?
    private static let counter = Atomic<Int>(0)

    /// The test server's conninfo, starting it on first use.
    package static func conninfo() throws -> String { try started.get() }

    package static func connect() throws -> PGConnection { try PGConnection(conninfo: conninfo()) }

    /// A name no other test uses, so tests may run in parallel on one server.
    package static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(getpid())_\(counter.add(1, ordering: .relaxed).newValue)_\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Creates an empty database with a unique name and returns its conninfo, migrated unless asked not to.
    package static func create(migrated: Bool = true) throws -> String {
        let admin = try connect()
        defer { admin.close() }
        let name = uniqueName("shoal_test")
        try admin.query("CREATE DATABASE \(name)")
        let url = replacingDatabase(in: try conninfo(), with: name)
        if migrated {
            let connection = try PGConnection(conninfo: url)
            defer { connection.close() }
            try Migrator(connection: connection).up()
        }
        return url
    }

    /// Points a conninfo (URL or key=value form, where a later key wins) at another database.
    static func replacingDatabase(in conninfo: String, with name: String) -> String {
        let scheme = conninfo.hasPrefix("postgresql://") ? "postgresql://" : "postgres://"
        guard conninfo.hasPrefix(scheme) else { return conninfo + " dbname=\(name)" }
        let schemeEnd = conninfo.index(conninfo.startIndex, offsetBy: scheme.count)
        let rest = conninfo[schemeEnd...]
        let queryStart = rest.firstIndex(of: "?") ?? rest.endIndex
        let authority = rest[..<queryStart]
        let host = authority.firstIndex(of: "/").map { authority[..<$0] } ?? authority
        return String(conninfo[..<schemeEnd]) + host + "/" + name + String(rest[queryStart...])
    }

    /// A new empty directory under /tmp (short, so unix socket paths inside it stay short).
    package static func makeTemporaryDirectory() throws -> String {
        var template = Array("/tmp/shoal-pg-XXXXXX".utf8CString)
        guard let path = mkdtemp(&template) else {
            throw PGError(message: "mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        return String(cString: path)
    }
}
