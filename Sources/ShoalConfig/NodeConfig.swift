/// A node's whole configuration as one value, so `ShoalNode` can be wired from data and two nodes can
/// run in one process.
///
/// Fields mirror Nakama's configuration keys (`socket.port` is `socket.port`). Values that default to
/// "derive from something else" (`runtime.path`, `runtime.request_workers`, …) keep the raw setting here;
/// the resolved properties below are what callers MUST use. `cores` is the machine's CPU count, passed in
/// because this module reads nothing from the environment.
package struct NodeConfig: Sendable, Equatable {
    /// Node name: `[A-Za-z0-9_.-]{1,64}`, unique in a cluster, the suffix of authoritative match IDs.
    package var name: String
    package var dataDir: String
    package var shutdownGraceSec: Int
    package var logger: LoggerConfig
    package var database: DatabaseConfig
    package var socket: SocketConfig
    package var session: SessionConfig
    package var runtime: RuntimeConfig
    package var matchmaker: MatchmakerConfig
    package var cluster: ClusterConfig
    /// CPU cores of the machine, the base of the worker-count defaults.
    package var cores: Int

    /// Every key at its default; `cores` feeds the defaults of the worker counts.
    package init(cores: Int = 2) {
        self.name = "nakama"
        self.dataDir = "./data"
        self.shutdownGraceSec = 5
        self.logger = LoggerConfig()
        self.database = DatabaseConfig()
        self.socket = SocketConfig()
        self.session = SessionConfig()
        self.runtime = RuntimeConfig()
        self.matchmaker = MatchmakerConfig()
        self.cluster = ClusterConfig()
        self.cores = max(1, cores)
    }

    /// Directory of the runtime modules: `runtime.path`, or `<data_dir>/modules` when that is empty.
    package var runtimePath: String {
        runtime.path.isEmpty ? Self.join(dataDir, "modules") : runtime.path
    }

    /// Request workers: `runtime.request_workers`, or 4 × cores when that is 0.
    package var requestWorkerCount: Int {
        runtime.requestWorkers == 0 ? 4 * cores : runtime.requestWorkers
    }

    /// Match executors: `runtime.match_executors`, or one per core when that is 0.
    package var matchExecutorCount: Int {
        runtime.matchExecutors == 0 ? cores : runtime.matchExecutors
    }

    /// Database connections: `database.max_open_conns`, or one per request worker when that is 0.
    package var databaseConnectionCount: Int {
        database.maxOpenConns == 0 ? requestWorkerCount : database.maxOpenConns
    }

    /// Where the embedded PostgreSQL lives (`<data_dir>/postgres`), or nil when `database.address`
    /// names external servers.
    package var embeddedPostgresDir: String? {
        database.addresses.isEmpty ? Self.join(dataDir, "postgres") : nil
    }

    private static func join(_ directory: String, _ child: String) -> String {
        directory.hasSuffix("/") ? directory + child : directory + "/" + child
    }
}
