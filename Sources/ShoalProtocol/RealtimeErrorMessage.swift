import ShoalJSON

/// The body of a realtime `error` envelope: how a failed request is answered on the socket.
///
/// Encoded by the zero-value rule, so code 0 (RUNTIME_EXCEPTION) and an empty `context` do not appear.
package struct RealtimeErrorMessage: Sendable, Equatable {
    package var code: RealtimeErrorCode
    package var message: String
    package var context: [String: String]

    package init(_ code: RealtimeErrorCode, _ message: String, context: [String: String] = [:]) {
        self.code = code
        self.message = message
        self.context = context
    }

    package var json: JSON {
        var out = WireObject()
        out.int32("code", code.rawValue)
        out.string("message", message)
        out.stringMap("context", context)
        return out.json
    }
}

/// An error reply is also what realtime handlers throw or fail with.
extension RealtimeErrorMessage: Error {}
