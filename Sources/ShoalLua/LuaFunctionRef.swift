/// A handle on a Lua function held by one VM, so Swift can keep callbacks (RPCs, match handlers) and call
/// them later with `LuaVM.call`.
///
/// The VM keeps the function alive until `LuaVM.release` is called. The same function object always
/// yields the same reference. A reference is only valid with the VM that made it (`vmIdentifier`).
package struct LuaFunctionRef: Sendable, Hashable {
    package let reference: Int32
    package let vmIdentifier: UInt64

    package init(reference: Int32, vmIdentifier: UInt64) {
        self.reference = reference
        self.vmIdentifier = vmIdentifier
    }
}
