import ShoalLua
import Synchronization

/// `nk.localcache_*`: one node-wide key → value map shared by every worker's VM.
///
/// Values are deep copies (`LuaValue` trees without functions), so no Lua object crosses VMs.
/// Entries with a TTL expire lazily on read and in a sweep every `sweepEvery` writes.
package final class LocalCache: Sendable {
    private struct Entry {
        var value: LuaValue
        var expiresAt: Int64?
    }

    private let entries = Mutex<[String: Entry]>([:])
    private let writes = Atomic<Int>(0)
    static let sweepEvery = 1024

    package init() {}

    package func get(_ key: String, now: Int64) -> LuaValue? {
        entries.withLock { entries in
            guard let entry = entries[key] else { return nil }
            if let expiry = entry.expiresAt, expiry <= now {
                entries[key] = nil
                return nil
            }
            return entry.value
        }
    }

    /// Stores `value`; `ttlSeconds` 0 keeps it until deleted.
    package func put(_ key: String, _ value: LuaValue, ttlSeconds: Int64, now: Int64) {
        let sweep = writes.add(1, ordering: .relaxed).newValue % LocalCache.sweepEvery == 0
        entries.withLock { entries in
            entries[key] = Entry(value: value, expiresAt: ttlSeconds > 0 ? now + ttlSeconds : nil)
            if sweep { entries = entries.filter { $0.value.expiresAt.map { $0 > now } ?? true } }
        }
    }

    package func delete(_ key: String) {
        entries.withLock { _ = $0.removeValue(forKey: key) }
    }

    package func clear() {
        entries.withLock { $0.removeAll() }
    }
}
