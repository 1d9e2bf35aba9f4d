/// Names one session anywhere in the cluster, so routing knows which node holds the socket.
///
/// A session ID is unique cluster-wide; the node is where the session's socket lives.
package struct PresenceID: Hashable, Sendable {
    package var node: String
    package var sessionID: String

    package init(node: String, sessionID: String) {
        self.node = node
        self.sessionID = sessionID
    }
}
