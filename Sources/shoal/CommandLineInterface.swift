#if canImport(Glibc)
import Glibc
#endif
import ShoalConfig
import ShoalLog
import ShoalNode
import ShoalPostgres
import ShoalStore
import ShoalAPI

/// The `shoal` command: parses the subcommand, loads the configuration and runs it; returns the exit code.
enum CommandLineInterface {
    static let usage = """
        usage: shoal [--config FILE] [--section.key VALUE ...]     run a node
               shoal migrate up|status --database.address ADDR      apply or list schema migrations
               shoal check [--config FILE] [flags]                  validate the configuration
               shoal --help                                         this text and every configuration key
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            printOut(usage + "\n\nconfiguration keys (YAML key or --flag):\n")
            for (key, help) in ConfigLoader.keyHelp { printOut("  --\(key)\n      \(help)\n") }
            return 0
        }
        switch arguments.first {
        case "migrate":
            return migrate(Array(arguments.dropFirst()))
        case "check":
            return check(Array(arguments.dropFirst()))
        case let word? where !word.hasPrefix("-"):
            printError("unknown command '\(word)'\n\(usage)\n")
            return 1
        default:
            return serve(arguments)
        }
    }

    /// Validates the configuration and the runtime modules without serving.
    static func check(_ arguments: [String]) -> Int32 {
        guard let config = loadConfig(arguments) else { return 1 }
        printOut("configuration ok\n")
        for (key, value) in ConfigLoader.describe(config) { printOut("  \(key) = \(value)\n") }
        let logger = Logger(minimumLevel: .error)
        do {
            let conninfo = try config.database.addresses.first.map(PostgresAddress.conninfo(from:))
            if let runtime = try Node.loadRuntime(
                config: config, conninfo: conninfo, revocations: RevocationCache(), logger: logger)
            {
                printOut("modules ok: \(runtime.shared.modules.map(\.name).joined(separator: ", "))\n")
                printOut("rpc functions: \(runtime.registry.rpcIDs.sorted().joined(separator: ", "))\n")
            } else {
                printOut("no modules in \(config.runtimePath)\n")
            }
            return 0
        } catch {
            printError("shoal check: \(error)\n")
            return 1
        }
    }

    static func serve(_ arguments: [String]) -> Int32 {
        guard let config = loadConfig(arguments) else { return 1 }
        let logger = Logger(minimumLevel: config.logger.level.loggerLevel, fields: [("node", config.name)])
        logger.info("configuration", ConfigLoader.describe(config).map { ($0.key, $0.value) })
        // A parent may have spawned us with signals blocked (a blocked mask survives exec); the
        // graceful-shutdown signals must reach the loop, whose threads inherit this mask.
        var shutdownSignals = sigset_t()
        sigemptyset(&shutdownSignals)
        sigaddset(&shutdownSignals, SIGINT)
        sigaddset(&shutdownSignals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &shutdownSignals, nil)
        var options = Node.Options()
        options.handleSignals = true
        let node = Node(config: config, logger: logger, options: options)
        do {
            try node.start()
        } catch {
            logger.error("node failed to start", [("error", "\(error)")])
            printError("shoal: \(error)\n")
            return 1
        }
        node.waitUntilStopped()
        return 0
    }

    static func migrate(_ arguments: [String]) -> Int32 {
        guard let action = arguments.first, action == "up" || action == "status" else {
            printError("usage: shoal migrate up|status --database.address ADDR\n")
            return 1
        }
        guard let config = loadConfig(Array(arguments.dropFirst())) else { return 1 }
        guard let address = config.database.addresses.first else {
            printError("shoal migrate needs --database.address (a node migrates its embedded database itself)\n")
            return 1
        }
        do {
            let connection = try PGConnection(conninfo: try PostgresAddress.conninfo(from: address))
            defer { connection.close() }
            let migrator = Migrator(connection: connection)
            if action == "up" {
                let applied = try migrator.up()
                for name in applied { printOut("applied \(name)\n") }
                printOut(applied.isEmpty ? "database is up to date\n" : "database migrated\n")
            } else {
                let status = try migrator.status()
                for migration in Migrations.all {
                    let done = status.applied.contains(migration.version)
                    printOut("\(done ? "applied" : "pending") \(Migration.Name(migration))\n")
                }
            }
            return 0
        } catch {
            printError("shoal migrate: \(error)\n")
            return 1
        }
    }

    static func loadConfig(_ arguments: [String]) -> NodeConfig? {
        do {
            return try ConfigLoader.load(arguments: arguments, cores: processorCount(), readFile: readTextFile)
        } catch {
            printError("shoal: \(error)\n")
            return nil
        }
    }

    static func processorCount() -> Int { max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))) }

    static func readTextFile(_ path: String) throws -> String {
        guard let file = fopen(path, "rb") else {
            throw ConfigError("cannot read config file '\(path)': \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func printOut(_ text: String) { writeAll(1, text) }
    static func printError(_ text: String) { writeAll(2, text) }

    static func writeAll(_ descriptor: Int32, _ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

extension LogLevel {
    var loggerLevel: Logger.Level {
        switch self {
        case .debug: return .debug
        case .info: return .info
        case .warn: return .warn
        case .error: return .error
        }
    }
}
