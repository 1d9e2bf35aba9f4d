/// Bounds on what the parser accepts, so a hostile body cannot exhaust the stack or memory.
///
/// `maxDepth` counts nested arrays and objects (a top-level `[]` is depth 1); the parser recurses once per
/// level, so it MUST stay modest (hundreds, not millions). `maxBytes` bounds the whole input.
package struct JSONLimits: Sendable {
    package var maxDepth: Int
    package var maxBytes: Int

    package init(maxDepth: Int = 64, maxBytes: Int = Int.max) {
        self.maxDepth = maxDepth
        self.maxBytes = maxBytes
    }
}
