/// Where a node's gossip socket listens, so the core can name a datagram's destination without knowing
/// about sockets.
///
/// Two addresses are the same node endpoint exactly when host and port are equal.
package struct NodeAddress: Hashable, Sendable, CustomStringConvertible {
    package var host: String
    package var port: UInt16

    package init(host: String, port: UInt16) {
        self.host = host
        self.port = port
    }

    package var description: String { "\(host):\(port)" }
}
