import Foundation
import ShoalTestSupport
import Testing

/// The `shoal` executable as an operator runs it: real processes, real signals, real database.
@Suite struct CLITests {
    /// `shoal` sits next to the test bundle in SwiftPM's build directory.
    static var binary: String {
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = here.deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shoal").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return "shoal"
    }

    struct Outcome {
        var status: Int32
        var output: String
        var errors: String
    }

    static func run(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            errors: String(decoding: errors, as: UTF8.self))
    }

    @Test func badValuesAndUnknownKeysExitOneNamingTheKey() throws {
        let badPort = try Self.run(["check", "--socket.port", "99999"])
        #expect(badPort.status == 1)
        #expect(badPort.errors.contains("socket.port"))
        let unknown = try Self.run(["--sokcet.port", "1"])
        #expect(unknown.status == 1)
        #expect(unknown.errors.contains("sokcet.port"))
        let missingFile = try Self.run(["check", "--config", "/nonexistent/shoal.yml"])
        #expect(missingFile.status == 1)
    }

    @Test func checkPrintsTheConfigurationWithSecretsMasked() throws {
        let outcome = try Self.run(["check", "--socket.server_key", "s3cret-server-key", "--runtime.env", "API=v4lue"])
        #expect(outcome.status == 0)
        #expect(outcome.output.contains("socket.server_key = ****"))
        #expect(!outcome.output.contains("s3cret-server-key"))
        #expect(!outcome.output.contains("v4lue"))
    }

    @Test func helpListsEveryKey() throws {
        let outcome = try Self.run(["--help"])
        #expect(outcome.status == 0)
        for key in ["--socket.port", "--session.encryption_key", "--runtime.http_key", "--database.address"] {
            #expect(outcome.output.contains(key))
        }
    }

    @Test func migrateStatusAndUp() throws {
        let url = try TestDatabase.create(migrated: false)
        let before = try Self.run(["migrate", "status", "--database.address", url])
        #expect(before.status == 0)
        #expect(before.output.contains("pending 0001_accounts_and_sessions"))
        let refused = try Self.run(["--database.address", url, "--socket.port", "0"])
        #expect(refused.status == 1)
        #expect(refused.errors.contains("shoal migrate up --database.address"))
        let up = try Self.run(["migrate", "up", "--database.address", url])
        #expect(up.status == 0, "\(up.errors)")
        #expect(up.output.contains("applied 0001_accounts_and_sessions"))
        let after = try Self.run(["migrate", "status", "--database.address", url])
        #expect(after.output.contains("applied 0001_accounts_and_sessions"))
        #expect(try Self.run(["migrate", "up", "--database.address", url]).output.contains("up to date"))
        #expect(try Self.run(["migrate", "sideways", "--database.address", url]).status == 1)
    }

    @Test func nodeServesAndStopsGracefullyOnSIGTERM() throws {
        let url = try TestDatabase.create()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = [
            "--database.address", url, "--socket.address", "127.0.0.1", "--socket.port", "0",
            "--session.encryption_key", "planted-secret-key", "--shutdown_grace_sec", "2",
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = Pipe()
        try process.run()
        let reader = out.fileHandleForReading
        var log = ""
        var port: Int?
        while port == nil, process.isRunning {
            let chunk = reader.availableData
            if chunk.isEmpty { break }
            log += String(decoding: chunk, as: UTF8.self)
            for line in log.split(separator: "\n") where line.contains("\"node started\"") {
                if let range = line.range(of: #""port":""#) {
                    port = Int(line[range.upperBound...].prefix { $0.isNumber })
                }
            }
        }
        let bound = try #require(port)
        let client = HTTPTestClient(port: bound)
        #expect(try client.request("GET", "/healthcheck").status == 200)
        #expect(log.contains("\"session.encryption_key\":\"****\""))
        #expect(!log.contains("planted-secret-key"))

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        log += String(decoding: reader.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains("\"node stopped\""))
        #expect(throws: (any Error).self) { try HTTPTestClient(port: bound).connect() }
    }
}
