/// Builds a `NodeConfig` the way Nakama does — YAML files named by `--config`, then dotted flags over
/// them — and renders it for the start-up log and `--help`, all from the one key table `ConfigKey.all`.
///
/// Pure: files are read only through the caller's `readFile`, and the core count is a parameter.
/// Every failure is a `ConfigError` naming the key (or flag, or file) and the problem.
package enum ConfigLoader {
    /// Builds the configuration from `arguments` (flags only, no program name or subcommand).
    ///
    /// `--config FILE` may be repeated; files apply in order, then every other flag in order, so flags
    /// override files. A repeated list flag (`--database.address`, `--cluster.join`) replaces the
    /// file's list with all its occurrences; `--runtime.env` entries are merged over the file's.
    package static func load(
        arguments: [String], cores: Int, readFile: (String) throws -> String
    ) throws -> NodeConfig {
        let flags = try FlagArguments(parsing: arguments)
        var config = NodeConfig(cores: cores)
        for path in flags.configFiles {
            let text: String
            do {
                text = try readFile(path)
            } catch {
                throw ConfigError("cannot read config file '\(path)': \(error)")
            }
            try applyYAML(text, file: path, to: &config)
        }
        for setting in flags.settings {
            do {
                try setting.key.apply(&config, setting.input)
            } catch {
                throw ConfigError("flag --\(setting.key.name): \(error.text)", key: setting.key.name)
            }
        }
        try checkConsistency(of: config)
        return config
    }

    /// Every key with the value the node will use, secrets replaced by `****`, sorted by dotted key.
    package static func describe(_ config: NodeConfig) -> [(key: String, value: String)] {
        ConfigKey.all
            .map { key in (key: key.name, value: key.resolve(config).rendered(masking: key.secret)) }
            .sorted { $0.key < $1.key }
    }

    /// Every key in the example file's order with one line of help ending in its default.
    package static var keyHelp: [(key: String, help: String)] {
        let defaults = NodeConfig()
        return ConfigKey.all.map { key in
            (key: key.name, help: "\(key.help) (default: \(key.read(defaults).rendered(masking: .none)))")
        }
    }

    /// Rules that involve two keys, checked once every source has been applied.
    private static func checkConsistency(of config: NodeConfig) throws(ConfigError) {
        if config.socket.pingPeriodMs >= config.socket.pongWaitMs {
            throw ConfigError(
                "socket.ping_period_ms (\(config.socket.pingPeriodMs)) must be less than "
                    + "socket.pong_wait_ms (\(config.socket.pongWaitMs))",
                key: "socket.ping_period_ms")
        }
        if config.session.encryptionKey == config.session.refreshEncryptionKey {
            throw ConfigError(
                "session.refresh_encryption_key must differ from session.encryption_key",
                key: "session.refresh_encryption_key")
        }
        if config.cluster.probeTimeoutMs >= config.cluster.probeIntervalMs {
            throw ConfigError(
                "cluster.probe_timeout_ms (\(config.cluster.probeTimeoutMs)) must be less than "
                    + "cluster.probe_interval_ms (\(config.cluster.probeIntervalMs))",
                key: "cluster.probe_timeout_ms")
        }
        if let bad = config.cluster.join.first(where: { ClusterConfig.seed($0) == nil }) {
            throw ConfigError("cluster.join entry '\(bad)' must be host:port", key: "cluster.join")
        }
    }

    /// `name` with the nearest known key appended as a suggestion, when one is close.
    static func unknownKeyMessage(_ name: String) -> String {
        let nearest = ConfigKey.all
            .map { (name: $0.name, distance: editDistance(name, $0.name)) }
            .min { $0.distance < $1.distance }
        guard let nearest, nearest.distance <= 3 else { return "unknown key '\(name)'" }
        return "unknown key '\(name)' (did you mean '\(nearest.name)'?)"
    }

    private static func editDistance(_ lhs: String, _ rhs: String) -> Int {
        let left = Array(lhs), right = Array(rhs)
        var previous = Array(0...right.count)
        for (i, leftCharacter) in left.enumerated() {
            var current = [i + 1]
            for (j, rightCharacter) in right.enumerated() {
                let substitution = previous[j] + (leftCharacter == rightCharacter ? 0 : 1)
                current.append(min(substitution, previous[j + 1] + 1, current[j] + 1))
            }
            previous = current
        }
        return previous[right.count]
    }
}
