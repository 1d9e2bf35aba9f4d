import CLibUV

/// A Swift object that owns one libuv handle, so `Loop.stop()` can close every handle it finds with
/// `uv_walk` without knowing the handle's type.
///
/// Contract: the handle's `data` field holds `HandleData.retain(owner)` from initialisation until the
/// handle's close callback, which releases it; `closeForShutdown()` closes at once (no flushing).
protocol LoopHandle: AnyObject {
    func closeForShutdown()
}

/// The `data` slot of libuv handles: an owner object retained while libuv holds the handle.
enum HandleData {
    /// Retains `owner` until `release(_:)`; the result goes into `handle.pointee.data`.
    static func retain(_ owner: AnyObject) -> UnsafeMutableRawPointer {
        Unmanaged<AnyObject>.passRetained(owner).toOpaque()
    }

    /// The owner stored by `retain(_:)`, without changing its retain count.
    static func owner<Owner: AnyObject>(_ data: UnsafeMutableRawPointer?, as type: Owner.Type) -> Owner {
        unsafeDowncast(Unmanaged<AnyObject>.fromOpaque(data!).takeUnretainedValue(), to: type)
    }

    /// Any owner stored by `retain(_:)`, used by the shutdown walk.
    static func anyOwner(_ data: UnsafeMutableRawPointer) -> AnyObject {
        Unmanaged<AnyObject>.fromOpaque(data).takeUnretainedValue()
    }

    /// Balances `retain(_:)`; call once, from the handle's close callback.
    static func release(_ data: UnsafeMutableRawPointer?) {
        Unmanaged<AnyObject>.fromOpaque(data!).release()
    }
}

/// libuv's C "inheritance": a `uv_tcp_t*` is also a `uv_stream_t*` and a `uv_handle_t*`.
func asHandle<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<uv_handle_t> {
    UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: uv_handle_t.self)
}

func asStream<T>(_ pointer: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<uv_stream_t> {
    UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: uv_stream_t.self)
}
