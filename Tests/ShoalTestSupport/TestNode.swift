import ShoalConfig
import ShoalLog
import ShoalNode
import Synchronization

/// A real node on 127.0.0.1 with an ephemeral port and its own fresh, migrated database.
package final class TestNode: Sendable {
    package let node: Node
    package let databaseURL: String
    /// Every log line the node wrote at info level and above.
    package let logs = LogCapture()

    package convenience init(configure: (inout NodeConfig) -> Void = { _ in }) throws {
        try self.init(databaseURL: try TestDatabase.create(), configure: configure)
    }

    /// A second node on another node's database, as in a cluster sharing one PostgreSQL.
    package convenience init(
        sharingDatabaseWith other: TestNode, configure: (inout NodeConfig) -> Void = { _ in },
        options: (inout Node.Options) -> Void = { _ in }
    ) throws {
        try self.init(databaseURL: other.databaseURL, configure: configure, options: options)
    }

    package init(
        databaseURL: String, configure: (inout NodeConfig) -> Void, options adjust: (inout Node.Options) -> Void = { _ in }
    ) throws {
        self.databaseURL = databaseURL
        var config = NodeConfig(cores: 2)
        config.socket.address = "127.0.0.1"
        config.socket.port = 0
        config.shutdownGraceSec = 1
        config.database.addresses = [databaseURL]
        config.runtime.requestWorkers = 2
        configure(&config)
        let logs = self.logs
        var options = Node.Options()
        options.clusterMetricsMilliseconds = 500
        adjust(&options)
        node = Node(config: config, logger: Logger(minimumLevel: .info, sink: { logs.append($0) }), options: options)
        try node.start()
    }

    package var port: Int { node.port }

    package func client() -> HTTPTestClient { HTTPTestClient(port: port) }

    package func stop() { node.stop() }
}

/// Collects log lines in memory so tests can assert what a node logged.
package final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ line: String) { lines.withLock { $0.append(line) } }

    package var all: [String] { lines.withLock { $0 } }

    package func containing(_ text: String) -> [String] { all.filter { $0.contains(text) } }
}
