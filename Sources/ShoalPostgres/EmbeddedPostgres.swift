#if canImport(Glibc)
import Glibc
#endif

/// The node's private PostgreSQL server, started when no database is configured, so a single
/// node runs with no setup.
///
/// Layout under `directory`: `data/` (the cluster), `run/` (its unix socket and lock file) and
/// `postgres.log` (the server log). The server listens on the unix socket only
/// (`listen_addresses = ''`) with trust authentication for local connections and `reject` for
/// TCP; as nothing else uses the socket directory, the port only names the socket file, so port 0
/// simply means 5432. When the process runs as root, `directory` is chowned to the `postgres`
/// system user and initdb/pg_ctl run as that user through `runuser` (PostgreSQL refuses to run as
/// root); every ancestor of `directory` MUST then be searchable by that user.
///
/// `start` initialises the cluster on first use, clears a `postmaster.pid` left by a killed node
/// (stopping an orphaned server of this directory, or removing the file when its PID now belongs
/// to another process), starts the server with `pg_ctl -w`, creates the database `shoal` if it is
/// missing and returns a libpq conninfo for it. `stop` is `pg_ctl stop -m fast` and is idempotent.
/// Both block; call them from one thread at a time. Helper output and the tail of the server log
/// go to `log` when a step fails.
package final class EmbeddedPostgres {
    package static let database = "shoal"
    private static let superuser = "postgres"

    package let directory: String
    package let port: Int
    private let log: (String) -> Void
    private var dataDirectory: String { directory + "/data" }
    private var socketDirectory: String { directory + "/run" }
    private var logFile: String { directory + "/postgres.log" }

    package init(directory: String, port: Int = 0, log: @escaping (String) -> Void) {
        let trimmed = directory.count > 1 && directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        // The socket directory becomes libpq's `host`, which must be absolute to mean a unix socket.
        self.directory = trimmed.hasPrefix("/") ? trimmed : EmbeddedPostgres.currentDirectory() + "/" + trimmed
        self.port = port == 0 ? 5432 : port
        self.log = log
    }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Starts the server (initialising it on first use) and returns the conninfo of database `shoal`.
    package func start() throws -> String {
        let tools = try Tools.locate()
        let owner = try serverOwner()
        let socketPath = socketDirectory + "/.s.PGSQL.\(port)"
        guard socketPath.utf8.count < 108 else {
            throw PGError(message: "the socket path \(socketPath) is too long for a unix socket; use a shorter directory")
        }
        try FileSystem.makeDirectories(directory)
        try FileSystem.makeDirectories(socketDirectory)
        if let owner {
            try FileSystem.changeOwner(directory, to: owner)
            try FileSystem.changeOwner(socketDirectory, to: owner)
        }
        if !FileSystem.exists(dataDirectory + "/PG_VERSION") {
            try initialise(tools, owner: owner)
        }
        try writeSettings(owner: owner)
        try clearStaleLock(tools, owner: owner)
        log("starting PostgreSQL in \(dataDirectory)")
        try run(tools.pgCtl, ["-D", dataDirectory, "-l", logFile, "-w", "-t", "120", "-s", "start"],
                owner: owner, what: "pg_ctl start", withServerLog: true)
        try createDatabase()
        return conninfo(database: Self.database)
    }

    /// Stops the server if it is running (`pg_ctl stop -m fast`); idempotent.
    package func stop() {
        guard FileSystem.exists(dataDirectory + "/postmaster.pid"), let tools = try? Tools.locate() else { return }
        do {
            try run(tools.pgCtl, ["-D", dataDirectory, "-m", "fast", "-w", "-t", "120", "-s", "stop"],
                    owner: try serverOwner(), what: "pg_ctl stop", withServerLog: true)
        } catch {
            log("could not stop PostgreSQL in \(dataDirectory): \(error)")
        }
    }

    /// A libpq key=value conninfo for `database` on this server's socket.
    package func conninfo(database: String) -> String {
        "host=\(Self.quoted(socketDirectory)) port=\(port) user=\(Self.superuser) dbname=\(Self.quoted(database))"
    }

    private func initialise(_ tools: Tools, owner: (uid: uid_t, gid: gid_t)?) throws {
        if !FileSystem.entries(dataDirectory).isEmpty {
            throw PGError(message: "\(dataDirectory) is not empty but holds no PostgreSQL cluster (no PG_VERSION)")
        }
        log("initialising a PostgreSQL cluster in \(dataDirectory)")
        try run(tools.initdb, [
            "-D", dataDirectory, "-U", Self.superuser, "-E", "UTF8", "--locale=C",
            "--auth-local=trust", "--auth-host=reject", "--no-instructions",
        ], owner: owner, what: "initdb", withServerLog: false)
        try FileSystem.write(dataDirectory + "/postgresql.conf", "\ninclude_if_exists = 'shoal.conf'\n", append: true)
    }

    /// Settings that may change between starts (port, socket directory) live in `shoal.conf`.
    private func writeSettings(owner: (uid: uid_t, gid: gid_t)?) throws {
        let path = dataDirectory + "/shoal.conf"
        let escapedSocket = socketDirectory.replacingAll("'", with: "''")
        try FileSystem.write(path, """
            # Written by Shoal at every start of its embedded server.
            listen_addresses = ''
            port = \(port)
            unix_socket_directories = '\(escapedSocket)'
            unix_socket_permissions = 0700

            """)
        if let owner { try FileSystem.changeOwner(path, to: owner) }
    }

    /// Makes a `postmaster.pid` left by a killed node harmless before `pg_ctl start`.
    private func clearStaleLock(_ tools: Tools, owner: (uid: uid_t, gid: gid_t)?) throws {
        let pidFile = dataDirectory + "/postmaster.pid"
        guard let contents = FileSystem.read(pidFile) else { return }
        let firstLine = contents.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        guard let pid = pid_t(firstLine.trimmingSpaces()), pid > 0 else {
            log("removing an unreadable \(pidFile)")
            FileSystem.remove(pidFile)
            return
        }
        let alive = kill(pid, 0) == 0 || errno == EPERM
        let serverDirectory = FileSystem.realPath(dataDirectory)
        if alive, serverDirectory != nil, FileSystem.linkTarget("/proc/\(pid)/cwd") == serverDirectory {
            log("stopping an orphaned PostgreSQL (pid \(pid)) of \(dataDirectory)")
            try run(tools.pgCtl, ["-D", dataDirectory, "-m", "fast", "-w", "-t", "120", "-s", "stop"],
                    owner: owner, what: "pg_ctl stop", withServerLog: true)
            return
        }
        log("removing the stale \(pidFile) (pid \(pid) is not a server of this directory)")
        FileSystem.remove(pidFile)
        for name in FileSystem.entries(socketDirectory) where name.hasPrefix(".s.PGSQL.") {
            FileSystem.remove(socketDirectory + "/" + name)
        }
    }

    private func createDatabase() throws {
        let connection = try PGConnection(conninfo: conninfo(database: "postgres"))
        defer { connection.close() }
        let existing = try connection.query("SELECT 1 FROM pg_database WHERE datname = $1", [.text(Self.database)])
        if existing.rows.isEmpty {
            log("creating database \(Self.database)")
            try connection.query("CREATE DATABASE \(Self.database)")
        }
    }

    /// The `postgres` system user when running as root (PostgreSQL refuses root), else nil.
    private func serverOwner() throws -> (uid: uid_t, gid: gid_t)? {
        guard geteuid() == 0 else { return nil }
        guard let entry = getpwnam(Self.superuser) else {
            throw PGError(message: "running as root needs a '\(Self.superuser)' system user to run PostgreSQL")
        }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    private func run(
        _ tool: String, _ arguments: [String], owner: (uid: uid_t, gid: gid_t)?, what: String, withServerLog: Bool
    ) throws {
        var command = [tool] + arguments
        if owner != nil {
            command = [try Tools.runuser(), "-u", Self.superuser, "--"] + command
        }
        let outcome = try Subprocess.run(command, in: directory)
        guard outcome.succeeded else {
            if !outcome.output.isEmpty { log("\(what) output:\n\(outcome.output)") }
            if withServerLog, let serverLog = FileSystem.read(logFile) {
                log("PostgreSQL log (\(logFile)), last lines:\n\(String(serverLog.suffix(4000)))")
            }
            throw PGError(message: "\(what) failed with exit status \(outcome.status) in \(directory)")
        }
    }

    /// Single-quotes a conninfo value, escaping `\` and `'`.
    private static func quoted(_ value: String) -> String {
        "'" + value.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
    }

    /// Paths of the PostgreSQL programs used.
    private struct Tools {
        var initdb: String
        var pgCtl: String

        /// The first PATH entry holding both programs, else the highest `/usr/lib/postgresql/<v>/bin`.
        static func locate() throws -> Tools {
            let path = getenv("PATH").map { String(cString: $0) } ?? ""
            var candidates = path.split(separator: ":").map(String.init)
            let versions = FileSystem.entries("/usr/lib/postgresql").compactMap { Int($0) }.sorted(by: >)
            candidates += versions.map { "/usr/lib/postgresql/\($0)/bin" }
            for directory in candidates where directory.hasPrefix("/") {
                let tools = Tools(initdb: directory + "/initdb", pgCtl: directory + "/pg_ctl")
                if FileSystem.isExecutable(tools.initdb) && FileSystem.isExecutable(tools.pgCtl) {
                    return tools
                }
            }
            throw PGError(message: "PostgreSQL server programs (initdb, pg_ctl) not found in PATH or /usr/lib/postgresql/*/bin")
        }

        static func runuser() throws -> String {
            for candidate in ["/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser"]
            where FileSystem.isExecutable(candidate) {
                return candidate
            }
            throw PGError(message: "running PostgreSQL as root needs runuser (util-linux)")
        }
    }
}
