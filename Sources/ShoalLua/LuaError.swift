/// A failure of Lua code or of a VM limit, as seen by the Swift caller.
///
/// `message` is the Lua error message (with the "path:line: " prefix Lua adds); for a table error value
/// `{ "msg", code }` the message is its first element and `code` its second (Nakama's custom error codes).
package struct LuaError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        case runtime
        case syntax
        case memory
        case instructionLimit
        case timeout
    }

    package var kind: Kind
    package var message: String
    package var traceback: String?
    package var code: Int?

    package init(kind: Kind, message: String, traceback: String? = nil, code: Int? = nil) {
        self.kind = kind
        self.message = message
        self.traceback = traceback
        self.code = code
    }

    package var description: String { message }
}
