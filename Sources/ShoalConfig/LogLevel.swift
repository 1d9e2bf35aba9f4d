/// Severity threshold of the node's log (`logger.level`), ordered so `level >= config.logger.level`
/// decides whether a line is written.
package enum LogLevel: String, Sendable, Comparable, CaseIterable {
    case debug, info, warn, error

    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warn: 2
        case .error: 3
        }
    }
}
