import CLibUV

/// The memory of one queued write: a `uv_write_t` followed by the byte count and a copy of the
/// bytes, in a single allocation freed by the write callback.
enum WriteRequest {
    private static let countOffset = (MemoryLayout<uv_write_t>.size + 15) & ~15
    private static let bytesOffset = countOffset + 16

    /// Allocates a request holding a copy of `bytes` (which MUST NOT be empty).
    static func make(copying bytes: [UInt8]) -> UnsafeMutablePointer<uv_write_t> {
        let block = UnsafeMutableRawPointer.allocate(byteCount: bytesOffset + bytes.count, alignment: 16)
        block.storeBytes(of: bytes.count, toByteOffset: countOffset, as: Int.self)
        bytes.withUnsafeBytes { block.advanced(by: bytesOffset).copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        return block.bindMemory(to: uv_write_t.self, capacity: 1)
    }

    static func byteCount(of request: UnsafeMutablePointer<uv_write_t>) -> Int {
        UnsafeMutableRawPointer(request).load(fromByteOffset: countOffset, as: Int.self)
    }

    /// The buffer libuv writes from; valid until `free(_:)`.
    static func buffer(of request: UnsafeMutablePointer<uv_write_t>) -> uv_buf_t {
        let base = UnsafeMutableRawPointer(request).advanced(by: bytesOffset).assumingMemoryBound(to: CChar.self)
        return uv_buf_init(base, UInt32(byteCount(of: request)))
    }

    static func free(_ request: UnsafeMutablePointer<uv_write_t>) {
        UnsafeMutableRawPointer(request).deallocate()
    }
}
