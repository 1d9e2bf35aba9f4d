import ShoalConfig
import Testing

/// Files the loader may read, keyed by path.
private struct Files {
    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "no such file \(path)" }
    }

    var contents: [String: String]

    func read(_ path: String) throws -> String {
        guard let text = contents[path] else { throw Missing(path: path) }
        return text
    }
}

private func load(_ arguments: [String], files: [String: String] = [:], cores: Int = 2) throws -> NodeConfig {
    try ConfigLoader.load(arguments: arguments, cores: cores, readFile: Files(contents: files).read)
}

/// The error `load` throws, or nil when it succeeds.
private func loadError(_ arguments: [String], files: [String: String] = [:]) -> ConfigError? {
    do {
        _ = try load(arguments, files: files)
        return nil
    } catch let error as ConfigError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}

@Suite struct ConfigLoaderTests {
    @Test func noArgumentsGiveTheDefaults() throws {
        let config = try load([])
        #expect(config == NodeConfig(cores: 2))
        #expect(config.name == "nakama")
        #expect(config.dataDir == "./data")
        #expect(config.shutdownGraceSec == 5)
        #expect(config.logger.level == .info)
        #expect(config.logger.format == .json)
        #expect(config.database.addresses.isEmpty)
        #expect(config.database.connMaxLifetimeMs == 3_600_000)
        #expect(config.socket.serverKey == "defaultkey")
        #expect(config.socket.port == 7350)
        #expect(config.socket.maxMessageSizeBytes == 4096)
        #expect(config.socket.maxRequestSizeBytes == 262_144)
        #expect(config.socket.pingPeriodMs == 15_000)
        #expect(config.socket.pongWaitMs == 25_000)
        #expect(config.socket.maxConnections == 65_536)
        #expect(config.session.encryptionKey == "defaultencryptionkey")
        #expect(config.session.refreshEncryptionKey == "defaultrefreshencryptionkey")
        #expect(config.session.tokenExpirySec == 60)
        #expect(config.session.refreshTokenExpirySec == 3600)
        #expect(!config.session.singleSocket)
        #expect(config.runtime.httpKey == "defaulthttpkey")
        #expect(config.runtime.env.isEmpty)
        #expect(config.runtime.luaInstructionLimit == 10_000_000)
        #expect(config.runtime.luaMemoryLimitBytes == 33_554_432)
        #expect(config.matchmaker.maxTickets == 3)
        #expect(config.matchmaker.intervalSec == 15)
        #expect(config.matchmaker.maxIntervals == 2)
        #expect(config.cluster.gossipPort == 7352)
        #expect(config.cluster.suspicionMult == 4)
    }

    @Test func derivedValuesFollowCoresAndDataDir() throws {
        let config = try load(["--data_dir", "/var/shoal/"], cores: 3)
        #expect(config.requestWorkerCount == 12)
        #expect(config.matchExecutorCount == 3)
        #expect(config.databaseConnectionCount == 12)
        #expect(config.runtimePath == "/var/shoal/modules")
        #expect(config.embeddedPostgresDir == "/var/shoal/postgres")

        let explicit = try load([
            "--runtime.request_workers", "5", "--runtime.match_executors", "2", "--database.max_open_conns", "7",
            "--runtime.path", "/srv/modules", "--database.address", "postgres://db:5432/shoal",
        ], cores: 3)
        #expect(explicit.requestWorkerCount == 5)
        #expect(explicit.matchExecutorCount == 2)
        #expect(explicit.databaseConnectionCount == 7)
        #expect(explicit.runtimePath == "/srv/modules")
        #expect(explicit.embeddedPostgresDir == nil)
    }

    @Test func yamlFileSetsTopLevelKeysAndSections() throws {
        let yaml = """
            name: node-1
            data_dir: /var/lib/shoal
            logger:
              level: debug
            database:
              address:
                - "postgres://shoal:pw@db1:5432/shoal"
                - "shoal@db2:5432/shoal"
            socket:
              server_key: s3cret
              port: 7450
            session:
              single_socket: true
            runtime:
              env:
                - "region=eu"
                - "formula=a=b"
            cluster:
              join: ["10.0.0.1:7352", "[::1]:7352"]
            """
        let config = try load(["--config", "shoal.yml"], files: ["shoal.yml": yaml])
        #expect(config.name == "node-1")
        #expect(config.dataDir == "/var/lib/shoal")
        #expect(config.logger.level == .debug)
        #expect(config.database.addresses == ["postgres://shoal:pw@db1:5432/shoal", "shoal@db2:5432/shoal"])
        #expect(config.socket.serverKey == "s3cret")
        #expect(config.socket.port == 7450)
        #expect(config.session.singleSocket)
        #expect(config.runtime.env == ["region": "eu", "formula": "a=b"])
        #expect(config.cluster.join == ["10.0.0.1:7352", "[::1]:7352"])
        #expect(config.socket.maxMessageSizeBytes == 4096)
    }

