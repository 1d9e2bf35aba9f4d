/// Which RPC ids and hooks the loaded modules registered, known to every thread without asking a VM.
///
/// Names are stored lowercased: RPC ids and hook names match case-insensitively.
package struct RuntimeRegistry: Sendable, Equatable {
    package var rpcIDs: Set<String> = []
    package var beforeHooks: Set<String> = []
    package var afterHooks: Set<String> = []
    /// Realtime envelope hooks (`register_rt_before/after`), by lowercased message name.
    package var realtimeBeforeHooks: Set<String> = []
    package var realtimeAfterHooks: Set<String> = []

    package init() {}

    package var isEmpty: Bool {
        rpcIDs.isEmpty && beforeHooks.isEmpty && afterHooks.isEmpty && realtimeBeforeHooks.isEmpty
            && realtimeAfterHooks.isEmpty
    }
    package func hasRealtimeBefore(_ name: String) -> Bool { realtimeBeforeHooks.contains(name.lowercased()) }
    package func hasRealtimeAfter(_ name: String) -> Bool { realtimeAfterHooks.contains(name.lowercased()) }
    package func hasRPC(_ id: String) -> Bool { rpcIDs.contains(id.lowercased()) }
    package func hasBefore(_ name: String) -> Bool { beforeHooks.contains(name.lowercased()) }
    package func hasAfter(_ name: String) -> Bool { afterHooks.contains(name.lowercased()) }
}
