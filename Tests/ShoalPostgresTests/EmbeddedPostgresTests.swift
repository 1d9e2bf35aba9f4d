import Foundation
import ShoalPostgres
import ShoalTestSupport
import Testing

@Suite struct EmbeddedPostgresTests {
    private func withDirectory(_ body: (String) throws -> Void) throws {
        let directory = try TestDatabase.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    private func log(_ line: String) {
        FileHandle.standardError.write(Data(("[embedded] " + line + "\n").utf8))
    }

    @Test func startStopAndRestartKeepData() throws {
        try withDirectory { directory in
            let server = EmbeddedPostgres(directory: directory, log: log)
            defer { server.stop() }
            let conninfo = try server.start()
            do {
                let connection = try PGConnection(conninfo: conninfo)
                #expect(try connection.query("SELECT current_database()").rows.first?.string(0) == "shoal")
                #expect(try connection.query("SHOW server_encoding").rows.first?.string(0) == "UTF8")
                #expect(try connection.query("SHOW listen_addresses").rows.first?.string(0) == "")
                try connection.query("CREATE TABLE kept (v text)")
                try connection.query("INSERT INTO kept VALUES ($1)", [.text("survives")])
            }
            if geteuid() == 0 {
                let owner = try FileManager.default.attributesOfItem(atPath: directory + "/data")[.ownerAccountName] as? String
                #expect(owner == "postgres")
            }

            server.stop()
            server.stop()
            #expect(throws: PGError.self) { try PGConnection(conninfo: conninfo) }

            let again = try EmbeddedPostgres(directory: directory, log: log).start()
            #expect(again == conninfo)
            let connection = try PGConnection(conninfo: again)
            #expect(try connection.query("SELECT v FROM kept").rows.first?.string(0) == "survives")
        }
    }

    @Test func staleLockAndOrphanedServerAreHandled() throws {
        try withDirectory { directory in
            let first = EmbeddedPostgres(directory: directory, port: 5488, log: log)
            let conninfo = try first.start()
            let firstStart = try PGConnection(conninfo: conninfo).query("SELECT pg_postmaster_start_time()::text").rows.first?.string(0)

            // A node killed while its server kept running: the next node takes the server over.
            let second = EmbeddedPostgres(directory: directory, port: 5488, log: log)
            defer { second.stop() }
            #expect(try second.start() == conninfo)
            let secondStart = try PGConnection(conninfo: conninfo).query("SELECT pg_postmaster_start_time()::text").rows.first?.string(0)
            #expect(secondStart != nil && secondStart != firstStart)

            // A lock file whose PID now belongs to an unrelated live process (here: this test).
            second.stop()
            let pidFile = directory + "/data/postmaster.pid"
            try "\(getpid())\n\(directory)/data\n".write(toFile: pidFile, atomically: false, encoding: .utf8)
            _ = try second.start()
            #expect(try PGConnection(conninfo: conninfo).query("SELECT 1").rows.first?.int(0) == 1)
            let lockPID = try String(contentsOfFile: pidFile, encoding: .utf8).split(separator: "\n").first
            #expect(lockPID != nil && lockPID != Substring("\(getpid())"))
        }
    }

    @Test func foreignFilesInTheDataDirectoryAreRefused() throws {
        try withDirectory { directory in
            try FileManager.default.createDirectory(atPath: directory + "/data", withIntermediateDirectories: true)
            try "not a cluster".write(toFile: directory + "/data/notes.txt", atomically: false, encoding: .utf8)
            let server = EmbeddedPostgres(directory: directory, log: log)
            let error = try #require(throws: PGError.self) { try server.start() }
            #expect(error.message.contains("PG_VERSION"))
        }
    }
}
