/// The command line split into config files and key settings, so `ConfigLoader` can apply files first
/// and flags over them.
///
/// Accepts `--key value`, `--key=value`, and for booleans `--key` alone (true) or `--key=true|false`.
/// Repeatable keys are gathered into one list setting placed where the key first appeared.
struct FlagArguments {
    /// A typed key with its raw value from the command line.
    struct Setting {
        let key: ConfigKey
        let input: ConfigKey.Input
    }

    private(set) var configFiles: [String] = []
    private(set) var settings: [Setting] = []

    init(parsing arguments: [String]) throws(ConfigError) {
        var repeatedValues: [String: [String]] = [:]
        var repeatedOrder: [(position: Int, key: ConfigKey)] = []
        // A boolean written without a value, whose next argument would be mistaken for one.
        var bareFlag: String?
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                if let flag = bareFlag {
                    throw ConfigError(
                        "unexpected argument '\(argument)' after --\(flag); write --\(flag)=\(argument)", key: flag)
                }
                throw ConfigError("unexpected argument '\(argument)'; settings are written --section.key value")
            }
            bareFlag = nil
            let body = argument.dropFirst(2)
            let name: String
            var value: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                value = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            if name == "config" {
                configFiles.append(try Self.value(value, for: name, in: arguments, at: &index))
                continue
            }
            guard let key = ConfigKey.byName[name] else {
                throw ConfigError("flag --\(name): \(ConfigLoader.unknownKeyMessage(name))", key: name)
            }
            switch key.shape {
            case .flag:
                if value == nil { bareFlag = name }
                settings.append(Setting(key: key, input: .scalar(value ?? "true")))
            case .single:
                let text = try Self.value(value, for: name, in: arguments, at: &index)
                settings.append(Setting(key: key, input: .scalar(text)))
            case .repeated:
                let text = try Self.value(value, for: name, in: arguments, at: &index)
                if repeatedValues[name] == nil {
                    repeatedOrder.append((settings.count, key))
                }
                repeatedValues[name, default: []].append(text)
            }
        }
        for entry in repeatedOrder.reversed() {
            let input = ConfigKey.Input.list(repeatedValues[entry.key.name] ?? [])
            settings.insert(Setting(key: entry.key, input: input), at: entry.position)
        }
    }

    /// The value written inline (`--key=value`), or else the next argument, which is then consumed.
    private static func value(
        _ inline: String?, for name: String, in arguments: [String], at index: inout Int
    ) throws(ConfigError) -> String {
        if let inline { return inline }
        guard index < arguments.endIndex, !arguments[index].hasPrefix("--") else {
            throw ConfigError("flag --\(name) needs a value", key: name == "config" ? nil : name)
        }
        defer { index += 1 }
        return arguments[index]
    }
}