    @Test func runtimeEnvMayBeAMapping() throws {
        let yaml = """
            runtime:
              env:
                region: eu
                empty:
            """
        let config = try load(["--config=shoal.yml"], files: ["shoal.yml": yaml])
        #expect(config.runtime.env == ["region": "eu", "empty": ""])
    }

    @Test func emptyFileAndEmptySectionChangeNothing() throws {
        let config = try load(["--config", "a.yml", "--config", "b.yml"], files: ["a.yml": "", "b.yml": "socket:\n"])
        #expect(config == NodeConfig())
    }

    @Test func laterFilesOverrideEarlierOnes() throws {
        let config = try load(
            ["--config", "base.yml", "--config", "prod.yml"],
            files: ["base.yml": "socket:\n  port: 1\n  server_key: base\n", "prod.yml": "socket:\n  port: 2\n"])
        #expect(config.socket.port == 2)
        #expect(config.socket.serverKey == "base")
    }

    @Test func flagsOverrideTheFileWhereverTheyAppear() throws {
        let files = ["shoal.yml": "socket:\n  port: 7450\n  server_key: fromfile\nname: filenode\n"]
        let config = try load(["--socket.port", "7550", "--config", "shoal.yml", "--name=flagnode"], files: files)
        #expect(config.socket.port == 7550)
        #expect(config.name == "flagnode")
        #expect(config.socket.serverKey == "fromfile")
    }

    @Test func spacedAndEqualsFormsAreEquivalent() throws {
        let spaced = try load(["--socket.port", "7351", "--socket.address", "127.0.0.1", "--logger.level", "warn"])
        let equals = try load(["--socket.port=7351", "--socket.address=127.0.0.1", "--logger.level=warn"])
        #expect(spaced == equals)
        #expect(spaced.socket.port == 7351)
        #expect(spaced.socket.address == "127.0.0.1")
        #expect(spaced.logger.level == .warn)
    }

    @Test func equalsFormKeepsLaterEqualsSignsInTheValue() throws {
        let config = try load(["--socket.server_key=a=b", "--runtime.env=TOKEN=x=y"])
        #expect(config.socket.serverKey == "a=b")
        #expect(config.runtime.env == ["TOKEN": "x=y"])
    }

    @Test func lastOccurrenceOfASingleFlagWins() throws {
        let config = try load(["--socket.port", "1", "--socket.port", "2"])
        #expect(config.socket.port == 2)
    }

    @Test func repeatedListFlagsCollectAndReplaceTheFileList() throws {
        let yaml = "database:\n  address: [\"file-db:5432\"]\ncluster:\n  join: [\"a:1\"]\n"
        let config = try load([
            "--config", "shoal.yml",
            "--database.address", "postgres://db1:5432/shoal", "--database.address=postgres://db2:5432/shoal",
            "--cluster.join", "10.0.0.2:7352", "--cluster.join", "10.0.0.3:7352",
        ], files: ["shoal.yml": yaml])
        #expect(config.database.addresses == ["postgres://db1:5432/shoal", "postgres://db2:5432/shoal"])
        #expect(config.cluster.join == ["10.0.0.2:7352", "10.0.0.3:7352"])
    }

    @Test func runtimeEnvFlagsMergeOverTheFile() throws {
        let yaml = "runtime:\n  env:\n    - \"region=eu\"\n    - \"tier=free\"\n"
        let config = try load(
            ["--config", "shoal.yml", "--runtime.env", "tier=paid", "--runtime.env", "debug=1"],
            files: ["shoal.yml": yaml])
        #expect(config.runtime.env == ["region": "eu", "tier": "paid", "debug": "1"])
    }

