import Yams

extension ConfigLoader {
    /// Applies one Nakama-style YAML file: top-level keys (`name`, `data_dir`, …) and one mapping per
    /// section (`socket:`, `session:`, …). An empty file changes nothing.
    static func applyYAML(_ text: String, file: String, to config: inout NodeConfig) throws(ConfigError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError("config file '\(file)' is not valid YAML: \(describeYAMLError(error))")
        }
        guard let root else { return }
        guard case .mapping(let top) = root else {
            throw ConfigError("config file '\(file)' must be a mapping of keys and sections, got \(shape(of: root))")
        }
        for (nameNode, valueNode) in top {
            let name = try keyName(nameNode, file: file)
            if !name.contains("."), let key = ConfigKey.byName[name] {
                try apply(key, valueNode, file: file, to: &config)
                continue
            }
            guard ConfigKey.all.contains(where: { $0.name.hasPrefix(name + ".") }) else {
                throw ConfigError("config file '\(file)': \(unknownKeyMessage(name))", key: name)
            }
            switch valueNode {
            case .mapping(let section):
                for (leafNode, leafValue) in section {
                    let dotted = name + "." + (try keyName(leafNode, file: file))
                    guard let key = ConfigKey.byName[dotted] else {
                        throw ConfigError("config file '\(file)': \(unknownKeyMessage(dotted))", key: dotted)
                    }
                    try apply(key, leafValue, file: file, to: &config)
                }
            case .scalar where isNull(valueNode):
                continue
            default:
                throw ConfigError(
                    "config file '\(file)': section '\(name)' must be a mapping, got \(shape(of: valueNode))", key: name)
            }
        }
    }

    private static func apply(
        _ key: ConfigKey, _ node: Node, file: String, to config: inout NodeConfig
    ) throws(ConfigError) {
        do {
            try key.apply(&config, try input(from: node))
        } catch {
            throw ConfigError("config file '\(file)': \(key.name): \(error.text)", key: key.name)
        }
    }

    private static func input(from node: Node) throws(ConfigKey.Problem) -> ConfigKey.Input {
        switch node {
        case .scalar(let scalar):
            return isNull(node) ? .null : .scalar(scalar.string)
        case .sequence(let sequence):
            var items: [String] = []
            for item in sequence {
                guard case .scalar(let scalar) = item, !isNull(item) else {
                    throw ConfigKey.Problem(text: "list entries must be plain values, got \(shape(of: item))")
                }
                items.append(scalar.string)
            }
            return .list(items)
        case .mapping(let mapping):
            var pairs: [(key: String, value: String)] = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let key) = keyNode, case .scalar(let value) = valueNode else {
                    throw ConfigKey.Problem(text: "mapping entries must be plain values")
                }
                pairs.append((key.string, isNull(valueNode) ? "" : value.string))
            }
            return .map(pairs)
        case .alias:
            throw ConfigKey.Problem(text: "YAML aliases are not supported")
        }
    }

    private static func keyName(_ node: Node, file: String) throws(ConfigError) -> String {
        guard case .scalar(let scalar) = node else {
            throw ConfigError("config file '\(file)': keys must be plain names, got \(shape(of: node))")
        }
        return scalar.string
    }

    /// Whether `node` is YAML's null (`~`, `null`, or no value at all).
    private static func isNull(_ node: Node) -> Bool {
        node.tag.rawValue == Tag.Name.null.rawValue
    }

    private static func shape(of node: Node) -> String {
        switch node {
        case .scalar: isNull(node) ? "nothing" : "a single value"
        case .sequence: "a list"
        case .mapping: "a mapping"
        case .alias: "an alias"
        }
    }

    /// The parser's problem and position, without the quoted file text (which may hold secrets).
    private static func describeYAMLError(_ error: any Error) -> String {
        guard let yamlError = error as? YamlError else { return "\(error)" }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            let during = context.map { " \($0.text)" } ?? ""
            return "line \(mark.line), column \(mark.column): \(problem)\(during)"
        case .reader(let problem, let offset, _, _):
            return offset.map { "\(problem) at byte \($0)" } ?? problem
        case .duplicatedKeysInMapping(let duplicates, let context):
            return "duplicate key \(duplicates.joined(separator: ", ")) at line \(context.mark.line)"
        default:
            return "\(yamlError)"
        }
    }
}
