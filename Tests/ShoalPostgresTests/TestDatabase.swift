import Foundation
import ShoalPostgres

/// The PostgreSQL server these tests run against: `SHOAL_TEST_DATABASE_URL` when set (as `ops/test`
/// does), otherwise an `EmbeddedPostgres` in a temporary directory, started once per test process
/// and stopped and deleted at exit.
enum TestDatabase {
    private static let started: Result<String, any Error> = Result {
        if let url = ProcessInfo.processInfo.environment["SHOAL_TEST_DATABASE_URL"], !url.isEmpty {
            return try PostgresAddress.conninfo(from: url)
        }
        let directory = try makeTemporaryDirectory()
        let server = EmbeddedPostgres(directory: directory, log: { FileHandle.standardError.write(Data(($0 + "\n").utf8)) })
        embedded = server
        atexit {
            TestDatabase.embedded?.stop()
            if let directory = TestDatabase.embedded?.directory {
                try? FileManager.default.removeItem(atPath: directory)
            }
        }
        return try server.start()
    }

    nonisolated(unsafe) private static var embedded: EmbeddedPostgres?

    /// The conninfo of the test server, starting it on first use.
    static func conninfo() throws -> String {
        try started.get()
    }

    static func connect() throws -> PGConnection {
        try PGConnection(conninfo: conninfo())
    }

    /// A table name no other test uses, so tests may run in parallel on one server.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)_\(UInt64.random(in: 0...UInt64.max) & 0xffff_ffff_ffff)"
    }

    /// A new empty directory under /tmp (short, so unix socket paths inside it stay short).
    static func makeTemporaryDirectory() throws -> String {
        var template = Array("/tmp/shoal-pg-XXXXXX".utf8CString)
        guard let path = mkdtemp(&template) else {
            throw PGError(message: "mkdtemp failed: \(String(cString: strerror(errno)))")
        }
        return String(cString: path)
    }
}