    @Test func booleanFlagForms() throws {
        #expect(try load(["--session.single_socket"]).session.singleSocket)
        #expect(try load(["--session.single_socket=true"]).session.singleSocket)
        #expect(try load(["--session.single_socket=TRUE"]).session.singleSocket)
        let fromFile = ["on.yml": "session:\n  single_socket: true\n"]
        #expect(try !load(["--config", "on.yml", "--session.single_socket=false"], files: fromFile).session.singleSocket)
        // A bare boolean flag does not consume the next argument.
        let config = try load(["--session.single_match", "--socket.port", "9"])
        #expect(config.session.singleMatch)
        #expect(config.socket.port == 9)
    }

    @Test func aBareBooleanFollowedByAValueIsRejected() throws {
        let error = try #require(loadError(["--session.single_socket", "false"]))
        #expect(error.key == "session.single_socket")
        #expect(error.message.contains("write --session.single_socket=false"))
    }

    @Test func booleanFlagRejectsOtherWords() throws {
        let error = try #require(loadError(["--session.single_socket=yes"]))
        #expect(error.key == "session.single_socket")
        #expect(error.message.contains("--session.single_socket"))
        #expect(error.message.contains("expected true or false"))
    }

    @Test func unknownFlagIsNamedWithASuggestion() throws {
        let error = try #require(loadError(["--socket.prot", "7350"]))
        #expect(error.key == "socket.prot")
        #expect(error.message.contains("socket.prot"))
        #expect(error.message.contains("did you mean 'socket.port'"))
    }

    @Test func unknownKeyInFileIsNamed() throws {
        let inSection = try #require(loadError(["--config", "f.yml"], files: ["f.yml": "socket:\n  prot: 1\n"]))
        #expect(inSection.key == "socket.prot")
        #expect(inSection.message.contains("'f.yml'"))
        #expect(inSection.message.contains("unknown key 'socket.prot'"))

        let section = try #require(loadError(["--config", "f.yml"], files: ["f.yml": "console:\n  port: 7351\n"]))
        #expect(section.message.contains("unknown key 'console'"))

        let dottedAtTop = try #require(loadError(["--config", "f.yml"], files: ["f.yml": "socket.port: 1\n"]))
        #expect(dottedAtTop.message.contains("unknown key 'socket.port'"))
    }

    @Test func wrongTypesAreRejectedWithKeyAndProblem() throws {
        let cases: [(yaml: String, key: String, problem: String)] = [
            ("socket:\n  port: abc\n", "socket.port", "expected an integer, got 'abc'"),
            ("socket:\n  port: 1.5\n", "socket.port", "expected an integer"),
            ("socket:\n  port: [1]\n", "socket.port", "expected an integer, got a list"),
            ("socket:\n  port:\n", "socket.port", "expected an integer, got nothing"),
            ("session:\n  single_socket: 1\n", "session.single_socket", "expected true or false"),
            ("name: [a, b]\n", "name", "expected a string, got a list"),
            ("database:\n  address: \"db:5432\"\n", "database.address", "expected a list"),
            ("database:\n  address: [[a]]\n", "database.address", "list entries must be plain values"),
            ("runtime:\n  env: [\"NOEQUALS\"]\n", "runtime.env", "expected KEY=VALUE"),
            ("logger:\n  level: verbose\n", "logger.level", "must be one of debug, info, warn, error"),
            ("logger:\n  format: text\n", "logger.format", "must be one of json"),
            ("socket: 7350\n", "socket", "section 'socket' must be a mapping"),
        ]
        for entry in cases {
            let error = try #require(loadError(["--config", "f.yml"], files: ["f.yml": entry.yaml]), "\(entry.yaml)")
            #expect(error.key == entry.key, "\(entry.yaml)")
            #expect(error.message.contains(entry.problem), "\(error.message)")
        }
    }

    @Test func outOfRangeValuesAreRejected() throws {
        let cases: [(arguments: [String], key: String, problem: String)] = [
            (["--socket.port", "-1"], "socket.port", "must be between 0 and 65535, got -1"),
            (["--socket.port=70000"], "socket.port", "must be between 0 and 65535, got 70000"),
            (["--cluster.gossip_port=-5"], "cluster.gossip_port", "must be between 0 and 65535"),
            (["--session.token_expiry_sec=0"], "session.token_expiry_sec", "must be at least 1, got 0"),
            (["--runtime.request_workers=-1"], "runtime.request_workers", "must be at least 0"),
            (["--socket.server_key="], "socket.server_key", "must not be empty"),
            (["--name", "bad name"], "name", "must be 1 to 64 characters"),
            (["--name", String(repeating: "n", count: 65)], "name", "must be 1 to 64 characters"),
            (["--cluster.join", "nohostport"], "cluster.join", "host:port"),
            (["--runtime.env", "=value"], "runtime.env", "empty name"),
        ]
        for entry in cases {
            let error = try #require(loadError(entry.arguments), "\(entry.arguments)")
            #expect(error.key == entry.key, "\(entry.arguments)")
            #expect(error.message.contains("--\(entry.key)"), "\(error.message)")
            #expect(error.message.contains(entry.problem), "\(error.message)")
        }
    }

