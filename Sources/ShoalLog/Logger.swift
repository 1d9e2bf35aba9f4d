#if canImport(Glibc)
import Glibc
#endif

/// Structured JSON-lines logging to stdout, filtered by level; each line is written with one `write(2)`
/// so lines from different threads never interleave.
package struct Logger: Sendable {
    package enum Level: Int, Sendable, Comparable {
        case debug, info, warn, error
        package var name: String {
            switch self {
            case .debug: return "debug"
            case .info: return "info"
            case .warn: return "warn"
            case .error: return "error"
            }
        }
        package static func < (lhs: Level, rhs: Level) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    package var minimumLevel: Level
    /// Fields added to every line (e.g. the node name).
    package var fields: [(String, String)]
    private let sink: @Sendable (String) -> Void

    package init(minimumLevel: Level, fields: [(String, String)] = [], sink: (@Sendable (String) -> Void)? = nil) {
        self.minimumLevel = minimumLevel
        self.fields = fields
        self.sink = sink ?? Logger.writeToStandardOutput
    }

    package func with(_ key: String, _ value: String) -> Logger {
        var copy = self
        copy.fields.append((key, value))
        return copy
    }

    package func debug(_ message: @autoclosure () -> String, _ extra: [(String, String)] = []) {
        log(.debug, message(), extra)
    }
    package func info(_ message: @autoclosure () -> String, _ extra: [(String, String)] = []) {
        log(.info, message(), extra)
    }
    package func warn(_ message: @autoclosure () -> String, _ extra: [(String, String)] = []) {
        log(.warn, message(), extra)
    }
    package func error(_ message: @autoclosure () -> String, _ extra: [(String, String)] = []) {
        log(.error, message(), extra)
    }

    package func log(_ level: Level, _ message: @autoclosure () -> String, _ extra: [(String, String)] = []) {
        guard level >= minimumLevel else { return }
        var line = "{\"level\":\"\(level.name)\",\"ts\":\"\(Logger.timestamp())\",\"msg\":"
        Logger.appendQuoted(message(), to: &line)
        for (key, value) in fields + extra {
            line += ","
            Logger.appendQuoted(key, to: &line)
            line += ":"
            Logger.appendQuoted(value, to: &line)
        }
        line += "}\n"
        sink(line)
    }

    static func appendQuoted(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    line += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    line.unicodeScalars.append(scalar)
                }
            }
        }
        line += "\""
    }

    static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = time_t(spec.tv_sec)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + "\(pad(Int32(spec.tv_nsec / 1_000_000), 3))Z"
    }

    @Sendable static func writeToStandardOutput(_ line: String) {
        var line = line
        line.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written <= 0 { break }
                offset += written
            }
        }
    }
}
