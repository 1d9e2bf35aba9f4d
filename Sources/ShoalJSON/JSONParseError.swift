/// Why a JSON text was rejected, so a caller can answer Nakama's "invalid argument" with a precise message.
///
/// `offset` is the byte offset in the input where the problem was found.
package struct JSONParseError: Error, Equatable, Sendable, CustomStringConvertible {
    package var offset: Int
    package var reason: String

    package init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    package var description: String { "invalid JSON at byte \(offset): \(reason)" }
}
