/// One configuration key, so the YAML reader, the flag parser, `describe` and the help text all come
/// from a single table (`ConfigKey.all`) and no key is spelled in two places.
///
/// `apply` parses and checks a raw value and stores it on a `NodeConfig`; it throws a `Problem` that
/// the loader turns into a `ConfigError` naming the key and where the value came from. `read` gives
/// the stored setting back, `resolve` the value the node will actually use (they differ only for keys
/// whose empty/0 setting means "derive").
struct ConfigKey: Sendable {
    /// How values arrive on the command line.
    enum Shape: Sendable {
        /// `--key value` or `--key=value`; the last occurrence wins.
        case single
        /// A boolean: `--key` alone means true, otherwise `--key=true|false`.
        case flag
        /// Repeatable: every occurrence adds one entry, and together they replace the file's value.
        case repeated
    }

    /// Which part of the value must never be printed.
    enum Secret: Sendable {
        case none
        /// The whole value.
        case whole
        /// Passwords inside database addresses.
        case addressPasswords
        /// The values of a `KEY=VALUE` map.
        case mapValues
    }

    /// A raw value as written in the file or on the command line, before it is typed.
    enum Input: Sendable {
        case null
        case scalar(String)
        case list([String])
        case map([(key: String, value: String)])

        var kindDescription: String {
            switch self {
            case .null: "nothing"
            case .scalar(let text): "'\(text)'"
            case .list: "a list"
            case .map: "a mapping"
            }
        }
    }

    /// A typed value read back from a `NodeConfig`.
    enum Value: Sendable, Equatable {
        case int(Int)
        case string(String)
        case bool(Bool)
        case list([String])
        case map([String: String])

        /// The value as one line of text, with the `secret` part replaced by `****`.
        func rendered(masking secret: Secret) -> String {
            switch self {
            case .int(let number):
                return String(number)
            case .bool(let flag):
                return String(flag)
            case .string(let text):
                if text.isEmpty { return "\"\"" }
                return secret == .none ? text : ConfigKey.mask
            case .list(let items):
                let shown = secret == .addressPasswords ? items.map(ConfigKey.maskingPassword(in:)) : items
                return "[" + shown.joined(separator: ", ") + "]"
            case .map(let entries):
                let shown = entries.keys.sorted().map { key in
                    "\(key)=\(secret == .none ? entries[key] ?? "" : ConfigKey.mask)"
                }
                return "{" + shown.joined(separator: ", ") + "}"
            }
        }
    }

    /// Why a raw value was refused, without the key (the loader adds it).
    struct Problem: Error {
        let text: String
    }

    static let mask = "****"

    let name: String
    let help: String
    let shape: Shape
    let secret: Secret
    let apply: @Sendable (inout NodeConfig, Input) throws(Problem) -> Void
    let read: @Sendable (NodeConfig) -> Value
    let resolve: @Sendable (NodeConfig) -> Value
}

// MARK: - Key kinds

extension ConfigKey {
    static func int(
        _ name: String, _ keyPath: WritableKeyPath<NodeConfig, Int> & Sendable, _ range: ClosedRange<Int>,
        _ help: String, resolved: (@Sendable (NodeConfig) -> Int)? = nil
    ) -> ConfigKey {
        ConfigKey(
            name: name, help: help, shape: .single, secret: .none,
            apply: { config, input throws(Problem) in
                guard case .scalar(let text) = input, let number = Int(text) else {
                    throw Problem(text: "expected an integer, got \(input.kindDescription)")
                }
                guard range.contains(number) else {
                    let bound = range.upperBound == .max
                        ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
                    throw Problem(text: "must be \(bound), got \(number)")
                }
                config[keyPath: keyPath] = number
            },
            read: { .int($0[keyPath: keyPath]) },
            resolve: { .int(resolved?($0) ?? $0[keyPath: keyPath]) }
        )
    }

    static func string(
        _ name: String, _ keyPath: WritableKeyPath<NodeConfig, String> & Sendable, _ help: String,
        secret: Secret = .none, check: @escaping @Sendable (String) -> String? = { _ in nil },
        resolved: (@Sendable (NodeConfig) -> String)? = nil
    ) -> ConfigKey {
        ConfigKey(
            name: name, help: help, shape: .single, secret: secret,
            apply: { config, input throws(Problem) in
                let text: String
                switch input {
                case .null: text = ""
                case .scalar(let scalar): text = scalar
                case .list, .map: throw Problem(text: "expected a string, got \(input.kindDescription)")
                }
                if let problem = check(text) { throw Problem(text: problem) }
                config[keyPath: keyPath] = text
            },
            read: { .string($0[keyPath: keyPath]) },
            resolve: { .string(resolved?($0) ?? $0[keyPath: keyPath]) }
        )
    }

    static func bool(
        _ name: String, _ keyPath: WritableKeyPath<NodeConfig, Bool> & Sendable, _ help: String
    ) -> ConfigKey {
        ConfigKey(
            name: name, help: help, shape: .flag, secret: .none,
            apply: { config, input throws(Problem) in
                guard case .scalar(let text) = input, let flag = Bool(text.lowercased()) else {
                    throw Problem(text: "expected true or false, got \(input.kindDescription)")
                }
                config[keyPath: keyPath] = flag
            },
            read: { .bool($0[keyPath: keyPath]) },
            resolve: { .bool($0[keyPath: keyPath]) }
        )
    }

