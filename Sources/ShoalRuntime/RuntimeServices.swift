import ShoalCore
import ShoalJSON
import ShoalProtocol

/// The server functions module code reaches through `nk` that need the database or the node's sessions:
/// the language-neutral half of the `nk` API. One instance per worker (it uses that worker's connection);
/// language bindings (Lua, plugins) call it and convert values.
package protocol RuntimeServices: AnyObject, RuntimeGroupServices {
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
}
