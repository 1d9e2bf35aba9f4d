import ShoalCore

/// A failure inside module code or a runtime function, with the gRPC code the client should see
/// (runtime.md §4.11: `error("x")` is INTERNAL, `error({"x", 3})` is INVALID_ARGUMENT).
package struct RuntimeError: Error, Sendable, Equatable, CustomStringConvertible {
    package var code: GRPCCode
    package var message: String

    package init(_ code: GRPCCode, _ message: String) {
        self.code = code
        self.message = message
    }

    package var description: String { message }
}
