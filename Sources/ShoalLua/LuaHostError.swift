/// The error a host function throws to raise a Lua error in its caller.
///
/// Without a code the Lua error value is the message, prefixed with the calling line like `luaL_error`;
/// with a code it is the table `{ message, code }`, which Nakama maps to that error code.
package struct LuaHostError: Error, Sendable, Equatable {
    package var message: String
    package var code: Int?

    package init(_ message: String, code: Int? = nil) {
        self.message = message
        self.code = code
    }
}
