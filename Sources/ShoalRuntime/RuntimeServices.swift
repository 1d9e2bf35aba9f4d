import ShoalCore
import ShoalJSON
import ShoalProtocol

/// The server functions module code reaches through `nk` that need the database or the node's sessions:
/// the language-neutral half of the `nk` API. One instance per worker (it uses that worker's connection);
/// language bindings (Lua, plugins) call it and convert values.
package protocol RuntimeServices: AnyObject {
    /// Rows of a query, each column converted: integers, floats, booleans, text; timestamps as Unix seconds.
    func sqlQuery(_ sql: String, _ parameters: [JSON]) throws(RuntimeError) -> [[(column: String, value: JSON)]]
    /// Rows affected by a statement.
    func sqlExec(_ sql: String, _ parameters: [JSON]) throws(RuntimeError) -> Int

    /// Finds or creates the user owning an identity, exactly as the REST authenticate calls do.
    func authenticate(_ kind: IdentityKind, id: String, password: String, username: String, create: Bool)
        throws(RuntimeError) -> (user: UserID, username: String, created: Bool)
    /// A session token for a user, as if they had authenticated; `expiresAt` nil means the configured lifetime.
    func generateToken(user: UserID, username: String, expiresAt: Int64?, vars: [String: String])
        throws(RuntimeError) -> (token: String, expiresAt: Int64)

    /// `api.User` messages for the ids and usernames that exist.
    func users(ids: [UserID], usernames: [String]) throws(RuntimeError) -> [User]
    /// The `api.Account` message of a user.
    func account(_ user: UserID) throws(RuntimeError) -> Account
    func updateAccount(_ user: UserID, _ update: AccountUpdate, metadata: String?) throws(RuntimeError)

    // MARK: Friends, notifications, chat history

    /// A user's friends by state then age; `limit` 1–1000, `state` 0–3 or nil, `cursor` from a previous page.
    func friendsList(_ user: UserID, limit: Int, state: Int?, cursor: String?) throws(RuntimeError)
        -> (friends: [Friend], cursor: String?)
    /// Adds (or accepts) friends by id and username as `user`, exactly as `POST /v2/friend` does.
    func friendsAdd(_ user: UserID, username: String, ids: [String], usernames: [String], metadata: String?)
        throws(RuntimeError)
    func friendsDelete(_ user: UserID, username: String, ids: [String], usernames: [String]) throws(RuntimeError)
    func friendsBlock(_ user: UserID, username: String, ids: [String], usernames: [String]) throws(RuntimeError)
    /// Stores the persistent notifications and pushes all of them to connected sessions.
    func notificationsSend(_ notifications: [NotificationRecord]) throws(RuntimeError)
    /// Sends one notification to every user, in bounded batches.
    func notificationSendAll(subject: String, content: String, code: Int, persistent: Bool) throws(RuntimeError)
    /// One page of a channel's history (no membership check: module code reads any channel).
    func channelMessagesList(_ channelID: String, limit: Int, forward: Bool, cursor: String?) throws(RuntimeError)
        -> ChannelMessagePage
}
