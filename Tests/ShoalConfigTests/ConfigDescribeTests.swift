import ShoalConfig
import Testing

@Suite struct ConfigDescribeTests {
    private static let secrets = [
        "serverkey-s3cret", "encryption-s3cret", "refresh-s3cret", "httpkey-s3cret", "cluster-s3cret",
        "dbpass-s3cret", "querypass-s3cret", "kvpass-s3cret", "env-s3cret",
    ]

    private func configWithSecrets() throws -> NodeConfig {
        try ConfigLoader.load(arguments: [
            "--socket.server_key", "serverkey-s3cret",
            "--session.encryption_key", "encryption-s3cret",
            "--session.refresh_encryption_key", "refresh-s3cret",
            "--runtime.http_key", "httpkey-s3cret",
            "--cluster.key", "cluster-s3cret",
            "--database.address", "postgres://shoal:dbpass-s3cret@db1:5432/shoal?sslmode=disable",
            "--database.address", "postgres://shoal@db2:5432/shoal?password=querypass-s3cret&sslmode=require",
            "--database.address", "host=db3 user=shoal password=kvpass-s3cret dbname=shoal",
            "--runtime.env", "API_TOKEN=env-s3cret",
        ], cores: 2, readFile: { _ in "" })
    }

    @Test func describeMasksEverySecret() throws {
        let lines = ConfigLoader.describe(try configWithSecrets())
        for line in lines {
            for secret in Self.secrets {
                #expect(!line.value.contains(secret), "\(line.key) shows \(secret)")
            }
        }
        let values = Dictionary(uniqueKeysWithValues: lines.map { ($0.key, $0.value) })
        #expect(values["socket.server_key"] == "****")
        #expect(values["session.encryption_key"] == "****")
        #expect(values["session.refresh_encryption_key"] == "****")
        #expect(values["runtime.http_key"] == "****")
        #expect(values["cluster.key"] == "****")
        #expect(values["runtime.env"] == "{API_TOKEN=****}")
        #expect(values["database.address"] == "[postgres://shoal:****@db1:5432/shoal?sslmode=disable, "
            + "postgres://shoal@db2:5432/shoal?password=****&sslmode=require, "
            + "host=db3 user=shoal password=**** dbname=shoal]")
    }

    @Test func userPasswordFormWithoutSchemeIsMasked() throws {
        let config = try ConfigLoader.load(
            arguments: ["--database.address", "root:p@ss:word@localhost:26257/nakama"], cores: 2, readFile: { _ in "" })
        let value = ConfigLoader.describe(config).first { $0.key == "database.address" }?.value
        #expect(value == "[root:****@localhost:26257/nakama]")
    }

    @Test func describeListsEveryKeySortedWithResolvedValues() throws {
        let config = try ConfigLoader.load(arguments: ["--data_dir", "/srv/shoal"], cores: 4, readFile: { _ in "" })
        let lines = ConfigLoader.describe(config)
        #expect(lines.map(\.key) == lines.map(\.key).sorted())
        #expect(Set(lines.map(\.key)) == Set(ConfigLoader.keyHelp.map(\.key)))
        let values = Dictionary(uniqueKeysWithValues: lines.map { ($0.key, $0.value) })
        #expect(values["runtime.path"] == "/srv/shoal/modules")
        #expect(values["runtime.request_workers"] == "16")
        #expect(values["runtime.match_executors"] == "4")
        #expect(values["database.max_open_conns"] == "16")
        #expect(values["socket.port"] == "7350")
        #expect(values["socket.address"] == "\"\"")
        #expect(values["session.single_socket"] == "false")
        #expect(values["logger.level"] == "info")
        #expect(values["cluster.join"] == "[]")
        #expect(values["cluster.key"] == "\"\"")
    }

    @Test func keyHelpCoversEveryKeyOnceWithItsDefault() {
        let help = ConfigLoader.keyHelp
        let keys = help.map(\.key)
        #expect(Set(keys).count == keys.count)
        #expect(Set(keys) == [
            "name", "data_dir", "shutdown_grace_sec", "logger.level", "logger.format",
            "database.address", "database.max_open_conns", "database.conn_max_lifetime_ms",
            "socket.server_key", "socket.address", "socket.port", "socket.max_message_size_bytes",
            "socket.max_request_size_bytes", "socket.read_timeout_ms", "socket.write_timeout_ms",
            "socket.idle_timeout_ms", "socket.write_wait_ms", "socket.pong_wait_ms", "socket.ping_period_ms",
            "socket.outgoing_queue_size", "socket.max_connections",
            "session.encryption_key", "session.token_expiry_sec", "session.refresh_encryption_key",
            "session.refresh_token_expiry_sec", "session.single_socket", "session.single_match",
            "session.single_party", "session.single_session",
            "runtime.path", "runtime.http_key", "runtime.env", "runtime.lua_api_stacktrace",
            "runtime.request_workers", "runtime.match_executors", "runtime.worker_queue_size",
            "runtime.lua_instruction_limit", "runtime.lua_memory_limit_bytes", "runtime.lua_call_timeout_ms",
            "matchmaker.max_tickets", "matchmaker.interval_sec", "matchmaker.max_intervals",
            "cluster.gossip_port", "cluster.join", "cluster.key", "cluster.probe_interval_ms",
            "cluster.probe_timeout_ms", "cluster.suspicion_mult",
        ])
        for entry in help {
            #expect(!entry.help.isEmpty)
            #expect(entry.help.contains("(default: "), "\(entry.key)")
        }
        let port = help.first { $0.key == "socket.port" }
        #expect(port?.help.hasSuffix("(default: 7350)") == true)
    }

    @Test func everyHelpedKeyIsAcceptedAsAFlag() throws {
        for entry in ConfigLoader.keyHelp {
            do {
                _ = try ConfigLoader.load(arguments: ["--\(entry.key)=bogus!"], cores: 2, readFile: { _ in "" })
            } catch let error as ConfigError {
                #expect(!error.message.contains("unknown key"), "\(entry.key): \(error.message)")
            }
        }
    }

    @Test func logLevelsAreOrderedBySeverity() {
        #expect(LogLevel.debug < .info)
        #expect(LogLevel.info < .warn)
        #expect(LogLevel.warn < .error)
        #expect(LogLevel.allCases.sorted() == [.debug, .info, .warn, .error])
    }
}
