/// Why a configuration was rejected, worded for the operator: the CLI prints `message` and exits 1.
///
/// `message` always names the offending key (or flag, or file) and the problem; `key` is the dotted
/// key when the error concerns one.
package struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    package var message: String
    package var key: String?

    package init(_ message: String, key: String? = nil) {
        self.message = message
        self.key = key
    }

    package var description: String { message }
}
