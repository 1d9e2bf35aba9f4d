extension ConfigLoader {
    /// Applies one Nakama-style YAML file: top-level keys (`name`, `data_dir`, …) and one mapping per
    /// section (`socket:`, `session:`, …). An empty file changes nothing.
    static func applyYAML(_ text: String, file: String, to config: inout NodeConfig) throws(ConfigError) {
        let root: YAMLSubset.Node
        do {
            root = try YAMLSubset.parse(text)
        } catch {
            throw ConfigError("config file '\(file)' is not valid YAML: \(error)")
        }
        let top: [YAMLSubset.Entry]
        switch root {
        case .null:
            return
        case .mapping(let entries):
            top = entries
        case .scalar, .sequence:
            throw ConfigError("config file '\(file)' must be a mapping of keys and sections, got \(shape(of: root))")
        }
        for entry in top {
            let name = entry.key
            if !name.contains("."), let key = ConfigKey.byName[name] {
                try apply(key, entry.value, file: file, to: &config)
                continue
            }
            guard ConfigKey.all.contains(where: { $0.name.hasPrefix(name + ".") }) else {
                throw ConfigError("config file '\(file)': \(unknownKeyMessage(name))", key: name)
            }
            switch entry.value {
            case .mapping(let section):
                for leaf in section {
                    let dotted = name + "." + leaf.key
                    guard let key = ConfigKey.byName[dotted] else {
                        throw ConfigError("config file '\(file)': \(unknownKeyMessage(dotted))", key: dotted)
                    }
                    try apply(key, leaf.value, file: file, to: &config)
                }
            case .null:
                continue
            case .scalar, .sequence:
                throw ConfigError(
                    "config file '\(file)': section '\(name)' must be a mapping, got \(shape(of: entry.value))",
                    key: name)
            }
        }
    }

    private static func apply(
        _ key: ConfigKey, _ node: YAMLSubset.Node, file: String, to config: inout NodeConfig
    ) throws(ConfigError) {
        do {
            try key.apply(&config, try input(from: node))
        } catch {
            throw ConfigError("config file '\(file)': \(key.name): \(error.text)", key: key.name)
        }
    }

    /// The raw value of a key; quoting does not matter here (`"7350"` and `7350` are the same port).
    private static func input(from node: YAMLSubset.Node) throws(ConfigKey.Problem) -> ConfigKey.Input {
        switch node {
        case .null:
            return .null
        case .scalar(let text, _):
            return .scalar(text)
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard case .scalar(let text, _) = item else {
                    throw ConfigKey.Problem(text: "list entries must be plain values, got \(shape(of: item))")
                }
                items.append(text)
            }
            return .list(items)
        case .mapping(let mapping):
            var pairs: [(key: String, value: String)] = []
            for entry in mapping {
                switch entry.value {
                case .null: pairs.append((entry.key, ""))
                case .scalar(let text, _): pairs.append((entry.key, text))
                case .sequence, .mapping: throw ConfigKey.Problem(text: "mapping entries must be plain values")
                }
            }
            return .map(pairs)
        }
    }

    private static func shape(of node: YAMLSubset.Node) -> String {
        switch node {
        case .null: "nothing"
        case .scalar: "a single value"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }
}
