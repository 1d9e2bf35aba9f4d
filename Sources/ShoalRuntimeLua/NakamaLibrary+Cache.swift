import ShoalLua

extension NakamaLibrary {
    /// `localcache_get/put/delete/clear`: the node-wide cache shared by all VMs (runtime.md §1.6).
    static func cache(_ instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        let cache = instance.runtime.cache
        return [
            "localcache_get": { arguments in
                let key = try arguments.string(1)
                guard !key.isEmpty else { throw fail("bad argument #1 to 'localcache_get' (expects key)") }
                return [cache.get(key, now: unixSeconds()) ?? arguments.value(2)]
            },
            "localcache_put": { arguments in
                let key = try arguments.string(1)
                guard !key.isEmpty else { throw fail("bad argument #1 to 'localcache_put' (expects key)") }
                let value = arguments.value(2)
                guard value != .nil else { throw fail("bad argument #2 to 'localcache_put' (expects value)") }
                guard !value.containsFunction else {
                    throw fail("bad argument #2 to 'localcache_put' (functions cannot be cached)")
                }
                let ttl = Int64(try arguments.optionalInteger(3) ?? 0)
                guard ttl >= 0 else { throw fail("bad argument #3 to 'localcache_put' (ttl must be 0 or more)") }
                cache.put(key, value, ttlSeconds: ttl, now: unixSeconds())
                return []
            },
            "localcache_delete": { arguments in
                cache.delete(try arguments.string(1))
                return []
            },
            "localcache_clear": { _ in
                cache.clear()
                return []
            },
        ]
    }
}

extension LuaValue {
    /// Whether a function hides anywhere inside (functions belong to one VM and cannot be shared).
    var containsFunction: Bool {
        switch self {
        case .function: return true
        case .table(let table):
            return table.array.contains { $0.containsFunction }
                || table.hash.contains { $0.key.containsFunction || $0.value.containsFunction }
        default: return false
        }
    }
}