    @Test func rulesAcrossKeysAreChecked() throws {
        let ping = try #require(loadError(["--socket.ping_period_ms", "30000"]))
        #expect(ping.key == "socket.ping_period_ms")
        #expect(ping.message.contains("socket.pong_wait_ms"))

        let keys = try #require(loadError(["--session.encryption_key=same", "--session.refresh_encryption_key=same"]))
        #expect(keys.key == "session.refresh_encryption_key")
        #expect(!keys.message.contains("same"))

        let probe = try #require(loadError(["--cluster.probe_timeout_ms", "1000"]))
        #expect(probe.key == "cluster.probe_timeout_ms")

        for entry in ["10.0.0.1", "10.0.0.1:0", ":7352", "host:99999", "host:port"] {
            let join = try #require(loadError(["--cluster.join", entry]))
            #expect(join.key == "cluster.join")
            #expect(join.message.contains("'\(entry)'"))
        }
        #expect(ClusterConfig.seed("10.0.0.1:7352")! == ("10.0.0.1", 7352))
    }

    @Test func yamlThatIsNotAMappingIsRejected() throws {
        let list = try #require(loadError(["--config", "f.yml"], files: ["f.yml": "- name\n- other\n"]))
        #expect(list.message.contains("'f.yml' must be a mapping"))
        let scalar = try #require(loadError(["--config", "f.yml"], files: ["f.yml": "just text\n"]))
        #expect(scalar.message.contains("must be a mapping"))
    }

    @Test func invalidYAMLIsReportedWithoutEchoingTheFile() throws {
        let yaml = "socket:\n  server_key: topsecret\n  port: [unclosed\n"
        let error = try #require(loadError(["--config", "f.yml"], files: ["f.yml": yaml]))
        #expect(error.message.contains("'f.yml' is not valid YAML"))
        #expect(!error.message.contains("topsecret"))
    }

    @Test func syntaxErrorsNameTheFileLineAndColumn() throws {
        let yaml = "socket:\n  server_key: topsecret\n  port: [unclosed\n"
        let error = try #require(loadError(["--config", "f.yml"], files: ["f.yml": yaml]))
        #expect(error.message == "config file 'f.yml' is not valid YAML: line 3, column 9: "
            + "'[' is not closed on its line; flow collections must fit on one line")
        let anchor = try #require(loadError(["--config", "f.yml"], files: ["f.yml": "name: &n topsecret\n"]))
        #expect(anchor.message.contains("line 1, column 7: anchors ('&') are not supported"))
        #expect(!anchor.message.contains("topsecret"))
    }

    @Test func quotedAndPlainValuesReachKeysAlike() throws {
        let yaml = "socket:\n  port: \"7450\"\n  server_key: '123'\nsession:\n  single_socket: \"true\"\n"
        let config = try load(["--config", "f.yml"], files: ["f.yml": yaml])
        #expect(config.socket.port == 7450)
        #expect(config.socket.serverKey == "123")
        #expect(config.session.singleSocket)
    }

    @Test func duplicateKeysInAFileAreRejected() throws {
        let error = try #require(loadError(["--config", "f.yml"], files: ["f.yml": "socket:\n  port: 1\n  port: 2\n"]))
        #expect(error.message.contains("duplicate key"))
    }

    @Test func unreadableFileIsReported() throws {
        let error = try #require(loadError(["--config", "missing.yml"]))
        #expect(error.message.contains("cannot read config file 'missing.yml'"))
    }

    @Test func malformedCommandLinesAreRejected() throws {
        let positional = try #require(loadError(["run"]))
        #expect(positional.message.contains("unexpected argument 'run'"))
        let missing = try #require(loadError(["--socket.port"]))
        #expect(missing.message.contains("--socket.port needs a value"))
        let followedByFlag = try #require(loadError(["--socket.address", "--socket.port", "1"]))
        #expect(followedByFlag.message.contains("--socket.address needs a value"))
        let config = try #require(loadError(["--config"]))
        #expect(config.message.contains("--config needs a value"))
    }
}
