/// The `logger` section: how much the node logs and in which shape.
package struct LoggerConfig: Sendable, Equatable {
    package var level: LogLevel = .info
    package var format: LogFormat = .json

    package init() {}
}
