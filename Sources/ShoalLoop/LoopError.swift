import CLibUV

/// A libuv failure as a typed value, so no caller ever sees a bare negative `Int32`.
///
/// `code` is libuv's negative error number (e.g. `UV_EADDRINUSE`), `name` its symbolic name from
/// `uv_err_name` ("EADDRINUSE") and `message` the text from `uv_strerror`.
package struct LoopError: Error, Sendable, CustomStringConvertible {
    package var name: String
    package var message: String
    package var code: Int32

    /// Describes the libuv status `code` (a negative value returned by a `uv_*` call or callback).
    package init(code: Int32) {
        self.code = code
        self.name = String(cString: uv_err_name(code))
        self.message = String(cString: uv_strerror(code))
    }

    package var description: String { "\(name): \(message)" }

    /// Throws a `LoopError` when a libuv call returned a negative status.
    static func check(_ status: Int32) throws(LoopError) {
        if status < 0 { throw LoopError(code: status) }
    }
}
