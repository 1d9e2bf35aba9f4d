import ShoalCore

/// Why the runtime is calling into module code; Nakama's `ctx.execution_mode` strings.
package enum ExecutionMode: String, Sendable {
    case runOnce = "run_once"
    case rpc
    case before
    case after
    case match
    case matchmaker
    case leaderboardReset = "leaderboard_reset"
    case tournamentReset = "tournament_reset"
    case tournamentEnd = "tournament_end"
    case shutdown
    case event
}

/// What module code learns about the call it serves (Nakama's `ctx` table, runtime.md §3.1).
/// Optional fields are absent from the Lua table when nil.
package struct RuntimeContext: Sendable, Equatable {
    package var executionMode: ExecutionMode
    package var node: String
    package var env: [String: String]
    package var headers: [String: [String]] = [:]
    package var queryParams: [String: [String]] = [:]
    package var userID: UserID?
    package var username: String?
    package var vars: [String: String]?
    package var userSessionExp: Int64?
    package var sessionID: String?
    package var lang: String?
    package var clientIP: String?
    package var clientPort: String?
    package var traceID: String?

    package init(executionMode: ExecutionMode, node: String, env: [String: String]) {
        self.executionMode = executionMode
        self.node = node
        self.env = env
    }
}
