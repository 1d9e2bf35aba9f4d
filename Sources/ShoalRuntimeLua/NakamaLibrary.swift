import ShoalLua

/// The `nakama` module Lua code gets from `require("nakama")`: every `nk.*` function, declared once per
/// topic. Each declaration reads its arguments through `LuaArguments` (which raises Lua's
/// "bad argument #n to 'name'" errors) and converts results with `LuaJSON` — no per-function decoding code.
enum NakamaLibrary {
    static func functions(for instance: LuaRuntimeInstance) -> [String: LuaHostFunction] {
        var all: [String: LuaHostFunction] = [:]
        for group in [
            hooks(instance), logging(instance), encoding(), crypto(), time(), cache(instance), sql(instance),
            accounts(instance), wallets(instance), storage(instance), social(instance), groups(instance), http(),
            streams(instance), chat(instance),
        ] {
            all.merge(group) { first, _ in first }
        }
        return all
    }

    /// A Lua error carrying Nakama's message (a plain string, as Nakama's functions raise).
    static func fail(_ message: String) -> LuaHostError {
        LuaHostError(message)
    }
}
