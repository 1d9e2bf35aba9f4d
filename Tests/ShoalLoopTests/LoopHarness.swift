import Foundation
import ShoalLoop

/// State shared between a test and the callbacks it installs on a loop; touched only on the loop
/// thread while the loop runs, and read by the test after `run()` returned.
final class LoopState<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}

/// Runs a fresh loop on a dedicated thread, calls `body` on that thread, and returns the value
/// passed to `finish`, which stops the loop. Returns nil if `finish` was not called within a
/// generous bound (a hang guard, so a broken test fails instead of blocking the suite).
func runOnLoop<T: Sendable>(
    executeQueueLimit: Int = 65_536,
    _ body: @escaping @Sendable (Loop, @escaping (T) -> Void) throws -> Void
) async throws -> T? {
    let loop = try Loop(executeQueueLimit: executeQueueLimit)
    let result = LoopState<T?>(nil)
    let failure = LoopState<(any Error)?>(nil)
    loop.execute {
        let guardTimer = ShoalLoop.Timer(loop: loop)
        guardTimer.start(afterMilliseconds: 60_000) { loop.stop() }
        do {
            try body(loop) { value in
                if result.value == nil { result.value = value }
                loop.stop()
            }
        } catch {
            failure.value = error
            loop.stop()
        }
    }
    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
        Thread {
            loop.run()
            continuation.resume()
        }.start()
    }
    if let error = failure.value { throw error }
    return result.value
}

/// A deterministic byte pattern for large transfers (period 251, so chunk boundaries never align).
func pattern(count: Int) -> [UInt8] {
    let period = (0..<251).map { UInt8($0) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(count + period.count)
    while bytes.count < count { bytes.append(contentsOf: period) }
    bytes.removeLast(bytes.count - count)
    return bytes
}

/// Whether `chunk` equals `expected[offset...]` (memcmp: byte loops are slow in debug builds).
func matches(_ chunk: UnsafeRawBufferPointer, _ expected: [UInt8], at offset: Int) -> Bool {
    guard offset + chunk.count <= expected.count else { return false }
    return expected.withUnsafeBytes { memcmp($0.baseAddress! + offset, chunk.baseAddress!, chunk.count) == 0 }
}
