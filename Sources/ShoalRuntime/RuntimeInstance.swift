import ShoalJSON

/// One language runtime's callable state on one worker thread (for Lua: that worker's VM).
///
/// Not thread-safe: the worker that owns it is the only caller. Messages are protojson-shaped JSON
/// (snake_case keys, int64 as strings), the same shapes the REST API reads and writes.
package protocol RuntimeInstance: AnyObject {
    /// Runs RPC `id` (lowercased); nil result means an empty payload.
    func rpc(_ id: String, context: RuntimeContext, payload: String) throws(RuntimeError) -> String?
    /// Runs the before hook of request `name`; nil means the hook rejected the request.
    func before(_ name: String, context: RuntimeContext, message: JSON?) throws(RuntimeError) -> JSON?
    /// Runs the after hook of request `name` with the response and the request.
    func after(_ name: String, context: RuntimeContext, output: JSON?, input: JSON?) throws(RuntimeError)
    /// Runs the realtime before hook of message `name` with the whole envelope; nil rejects the message.
    func realtimeBefore(_ name: String, context: RuntimeContext, envelope: JSON) throws(RuntimeError) -> JSON?
    /// Runs the realtime after hook with the reply sent (nil when none) and the processed envelope.
    func realtimeAfter(_ name: String, context: RuntimeContext, output: JSON?, input: JSON) throws(RuntimeError)
}
