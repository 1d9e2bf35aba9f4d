/// Comparison of secrets (signatures, hashes, keys) whose running time does not reveal where they differ.
///
/// The time depends only on the lengths; unequal lengths compare false.
package enum ConstantTime {
    package static func equals(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for (left, right) in zip(a, b) { difference |= left ^ right }
        return difference == 0
    }
}
