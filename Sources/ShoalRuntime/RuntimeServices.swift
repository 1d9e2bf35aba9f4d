import ShoalCore
import ShoalJSON
import ShoalProtocol

/// The server functions module code reaches through `nk` that need the database or the node's sessions:
/// the language-neutral half of the `nk` API. One instance per worker (it uses that worker's connection);
/// language bindings (Lua, plugins) call it and convert values.
package protocol RuntimeServices: AnyObject, RuntimeGroupServices {
    /// The node's realtime streams (`nk.stream_*`).
    var streams: any RealtimeStreams { get }

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

    /// Applies wallet changesets in one transaction; updates of unknown users are skipped (no result). A balance
    /// that would go negative or overflow fails the whole call and changes nothing.
    func walletUpdates(_ updates: [WalletUpdate], updateLedger: Bool) throws(RuntimeError) -> [WalletUpdateResult]
    /// A user's wallet ledger, newest first; the cursor is nil when nothing follows.
    func walletLedgerList(_ user: UserID, limit: Int, cursor: WalletLedgerCursor?)
        throws(RuntimeError) -> (items: [WalletLedgerItem], cursor: WalletLedgerCursor?)
    /// Merges metadata (a JSON object's text) into a ledger item; NOT_FOUND when there is no such item.
    func walletLedgerUpdate(id: UUIDValue, metadata: String) throws(RuntimeError) -> WalletLedgerItem
    /// Storage objects that exist, regardless of permissions (system-owned ones under `UserID.system`).
    func storageRead(_ ids: [StorageObjectID]) throws(RuntimeError) -> [StorageObject]
    /// Writes every object or none, bypassing permissions; acks in input order.
    func storageWrite(_ writes: [StorageWrite]) throws(RuntimeError) -> [StorageObjectAck]
    /// Deletes every object or none, bypassing permissions; a missing object without a version is skipped.
    func storageDelete(_ ids: [StorageObjectID]) throws(RuntimeError)
    /// A page of a collection (of one owner when `owner` is set); with `caller`, only what that user may see.
    func storageList(owner: UserID?, collection: String, limit: Int, cursor: String, caller: UserID?)
        throws(RuntimeError) -> StorageObjectList
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
    /// Stores a chat message from module code (`persist`), or updates (code 1) / removes (code 2) a stored one.
    func channelMessageWrite(_ message: ChannelMessage, persist: Bool) throws(RuntimeError) -> ChannelMessage
}
