import ShoalCore
import ShoalJSON

/// A presence stream as module code names it (`{mode, subject, subcontext, label}`, runtime.md §2.12).
package struct RuntimeStream: Sendable, Hashable {
    package var mode: Int
    package var subject: String
    package var subcontext: String
    package var label: String

    package init(mode: Int, subject: String = "", subcontext: String = "", label: String = "") {
        self.mode = mode
        self.subject = subject
        self.subcontext = subcontext
        self.label = label
    }
}

/// One presence on a stream, as `nk.stream_user_list/get` return it.
package struct StreamPresence: Sendable, Equatable {
    package var userID: String
    package var sessionID: String
    package var node: String
    package var username: String
    package var hidden: Bool
    package var persistence: Bool
    package var status: String?

    package init(
        userID: String, sessionID: String, node: String, username: String, hidden: Bool, persistence: Bool,
        status: String?
    ) {
        self.userID = userID
        self.sessionID = sessionID
        self.node = node
        self.username = username
        self.hidden = hidden
        self.persistence = persistence
        self.status = status
    }
}

/// The node's realtime streams as module code reaches them (`nk.stream_*`): joins, leaves and sends act on
/// connected sessions. Callable from any worker thread; implementations hop to the loop that owns sockets.
package protocol RealtimeStreams: Sendable {
    /// Adds a connected session to a stream; false when it already was there. Unknown session → error.
    func join(_ stream: RuntimeStream, user: UserID, session: String, hidden: Bool, persistence: Bool, status: String?)
        throws(RuntimeError) -> Bool
    /// Changes a session's presence meta on a stream (joining it if needed); false when it already was there.
    func update(_ stream: RuntimeStream, user: UserID, session: String, hidden: Bool, persistence: Bool, status: String?)
        throws(RuntimeError) -> Bool
    func leave(_ stream: RuntimeStream, user: UserID, session: String) throws(RuntimeError)
    func list(_ stream: RuntimeStream, includeHidden: Bool, includeNotHidden: Bool) -> [StreamPresence]
    func get(_ stream: RuntimeStream, user: UserID, session: String) -> StreamPresence?
    func count(_ stream: RuntimeStream) -> Int
    /// Removes every presence; members get no event (as in Nakama).
    func close(_ stream: RuntimeStream)
    /// `stream_data` to the stream's members (or the given sessions).
    func send(_ stream: RuntimeStream, data: String, to sessions: [String]?, reliable: Bool)
    /// A raw envelope (a JSON object) to the stream's members (or the given sessions).
    func sendRaw(_ stream: RuntimeStream, envelope: JSON, to sessions: [String]?)
}

/// Streams where nothing is connected (a check run, a node without a socket listener).
package struct NoRealtimeStreams: RealtimeStreams {
    package init() {}
    package func join(_ stream: RuntimeStream, user: UserID, session: String, hidden: Bool, persistence: Bool, status: String?)
        throws(RuntimeError) -> Bool
    { throw RuntimeError(.notFound, "session not found") }
    package func update(_ stream: RuntimeStream, user: UserID, session: String, hidden: Bool, persistence: Bool, status: String?)
        throws(RuntimeError) -> Bool
    { throw RuntimeError(.notFound, "session not found") }
    package func leave(_ stream: RuntimeStream, user: UserID, session: String) throws(RuntimeError) {}
    package func list(_ stream: RuntimeStream, includeHidden: Bool, includeNotHidden: Bool) -> [StreamPresence] { [] }
    package func get(_ stream: RuntimeStream, user: UserID, session: String) -> StreamPresence? { nil }
    package func count(_ stream: RuntimeStream) -> Int { 0 }
    package func close(_ stream: RuntimeStream) {}
    package func send(_ stream: RuntimeStream, data: String, to sessions: [String]?, reliable: Bool) {}
    package func sendRaw(_ stream: RuntimeStream, envelope: JSON, to sessions: [String]?) {}
}