    static func choice<Choice: RawRepresentable<String> & CaseIterable & Sendable>(
        _ name: String, _ keyPath: WritableKeyPath<NodeConfig, Choice> & Sendable, _ help: String
    ) -> ConfigKey {
        ConfigKey(
            name: name, help: help, shape: .single, secret: .none,
            apply: { config, input throws(Problem) in
                guard case .scalar(let text) = input, let choice = Choice(rawValue: text.lowercased()) else {
                    let allowed = Choice.allCases.map(\.rawValue).joined(separator: ", ")
                    throw Problem(text: "must be one of \(allowed), got \(input.kindDescription)")
                }
                config[keyPath: keyPath] = choice
            },
            read: { .string($0[keyPath: keyPath].rawValue) },
            resolve: { .string($0[keyPath: keyPath].rawValue) }
        )
    }

    /// A list: a YAML sequence, or one repeated flag per entry. A new list replaces the old one.
    static func list(
        _ name: String, _ keyPath: WritableKeyPath<NodeConfig, [String]> & Sendable, _ help: String,
        secret: Secret = .none, check: @escaping @Sendable (String) -> String?
    ) -> ConfigKey {
        ConfigKey(
            name: name, help: help, shape: .repeated, secret: secret,
            apply: { config, input throws(Problem) in
                let items: [String]
                switch input {
                case .null: items = []
                case .list(let list): items = list
                case .scalar, .map: throw Problem(text: "expected a list, got \(input.kindDescription)")
                }
                for item in items {
                    if let problem = check(item) { throw Problem(text: problem) }
                }
                config[keyPath: keyPath] = items
            },
            read: { .list($0[keyPath: keyPath]) },
            resolve: { .list($0[keyPath: keyPath]) }
        )
    }

    /// A `KEY=VALUE` map: a YAML list of `"KEY=VALUE"` strings or a YAML mapping, or one repeated flag
    /// per entry. Entries are merged over the current map, later ones winning.
    static func environment(
        _ name: String, _ keyPath: WritableKeyPath<NodeConfig, [String: String]> & Sendable, _ help: String
    ) -> ConfigKey {
        ConfigKey(
            name: name, help: help, shape: .repeated, secret: .mapValues,
            apply: { config, input throws(Problem) in
                var entries: [(key: String, value: String)] = []
                switch input {
                case .null:
                    break
                case .map(let pairs):
                    entries = pairs
                case .list(let items):
                    for item in items {
                        guard let equals = item.firstIndex(of: "=") else {
                            throw Problem(text: "expected KEY=VALUE, got an entry without '='")
                        }
                        entries.append((String(item[..<equals]), String(item[item.index(after: equals)...])))
                    }
                case .scalar:
                    throw Problem(text: "expected a list of KEY=VALUE or a mapping, got a single value")
                }
                for entry in entries {
                    guard !entry.key.isEmpty else { throw Problem(text: "an entry has an empty name") }
                    config[keyPath: keyPath][entry.key] = entry.value
                }
            },
            read: { .map($0[keyPath: keyPath]) },
            resolve: { .map($0[keyPath: keyPath]) }
        )
    }
}

// MARK: - Masking

extension ConfigKey {
    /// `address` with any password replaced by `****`: the `user:password@` part of a URL or of the
    /// `user:password@host` form, and any `password=` parameter (URL query or libpq key/value form).
    static func maskingPassword(in address: String) -> String {
        var characters = Array(address)
        let authorityStart = characters.indices.dropLast(2).first { start in
            characters[start] == ":" && characters[start + 1] == "/" && characters[start + 2] == "/"
        }.map { $0 + 3 } ?? 0
        if let at = characters.lastIndex(of: "@"), at > authorityStart,
           let colon = characters[authorityStart..<at].firstIndex(of: ":") {
            characters.replaceSubrange((colon + 1)..<at, with: mask)
        }
        let keyword = Array("password=")
        var index = 0
        while index + keyword.count <= characters.count {
            let candidate = characters[index..<(index + keyword.count)].map { Character($0.lowercased()) }
            let startsWord = index == 0 || !(characters[index - 1].isLetter || characters[index - 1] == "_")
            guard startsWord, candidate == keyword else {
                index += 1
                continue
            }
            let valueStart = index + keyword.count
            var valueEnd = valueStart
            if valueStart < characters.count, characters[valueStart] == "'" {
                valueEnd = characters[(valueStart + 1)...].firstIndex(of: "'").map { $0 + 1 } ?? characters.count
            } else {
                while valueEnd < characters.count, characters[valueEnd] != "&", characters[valueEnd] != " " {
                    valueEnd += 1
                }
            }
            characters.replaceSubrange(valueStart..<valueEnd, with: mask)
            index = valueStart + mask.count
        }
        return String(characters)
    }
}
