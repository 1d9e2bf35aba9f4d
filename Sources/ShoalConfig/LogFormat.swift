/// Shape of a log line (`logger.format`); Shoal writes JSON lines only, like Nakama's default.
package enum LogFormat: String, Sendable, CaseIterable {
    case json
}
