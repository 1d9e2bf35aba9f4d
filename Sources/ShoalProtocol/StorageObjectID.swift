import ShoalCore
import ShoalJSON

/// Names one object to read or delete: collection, key and owner (`UserID.system` for system-owned
/// objects), plus the version a conditional delete requires (empty: any).
package struct StorageObjectID: Sendable, Equatable {
    package var collection: String
    package var key: String
    package var userID: UserID
    package var version: String

    package init(collection: String, key: String, userID: UserID, version: String = "") {
        self.collection = collection
        self.key = key
        self.userID = userID
        self.version = version
    }

    /// The `object_ids` of a read or delete request. An id without `user_id` names a system-owned object
    /// unless `owner` is given (client deletes always act on the caller's objects).
    package static func decodeList(from message: WireInput, owner: UserID? = nil) throws(APIError) -> [StorageObjectID] {
        try StorageObjectID.messages(message, "object_ids").map { (item) throws(APIError) in
            var userID = owner ?? .system
            if owner == nil, let text = try item.string("user_id"), !text.isEmpty {
                guard let parsed = UserID(text) else {
                    throw APIError(.invalidArgument, "Invalid user id - make sure user id is a valid UUID.")
                }
                userID = parsed
            }
            return StorageObjectID(
                collection: try item.string("collection") ?? "", key: try item.string("key") ?? "", userID: userID,
                version: try item.string("version") ?? "")
        }
    }

    /// A repeated message field.
    static func messages(_ message: WireInput, _ name: String) throws(APIError) -> [WireInput] {
        guard let value = message.value(name) else { return [] }
        guard case .array(let items) = value else {
            throw APIError(.invalidArgument, "Invalid value for field '\(name)': expected a list of objects.")
        }
        var out: [WireInput] = []
        for item in items {
            guard case .object(let object) = item else {
                throw APIError(.invalidArgument, "Invalid value for field '\(name)': expected a list of objects.")
            }
            out.append(WireInput(object))
        }
        return out
    }
}
