/// Why a node refused to start; the CLI prints the message and exits 1.
package struct NodeError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}
